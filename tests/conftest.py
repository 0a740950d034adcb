"""Shared fixtures. Paths to the user's development corpus live beside the repository."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not (SHARED / "corpus").is_dir():
        pytest.skip(f"the development corpus is not beside the repository ({SHARED})")
    return SHARED


@pytest.fixture(scope="session")
def extractor():
    """The real default extractor, built once per test session (loads spaCy once)."""
    from ergraph.loaders import default_extractor

    return default_extractor()
