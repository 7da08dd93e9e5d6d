"""Shared test fixtures: paths to the bundled samples and the gold files."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_tui_support import write_corpus

from store.corpus.index import CACHE_ENV
from tui.session.user_state import STATE_ENV

ROOT = Path(__file__).resolve().parent.parent
SEEDEVAL = ROOT / "tests" / "seedeval"


@pytest.fixture
def sample_dir() -> Path:
    """The bundled sample articles (raw dumps)."""
    return ROOT / "sample_data"


@pytest.fixture(autouse=True)
def _index_cache_in_tmp(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Corpus index files and the remembered theme and reading positions of a test
    (and of its subprocesses) go to a temporary folder, never to the user's."""
    monkeypatch.setenv(CACHE_ENV, str(tmp_path_factory.mktemp("index-cache")))
    monkeypatch.setenv(STATE_ENV, str(tmp_path_factory.mktemp("state") / "state.json"))


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A folder of three short page dumps (see `test_tui_support.ARTICLES`)."""
    return write_corpus(tmp_path / "corpus")


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """The annotation file of the test (never the user's)."""
    return tmp_path / "annotations.json"
