"""Tests for the provenance rules (`claimkit._rules.provenance`, CK01) beyond their cases.

Drift needs a lock, which rule cases cannot express, so the moved and broken cases of
`provenance.source-changed` live here, built with `attrs.evolve(corpus, lock=...)`.
"""

from __future__ import annotations

import attrs
from hypothesis import assume, given
from hypothesis import strategies as st

from claimkit._anchor import Anchor, anchor
from claimkit._engine import check
from claimkit._findings import Finding, Kind, Severity
from claimkit._lock import Lock
from claimkit._model import Claim, Corpus, Source, Span
from claimkit._rules import registered_rules
from claimkit._rules._registry import Rule
from claimkit.errors import AnchorError

RULES = {rule.code: rule for rule in registered_rules(plugins=False)}
PROVENANCE = [rule for code, rule in sorted(RULES.items()) if code.startswith("CK01")]


def corpus_of(text: str, *quotes: str | Span, source: str = "a") -> Corpus:
    """One source and one claim per quote (`c1`, `c2`, ...) quoting it."""
    spans = [q if isinstance(q, Span) else Span(quote=q, source=source) for q in quotes]
    claims = tuple(
        Claim(id=f"c{n}", action="relations.break", evidence=(span,))
        for n, span in enumerate(spans, start=1)
    )
    return Corpus(sources=(Source(id=source, text=text),), claims=claims)


def pinned(corpus: Corpus) -> Corpus:
    """The corpus with a lock pinning every source's hash and every anchorable span."""
    spans: dict[tuple[str, int], tuple[int, int]] = {}
    for claim in corpus.claims:
        for index, span in enumerate(claim.evidence):
            assert span.source is not None
            found = anchor(corpus.source(span.source).text, span.quote)
            spans[(claim.id, index)] = (found.start, found.end)
    hashes = {source.id: source.sha256 for source in corpus.sources}
    return attrs.evolve(corpus, lock=Lock.build(hashes, spans))


def edited(corpus: Corpus, source: str, text: str) -> Corpus:
    """The corpus with one source's text replaced, its lock kept."""
    sources = tuple(Source(id=s.id, text=text) if s.id == source else s for s in corpus.sources)
    return attrs.evolve(corpus, sources=sources)


def placed(text: str, quote: str) -> Anchor | None:
    """Where `quote` is anchored in `text`, or `None` when it cannot be placed."""
    try:
        return anchor(text, quote)
    except AnchorError:
        return None


def run(corpus: Corpus, *rules: Rule) -> tuple[Finding, ...]:
    return check(corpus, rules=list(rules or PROVENANCE)).findings


def codes(corpus: Corpus) -> list[str]:
    return [finding.code for finding in run(corpus)]


# --- CK0101 provenance.quote-not-found ----------------------------------------------------


def test_a_missing_quote_names_the_claim_the_source_and_the_best_candidate() -> None:
    corpus = corpus_of(
        "Venezuela broke off relations with Colombia in 2019.",
        "Venezuela cut relations with Colombia",
    )
    (finding,) = run(corpus, RULES["CK0101"])
    assert (finding.kind, finding.severity, finding.claims) == (Kind.FAIL, Severity.ERROR, ("c1",))
    candidate = finding.details["candidate"]
    assert candidate["text"] == "Venezuela broke off relations with Colombia"
    assert (candidate["start"], candidate["end"]) == (0, 43)
    assert 50 <= candidate["score"] < 100
    for part in ("c1", "source a", "'Venezuela cut relations with Colombia'", "at 0-43"):
        assert part in finding.message
    assert f"similarity {candidate['score']:.1f}" in finding.message


def test_a_missing_quote_with_nothing_similar_says_so() -> None:
    (finding,) = run(corpus_of("abc def ghi", "zzzzzzzzzzzzzzzzzz"), RULES["CK0101"])
    assert finding.details["candidate"] is None
    assert "nothing in the source is similar" in finding.message


def test_a_span_of_an_unknown_source_cannot_be_placed() -> None:
    corpus = corpus_of("Relations broke.", Span(quote="Relations", source="elsewhere"))
    (finding,) = run(corpus, RULES["CK0101"])
    assert "unknown source 'elsewhere'" in finding.details["reason"]


@given(text=st.text(min_size=1, max_size=80), data=st.data())
def test_a_slice_of_the_source_used_as_a_quote_is_never_reported_missing(
    text: str, data: st.DataObject
) -> None:
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    quote = text[start:end]
    assume(placed(quote, quote) is not None)  # blank quotes are refused whatever the text
    assert "CK0101" not in codes(corpus_of(text, quote))


# --- CK0102 provenance.offsets-mismatch and CK0103 provenance.ambiguous-quote -------------


def test_offsets_that_do_not_hold_the_quote_say_where_the_quote_is() -> None:
    span = Span(quote="broken in 2019", source="a", start=0, end=14)
    (finding,) = run(corpus_of("Relations were broken in 2019.", span))
    assert finding.code == "CK0102"
    assert "0-14" in finding.message
    assert "the quote is at 15-29" in finding.message
    assert (finding.details["start"], finding.details["end"]) == (0, 14)


def test_an_ambiguous_quote_lists_every_candidate_offset() -> None:
    (finding,) = run(corpus_of("In 2019 it broke; in 2019 it closed; in 2019 again.", "in 2019"))
    assert finding.code == "CK0103"
    assert finding.details["candidates"] == [[18, 25], [37, 44]]
    assert "18-25, 37-44" in finding.message


# --- CK0104 provenance.source-changed -----------------------------------------------------


def test_a_pinned_corpus_whose_sources_are_unchanged_has_no_drift() -> None:
    corpus = pinned(corpus_of("Relations were broken in 2019.", "broken in 2019"))
    assert codes(corpus) == []


def test_a_quote_moved_by_an_edit_is_a_warning_with_old_and_new_offsets() -> None:
    corpus = pinned(corpus_of("Relations were broken in 2019.", "broken in 2019"))
    corpus = edited(corpus, "a", "Update: Relations were broken in 2019.")
    (finding,) = run(corpus)
    assert (finding.code, finding.kind, finding.severity) == (
        "CK0104",
        Kind.REVIEW,
        Severity.WARNING,
    )
    assert "moved from 15-29 to 23-37" in finding.message
    assert finding.details["drift"] == "moved"
    assert finding.details["pinned"] == [15, 29]
    assert (finding.details["start"], finding.details["end"]) == (23, 37)
    assert finding.details["pinned_sha256"] != finding.details["sha256"]


def test_a_quote_an_edit_removed_is_an_error_reported_once_as_a_changed_source() -> None:
    corpus = pinned(corpus_of("Relations were broken in 2019.", "broken in 2019"))
    corpus = edited(corpus, "a", "Relations were restored in 2022.")
    (finding,) = run(corpus)
    assert (finding.code, finding.kind, finding.severity) == ("CK0104", Kind.FAIL, Severity.ERROR)
    assert finding.details["drift"] == "broken"
    assert "pinned at 15-29" in finding.message
    assert "best candidate" in finding.details["reason"]


def test_an_edit_that_leaves_a_quote_in_place_is_not_drift() -> None:
    corpus = pinned(corpus_of("Relations were broken in 2019.", "broken in 2019"))
    found = run(edited(corpus, "a", "Relations were broken in 2019. More later."))
    assert [(f.code, f.kind) for f in found] == [("CK0104", Kind.INFORMATIONAL)]
    assert found[0].claims == ()
    assert found[0].details["drift"] is None


def test_a_source_changed_outside_every_quote_is_a_notice_on_the_source() -> None:
    text = "Relations were broken in 2019."
    corpus = corpus_of(text, "broken in 2019")
    old = Source(id="a", text=text).sha256
    corpus = attrs.evolve(corpus, lock=Lock.build({"a": old}, {("c1", 0): (15, 29)}))
    changed = edited(corpus, "a", text + " More later.")
    (finding,) = run(changed)
    new = changed.source("a").sha256
    assert (finding.code, finding.kind, finding.severity) == (
        "CK0104",
        Kind.INFORMATIONAL,
        Severity.INFO,
    )
    assert finding.message == (
        f"source a changed since it was pinned (sha256 {old[:8]}… -> {new[:8]}…); every quote "
        "still at its pinned offsets: re-run `claimkit pin`"
    )
    assert finding.details == {
        "drift": None,
        "pinned_sha256": old,
        "pinned_spans": 1,
        "sha256": new,
        "source": "a",
    }
    (location,) = finding.locations
    assert (location.claim, location.source, location.line, location.quote) == ("", "a", 1, None)


def test_a_source_with_a_drifted_quote_gets_no_separate_notice() -> None:
    corpus = pinned(corpus_of("Relations were broken in 2019.", "broken in 2019"))
    found = run(edited(corpus, "a", "Update: Relations were broken in 2019."))
    assert [(f.code, f.kind) for f in found] == [("CK0104", Kind.REVIEW)]


def test_an_unchanged_pinned_source_gets_no_notice() -> None:
    corpus = pinned(corpus_of("Relations were broken in 2019.", "broken in 2019"))
    assert run(corpus) == ()


@given(
    text=st.text(min_size=1, max_size=60), inserted=st.text(min_size=1, max_size=10), data=st.data()
)
def test_editing_a_source_before_a_pinned_quote_is_reported_as_a_changed_source(
    text: str, inserted: str, data: st.DataObject
) -> None:
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    quote = text[start:end]
    found = placed(text, quote)
    assume(found is not None)  # only a quote placed once can be pinned
    assert found is not None
    at = data.draw(st.integers(0, found.start))
    corpus = pinned(corpus_of(text, quote))
    changed = edited(corpus, "a", text[:at] + inserted + text[at:])
    assert [f.code for f in run(changed)] == ["CK0104"]


# --- CK0105 provenance.typographic-match and CK0106 provenance.no-evidence ----------------


def test_a_typographic_match_shows_what_the_source_really_reads() -> None:
    corpus = corpus_of("He said: “We will reopen the border.”", '"We will reopen the border."')
    (finding,) = run(corpus)
    assert (finding.code, finding.kind, finding.severity) == (
        "CK0105",
        Kind.INFORMATIONAL,
        Severity.INFO,
    )
    assert finding.details["text"] == "“We will reopen the border.”"
    assert finding.details["match"] == "typographic"
    assert "only up to typography" in finding.message


def test_a_claim_without_evidence_is_the_only_finding_about_it() -> None:
    corpus = Corpus(claims=(Claim(id="c1", action="relations.break"),))
    (finding,) = run(corpus)
    assert (finding.code, finding.claims) == ("CK0106", ("c1",))
    assert "c1 (relations.break) has no evidence" in finding.message


def test_the_seed_corpus_has_no_provenance_problem(seed_corpus: Corpus) -> None:
    problems = [f for f in run(seed_corpus) if f.kind is Kind.FAIL]
    assert problems == []
