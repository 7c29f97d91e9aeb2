"""The timelines rules (CK0401-CK0405): scenarios from the seed articles and their laws."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import claimkit
from claimkit._engine import check
from claimkit._findings import Finding, Kind
from claimkit._rules import registered_rules

TIMELINE_RULES = [r for r in registered_rules(plugins=False) if r.family == "timelines"]
PAIR = ["colombia", "venezuela"]

ACTORS: list[dict[str, Any]] = [
    {"id": "venezuela", "kind": "state", "name": "Venezuela"},
    {"id": "colombia", "kind": "state", "name": "Colombia"},
    {"id": "ecuador", "kind": "state", "name": "Ecuador"},
    {
        "id": "gustavo-petro",
        "kind": "person",
        "name": "Gustavo Petro",
        "aliases": ["Petro"],
        "roles": [{"office": "president", "of": "colombia", "from": "2022-08-07", "to": ".."}],
    },
]


def corpus(claims: list[dict[str, Any]], texts: dict[str, str] | None = None) -> claimkit.Corpus:
    data = {"claimkit": 1, "actors": ACTORS, "claims": claims}
    return claimkit.corpus_from_data(data, texts=texts or {})


def findings(claims: list[dict[str, Any]], texts: dict[str, str] | None = None) -> list[Finding]:
    return list(check(corpus(claims, texts), rules=TIMELINE_RULES).findings)


def failing(found: list[Finding]) -> list[tuple[str, tuple[str, ...]]]:
    return sorted((f.code, tuple(sorted(f.claims))) for f in found if f.kind is Kind.FAIL)


def transition(
    ident: str,
    action: str,
    when: str,
    *,
    quote: str | None = None,
    source: str = "s1",
    **extra: Any,
) -> dict[str, Any]:
    claim: dict[str, Any] = {
        "id": ident,
        "action": action,
        "actors": {"parties": PAIR},
        "date": when,
        **extra,
    }
    if quote is not None:
        claim["evidence"] = [{"source": source, "quote": quote}]
    return claim


# --- CK0401 ------------------------------------------------------------------------------------


def test_a_restoration_that_certainly_precedes_the_only_break_is_out_of_order() -> None:
    found = findings(
        [
            transition("restored", "relations.restore", "2018", quote="restored in 2018"),
            transition("broken", "relations.break", "2019", quote="broken in 2019"),
        ],
        {"s1": " date 2022-11-09 Relations were restored in 2018 and broken in 2019."},
    )
    (conflict,) = [f for f in found if f.kind is Kind.FAIL]
    assert conflict.code == "CK0401"
    assert conflict.claims == ("restored", "broken")
    assert "'restored in 2018'" in conflict.message
    assert "'broken in 2019'" in conflict.message
    assert conflict.details["arithmetic"] == "2018-12-31 < 2019-01-01"


def test_a_reopening_of_a_border_closed_only_afterwards_is_out_of_order() -> None:
    found = findings(
        [
            transition("reopened", "border.open", "2010"),
            transition("closed", "border.closed", "2015/2021-10"),
        ]
    )
    assert failing(found) == [("CK0401", ("closed", "reopened"))]


def test_a_restoration_with_no_break_attested_anywhere_is_not_a_conflict() -> None:
    found = findings([transition("restored", "relations.restore", "2018")])
    assert failing(found) == []


def test_a_break_may_follow_the_initial_state_without_an_earlier_restoration() -> None:
    found = findings(
        [
            transition("broken", "relations.break", "2008"),
            transition("restored", "relations.restore", "2022-08-07"),
        ]
    )
    assert failing(found) == []


# --- CK0402 ------------------------------------------------------------------------------------


def test_an_opening_certainly_inside_a_closed_period_conflicts_with_it() -> None:
    found = findings(
        [
            transition("closed", "border.closed", "2015/2021-10"),
            transition("opened", "border.open", "2018-03"),
        ]
    )
    assert failing(found) == [("CK0402", ("closed", "opened"))]
    (conflict,) = [f for f in found if f.code == "CK0402"]
    assert conflict.details["certainly_covered"] == ["2015-12-31", "2021-10-01"]


def test_a_relaxation_in_the_month_a_closure_ends_is_coherent() -> None:
    text = (
        " date 2022-11-09 The border remained completely closed until a relaxation in October 2021."
    )
    found = findings(
        [
            transition(
                "closed",
                "border.closed",
                "2015/2021-10",
                quote="remained completely closed until a relaxation in October 2021",
            ),
            transition("relaxed", "border.relax", "2021-10", quote="a relaxation in October 2021"),
        ],
        {"s1": text},
    )
    assert failing(found) == []


def test_open_for_trade_and_closed_to_people_on_the_same_days_do_not_conflict() -> None:
    found = findings(
        [
            transition("opened", "border.open", "2022-09-26", scope=["trade"]),
            transition("closed", "border.closed", "2022-09/2022-12", scope=["people"]),
        ]
    )
    assert failing(found) == []


def test_the_same_opening_for_every_scope_conflicts_with_the_closure_to_people() -> None:
    found = findings(
        [
            transition("opened", "border.open", "2022-10-15"),
            transition("closed", "border.closed", "2022-09/2022-12", scope=["people"]),
        ]
    )
    assert failing(found) == [("CK0402", ("closed", "opened"))]


# --- CK0403 ------------------------------------------------------------------------------------

INAUGURATION_TEXTS = {
    "s000": (
        " date 2022-11-09 Venezuela and Colombia resumed diplomatic relations on August 7, "
        "following the presidential inauguration of Gustavo Petro."
    ),
    "s9": "The two countries resumed relations in 2018, after Petro took office.",
}


def inauguration_claims(*, undated: bool = False) -> list[dict[str, Any]]:
    took_office: dict[str, Any] = {
        "id": "petro-took-office",
        "action": "office.take",
        "actors": {"holder": {"actor": "gustavo-petro", "as": "president"}},
        "event": "petro-inauguration",
        "evidence": [{"source": "s000", "quote": "the presidential inauguration of Gustavo Petro"}],
    }
    if not undated:
        took_office["date"] = "2022-08-07"
    return [
        took_office,
        {
            "id": "resumed-august-7",
            "action": "relations.restore",
            "actors": {"parties": PAIR},
            "date": "2022-08-07",
            "event": "relations-restore-2022",
            "links": [{"relation": "after", "event": "petro-inauguration"}],
            "evidence": [{"source": "s000", "quote": "resumed diplomatic relations on August 7"}],
        },
        {
            "id": "resumed-2018",
            "action": "relations.restore",
            "actors": {"parties": PAIR},
            "date": "2018",
            "links": [{"relation": "after", "event": "petro-inauguration"}],
            "evidence": [
                {"source": "s9", "quote": "resumed relations in 2018, after Petro took office"}
            ],
        },
    ]


def test_a_resumption_in_2018_after_the_2022_inauguration_cannot_hold() -> None:
    found = findings(inauguration_claims(), INAUGURATION_TEXTS)
    (conflict,) = [f for f in found if f.code == "CK0403"]
    assert conflict.kind is Kind.FAIL
    assert set(conflict.claims) == {"resumed-2018", "petro-took-office"}
    assert "'resumed relations in 2018, after Petro took office'" in conflict.message
    assert "'the presidential inauguration of Gustavo Petro'" in conflict.message
    assert "petro-inauguration" in conflict.message
    assert conflict.details["short_by_days"] == (date(2022, 8, 7) - date(2018, 12, 31)).days
    quotes = {loc.quote for loc in conflict.locations}
    assert "resumed relations in 2018, after Petro took office" in quotes


def test_the_tenure_dates_an_inauguration_the_text_leaves_undated() -> None:
    found = findings(inauguration_claims(undated=True), INAUGURATION_TEXTS)
    (conflict,) = [f for f in found if f.code == "CK0403"]
    assert set(conflict.claims) == {"resumed-2018", "petro-took-office"}
    assert any(step["kind"] == "tenure" for step in conflict.details["cycle"])


def test_the_resumption_on_inauguration_day_fits_the_order() -> None:
    claims = [c for c in inauguration_claims() if c["id"] != "resumed-2018"]
    assert failing(findings(claims, INAUGURATION_TEXTS)) == []


def test_a_cycle_names_only_the_claims_that_cannot_all_hold() -> None:
    claims = [
        *inauguration_claims(),
        {
            "id": "ambassadors",
            "action": "ambassadors.appoint",
            "actors": {"parties": PAIR},
            "date": "2022-08-07/2022-11-09",
            "links": [{"relation": "after", "event": "relations-restore-2022"}],
        },
    ]
    conflicts = [f for f in findings(claims, INAUGURATION_TEXTS) if f.code == "CK0403"]
    assert [set(f.claims) for f in conflicts] == [{"resumed-2018", "petro-took-office"}]


# --- CK0404 ------------------------------------------------------------------------------------


def test_two_breaks_with_no_restoration_between_them_are_a_gap_to_review() -> None:
    found = findings(
        [
            transition("broken-2008", "relations.break", "2008"),
            transition("broken-2019", "relations.break", "2019"),
        ]
    )
    (review,) = [f for f in found if f.code == "CK0404"]
    assert review.kind is Kind.REVIEW
    assert review.claims == ("broken-2008", "broken-2019")
    assert "no transition to normal (relations.restore) attested between 2008 and 2019" in (
        review.message
    )
    assert failing(found) == []


# --- CK0405 ------------------------------------------------------------------------------------

BORDER_TEXTS = {
    "s000": (
        " date 2022-11-09 On September 26, they officially opened the binational border for "
        "trade, which had been closed since 2015."
    ),
    "s003": "The border remained completely closed until a relaxation in October 2021.",
}


def border_claims() -> list[dict[str, Any]]:
    return [
        {
            **transition("closed-since-2015", "border.closed", "2015/2022-09-26", scope=["trade"]),
            "evidence": [{"source": "s000", "quote": "which had been closed since 2015"}],
        },
        {
            **transition("completely-closed", "border.closed", "/2021-10"),
            "evidence": [
                {
                    "source": "s003",
                    "quote": "remained completely closed until a relaxation in October 2021",
                }
            ],
        },
        {
            **transition("relaxed", "border.relax", "2021-10"),
            "evidence": [{"source": "s003", "quote": "a relaxation in October 2021"}],
        },
        {
            **transition("opened-for-trade", "border.open", "2022-09-26", scope=["trade"]),
            "evidence": [
                {"source": "s000", "quote": "officially opened the binational border for trade"}
            ],
        },
    ]


def test_the_border_told_by_two_sources_is_one_coherent_timeline() -> None:
    found = findings(border_claims(), BORDER_TEXTS)
    assert failing(found) == []
    (agreement,) = [f for f in found if f.code == "CK0405"]
    assert agreement.kind is Kind.PASS
    assert agreement.message == (
        "border between colombia and venezuela: closed until 2021-10 .. closed for trade "
        "2015/2022-09-26 .. relaxed 2021-10 .. open for trade 2022-09-26; in order, "
        "border.relax 2021-10 precedes border.open for trade 2022-09-26: one coherent "
        "timeline (4 claims, 2 sources)"
    )
    assert agreement.details["gaps"] == 0
    assert agreement.details["order"] == [
        {
            "earlier": {"action": "border.relax", "date": "2021-10"},
            "later": {"action": "border.open", "date": "2022-09-26"},
            "certain": True,
            "arithmetic": "2021-10-31 < 2022-09-26",
        }
    ]


def test_a_timeline_in_conflict_is_not_called_coherent() -> None:
    claims = [*border_claims(), transition("opened-2018", "border.open", "2018-03")]
    found = findings(claims, BORDER_TEXTS)
    assert [f.code for f in found if f.kind is Kind.FAIL]
    assert not [f for f in found if f.code == "CK0405"]


def test_a_timeline_with_a_gap_says_no_conflict_and_the_gap_instead_of_coherent() -> None:
    claims = [
        transition("broken-2008", "relations.break", "2008", quote="broken in 2008", source="s1"),
        transition("broken-2019", "relations.break", "2019", quote="broken in 2019", source="s2"),
        transition(
            "restored", "relations.restore", "2022-08-07", quote="resumed on August 7", source="s2"
        ),
    ]
    texts = {
        "s1": " date 2012-01-01 Relations were broken in 2008.",
        "s2": " date 2022-11-09 Relations were broken in 2019 and resumed on August 7.",
    }
    found = findings(claims, texts)
    (gap,) = [f for f in found if f.code == "CK0404"]
    (agreement,) = [f for f in found if f.code == "CK0405"]
    assert gap.kind is Kind.REVIEW
    assert agreement.kind is Kind.PASS
    assert "one coherent timeline" not in agreement.message
    assert agreement.message.endswith(
        "; in order, relations.break 2008 precedes relations.break 2019, which precedes "
        "relations.restore 2022-08-07: no conflict; 1 gap to review (3 claims, 2 sources)"
    )
    assert agreement.details["gaps"] == 1
    assert [pair["certain"] for pair in agreement.details["order"]] == [True, True]


# --- CK0406 ------------------------------------------------------------------------------------


def test_the_resumption_on_inauguration_day_follows_the_inauguration() -> None:
    claims = inauguration_claims()[:2]
    claims[1]["evidence"] = [
        {
            "source": "s000",
            "quote": (
                "resumed diplomatic relations on August 7, following the presidential "
                "inauguration of Gustavo Petro"
            ),
        }
    ]
    (holds,) = [f for f in findings(claims, INAUGURATION_TEXTS) if f.code == "CK0406"]
    assert (holds.kind, holds.severity.value) == (Kind.PASS, "info")
    assert holds.claims == ("resumed-august-7", "petro-took-office")
    assert holds.message == (
        "relations-restore-2022 (2022-08-07) follows petro-inauguration (2022-08-07, "
        "petro-took-office 'the presidential inauguration of Gustavo Petro'): "
        "resumed-august-7 'following the presidential inauguration of Gustavo Petro'"
    )
    assert holds.details["arithmetic"] == "2022-08-07 <= 2022-08-07"
    assert holds.details["relation"] == "after"


def test_an_order_that_cannot_hold_is_a_conflict_and_never_also_holds() -> None:
    found = findings(inauguration_claims(), INAUGURATION_TEXTS)
    holding = {f.claims for f in found if f.code == "CK0406"}
    conflicting = {c for f in found if f.code == "CK0403" for c in f.claims}
    assert holding == {("resumed-august-7", "petro-took-office")}
    assert "resumed-2018" in conflicting


def test_an_undated_end_leaves_the_order_unreported() -> None:
    found = findings(inauguration_claims(undated=True), INAUGURATION_TEXTS)
    assert not [f for f in found if f.code == "CK0406"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.dates(min_value=date(2000, 1, 1), max_value=date(2030, 12, 31)),
    st.integers(-400, 400),
    st.sampled_from(["day", "month", "year"]),
)
def test_an_order_is_reported_as_holding_only_when_every_reading_of_the_dates_fits(
    day: date, shift: int, precision: str
) -> None:
    later = day + timedelta(days=shift)
    written = {"day": later.isoformat(), "month": later.isoformat()[:7], "year": str(later.year)}
    claims = [
        transition("first", "relations.break", day.isoformat(), event="first-event"),
        transition(
            "second",
            "relations.restore",
            written[precision],
            links=[{"relation": "after", "event": "first-event"}],
        ),
    ]
    value = claimkit.PartialDate.parse(written[precision])
    holds = [f for f in findings(claims) if f.code == "CK0406"]
    assert bool(holds) == (value.earliest >= day)


# --- the seed corpus ---------------------------------------------------------------------------


def test_the_seed_corpus_has_no_timeline_conflicts(seed_corpus: claimkit.Corpus) -> None:
    found = list(check(seed_corpus, rules=TIMELINE_RULES).findings)
    assert failing(found) == []
    for finding in found:
        json.dumps(finding.as_dict())


# --- laws --------------------------------------------------------------------------------------

START = date(2000, 1, 1)


@st.composite
def alternating_timelines(draw: st.DrawFn, *, min_size: int = 1) -> list[dict[str, Any]]:
    """Break, restore, break, ... on strictly increasing days, each at a random precision."""
    size = draw(st.integers(min_size, 6))
    gaps = draw(st.lists(st.integers(1, 900), min_size=size, max_size=size))
    claims = []
    day = START
    for index, gap in enumerate(gaps):
        day += timedelta(days=gap)
        precision = draw(st.sampled_from(["day", "month", "year"]))
        written = {"day": day.isoformat(), "month": day.isoformat()[:7], "year": str(day.year)}
        action = "relations.break" if index % 2 == 0 else "relations.restore"
        claims.append(transition(f"t{index}", action, written[precision]))
    return claims


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(alternating_timelines())
def test_a_timeline_consistent_by_construction_yields_no_conflict(
    claims: list[dict[str, Any]],
) -> None:
    assert failing(findings(claims)) == []


@st.composite
def swapped_timelines(draw: st.DrawFn) -> list[dict[str, Any]]:
    """A day-precise alternating timeline whose first break and restoration swapped dates."""
    size = draw(st.integers(2, 6))
    gaps = draw(st.lists(st.integers(1, 900), min_size=size, max_size=size))
    days = []
    day = START
    for gap in gaps:
        day += timedelta(days=gap)
        days.append(day)
    days[0], days[1] = days[1], days[0]
    return [
        transition(
            f"t{index}",
            "relations.break" if index % 2 == 0 else "relations.restore",
            value.isoformat(),
        )
        for index, value in enumerate(days)
    ]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(swapped_timelines())
def test_a_restoration_moved_before_the_only_earlier_break_yields_exactly_that_conflict(
    claims: list[dict[str, Any]],
) -> None:
    assert failing(findings(claims)) == [("CK0401", ("t0", "t1"))]


def unrelated_claims() -> st.SearchStrategy[dict[str, Any]]:
    days = st.dates(min_value=date(1990, 1, 1), max_value=date(2030, 12, 31))
    meeting = days.map(
        lambda d: {
            "id": "extra",
            "action": "meeting",
            "actors": {"participants": PAIR},
            "date": d.isoformat(),
        }
    )
    other_facet = days.map(
        lambda d: {
            "id": "extra",
            "action": "relations.break",
            "actors": {"parties": ["colombia", "ecuador"]},
            "date": d.isoformat()[:7],
        }
    )
    border = st.tuples(days, st.integers(0, 3000)).map(
        lambda pair: {
            "id": "extra",
            "action": "border.closed",
            "actors": {"parties": PAIR},
            "date": f"{pair[0].isoformat()}/{(pair[0] + timedelta(days=pair[1])).isoformat()}",
        }
    )
    return st.one_of(meeting, other_facet, border)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(swapped_timelines(), unrelated_claims())
def test_adding_an_unrelated_consistent_claim_never_removes_a_conflict(
    claims: list[dict[str, Any]], extra: dict[str, Any]
) -> None:
    base = [*claims, *inauguration_claims()]
    before = set(failing(findings(base, INAUGURATION_TEXTS)))
    after = set(failing(findings([*base, extra], INAUGURATION_TEXTS)))
    assert before <= after


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.permutations([*border_claims(), *inauguration_claims()]))
def test_findings_do_not_depend_on_the_order_claims_are_written(
    claims: list[dict[str, Any]],
) -> None:
    texts = {**BORDER_TEXTS, **INAUGURATION_TEXTS}
    reference = [*border_claims(), *inauguration_claims()]
    expected = [f.as_dict() for f in findings(reference, texts)]
    assert [f.as_dict() for f in findings(claims, texts)] == expected


@pytest.mark.parametrize("rule", TIMELINE_RULES, ids=lambda r: r.code)
def test_every_timelines_rule_documents_an_example_and_its_fix(rule: Any) -> None:
    assert rule.example.strip()
    assert rule.fixed.strip()
    assert rule.code.startswith("CK04")
