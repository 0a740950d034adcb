"""CLI commands of ergraph.api (registered by ergraph.cli)."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add this area's commands to the ergraph CLI."""
