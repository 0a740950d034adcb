"""The extraction pipeline: one module per stage over a typed per-document context.

See :mod:`.pipeline` for the stages in order; :mod:`ergraph.loaders.spacy_extractor` is
the public facade (``SpacyExtractor``, ``load_nlp``).
"""

from .context import Candidate, DocContext, EntKey, MentionDraft
from .lexicon import Lexicon
from .pipeline import STAGES, run

__all__ = ["Candidate", "DocContext", "EntKey", "Lexicon", "MentionDraft", "STAGES", "run"]
