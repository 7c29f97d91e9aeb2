"""The engine's API: a full report, an iterator, a yes/no, an assertion and a one-call check."""

from __future__ import annotations

import random
from pathlib import Path

import attrs
import pytest

import claimkit

ACTORS = [
    {"id": "venezuela", "kind": "state", "name": "Venezuela"},
    {"id": "colombia", "kind": "state", "name": "Colombia"},
]


def corpus(second_date: str) -> claimkit.Corpus:
    """Two articles reporting one event, the second with `second_date`."""
    return claimkit.corpus_from_data(
        {
            "claimkit": 1,
            "actors": ACTORS,
            "claims": [
                {
                    "id": "a1",
                    "action": "relations.break",
                    "actors": {"parties": ["venezuela", "colombia"]},
                    "date": "2019",
                    "event": "break",
                    "evidence": [
                        {"quote": "broke off relations with Colombia in 2019", "source": "a"}
                    ],
                },
                {
                    "id": "b1",
                    "action": "relations.break",
                    "actors": {"parties": ["venezuela", "colombia"]},
                    "date": second_date,
                    "event": "break",
                    "evidence": [{"quote": "relations were broken", "source": "b"}],
                },
            ],
        },
        texts={
            "a": " date 2022-11-09 Maduro broke off relations with Colombia in 2019.",
            "b": " date 2022-11-10 In Caracas, relations were broken, officials said.",
        },
    )


def test_agreeing_sources_pass_and_the_agreement_is_a_finding() -> None:
    report = claimkit.check(corpus("2019-06"))
    assert not report.failed()
    assert claimkit.is_consistent(corpus("2019-06"))
    claimkit.assert_consistent(corpus("2019-06"))
    agreements = [f for f in report.by_kind(claimkit.Kind.PASS) if f.code == "CK0302"]
    assert [f.details.get("sharpened") for f in agreements] == ["2019-06"]


def test_a_conflict_fails_every_level_of_the_api() -> None:
    bad = corpus("2021")
    report = claimkit.check(bad)
    assert report.failed()
    assert not claimkit.is_consistent(bad)
    codes = {f.code for f in claimkit.iter_findings(bad) if f.kind is claimkit.Kind.FAIL}
    assert "CK0301" in codes
    with pytest.raises(AssertionError, match="CK0301"):
        claimkit.assert_consistent(bad)


def test_a_finding_carries_claims_locations_quotes_and_details() -> None:
    [finding] = [f for f in claimkit.check(corpus("2021")).findings if f.code == "CK0301"]
    assert finding.claims == ("a1", "b1")
    assert finding.severity is claimkit.Severity.ERROR
    assert {loc.quote for loc in finding.locations} == {
        "broke off relations with Colombia in 2019",
        "relations were broken",
    }
    assert all(loc.start is not None for loc in finding.locations)
    assert finding.details


def test_a_suppression_with_a_reason_keeps_the_finding_but_does_not_fail() -> None:
    base = corpus("2021")
    claim = attrs.evolve(
        base.claim("b1"),
        suppress=(claimkit.Suppression("CK0301", "the article misdates the break"),),
    )
    quiet = attrs.evolve(base, claims=(base.claim("a1"), claim))
    report = claimkit.check(quiet)
    suppressed = [f for f in report.findings if f.code == "CK0301"]
    assert suppressed and all(f.suppressed == "the article misdates the break" for f in suppressed)
    assert report.summary["suppressed"] >= 1
    assert not any(f.code == "CK0301" for f in report.failing())


def test_configuration_selects_rules_and_changes_severities() -> None:
    bad = corpus("2021")
    ignored = claimkit.check(bad, config=claimkit.Config(ignore=("CK0301",)))
    assert not any(f.code == "CK0301" for f in ignored.findings)
    softened = claimkit.check(
        bad, config=claimkit.Config(severity={"dates": claimkit.Severity.WARNING})
    )
    assert not softened.failed()
    assert softened.failed(claimkit.Severity.WARNING)


def test_findings_do_not_depend_on_the_order_of_claims() -> None:
    bad = corpus("2021")
    claims = list(bad.claims)
    random.Random(4).shuffle(claims)
    assert claimkit.check(attrs.evolve(bad, claims=tuple(reversed(claims)))).to_json() == (
        claimkit.check(bad).to_json()
    )


def test_a_rule_walks_the_claims_in_id_order_sorted_once_per_check() -> None:
    from claimkit._engine import Context, build_index, resolve

    ordered = corpus("2021")
    shuffled = attrs.evolve(ordered, claims=tuple(reversed(ordered.claims)))
    assert [c.id for c in shuffled.claims] == ["b1", "a1"]
    resolved = resolve(shuffled)
    memo: dict[str, object] = {}
    index = build_index(resolved)
    first = Context(corpus=shuffled, resolved=resolved, index=index, memo=memo)
    second = Context(corpus=shuffled, resolved=resolved, index=index, memo=memo)
    assert [c.id for c in first.claims_by_id()] == ["a1", "b1"]
    assert second.claims_by_id() is first.claims_by_id()
    fresh = Context(corpus=shuffled, resolved=resolved, index=index)
    assert fresh.claims_by_id() == first.claims_by_id()
    assert fresh.claims_by_id() is not first.claims_by_id()


def test_the_report_counts_every_claim_and_source() -> None:
    summary = claimkit.check(corpus("2019")).summary
    assert (summary["claims"], summary["sources"]) == (2, 2)


def test_check_path_loads_and_checks_in_one_call() -> None:
    seeds = Path(__file__).resolve().parent.parent / "seeds"
    report = claimkit.check_path(seeds)
    assert report.claims == len(claimkit.load(seeds).claims)
    assert report.to_json() == claimkit.check(claimkit.load(seeds)).to_json()


def test_findings_about_the_same_claims_share_their_claims_and_locations() -> None:
    report = claimkit.check(claimkit.load("seeds"))
    first: dict[tuple[str, ...], claimkit.Finding] = {}
    repeats = 0
    for finding in report.findings:
        if not finding.claims:
            continue
        seen = first.setdefault(finding.claims, finding)
        if seen is not finding:
            repeats += 1
            assert finding.claims is seen.claims
            assert finding.locations is seen.locations
        # The shared tuple is still every claim's locations, in the order of the claims.
        claims_located = dict.fromkeys(location.claim for location in finding.locations)
        assert list(claims_located) == list(dict.fromkeys(finding.claims))
    assert repeats
