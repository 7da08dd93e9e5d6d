"""Shared test fixtures: paths to the bundled samples and the gold files."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDEVAL = ROOT / "tests" / "seedeval"


@pytest.fixture
def sample_dir() -> Path:
    """The bundled sample articles (raw dumps)."""
    return ROOT / "sample_data"
