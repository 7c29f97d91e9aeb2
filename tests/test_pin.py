"""Pinning, the lock file and atomic writes: nothing half-written, nothing lost."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

import claimkit
from claimkit._io import atomic_write
from claimkit._lock import Lock, read_lock
from claimkit._pin import lock_path, pin, write_lock
from claimkit.errors import LoadError


def test_pinning_the_seeds_records_every_span_and_every_source(
    seed_corpus: claimkit.Corpus,
) -> None:
    lock, problems = pin(seed_corpus)
    assert problems == []
    assert len(lock.hashes) == 5
    spans = sum(len(c.evidence) for c in seed_corpus.claims)
    assert len(lock.spans) == spans
    for claim, index, start, end in lock.spans:
        span = seed_corpus.claim(claim).evidence[index]
        assert span.source is not None
        text = seed_corpus.source(span.source).text
        found = claimkit.anchor(
            text, span.quote, prefix=span.prefix, suffix=span.suffix, occurrence=span.occurrence
        )
        assert (found.start, found.end) == (start, end)


def test_the_lock_text_is_stable_and_reads_back(seed_corpus: claimkit.Corpus) -> None:
    lock, _ = pin(seed_corpus)
    assert pin(seed_corpus)[0].to_json() == lock.to_json()
    assert read_lock(lock.to_json(), "claimkit.lock") == lock


@pytest.mark.parametrize(
    "text",
    ["{", '{"claimkit-lock": 2}', '{"claimkit-lock": 1, "spans": {"c#x": [1, 2]}}'],
)
def test_a_bad_lock_file_is_a_load_error(text: str) -> None:
    with pytest.raises(LoadError):
        read_lock(text, "claimkit.lock")


def test_a_pinned_corpus_uses_its_lock_and_detects_edits(tmp_path: Path) -> None:
    root = tmp_path / "seeds"
    shutil.copytree(Path(__file__).resolve().parent.parent / "seeds", root)
    corpus = claimkit.load(root)
    lock, _ = pin(corpus)
    write_lock(lock_path(corpus), lock)
    again = claimkit.load(root)
    assert again.lock == lock
    source = next(p for p in sorted(root.glob("*.txt")))
    source.write_text("An edited first line.\n" + source.read_text("utf-8"), encoding="utf-8")
    report = claimkit.check(claimkit.load(root), config=claimkit.Config(select=("CK0104",)))
    assert report.findings
    assert all(f.code == "CK0104" for f in report.findings)


def test_an_atomic_write_replaces_the_whole_file(tmp_path: Path) -> None:
    path = tmp_path / "f.txt"
    path.write_text("old", encoding="utf-8")
    atomic_write(path, "new text")
    assert path.read_text("utf-8") == "new text"
    assert [p.name for p in tmp_path.iterdir()] == ["f.txt"]


def test_an_atomic_write_of_pieces_writes_them_in_order(tmp_path: Path) -> None:
    path = tmp_path / "report.json"
    path.write_text("old", encoding="utf-8")
    atomic_write(path, iter(["{", '"a": ', "1", "}\n"]))
    assert path.read_text("utf-8") == '{"a": 1}\n'
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]


def test_a_write_of_pieces_that_fails_half_way_leaves_the_old_file_intact(
    tmp_path: Path,
) -> None:
    path = tmp_path / "report.json"
    path.write_text("old report", encoding="utf-8")

    def pieces() -> Iterator[str]:
        yield "the first half"
        raise RuntimeError("the check was interrupted")

    with pytest.raises(RuntimeError, match="interrupted"):
        atomic_write(path, pieces())
    assert path.read_text("utf-8") == "old report"
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]


def test_an_interrupted_write_leaves_the_old_file_intact(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "claimkit.lock"
    path.write_text("old lock", encoding="utf-8")

    def fail(*_args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError, match="disk full"):
        write_lock(path, Lock.build({"a": "0" * 64}, {("c", 0): (1, 2)}))
    assert path.read_text("utf-8") == "old lock"
    assert [p.name for p in tmp_path.iterdir()] == ["claimkit.lock"]
