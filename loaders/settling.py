"""An entity the store already has keeps its type when a new document names it.

A document often names someone by a single word the language model cannot type on its
own: "Butina met Torshin in Moscow" gives two organisations, and a surname that is also a
city ("Lyon said ...") is dropped as a place. Another document may have introduced them
("Maria Butina, a Russian gun-rights activist"). The extractor records every such one-word
name as an *open name* of its document (:class:`~ergraph.model.OpenName`: the key, the type
its mention had in the end or "" for none, and the store's type it was told, if any) and
the store keeps them with the document.

The *answer* for a key is the one type of the entities named in two words or more that go
by it, in the store or earlier in this run (:meth:`.linking.EntityLinker.known_type`); a
key two types go by has none. One-word-named entities never answer: their type may be an
answer themselves, and then the result would depend on which document came first.

:class:`TypeSettler` makes every document agree with the answers, whatever the order:

- *forward*: an extraction that disagrees with the answers (it was told another answer
  for an open name, or none while its text ended with another type) is extracted again,
  told the answers, before it is linked and written;
- *backward*: after the run, the stored documents that left open a key this run's
  entities go by are looked at again, and each that disagrees now is extracted again from
  its stored text and replaced (``delete_document`` + ``write``). What a replacement
  brings may settle further documents; this repeats a few rounds at most.

So "Butina" in a document ingested before or after the one naming Maria Butina ends up
as the same person. Known limits: the answers come from names and aliases (a full name
the store only ever saw whole, never by its surname, answers nothing for the surname); a
one-word entity whose type the text did decide ("Rusal, the aluminium company") answers
nothing either; documents imported from an export (``ergraph import``) have no open names
stored, so later documents do not settle them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..graph.base import GraphStore
from ..model import Document, Extraction, OpenName, normalise_name
from .linking import EntityLinker, full_name
from .windows import failure, windowed

__all__ = ["TypeSettler", "disagrees"]

#: How many times a document is extracted again in one settling step, and how many
#: backward rounds a run makes: each pass can only follow from the previous one's new
#: entities, and in practice one is enough.
MAX_PASSES = 3


def disagrees(names: Iterable[OpenName], answers: dict[str, str]) -> bool:
    """Whether an extraction with these open names may change if told ``answers``: it was
    told another answer, or none and its text typed the name otherwise."""
    for n in names:
        answer = answers.get(n.key, "")
        if answer != n.told and not (not n.told and answer == n.own):
            return True
    return False


class TypeSettler:
    """Brings extractions and stored documents in line with the store's answers.

    ``extractor`` is what a document is extracted again with; an extractor that cannot be
    told answers (no ``with_known``) makes this a no-op."""

    def __init__(self, store: GraphStore, linker: EntityLinker, extractor: Any) -> None:
        self.store = store
        self.linker = linker
        self.extractor = extractor if hasattr(extractor, "with_known") else None
        # keys of this run's entities named in two words or more: what may now answer
        # an open name of a document stored before
        self._answering: set[str] = set()

    def answers(self, names: Iterable[OpenName]) -> dict[str, str]:
        out = {}
        for key in {n.key for n in names}:
            found = self.linker.known_type(key)
            if found:
                out[key] = found
        return out

    def settle(self, ex: Extraction) -> Extraction:
        """``ex``, or the extraction of its document told the answers when they change it."""
        if self.extractor is None:
            return ex
        for _ in range(MAX_PASSES):
            if not ex.open_names:
                return ex
            answers = self.answers(ex.open_names)
            if not disagrees(ex.open_names, answers):
                return ex
            again = self._extract(ex.document, answers)
            if again is None:
                return ex
            ex = again
        return ex

    def note(self, ex: Extraction) -> None:
        """Remember what a written extraction's entities may answer."""
        for e in ex.entities:
            if full_name(e):
                self._answering.update(normalise_name(n) for n in e.names())

    def settle_stored(self, replace_document: Any) -> list[str]:
        """The backward step: ids of the stored documents extracted again and replaced,
        through ``replace_document(extraction)`` (the writer: link, delete the stored
        document, write the new extraction)."""
        if self.extractor is None:
            return []
        redone: list[str] = []
        for _ in range(MAX_PASSES):
            keys, self._answering = self._answering, set()
            if not keys:
                break
            for doc_id, names in sorted(self.store.open_name_documents(keys).items()):
                answers = self.answers(names)
                if not disagrees(names, answers):
                    continue
                again = self._extract(self.store.get_document(doc_id), answers)
                if again is not None:
                    replace_document(self.settle(again))
                    redone.append(doc_id)
        return sorted(set(redone))

    def _extract(self, document: Document, answers: dict[str, str]) -> Extraction | None:
        again = windowed(self.extractor.with_known(answers)).extract(document)
        return None if failure(again) is not None else again
