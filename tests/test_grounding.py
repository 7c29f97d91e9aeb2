"""Grounding: whether the words of the evidence support a claim's date, actors and numbers."""

from __future__ import annotations

import datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from claimkit import Actor, ActorKind, Corpus, PartialDate, Role
from claimkit._grounding import (
    Passages,
    Words,
    actor_grounded,
    date_grounded,
    name_forms,
    numbers,
    paragraphs,
    quantity_grounded,
    sentences,
)
from claimkit._model import Comparator, Quantity
from claimkit._temporal import tag
from claimkit.testing.strategies import partial_dates

PADRINO = Actor(
    id="vladimir-padrino-lopez",
    kind=ActorKind.PERSON,
    name="Vladimir Padrino López",
    aliases=("Vladímir Padrino", "General Vladimir Padrino Lopez", "Padrino"),
    roles=(Role(office="defence-minister", of="venezuela", aliases=("Defense Minister",)),),
)
VENEZUELA = Actor(id="venezuela", kind=ActorKind.STATE, name="Venezuela")
DUQUE = Actor(
    id="ivan-duque",
    kind=ActorKind.PERSON,
    name="Iván Duque",
    roles=(Role(office="president", of="colombia", aliases=("former president",)),),
)
CORPUS = Corpus(actors=(PADRINO, VENEZUELA, DUQUE))


def _texts(text: str) -> list[str]:
    return [text[start:end] for start, end in sentences(text)]


# --- sentences and words ------------------------------------------------------------------------


def test_sentences_end_at_full_stops_before_capitals() -> None:
    assert _texts("Relations broke. They met in 2019! Why? 16 died.") == [
        "Relations broke.",
        "They met in 2019!",
        "Why?",
        "16 died.",
    ]


def test_sentences_do_not_end_after_abbreviations_or_initials() -> None:
    text = "Mr. Petro spoke at 11:25 p.m. Friday. Gen. J. Smith agreed."
    assert _texts(text) == ["Mr. Petro spoke at 11:25 p.m. Friday.", "Gen. J. Smith agreed."]


def test_sentences_end_after_closing_quotes_and_at_line_breaks() -> None:
    assert _texts("He said “no.” Then he left\nA new line") == [
        "He said “no.”",
        "Then he left",
        "A new line",
    ]


def test_the_date_prefix_of_a_source_is_a_passage_of_its_own() -> None:
    text = " date 2022-11-09 Relations broke in 2019."
    assert _texts(text) == ["date 2022-11-09", "Relations broke in 2019."]
    assert [text[s:e] for s, e in paragraphs(text)] == [
        "date 2022-11-09",
        "Relations broke in 2019.",
    ]


def test_the_passage_around_a_span_covers_every_sentence_it_touches() -> None:
    text = "It rained. Relations were broken. Then it snowed. The end."
    found = Passages.sentences(text)
    start = text.index("broken")
    end = text.index("snowed") + 3
    assert text[slice(*found.around(start, end))] == "Relations were broken. Then it snowed."


def test_paragraphs_hold_the_sentences_of_one_line() -> None:
    text = "One. Two.\n\nThree. Four."
    found = Passages.paragraphs(text)
    assert found.text_around(text.index("Four"), text.index("Four") + 1) == (11, "Three. Four.")


_AWKWARD = list("aZ9 _-.,'\n") + list("éÍñßİﬁ½²ǅΣσς\u0301\u00a0")
_WORDY = st.text(
    alphabet=st.sampled_from(_AWKWARD) | st.characters(),
    max_size=40,
)


@given(_WORDY)
def test_words_fast_path_agrees_with_the_word_by_word_cut(text: str) -> None:
    import re

    fast = Words.of(text)
    slow = Words._of_words(text, list(re.finditer(r"[^\W_]+", text)))
    assert (fast.folded, fast.starts, fast.ends) == (slow.folded, slow.starts, slow.ends)
    # The fast path finds each word's indices when asked; the reference lists them all.
    for word in [*slow._positions, "absent", *(w + "s" for w in slow.folded)]:
        assert fast._at(word) == slow._positions.get(word, ())
    for index in range(len(slow.folded)):
        phrase = slow.folded[index : index + 2]
        assert fast.find(phrase, plural=True) == slow.find(phrase, plural=True)


_VOCABULARY = ["ana", "Ána", "bo", "bos", "co", "½", "1", "2"]


@given(
    st.lists(st.sampled_from(_VOCABULARY), max_size=30),
    st.lists(st.lists(st.sampled_from(_VOCABULARY), min_size=1, max_size=3), max_size=8),
)
def test_first_is_the_first_place_find_gives(text: list[str], phrases: list[list[str]]) -> None:
    # Asked in any order, and mixed with `find`, so that places `first` leaves behind for
    # later questions (and those `find` leaves for it) are right.
    words = Words.of(" ".join(text))
    reference = Words.of(" ".join(text))
    for number, phrase in enumerate(phrases):
        asked = " ".join(phrase)
        found = reference.find(asked)
        assert words.first(asked) == (found[0] if found else None)
        assert words.first(asked) == (found[0] if found else None)
        if number % 2:
            assert words.find(asked) == found


def test_first_stops_at_the_first_whole_phrase() -> None:
    words = Words.of("Juan Carlos, juan CARLOS Pinzón and Juan")
    assert words.first("juan carlos") == 0
    assert words.first("carlos pinzon") == 3
    assert words.first("pinzon juan") is None
    assert words.first("juan carlos pinzon and juan x") is None
    assert words.first("") is None
    assert words.first(("juan",)) == 0


def test_words_of_a_word_folding_to_two_pieces() -> None:
    words = Words.of("Pinzón ½ Ǆemal")
    assert words.folded == ("pinzon", "1", "2", "dzemal")
    assert tuple(words.starts) == (0, 7, 7, 9)
    assert tuple(words.ends) == (6, 8, 8, 14)


def test_words_are_found_whole_and_folded() -> None:
    words = Words.of("The defense ministers of Colombia met Vladímir PADRINO.")
    assert words.find("vladimir padrino") == (6,)
    assert words.find("Defense Minister") == ()
    assert words.find("Defense Minister", plural=True) == (1,)
    assert words.find("Colombi") == ()


# --- dates ---------------------------------------------------------------------------------------


def test_an_expression_meeting_the_claimed_date_supports_it() -> None:
    found = date_grounded(PartialDate.parse("2019-06"), tag("They broke ties in 2019."), None)
    assert found.verdict is True
    assert found.expression == "in 2019"
    assert found.value == PartialDate.parse("2019")


def test_expressions_that_all_mean_other_days_contradict_the_date() -> None:
    found = date_grounded(PartialDate.parse("2021"), tag("They broke ties in 2019."), None)
    assert found.verdict is False
    assert found.status == "contradicted"
    assert "'in 2019' means 2019, which 2021 cannot be" in found.reason


def test_no_expression_leaves_the_date_unsupported_but_not_contradicted() -> None:
    found = date_grounded(PartialDate.parse("2021"), (), None)
    assert found.status == "no-expression"
    assert found.verdict is None


def test_a_relative_expression_without_a_publication_date_cannot_be_placed() -> None:
    found = date_grounded(PartialDate.parse("2022-11-09"), tag("They meet this Wednesday."), None)
    assert found.status == "unplaced"
    assert found.verdict is None


def test_a_relative_expression_is_placed_with_the_source_date() -> None:
    mentions = tag("They meet this Wednesday.")
    published = PartialDate.parse("2022-11-09")
    assert date_grounded(PartialDate.parse("2022-11-09"), mentions, published).verdict is True
    assert date_grounded(PartialDate.parse("2022-11-02"), mentions, published).verdict is False


def test_a_weekday_and_date_supports_only_its_candidate_days() -> None:
    mentions = tag("They met this Thursday, May 11.")
    supported = date_grounded(PartialDate.parse("2023-05-11"), mentions, None)
    assert supported.verdict is True
    assert supported.value == PartialDate.parse("2023-05-11")
    other_year = date_grounded(PartialDate.parse("2022-05-11"), mentions, None)
    assert other_year.verdict is False
    assert "falls on its weekday only in" in other_year.reason


def test_the_narrowest_supporting_expression_is_reported() -> None:
    mentions = tag("Since 2015, and in March 2019 again, ties were broken.")
    found = date_grounded(PartialDate.parse("2019-03-04"), mentions, None)
    assert found.expression == "in March 2019"


def test_grounding_is_json_ready() -> None:
    found = date_grounded(PartialDate.parse("2021"), tag("They broke ties in 2019."), None)
    assert found.as_dict()["readings"] == [{"expression": "in 2019", "value": "2019"}]


# --- actors --------------------------------------------------------------------------------------


def test_surname_and_alias_forms_name_a_person_without_accents_or_case() -> None:
    for text in ("Padrino said", "VLADIMIR PADRINO said", "Vladimir Padrino Lopez said"):
        assert actor_grounded(PADRINO, text) is not None, text


def test_names_match_whole_words_only() -> None:
    assert actor_grounded(PADRINO, "The padrinos said so") is None


def test_a_person_is_named_by_the_last_word_of_the_name() -> None:
    person = Actor(id="hr", kind=ActorKind.PERSON, name="Homero Arellano")
    assert name_forms(person) == ("Homero Arellano", "Arellano")
    assert actor_grounded(person, "Arellano assured them") == "Arellano"


def test_a_state_is_named_by_its_demonym_unless_turned_off() -> None:
    assert actor_grounded(VENEZUELA, "The Venezuelan government") == "Venezuelan"
    assert actor_grounded(VENEZUELA, "The Venezuelan government", demonyms=False) is None


def test_an_office_names_its_holder_when_its_state_is_named() -> None:
    text = "The defense ministers of both countries met."
    assert actor_grounded(PADRINO, text, office="defence-minister", corpus=CORPUS) is None
    found = actor_grounded(
        PADRINO, text, office="defence-minister", corpus=CORPUS, wider="Venezuela and Colombia"
    )
    assert found == "defense ministers"
    assert actor_grounded(
        PADRINO, "Venezuela's defense minister", office="defence-minister", corpus=CORPUS
    )


def test_an_office_that_says_former_still_names_its_holder() -> None:
    text = "Ties were left paralyzed by the former president."
    assert actor_grounded(DUQUE, text, office="former president", corpus=CORPUS) is not None
    assert actor_grounded(DUQUE, "Ties were left paralyzed.", office="president") is None


# --- never raises --------------------------------------------------------------------------------


@settings(max_examples=150, deadline=None)
@given(
    st.text(max_size=200),
    partial_dates(min_year=1990, max_year=2030),
    st.one_of(st.none(), st.dates(datetime.date(1990, 1, 1), datetime.date(2030, 12, 31))),
)
def test_grounding_never_raises_on_arbitrary_text(
    text: str, claimed: PartialDate, published: datetime.date | None
) -> None:
    reference = None if published is None else PartialDate.from_date(published)
    found = date_grounded(claimed, tag(text, reference), reference)
    assert found.status in ("supported", "contradicted", "unplaced", "no-expression")
    actor_grounded(PADRINO, text, office="defence-minister", corpus=CORPUS, wider=text)
    actor_grounded(VENEZUELA, text)


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=200), st.integers(0, 200), st.integers(0, 200))
def test_passages_are_ordered_disjoint_and_cover_any_span(text: str, start: int, end: int) -> None:
    for split in (Passages.sentences, Passages.paragraphs):
        found = split(text)
        ends = [0]
        for low, high in found.bounds:
            assert ends[-1] <= low < high <= len(text)
            ends.append(high)
        low, high = found.around(start, end)
        assert low <= min(start, end, len(text))
        assert high >= min(max(start, end), len(text))


# --- numbers ----------------------------------------------------------------------------------


def _values(text: str) -> list[tuple[str, float]]:
    return [(n.text, n.low) for n in numbers(text) if n.exact]


def test_digits_are_read_with_separators_decimals_currency_and_scales() -> None:
    assert _values("a border of 2,219 km, over $90,000, 2.5 tonnes and 1.5 million people") == [
        ("2,219", 2219.0),
        ("$90,000", 90000.0),
        ("2.5", 2.5),
        ("1.5", 1.5),
        ("1.5 million", 1_500_000.0),
    ]


def test_number_words_ordinals_and_dozens_are_read() -> None:
    text = "five agreements, the third meeting, twenty-five men, a dozen and half a dozen"
    assert _values(text) == [
        ("five", 5.0),
        ("third", 3.0),
        ("twenty-five", 25.0),
        ("a dozen", 12.0),
        ("half a dozen", 6.0),
    ]


def test_a_month_long_tour_lasts_one_month_but_a_lone_article_is_no_number() -> None:
    assert _values("a month-long tour of a country") == [("month-long", 1.0)]


def test_vague_magnitudes_read_the_longest_phrase_as_a_range() -> None:
    found = [(n.text, n.low, n.high, n.exact) for n in numbers("hundreds of thousands of weapons")]
    assert found == [("hundreds of thousands", 1e5, 1e6, False)]
    (thousands,) = numbers("thousands of people")
    assert (thousands.low, thousands.high, thousands.phrase) == (1e3, 1e6, "thousands of people")


def test_an_exact_number_gives_only_its_own_value() -> None:
    written = numbers("the execution of 16 activities")
    assert quantity_grounded(Quantity(of="activities", value=16), written) is not None
    assert quantity_grounded(Quantity(of="activities", value=15), written) is None


def test_a_vague_magnitude_gives_a_lower_bound_inside_it_and_nothing_exact() -> None:
    written = numbers("thousands of civilians")
    more = Quantity(of="civilians", value=1000, comparator=Comparator.GT)
    assert quantity_grounded(more, written) is not None
    assert quantity_grounded(Quantity(of="civilians", value=3000), written) is None
    millions = Quantity(of="civilians", value=10**6, comparator=Comparator.GT)
    assert quantity_grounded(millions, written) is None


def test_the_seed_quantities_are_all_read_from_their_words() -> None:
    cases = [
        ("The two neighbors share a porous border of more than 2000 km", 2000, ">"),
        ("valued at over $90,000", 90000, ">"),
        ("confiscated 55 guns", 55, "="),
        ("left 16 soldiers dead", 16, "="),
        ("the five agreements covered in the joint statement", 5, "="),
        ("the third in less than a year", 3, "="),
        ("the displacement of thousands of civilians", 1000, ">"),
        ("procuring hundreds of thousands of new weapons", 100000, ">"),
        ("millions of dollars in contraband goods", 1000000, ">"),
        ("began a month-long tour of the country", 1, "~"),
    ]
    for text, value, comparator in cases:
        quantity = Quantity(of="x", value=value, comparator=Comparator(comparator))
        assert quantity_grounded(quantity, numbers(text)) is not None, text


@given(st.integers(0, 10**12))
def test_a_number_written_with_separators_reads_back_as_itself(value: int) -> None:
    assert (f"{value:,}", float(value)) in _values(f"about {value:,} people")


@given(st.text(max_size=80))
def test_numbers_never_raise_and_lie_inside_the_text(text: str) -> None:
    for number in numbers(text):
        assert text[number.start : number.end] == number.text
        assert number.low <= number.high


_PHRASES = [
    "Relations were broken in 2019.",
    "They met on August 7, 2019 and again last Sunday.",
    "The border opened this Thursday, May 11, after closing in August 2015.",
    "Talks resumed last year, then in 2021, and on March 3.",
    "Nothing was said about when.",
]


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(_PHRASES),
    partial_dates(),
    st.one_of(st.none(), partial_dates()),
    st.sampled_from(["past", "future"]),
)
def test_the_fast_support_test_agrees_with_date_grounded(
    text: str, claim_date: PartialDate, source_date: PartialDate | None, tense: str
) -> None:
    from claimkit._grounding import _date_supported

    mentions = tag(text, source_date)
    grounding = date_grounded(claim_date, mentions, source_date, tense=tense)  # type: ignore[arg-type]
    fast = _date_supported(claim_date, mentions, source_date, tense)  # type: ignore[arg-type]
    assert fast == (grounding.status == "supported")


def test_the_fast_support_test_agrees_on_the_seed_evidence(seed_corpus: Corpus) -> None:
    from claimkit._grounding import _date_supported
    from claimkit._resolve import resolve as resolve_corpus

    resolved = resolve_corpus(seed_corpus)
    outcomes = set()
    for claim in seed_corpus.claims:
        for item in resolved.claim_spans(claim.id):
            for claim_date in (claim.date, PartialDate.parse("2019"), PartialDate.parse("2022-09")):
                if claim_date is None:
                    continue
                for source_date in (None, PartialDate.parse("2022-11-09")):
                    grounding = date_grounded(claim_date, item.mentions, source_date)
                    fast = _date_supported(claim_date, item.mentions, source_date)
                    assert fast == (grounding.status == "supported")
                    outcomes.add(fast)
    assert outcomes == {True, False}
