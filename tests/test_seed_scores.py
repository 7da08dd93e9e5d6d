"""The parser against the gold files of the five samples, scored by the shared script."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

SEEDEVAL = Path(__file__).parent / "seedeval"
MARGINALIA = Path(sys.executable).with_name("marginalia")


@pytest.fixture(scope="module")
def scores() -> dict[str, float]:
    run = subprocess.run(
        [
            sys.executable,
            str(SEEDEVAL / "eval" / "score_seeds.py"),
            "--",
            str(MARGINALIA),
            "parse",
            "--json",
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    line = run.stdout.strip().splitlines()[-1]
    assert line.startswith("SCORE"), run.stdout + run.stderr
    out: dict[str, float] = {}
    for key, value in re.findall(r"(\w+)=([\d./]+)", line):
        if "/" in value:
            num, den = value.split("/")
            out[key] = int(num)
            out[key + "_of"] = int(den)
        else:
            out[key] = float(value)
    return out


def test_body(scores: dict[str, float]) -> None:
    assert scores["body_f1"] >= 0.98
    assert scores["junk_kept"] <= 3 and scores["junk_kept_of"] == 100
    assert scores["body_lost"] <= 1 and scores["body_lost_of"] == 136


def test_metadata(scores: dict[str, float]) -> None:
    assert (scores["title"], scores["source"], scores["date"]) == (5, 5, 5)


def test_quotes_and_speakers(scores: dict[str, float]) -> None:
    assert scores["quote_f1"] >= 0.97
    assert scores["speaker_acc"] >= 0.95
