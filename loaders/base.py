"""The extractor interface: a document in, an :class:`~ergraph.model.Extraction` out."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Protocol, runtime_checkable

from ..model import Document, Extraction

__all__ = ["Extractor"]


@runtime_checkable
class Extractor(Protocol):
    """Finds entities, mentions, relations (with evidence) and problems in documents.

    Implementations must be deterministic and must never turn a negated statement into
    positive evidence: negation is recorded as ``modality="negated"``."""

    #: recorded on every piece of evidence this extractor produces
    name: str

    def extract(self, document: Document) -> Extraction: ...

    def extract_many(self, documents: Iterable[Document]) -> Iterator[Extraction]:
        """Extract a stream of documents (batched internally); order is preserved."""
        ...
