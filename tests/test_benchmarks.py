"""The benchmark corpus generator makes a valid corpus whose planted conflicts are found.

Not a timed test: the figures come from `python benchmarks/run.py` (docs/performance.md).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import claimkit
from conftest import generator

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("bench") / "200"
    generator().generate(out, claims=200, seed=0)
    return out


def test_the_generator_writes_the_number_of_claims_asked_for(generated: Path) -> None:
    corpus = claimkit.load(generated / "corpus")
    manifest = json.loads((generated / "manifest.json").read_text("utf-8"))
    assert len(corpus.claims) == manifest["claims"] == 200
    assert len(corpus.sources) == manifest["sources"]
    assert list((generated / "corpus" / "claims").glob("*.jsonl"))


def test_every_quote_of_the_generated_corpus_is_found_once(generated: Path) -> None:
    report = claimkit.check(claimkit.load(generated / "corpus"))
    provenance = [f for f in report.findings if f.code.startswith("CK01")]
    assert provenance == []


def test_the_planted_conflicts_are_exactly_the_date_conflicts_found(generated: Path) -> None:
    manifest = json.loads((generated / "manifest.json").read_text("utf-8"))
    report = claimkit.check(claimkit.load(generated / "corpus"))
    found = {f.details["event"] for f in report.findings if f.code == "CK0301"}
    assert manifest["planted"]
    assert found == set(manifest["planted"])


def test_the_generated_corpus_has_no_other_error(generated: Path) -> None:
    report = claimkit.check(claimkit.load(generated / "corpus"))
    others = [f for f in report.failing() if f.code != "CK0301"]
    assert others == []


def test_the_same_seed_gives_the_same_bytes(tmp_path: Path) -> None:
    generate = generator().generate
    generate(tmp_path / "a", claims=50, seed=3)
    generate(tmp_path / "b", claims=50, seed=3)
    files = sorted(
        p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*") if p.is_file()
    )
    for name in files:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
