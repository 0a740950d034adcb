"""Loaders: documents from disk, and extractors that turn them into graph records."""

from __future__ import annotations

from .base import Extractor
from .files import load_paths, parse_header, read_document
from .gold import to_gold

__all__ = ["Extractor", "load_paths", "parse_header", "read_document", "to_gold",
           "default_extractor"]


def default_extractor(schema=None, aliases=None):  # type: ignore[no-untyped-def]
    """The best available extractor for the schema (and an optional user alias file)."""
    from .spacy_extractor import SpacyExtractor

    return SpacyExtractor(schema=schema)
