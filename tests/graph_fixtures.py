"""Small graphs built from model objects, for tests that do not need spaCy."""

from __future__ import annotations

from ergraph.model import Document, Entity, Evidence, Extraction, Mention, Relation
from ergraph.schema import default_schema


def build_extraction(text: str, date: str | None, facts: list[tuple[str, str, str, str, str]],
                     types: dict[str, str], title: str = "") -> Extraction:
    """``facts`` are (source name, TYPE, target name, modality, sentence); ``types`` maps
    each name to its entity type. Every sentence must occur in ``text``."""
    schema = default_schema()
    doc = Document.from_text(text, title=title or text[:30], date=date)
    ents = {n: Entity.create(n, t) for n, t in types.items()}
    mentions = []
    for n, e in ents.items():
        i = doc.text.find(n)
        if i >= 0:
            mentions.append(Mention(e.id, doc.id, i, i + len(n), n))
    rels: dict[str, Relation] = {}
    for s, typ, t, modality, sentence in facts:
        start = doc.text.index(sentence)
        ev = Evidence("", doc.id, sentence, start, start + len(sentence), modality, "test", 0.9)
        r = Relation.create(ents[s].id, typ, ents[t].id,
                            symmetric=schema.relations[typ].symmetric, evidence=[ev])
        old = rels.get(r.id)
        rels[r.id] = r if old is None else Relation(old.id, old.source, old.type, old.target,
                                                    old.symmetric, old.evidence + r.evidence)
    return Extraction(doc, tuple(ents.values()), tuple(mentions), tuple(rels.values()))
