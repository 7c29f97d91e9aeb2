"""Tests for anchoring spans by their quotes (`claimkit._anchor`)."""

from __future__ import annotations

import doctest
import functools
import unicodedata
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from claimkit import _anchor
from claimkit._anchor import (
    Anchor,
    MatchKind,
    anchor,
    best_candidate,
    context,
    find_all,
    find_typographic,
    fold,
)
from claimkit.errors import (
    AmbiguousQuoteError,
    AnchorError,
    OffsetMismatchError,
    QuoteNotFoundError,
)

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def seed(prefix: str) -> str:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


# --- exact matches ----------------------------------------------------------------------------


def test_a_quote_that_occurs_once_is_anchored_exactly() -> None:
    text = "Relations broke in 2019 and were restored in 2022."
    result = anchor(text, "restored in 2022")
    assert result == Anchor(33, 49, MatchKind.EXACT, 100.0)
    assert result.quote(text) == "restored in 2022"


def test_find_all_returns_every_occurrence_including_overlapping_ones() -> None:
    assert find_all("aaaa", "aa") == [(0, 2), (1, 3), (2, 4)]
    assert find_all("abc", "x") == []


def test_find_all_rejects_an_empty_quote() -> None:
    with pytest.raises(AnchorError):
        find_all("abc", "")


def test_a_repeated_quote_is_ambiguous_and_the_error_lists_every_occurrence() -> None:
    text = "Petro met Maduro. Later Petro flew home."
    with pytest.raises(AmbiguousQuoteError) as caught:
        anchor(text, "Petro")
    error = caught.value
    assert error.candidates == ((0, 5), (24, 29))
    message = str(error)
    assert "0-5" in message
    assert "24-29" in message
    assert "[Petro] flew" in message
    assert "prefix" in message
    assert "suffix" in message
    assert "occurrence" in message


def test_a_prefix_picks_the_occurrence_it_precedes() -> None:
    text = "Petro met Maduro. Later Petro flew home."
    assert anchor(text, "Petro", prefix="Later ").start == 24


def test_a_suffix_picks_the_occurrence_it_follows() -> None:
    text = "Petro met Maduro. Later Petro flew home."
    assert anchor(text, "Petro", suffix=" met").start == 0


def test_occurrence_counts_from_one() -> None:
    text = "Petro met Maduro. Later Petro flew home."
    assert anchor(text, "Petro", occurrence=1).start == 0
    assert anchor(text, "Petro", occurrence=2).start == 24


def test_occurrence_counts_every_occurrence_and_must_agree_with_the_context() -> None:
    text = "x Petro, x Petro, y Petro."
    assert anchor(text, "Petro", prefix="x ", occurrence=2).start == 11
    with pytest.raises(AmbiguousQuoteError, match="does not have the given prefix") as caught:
        anchor(text, "Petro", prefix="x ", occurrence=3)
    assert caught.value.candidates == ((2, 7), (11, 16))


def test_a_span_saved_with_its_context_and_occurrence_anchors_again() -> None:
    text = "Petro met Maduro. Later Petro flew home. Petro again."
    first = anchor(text, "Petro", occurrence=3)
    before, after = first.context(text)
    again = anchor(text, "Petro", prefix=before, suffix=after, occurrence=3)
    assert again == first == Anchor(41, 46, MatchKind.EXACT)


def test_context_that_fits_several_occurrences_is_still_ambiguous() -> None:
    text = "x Petro, x Petro, y Petro."
    with pytest.raises(AmbiguousQuoteError) as caught:
        anchor(text, "Petro", prefix="x ")
    assert caught.value.candidates == ((2, 7), (11, 16))
    assert "occurs 3 times, 2 with the given prefix/suffix" in str(caught.value)


def test_context_that_fits_no_occurrence_is_ambiguous() -> None:
    text = "x Petro, x Petro."
    with pytest.raises(AmbiguousQuoteError, match="none has the given prefix/suffix"):
        anchor(text, "Petro", prefix="z ")


def test_an_occurrence_beyond_the_last_one_is_an_error() -> None:
    with pytest.raises(AmbiguousQuoteError, match="occurrence 3 was asked for"):
        anchor("ab ab", "ab", occurrence=3)
    with pytest.raises(AmbiguousQuoteError):
        anchor("ab", "ab", occurrence=2)


def test_an_occurrence_below_one_is_rejected() -> None:
    with pytest.raises(AnchorError, match="counts from 1"):
        anchor("ab ab", "ab", occurrence=0)


def test_context_only_disambiguates_so_a_single_occurrence_is_placed_regardless() -> None:
    assert anchor("one Petro here", "Petro", prefix="nothing like it").start == 4


def test_context_is_compared_typographically_when_it_differs_verbatim() -> None:
    text = "“Yes” said Petro. “No” said Petro."
    assert anchor(text, "said Petro", prefix='"No" ').start == 23


def test_a_lone_start_or_end_keeps_the_occurrence_at_that_offset() -> None:
    text = "Petro met Maduro. Later Petro flew home."
    assert anchor(text, "Petro", start=24).end == 29
    assert anchor(text, "Petro", end=5).start == 0
    with pytest.raises(AmbiguousQuoteError, match="no occurrence of the quote has start 3"):
        anchor(text, "Petro", start=3)


# --- offsets given ----------------------------------------------------------------------------


def test_offsets_that_hold_the_quote_are_verified() -> None:
    text = "Relations broke in 2019."
    assert anchor(text, "broke", start=10, end=15) == Anchor(10, 15, MatchKind.OFFSETS)


def test_offsets_that_hold_the_quote_up_to_typography_are_typographic() -> None:
    text = "He said “no” twice."
    result = anchor(text, '"no"', start=8, end=12)
    assert result == Anchor(8, 12, MatchKind.TYPOGRAPHIC)


def test_offsets_that_hold_something_else_say_what_is_there_and_where_the_quote_is() -> None:
    text = "Relations broke in 2019."
    with pytest.raises(OffsetMismatchError) as caught:
        anchor(text, "broke", start=0, end=9)
    message = str(caught.value)
    assert '"Relations"' in message
    assert "the quote is at 10-15" in message


def test_offsets_outside_the_text_are_a_mismatch() -> None:
    with pytest.raises(OffsetMismatchError, match="outside the source"):
        anchor("short", "short", start=0, end=99)
    with pytest.raises(OffsetMismatchError, match="outside the source"):
        anchor("short", "short", start=-1, end=4)
    with pytest.raises(OffsetMismatchError, match="outside the source"):
        anchor("short", "short", start=4, end=2)


def test_offsets_for_a_quote_nowhere_in_the_text_name_the_best_candidate() -> None:
    text = "Relations were broken in 2019."
    with pytest.raises(OffsetMismatchError, match=r"not in the source; best candidate at 0-21"):
        anchor(text, "Relations were brokn", start=0, end=3)


def test_offsets_are_compared_verbatim_when_typography_is_off() -> None:
    with pytest.raises(OffsetMismatchError):
        anchor("He said “no”.", '"no"', start=8, end=12, typographic=False)


# --- typographic matches ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "quote", "stretch"),
    [
        ("He said “no way” to them.", '"no way"', "“no way”"),
        ("He said ‘no’ to them.", "'no'", "‘no’"),
        ('He said "no way" to them.', "“no way”", '"no way"'),
        ("the 2012–2015 talks", "2012-2015", "2012–2015"),
        ("a long — very long — wait", "long - very", "long — very"),
        ("a −5 degree night", "-5 degree", "−5 degree"),
        ("wait… what", "wait... what", "wait… what"),
        ("ten\u00a0km away", "ten km", "ten\u00a0km"),
        ("ten\u202fkm away", "ten km", "ten\u202fkm"),
        ("border\n\n  security", "border security", "border\n\n  security"),
        ("border security", "border \n security", "border security"),
        ("Minister Iván Velásquez said", nfd("Iván Velásquez"), "Iván Velásquez"),
        (nfd("Minister Iván Velásquez said"), "Iván Velásquez", nfd("Iván Velásquez")),
        ("soft\u00adhyphen here", "softhyphen", "soft\u00adhyphen"),
        ("Korea 한국 today", "\u1112\u1161\u11ab\u1100\u116e\u11a8", "한국"),
    ],
)
def test_a_quote_that_differs_only_in_typography_is_anchored_over_the_whole_stretch(
    text: str, quote: str, stretch: str
) -> None:
    result = anchor(text, quote)
    assert result.kind is MatchKind.TYPOGRAPHIC
    assert result.score == 100.0
    assert text[result.start : result.end] == stretch
    assert fold(stretch) == fold(quote)


def test_a_typographic_match_never_ends_inside_a_folded_character() -> None:
    # "wait.." folds onto the first two dots of "…", which is not a whole character.
    with pytest.raises(QuoteNotFoundError):
        anchor("wait… what", "wait..")
    with pytest.raises(QuoteNotFoundError):
        anchor("Iván", nfd("Iva"))


def test_an_exact_match_wins_over_a_typographic_one() -> None:
    text = 'He said “no”, then "no".'
    assert anchor(text, '"no"') == Anchor(19, 23, MatchKind.EXACT)


def test_a_repeated_typographic_match_is_ambiguous_and_can_be_settled() -> None:
    text = "“no” and “no”"
    with pytest.raises(AmbiguousQuoteError) as caught:
        anchor(text, '"no"')
    assert caught.value.candidates == ((0, 4), (9, 13))
    assert anchor(text, '"no"', occurrence=2) == Anchor(9, 13, MatchKind.TYPOGRAPHIC)
    assert anchor(text, '"no"', prefix="and ").start == 9


def test_typographic_matching_can_be_turned_off() -> None:
    with pytest.raises(QuoteNotFoundError):
        anchor("He said “no”.", '"no"', typographic=False)


def test_find_typographic_returns_original_offsets() -> None:
    assert find_typographic("a “b”  c “b”", '"b" c') == [(2, 8)]
    assert find_typographic("abc", "   ") == []


def test_fold_documents_its_choices() -> None:
    assert fold("“a” ‘b’ «c» „d“") == '"a" \'b\' "c" "d"'
    assert fold("a–b—c−d") == "a-b-c-d"
    assert fold("wait…") == "wait..."
    assert fold("a \u00a0\n\t b\u2003c") == "a b c"
    assert fold("zero\u200bwidth") == "zerowidth"
    assert fold(nfd("Iván")) == "Iván"
    assert fold("Case Kept") == "Case Kept"


# --- quotes that are not there ----------------------------------------------------------------


def test_a_missing_quote_is_never_placed_and_the_best_candidate_is_named() -> None:
    text = "In 2019 relations were broken off for good."
    with pytest.raises(QuoteNotFoundError) as caught:
        anchor(text, "relations were brokn")
    error = caught.value
    assert (error.candidate_start, error.candidate_end) == (8, 29)
    assert error.candidate == "relations were broken"
    assert error.score is not None
    assert 80 < error.score < 100
    assert str(error) == (
        'quote not found in source; best candidate at 8-29 (score 95.0): "relations were broken"'
    )


def test_a_missing_quote_in_an_empty_text_has_no_candidate() -> None:
    with pytest.raises(QuoteNotFoundError) as caught:
        anchor("", "anything")
    assert caught.value.candidate is None
    assert caught.value.score is None
    assert best_candidate("", "anything") is None


def test_a_quote_like_nothing_in_the_text_has_no_candidate() -> None:
    with pytest.raises(QuoteNotFoundError, match="nothing in it is similar") as caught:
        anchor("aaaa aaaa aaaa", "xyz")
    assert caught.value.candidate is None


def test_the_best_candidate_is_found_through_typography_and_case() -> None:
    text = seed("003")
    result = best_candidate(text, "caracas has taken steps to restore military relations")
    assert result is not None
    start, end, score = result
    assert text[start:end].startswith("Caracas has taken steps to restore “military relations")
    assert score > 90


@pytest.mark.parametrize("quote", ["", " ", "\n\t "])
def test_an_empty_or_blank_quote_is_an_error(quote: str) -> None:
    with pytest.raises(AnchorError, match="more than white space"):
        anchor("some text", quote)


@pytest.mark.parametrize("quote", ["\u200b", " \ufeff\n"])
def test_a_quote_of_invisible_characters_is_blank(quote: str) -> None:
    with pytest.raises(AnchorError, match="more than white space"):
        anchor("abc\u200b \ufeff\n", quote)


# --- anchors and context ----------------------------------------------------------------------


def test_context_gives_prefix_and_suffix_clipped_at_the_edges() -> None:
    text = "Relations broke in 2019."
    assert context(text, 10, 15, width=6) == ("tions ", " in 20")
    assert context(text, 0, 9) == ("", " broke in 2019.")
    assert Anchor(10, 15, MatchKind.EXACT).context(text, 3) == ("ns ", " in")


def test_an_anchor_with_start_after_end_is_invalid() -> None:
    with pytest.raises(ValueError, match="start <= end"):
        Anchor(5, 3, MatchKind.EXACT)


def test_repeated_anchoring_on_one_text_folds_it_once() -> None:
    text = "A unique text for the cache test: “quoted”, " * 3 + "end."
    _anchor._folded.cache_clear()
    anchor(text, '"quoted", end')
    anchor(text, '"quoted", end.')
    info = _anchor._folded.cache_info()
    assert info.misses == 1
    assert info.hits >= 1


def test_the_examples_in_the_docstrings_run() -> None:
    failures, _ = doctest.testmod(_anchor)
    assert failures == 0


# --- the seed corpus --------------------------------------------------------------------------


def test_straight_quotes_anchor_the_curly_ones_of_seed_003() -> None:
    text = seed("003")
    result = anchor(text, 'restore "military relations" with Bogota')
    assert result.kind is MatchKind.TYPOGRAPHIC
    assert text[result.start : result.end] == "restore “military relations” with Bogota"


def test_an_ascii_ellipsis_anchors_the_bracketed_one_of_seed_003() -> None:
    text = seed("003")
    result = anchor(text, "little by little [...] with great caution, great tact [...] for us")
    assert result.kind is MatchKind.TYPOGRAPHIC
    assert "[…] with great caution" in text[result.start : result.end]


def test_a_decomposed_name_anchors_the_composed_one_of_seed_002() -> None:
    text = seed("002")
    quote = nfd("Iván Velásquez")
    assert quote != "Iván Velásquez"
    result = anchor(text, quote)
    assert result.kind is MatchKind.TYPOGRAPHIC
    assert text[result.start : result.end] == "Iván Velásquez"


def test_a_straight_apostrophe_anchors_the_curly_one_of_seed_004() -> None:
    text = seed("004")
    result = anchor(text, "Colombia asks for Venezuela's cooperation")
    assert (result.start, result.kind) == (0, MatchKind.TYPOGRAPHIC)


def test_a_hyphen_anchors_the_em_dash_of_seed_000() -> None:
    text = seed("000")
    dash = text.index("—")
    before, after = text[dash - 12 : dash], text[dash + 1 : dash + 12]
    result = anchor(text, f"{before}-{after}")
    assert (result.start, result.end) == (dash - 12, dash + 12)


def test_the_seed_metadata_prefix_is_counted_in_offsets() -> None:
    text = seed("002")
    assert text.startswith(" date 2023-05-12 ")
    result = anchor(text, "The Colombian minister for national defense")
    assert result.start == len(" date 2023-05-12 ")


def test_a_name_repeated_in_seed_003_needs_settling() -> None:
    text = seed("003")
    with pytest.raises(AmbiguousQuoteError) as caught:
        anchor(text, "Mr. Petro")
    assert len(caught.value.candidates) == 2
    assert anchor(text, "Mr. Petro", suffix=" last Sunday").kind is MatchKind.EXACT


def test_a_misquote_of_seed_001_is_reported_with_its_candidate() -> None:
    text = seed("001")
    with pytest.raises(QuoteNotFoundError) as caught:
        anchor(text, "to strengthen bilateral relation in terms of military co-operation")
    error = caught.value
    assert error.candidate is not None
    assert "to strengthen bilateral relations" in error.candidate
    assert error.score is not None
    assert error.score > 85


# --- properties -------------------------------------------------------------------------------


@given(st.text(max_size=60), st.data())
def test_any_slice_of_a_text_anchors_back_to_itself(text: str, data: st.DataObject) -> None:
    assume(text.strip())
    i = data.draw(st.integers(0, len(text) - 1))
    j = data.draw(st.integers(i + 1, len(text)))
    quote = text[i:j]
    assume(fold(quote).strip())
    occurrence = find_all(text, quote).index((i, j)) + 1
    result = anchor(text, quote, occurrence=occurrence)
    assert (result.start, result.end, result.kind) == (i, j, MatchKind.EXACT)
    assert text[result.start : result.end] == quote


_VARIANTS: dict[str, list[str]] = {
    '"': ["“", "”", "„", "«", "»"],
    "'": ["‘", "’", "‚", "′"],
    "“": ['"', "”"],
    "’": ["'", "‘"],
    "-": ["–", "—", "−", "‐"],
    "—": ["-", "–"],
    "…": ["..."],
    " ": ["\u00a0", "  ", "\n", "\t", "\u2009", " \u200b "],
    "\n": [" ", "\r\n", "\n\n"],
    "é": [nfd("é")],
    "á": [nfd("á")],
    "ñ": [nfd("ñ")],
    "한": ["\u1112\u1161\u11ab"],
}
_INVISIBLE = "\u00ad\u200b\u2060\ufeff"
_ALPHABET = st.sampled_from([*_VARIANTS, "a", "b", "e", "n", ".", "\u00a0", "\u200b"])


@given(st.lists(_ALPHABET, min_size=1, max_size=40).map("".join), st.data())
def test_a_typographically_altered_slice_anchors_to_a_stretch_that_folds_the_same(
    text: str, data: st.DataObject
) -> None:
    i = data.draw(st.integers(0, len(text) - 1))
    j = data.draw(st.integers(i + 1, len(text)))
    quote = "".join(
        data.draw(st.sampled_from([char, *_VARIANTS.get(char, [])])) for char in text[i:j]
    )
    assume(fold(quote).strip())
    # Invisible characters at the edges of a slice are not part of the stretch it anchors to.
    while i < j and text[i] in _INVISIBLE:
        i += 1
    while j > i and text[j - 1] in _INVISIBLE:
        j -= 1
    exact = find_all(text, quote)
    found = exact or find_typographic(text, quote)
    if len(found) > 1:
        with pytest.raises(AmbiguousQuoteError) as caught:
            anchor(text, quote)
        assert list(caught.value.candidates) == found
        if exact:  # the altered quote happens to occur verbatim elsewhere, and exact wins
            return
        covering = [n for n, (a, b) in enumerate(found, 1) if a <= i and j <= b]
        assert covering
        result = anchor(text, quote, occurrence=covering[0])
    else:
        result = anchor(text, quote)
    stretch = text[result.start : result.end]
    if result.kind is MatchKind.EXACT:
        assert stretch == quote
    else:
        assert result.kind is MatchKind.TYPOGRAPHIC
        assert fold(stretch) == fold(quote)
        assert result.start <= i
        assert j <= result.end


# Characters where folding is delicate: combining marks (in different classes), Hangul jamo
# that compose across "starters", spaces, invisible characters and an ellipsis.
_TRICKY = st.text(
    alphabet="ae\u0301\u0308\u0316é\u1100\u1161\u11a8한 \u00a0\n\u200b\u00ad….'’-–",
    max_size=30,
)


@given(_TRICKY | st.text(max_size=40), _TRICKY | st.text(max_size=10))
def test_every_typographic_match_folds_to_the_quote(text: str, quote: str) -> None:
    assume(quote)
    for start, end in find_typographic(text, quote):
        assert fold(text[start:end]) == fold(quote)


@given(_TRICKY | st.text())
def test_folding_is_idempotent(text: str) -> None:
    assert fold(fold(text)) == fold(text)


@settings(deadline=None)
@given(
    text=st.text(max_size=200),
    quote=st.text(max_size=40),
    prefix=st.none() | st.text(max_size=5),
    suffix=st.none() | st.text(max_size=5),
    occurrence=st.none() | st.integers(-2, 4),
    start=st.none() | st.integers(-3, 210),
    end=st.none() | st.integers(-3, 210),
    typographic=st.booleans(),
)
def test_anchoring_anything_raises_only_anchor_errors(
    text: str,
    quote: str,
    prefix: str | None,
    suffix: str | None,
    occurrence: int | None,
    start: int | None,
    end: int | None,
    typographic: bool,
) -> None:
    try:
        result = anchor(
            text,
            quote,
            prefix=prefix,
            suffix=suffix,
            occurrence=occurrence,
            start=start,
            end=end,
            typographic=typographic,
        )
    except AnchorError:
        return
    stretch = text[result.start : result.end]
    assert stretch == quote or (typographic and fold(stretch) == fold(quote))


# --- the fast path of `anchor` ---------------------------------------------------------------


def _reference_anchor(
    text: str,
    quote: str,
    *,
    prefix: str | None,
    suffix: str | None,
    occurrence: int | None,
    start: int | None,
) -> Anchor:
    """`anchor` as first written, without the fast path for a quote found once (no offsets
    pair: those go to the same `_verify`)."""
    choose = functools.partial(
        _anchor._choose,
        text,
        prefix=prefix,
        suffix=suffix,
        occurrence=occurrence,
        start=start,
        end=None,
        typographic=True,
    )
    exact = find_all(text, quote)
    if exact:
        return Anchor(*choose(exact), MatchKind.EXACT)
    found = _anchor._typographic(text, quote)
    if found is not None and found[1]:
        folded, ranges = found
        return Anchor(*choose([folded.to_original(a, b) for a, b in ranges]), MatchKind.TYPOGRAPHIC)
    raise QuoteNotFoundError("not found")


def _outcome(call: functools.partial[Anchor]) -> object:
    try:
        return call()
    except QuoteNotFoundError:
        return QuoteNotFoundError
    except AnchorError as error:
        return (type(error), str(error))


@settings(max_examples=300)
@given(
    st.text(alphabet="ab \u2019'\u00a0-\u2013", max_size=30),
    st.text(alphabet="ab '-", min_size=1, max_size=4),
    st.sampled_from([None, 1, 2, 3]),
    st.sampled_from([None, "", "a", "b ", "'"]),
    st.sampled_from([None, "", "a", " b", "-"]),
    st.sampled_from([None, 0, 1, 3]),
)
def test_the_fast_path_anchors_as_the_plain_search_does(
    text: str,
    quote: str,
    occurrence: int | None,
    prefix: str | None,
    suffix: str | None,
    start: int | None,
) -> None:
    assume(quote.strip())
    kwargs = {"prefix": prefix, "suffix": suffix, "occurrence": occurrence, "start": start}
    fast = _outcome(functools.partial(anchor, text, quote, **kwargs))  # type: ignore[arg-type]
    plain = _outcome(functools.partial(_reference_anchor, text, quote, **kwargs))  # type: ignore[arg-type]
    assert fast == plain


@given(
    st.text(alphabet="ab \u00a0\u200b'", max_size=30),
    st.text(alphabet="ab \u200b'", min_size=1, max_size=4),
)
def test_find_once_is_the_exact_anchor_of_a_quote_that_occurs_once(text: str, quote: str) -> None:
    at = _anchor.find_once(text, quote)
    blank = not quote.strip() or not quote.strip().replace("\u200b", "").strip()
    if blank or len(find_all(text, quote)) != 1:
        assert at == -1
        return
    expected = Anchor(at, at + len(quote), MatchKind.EXACT)
    assert anchor(text, quote) == expected
    assert anchor(text, quote, occurrence=1, prefix="zz", suffix="zz") == expected
