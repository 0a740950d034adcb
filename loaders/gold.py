"""Write extractions in the gold format of ANNOTATION.md (readable by ``score.py``)."""

from __future__ import annotations

from typing import Any

from ..model import Extraction

__all__ = ["to_gold"]


def to_gold(extraction: Extraction, document_name: str, explain: bool = False) -> dict[str, Any]:
    """One gold-format record; a relation appears once per distinct modality with the
    first supporting quote, and negated relations keep ``"modality": "negated"``."""
    names = {e.id: e.name for e in extraction.entities}
    relations = []
    for r in extraction.relations:
        by_modality: dict[str, Any] = {}
        for ev in r.evidence:
            by_modality.setdefault(ev.modality, ev)
        for modality, ev in sorted(by_modality.items()):
            rec = {"source": names.get(r.source, r.source), "type": r.type,
                   "target": names.get(r.target, r.target), "modality": modality,
                   "evidence": ev.sentence}
            if explain:
                rec["trigger"] = ev.trigger
                rec["confidence"] = ev.confidence
                rec["offsets"] = [ev.start, ev.end]
            relations.append(rec)
    out: dict[str, Any] = {
        "document": document_name,
        "entities": [{"name": e.name, "type": e.type, "aliases": list(e.aliases)}
                     for e in extraction.entities],
        "relations": relations,
    }
    if explain:
        out["problems"] = [p.to_dict() for p in extraction.problems]
    return out
