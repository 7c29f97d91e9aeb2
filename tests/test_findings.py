"""A hit's details are copied as the JSON round trip would give them back, without the text."""

from __future__ import annotations

import datetime
import enum
import hashlib
import json
import math
import sys
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from claimkit import Hit, Kind
from claimkit._dates import PartialDate
from claimkit._findings import (
    Finding,
    FindingLocation,
    Severity,
    _freeze_details,
    sort_findings,
)


class Colour(str, enum.Enum):
    RED = "red"


class Rank(enum.IntEnum):
    FIRST = 1


def round_trip(details: dict[str, Any]) -> Any:
    return json.loads(json.dumps(details, sort_keys=True, default=str))


def same(left: Any, right: Any) -> bool:
    """Equal, of exactly the same types all the way down, and in the same key order."""
    if type(left) is not type(right):
        return False
    if isinstance(left, dict):
        return list(left) == list(right) and all(same(left[k], right[k]) for k in left)
    if isinstance(left, list):
        return len(left) == len(right) and all(map(same, left, right))
    if isinstance(left, float) and math.isnan(left):
        return math.isnan(right)
    return bool(left == right)


scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.text(max_size=8),
    st.sampled_from([Colour.RED, Rank.FIRST, PartialDate.parse("2019-08")]),
    st.dates(),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.lists(inner, max_size=4).map(tuple),
        st.dictionaries(st.text(max_size=6), inner, max_size=4),
        st.dictionaries(st.integers(), inner, max_size=4),
        st.dictionaries(st.booleans() | st.none(), inner, max_size=3),
    ),
    max_leaves=20,
)


@given(st.dictionaries(st.text(max_size=6), values, max_size=5))
def test_frozen_details_are_what_the_json_round_trip_gives(details: dict[str, Any]) -> None:
    try:
        expected = round_trip(details)
    except TypeError:
        # Keys that cannot be sorted together (None and False): refused alike.
        with pytest.raises(TypeError):
            _freeze_details(details)
        return
    assert same(_freeze_details(details), expected)


@given(st.dictionaries(st.floats(allow_nan=False), st.integers(), max_size=4))
def test_float_keys_are_written_as_json_writes_them(details: dict[Any, Any]) -> None:
    assert same(_freeze_details(details), round_trip(details))


def test_values_json_cannot_hold_become_their_strings() -> None:
    details = {"day": datetime.date(2019, 8, 7), "set": {1}, "date": PartialDate.parse("2019")}
    assert _freeze_details(details) == {"date": "2019", "day": "2019-08-07", "set": "{1}"}


def test_keys_json_cannot_hold_are_refused_as_json_refuses_them() -> None:
    with pytest.raises(TypeError):
        round_trip({(1, 2): "pair"})  # type: ignore[dict-item]
    with pytest.raises(TypeError):
        _freeze_details({(1, 2): "pair"})  # type: ignore[dict-item]


def test_a_hit_keeps_a_sorted_copy_of_its_details_not_the_caller_s_objects() -> None:
    nested = {"b": [1, (2, 3)], "a": "x"}
    hit = Hit(kind=Kind.FAIL, message="m", details={"z": nested, "a": 1})
    assert list(hit.details) == ["a", "z"]
    assert list(hit.details["z"]) == ["a", "b"]
    assert hit.details["z"]["b"] == [1, [2, 3]]
    nested["a"] = "changed"
    assert hit.details["z"]["a"] == "x"


def test_a_location_as_data_is_what_attrs_asdict_gives() -> None:
    location = FindingLocation(claim="a", file="f.yaml", line=3, source="s", start=1, end=4)
    assert location.as_dict() == attrs.asdict(location)
    assert list(location.as_dict()) == [field.name for field in attrs.fields(FindingLocation)]


def test_equal_strings_of_the_details_of_successive_hits_are_kept_once() -> None:
    # Built at run time, so that the two are equal strings but not the same object.
    first, second = "-".join(["2019", "01", "01"]), "-".join(["2019", "01", "01"])
    assert first is not second
    one = Hit(kind=Kind.PASS, message="m", details={"range": [first], "day": first})
    two = Hit(kind=Kind.PASS, message="m", details={"range": [second], "day": second})
    assert two.details["range"][0] is one.details["range"][0]
    assert two.details["day"] is one.details["day"]


def test_the_table_of_shared_strings_stays_small() -> None:
    from claimkit._findings import _SHARED, _SHARED_MAX

    for number in range(3 * _SHARED_MAX):
        Hit(kind=Kind.PASS, message="m", details={"n": str(number)})
    assert len(_SHARED) <= _SHARED_MAX + 1


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=3),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner),
    max_leaves=8,
)


@given(st.lists(json_values, max_size=12))
def test_frozen_lists_hold_no_spare_room(items: list[Any]) -> None:
    frozen = _freeze_details({"items": items, "nested": {"items": tuple(items)}})
    for copy in (frozen["items"], frozen["nested"]["items"]):
        assert sys.getsizeof(copy) == sys.getsizeof([None] * len(items))


def reference_fingerprint(finding: Finding) -> str:
    """The fingerprint as first defined, written out plainly."""
    parts = [finding.code, *sorted(finding.claims)]
    parts += sorted(
        f"{loc.claim}\x1f{loc.source or ''}\x1f{loc.quote or ''}" for loc in finding.locations
    )
    if not finding.claims and not finding.locations:
        parts.append(finding.message)
    return hashlib.sha256("\x1e".join(parts).encode("utf-8")).hexdigest()[:32]


_names = st.text(alphabet="abc\x1f", max_size=3)
_locations = st.builds(
    FindingLocation,
    claim=_names,
    source=st.none() | _names,
    quote=st.none() | _names,
    line=st.none() | st.integers(1, 9),
)


@given(
    claims=st.lists(_names, max_size=4).map(tuple),
    locations=st.lists(_locations, max_size=4).map(tuple),
    message=_names,
)
def test_the_fingerprint_is_what_it_always_was(
    claims: tuple[str, ...], locations: tuple[FindingLocation, ...], message: str
) -> None:
    finding = Finding(
        code="CK0101",
        rule="x.y",
        severity=Severity.INFO,
        kind=Kind.PASS,
        message=message,
        claims=claims,
        locations=locations,
    )
    assert finding.fingerprint == reference_fingerprint(finding)
    parts = [location._fingerprint_part() for location in locations]
    assert finding._fingerprint_with(parts) == finding.fingerprint
    assert finding.as_dict_with([], "given")["fingerprint"] == "given"
    assert finding.as_dict_with([])["fingerprint"] == finding.fingerprint


_sortable = st.builds(
    Finding,
    code=st.sampled_from(["CK0101", "CK0302", "CK0701"]),
    rule=st.just("x.y"),
    severity=st.sampled_from(list(Severity)),
    kind=st.just(Kind.PASS),
    message=st.sampled_from(["a", "b"]),
    claims=st.lists(st.sampled_from(["c1", "c2"]), max_size=2).map(tuple),
    locations=st.lists(
        st.builds(
            FindingLocation,
            claim=st.just("c1"),
            file=st.none() | st.sampled_from(["f", "g"]),
            line=st.none() | st.integers(1, 3),
        ),
        max_size=2,
    ).map(tuple),
    details=st.fixed_dictionaries({"n": st.integers(0, 3)}),
)


@given(st.lists(_sortable, max_size=30))
def test_findings_are_sorted_as_by_their_whole_key(findings: list[Finding]) -> None:
    # Grouped by severity and code first, then by the rest of the key: the same list as one
    # sort by `Finding.sort_key`, ties (told apart here by their details) in the same order.
    expected = sorted(findings, key=Finding.sort_key)
    got = sort_findings(findings)
    assert [id(finding) for finding in got] == [id(finding) for finding in expected]


def _generated(tmp_path: Any, claims: int) -> Any:
    import claimkit
    from conftest import generated_corpus

    return claimkit.load(generated_corpus(tmp_path / "corpus", claims=claims, seed=3))


def _containers(value: Any, found: list[int]) -> None:
    if isinstance(value, dict):
        found.append(id(value))
        for item in value.values():
            _containers(item, found)
    elif isinstance(value, list):
        found.append(id(value))
        for item in value:
            _containers(item, found)


@pytest.mark.parametrize("corpus_kind", ["seeds", "generated"])
def test_the_hits_built_without_freezing_are_what_freezing_gives(
    corpus_kind: str,
    seed_corpus: Any,
    tmp_path: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import claimkit
    from claimkit import _findings

    corpus = seed_corpus if corpus_kind == "seeds" else _generated(tmp_path, 600)
    trusted = claimkit.check(corpus)
    monkeypatch.setattr(_findings, "_TRUST_PLAIN", False)
    frozen = claimkit.check(corpus)
    codes = {finding.code for finding in trusted.findings}
    assert {"CK0302", "CK0701"} <= codes  # the two rules that build their hits plainly
    assert trusted.findings == frozen.findings
    for mine, theirs in zip(trusted.findings, frozen.findings, strict=True):
        assert same(mine.details, theirs.details), (mine.code, mine.details)
    # Built for each hit alone: no list or dict is part of two findings' details.
    found: list[int] = []
    for finding in trusted.findings:
        _containers(finding.details, found)
    assert len(found) == len(set(found))
    assert trusted.to_json() == frozen.to_json()
