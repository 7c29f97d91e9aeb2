"""The cyclic garbage collector is paused while claimkit works, and restored as it was."""

from __future__ import annotations

import gc

import pytest

import claimkit
from claimkit import _report
from claimkit._gc import paused_gc
from claimkit._resolve import _Tags
from conftest import SEEDS


def test_the_collector_is_paused_in_the_block_and_restored_after() -> None:
    assert gc.isenabled()
    with paused_gc():
        assert not gc.isenabled()
        with paused_gc():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_the_collector_stays_off_after_the_block_when_it_was_off() -> None:
    gc.disable()
    try:
        with paused_gc():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_the_collector_is_restored_when_the_block_raises() -> None:
    with pytest.raises(KeyError), paused_gc():
        raise KeyError("x")
    assert gc.isenabled()


def test_loading_checking_and_writing_the_report_leave_the_collector_on(
    seed_corpus: claimkit.Corpus,
) -> None:
    claimkit.check(seed_corpus).to_json()
    claimkit.load(SEEDS)
    assert gc.isenabled()


def test_what_a_paused_block_allocated_is_in_the_oldest_generation_after_it() -> None:
    gc.collect()
    with paused_gc():
        kept = [[index] for index in range(10_000)]
    # Moved in one step: no young collection has to walk the lists one by one.
    assert gc.get_count()[0] < 1_000
    assert all(gc.is_tracked(item) for item in kept[:10])
    assert gc.get_freeze_count() == 0


def test_objects_the_program_froze_itself_stay_frozen_after_a_block() -> None:
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        with paused_gc():
            [[index] for index in range(100)]
        assert gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()


def test_the_report_is_built_with_the_collector_still_paused(
    seed_corpus: claimkit.Corpus, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Switched back on between the rules and the report, the collector would walk every
    # object of the check (a full collection: 7.9 s at a million claims) just before most
    # of them are freed.
    seen: list[bool] = []
    build = _report.Report.build.__func__  # type: ignore[attr-defined]

    def watched(cls: type[_report.Report], **parts: object) -> _report.Report:
        seen.append(gc.isenabled())
        result: _report.Report = build(cls, **parts)
        return result

    monkeypatch.setattr(_report.Report, "build", classmethod(watched))
    claimkit.check(seed_corpus)
    assert seen == [False]
    assert gc.isenabled()


def test_a_check_leaves_no_tagging_tables_for_the_collector(
    seed_corpus: claimkit.Corpus,
) -> None:
    # The tables of the check's own memory-only cache refer to the cache and it to them; the
    # check drops them itself, so that they go when it returns, not at some full collection.
    gc.collect()
    gc.disable()
    try:
        before = sum(1 for item in gc.get_objects() if type(item) is _Tags)
        claimkit.check(seed_corpus)  # leaves the collector off, as it found it
        after = sum(1 for item in gc.get_objects() if type(item) is _Tags)
    finally:
        gc.enable()
    assert after == before
