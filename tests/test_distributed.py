"""Checking by partition, merged, gives the whole-corpus report byte for byte."""

from __future__ import annotations

from pathlib import Path

import pytest

import claimkit
from claimkit import _distributed
from conftest import generated_corpus

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> claimkit.Corpus:
    """A generated corpus of 200 claims, with undated sources and planted conflicts."""
    out = tmp_path_factory.mktemp("dist") / "200"
    return claimkit.load(generated_corpus(out, claims=200, seed=1))


def _partitioned(corpus: claimkit.Corpus, count: int) -> str:
    work = enumerate(_distributed.bundles(corpus, count))
    results = [_distributed.check_partition(corpus, ids, index=i) for i, ids in work]
    return _distributed.merge(corpus, results).to_json()


@pytest.mark.parametrize("count", [1, 2, 3])
def test_merged_bundles_of_the_seeds_equal_the_whole_report(
    seed_corpus: claimkit.Corpus, count: int
) -> None:
    assert _partitioned(seed_corpus, count) == claimkit.check(seed_corpus).to_json()


@pytest.mark.parametrize("count", [2, 4])
def test_merged_bundles_of_a_synthetic_corpus_equal_the_whole_report(
    synthetic: claimkit.Corpus, count: int
) -> None:
    assert _partitioned(synthetic, count) == claimkit.check(synthetic).to_json()


def test_every_claim_is_in_exactly_one_partition(synthetic: claimkit.Corpus) -> None:
    found = [ident for part in _distributed.partitions(synthetic) for ident in part]
    assert sorted(found) == sorted(c.id for c in synthetic.claims)


def test_claims_of_one_event_or_one_timeline_share_a_partition(
    seed_corpus: claimkit.Corpus,
) -> None:
    where = {i: n for n, part in enumerate(_distributed.partitions(seed_corpus)) for i in part}
    keys: dict[str, set[int]] = {}
    for claim in seed_corpus.claims:
        keys.setdefault(_distributed.partition_key(claim, seed_corpus), set()).add(where[claim.id])
        if claim.event:
            keys.setdefault(f"event:{claim.event}", set()).add(where[claim.id])
    assert all(len(parts) == 1 for parts in keys.values())


def test_bundles_are_deterministic_and_cover_the_corpus(synthetic: claimkit.Corpus) -> None:
    first = _distributed.bundles(synthetic, 3)
    assert first == _distributed.bundles(synthetic, 3)
    assert sorted(i for bundle in first for i in bundle) == sorted(c.id for c in synthetic.claims)


def test_merging_nothing_is_a_misuse(seed_corpus: claimkit.Corpus) -> None:
    with pytest.raises(ValueError, match="at least one bundle"):
        _distributed.merge(seed_corpus, [])


def test_dask_on_the_synchronous_scheduler_gives_the_whole_report(
    seed_corpus: claimkit.Corpus,
) -> None:
    pytest.importorskip("dask.bag")
    report = _distributed.check_dask(seed_corpus, npartitions=3, scheduler="synchronous")
    assert report.to_json() == claimkit.check(seed_corpus).to_json()
