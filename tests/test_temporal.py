"""Tests for reading temporal expressions: `claimkit._temporal`."""

from __future__ import annotations

import ast
import datetime
import inspect
import json
import re
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from claimkit import _temporal
from claimkit._dates import PartialDate
from claimkit._temporal import DEFAULT_POLICY, Mention, Policy, Resolution, Tense, resolve, tag
from claimkit.errors import ConfigError, TemporalExpressionError

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
CASES = YAML(typ="safe").load((Path(__file__).parent / "data" / "temporal_cases.yaml").read_text())[
    "cases"
]
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def seed(prefix: str) -> str:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def reference_of(text: str | None) -> PartialDate | datetime.date | None:
    if text is None:
        return None
    if len(text) == 10 and "/" not in text:
        return datetime.date.fromisoformat(text)
    return PartialDate.parse(text)


# --- the table of cases ---------------------------------------------------------------------


def test_the_table_has_at_least_seventy_cases_with_unique_ids() -> None:
    ids = [case["id"] for case in CASES]
    assert len(ids) >= 70
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("case", CASES, ids=[case["id"] for case in CASES])
def test_each_case_in_the_table_resolves_as_written(case: dict[str, Any]) -> None:
    policy = Policy(**case.get("policy", {}))
    reference = reference_of(case["reference"])
    if "error" in case:
        with pytest.raises(TemporalExpressionError, match=case["error"]):
            resolve(case["expression"], reference, tense=case["tense"], policy=policy)
        return
    resolution = resolve(case["expression"], reference, tense=case["tense"], policy=policy)
    value = None if resolution.value is None else str(resolution.value)
    assert value == case["expected"]
    assert resolution.relation == case.get("relation", "on")
    assert list(resolution.candidates) == case.get("candidates", [])
    assert (resolution.mismatch is not None) == case.get("mismatch", False)
    assert resolution.holds == (not case.get("mismatch", False))
    assert resolution.trace, "every resolution shows its working"


# --- the working ----------------------------------------------------------------------------


def test_an_inferred_year_is_explained_in_the_trace() -> None:
    resolution = resolve("On September 26", datetime.date(2022, 11, 9))
    inferred = [step for step in resolution.trace if step.kind == "inferred"]
    assert [step.detail for step in inferred] == [
        "inferred year 2022: latest September 26 not after 2022-11-09"
    ]
    assert inferred[0].rule == "year-less"


def test_a_weekday_mismatch_is_reported_and_the_named_date_kept() -> None:
    resolution = resolve("this Thursday, May 11", datetime.date(2022, 5, 12))
    assert resolution.mismatch == "May 11, 2022 was a Wednesday, not a Thursday"
    assert str(resolution.value) == "2022-05-11"
    assert not resolution.holds
    assert any(step.kind == "check" for step in resolution.trace)


def test_an_agreeing_weekday_is_recorded_as_a_passed_check() -> None:
    resolution = resolve("this Thursday, May 11", datetime.date(2023, 5, 12))
    checks = [step.detail for step in resolution.trace if step.kind == "check"]
    assert checks == ["May 11, 2023 was a Thursday, as the words say"]


def test_skipped_filler_words_are_named_in_the_trace() -> None:
    resolution = resolve("until a relaxation in October 2021")
    fillers = [step for step in resolution.trace if step.rule == "filler"]
    assert [step.text for step in fillers] == ["a relaxation in"]


def test_a_range_of_references_says_so_in_the_trace() -> None:
    resolution = resolve("last Sunday", PartialDate.parse("2023-05-11/2023-05-31"))
    assert resolution.trace[0].rule == "reference-range"
    assert "21 days" in resolution.trace[0].detail
    assert any("not form one run" in step.detail for step in resolution.trace)


def test_the_dictionary_form_is_json_ready() -> None:
    resolution = resolve("this Thursday, May 11")
    data = resolution.as_dict()
    assert json.loads(json.dumps(data)) == data
    assert data["value"] is None
    assert data["candidates"] == [1995, 2000, 2006, 2017, 2023, 2028, 2034]
    assert set(data) == {"expression", "value", "relation", "candidates", "mismatch", "trace"}
    assert set(data["trace"][0]) == {"rule", "text", "kind", "detail"}  # type: ignore[index]


def test_candidate_years_follow_the_policy_window() -> None:
    policy = Policy(candidate_years=(2010, 2024))
    assert resolve("Thursday, May 11", policy=policy).candidates == (2017, 2023)


def test_a_datetime_reference_counts_as_its_day() -> None:
    moment = datetime.datetime(2022, 11, 9, 23, 59)
    assert str(resolve("yesterday", moment).value) == "2022-11-08"


def test_a_partial_date_reference_of_one_day_acts_like_a_date() -> None:
    assert str(resolve("last Sunday", PartialDate.of(2022, 8, 9)).value) == "2022-08-07"


# --- misuse ---------------------------------------------------------------------------------


def test_an_unknown_tense_is_a_configuration_error() -> None:
    with pytest.raises(ConfigError, match="tense"):
        resolve("today", datetime.date(2022, 11, 9), tense="present")  # type: ignore[arg-type]


def test_a_policy_with_an_unknown_reading_is_refused() -> None:
    with pytest.raises(ConfigError, match="year_less"):
        Policy(year_less="latest")  # type: ignore[arg-type]
    with pytest.raises(ConfigError, match="candidate_years"):
        Policy(candidate_years=(2035, 1990))


def test_a_reference_of_the_wrong_type_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="reference"):
        resolve("today", "2022-11-09")  # type: ignore[arg-type]


def test_the_default_policy_reads_by_tense() -> None:
    assert Policy() == DEFAULT_POLICY
    assert DEFAULT_POLICY.year_less == "by-tense"
    assert DEFAULT_POLICY.last_weekday == "most-recent"


# --- the tagger on the seed articles --------------------------------------------------------

SEED_MENTIONS = {
    "000": [
        "2022-11-09",
        "this Wednesday",
        "November 9, 2022",
        "on August 7",
        "On September 26",
        "since 2015",
        "on November 1",
        "in 2019",
    ],
    "001": ["this Thursday, May 11", "earlier this year"],
    "002": ["2023-05-12", "this Thursday, May 11", "in less than a year"],
    "003": [
        "on Tuesday",
        "in 2019",
        "in two months",
        "last Sunday",
        "In March 2021",
        "until a relaxation in October 2021",
    ],
    "004": ["Wednesday", "On July 12", "On Tuesday", "On June 25", "since 2008", "on December 12"],
}


@pytest.mark.parametrize("prefix", sorted(SEED_MENTIONS))
def test_the_tagger_finds_every_temporal_expression_in_a_seed(prefix: str) -> None:
    text = seed(prefix)
    mentions = tag(text)
    assert [mention.text for mention in mentions] == SEED_MENTIONS[prefix]
    for mention in mentions:
        assert text[mention.start : mention.end] == mention.text
        assert mention.resolution.expression == mention.text


def test_the_tagger_resolves_seed_000_against_its_publication_date() -> None:
    text = seed("000")
    values = {m.text: str(m.resolution.value) for m in tag(text, datetime.date(2022, 11, 9))}
    assert values == {
        "2022-11-09": "2022-11-09",
        "this Wednesday": "2022-11-09",
        "November 9, 2022": "2022-11-09",
        "on August 7": "2022-08-07",
        "On September 26": "2022-09-26",
        "since 2015": "2015/..",
        "on November 1": "2022-11-01",
        "in 2019": "2019",
    }


def test_the_tagger_gives_exact_code_point_offsets() -> None:
    text = seed("003")
    start = text.index("until a relaxation in October 2021")
    (mention,) = [m for m in tag(text) if m.text.startswith("until")]
    assert (mention.start, mention.end) == (
        start,
        start + len("until a relaxation in October 2021"),
    )
    accented = "Táchira: el encuentro fue on Tuesday, dijo Vladímir."
    (found,) = tag(accented)
    assert accented[found.start : found.end] == "on Tuesday"
    assert found.start == accented.index("on Tuesday")


def test_the_longest_reading_wins_when_mentions_compete() -> None:
    texts = [m.text for m in tag("closed until a relaxation in October 2021 and reopened")]
    assert texts == ["until a relaxation in October 2021"]


@pytest.mark.parametrize(
    "text",
    [
        "the execution of 16 activities carried out",
        "the National Police confiscated 55 guns",
        "valued at over $90,000, in the department",
        "a porous border of more than 2000 km where",
        "police raid 11 prisons in attempt",
        "left 16 soldiers dead",
        "Posted at 11:25 p.m.",
        "in 2000 km of border",
        "in two months we may have settled",
    ],
)
def test_the_tagger_does_not_take_quantities_for_dates(text: str) -> None:
    expected = ["in two months"] if text.startswith("in two months") else []
    assert [mention.text for mention in tag(text)] == expected


def test_the_tagger_needs_a_preposition_before_a_bare_year() -> None:
    assert [m.text for m in tag("In 2019 they met; 2019 people came")] == ["In 2019"]


def test_the_tagger_skips_days_that_do_not_exist() -> None:
    assert [m.text for m in tag("on November 31 and on November 30")] == ["on November 30"]


# --- properties -----------------------------------------------------------------------------

references = st.dates(datetime.date(1900, 1, 1), datetime.date(2100, 12, 31))
month_days = st.dates(datetime.date(2000, 1, 1), datetime.date(2000, 12, 31))  # a leap year


def month_day_words(day: datetime.date, form: int) -> str:
    month = MONTHS[day.month - 1]
    return [
        f"{month} {day.day}",
        f"on {day.day} {month}",
        f"the {day.day}th of {month}",
        f"{month[:3]}. {day.day}",
    ][form]


@given(references, month_days, st.integers(0, 3))
def test_a_past_month_and_day_never_lands_after_the_reference(
    reference: datetime.date, day: datetime.date, form: int
) -> None:
    value = resolve(month_day_words(day, form), reference).value
    assert value is not None
    assert value.earliest == value.latest <= reference
    assert (value.earliest.month, value.earliest.day) == (day.month, day.day)
    assert reference - value.earliest < datetime.timedelta(days=366 * 8)


@given(references, month_days)
def test_a_future_month_and_day_never_lands_before_the_reference(
    reference: datetime.date, day: datetime.date
) -> None:
    value = resolve(month_day_words(day, 0), reference, tense="future").value
    assert value is not None
    assert value.earliest >= reference


@given(
    references, st.sampled_from(WEEKDAYS), st.sampled_from(["", "this ", "on ", "last ", "past "])
)
def test_a_past_weekday_never_lands_after_the_reference_and_is_that_weekday(
    reference: datetime.date, weekday: str, modifier: str
) -> None:
    value = resolve(f"{modifier}{weekday}", reference).value
    assert value is not None
    day = value.earliest
    assert day == value.latest
    assert day.weekday() == WEEKDAYS.index(weekday)
    assert reference - datetime.timedelta(days=7) <= day <= reference
    if modifier in ("last ", "past "):
        assert day < reference


@given(references, st.sampled_from(WEEKDAYS))
def test_last_weekday_of_the_previous_week_falls_in_the_previous_week(
    reference: datetime.date, weekday: str
) -> None:
    policy = Policy(last_weekday="previous-week")
    value = resolve(f"last {weekday}", reference, policy=policy).value
    assert value is not None
    assert value.earliest.weekday() == WEEKDAYS.index(weekday)
    this_monday = reference - datetime.timedelta(days=reference.weekday())
    assert this_monday - datetime.timedelta(days=7) <= value.earliest < this_monday


EXPRESSIONS_THAT_MOVE = [
    "last Sunday",
    "on Tuesday",
    "this Thursday, May 11",
    "September 26",
    "in October",
    "February 29",
    "earlier this year",
    "in less than a year",
    "two months ago",
    "last week",
    "yesterday",
    "since last year",
    "until last month",
]


@settings(max_examples=60, deadline=None)
@given(
    st.dates(datetime.date(1950, 1, 1), datetime.date(2050, 12, 31)),
    st.integers(0, 90),
    st.sampled_from(EXPRESSIONS_THAT_MOVE),
    st.sampled_from(["past", "future"]),
)
def test_a_range_of_references_gives_a_value_holding_every_single_day_reading(
    start: datetime.date, length: int, expression: str, tense: str
) -> None:
    end = start + datetime.timedelta(days=length)
    reference = PartialDate.span(start, end)
    union = resolve(expression, reference, tense=tense).value  # type: ignore[arg-type]
    assert union is not None
    for offset in range(0, length + 1, max(1, length // 7)):
        day = start + datetime.timedelta(days=offset)
        single = resolve(expression, day, tense=tense).value  # type: ignore[arg-type]
        assert single is not None
        assert union.earliest <= single.earliest
        assert single.latest <= union.latest


@given(st.none() | references, month_days, st.sampled_from(WEEKDAYS))
def test_a_weekday_and_date_falls_on_that_weekday_or_reports_a_mismatch(
    reference: datetime.date | None, day: datetime.date, weekday: str
) -> None:
    named = WEEKDAYS.index(weekday)
    resolution = resolve(f"{weekday}, {MONTHS[day.month - 1]} {day.day}", reference)
    if reference is None:
        assert resolution.value is None
        first, last = DEFAULT_POLICY.candidate_years
        expected = [
            year
            for year in range(first, last + 1)
            if exists(year, day.month, day.day)
            and datetime.date(year, day.month, day.day).weekday() == named
        ]
        assert list(resolution.candidates) == expected
        return
    assert resolution.value is not None
    actual = resolution.value.earliest.weekday()
    assert (actual == named) == resolution.holds
    if not resolution.holds:
        assert resolution.mismatch is not None
        assert WEEKDAYS[actual] in resolution.mismatch


def exists(year: int, month: int, day: int) -> bool:
    try:
        datetime.date(year, month, day)
    except ValueError:
        return False
    return True


def check_resolve(text: str, reference: datetime.date | None) -> Resolution | None:
    try:
        return resolve(text, reference)
    except TemporalExpressionError as error:
        message = str(error)
    assert message.startswith("cannot") or "'" in message
    return None


extreme_references = (
    st.none() | st.dates() | st.sampled_from([datetime.date.min, datetime.date.max])
)
VOCABULARY = [
    *WEEKDAYS,
    *MONTHS,
    "Sept.",
    "Nov.",
    "this",
    "last",
    "next",
    "past",
    "since",
    "until",
    "between",
    "from",
    "to",
    "and",
    "in",
    "on",
    "before",
    "after",
    "by",
    "the",
    "of",
    "a",
    "less",
    "than",
    "earlier",
    "year",
    "years",
    "month",
    "week",
    "day",
    "ago",
    "today",
    "yesterday",
    "two",
    "1",
    "11",
    "26th",
    "29",
    "31",
    "2019",
    "9999",
    "1000",
    "2022-09-26",
    "2015-2021",
    "0000-00-00",
    ",",
    ".",
    "$",
    "km",
]
word_salad = st.lists(st.sampled_from(VOCABULARY), max_size=8).map(" ".join)


@given(st.text(max_size=60) | word_salad, extreme_references)
def test_resolve_raises_nothing_but_temporal_expression_errors(
    text: str, reference: datetime.date | None
) -> None:
    check_resolve(text, reference)


@given(st.text(max_size=200) | word_salad, extreme_references)
def test_tag_never_raises_and_gives_exact_non_overlapping_mentions(
    text: str, reference: datetime.date | None
) -> None:
    mentions = tag(text, reference)
    previous_end = 0
    for mention in mentions:
        assert text[mention.start : mention.end] == mention.text
        assert mention.start >= previous_end
        assert mention.start < mention.end
        previous_end = mention.end


# --- the fast paths of `tag` against the plain reading ---------------------------------------
#
# `tag` cuts a text into pieces at plain words, parses each distinct piece once and remembers
# resolutions. `plain_tag` is the reading those shortcuts must match: tokenize the whole text,
# try every starting token, keep the longest readings, resolve each one afresh.


def plain_tag(
    text: str,
    reference: PartialDate | datetime.date | None = None,
    *,
    tense: Tense = "past",
    policy: Policy = DEFAULT_POLICY,
) -> tuple[Mention, ...]:
    days = _temporal._reference_days(reference)
    tokens = _temporal._tokenize(text)
    parser = _temporal._Parser(text, tokens, strict=True)
    found = []
    for index, token in enumerate(tokens):
        parsed = parser.expression(index)
        if parsed is not None:
            expression, end = parsed
            found.append((token.start, tokens[end - 1].end, expression))
    mentions = []
    for start, end, expression in _temporal._longest_first(found):
        try:
            resolution = _temporal._resolve_parsed(text[start:end], expression, days, tense, policy)
        except TemporalExpressionError:
            continue
        mentions.append(Mention(start, end, text[start:end], resolution))
    return tuple(mentions)


# Words around the grammar: bounding words and the fillers after them, plain words, words
# glued to punctuation, numbers that are and are not dates, and every kind of space.
PIECES = [
    *VOCABULARY,
    "until",
    "till",
    "after",
    "before",
    "by",
    "up",
    "to",
    "up to",
    "from",
    "between",
    "and",
    "during",
    "throughout",
    "this past",
    "the past",
    "coming",
    "ago",
    "a",
    "an",
    "of",
    "the",
    "5th",
    "Sept.",
    "Oct.",
    "May",
    "may",
    "Thursday,",
    "(since",
    "2019)",
    "2019.",
    "1,500",
    "2000%",
    "$2019",
    "2019-06",
    "relaxation",
    "border",
    "talks",
    "officials",
    "long",
    "Ministers",
    "until-then",
    "Sosvand's",
    "uptown",
    "til",
    "\u212a",
    "\u017fince",
]
SPACES = [" ", " ", " ", "  ", "\n", "\t", "\u00a0", "\u3000", "", ", "]
spaced_salad = st.lists(
    st.tuples(st.sampled_from(PIECES), st.sampled_from(SPACES)), max_size=14
).map(lambda pairs: "".join(word + space for word, space in pairs))
policies = st.sampled_from(
    [
        DEFAULT_POLICY,
        Policy(last_weekday="previous-week", week_start="sunday"),
        Policy(year_less="nearest", weekday="nearest"),
    ]
)
any_references = st.sampled_from(
    [
        None,
        datetime.date(2022, 11, 9),
        datetime.date(2023, 5, 14),
        PartialDate.parse("2022-11"),
        PartialDate.parse("2021-06-01/.."),
        PartialDate.parse("../2021-03-04"),
        PartialDate.parse("2019-12-25/2020-01-05"),
    ]
)


@settings(max_examples=400, deadline=None)
@given(
    st.one_of(spaced_salad, word_salad, st.text(max_size=80)),
    any_references,
    st.sampled_from(["past", "future"]),
    policies,
)
def test_tag_matches_the_plain_reading(
    text: str, reference: PartialDate | datetime.date | None, tense: Tense, policy: Policy
) -> None:
    assert tag(text, reference, tense=tense, policy=policy) == plain_tag(
        text, reference, tense=tense, policy=policy
    )
    # Twice: the second call reads its pieces and resolutions from the memos.
    assert tag(text, reference, tense=tense, policy=policy) == plain_tag(
        text, reference, tense=tense, policy=policy
    )


@pytest.mark.parametrize(
    "text",
    [
        "It lasted until a long relaxation in October 2021, then broke.",
        "It lasted until  a long relaxation in October 2021, then broke.",
        "It lasted up to the talks held in May 2019.",
        "It held up to the long cold talks in May 2019.",
        "It held until the long cold talks in May 2019.",
        "It held until the long cold dull talks in May 2019.",
        "Officials met up in Sosvand in May 2019 and again on May 8.",
        "Sanctions, in force since the long cold talks of 2015, hold.",
        "Relations were broken in 2019 by Sosvand\nand restored in\tMay 2021.",
        "Between the two wars, from 1990\u00a0to 1995, borders stayed shut.",
        "talks  in  2019",
        " in 2019 ",
        "\u212aelrovia met in 2019; the border was shut \u017fince 2015.",
    ],
)
def test_tag_matches_the_plain_reading_on_cut_texts(text: str) -> None:
    for reference in (None, datetime.date(2022, 11, 9), PartialDate.parse("2021-06")):
        for tense in ("past", "future"):
            assert tag(text, reference, tense=tense) == plain_tag(text, reference, tense=tense)


@pytest.mark.parametrize("prefix", sorted(SEED_MENTIONS))
def test_tag_matches_the_plain_reading_on_the_seeds(prefix: str) -> None:
    text = seed(prefix)
    for reference in (None, datetime.date(2022, 11, 9)):
        assert tag(text, reference) == plain_tag(text, reference)


def test_every_word_of_the_parser_is_a_grammar_word() -> None:
    # `_segments` cuts at words the grammar never names: the parser must name no other word.
    tree = ast.parse(textwrap.dedent(inspect.getsource(_temporal._Parser)))
    words = {
        node.value.lower()
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and re.fullmatch(r"[^\W\d_]+", node.value)
    }
    # Names of token kinds, fields and rules, and the suffixes stripped from ordinals.
    words -= {"word", "num", "iso", "range", "punct", "tense", "filler", "relation", "read"}
    words -= {"past", "future", "part", "unit", "window", "day", "s", "stndrhstndrh"}
    assert words <= _temporal._GRAMMAR_WORDS
    assert {"past", "day"} <= _temporal._GRAMMAR_WORDS


def test_only_the_plain_space_is_a_printable_space() -> None:
    # `_segments` splits printable texts at " " alone.
    spaces = [chr(code) for code in range(sys.maxunicode + 1) if chr(code).isspace()]
    assert [space for space in spaces if space.isprintable()] == [" "]
    assert all(re.fullmatch(r"\s", space) for space in spaces)


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(["in", "on", "since", "until", "before", "after", "during"]),
    st.sampled_from([*MONTHS, "Sept."]),
    st.integers(1, 31),
    st.integers(1990, 2030),
    any_references,
    st.sampled_from(["past", "future"]),
    policies,
)
def test_a_date_with_its_year_resolves_the_same_against_anything(
    word: str,
    month: str,
    day: int,
    year: int,
    reference: PartialDate | datetime.date | None,
    tense: Tense,
    policy: Policy,
) -> None:
    # `tag` resolves such expressions once, without the reference, tense and policy.
    for text in (f"{word} {year}", f"{word} {month} {year}", f"{word} {month} {day}, {year}"):
        ((_, _, _, fixed, resolution),) = _temporal._read_segment(text)
        assert fixed
        try:
            expected = resolve(text, reference, tense=tense, policy=policy)
        except TemporalExpressionError:
            assert resolution is None
        else:
            assert resolution == expected


def plain_resolve(
    text: str,
    reference: PartialDate | datetime.date | None,
    *,
    tense: Tense = "past",
    policy: Policy = DEFAULT_POLICY,
) -> Resolution | str:
    days = _temporal._reference_days(reference)
    read = _temporal._parse_expression.__wrapped__(text)
    if isinstance(read, str):
        return read
    try:
        return _temporal._resolve_parsed(text, read[0], days, tense, policy)
    except TemporalExpressionError as error:
        return str(error)


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(spaced_salad, word_salad),
    any_references,
    st.sampled_from(["past", "future"]),
    policies,
)
def test_resolve_matches_the_plain_reading(
    text: str, reference: PartialDate | datetime.date | None, tense: Tense, policy: Policy
) -> None:
    expected = plain_resolve(text, reference, tense=tense, policy=policy)
    for _ in range(2):  # the second time from the memos
        try:
            found: Resolution | str = resolve(text, reference, tense=tense, policy=policy)
        except TemporalExpressionError as error:
            found = str(error)
        assert found == expected
