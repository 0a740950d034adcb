"""Shared helpers for the extraction tests: run one text, read its edges by name."""

from __future__ import annotations

from typing import Any

from ergraph.model import Document, Extraction


def run(extractor: Any, text: str) -> Extraction:
    return extractor.extract(Document.from_text(text))


def edges(ex: Extraction) -> dict[tuple[str, str, str], set[str]]:
    """(source name, type, target name) -> modalities of its evidence."""
    names = {e.id: e.name for e in ex.entities}
    out: dict[tuple[str, str, str], set[str]] = {}
    for r in ex.relations:
        out.setdefault((names[r.source], r.type, names[r.target]), set()).update(
            ev.modality for ev in r.evidence)
    return out


def has(ex: Extraction, source: str, type_: str, target: str, symmetric: bool = False) -> set[str]:
    e = edges(ex)
    found = e.get((source, type_, target), set())
    if symmetric:
        found |= e.get((target, type_, source), set())
    return found


def entity(ex: Extraction, name: str) -> Any:
    return next((e for e in ex.entities if e.name == name), None)
