# Temporal expressions: from words in a source ("last Sunday", "this Thursday, May 11",
# "since 2015", "until a relaxation in October 2021") to PartialDate values.
#
# For maintainers. What lives here, top to bottom:
#
# - the public records `Policy`, `TraceStep`, `Resolution` and `Mention`, and the two entry
#   points `resolve()` (one expression) and `tag()` (find every expression in a text);
# - the fast path of `tag`: `_segments` cuts a text at plain words (words the grammar never
#   names, which no expression can span) into pieces, `_read_segment` parses each distinct
#   piece once, and resolutions are remembered (`_resolve_by_default` and friends); the tests
#   compare it with the plain reading of the whole text (`plain_tag` in `tests/test_temporal.py`);
# - `_tokenize`: words, numbers, ISO dates, year ranges and punctuation, with code-point offsets;
# - `_Parser`: a hand-written recursive-descent parser, one method per grammar rule, that builds
#   an `_Expression` (a relation and one or two points: `_Calendar` or `_Relative`). Its `strict`
#   mode is the tagger's: month and weekday names must be capitalised (lowercase "may" and
#   "march" are verbs), a bare year or month needs a preposition ("in 2019", never "2000 km");
# - `_evaluate`: one point against one reference day gives a `_Span` of days and the steps that
#   explain it; `_over_reference` resolves against a reference that is a range of days (an
#   inferred publication date) and takes the union; `_apply_relation` turns spans into the value.
#
# Hand-written on purpose: dateparser and friends fill a missing day with today's and cannot
# read "last <weekday>". Every choice of reading is a field of `Policy`, documented there; every
# guess shows up in the trace. Imports: only `claimkit._dates` and `claimkit.errors`.

from __future__ import annotations

import bisect
import datetime
import functools
import re
from collections.abc import Callable, Sequence
from typing import Literal, NamedTuple

import attrs

from claimkit._dates import PartialDate, day_range
from claimkit.errors import ConfigError, TemporalExpressionError

__all__ = [
    "DEFAULT_POLICY",
    "Mention",
    "Policy",
    "Relation",
    "Resolution",
    "StepKind",
    "Tense",
    "TraceStep",
    "resolve",
    "tag",
]

Tense = Literal["past", "future"]
"""The tense of the text around an expression: a report (`past`) or a plan (`future`)."""

Relation = Literal["on", "since", "until", "between", "before", "after"]
"""The role a date plays: the day something happened, or a bound of a period."""

StepKind = Literal["read", "inferred", "assumed", "check"]
"""What a trace step did: read words, inferred a value, assumed one, or checked agreement."""

YearLessRule = Literal["by-tense", "nearest-past", "nearest-future", "nearest"]
WeekdayRule = Literal["by-tense", "on-or-before", "on-or-after", "nearest"]
LastWeekdayRule = Literal["most-recent", "previous-week"]
WeekStart = Literal["monday", "sunday"]

_Unit = Literal["day", "week", "month", "year"]
_Precision = Literal["year", "month", "day"]

_ONE_DAY = datetime.timedelta(days=1)
_MONTHS = (
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
_MONTH_WORDS: dict[str, int] = {name.lower(): number for number, name in enumerate(_MONTHS, 1)}
_MONTH_ABBREVIATIONS: dict[str, int] = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_WEEKDAY_WORDS: dict[str, int] = {name.lower(): number for number, name in enumerate(_WEEKDAYS)}
_NUMBER_WORDS: dict[str, int] = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
}
_UNIT_WORDS: dict[str, _Unit] = {
    "day": "day",
    "days": "day",
    "week": "week",
    "weeks": "week",
    "month": "month",
    "months": "month",
    "year": "year",
    "years": "year",
}
# Words after a number that make it a quantity, not a year: "2000 km", "1500 people".
_QUANTITY_WORDS = frozenset(
    {
        "km",
        "kms",
        "kilometres",
        "kilometers",
        "mi",
        "miles",
        "m",
        "metres",
        "meters",
        "kg",
        "tons",
        "tonnes",
        "people",
        "persons",
        "soldiers",
        "troops",
        "dollars",
        "euros",
        "pesos",
        "bolivars",
        "percent",
        "per",
        "units",
        "guns",
        "weapons",
    }
)
_CURRENCY_SIGNS = frozenset("$€£¥")
_FILLER_LIMIT = 4
_RELATION_WORDS = frozenset(
    {"since", "until", "till", "til", "before", "after", "between", "from", "by", "and", "to"}
)
# Above this many days a ranged reference is resolved at its two ends only (every rule here
# is monotone in the reference day, so the union is still exact as a hull).
_DAY_BY_DAY_LIMIT = 400
# The only words at which the tagger's grammar can start (numbers and ISO dates aside): the
# first words of `between`, `from`, the bounded relations ("up to", "since", "by", ...),
# windows ("in", "within", "over", "during", "for"), prefixes ("on", "throughout"), relative
# days and periods ("today", "earlier this", "last", "the past"), number words ("a week
# ago"), month and weekday names. `tag` skips every other token: the parser would fail there.
_STARTING_WORDS = frozenset(
    {
        "between",
        "from",
        "up",
        "since",
        "until",
        "till",
        "til",
        "by",
        "before",
        "after",
        "in",
        "within",
        "over",
        "during",
        "for",
        "on",
        "throughout",
        "today",
        "yesterday",
        "tomorrow",
        "earlier",
        "later",
        "this",
        "last",
        "next",
        "past",
        "the",
    }
    | _NUMBER_WORDS.keys()
    | _MONTH_WORDS.keys()
    | _MONTH_ABBREVIATIONS.keys()
    | _WEEKDAY_WORDS.keys()
)
_STARTING_KINDS = frozenset({"num", "iso"})
# Every expression holds at least one of these: a digit (a day, a year, a number, an ISO date
# or a year range), a month or weekday name, a relative day or a unit ("a week ago", "the
# past year"). A text without any holds no expression, and `tag` does not tokenize it. The
# letter lookarounds match whole words as the tokenizer cuts them.
_ANCHOR_PATTERN = re.compile(
    r"[0-9]|(?<![^\W\d_])(?:"
    + "|".join(
        sorted(
            {"today", "yesterday", "tomorrow"}
            | _UNIT_WORDS.keys()
            | _MONTH_WORDS.keys()
            | _MONTH_ABBREVIATIONS.keys()
            | _WEEKDAY_WORDS.keys(),
            key=lambda word: (-len(word), word),
        )
    )
    + r")(?![^\W\d_])",
    re.IGNORECASE,
)
# The words that open a bounded period ("since", "until a relaxation in October 2021"), with
# what they mean; `_bounded` reads them.
_BOUND_MEANINGS: dict[str, tuple[Relation, str]] = {
    "since": ("since", "the period starts on this date and its end is open"),
    "until": ("until", "the period ends on this date and its start is open"),
    "till": ("until", "the period ends on this date and its start is open"),
    "til": ("until", "the period ends on this date and its start is open"),
    "by": ("until", "no later than this date; the start is open"),
    "before": ("before", "strictly before this date"),
    "after": ("after", "strictly after this date"),
}
# Every word the parser ever compares a token with (`tests/test_temporal.py` checks that each
# word written in `_Parser` is here). To the parser, any other word ("border", "officials") is
# the same as the end of the text: every rule fails on it, except that `_bounded` may skip it
# as one of up to `_FILLER_LIMIT` filler words right after a bounding word ("up to" counts two).
_GRAMMAR_WORDS = frozenset(
    _STARTING_WORDS
    | _RELATION_WORDS
    | _QUANTITY_WORDS
    | _UNIT_WORDS.keys()
    | _BOUND_MEANINGS.keys()
    | {"of", "ago", "and", "to", "through", "coming", "less", "fewer", "than", "under"}
)
_ANCHOR_WORDS = frozenset(
    {"today", "yesterday", "tomorrow"}
    | _UNIT_WORDS.keys()
    | _MONTH_WORDS.keys()
    | _MONTH_ABBREVIATIONS.keys()
    | _WEEKDAY_WORDS.keys()
)
# The words after which filler words may follow, and a search for them inside a run of
# non-space characters (it may also find one inside a longer word, "up-to-date": that only
# cuts less).
_FILLER_LEADS = frozenset(_BOUND_MEANINGS.keys() | {"up"})
_FILLER_LEAD_PATTERN = re.compile(
    r"(?<![^\W\d_])(?:" + "|".join(sorted(_FILLER_LEADS)) + r")(?![^\W\d_])", re.IGNORECASE
)
_FILLER_REACH = _FILLER_LIMIT + 1


def _in(*allowed: str) -> Callable[[object, attrs.Attribute[str], str], None]:
    def check(instance: object, attribute: attrs.Attribute[str], value: str) -> None:
        if value not in allowed:
            choices = ", ".join(repr(choice) for choice in allowed)
            raise ConfigError(f"{attribute.name} must be one of {choices}, not {value!r}")

    return check


def _check_candidate_years(
    instance: Policy, attribute: attrs.Attribute[tuple[int, int]], value: tuple[int, int]
) -> None:
    first, last = value
    if not 1 <= first <= last <= 9999:
        raise ConfigError(
            f"candidate_years must be (first, last) with 1 <= first <= last <= 9999, not {value!r}"
        )


@attrs.frozen(kw_only=True)
class Policy:
    """How claimkit reads dates that leave something out: the documented news policy.

    The defaults follow how news is written and how HeidelTime and SUTime read it. A report
    (past tense) speaks of days that have already happened; a plan (future tense) of days to
    come. Every choice made under this policy is written into the trace of the resolution.

    Attributes:
        year_less: Where a date without a year ("September 26", "in October") goes.
            `by-tense` (the default): in the past tense the latest such date not after the
            reference, in the future tense the earliest one not before it. `nearest-past` and
            `nearest-future` force one of those; `nearest` takes whichever is closer to the
            reference (the past one on a tie).
        weekday: Where a weekday without `last`/`next` goes ("this Wednesday", "on Tuesday",
            "Wednesday"). `by-tense` (the default): in the past tense the most recent such
            weekday on or before the reference (the reference day itself counts: "this
            Wednesday" in a Wednesday article is that day), in the future tense the next one on
            or after it. `on-or-before`, `on-or-after` and `nearest` force a reading.
        last_weekday: What "last Sunday" means. `most-recent` (the default): the most recent
            Sunday strictly before the reference, so in a Tuesday article it is two days
            earlier. `previous-week`: the Sunday of the calendar week before the reference's
            week, the reading some writers intend ("last Sunday" said on a Tuesday then means
            nine days earlier). "next Sunday" is always the first Sunday strictly after.
        week_start: The first day of a calendar week, for "last week", "this week" and the
            `previous-week` reading: `monday` (ISO 8601, the default) or `sunday`.
        candidate_years: The inclusive window of years searched, when there is no reference,
            for years in which a weekday-and-date phrase holds ("Thursday, May 11" holds in
            1995, 2000, 2006, 2017, 2023, 2028 and 2034 within the default 1990..2035).

    Examples:
        >>> Policy(last_weekday="previous-week").year_less
        'by-tense'
    """

    year_less: YearLessRule = attrs.field(
        default="by-tense", validator=_in("by-tense", "nearest-past", "nearest-future", "nearest")
    )
    weekday: WeekdayRule = attrs.field(
        default="by-tense", validator=_in("by-tense", "on-or-before", "on-or-after", "nearest")
    )
    last_weekday: LastWeekdayRule = attrs.field(
        default="most-recent", validator=_in("most-recent", "previous-week")
    )
    week_start: WeekStart = attrs.field(default="monday", validator=_in("monday", "sunday"))
    candidate_years: tuple[int, int] = attrs.field(
        default=(1990, 2035), validator=_check_candidate_years
    )


DEFAULT_POLICY = Policy()
"""The policy used when none is given: see [`Policy`][claimkit._temporal.Policy]."""


@attrs.frozen
class TraceStep:
    """One step of the working that led from words to a date.

    Attributes:
        rule: The name of the rule that made the step, such as `year-less` or `last-weekday`.
        text: The words of the expression the step is about.
        kind: `read` (taken from the words), `inferred` (worked out from the reference),
            `assumed` (a choice or gap the words leave open) or `check` (an agreement test).
        detail: What was done, in a sentence: "inferred year 2022: latest September 26 not
            after 2022-11-09".
    """

    rule: str
    text: str
    kind: StepKind
    detail: str

    def as_dict(self) -> dict[str, str]:
        """Return the step as a JSON-ready mapping."""
        return {"rule": self.rule, "text": self.text, "kind": self.kind, "detail": self.detail}


@attrs.frozen(kw_only=True)
class Resolution:
    """What a temporal expression means, and the working that shows why.

    Attributes:
        expression: The words that were resolved.
        value: The days the expression can mean, as a partial date; `None` when they cannot be
            placed (a relative expression without a reference, or a weekday-and-date phrase
            without a reference: then see `candidates`).
        relation: The role of the date: `on` (the event's date), `since` (an open interval
            from it), `until` (an open interval up to it), `between`, `before` or `after`.
        trace: The steps, in order.
        candidates: For a weekday-and-date phrase without a year and without a reference, the
            years of `Policy.candidate_years` in which that date falls on that weekday. The
            value is then `None` rather than the span of those years, because a span would
            also admit the years in between, which the words exclude. Empty otherwise.
        mismatch: Set when the words disagree with themselves, such as a weekday that is not
            the weekday of the date ("May 11, 2022 was a Wednesday, not a Thursday"). The value
            is still the date the words name: a mismatch is reported, never silently fixed.
    """

    expression: str
    value: PartialDate | None
    relation: Relation = "on"
    trace: tuple[TraceStep, ...] = ()
    candidates: tuple[int, ...] = ()
    mismatch: str | None = None

    @property
    def holds(self) -> bool:
        """Whether the words agree with themselves (there is no `mismatch`)."""
        return self.mismatch is None

    def as_dict(self) -> dict[str, object]:
        """Return the resolution as a JSON-ready mapping; the value is an EDTF string."""
        return {
            "expression": self.expression,
            "value": None if self.value is None else str(self.value),
            "relation": self.relation,
            "candidates": list(self.candidates),
            "mismatch": self.mismatch,
            "trace": [step.as_dict() for step in self.trace],
        }


@attrs.frozen
class Mention:
    """A temporal expression found in a text.

    Attributes:
        start: Offset of the first code point, so that `text[start:end]` is the mention.
        end: Offset one past the last code point.
        text: The words of the mention.
        resolution: What they mean.
    """

    start: int
    end: int
    text: str
    resolution: Resolution


def resolve(
    expression: str,
    reference: PartialDate | datetime.date | None = None,
    *,
    tense: Tense = "past",
    policy: Policy = DEFAULT_POLICY,
) -> Resolution:
    """Resolve one temporal expression against a reference date.

    Args:
        expression: The words, such as `"last Sunday"`, `"this Thursday, May 11"`,
            `"since 2015"` or `"until a relaxation in October 2021"`. Case does not matter.
        reference: Normally the publication date of the source. A partial date that is a
            range of days (an inferred publication date) resolves the expression against each
            of its days and gives the union. `None` when unknown: relative expressions then
            resolve to no value, and weekday-and-date phrases to candidate years.
        tense: `past` for a report, `future` for a plan; it decides where a date without a
            year and a weekday without `last`/`next` go (see [`Policy`][claimkit._temporal.Policy]).
        policy: The reading rules.

    Returns:
        The value, its relation, the trace of the working, and any mismatch.

    Raises:
        TemporalExpressionError: The words are not a temporal expression claimkit can read, or
            name a day that does not exist ("November 31").
        ConfigError: `tense` is not `past` or `future`.

    Examples:
        >>> import datetime
        >>> str(resolve("On September 26", datetime.date(2022, 11, 9)).value)
        '2022-09-26'
        >>> resolve("since 2015").relation
        'since'
    """
    _check_tense(tense)
    days = _reference_days(reference)
    if not isinstance(expression, str):
        _tokenize(expression)  # type: ignore[unreachable]  # the TypeError it always raised
    read = _parse_expression(expression)
    if isinstance(read, str):
        raise TemporalExpressionError(read)
    parsed, fixed = read
    if fixed:
        resolution = _resolve_fixed(expression, parsed)
    elif policy is DEFAULT_POLICY:
        resolution = _resolve_by_default(expression, parsed, days, tense)
    else:
        resolution = _resolve_by(expression, parsed, days, tense, policy)
    if resolution is None:
        # The memos keep no errors: resolve again to raise this one.
        return _resolve_parsed(expression, parsed, days, tense, policy)
    return resolution


@functools.lru_cache(maxsize=1 << 14)
def _parse_expression(expression: str) -> tuple[_Expression, bool] | str:
    """The parse of a whole expression for `resolve`, and whether it is fixed (see
    `_read_segment`), or why it is not an expression; remembered, as claims repeat words."""
    tokens = _tokenize(expression)
    while tokens and tokens[-1].text in {".", ",", ";", ":"}:
        tokens = tokens[:-1]
    if not tokens:
        return f"cannot read {expression!r} as a date: there are no words in it"
    parser = _Parser(expression, tokens, strict=False)
    found = parser.expression(0)
    if found is None:
        return (
            f"cannot read {expression!r} as a date: it names no year, month, day or weekday, "
            "and no period relative to the reference (such as 'last week' or 'two years ago')"
        )
    parsed, end = found
    if end < len(tokens):
        rest = expression[tokens[end].start : tokens[-1].end]
        return (
            f"cannot read {expression!r} as a date: {parsed.text!r} is one, but the words "
            f"{rest!r} after it are not part of it"
        )
    return parsed, all(_fixed(point) for point in parsed.points)


def tag(
    text: str,
    reference: PartialDate | datetime.date | None = None,
    *,
    tense: Tense = "past",
    policy: Policy = DEFAULT_POLICY,
) -> tuple[Mention, ...]:
    """Find and resolve every temporal expression in a text.

    Mentions do not overlap; where two readings compete, the longer one wins ("until a
    relaxation in October 2021" over "in October 2021"). Offsets are in code points. The
    tagger is stricter than [`resolve`][claimkit._temporal.resolve]: month and weekday names
    must start with a capital letter (lowercase "may" and "march" are verbs), and a bare year
    or month needs a preposition before it ("in 2019", "since 2015"), so quantities such as
    "2000 km", "16 activities" or "$90,000" are not taken for dates. Expressions that name a
    day that does not exist ("November 31") are left out. It never raises for any text.

    Args:
        text: The text to search.
        reference: As for [`resolve`][claimkit._temporal.resolve].
        tense: As for [`resolve`][claimkit._temporal.resolve]; one tense for the whole text.
        policy: The reading rules.

    Returns:
        The mentions, in text order.

    Raises:
        ConfigError: `tense` is not `past` or `future`.

    Examples:
        >>> [m.text for m in tag("They met on Tuesday, 55 guns were seized since 2015.")]
        ['on Tuesday', 'since 2015']
    """
    if tense != "past" and tense != "future":
        _check_tense(tense)  # type: ignore[unreachable]
    last = _LAST_REFERENCE
    if last[0] is reference:
        days = last[1]
    else:
        days = _reference_days(reference)
        _remember_reference(reference, days)
    if not isinstance(text, str):
        _ANCHOR_PATTERN.search(text)  # type: ignore[unreachable]  # the TypeError it always raised
    mentions: list[Mention] = []
    for offset, segment in _segments(text):
        for start, end, expression, fixed, resolution in _read_segment(segment):
            if not fixed:
                words = expression.text
                if policy is DEFAULT_POLICY:
                    resolution = _resolve_by_default(words, expression, days, tense)
                else:
                    resolution = _resolve_by(words, expression, days, tense, policy)
            if resolution is not None:
                mentions.append(Mention(offset + start, offset + end, expression.text, resolution))
    return tuple(mentions)


# The days of the last reference `tag` was given: the calls for one source come one after the
# other. One tuple, replaced whole; it holds the reference, whose id cannot be reused meanwhile.
_LAST_REFERENCE: tuple[object, _ReferenceDays] = (None, None)


def _remember_reference(reference: object, days: _ReferenceDays) -> None:
    global _LAST_REFERENCE
    _LAST_REFERENCE = (reference, days)


def _segments(text: str) -> list[tuple[int, str]]:
    """The pieces of `text` that may hold expressions, each with its offset, in text order.

    `text` is cut at every plain word: a run of letters between spaces that the grammar never
    names (see `_GRAMMAR_WORDS`) and that is out of reach of a bounding word's fillers. No
    expression spans such a word, and the parser reads it as the end of the text, so tagging
    each piece on its own finds the same expressions (at the same offsets) as tagging the whole
    text. Each piece starts and ends at a space or an end of the text, so its tokens are those of
    the text. Pieces without an anchor (see `_ANCHOR_PATTERN`) cannot hold an expression and are
    left out. The pieces repeat across a corpus ("in August 2019."), and `_read_segment`
    parses each once.

    The work is done by C loops: the text is split at spaces, every run of non-space
    characters becomes one letter (see `_classify_run`), and string searches find the pieces in
    that string of letters.
    """
    if text.isprintable() and "  " not in text:
        # Every space is a single " " (each other space character is unprintable): cheaper.
        runs = text.split(" ")
        parts = None
    else:
        parts = _SPACES.split(text)  # run, spaces, run, ..., run (the first or last may be empty)
        runs = parts[::2]
    try:
        letters = "".join(map(_RUN_CODES.__getitem__, runs))
    except KeyError:
        if len(_RUN_CODES) > _RUN_CODES_LIMIT:
            _RUN_CODES.clear()
        codes = {run: _RUN_CODES.get(run) or _classify_run(run) for run in set(runs)}
        _RUN_CODES.update(codes)
        letters = "".join(map(codes.__getitem__, runs))
    if "l" in letters or "B" in letters:
        # Plain words within reach of fillers are not cuts; after that, `B` is just an anchor.
        letters = _FILLER_REACH_PATTERN.sub("q", letters).replace("B", "A")
    pieces: list[tuple[int, str]] = []
    position = offset = 0  # `offset` is where run `position` starts
    at = letters.find("A")
    while at >= 0:
        first = letters.rfind("p", 0, at) + 1
        last = letters.find("p", at)
        if last < 0:
            last = len(letters)
        if parts is None:
            offset += sum(map(len, runs[position:first])) + first - position
            piece = " ".join(runs[first:last])
        else:
            offset += sum(map(len, parts[2 * position : 2 * first]))
            piece = "".join(parts[2 * first : 2 * last - 1])
        position = first
        pieces.append((offset, piece))
        at = letters.find("A", last)
    return pieces


# What a run of non-space characters is to `_segments`, in one letter: `p` a plain word (or
# the empty run at an end of a text that starts or ends with spaces), `o` a run that neither
# holds an anchor nor may hold a word that fillers follow, `l` one that may hold such a word
# but no anchor, `A` one that holds an anchor, `B` both. Runs repeat ("the", "2019,"), so their
# letters are remembered, up to a limit.
_SPACES = re.compile(r"(\s+)")
_RUN_CODES: dict[str, str] = {}
_RUN_CODES_LIMIT = 1 << 16
# A plain word up to `_FILLER_REACH` runs after one that may hold a word fillers follow.
_FILLER_REACH_PATTERN = re.compile(
    "|".join(f"(?<=[lB]{'.' * distance})p" for distance in range(_FILLER_REACH))
)


def _classify_run(run: str) -> str:
    if not run:
        return "p"
    if run.isalpha():
        # One word token, with spaces (or an end of the text) on both sides.
        low = run.lower()
        if low not in _GRAMMAR_WORDS:
            return "p"
        anchor, lead = low in _ANCHOR_WORDS, low in _FILLER_LEADS
    else:
        anchor = _ANCHOR_PATTERN.search(run) is not None
        lead = _FILLER_LEAD_PATTERN.search(run) is not None
    return ("o", "l", "A", "B")[2 * anchor + lead]


_Reading = tuple[int, int, "_Expression", bool, "Resolution | None"]


@functools.lru_cache(maxsize=1 << 15)
def _read_segment(segment: str) -> tuple[_Reading, ...]:
    """The expressions `tag` chooses in `segment` (see `_segments`): their offsets, the parse,
    and whether it is fixed, with its resolution then (`None` where it cannot be placed).

    A fixed expression is made of calendar dates with their years written: `_evaluate_calendar`
    reads neither the reference, nor the tense, nor the policy for those (and `_over_reference`
    then keeps that one reading), so it is resolved here once, for every call.
    """
    tokens = _tokenize(segment)
    parser = _Parser(segment, tokens, strict=True)
    found: list[tuple[int, int, _Expression]] = []
    for index, token in enumerate(tokens):
        # Most tokens cannot start an expression: only numbers, ISO dates and the words of
        # `_STARTING_WORDS` go to the parser (every grammar rule fails at once on the others).
        if token.kind not in _STARTING_KINDS and token.low not in _STARTING_WORDS:
            continue
        parsed = parser.expression(index)
        if parsed is not None:
            expression, end = parsed
            found.append((token.start, tokens[end - 1].end, expression))
    readings: list[_Reading] = []
    for start, end, expression in _longest_first(found):
        fixed = all(_fixed(point) for point in expression.points)
        resolution = _resolve_fixed(expression.text, expression) if fixed else None
        readings.append((start, end, expression, fixed, resolution))
    return tuple(readings)


def _fixed(point: _Point) -> bool:
    return (
        isinstance(point, _Calendar)
        and point.year is not None
        and (point.weekday is None or point.day is not None)
    )


def _resolve_or_none(
    expression: str,
    parsed: _Expression,
    reference: _ReferenceDays,
    tense: Tense,
    policy: Policy,
) -> Resolution | None:
    """`_resolve_parsed`, or `None` where the words cannot be placed."""
    try:
        return _resolve_parsed(expression, parsed, reference, tense, policy)
    except TemporalExpressionError:
        return None


# Resolutions, remembered: the same words recur in the claims of a source, and dates with
# their years everywhere. The parse is hashed once (`cache_hash`); a fixed expression (see
# `_read_segment`) is resolved without its reference, tense and policy, and the default policy
# is left out of the key.
_resolve_by = functools.lru_cache(maxsize=1 << 16)(_resolve_or_none)


@functools.lru_cache(maxsize=1 << 16)
def _resolve_by_default(
    expression: str, parsed: _Expression, reference: _ReferenceDays, tense: Tense
) -> Resolution | None:
    return _resolve_or_none(expression, parsed, reference, tense, DEFAULT_POLICY)


@functools.lru_cache(maxsize=1 << 14)
def _resolve_fixed(expression: str, parsed: _Expression) -> Resolution | None:
    return _resolve_or_none(expression, parsed, None, "past", DEFAULT_POLICY)


def _longest_first(
    found: Sequence[tuple[int, int, _Expression]],
) -> list[tuple[int, int, _Expression]]:
    """The non-overlapping readings, longer ones first (then earlier ones), in text order."""
    ordered = sorted(found, key=lambda item: (item[0] - item[1], item[0]))
    starts: list[int] = []
    chosen: list[tuple[int, int, _Expression]] = []
    for item in ordered:
        start, end, _ = item
        # `chosen` is kept sorted and never overlaps itself: only the neighbours of the
        # insertion point can overlap the new reading.
        at = bisect.bisect_left(starts, start)
        if at > 0 and chosen[at - 1][1] > start:
            continue
        if at < len(chosen) and chosen[at][0] < end:
            continue
        starts.insert(at, start)
        chosen.insert(at, item)
    return chosen


def _check_tense(tense: str) -> None:
    if tense not in ("past", "future"):
        raise ConfigError(f"tense must be 'past' or 'future', not {tense!r}")


# --- tokens ---------------------------------------------------------------------------------

_TokenKind = Literal["iso", "range", "num", "word", "punct"]

_TOKEN_PATTERN = re.compile(
    r"(?P<iso>(?<![0-9-])[0-9]{4}-[0-9]{2}(?:-[0-9]{2})?(?![0-9-]))"
    r"|(?P<range>(?<![0-9])[0-9]{4}[-–][0-9]{4}(?![0-9-]))"
    r"|(?P<num>[0-9]{1,3}(?:,[0-9]{3})+(?![0-9])|[0-9]+(?:(?i:st|nd|rd|th)(?![^\W\d_]))?)"
    r"|(?P<word>[^\W\d_]+(?:['’][^\W\d_]+)*(?:-[^\W\d_]+)*)"
    r"|(?P<punct>[^\s\w]|_)"
)


class _Token(NamedTuple):
    # A named tuple, not an attrs class: a text of a few thousand words makes as many tokens,
    # and building tuples is several times cheaper.
    kind: _TokenKind
    text: str
    start: int
    end: int
    low: str


_TOKEN_KINDS: dict[str | None, _TokenKind] = {
    "iso": "iso",
    "range": "range",
    "num": "num",
    "word": "word",
    "punct": "punct",
}


def _tokenize(text: str) -> tuple[_Token, ...]:
    kinds = _TOKEN_KINDS
    tokens: list[_Token] = []
    append = tokens.append
    for match in _TOKEN_PATTERN.finditer(text):
        word = match.group()
        start, end = match.span()
        append(_Token(kinds[match.lastgroup], word, start, end, word.lower()))
    return tuple(tokens)


# --- parse trees ----------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class _Calendar:
    """A date named on the calendar, possibly without its year, or a weekday."""

    text: str
    year: int | None = None
    month: int | None = None
    day: int | None = None
    weekday: int | None = None
    modifier: Literal["this", "last", "next"] | None = None
    iso: bool = False

    @property
    def bare(self) -> bool:
        """Whether this is a year or month alone, which the tagger wants a preposition for."""
        if self.weekday is not None or self.iso:
            return False
        return self.month is None or (self.year is None and self.day is None)


@attrs.frozen(kw_only=True)
class _Relative:
    """A day or period counted from the reference."""

    text: str
    kind: Literal["day", "unit", "part", "ago", "window"]
    unit: _Unit = "day"
    offset: int = 0
    part: Literal["earlier", "later"] = "earlier"
    direction: Literal["past", "future", "tense"] = "tense"

    @property
    def bare(self) -> bool:
        return False


_Point = _Calendar | _Relative


@attrs.frozen(kw_only=True, cache_hash=True)
class _Expression:
    text: str
    relation: Relation
    points: tuple[_Point, ...]
    steps: tuple[TraceStep, ...] = ()


_Parsed = tuple[_Expression, int]


class _Parser:
    """Recursive descent over tokens; every method takes a token index and returns what it
    read and the index after it, or `None`."""

    def __init__(self, source: str, tokens: Sequence[_Token], *, strict: bool) -> None:
        self.source = source
        self.tokens = tokens
        self.strict = strict

    # helpers

    def _low(self, index: int) -> str | None:
        if index < len(self.tokens):
            return self.tokens[index].low
        return None

    def _word(self, index: int, *words: str) -> bool:
        return (
            index < len(self.tokens)
            and self.tokens[index].kind in ("word", "punct")
            and (self.tokens[index].low in words)
        )

    def _text(self, start: int, end: int) -> str:
        return self.source[self.tokens[start].start : self.tokens[end - 1].end]

    def _glued_to_next(self, index: int) -> bool:
        after = index + 1
        return after < len(self.tokens) and self.tokens[after].start == self.tokens[index].end

    def _name_ok(self, index: int) -> bool:
        return not self.strict or self.tokens[index].text[0].isupper()

    def _comma(self, index: int) -> int:
        return index + 1 if self._word(index, ",") else index

    # numbers and names

    def _month(self, index: int) -> tuple[int, int] | None:
        if index >= len(self.tokens) or self.tokens[index].kind != "word":
            return None
        low = self.tokens[index].low
        month = _MONTH_WORDS.get(low) or _MONTH_ABBREVIATIONS.get(low)
        if month is None or not self._name_ok(index):
            return None
        end = index + 1
        # "Sept. 26", "Nov. 1": a full stop joined to the name belongs to it when a number
        # follows; otherwise it ends the sentence ("in Oct.") and stays out of the mention.
        if (
            self._glued_to_next(index)
            and self.tokens[end].text == "."
            and end + 1 < len(self.tokens)
            and self.tokens[end + 1].kind == "num"
        ):
            end += 1
        return month, end

    def _weekday(self, index: int) -> tuple[int, int] | None:
        low = self._low(index)
        if low in _WEEKDAY_WORDS and self.tokens[index].kind == "word" and self._name_ok(index):
            return _WEEKDAY_WORDS[low], index + 1
        return None

    def _day(self, index: int) -> tuple[int, int] | None:
        if index >= len(self.tokens) or self.tokens[index].kind != "num":
            return None
        token = self.tokens[index]
        digits = token.text.rstrip("stndrhSTNDRH")
        if not 1 <= len(digits) <= 2:
            return None
        if self._glued_to_next(index):
            following = self.tokens[index + 1]
            if following.kind in ("word", "num") or following.text in {":", "%", "-", "–"}:
                return None
        day = int(digits)
        if not 1 <= day <= 31:
            return None
        return day, index + 1

    def _year(self, index: int) -> tuple[int, int] | None:
        if index >= len(self.tokens) or self.tokens[index].kind != "num":
            return None
        token = self.tokens[index]
        if len(token.text) != 4 or not token.text.isdigit():
            return None
        year = int(token.text)
        if not 1000 <= year <= 2999:
            return None
        if self._glued_to_next(index):
            following = self.tokens[index + 1]
            if following.kind in ("word", "num") or following.text in {"%", "-", "–"}:
                return None
        if self.strict:
            if token.start > 0 and self.source[token.start - 1] in _CURRENCY_SIGNS:
                return None
            if self._low(index + 1) in _QUANTITY_WORDS:
                return None
        return year, index + 1

    def _number(self, index: int) -> tuple[int, int] | None:
        if index >= len(self.tokens):
            return None
        token = self.tokens[index]
        if token.kind == "word" and token.low in _NUMBER_WORDS:
            return _NUMBER_WORDS[token.low], index + 1
        if token.kind == "num" and token.text.isdigit() and 1 <= int(token.text) <= 999:
            return int(token.text), index + 1
        return None

    def _unit(self, index: int, *, singular: bool = False) -> tuple[_Unit, int] | None:
        low = self._low(index)
        if low is None or low not in _UNIT_WORDS or self.tokens[index].kind != "word":
            return None
        if singular and low.endswith("s"):
            return None
        return _UNIT_WORDS[low], index + 1

    # points

    def point(self, index: int) -> tuple[_Point, int] | None:
        relative = self.relative(index)
        if relative is not None:
            return relative
        return self.dated(index)

    def relative(self, index: int) -> tuple[_Relative, int] | None:
        low = self._low(index)
        if low is None or self.tokens[index].kind not in ("word", "num"):
            return None
        days = {"today": 0, "yesterday": -1, "tomorrow": 1}
        if low in days:
            return _Relative(text=self._text(index, index + 1), kind="day", offset=days[low]), (
                index + 1
            )
        if low in ("earlier", "later") and self._word(index + 1, "this"):
            unit = self._unit(index + 2, singular=True)
            if unit is not None and unit[0] != "day":
                part: Literal["earlier", "later"] = "earlier" if low == "earlier" else "later"
                text = self._text(index, unit[1])
                return _Relative(text=text, kind="part", unit=unit[0], part=part), unit[1]
        if low in ("this", "last", "next"):
            unit = self._unit(index + 1, singular=True)
            if unit is not None and unit[0] != "day":
                offset = {"this": 0, "last": -1, "next": 1}[low]
                text = self._text(index, unit[1])
                return _Relative(text=text, kind="unit", unit=unit[0], offset=offset), unit[1]
        if low == "the" and self._low(index + 1) in ("past", "last", "next", "coming"):
            direction: Literal["past", "future"] = (
                "past" if self._low(index + 1) in ("past", "last") else "future"
            )
            return self._window(index, index + 2, direction)
        number = self._number(index)
        if number is not None:
            unit = self._unit(number[1])
            if unit is not None and self._word(unit[1], "ago"):
                end = unit[1] + 1
                text = self._text(index, end)
                return _Relative(text=text, kind="ago", unit=unit[0], offset=-number[0]), end
        return None

    def _window(
        self, start: int, index: int, direction: Literal["past", "future", "tense"]
    ) -> tuple[_Relative, int] | None:
        count = 1
        number = self._number(index)
        if number is not None and self._low(index) not in ("a", "an"):
            count, index = number
        elif number is not None:
            index = number[1]
        unit = self._unit(index, singular=count == 1 and number is None)
        if unit is None:
            return None
        text = self._text(start, unit[1])
        window = _Relative(
            text=text, kind="window", unit=unit[0], offset=count, direction=direction
        )
        return window, unit[1]

    def dated(self, index: int) -> tuple[_Calendar, int] | None:
        modifiers: dict[str, Literal["this", "last", "next"]] = {
            "this": "this",
            "last": "last",
            "next": "next",
            "past": "last",
        }
        modifier: Literal["this", "last", "next"] | None = None
        at = index
        low = self._low(at)
        if low == "this" and self._low(at + 1) == "past":
            modifier, at = "last", at + 2
        elif low is not None and low in modifiers and self.tokens[at].kind == "word":
            modifier, at = modifiers[low], at + 1
        weekday = self._weekday(at)
        if weekday is not None:
            named, after = weekday
            dated = self.calendar(self._comma(after))
            if dated is not None and dated[0].day is not None and dated[0].weekday is None:
                date, end = dated
                calendar = attrs.evolve(
                    date, text=self._text(index, end), weekday=named, modifier=modifier
                )
                return calendar, end
            text = self._text(index, after)
            return _Calendar(text=text, weekday=named, modifier=modifier), after
        if modifier is not None:
            return None
        return self.calendar(index)

    def calendar(self, index: int) -> tuple[_Calendar, int] | None:
        if index >= len(self.tokens):
            return None
        token = self.tokens[index]
        if token.kind == "iso":
            parts = [int(part) for part in token.text.split("-")]
            iso_day = parts[2] if len(parts) == 3 else None
            calendar = _Calendar(
                text=token.text, year=parts[0], month=parts[1], day=iso_day, iso=True
            )
            return calendar, index + 1
        if token.low == "the":
            day = self._day(index + 1)
            if day is not None and self._word(day[1], "of"):
                month = self._month(day[1] + 1)
                if month is not None:
                    return self._with_year(index, month[1], month[0], day[0])
            return None
        month = self._month(index)
        if month is not None:
            day = self._day(month[1])
            if day is not None:
                return self._with_year(index, day[1], month[0], day[0])
            at = month[1] + 1 if self._word(month[1], "of", ",") else month[1]
            year = self._year(at)
            if year is not None:
                text = self._text(index, year[1])
                return _Calendar(text=text, year=year[0], month=month[0]), year[1]
            return _Calendar(text=self._text(index, month[1]), month=month[0]), month[1]
        day = self._day(index)
        if day is not None:
            month = self._month(day[1])
            if month is not None:
                return self._with_year(index, month[1], month[0], day[0])
            return None
        year = self._year(index)
        if year is not None:
            return _Calendar(text=self._text(index, year[1]), year=year[0]), year[1]
        return None

    def _with_year(
        self, start: int, index: int, month: int, day: int
    ) -> tuple[_Calendar, int] | None:
        year = self._year(self._comma(index))
        if year is not None:
            text = self._text(start, year[1])
            return _Calendar(text=text, year=year[0], month=month, day=day), year[1]
        return _Calendar(text=self._text(start, index), month=month, day=day), index

    # expressions

    def expression(self, index: int) -> _Parsed | None:
        for rule in (
            self._between,
            self._from_to,
            self._bounded,
            self._within,
            self._prefixed,
            self._plain,
        ):
            found = rule(index)
            if found is not None:
                return found
        return None

    def _year_range(self, index: int) -> tuple[_Calendar, _Calendar, int] | None:
        if index < len(self.tokens) and self.tokens[index].kind == "range":
            token = self.tokens[index]
            first, last = int(token.text[:4]), int(token.text[5:])
            return (
                _Calendar(text=token.text[:4], year=first),
                _Calendar(text=token.text[5:], year=last),
                index + 1,
            )
        return None

    def _between(self, index: int) -> _Parsed | None:
        if not self._word(index, "between"):
            return None
        first = self.point(index + 1)
        if first is None or not self._word(first[1], "and"):
            return None
        second = self.point(first[1] + 1)
        if second is None:
            return None
        return self._pair(index, first[0], second[0], second[1], "between")

    def _from_to(self, index: int) -> _Parsed | None:
        if not self._word(index, "from"):
            return None
        years = self._year_range(index + 1)
        if years is not None:
            return self._pair(index, years[0], years[1], years[2], "from")
        first = self.point(index + 1)
        if first is None:
            return None
        if self._word(first[1], "to", "until", "till", "through", "-", "–", "—"):
            second = self.point(first[1] + 1)
            if second is not None:
                return self._pair(index, first[0], second[0], second[1], "from")
        end = first[1]
        step = TraceStep(
            "relation",
            self._text(index, index + 1),
            "read",
            "'from' without an end: the period starts on this date and its end is open",
        )
        expression = _Expression(
            text=self._text(index, end), relation="since", points=(first[0],), steps=(step,)
        )
        return expression, end

    def _pair(self, index: int, first: _Point, second: _Point, end: int, word: str) -> _Parsed:
        step = TraceStep(
            "relation",
            self._text(index, index + 1),
            "read",
            f"'{word}' with two dates: a closed period from the first to the second",
        )
        expression = _Expression(
            text=self._text(index, end),
            relation="between",
            points=(first, second),
            steps=(step,),
        )
        return expression, end

    def _bounded(self, index: int) -> _Parsed | None:
        low = self._low(index)
        at = index + 1
        if low == "up" and self._low(at) in ("to", "until"):
            at += 1
            low = "until"
        meanings = _BOUND_MEANINGS
        if low is None or low not in meanings or self.tokens[index].kind != "word":
            return None
        relation, meaning = meanings[low]
        word = self._text(index, at)
        relation_step = TraceStep("relation", word, "read", f"'{low}': {meaning}")
        direct = self.point(at)
        if direct is not None:
            point, end = direct
            expression = _Expression(
                text=self._text(index, end),
                relation=relation,
                points=(point,),
                steps=(relation_step,),
            )
            return expression, end
        if low == "by":
            return None
        for count in range(1, _FILLER_LIMIT + 1):
            fillers = range(at, at + count)
            if not all(self._is_filler(position) for position in fillers):
                return None
            preposition = at + count
            if not self._word(preposition, "in", "on", "during"):
                continue
            found = self.point(preposition + 1)
            if found is None:
                continue
            point, end = found
            skipped = self._text(at, preposition + 1)
            filler_step = TraceStep(
                "filler",
                skipped,
                "read",
                f"skipped {skipped!r} between {word!r} and the date: the words name the event "
                "that bounds the period, the date says when it happened",
            )
            expression = _Expression(
                text=self._text(index, end),
                relation=relation,
                points=(point,),
                steps=(relation_step, filler_step),
            )
            return expression, end
        return None

    def _is_filler(self, index: int) -> bool:
        if index >= len(self.tokens) or self.tokens[index].kind != "word":
            return False
        low = self.tokens[index].low
        return not (
            low in _MONTH_WORDS
            or low in _WEEKDAY_WORDS
            or low in _RELATION_WORDS
            or low in ("in", "on", "during")
        )

    def _within(self, index: int) -> _Parsed | None:
        low = self._low(index)
        if low not in ("in", "within", "over", "during", "for"):
            return None
        at = index + 1
        window: tuple[_Relative, int] | None = None
        if low in ("in", "within"):
            if self._low(at) in ("less", "fewer") and self._low(at + 1) == "than":
                at += 2
            elif self._low(at) == "under":
                at += 1
            if self._number(at) is not None:
                window = self._window(at, at, "tense")
        if window is None:
            found = self.relative(index + 1)
            if found is None or found[0].kind != "window":
                return None
            window = found
        point, end = window
        point = attrs.evolve(point, text=self._text(index, end))
        expression = _Expression(text=self._text(index, end), relation="on", points=(point,))
        return expression, end

    def _prefixed(self, index: int) -> _Parsed | None:
        if not self._word(index, "on", "in", "during", "throughout"):
            return None
        years = self._year_range(index + 1)
        if years is not None:
            return self._pair(index, years[0], years[1], years[2], self._low(index) or "in")
        found = self.point(index + 1)
        if found is None:
            return None
        point, end = found
        expression = _Expression(text=self._text(index, end), relation="on", points=(point,))
        return expression, end

    def _plain(self, index: int) -> _Parsed | None:
        if not self.strict:
            years = self._year_range(index)
            if years is not None:
                return self._pair(index, years[0], years[1], years[2], "-")
        found = self.point(index)
        if found is None:
            return None
        point, end = found
        if self.strict and point.bare:
            return None
        expression = _Expression(text=self._text(index, end), relation="on", points=(point,))
        return expression, end


# --- evaluation -----------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class _Span:
    """What one point means: the days from `low` to `high` (`None` on a side: unbounded)."""

    known: bool
    low: datetime.date | None = None
    high: datetime.date | None = None
    precision: _Precision | None = None
    steps: tuple[TraceStep, ...] = ()
    mismatch: str | None = None
    candidates: tuple[int, ...] = ()
    depends: bool = False


def _month_day_label(month: int, day: int | None) -> str:
    name = _MONTHS[month - 1]
    return name if day is None else f"{name} {day}"


def _long_date(day: datetime.date) -> str:
    return f"{_MONTHS[day.month - 1]} {day.day}, {day.year}"


def _month_end(year: int, month: int) -> datetime.date:
    if month == 12:
        return datetime.date(year, 12, 31)
    return datetime.date(year, month + 1, 1) - _ONE_DAY


def _add_months(day: datetime.date, months: int) -> datetime.date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = _month_end(year, month + 1).day
    return datetime.date(year, month + 1, min(day.day, last))


def _shift(day: datetime.date, unit: _Unit, count: int) -> datetime.date:
    if unit == "day":
        return day + datetime.timedelta(days=count)
    if unit == "week":
        return day + datetime.timedelta(days=7 * count)
    if unit == "month":
        return _add_months(day, count)
    return _add_months(day, 12 * count)


def _week_of(day: datetime.date, policy: Policy) -> tuple[datetime.date, datetime.date]:
    first = 0 if policy.week_start == "monday" else 6
    start = day - datetime.timedelta(days=(day.weekday() - first) % 7)
    return start, start + datetime.timedelta(days=6)


def _unit_of(
    day: datetime.date, unit: _Unit, policy: Policy
) -> tuple[datetime.date, datetime.date, _Precision | None]:
    if unit == "day":
        return day, day, "day"
    if unit == "week":
        start, end = _week_of(day, policy)
        return start, end, None
    if unit == "month":
        return day.replace(day=1), _month_end(day.year, day.month), "month"
    return datetime.date(day.year, 1, 1), datetime.date(day.year, 12, 31), "year"


def _exists(year: int, month: int, day: int) -> bool:
    try:
        datetime.date(year, month, day)
    except ValueError:
        return False
    return True


def _check_day(point: _Calendar) -> None:
    month, day = point.month, point.day
    if month is None:
        return
    if not 1 <= month <= 12:
        raise TemporalExpressionError(f"{point.text!r} names month {month}: there are 12 months")
    if day is None:
        return
    if point.year is not None:
        if not _exists(point.year, month, day):
            raise TemporalExpressionError(
                f"{point.text!r} names a day that does not exist: {_MONTHS[month - 1]} "
                f"{point.year} has {_month_end(point.year, month).day} days, not {day}"
            )
    elif not _exists(2000, month, day):
        raise TemporalExpressionError(
            f"{point.text!r} names a day that does not exist: {_MONTHS[month - 1]} never has "
            f"{day} days"
        )


def _infer_year(
    point: _Calendar, reference: datetime.date, tense: Tense, policy: Policy
) -> tuple[int, TraceStep]:
    month = point.month
    assert month is not None
    day = point.day
    label = _month_day_label(month, day)
    rule = policy.year_less
    if rule == "by-tense":
        rule = "nearest-past" if tense == "past" else "nearest-future"

    def occurrence(year: int) -> tuple[datetime.date, datetime.date] | None:
        if day is None:
            return datetime.date(year, month, 1), _month_end(year, month)
        if _exists(year, month, day):
            single = datetime.date(year, month, day)
            return single, single
        return None

    past_year = future_year = None
    for year in range(reference.year, max(reference.year - 8, 0), -1):
        found = occurrence(year)
        if found is not None and found[0] <= reference:
            past_year = year
            break
    for year in range(reference.year, min(reference.year + 8, 10000)):
        found = occurrence(year)
        if found is not None and found[1] >= reference:
            future_year = year
            break
    past_words = "latest" if day is not None else "latest (begun)"
    if rule == "nearest" and past_year is not None and future_year is not None:
        past_span = occurrence(past_year)
        future_span = occurrence(future_year)
        assert past_span is not None
        assert future_span is not None
        behind = max((reference - past_span[1]).days, 0)
        ahead = max((future_span[0] - reference).days, 0)
        year = past_year if behind <= ahead else future_year
        detail = (
            f"inferred year {year}: nearest {label} to {reference.isoformat()} "
            f"({behind} days before, {ahead} days after)"
        )
        return year, TraceStep("year-less", point.text, "inferred", detail)
    if rule in ("nearest-past", "nearest") and past_year is not None:
        detail = (
            f"inferred year {past_year}: {past_words} {label} not after {reference.isoformat()}"
        )
        return past_year, TraceStep("year-less", point.text, "inferred", detail)
    if future_year is not None:
        detail = f"inferred year {future_year}: earliest {label} not before {reference.isoformat()}"
        return future_year, TraceStep("year-less", point.text, "inferred", detail)
    raise TemporalExpressionError(
        f"cannot place {point.text!r} near {reference.isoformat()}: no such date in the calendar"
    )


def _weekday_check(point: _Calendar, day: datetime.date) -> tuple[TraceStep, str | None]:
    assert point.weekday is not None
    named = _WEEKDAYS[point.weekday]
    actual = _WEEKDAYS[day.weekday()]
    if actual == named:
        detail = f"{_long_date(day)} was a {actual}, as the words say"
        return TraceStep("weekday-agreement", point.text, "check", detail), None
    mismatch = f"{_long_date(day)} was a {actual}, not a {named}"
    detail = f"{mismatch}: the words disagree with themselves; the value is the date they name"
    return TraceStep("weekday-agreement", point.text, "check", detail), mismatch


def _evaluate(
    point: _Point, reference: datetime.date | None, tense: Tense, policy: Policy
) -> _Span:
    if isinstance(point, _Relative):
        return _evaluate_relative(point, reference, policy, tense)
    if point.weekday is not None and point.day is None:
        return _evaluate_weekday(point, reference, tense, policy)
    return _evaluate_calendar(point, reference, tense, policy)


def _read_calendar(point: _Calendar) -> TraceStep:
    parts = []
    if point.weekday is not None:
        parts.append(f"weekday {_WEEKDAYS[point.weekday]}")
    if point.month is not None:
        parts.append(f"month {_MONTHS[point.month - 1]}")
    if point.day is not None:
        parts.append(f"day {point.day}")
    parts.append("no year written" if point.year is None else f"year {point.year}")
    rule = "iso-date" if point.iso else "calendar-date"
    return TraceStep(rule, point.text, "read", ", ".join(parts))


def _evaluate_calendar(
    point: _Calendar, reference: datetime.date | None, tense: Tense, policy: Policy
) -> _Span:
    _check_day(point)
    steps = [_read_calendar(point)]
    month, day, year = point.month, point.day, point.year
    if month is None:
        assert year is not None
        low, high = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
        return _Span(known=True, low=low, high=high, precision="year", steps=tuple(steps))
    depends = year is None
    if year is None:
        if reference is None:
            return _unplaced_year(point, steps, policy)
        year, step = _infer_year(point, reference, tense, policy)
        steps.append(step)
    if day is None:
        low, high = datetime.date(year, month, 1), _month_end(year, month)
        return _Span(
            known=True,
            low=low,
            high=high,
            precision="month",
            steps=tuple(steps),
            depends=depends,
        )
    single = datetime.date(year, month, day)
    mismatch = None
    if point.weekday is not None:
        check, mismatch = _weekday_check(point, single)
        steps.append(check)
    return _Span(
        known=True,
        low=single,
        high=single,
        precision="day",
        steps=tuple(steps),
        mismatch=mismatch,
        depends=depends,
    )


def _unplaced_year(point: _Calendar, steps: list[TraceStep], policy: Policy) -> _Span:
    month, day = point.month, point.day
    assert month is not None
    label = _month_day_label(month, day)
    steps.append(
        TraceStep(
            "no-reference",
            point.text,
            "assumed",
            f"no reference date: the year of {label} cannot be inferred",
        )
    )
    candidates: tuple[int, ...] = ()
    if point.weekday is not None and day is not None:
        first, last = policy.candidate_years
        candidates = tuple(
            year
            for year in range(first, last + 1)
            if _exists(year, month, day)
            and datetime.date(year, month, day).weekday() == point.weekday
        )
        named = _WEEKDAYS[point.weekday]
        listed = ", ".join(str(year) for year in candidates) or "none"
        steps.append(
            TraceStep(
                "weekday-agreement",
                point.text,
                "check",
                f"{label} falls on a {named} in {listed} (years {first}..{last}); the value is "
                "left open because those years are not a range",
            )
        )
    return _Span(known=False, steps=tuple(steps), candidates=candidates, depends=True)


def _no_reference(text: str, what: str) -> _Span:
    step = TraceStep("no-reference", text, "assumed", f"no reference date: {what} cannot be placed")
    return _Span(known=False, steps=(step,), depends=True)


def _evaluate_weekday(
    point: _Calendar, reference: datetime.date | None, tense: Tense, policy: Policy
) -> _Span:
    assert point.weekday is not None
    named = _WEEKDAYS[point.weekday]
    read = _read_calendar(point)
    if point.modifier is not None:
        read = attrs.evolve(read, detail=f"'{point.modifier}' and {read.detail}")
    if reference is None:
        span = _no_reference(point.text, f"a {named} relative to it")
        return attrs.evolve(span, steps=(read, *span.steps))
    weekday = point.weekday
    ref = reference.isoformat()
    if point.modifier == "last":
        if policy.last_weekday == "most-recent":
            day = reference - datetime.timedelta(days=(reference.weekday() - weekday - 1) % 7 + 1)
            detail = f"the most recent {named} strictly before {ref}"
        else:
            week_start, _ = _week_of(reference, policy)
            previous = week_start - datetime.timedelta(days=7)
            day = previous + datetime.timedelta(days=(weekday - previous.weekday()) % 7)
            detail = f"the {named} of the calendar week before the week of {ref}"
        rule = "last-weekday"
    elif point.modifier == "next":
        day = reference + datetime.timedelta(days=(weekday - reference.weekday() - 1) % 7 + 1)
        detail = f"the first {named} strictly after {ref}"
        rule = "next-weekday"
    else:
        reading = policy.weekday
        if reading == "by-tense":
            reading = "on-or-before" if tense == "past" else "on-or-after"
        behind = (reference.weekday() - weekday) % 7
        ahead = (weekday - reference.weekday()) % 7
        if reading == "nearest":
            reading = "on-or-before" if behind <= ahead else "on-or-after"
        if reading == "on-or-before":
            day = reference - datetime.timedelta(days=behind)
            detail = f"the most recent {named} on or before {ref}"
        else:
            day = reference + datetime.timedelta(days=ahead)
            detail = f"the next {named} on or after {ref}"
        if policy.weekday == "by-tense":
            detail += f" ({tense} tense)"
        rule = "weekday"
    step = TraceStep(rule, point.text, "inferred", f"{day.isoformat()}: {detail}")
    return _Span(known=True, low=day, high=day, precision="day", steps=(read, step), depends=True)


def _count(number: int, unit: str) -> str:
    return f"{number} {unit}" if number == 1 else f"{number} {unit}s"


def _evaluate_relative(
    point: _Relative, reference: datetime.date | None, policy: Policy, tense: Tense
) -> _Span:
    if reference is None:
        return _no_reference(point.text, repr(point.text))
    ref = reference.isoformat()
    precision: _Precision | None
    if point.kind == "day":
        low = high = reference + datetime.timedelta(days=point.offset)
        precision = "day"
        detail = f"{low.isoformat()}: {point.offset:+d} days from {ref}"
    elif point.kind == "unit":
        low, high, precision = _unit_of(
            _shift(reference, point.unit, point.offset), point.unit, policy
        )
        which = {0: "this", -1: "the previous", 1: "the next"}[point.offset]
        detail = f"{which} calendar {point.unit} counted from {ref}: {low} to {high}"
    elif point.kind == "part":
        start, end, _ = _unit_of(reference, point.unit, policy)
        precision = None
        if point.part == "earlier":
            low, high = start, reference
            detail = f"from the start of the {point.unit} of {ref} to it: {low} to {high}"
        else:
            low, high = reference, end
            detail = f"from {ref} to the end of its {point.unit}: {low} to {high}"
    elif point.kind == "ago":
        back = _shift(reference, point.unit, point.offset)
        low, high, precision = _unit_of(back, point.unit, policy)
        detail = (
            f"{_count(-point.offset, point.unit)} before {ref}, read as the whole {point.unit}: "
            f"{low} to {high}"
        )
    else:
        direction = tense if point.direction == "tense" else point.direction
        precision = None
        if direction == "past":
            low, high = _shift(reference, point.unit, -point.offset) + _ONE_DAY, reference
            detail = (
                f"a window of {_count(point.offset, point.unit)} ending at {ref}: {low} to {high}"
            )
        else:
            low, high = reference, _shift(reference, point.unit, point.offset) - _ONE_DAY
            detail = (
                f"a window of {_count(point.offset, point.unit)} starting at {ref}: {low} to {high}"
            )
        if point.direction == "tense":
            detail += f" ({tense} tense)"
    read = TraceStep(f"relative-{point.kind}", point.text, "read", "counted from the reference")
    step = TraceStep(f"relative-{point.kind}", point.text, "inferred", detail)
    return _Span(
        known=True,
        low=low,
        high=high,
        precision=precision,
        steps=(read, step),
        depends=True,
    )


# --- references -----------------------------------------------------------------------------

_ReferenceDays = tuple[datetime.date | None, datetime.date | None] | None


def _reference_days(reference: object) -> _ReferenceDays:
    if reference is None:
        return None
    if isinstance(reference, PartialDate):
        low: datetime.date | None
        high: datetime.date | None
        low, high = day_range(reference)
        if low == datetime.date.min:
            low = None
        if high == datetime.date.max:
            high = None
        if low is None and high is None:
            return None
        return low, high
    if isinstance(reference, datetime.datetime):
        return reference.date(), reference.date()
    if isinstance(reference, datetime.date):
        return reference, reference
    raise TypeError(
        f"reference must be a PartialDate, a datetime.date or None, not {type(reference).__name__}"
    )


def _describe(reference: _ReferenceDays) -> str:
    assert reference is not None
    low, high = reference
    return f"{low.isoformat() if low else '..'}/{high.isoformat() if high else '..'}"


def _over_reference(
    point: _Point, reference: _ReferenceDays, tense: Tense, policy: Policy
) -> _Span:
    if reference is None:
        return _evaluate(point, None, tense, policy)
    low, high = reference
    finite = low if low is not None else high
    assert finite is not None
    first = _evaluate(point, finite, tense, policy)
    if not first.depends or low == high:
        return first
    if low is None or high is None:
        side = "start" if low is None else "end"
        step = TraceStep(
            "reference-range",
            point.text,
            "assumed",
            f"the reference {_describe(reference)} has an open {side}: resolved against "
            f"{finite.isoformat()}, and the value is open at its {side} too",
        )
        if low is None:
            return attrs.evolve(first, low=None, precision=None, steps=(step, *first.steps))
        return attrs.evolve(first, high=None, precision=None, steps=(step, *first.steps))
    count = (high - low).days + 1
    if count <= _DAY_BY_DAY_LIMIT:
        spans = [
            _evaluate(point, low + datetime.timedelta(days=k), tense, policy) for k in range(count)
        ]
        how = f"resolved against each of its {count} days"
    else:
        spans = [first, _evaluate(point, high, tense, policy)]
        how = "resolved against its first and last day (the reading moves with the reference)"
    last = spans[-1]
    steps = [
        TraceStep(
            "reference-range",
            point.text,
            "assumed",
            f"the reference is a range, {_describe(reference)}: {how}; the value is the union",
        )
    ]
    steps.extend(_at(step, low) for step in first.steps)
    if last.steps != first.steps:
        steps.extend(_at(step, high) for step in last.steps)
    distinct = sorted({(span.low, span.high) for span in spans if span.low and span.high})
    union_low = min(span.low for span in spans if span.low is not None)
    union_high = max(span.high for span in spans if span.high is not None)
    covered = distinct[0][1]
    for start, end in distinct[1:]:
        if start > covered + _ONE_DAY:
            steps.append(
                TraceStep(
                    "reference-range",
                    point.text,
                    "check",
                    f"the possible dates do not form one run ({len(distinct)} readings); the "
                    "value is the smallest range that holds them all",
                )
            )
            break
        covered = max(covered, end)
    mismatches = [span.mismatch for span in spans]
    mismatch = None
    if all(mismatches):
        mismatch = "; ".join(dict.fromkeys(m for m in mismatches if m))
    elif any(mismatches):
        agreeing = sorted(
            {span.low.isoformat() for span in spans if not span.mismatch and span.low}
        )
        steps.append(
            TraceStep(
                "weekday-agreement",
                point.text,
                "check",
                f"the weekday agrees only for {', '.join(agreeing)}; the value keeps every "
                "reading the reference allows",
            )
        )
    precision = first.precision if len(distinct) == 1 else None
    return _Span(
        known=True,
        low=union_low,
        high=union_high,
        precision=precision,
        steps=tuple(steps),
        mismatch=mismatch,
        depends=True,
    )


def _at(step: TraceStep, day: datetime.date) -> TraceStep:
    return attrs.evolve(step, detail=f"at {day.isoformat()}: {step.detail}")


# --- values ---------------------------------------------------------------------------------


def _span_value(span: _Span) -> PartialDate:
    low = datetime.date.min if span.low is None else span.low
    high = datetime.date.max if span.high is None else span.high
    return PartialDate.span(low, high)


def _bound(span: _Span, side: Literal["start", "end"]) -> PartialDate | None:
    day = span.low if side == "start" else span.high
    if day is None:
        return None
    if span.low is not None and span.high is not None:
        whole = PartialDate.span(span.low, span.high)
        if not whole.is_interval:
            return whole
    return PartialDate.from_date(day)


def _unit_value(day: datetime.date, precision: _Precision | None) -> PartialDate:
    if precision == "year":
        return PartialDate.of(day.year)
    if precision == "month":
        return PartialDate.of(day.year, day.month)
    return PartialDate.from_date(day)


def _apply_relation(parsed: _Expression, spans: Sequence[_Span]) -> PartialDate | None:
    if not all(span.known for span in spans):
        return None
    relation = parsed.relation
    if relation == "on":
        return _span_value(spans[0])
    span = spans[0]
    if relation == "since":
        start = _bound(span, "start")
        if start is None:
            return None
        return PartialDate.interval(start, None, open_end=True)
    if relation == "until":
        end = _bound(span, "end")
        if end is None:
            return None
        return PartialDate.interval(None, end, open_start=True)
    if relation == "before":
        if span.low is None:
            return None
        last = span.low - _ONE_DAY
        return PartialDate.interval(None, _unit_value(last, span.precision), open_start=True)
    if relation == "after":
        if span.high is None:
            return None
        following = span.high + _ONE_DAY
        return PartialDate.interval(_unit_value(following, span.precision), None, open_end=True)
    first, second = spans
    start, end = _bound(first, "start"), _bound(second, "end")
    if first.low is not None and second.high is not None and second.high < first.low:
        raise TemporalExpressionError(
            f"{parsed.text!r} ends ({second.high.isoformat()}) before it starts "
            f"({first.low.isoformat()})"
        )
    if start is not None and end is not None and str(start) == str(end):
        return start
    return PartialDate.interval(start, end, open_start=start is None, open_end=end is None)


def _resolve_parsed(
    expression: str,
    parsed: _Expression,
    reference: _ReferenceDays,
    tense: Tense,
    policy: Policy,
) -> Resolution:
    try:
        spans = [_over_reference(point, reference, tense, policy) for point in parsed.points]
        value = _apply_relation(parsed, spans)
    except TemporalExpressionError:
        raise
    except (OverflowError, ValueError) as error:
        raise TemporalExpressionError(
            f"cannot place {expression!r}: the date falls outside the calendar ({error})"
        ) from error
    trace = list(parsed.steps)
    for span in spans:
        trace.extend(span.steps)
    candidates = tuple(sorted({year for span in spans for year in span.candidates}))
    mismatches = [span.mismatch for span in spans if span.mismatch]
    return Resolution(
        expression=expression,
        value=value,
        relation=parsed.relation,
        trace=tuple(trace),
        candidates=candidates,
        mismatch="; ".join(mismatches) or None,
    )
