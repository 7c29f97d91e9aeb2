"""Progress: reported for every stage and rule; drawn on a terminal's stderr only."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import claimkit

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def test_check_reports_progress_for_each_stage_and_rule(seed_corpus: claimkit.Corpus) -> None:
    calls: list[tuple[str, int, int]] = []
    claimkit.check(seed_corpus, progress=lambda *call: calls.append(call))
    total = len(claimkit.registered_rules()) + 2
    assert [done for _, done, _ in calls] == list(range(total + 1))
    assert {t for _, _, t in calls} == {total}
    assert calls[0][0].startswith("resolving") and calls[-1][0] == "done"


def test_no_progress_is_written_when_stderr_is_not_a_terminal() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "claimkit", "check", str(SEEDS)], capture_output=True, text=True
    )
    assert done.returncode == 0
    assert done.stderr == ""


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")
def test_a_progress_line_is_drawn_and_erased_on_a_terminal() -> None:
    leader, follower = os.openpty()
    try:
        done = subprocess.run(
            [sys.executable, "-m", "claimkit", "check", str(SEEDS)],
            stdout=subprocess.PIPE,
            stderr=follower,
            text=True,
        )
        os.close(follower)
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:
                break
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(leader)
    drawn = b"".join(chunks).decode()
    assert done.returncode == 0
    assert "sources.near-duplicate" in drawn and "done" in drawn
    assert drawn.endswith("\r")
    assert "\r[" not in done.stdout
