"""Tests for the sources rules (`claimkit._rules.sources`, CK07) beyond their cases."""

from __future__ import annotations

from typing import Any

import attrs
from hypothesis import given
from hypothesis import strategies as st

from claimkit._dates import PartialDate
from claimkit._engine import Context, check
from claimkit._findings import Finding, Kind, Severity
from claimkit._index import build_index
from claimkit._infer import SourceDate
from claimkit._load import corpus_from_data
from claimkit._model import Claim, Corpus
from claimkit._resolve import resolve
from claimkit._rules import registered_rules, sources
from claimkit._temporal import TraceStep

RULES = {rule.code: rule for rule in registered_rules(plugins=False)}

ARTICLE = (
    "Venezuela broke off diplomatic relations with Colombia on Saturday, after a failed attempt "
    "by the opposition to bring humanitarian aid across the border bridges, which Caracas "
    "called an invasion attempt. The border remained closed for months, and trade between the "
    "two neighbours fell to almost nothing."
)
OTHER = (
    "Caracas severed its ties with Bogota over the weekend, the Venezuelan foreign ministry "
    "said in a statement read on state television."
)
ACTORS = [
    {"id": "colombia", "kind": "state", "name": "Colombia"},
    {"id": "venezuela", "kind": "state", "name": "Venezuela"},
]


def claim(ident: str, source: str, quote: str, **fields: Any) -> dict[str, Any]:
    return {
        "id": ident,
        "action": "relations.break",
        "actors": {"parties": ["colombia", "venezuela"]},
        "evidence": [{"source": source, "quote": quote}],
        **fields,
    }


def corpus_of(texts: dict[str, str], *claims: dict[str, Any]) -> Corpus:
    data = {"claimkit": 1, "actors": ACTORS, "claims": list(claims)}
    return corpus_from_data(data, texts=texts)


def two_sources_and_one(a1: dict[str, Any], b1: dict[str, Any], c1: dict[str, Any]) -> Corpus:
    """Claims a1 and b1 in two independent sources and c1 in a third, each with its fields."""
    return corpus_of(
        {"a": ARTICLE, "b": OTHER, "c": "Relations were broken again in 2020."},
        claim("a1", "a", "broke off diplomatic relations", **a1),
        claim("b1", "b", "severed its ties with Bogota", **b1),
        claim("c1", "c", "Relations were broken again", **c1),
    )


def run(
    corpus: Corpus, codes: tuple[str, ...] = ("CK0701", "CK0702", "CK0704")
) -> tuple[Finding, ...]:
    return check(corpus, rules=[RULES[code] for code in codes]).findings


def summary(findings: tuple[Finding, ...]) -> list[tuple[str, str, tuple[str, ...]]]:
    return [(f.code, f.kind.value, f.claims) for f in findings]


def test_one_article_published_under_two_ids_is_one_independent_source() -> None:
    corpus = corpus_of(
        {"wire": ARTICLE, "repost": "By staff writers. " + ARTICLE},
        claim("w1", "wire", "broke off diplomatic relations", event="break-2019"),
        claim("r1", "repost", "broke off diplomatic relations", event="break-2019"),
    )
    findings = run(corpus)
    assert summary(findings) == [
        ("CK0704", "review", ()),
        ("CK0702", "informational", ("r1", "w1")),
    ]
    duplicate, single = findings
    assert "sources repost and wire have near-identical texts" in duplicate.message
    assert duplicate.details["sources"] == ["repost", "wire"]
    assert duplicate.details["similarity"]["wire"] >= 90
    assert single.details["count"] == 1
    assert single.details["clusters"] == {"repost": ["repost", "wire"]}
    assert "also published as wire" in single.message


def test_two_independent_sources_corroborate_an_event_and_are_named_with_their_quotes() -> None:
    corpus = corpus_of(
        {"a": ARTICLE, "b": OTHER},
        claim("a1", "a", "broke off diplomatic relations", event="break-2019"),
        claim("b1", "b", "severed its ties with Bogota", event="break-2019"),
    )
    (finding,) = run(corpus)
    assert (finding.code, finding.kind, finding.severity) == ("CK0701", Kind.PASS, Severity.INFO)
    assert finding.claims == ("a1", "b1")
    assert finding.details["independent"] == ["a", "b"]
    assert "corroborated by 2 independent sources" in finding.message
    assert "a ('broke off diplomatic relations')" in finding.message
    assert "b ('severed its ties with Bogota')" in finding.message


def test_claims_without_an_event_id_are_grouped_by_dates_that_share_a_day() -> None:
    corpus = two_sources_and_one({"date": "2019"}, {"date": "2019-02"}, {"date": "2020"})
    assert summary(run(corpus)) == [
        ("CK0701", "pass", ("a1", "b1")),
        ("CK0702", "informational", ("c1",)),
    ]


def test_a_quote_that_cannot_be_placed_does_not_count_as_a_source() -> None:
    corpus = corpus_of(
        {"a": ARTICLE, "b": OTHER},
        claim("a1", "a", "broke off diplomatic relations", event="break-2019"),
        claim("b1", "b", "words that are not there at all, anywhere", event="break-2019"),
    )
    (finding,) = run(corpus)
    assert finding.code == "CK0702"
    assert finding.details["sources"] == ["a"]


@given(st.permutations(["a1", "b1", "c1", "d1"]), st.booleans())
def test_findings_do_not_depend_on_the_order_of_claims_or_sources(
    order: list[str], reverse_sources: bool
) -> None:
    base = corpus_of(
        {"a": ARTICLE, "b": OTHER, "c": "By staff writers. " + ARTICLE, "d": "In 2008 too."},
        claim("a1", "a", "broke off diplomatic relations", event="e"),
        claim("b1", "b", "severed its ties with Bogota", event="e"),
        claim("c1", "c", "broke off diplomatic relations", event="e"),
        claim("d1", "d", "In 2008", date="2008"),
    )
    claims = tuple(base.claim(ident) for ident in order)
    ordered = base.sources[::-1] if reverse_sources else base.sources
    shuffled = attrs.evolve(base, claims=claims, sources=ordered)
    assert [f.as_dict() for f in run(shuffled)] == [f.as_dict() for f in run(base)]


def test_an_inferred_publication_date_is_noted_with_its_value_and_reasoning() -> None:
    corpus = corpus_of({"a": OTHER, "b": " date 2019-02-25 " + OTHER})
    resolved = resolve(corpus)
    trace = (
        TraceStep(
            "weekday-date", "this Thursday, May 11", "inferred", "May 11 is a Thursday in 2023"
        ),
        TraceStep(
            "tenure", "President Gustavo Petro", "check", "Petro is president from 2022-08-07"
        ),
    )
    value = PartialDate.parse("2023-05-11/2023-05-17")
    dates = {
        **resolved.source_dates,
        "a": SourceDate(source="a", value=value, inferred=True, trace=trace),
    }
    context = Context(
        corpus=corpus,
        resolved=attrs.evolve(resolved, source_dates=dates),
        index=build_index(resolved),
    )
    (hit,) = sources.inferred_date(context)
    assert (hit.kind, hit.source, hit.claims) == (Kind.INFORMATIONAL, "a", ())
    assert "inferred as 2023-05-11/2023-05-17" in hit.message
    assert "May 11 is a Thursday in 2023; Petro is president from 2022-08-07" in hit.message
    assert hit.details["value"] == "2023-05-11/2023-05-17"
    assert [step["rule"] for step in hit.details["trace"]] == ["weekday-date", "tenure"]


def test_a_source_with_a_known_date_or_no_inferred_value_is_not_noted() -> None:
    corpus = corpus_of({"a": OTHER, "b": " date 2019-02-25 " + OTHER})
    resolved = resolve(corpus)
    dates = {**resolved.source_dates, "a": SourceDate(source="a", value=None, inferred=True)}
    context = Context(
        corpus=corpus,
        resolved=attrs.evolve(resolved, source_dates=dates),
        index=build_index(resolved),
    )
    assert list(sources.inferred_date(context)) == []


def test_the_seed_corpus_has_no_near_duplicate_sources(seed_corpus: Corpus) -> None:
    assert check(seed_corpus, rules=[RULES["CK0704"]]).findings == ()


def test_every_seed_claim_with_evidence_is_in_exactly_one_corroboration_finding(
    seed_corpus: Corpus,
) -> None:
    findings = check(seed_corpus, rules=[RULES["CK0701"], RULES["CK0702"]]).findings
    counted = [ident for f in findings for ident in f.claims]
    supported = [c.id for c in seed_corpus.claims if c.evidence and c.polarity.value == "affirmed"]
    assert sorted(counted) == sorted(supported)


def test_claim_helper_builds_claims_the_loader_accepts() -> None:
    corpus = corpus_of({"a": ARTICLE}, claim("a1", "a", "broke off"))
    assert isinstance(corpus.claim("a1"), Claim)


def test_each_event_rule_takes_its_own_events_and_can_run_again() -> None:
    # CK0701 and CK0702 share the events of one check through the memo; each takes its
    # share out as it goes, so that nothing of them is left once both have run, and a rule
    # run again in the same check works its share out afresh.
    corpus = two_sources_and_one(
        {"event": "break-2019"}, {"event": "break-2019"}, {"event": "break-2020"}
    )
    resolved = resolve(corpus)
    context = Context(corpus=corpus, resolved=resolved, index=build_index(resolved))

    def hits(code: str) -> list[tuple[str, tuple[str, ...]]]:
        return [(hit.kind.value, hit.claims) for hit in RULES[code].function(context)]

    assert hits("CK0701") == [("pass", ("a1", "b1"))]
    left = context.memo["sources.events"]
    assert isinstance(left, dict)
    assert [(share, [item.claims for item in items]) for share, items in left.items()] == [
        (False, [("c1",)])
    ]
    assert hits("CK0702") == [("informational", ("c1",))]
    assert context.memo["sources.events"] == {}
    assert hits("CK0702") == [("informational", ("c1",))]
    assert hits("CK0701") == [("pass", ("a1", "b1"))]
    assert context.memo["sources.events"] == {}
