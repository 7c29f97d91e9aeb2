"""Laws of the quantities family (CK06xx) beyond the rule cases in `cases/quantities.yaml`.

Quantities that all allow one true value never conflict, the same number about different
things never links two claims, claim order never changes the findings, and open ranges are
written as `null` in the JSON details.
"""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

import claimkit
from claimkit._config import Config
from claimkit._engine import check
from claimkit._findings import Finding, Kind
from claimkit._rules import registered_rules

RULES = {rule.code: rule for rule in registered_rules(plugins=False)}
ACTORS = [
    {"id": "colombia", "kind": "state", "name": "Colombia"},
    {"id": "venezuela", "kind": "state", "name": "Venezuela"},
]
TEXTS = {
    "s1": " date 2022-11-09 The two countries share a border of 2,219 km, officials said.",
    "s2": " date 2022-11-10 A frontier of more than 2000 km separates the two neighbours.",
    "s3": " date 2022-11-11 Troops patrol the long shared border every single day now.",
}
SLOW = settings(max_examples=15, deadline=None)


def run(code: str, claims: list[dict[str, Any]]) -> list[Finding]:
    corpus = claimkit.corpus_from_data(
        {"claimkit": 1, "actors": ACTORS, "claims": claims}, texts=TEXTS
    )
    return list(check(corpus, rules=[RULES[code]]).findings)


QUOTES = {"s1": "a border of 2,219 km", "s2": "more than 2000 km", "s3": "long shared border"}


def claim(
    ident: str, quantity: dict[str, Any], *, source: str = "s1", event: str = "border"
) -> dict[str, Any]:
    return {
        "id": ident,
        "action": "border.share",
        "actors": {"parties": ["colombia", "venezuela"]},
        "event": event,
        "quantities": [quantity],
        "evidence": [{"source": source, "quote": QUOTES[source]}],
    }


def statement_of(true: int) -> st.SearchStrategy[dict[str, Any]]:
    """A quantity of `border length` in km that the true value `true` satisfies."""
    return st.one_of(
        st.just({"value": true, "comparator": "="}),
        st.integers(0, true - 1).map(lambda v: {"value": v, "comparator": ">"}),
        st.integers(0, true).map(lambda v: {"value": v, "comparator": ">="}),
        st.integers(true + 1, 2 * true).map(lambda v: {"value": v, "comparator": "<"}),
        st.integers(true, 2 * true).map(lambda v: {"value": v, "comparator": "<="}),
        st.integers(true - true // 11, true + true // 11).map(
            lambda v: {"value": v, "comparator": "~"}
        ),
    ).map(lambda q: {"of": "border length", "unit": "km", **q})


@SLOW
@given(
    st.lists(
        st.tuples(statement_of(2219), st.sampled_from(["s1", "s2", "s3"])), min_size=1, max_size=6
    )
)
def test_quantities_that_one_true_value_satisfies_never_conflict(
    items: list[tuple[dict[str, Any], str]],
) -> None:
    claims = [claim(f"c{i}", q, source=s) for i, (q, s) in enumerate(items)]
    assert run("CK0601", claims) == []
    agreements = run("CK0602", claims)
    sources = {s for _, s in items}
    assert len(agreements) == (1 if len(sources) >= 2 else 0)
    for finding in agreements:
        assert finding.kind is Kind.PASS
        low, high = finding.details["sharpened"]
        assert low is None or low <= 2219
        assert high is None or high >= 2219


@SLOW
@given(st.lists(st.text("abcdefgh ", min_size=1, max_size=8), min_size=2, max_size=5, unique=True))
def test_the_same_number_about_different_things_never_links_two_claims(things: list[str]) -> None:
    folded = {" ".join(t.split()) for t in things}
    if len(folded) < len(things) or "" in folded:
        return
    claims = [
        claim(f"c{i}", {"of": thing, "value": 16}, source=("s1", "s2", "s3")[i % 3])
        for i, thing in enumerate(things)
    ]
    assert run("CK0601", claims) == []
    assert run("CK0602", claims) == []


def test_the_same_number_of_the_same_thing_in_two_events_never_links_two_claims() -> None:
    claims = [
        claim("a", {"of": "guns", "value": 55}, source="s1", event="haul-1"),
        claim("b", {"of": "guns", "value": 55}, source="s2", event="haul-2"),
    ]
    assert run("CK0602", claims) == []


ORDERED = [("c1", 2219, "s1"), ("c2", 1500, "s2"), ("c3", 2219, "s3"), ("c4", 3000, "s1")]


@SLOW
@given(st.permutations(ORDERED))
def test_the_order_of_claims_never_changes_the_findings(
    items: list[tuple[str, int, str]],
) -> None:
    def build(order: list[tuple[str, int, str]]) -> list[dict[str, Any]]:
        return [
            claim(ident, {"of": "border length", "unit": "km", "value": v}, source=s)
            for ident, v, s in order
        ]

    for code in ("CK0601", "CK0602"):
        first = [(f.claims, f.message, f.details) for f in run(code, build(items))]
        second = [(f.claims, f.message, f.details) for f in run(code, build(ORDERED))]
        assert first == second


def test_a_conflict_reports_both_ranges_with_open_ends_as_null() -> None:
    claims = [
        claim("a", {"of": "border length", "unit": "km", "value": 2219}),
        claim("b", {"of": "Border  length", "unit": "KM", "value": 1500, "comparator": "<"}),
    ]
    (finding,) = run("CK0601", claims)
    assert finding.claims == ("b", "a")
    assert finding.details["bounds"] == {"a": [2219, 2219], "b": [None, 1500]}
    assert finding.details["gap"] == 719
    assert json.loads(json.dumps(finding.details)) == finding.details
    assert "less than 1,500 KM" in finding.message


def test_about_widens_by_the_configured_margin() -> None:
    claims = [
        claim("a", {"of": "border length", "value": 2000, "comparator": "~"}, source="s1"),
        claim("b", {"of": "border length", "value": 2150}, source="s2"),
    ]
    assert run("CK0601", claims) == []
    config = Config(options={"CK0601": {"about": 0.05}})
    corpus = claimkit.corpus_from_data(
        {"claimkit": 1, "actors": ACTORS, "claims": claims}, texts=TEXTS
    )
    report = check(corpus, config=config, rules=[RULES["CK0601"]])
    assert [f.claims for f in report.findings] == [("a", "b")]
