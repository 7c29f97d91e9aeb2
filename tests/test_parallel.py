"""Checking in several processes (`--jobs`) gives the one-process report byte for byte."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import attrs
import pytest

import claimkit
from claimkit import _distributed
from claimkit.cli import main
from conftest import generated_corpus

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


@pytest.fixture(scope="module")
def synthetic_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated corpus of 300 claims, with undated sources and planted conflicts."""
    return generated_corpus(tmp_path_factory.mktemp("parallel") / "300", claims=300, seed=3)


@pytest.mark.parametrize("jobs", [1, 2, 3])
def test_checking_the_seeds_in_processes_gives_the_one_process_report(
    seed_corpus: claimkit.Corpus, jobs: int
) -> None:
    report = _distributed.check_parallel(seed_corpus, jobs=jobs)
    assert report.to_json() == claimkit.check(seed_corpus).to_json()


def test_checking_a_synthetic_corpus_in_two_processes_gives_the_one_process_report(
    synthetic_dir: Path,
) -> None:
    corpus = claimkit.load(synthetic_dir)
    report = _distributed.check_parallel(corpus, jobs=2)
    assert report.to_json() == claimkit.check(corpus).to_json()


def test_more_jobs_than_partitions_still_gives_the_one_process_report(
    seed_corpus: claimkit.Corpus,
) -> None:
    jobs = len(_distributed.partitions(seed_corpus)) + 5
    report = _distributed.check_parallel(seed_corpus, jobs=jobs)
    assert report.to_json() == claimkit.check(seed_corpus).to_json()


def test_the_cli_writes_the_same_json_report_with_two_jobs_as_with_one(
    synthetic_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    one, two = tmp_path / "one.json", tmp_path / "two.json"
    common = ["check", str(synthetic_dir), "--format", "json", "--exit-zero"]
    assert main([*common, "--jobs", "1", "-o", str(one)]) == 0
    assert main([*common, "--jobs", "2", "-o", str(two)]) == 0
    assert one.read_bytes() == two.read_bytes()


def test_the_cli_takes_zero_jobs_as_one_per_core(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "zero.json"
    assert (
        main(["check", str(SEEDS), "--format", "json", "--exit-zero", "-j", "0", "-o", str(out)])
        == 0
    )
    assert out.read_text("utf-8") == claimkit.check(claimkit.load(SEEDS)).to_json()


@pytest.mark.parametrize("value", ["-1", "two"])
def test_the_cli_refuses_a_number_of_jobs_that_is_not_a_count(
    value: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as raised:
        main(["check", str(SEEDS), "--jobs", value])
    assert raised.value.code == 2
    assert "not a number of processes" in capsys.readouterr().err


def test_bundles_given_the_shared_source_work_find_what_they_find_without_it(
    synthetic_dir: Path,
) -> None:
    corpus = claimkit.load(synthetic_dir)
    context = _distributed._undated(corpus)
    shared = _distributed.shared_work(corpus, context)
    for index, owned in enumerate(_distributed.bundles(corpus, 3)):
        alone = _distributed.check_partition(corpus, owned, index=index, context=context)
        given = _distributed.check_partition(
            corpus, owned, index=index, context=context, shared=shared
        )
        assert given.findings == alone.findings
        assert given.sources == alone.sources


def test_the_shared_source_dates_are_the_whole_corpus_check_s(synthetic_dir: Path) -> None:
    corpus = claimkit.load(synthetic_dir)
    shared = _distributed.shared_work(corpus)
    whole = claimkit.check(corpus)
    dated = {item.source: item.date for item in whole.sources_dated}
    assert {
        k: None if v.value is None else str(v.value)
        for k, v in shared.prepared.source_dates.items()
    } == dated


def test_a_bundle_result_packed_for_the_parent_unpacks_equal_field_for_field(
    synthetic_dir: Path,
) -> None:
    corpus = claimkit.load(synthetic_dir)
    owned = _distributed.bundles(corpus, 2)[0]
    result = _distributed.check_partition(corpus, owned)
    assert result.findings
    back = _distributed._unpack(_distributed._pack(result))
    assert back == result
    assert [f.details for f in back.findings] == [f.details for f in result.findings]
    assert [f.locations for f in back.findings] == [f.locations for f in result.findings]


def test_packing_names_every_field_of_a_finding_and_of_a_location() -> None:
    # A field added to Finding or FindingLocation must be added to the packing too, or the
    # parent would rebuild findings without it.
    assert tuple(f.name for f in attrs.fields(claimkit.Finding)) == _distributed._FINDING_FIELDS
    assert (
        tuple(f.name for f in attrs.fields(claimkit.FindingLocation))
        == _distributed._LOCATION_FIELDS
    )


def test_the_cli_splits_by_partition_only_when_asked(
    synthetic_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from claimkit import _engine, cli

    calls: list[int] = []
    real = _distributed.check_parallel

    def spy(corpus: claimkit.Corpus, *, jobs: int, **kwargs: object) -> claimkit.Report:
        calls.append(jobs)
        return real(corpus, jobs=jobs, **kwargs)  # type: ignore[arg-type]

    asked: list[int] = []
    check = _engine.check

    def spy_check(corpus: claimkit.Corpus, **kwargs: Any) -> claimkit.Report:
        asked.append(kwargs["processes"])
        return check(corpus, **kwargs)

    monkeypatch.setattr(_distributed, "check_parallel", spy)
    monkeypatch.setattr(_engine, "check", spy_check)
    # A corpus "large" for every threshold: every core, in one partition, never partitions.
    monkeypatch.setattr(cli, "RULE_PROCESSES_MIN_CLAIMS", 1)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    out = tmp_path / "auto.json"
    common = ["check", str(synthetic_dir), "--format", "json", "--exit-zero", "-o", str(out)]
    assert main(common) == 0
    assert (calls, asked) == ([], [2])
    assert out.read_text("utf-8") == claimkit.check(claimkit.load(synthetic_dir)).to_json()
    assert main([*common, "--jobs", "2"]) == 0
    assert (calls, asked) == ([2], [2])
    assert out.read_text("utf-8") == claimkit.check(claimkit.load(synthetic_dir)).to_json()


def test_checking_in_processes_writes_the_cache_one_process_writes_and_a_warm_one_is_used(
    synthetic_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from claimkit import _resolve
    from claimkit._resolve import CACHE_DIRECTORY, Cache

    one, two = tmp_path / "one", tmp_path / "two"
    for root in (one, two):
        shutil.copytree(synthetic_dir, root, ignore=shutil.ignore_patterns(CACHE_DIRECTORY))
    claimkit.check(claimkit.load(one), cache=Cache.open(one))
    single = claimkit.check(claimkit.load(two)).to_json()
    cold = Cache.open(two)
    parallel = _distributed.check_parallel(claimkit.load(two), jobs=2, cache=cold)
    assert parallel.to_json() == single
    written = two / CACHE_DIRECTORY / "resolve.json"
    assert written.read_bytes() == (one / CACHE_DIRECTORY / "resolve.json").read_bytes()
    assert cold.misses > 0

    def forbidden(*args: object, **kwargs: object) -> Any:
        raise AssertionError("called on a warm cache")

    # The forked workers inherit the patch: neither they nor the parent anchor or tag.
    monkeypatch.setattr(_resolve, "anchor", forbidden)
    monkeypatch.setattr(_resolve, "tag", forbidden)
    warm = Cache.open(two)
    again = _distributed.check_parallel(claimkit.load(two), jobs=2, cache=warm)
    assert again.to_json() == single
    assert warm.misses == 0
    assert warm.hits == cold.misses
