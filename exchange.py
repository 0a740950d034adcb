"""Exports and imports (GraphML, GEXF, CSV, Cypher, JSON lines)."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add export / import commands to the ergraph CLI."""
