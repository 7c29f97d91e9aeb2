"""Laws of the dates family (CK03xx) beyond the rule cases in `cases/dates.yaml`.

The cases pin down single situations; these tests check what must hold for every corpus:
the sweep finds exactly the disjoint pairs, claim order never changes the findings, dates
that share a day never conflict, one injected contradiction is reported as exactly its pair,
and one source never agrees with itself.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import claimkit
from claimkit._dates import PartialDate
from claimkit._engine import check
from claimkit._findings import Finding, Kind
from claimkit._rules import registered_rules
from claimkit._rules._registry import Rule
from claimkit._rules.dates import disjoint_pairs

RULES = {rule.code: rule for rule in registered_rules(plugins=False)}
ACTORS = [
    {"id": "colombia", "kind": "state", "name": "Colombia"},
    {"id": "venezuela", "kind": "state", "name": "Venezuela"},
]
SLOW = settings(max_examples=15, deadline=None)


def corpus(claims: list[dict[str, Any]], texts: dict[str, str] | None = None) -> claimkit.Corpus:
    return claimkit.corpus_from_data(
        {"claimkit": 1, "actors": ACTORS, "claims": claims}, texts=texts or {}
    )


def run(
    code: str, claims: list[dict[str, Any]], texts: dict[str, str] | None = None
) -> list[Finding]:
    rule: Rule = RULES[code]
    return list(check(corpus(claims, texts), rules=[rule]).findings)


def claim(ident: str, when: str, *, event: str | None = "e", **more: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": ident,
        "action": "relations.break",
        "actors": {"parties": ["colombia", "venezuela"]},
        "date": when,
        **more,
    }
    if event is not None:
        data["event"] = event
    return data


def summary(findings: list[Finding]) -> list[tuple[str, tuple[str, ...], str, str]]:
    return [(f.code, f.claims, f.message, json.dumps(f.details, sort_keys=True)) for f in findings]


# -- the sweep --------------------------------------------------------------------------------

ranges = st.lists(
    st.tuples(st.integers(0, 60), st.integers(0, 20)).map(
        lambda t: (float(t[0]), float(t[0] + t[1]))
    ),
    max_size=12,
)


@given(ranges)
def test_the_sweep_finds_exactly_the_pairs_whose_ranges_are_disjoint(
    items: list[tuple[float, float]],
) -> None:
    expected = {
        (i, j)
        for i, (_, high) in enumerate(items)
        for j, (low, _) in enumerate(items)
        if high < low
    }
    found = disjoint_pairs(items)
    assert len(found) == len(set(found))
    assert set(found) == expected


def test_the_sweep_on_nothing_finds_nothing() -> None:
    assert disjoint_pairs([]) == []


# -- CK0301 -------------------------------------------------------------------------------------

DAY = date(2019, 6, 15)


def containing(day: date) -> st.SearchStrategy[str]:
    """EDTF values whose range of days contains `day`."""
    points = st.sampled_from(
        [
            f"{day.year}",
            f"{day.year}-{day.month:02d}",
            day.isoformat(),
            f"{day.year}~",
            f"{day.year}-{day.month:02d}?",
            f"{day.year // 10}X",
        ]
    )
    around = st.tuples(st.integers(0, 400), st.integers(0, 400)).map(
        lambda t: (
            f"{(day - timedelta(days=t[0])).isoformat()}/{(day + timedelta(days=t[1])).isoformat()}"
        )
    )
    return st.one_of(points, around)


@SLOW
@given(st.lists(containing(DAY), min_size=1, max_size=6))
def test_reports_whose_dates_all_contain_one_day_never_conflict(dates: list[str]) -> None:
    claims = [claim(f"c{i}", when) for i, when in enumerate(dates)]
    assert run("CK0301", claims) == []


@SLOW
@given(st.lists(containing(DAY), min_size=1, max_size=5), st.integers(1, 900))
def test_one_date_far_from_the_others_conflicts_with_exactly_those_it_misses(
    dates: list[str], days_later: int
) -> None:
    outlier = PartialDate.from_date(DAY + timedelta(days=days_later + 800))
    claims = [claim(f"c{i}", when) for i, when in enumerate(dates)]
    claims.append(claim("z", str(outlier)))
    missed = {
        f"c{i}" for i, when in enumerate(dates) if not PartialDate.parse(when).compatible(outlier)
    }
    findings = run("CK0301", claims)
    assert {f.claims for f in findings} == {(c, "z") for c in missed}
    for finding in findings:
        assert finding.kind is Kind.FAIL
        (other,) = set(finding.claims) - {"z"}
        assert finding.details["gap_days"] == PartialDate.parse(
            finding.details["dates"][other]
        ).gap_days(outlier)


@SLOW
@given(st.permutations(["2019", "2019-06", "2021-03", "2019-06-30", "2021", "2020/2021-02"]))
def test_the_order_of_claims_never_changes_the_findings(dates: list[str]) -> None:
    claims = [claim(f"c{when}", when) for when in dates]
    for code in ("CK0301", "CK0302"):
        ordered = [claim(f"c{when}", when) for when in sorted(dates)]
        assert summary(run(code, claims)) == summary(run(code, ordered))


def test_a_conflict_names_both_ranges_and_the_gap_in_days() -> None:
    (finding,) = run("CK0301", [claim("a", "2019"), claim("b", "2021-03")])
    assert finding.claims == ("a", "b")
    assert finding.details == {
        "event": "e",
        "dates": {"a": "2019", "b": "2021-03"},
        "ranges": {"a": ["2019-01-01", "2019-12-31"], "b": ["2021-03-01", "2021-03-31"]},
        "gap_days": 425,
    }
    assert "2019-01-01..2019-12-31" in finding.message
    assert "425 days" in finding.message


def test_denials_and_hypotheses_never_conflict_with_reports() -> None:
    claims = [
        claim("a", "2019"),
        claim("b", "2021", polarity="negated"),
        claim("c", "2023", modality="hypothetical"),
    ]
    assert run("CK0301", claims) == []


# -- CK0302 -------------------------------------------------------------------------------------

TEXTS = {
    "s1": " date 2023-01-10 Relations were broken in 2019 amid a dispute over aid convoys.",
    "s2": " date 2023-03-02 Venezuela cut ties with Colombia in June 2019, officials recalled.",
    "s3": " date 2023-04-20 Caracas severed relations on June 15, 2019 after a standoff.",
}


def evidence(source: str, quote: str) -> dict[str, Any]:
    return {"evidence": [{"source": source, "quote": quote}]}


def test_an_agreement_gives_the_sharpened_date_and_its_independent_sources() -> None:
    claims = [
        claim("a", "2019", **evidence("s1", "broken in 2019")),
        claim("b", "2019-06", **evidence("s2", "in June 2019")),
        claim("c", "2019-06-15", **evidence("s3", "on June 15, 2019")),
    ]
    (finding,) = run("CK0302", claims, TEXTS)
    assert finding.kind is Kind.PASS
    assert finding.claims == ("a", "b", "c")
    assert finding.details["sharpened"] == "2019-06-15"
    assert finding.details["independent_sources"] == ["s1", "s2", "s3"]
    assert "s3: 'on June 15, 2019'" in finding.message


@SLOW
@given(st.lists(containing(DAY), min_size=1, max_size=5))
def test_one_source_never_agrees_with_itself(dates: list[str]) -> None:
    claims = [
        claim(f"c{i}", when, **evidence("s1", "broken in 2019")) for i, when in enumerate(dates)
    ]
    assert run("CK0302", claims, TEXTS) == []


@SLOW
@given(st.lists(containing(DAY), min_size=2, max_size=6))
def test_an_agreement_gives_each_claims_own_date_and_range(dates: list[str]) -> None:
    # Dates repeat, and claims of one date share its texts (kept once per date object).
    quotes = [("s1", "broken in 2019"), ("s2", "in June 2019"), ("s3", "on June 15, 2019")]
    claims = [claim(f"c{i}", when, **evidence(*quotes[i % 3])) for i, when in enumerate(dates)]
    (finding,) = run("CK0302", claims, TEXTS)
    for i, when in enumerate(dates):
        value = PartialDate.parse(when)
        assert finding.details["dates"][f"c{i}"] == str(value)
        assert finding.details["ranges"][f"c{i}"] == [
            ".." if day in (date.min, date.max) else day.isoformat()
            for day in (value.earliest, value.latest)
        ]


def test_event_less_claims_agree_only_within_runs_of_meeting_dates() -> None:
    claims = [
        claim("a", "2019-06", event=None, **evidence("s2", "in June 2019")),
        claim("b", "2019-06-15", event=None, **evidence("s3", "on June 15, 2019")),
        claim("c", "2008-03", event=None, **evidence("s1", "broken in 2019")),
    ]
    (finding,) = run("CK0302", claims, TEXTS)
    assert finding.claims == ("a", "b")
    assert "event" not in finding.details


def test_agreement_details_are_json_ready() -> None:
    claims = [
        claim("a", "2019/..", **evidence("s1", "broken in 2019")),
        claim("b", "2019-06", **evidence("s2", "in June 2019")),
    ]
    (finding,) = run("CK0302", claims, TEXTS)
    assert json.loads(json.dumps(finding.details)) == finding.details
    assert finding.details["ranges"]["a"] == ["2019-01-01", ".."]


# -- CK0303, CK0304, CK0305 ----------------------------------------------------------------------


def test_a_wrong_weekday_is_reported_with_its_quote_and_trace() -> None:
    texts = {"s1": " date 2022-05-12 The ministers met this Thursday, May 11 in Caracas."}
    meeting = {
        "id": "a",
        "action": "meeting",
        "actors": {"participants": ["colombia", "venezuela"]},
        **evidence("s1", "met this Thursday, May 11"),
    }
    (finding,) = run("CK0303", [meeting], texts)
    assert "'this Thursday, May 11'" in finding.message
    assert "Wednesday" in finding.message
    assert finding.details["value"] == "2022-05-11"
    assert any(step["rule"] == "weekday-agreement" for step in finding.details["trace"])


def test_a_report_dated_the_day_after_publication_is_flagged_and_the_same_day_is_not() -> None:
    texts = {"s1": " date 2022-09-20 The border officially opened, officials said."}
    claims = [
        claim("a", "2022-09-21", event=None, **evidence("s1", "officially opened")),
        claim("b", "2022-09-20", event=None, **evidence("s1", "officially opened")),
    ]
    (finding,) = run("CK0304", claims, texts)
    assert finding.claims == ("a",)
    assert finding.details["days_after"] == 1
    assert finding.details["published"] == "2022-09-20"


def test_a_reversed_period_quoted_by_two_claims_is_one_finding() -> None:
    texts = {"s1": " date 2022-11-09 The border was closed from 2015 to 2012 by decree."}
    claims = [
        claim("a", "2015", event=None, **evidence("s1", "closed from 2015 to 2012")),
        claim("b", "2015", event=None, **evidence("s1", "from 2015 to 2012 by decree")),
    ]
    (finding,) = run("CK0305", claims, texts)
    assert finding.claims == ("a", "b")
    assert finding.details["expression"] == "from 2015 to 2012"
    assert (finding.details["start_date"], finding.details["end_date"]) == ("2015", "2012")
    assert finding.details["gap_days"] == 730


def test_periods_with_one_written_year_are_not_judged() -> None:
    texts = {"s1": " date 2022-11-09 Crossings stopped from 2015 until March, officials said."}
    claims = [claim("a", "2015", event=None, **evidence("s1", "from 2015 until March"))]
    assert run("CK0305", claims, texts) == []


def test_only_ascii_letters_lower_case_to_the_letters_of_a_period_opener() -> None:
    # `_reversed_between` skips texts whose lower-cased form holds no opener; that is safe
    # as long as no other character lower-cases to the openers' letters.
    from claimkit._rules import dates

    letters = set("".join(dates._OPENERS))
    for point in range(0x110000):
        char = chr(point)
        lowered = char.lower()
        if lowered and set(lowered) <= letters:
            assert char.isascii(), char


@pytest.mark.parametrize(
    "words",
    [
        "from 2015 to 2012",
        "FROM 2015 TO 2012",
        "From 2015 To 2012",
        "Between 2015 and 2012",
        "BETWEEN 2015 AND 2012",
        "in 2015-2012",
        "in 2015 – 2012",
        "During 2015–2012",
    ],
)
def test_reversed_periods_are_read_in_any_case_and_with_either_dash(words: str) -> None:
    texts = {"s1": f" date 2022-11-09 The border was closed {words} by decree."}
    claims = [claim("a", "2015", event=None, **evidence("s1", f"closed {words} by"))]
    (finding,) = run("CK0305", claims, texts)
    assert finding.details["expression"] == words
    assert (finding.details["start_date"], finding.details["end_date"]) == ("2015", "2012")
