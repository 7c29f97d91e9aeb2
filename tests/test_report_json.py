"""The JSON report, written a chunk of findings at a time, is `json.dumps` of its data."""

from __future__ import annotations

import json
import math
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import claimkit
from claimkit import _report
from claimkit._findings import Finding, FindingLocation, Kind, Severity
from claimkit._report import Report

_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats()
    | st.sampled_from([1e-05, 9.99e-05, 0.0001, -0.0, math.nan, math.inf])
    | st.text(max_size=6),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=3)
    ),
    max_leaves=8,
)


def _finding(number: int, details: dict[str, Any], shared: FindingLocation) -> Finding:
    return Finding(
        code=f"CK0{number % 7}01",
        rule="x.y",
        severity=Severity.WARNING,
        kind=Kind.REVIEW,
        message=f"message {number} “quoted” \u2028",
        claims=(f"c{number}",),
        # Locations are shared between findings, as the engine shares a claim's.
        locations=(shared, FindingLocation(claim=f"c{number}", file="f.yaml", line=number)),
        details=details,
    )


def _expected(report: Report) -> str:
    return json.dumps(report.as_dict(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


@settings(max_examples=60, deadline=None)
@given(st.lists(st.dictionaries(st.text(max_size=4), _values, max_size=3), max_size=12))
@pytest.mark.parametrize("chunk", [1, 3, 512])
@pytest.mark.parametrize("orjson", [True, False])
def test_the_report_is_what_json_dumps_writes(
    chunk: int, orjson: bool, details: list[dict[str, Any]]
) -> None:
    shared = FindingLocation(claim="c", file="a.yaml", line=3, source="s", quote="q")
    findings = tuple(_finding(number, item, shared) for number, item in enumerate(details))
    report = Report(findings=findings, rules=(), claims=len(findings), sources=0)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_report, "_CHUNK", chunk)
        if not orjson:
            patch.setattr(_report, "_orjson", None)
        assert report.to_json() == _expected(report)


def test_the_seed_report_is_the_same_with_any_chunk_size(seed_corpus: claimkit.Corpus) -> None:
    report = claimkit.check(seed_corpus)
    expected = _expected(report)
    for chunk in (1, 2, 7, 512):
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(_report, "_CHUNK", chunk)
            assert report.to_json() == expected


def test_a_finding_as_data_keeps_its_key_order() -> None:
    shared = FindingLocation(claim="c")
    data = _finding(1, {"b": 1, "a": 2}, shared).as_dict()
    assert list(data) == [
        "code",
        "rule",
        "severity",
        "kind",
        "message",
        "claims",
        "locations",
        "details",
        "suppressed",
        "fingerprint",
    ]


def test_the_report_comes_in_pieces_that_join_to_the_whole_text(
    seed_corpus: claimkit.Corpus, monkeypatch: pytest.MonkeyPatch
) -> None:
    report = claimkit.check(seed_corpus)
    whole = report.to_json()
    monkeypatch.setattr(_report, "_CHUNK", 7)
    pieces = list(report.iter_json())
    # One piece for the opening, one per chunk of seven findings, separators, and the rest.
    assert len(pieces) >= len(report.findings) // 7
    assert "".join(pieces) == whole
    json.loads(whole)


@pytest.mark.parametrize("verbose", [False, True])
def test_the_text_report_comes_in_whole_lines_that_join_to_the_whole_text(
    seed_corpus: claimkit.Corpus, verbose: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    report = claimkit.check(seed_corpus)
    whole = claimkit.render_text(report, colour=True, verbose=verbose)
    monkeypatch.setattr(_report, "_TEXT_CHUNK", 7)
    pieces = list(_report.iter_text(report, colour=True, verbose=verbose))
    assert len(pieces) == -(-whole.count("\n") // 7)
    assert all(piece.endswith("\n") and piece.count("\n") <= 7 for piece in pieces)
    assert "".join(pieces) == whole
    assert whole.startswith("\x1b[1mclaimkit: ") and whole.endswith("(fail-on: error)\n")


def test_a_report_without_findings_comes_in_one_piece() -> None:
    report = Report(findings=(), rules=(), claims=0, sources=0)
    assert list(report.iter_json()) == [report.to_json()]
