"""Loaders: documents from disk, and extractors that turn them into graph records."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from .base import Extractor
from .files import load_paths, parse_header, read_document
from .gold import to_gold

if TYPE_CHECKING:
    from ..schema import Schema

__all__ = ["Extractor", "load_paths", "parse_header", "read_document", "to_gold",
           "default_extractor"]


def default_extractor(schema: Schema | None = None,
                      aliases: str | Path | None = None) -> Extractor:
    """The best available extractor for the schema and an optional user alias file.

    The result is picklable (worker processes rebuild the spaCy model lazily), so
    ``loaders.parallel`` can ship it or rebuild it from (schema path, aliases path)."""
    from .spacy_extractor import SpacyExtractor

    return SpacyExtractor(schema=schema, aliases=aliases)
