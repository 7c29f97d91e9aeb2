"""The data model: sources, spans, actors, roles, quantities, claims and the corpus."""

from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import claimkit
from claimkit import Comparator, PartialDate, Quantity
from claimkit._anchor import fold
from claimkit.errors import (
    AmbiguousQuoteError,
    DuplicateIdError,
    QuoteNotFoundError,
    UnknownReferenceError,
)


def test_a_source_hashes_its_text_exactly_as_stored() -> None:
    a = claimkit.Source(id="a", text="Relations broke in 2019.\r\n")
    b = claimkit.Source(id="a", text="Relations broke in 2019.\n")
    assert a.sha256 != b.sha256
    assert len(a.sha256) == 64


def test_the_seed_date_prefix_gives_the_publication_date() -> None:
    assert claimkit._model.published_prefix(" date 2023-05-12 The Colombian") == PartialDate.parse(
        "2023-05-12"
    )
    assert claimkit._model.published_prefix("date 2023-05-12 no leading space") is None


def test_source_span_finds_offsets_and_context() -> None:
    source = claimkit.Source(id="s", text="Venezuela broke off relations with Colombia in 2019.")
    span = source.span("relations with Colombia")
    assert source.text[span.start : span.end] == "relations with Colombia"
    assert span.prefix is not None and span.prefix.endswith("broke off ")
    assert span.suffix is not None and span.suffix.startswith(" in 2019")


def test_source_span_never_places_a_missing_or_repeated_quote() -> None:
    source = claimkit.Source(id="s", text="in 2019 and again in 2019")
    with pytest.raises(AmbiguousQuoteError):
        source.span("in 2019")
    assert source.span("in 2019", occurrence=2).start == 18
    with pytest.raises(QuoteNotFoundError):
        source.span("in 2020 and later")


@given(st.text(min_size=1, max_size=80), st.data())
def test_an_anchored_span_always_holds_its_quote(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    quote = text[start:end]
    assume(fold(quote).strip())  # blank or invisible-only quotes are refused by design
    occurrences = [i for i in range(len(text)) if text.startswith(quote, i)]
    span = claimkit.Source(id="s", text=text).span(quote, occurrence=occurrences.index(start) + 1)
    assert span.start is not None and span.end is not None
    assert text[span.start : span.end] == quote


def test_a_span_needs_both_offsets_in_order() -> None:
    with pytest.raises(ValueError, match="both start and end"):
        claimkit.Span(quote="x", start=1)
    with pytest.raises(ValueError, match="start <= end"):
        claimkit.Span(quote="x", start=5, end=2)
    with pytest.raises(ValueError, match="occurrence counts from 1"):
        claimkit.Span(quote="x", occurrence=0)


def test_a_suppression_needs_a_reason() -> None:
    with pytest.raises(ValueError, match="reason"):
        claimkit.Suppression("CK0301", "  ")


def test_names_fold_accents_case_and_punctuation() -> None:
    assert claimkit.normalize_name("Vladímir Padrino López") == claimkit.normalize_name(
        "VLADIMIR padrino-lopez"
    )


def test_an_actor_finds_its_roles_by_office_title_or_alias() -> None:
    role = claimkit.Role(
        office="defence-minister",
        of="colombia",
        title="Minister of Defence",
        aliases=("Defense Minister",),
        start=PartialDate.parse("2011-09"),
        end=PartialDate.parse("2015-06"),
    )
    actor = claimkit.Actor(
        id="p", kind=claimkit.ActorKind.PERSON, name="Juan Carlos Pinzón", roles=(role,)
    )
    assert actor.roles_as("defense minister") == (role,)
    assert actor.roles_as("Defence-Minister") == (role,)
    assert actor.roles_as("president") == ()
    assert str(role.tenure) == "2011-09/2015-06"


def test_an_ongoing_role_has_an_open_tenure() -> None:
    role = claimkit.Role(office="president", start=PartialDate.parse("2022-08-07"), ongoing=True)
    assert str(role.tenure) == "2022-08-07/.."
    assert str(claimkit.Role(office="president", start=PartialDate.parse("2022")).tenure) == "2022/"


@pytest.mark.parametrize(
    ("comparator", "bounds"),
    [
        (Comparator.EQ, (2000, 2000)),
        (Comparator.GT, (2000, float("inf"))),
        (Comparator.LE, (float("-inf"), 2000)),
        (Comparator.ABOUT, (1800.0, 2200.0)),
    ],
)
def test_a_quantity_bounds_the_true_value_by_its_comparator(
    comparator: Comparator, bounds: tuple[float, float]
) -> None:
    assert Quantity(of="km", value=2000, comparator=comparator).bounds() == bounds


def test_the_corpus_looks_up_by_id_and_suggests_close_ids() -> None:
    corpus = claimkit.Corpus(
        claims=(claimkit.Claim(id="relations-broken", action="relations.break"),)
    )
    assert corpus.claim("relations-broken").action == "relations.break"
    with pytest.raises(UnknownReferenceError, match="did you mean 'relations-broken'"):
        corpus.claim("relations-broke")
    assert len(corpus) == 1


def test_the_corpus_refuses_duplicate_ids() -> None:
    claim = claimkit.Claim(id="c", action="meeting")
    with pytest.raises(DuplicateIdError, match="'c'"):
        claimkit.Corpus(claims=(claim, claim))


def test_a_claim_lists_actors_by_role_and_its_sources() -> None:
    claim = claimkit.Claim(
        id="c",
        action="meeting",
        actors=(claimkit.Participant("participants", "a"), claimkit.Participant("host", "b")),
        evidence=(claimkit.Span(quote="x", source="s2"), claimkit.Span(quote="y", source="s1")),
    )
    assert claim.actors_in("participants") == ("a",)
    assert claim.sources == ("s1", "s2")


@given(st.lists(st.one_of(st.none(), st.sampled_from(["", "s1", "s2", "s3"])), max_size=4))
def test_a_claim_s_sources_are_its_evidence_s_sorted_without_repeats_or_blanks(
    sources: list[str | None],
) -> None:
    evidence = tuple(claimkit.Span(quote="q", source=source) for source in sources)
    claim = claimkit.Claim(id="c", action="meeting", evidence=evidence)
    assert claim.sources == tuple(sorted({source for source in sources if source}))
