"""The mark that spares the JSON writer a walk over every finding's details."""

from __future__ import annotations

import math
import pickle
from collections.abc import Iterator
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import claimkit
from claimkit import _report
from claimkit._baseline import apply_baseline
from claimkit._engine import Context
from claimkit._findings import Hit, Kind, Severity, _freeze
from claimkit._report import Report, _orjson_writes_alike
from claimkit._rules._registry import Rule

_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.sampled_from([1e-05, 9.99e-05, 0.0001, -0.0, math.nan, -math.inf])
    | st.text(max_size=4),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.lists(inner, max_size=3).map(tuple)
        | st.dictionaries(st.text(max_size=3), inner, max_size=3)
        | st.dictionaries(st.integers(), inner, max_size=3)
    ),
    max_leaves=10,
)


@given(st.dictionaries(st.text(max_size=4), _values, max_size=4))
def test_freezing_says_whether_orjson_writes_the_copy_as_json_does(
    details: dict[str, Any],
) -> None:
    frozen, alike = _freeze(details)
    assert alike == _orjson_writes_alike(frozen)


def test_a_hit_carries_the_mark_outside_its_fields() -> None:
    plain = Hit(kind=Kind.PASS, message="m", details={"n": [1, "a", {"b": 0.5}]})
    odd = Hit(kind=Kind.PASS, message="m", details={"n": [{"b": 1e-05}]})
    assert plain._details_alike is True
    assert odd._details_alike is False
    assert "_details_alike" not in attrs.asdict(plain)
    assert plain == Hit(kind=Kind.PASS, message="m", details={"n": [1, "a", {"b": 0.5}]})


def _rule(details: dict[str, Any]) -> Rule:
    def function(context: Context) -> Iterator[Hit]:
        yield Hit(kind=Kind.REVIEW, message="x", details=details)

    return Rule(
        code="CK9901",
        name="test.details",
        severity=Severity.WARNING,
        summary="s",
        rationale="r",
        example="",
        fixed="",
        function=function,
    )


@pytest.fixture
def walks(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """The details the writer walks to learn whether orjson writes them as json does."""
    seen: list[Any] = []

    def counting(value: Any) -> bool:
        seen.append(value)
        return _orjson_writes_alike(value)

    monkeypatch.setattr(_report, "_orjson_writes_alike", counting)
    return seen


def test_a_checked_report_is_written_without_walking_the_details(walks: list[Any]) -> None:
    report = claimkit.check(claimkit.load("seeds"))
    assert getattr(report, "_details_alike", False)
    text = report.to_json()
    assert not [value for value in walks if any(value is f.details for f in report.findings)]
    # Unmarked (evolve drops the mark), the same report is walked and written alike.
    unmarked = attrs.evolve(report)
    assert not getattr(unmarked, "_details_alike", False)
    assert unmarked.to_json() == text
    assert walks


def test_a_float_orjson_writes_otherwise_leaves_the_report_unmarked(walks: list[Any]) -> None:
    corpus = claimkit.load("seeds")
    report = claimkit.check(corpus, rules=[_rule({"tiny": 1e-05, "nan": math.nan})])
    assert not getattr(report, "_details_alike", False)
    text = report.to_json()
    assert '"tiny": 1e-05' in text and '"nan": NaN' in text
    assert walks


def test_baselines_keep_the_mark_and_pickles_drop_it() -> None:
    report = claimkit.check(claimkit.load("seeds"))
    dropped = {report.findings[0].fingerprint}
    kept = apply_baseline(report, frozenset(dropped))
    assert getattr(kept, "_details_alike", False)
    assert len(kept.findings) == len(report.findings) - 1
    copy = pickle.loads(pickle.dumps(attrs.evolve(report, rules=())))
    assert isinstance(copy, Report)
    assert not getattr(copy, "_details_alike", False)
    assert copy.to_json() == report.to_json()
