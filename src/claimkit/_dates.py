# Maintainers: this module holds `PartialDate`, claimkit's date type, and its parser.
#
# - `_Point` is one calendar value as written (a day, a month, a year, a decade or a century,
#   with its `~`/`?`/`%` qualifiers); `PartialDate` wraps either one point or the two ends of an
#   interval. Users only ever see `PartialDate`.
# - Every question is answered from `_Box`: the range of days the first day may be and the range
#   the last day may be (for a point both ranges are the same and the two days coincide). The
#   three-valued relations are closed forms over those four bounds; the laws they obey are
#   checked by the hypothesis tests in `tests/test_dates.py`, which also compare the parser with
#   the `edtf` package. Keep the closed forms and those tests in step.
# - This module sits at the bottom of the pipeline: it imports nothing from claimkit but
#   `errors`, and never imports hypothesis or edtf.
"""Partial dates: days, months, years and intervals in EDTF (ISO 8601-2) syntax.

claimkit writes every date a claim carries as a [`PartialDate`][claimkit.PartialDate]. The
syntax is the Extended Date/Time Format, levels 0 and 1:

| Text                          | Meaning                                               |
| ----------------------------- | ----------------------------------------------------- |
| `2022-09-26`, `2021-10`, `2019` | one day, somewhere in that day, month or year       |
| `201X`, `20XX`                | one day in the decade 2010-2019, the century 2000-2099 |
| `2019-XX`, `2019-05-XX`       | the same as `2019`, `2019-05` (written that way)      |
| `2019~`, `2019?`, `2019%`     | approximately, uncertainly, both                      |
| `2015/2021-10`                | a period from a day in 2015 to a day in October 2021  |
| `2015/..`, `../2021-10`       | a period with an open end: it runs on without limit   |
| `2015/`, `/2021-10`           | a period with an unknown end                          |

Approximate values (`~` and `%`) stand for a wider range of days than they name: a day by 3 days
either side, a month by one month either side, a year, decade or century by one year either
side. So `2019-06~` may be any day from 2019-05-01 to 2019-07-31. Uncertain values (`?`) keep
their range: the mark says the source is not sure of the value, not that the value is rough,
and the rules read it as weaker evidence.

Where claimkit differs from the `edtf` package (which its tests use as an oracle):

- Years run from 0001 to 9999. Year 0000, negative years and `Y`-prefixed long years are
  refused, and so are `000X` and `00XX`, which would reach year 0.
- Days must exist: `2023-02-29` is refused (`edtf` accepts it), and so is an interval whose end
  comes before its start, such as `2021/2015` (`edtf` accepts it too).
- Month and day digits written as `XX` are normalised away: `2019-05-XX` reads and prints as
  `2019-05`. The set of days is the same, so the values are equal.
- Qualifier margins are claimkit's own (above); `edtf`'s fuzzy bounds widen by a year or more
  at every precision, also for `?`, and twice that for `%`.
- Only Level 1 qualifiers, after the whole value, are read; Level 2 forms such as `2019-~06`,
  sets (`[2019, 2021]`) and seasons (`2019-21`) are refused.
- Unknown interval ends are unbounded (`2015/` may end any day after it starts); `edtf` guesses
  ten years. Open ends (`..`) run to `datetime.date.max` or from `datetime.date.min`.
- Sorting uses the first possible day, then the last possible day, then the text (`edtf` sorts
  by the first possible day only).
"""

from __future__ import annotations

import calendar
import enum
import functools
import re
from datetime import date
from typing import Any, TypeAlias

import attrs

from claimkit.errors import InvalidDateError

__all__ = ["PartialDate", "Precision", "Truth"]

Truth: TypeAlias = bool | None
"""The answer of a three-valued comparison: `True`, `False`, or `None` for "cannot tell"."""

_MIN_YEAR = 1
_MAX_YEAR = 9999
_APPROXIMATE_DAYS = 3
"""How many days an approximate day may be off, either side."""

_EXPECTED = (
    "expected an EDTF date such as 2019, 2019-06, 2019-06-15, 201X or 2019~, "
    "or an interval such as 2015/2021-10, 2015/.. or /2021-10"
)
_POINT = re.compile(
    r"(?P<year>\d{4}|\d{3}X|\d{2}XX)"
    r"(?:-(?P<month>\d{2}|XX)(?:-(?P<day>\d{2}|XX))?)?"
    r"(?P<qualifier>[~?%])?"
)
_NEGATIVE_YEAR = re.compile(r"-\d|Y-?\d")


class Precision(enum.Enum):
    """How finely a [`PartialDate`][claimkit.PartialDate] is known.

    A point is a day, a month, a year, a decade (`201X`) or a century (`20XX`); anything with a
    `/` is an interval.

    Examples:
        >>> PartialDate.parse("2019-06").precision
        <Precision.MONTH: 'month'>
        >>> PartialDate.parse("2015/..").precision
        <Precision.INTERVAL: 'interval'>
    """

    DAY = "day"
    MONTH = "month"
    YEAR = "year"
    DECADE = "decade"
    CENTURY = "century"
    INTERVAL = "interval"


def _invalid(text: str, why: str) -> InvalidDateError:
    return InvalidDateError(f"{text!r} is not a valid date: {why}")


def _shift_days(day: date, days: int) -> date:
    """Add `days` to `day`, stopping at `date.min` and `date.max`."""
    ordinal = day.toordinal() + days
    return date.fromordinal(min(max(ordinal, date.min.toordinal()), date.max.toordinal()))


def _shift_months(year: int, month: int, months: int) -> tuple[int, int]:
    index = year * 12 + month - 1 + months
    return index // 12, index % 12 + 1


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


@attrs.frozen
class _Point:
    """One calendar value as written, already checked."""

    year: int
    month: int | None
    day: int | None
    precision: Precision
    approximate: bool = False
    uncertain: bool = False

    def exact_bounds(self) -> tuple[date, date]:
        """The first and last day the value names, ignoring its qualifiers."""
        if self.precision is Precision.DAY:
            assert self.month is not None
            assert self.day is not None
            one = date(self.year, self.month, self.day)
            return one, one
        if self.precision is Precision.MONTH:
            assert self.month is not None
            return date(self.year, self.month, 1), _month_end(self.year, self.month)
        years = {Precision.YEAR: 1, Precision.DECADE: 10, Precision.CENTURY: 100}[self.precision]
        return date(self.year, 1, 1), date(self.year + years - 1, 12, 31)

    def bounds(self) -> tuple[date, date]:
        """The first and last day the value may be, widened when it is approximate."""
        first, last = self.exact_bounds()
        if not self.approximate:
            return first, last
        if self.precision is Precision.DAY:
            return _shift_days(first, -_APPROXIMATE_DAYS), _shift_days(last, _APPROXIMATE_DAYS)
        if self.precision is Precision.MONTH:
            before = _shift_months(first.year, first.month, -1)
            after = _shift_months(last.year, last.month, 1)
            low = date(*before, 1) if before[0] >= _MIN_YEAR else date.min
            high = _month_end(*after) if after[0] <= _MAX_YEAR else date.max
            return low, high
        low_year, high_year = first.year - 1, last.year + 1
        low = date(low_year, 1, 1) if low_year >= _MIN_YEAR else date.min
        high = date(high_year, 12, 31) if high_year <= _MAX_YEAR else date.max
        return low, high

    def __str__(self) -> str:
        if self.precision is Precision.DECADE:
            text = f"{self.year // 10:03d}X"
        elif self.precision is Precision.CENTURY:
            text = f"{self.year // 100:02d}XX"
        else:
            text = f"{self.year:04d}"
            if self.month is not None:
                text += f"-{self.month:02d}"
            if self.day is not None:
                text += f"-{self.day:02d}"
        if self.approximate and self.uncertain:
            return text + "%"
        if self.approximate:
            return text + "~"
        if self.uncertain:
            return text + "?"
        return text


def _make_point(
    text: str,
    year: int,
    month: int | None,
    day: int | None,
    precision: Precision,
    *,
    approximate: bool = False,
    uncertain: bool = False,
) -> _Point:
    """Check one calendar value and build it; `text` is what the error messages quote."""
    last_year = year + {Precision.DECADE: 9, Precision.CENTURY: 99}.get(precision, 0)
    if year < _MIN_YEAR or last_year > _MAX_YEAR:
        raise _invalid(text, f"year {year:04d} is outside 0001 to 9999")
    if day is not None and month is None:
        raise _invalid(text, "a day needs a month")
    if month is not None and not 1 <= month <= 12:
        raise _invalid(text, f"month {month:02d} is not 01 to 12")
    if month is not None and day is not None:
        length = calendar.monthrange(year, month)[1]
        if not 1 <= day <= length:
            raise _invalid(text, f"day {day:02d} is not 01 to {length} in {year:04d}-{month:02d}")
    return _Point(year, month, day, precision, approximate, uncertain)


def _parse_point(text: str, part: str) -> _Point:
    """Read one EDTF point; `text` is the whole input, `part` the piece being read."""
    match = _POINT.fullmatch(part)
    if match is None:
        if _NEGATIVE_YEAR.match(part):
            raise _invalid(
                text, "negative and Y-prefixed years are not supported; expected 0001 to 9999"
            )
        raise InvalidDateError(f"{text!r} is not a valid date: {_EXPECTED}")
    year_text, month_text, day_text = match["year"], match["month"], match["day"]
    qualifier = match["qualifier"]
    approximate, uncertain = qualifier in ("~", "%"), qualifier in ("?", "%")
    if "X" in year_text:
        if month_text is not None:
            raise _invalid(text, "a decade or century (201X, 20XX) cannot have a month or day")
        precision = Precision.DECADE if year_text.count("X") == 1 else Precision.CENTURY
        year = int(year_text.replace("X", "0"))
        if year == 0:
            raise _invalid(text, f"{year_text} reaches year 0000; expected years 0001 to 9999")
        return _make_point(
            text, year, None, None, precision, approximate=approximate, uncertain=uncertain
        )
    if month_text == "XX" and day_text not in (None, "XX"):
        raise _invalid(text, "a day cannot be given when the month is XX")
    month = None if month_text in (None, "XX") else int(month_text)
    day = None if day_text in (None, "XX") else int(day_text)
    precision = (
        Precision.DAY
        if day is not None
        else Precision.MONTH
        if month is not None
        else Precision.YEAR
    )
    return _make_point(
        text, int(year_text), month, day, precision, approximate=approximate, uncertain=uncertain
    )


@attrs.frozen
class _Box:
    """The days an actual period may start and end on.

    A point's start and end are the same day, somewhere in `first_low..first_high`. An
    interval's start lies in `first_low..first_high` and its end in `last_low..last_high`, with
    start <= end; the bounds are already tightened by that constraint.
    """

    first_low: date
    first_high: date
    last_low: date
    last_high: date
    point: bool


@functools.total_ordering
@attrs.frozen(repr=False, order=False)
class PartialDate:
    """A date known to a day, a month, a year, a decade or a century, or a period between two.

    Build one with [`parse`][claimkit.PartialDate.parse], [`of`][claimkit.PartialDate.of],
    [`from_date`][claimkit.PartialDate.from_date], [`span`][claimkit.PartialDate.span] or
    [`interval`][claimkit.PartialDate.interval]; the constructor is internal.

    **What a value means.** A point (`2019`, `2019-06`, `2022-09-26`) is *one* day that is not
    known more precisely than its range: `2019` is a single day somewhere in 2019. An interval
    (`2015/2021-10`) is a *period* that starts on some day of its start and ends on some day of
    its end; the days it certainly covers run from the last possible start to the first possible
    end (2015-12-31 to 2021-10-01 here). An open end (`..`) runs on without limit; an unknown end
    (nothing written) lies somewhere after the start, or before the end.

    **Two kinds of question.**

    - *Which days could it be?* [`earliest`][claimkit.PartialDate.earliest] and
      [`latest`][claimkit.PartialDate.latest] bound every day the value may be or cover.
      [`contains`][claimkit.PartialDate.contains], [`compatible`][claimkit.PartialDate.compatible],
      [`intersection`][claimkit.PartialDate.intersection] and
      [`gap_days`][claimkit.PartialDate.gap_days] compare those ranges and are always definite.
      Two reports of one event agree when their dates are compatible, and their intersection is
      the sharpened date.
    - *How do the actual days relate?* [`before`][claimkit.PartialDate.before],
      [`after`][claimkit.PartialDate.after], [`overlaps`][claimkit.PartialDate.overlaps] and
      [`equals`][claimkit.PartialDate.equals] return a [`Truth`][claimkit.Truth]: `True` or
      `False` when every way of making both values exact gives that answer, `None` when it
      depends. A definite answer never changes when either value becomes more precise. To ask
      whether a day falls within a period (an office-holder's tenure, say), use `overlaps`.

    `==` compares values as written (`2019` and `2019~` differ); `equals` compares the time they
    denote. Values sort by their earliest day, then their latest day, then their text.

    Examples:
        >>> d = PartialDate.parse("2019-06")
        >>> d
        PartialDate('2019-06')
        >>> d.earliest, d.latest
        (datetime.date(2019, 6, 1), datetime.date(2019, 6, 30))
        >>> PartialDate.parse("2019").contains(d)
        True
        >>> print(PartialDate.parse("2019").before(PartialDate.parse("2020-01")))
        True
        >>> print(PartialDate.parse("2019").before(PartialDate.parse("2019-06")))
        None
        >>> print(PartialDate.parse("2019").intersection(d))
        2019-06
    """

    _start: _Point | None
    _end: _Point | None
    _is_interval: bool = False
    _open_start: bool = False
    _open_end: bool = False
    # The bounds, computed once: every comparison reads them (not compared, not shown).
    _bounds: _Box = attrs.field(init=False, eq=False, repr=False, hash=False)

    def __attrs_post_init__(self) -> None:
        self._check()
        object.__setattr__(self, "_bounds", self._compute_box())

    def _check(self) -> None:
        if not self._is_interval:
            if self._start is None or self._start != self._end:
                raise InvalidDateError("a point needs one value as both its start and its end")
            if self._open_start or self._open_end:
                raise InvalidDateError("a point cannot have open ends")
            return
        text = self._text()
        if self._start is None and self._end is None:
            raise _invalid(text, "an interval needs at least one known end")
        if (self._open_start and self._start is not None) or (
            self._open_end and self._end is not None
        ):
            raise _invalid(text, "an open end cannot also have a value")
        if self._start is not None and self._end is not None:
            start_first = self._start.exact_bounds()[0]
            end_last = self._end.exact_bounds()[1]
            if end_last < start_first:
                raise _invalid(text, f"its end ({self._end}) is before its start ({self._start})")

    # -- construction -------------------------------------------------------------------------

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Read a date written in EDTF, ignoring surrounding whitespace.

        Args:
            text: A day, month, year, decade or century (`2022-09-26`, `2021-10`, `2019`,
                `201X`, `20XX`), optionally followed by `~`, `?` or `%`, or an interval of two
                of them around a `/`, where either end may be `..` (open) or empty (unknown).

        Returns:
            The date; `str()` of it gives the canonical text back.

        Raises:
            InvalidDateError: When `text` is not EDTF claimkit reads, names a day or month that
                does not exist, or is an interval that ends before it starts.

        Examples:
            >>> PartialDate.parse(" 2015/2021-10 ")
            PartialDate('2015/2021-10')
            >>> PartialDate.parse("2019-05-XX")
            PartialDate('2019-05')
            >>> try:
            ...     PartialDate.parse("2022-02-30")
            ... except InvalidDateError as error:
            ...     print(error)
            '2022-02-30' is not a valid date: day 30 is not 01 to 28 in 2022-02
        """
        if cls is PartialDate and isinstance(text, str):
            # Values are immutable and dates repeat across a corpus: parse each text once.
            return _parse_cached(text)
        return cls._parse(text)

    @classmethod
    def _parse(cls, text: str) -> PartialDate:
        text = text.strip()
        if "/" not in text:
            point = _parse_point(text, text)
            return cls(point, point)
        left, _, right = text.partition("/")
        if "/" in right:
            raise InvalidDateError(f"{text!r} is not a valid date: {_EXPECTED}")
        start = None if left in ("", "..") else _parse_point(text, left)
        end = None if right in ("", "..") else _parse_point(text, right)
        return cls(start, end, True, left == "..", right == "..")

    @classmethod
    def of(
        cls,
        year: int,
        month: int | None = None,
        day: int | None = None,
        *,
        approximate: bool = False,
        uncertain: bool = False,
    ) -> PartialDate:
        """Build a year, a month or a day from numbers.

        Args:
            year: 1 to 9999.
            month: 1 to 12, or `None` for a whole year.
            day: A day of `month`, or `None` for a whole month.
            approximate: Mark the value `~` (or `%` with `uncertain`).
            uncertain: Mark the value `?` (or `%` with `approximate`).

        Raises:
            InvalidDateError: When the numbers do not name a real day, month or year.

        Examples:
            >>> PartialDate.of(2022, 9, 26)
            PartialDate('2022-09-26')
            >>> PartialDate.of(2019, approximate=True)
            PartialDate('2019~')
        """
        if (
            cls is PartialDate
            and not approximate
            and type(year) is int
            and _MIN_YEAR <= year <= _MAX_YEAR
            and (month is None or (type(month) is int and 1 <= month <= 12))
        ):
            # The fast path for the values the tagger builds: checked here, bounds known.
            if month is None:
                if day is None:
                    point = _Point(year, None, None, Precision.YEAR, False, uncertain)
                    return _known_point(point, date(year, 1, 1), date(year, 12, 31))
            elif day is None:
                point = _Point(year, month, None, Precision.MONTH, False, uncertain)
                return _known_point(point, date(year, month, 1), _month_end(year, month))
            elif type(day) is int and 1 <= day <= calendar.monthrange(year, month)[1]:
                one = date(year, month, day)
                return _known_point(
                    _Point(year, month, day, Precision.DAY, False, uncertain), one, one
                )
        precision = (
            Precision.DAY
            if day is not None
            else Precision.MONTH
            if month is not None
            else Precision.YEAR
        )
        text = f"{year:04d}" + "".join(f"-{part:02d}" for part in (month, day) if part is not None)
        point = _make_point(
            text, year, month, day, precision, approximate=approximate, uncertain=uncertain
        )
        return cls(point, point)

    @classmethod
    def from_date(cls, day: date) -> PartialDate:
        """The day `day`, known exactly.

        Examples:
            >>> from datetime import date
            >>> PartialDate.from_date(date(2022, 9, 26))
            PartialDate('2022-09-26')
        """
        if cls is PartialDate and type(day) is date:
            # Every `date` is a day that exists: nothing to check, and its bounds are itself.
            point = _Point(day.year, day.month, day.day, Precision.DAY)
            return _known_point(point, day, day)
        return cls.of(day.year, day.month, day.day)

    @classmethod
    def span(cls, earliest: date, latest: date) -> PartialDate:
        """The tightest value whose range of days is exactly `earliest` to `latest`.

        A whole day, month, year, decade or century gives that point; any other range gives an
        interval between two days. `date.min` and `date.max` stand for open ends, as
        [`earliest`][claimkit.PartialDate.earliest] and [`latest`][claimkit.PartialDate.latest]
        report them.

        Raises:
            InvalidDateError: When `latest` is before `earliest`.

        Examples:
            >>> from datetime import date
            >>> PartialDate.span(date(2019, 1, 1), date(2019, 12, 31))
            PartialDate('2019')
            >>> PartialDate.span(date(2019, 6, 1), date(2019, 6, 30))
            PartialDate('2019-06')
            >>> PartialDate.span(date(2022, 8, 3), date(2022, 8, 9))
            PartialDate('2022-08-03/2022-08-09')
            >>> PartialDate.span(date(2015, 3, 1), date.max)
            PartialDate('2015-03-01/..')
        """
        if latest < earliest:
            raise InvalidDateError(
                f"'{earliest.isoformat()}' to '{latest.isoformat()}' is not a valid range of "
                "days: expected the latest day on or after the earliest"
            )
        if earliest == latest:
            return cls.from_date(earliest)
        at_month_start = earliest.day == 1
        at_year_start = at_month_start and earliest.month == 1
        if at_month_start and latest == _month_end(earliest.year, earliest.month):
            return cls.of(earliest.year, earliest.month)
        if at_year_start and latest.month == 12 and latest.day == 31:
            years = latest.year - earliest.year + 1
            if years == 1:
                return cls.of(earliest.year)
            for precision, size in ((Precision.DECADE, 10), (Precision.CENTURY, 100)):
                if years == size and earliest.year % size == 0:
                    text = f"{earliest.year}/{latest.year}"
                    point = _make_point(text, earliest.year, None, None, precision)
                    return cls(point, point)
        open_start = earliest == date.min and latest != date.max
        open_end = latest == date.max and not open_start
        start = None if open_start else cls.from_date(earliest)
        end = None if open_end else cls.from_date(latest)
        return cls.interval(start, end, open_start=open_start, open_end=open_end)

    @classmethod
    def interval(
        cls,
        start: PartialDate | None,
        end: PartialDate | None,
        *,
        open_start: bool = False,
        open_end: bool = False,
    ) -> PartialDate:
        """A period from `start` to `end`.

        Args:
            start: The first day's value (a point, not an interval), or `None`.
            end: The last day's value (a point), or `None`.
            open_start: With `start=None`, the period has no beginning (`../2021`); otherwise a
                missing start is unknown (`/2021`).
            open_end: With `end=None`, the period runs on (`2015/..`); otherwise a missing end
                is unknown (`2015/`).

        Raises:
            InvalidDateError: When an end is itself an interval, both ends are missing, an open
                flag comes with a value, or the end is before the start (judged on the values
                as written, without the margins of `~` and `%`).

        Examples:
            >>> PartialDate.interval(PartialDate.of(2015), None, open_end=True)
            PartialDate('2015/..')
            >>> PartialDate.interval(None, PartialDate.of(2021, 10))
            PartialDate('/2021-10')
        """
        ends = []
        for name, value in (("start", start), ("end", end)):
            if value is not None and value._is_interval:
                raise InvalidDateError(
                    f"{str(value)!r} is not a valid interval {name}: expected a single date"
                )
            ends.append(None if value is None else value._start)
        if open_start and start is not None:
            raise _invalid(str(start), "open_start=True needs start=None")
        if open_end and end is not None:
            raise _invalid(str(end), "open_end=True needs end=None")
        return cls(ends[0], ends[1], True, open_start, open_end)

    # -- what it is ---------------------------------------------------------------------------

    def _text(self) -> str:
        if not self._is_interval:
            return str(self._start)
        left = ".." if self._open_start else "" if self._start is None else str(self._start)
        right = ".." if self._open_end else "" if self._end is None else str(self._end)
        return f"{left}/{right}"

    def __str__(self) -> str:
        """The canonical EDTF text, which [`parse`][claimkit.PartialDate.parse] reads back."""
        return self._text()

    def __repr__(self) -> str:
        return f"PartialDate({self._text()!r})"

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        """Print as `repr` in IPython and in hypothesis' reports, not field by field."""
        printer.text(repr(self))

    @property
    def precision(self) -> Precision:
        """`DAY`, `MONTH`, `YEAR`, `DECADE` or `CENTURY` for a point, `INTERVAL` for a period."""
        if self._is_interval or self._start is None:
            return Precision.INTERVAL
        return self._start.precision

    @property
    def is_interval(self) -> bool:
        """Whether this is a period (written with a `/`)."""
        return self._is_interval

    @property
    def start(self) -> PartialDate | None:
        """An interval's start (`None` when open or unknown); a point's own value."""
        if not self._is_interval:
            return self
        return None if self._start is None else PartialDate(self._start, self._start)

    @property
    def end(self) -> PartialDate | None:
        """An interval's end (`None` when open or unknown); a point's own value."""
        if not self._is_interval:
            return self
        return None if self._end is None else PartialDate(self._end, self._end)

    @property
    def open_start(self) -> bool:
        """Whether the period has no beginning (`../...`)."""
        return self._open_start

    @property
    def open_end(self) -> bool:
        """Whether the period runs on without end (`.../..`)."""
        return self._open_end

    @property
    def approximate(self) -> bool:
        """Whether the value, or either end of an interval, is marked `~` or `%`."""
        return any(point.approximate for point in (self._start, self._end) if point is not None)

    @property
    def uncertain(self) -> bool:
        """Whether the value, or either end of an interval, is marked `?` or `%`."""
        return any(point.uncertain for point in (self._start, self._end) if point is not None)

    def _box(self) -> _Box:
        return self._bounds

    def _compute_box(self) -> _Box:
        if not self._is_interval:
            assert self._start is not None
            low, high = self._start.bounds()
            return _Box(low, high, low, high, point=True)
        if self._start is not None:
            first_low, first_high = self._start.bounds()
        else:
            first_low, first_high = date.min, date.min if self._open_start else date.max
        if self._end is not None:
            last_low, last_high = self._end.bounds()
        else:
            last_low, last_high = (date.max, date.max) if self._open_end else (first_low, date.max)
        return _Box(
            first_low,
            min(first_high, last_high),
            max(last_low, first_low),
            last_high,
            point=False,
        )

    @property
    def earliest(self) -> date:
        """The first day this may be or cover (`date.min` for an open or unknown start).

        Examples:
            >>> PartialDate.parse("2019-06~").earliest
            datetime.date(2019, 5, 1)
        """
        return self._box().first_low

    @property
    def latest(self) -> date:
        """The last day this may be or cover (`date.max` for an open or unknown end).

        Examples:
            >>> PartialDate.parse("2015/2021-10").latest
            datetime.date(2021, 10, 31)
        """
        return self._box().last_high

    # -- three-valued relations ---------------------------------------------------------------

    def before(self, other: PartialDate) -> Truth:
        """Whether this ends before `other` begins (on an earlier day, not the same day).

        Examples:
            >>> a, b = PartialDate.parse("2019"), PartialDate.parse("2019-06")
            >>> print(a.before(PartialDate.parse("2020")), a.before(b), b.before(a))
            True None None
            >>> print(PartialDate.parse("2021").before(PartialDate.parse("2019/2022")))
            False
        """
        mine, theirs = self._box(), other._box()
        if mine.last_high < theirs.first_low:
            return True
        if mine.last_low >= theirs.first_high:
            return False
        return None

    def after(self, other: PartialDate) -> Truth:
        """Whether this begins after `other` ends; the same as `other.before(self)`.

        Examples:
            >>> print(PartialDate.parse("2019-06-02").after(PartialDate.parse("2019-06-01")))
            True
        """
        return other.before(self)

    def overlaps(self, other: PartialDate) -> Truth:
        """Whether the two share at least one day.

        Two points overlap when they are the same day; a point overlaps a period when its day
        falls within the period.

        Examples:
            >>> tenure = PartialDate.parse("2022-08-07/..")
            >>> print(tenure.overlaps(PartialDate.parse("2023-05")))
            True
            >>> print(tenure.overlaps(PartialDate.parse("2022-08")))
            None
            >>> print(tenure.overlaps(PartialDate.parse("2021")))
            False
        """
        mine, theirs = self._box(), other._box()
        if mine.last_high < theirs.first_low or theirs.last_high < mine.first_low:
            return False
        if mine.first_high <= theirs.last_low and theirs.first_high <= mine.last_low:
            return True
        return None

    def equals(self, other: PartialDate) -> Truth:
        """Whether the two are certainly the same single day, or the same period.

        Examples:
            >>> day = PartialDate.parse("2022-09-26")
            >>> print(day.equals(PartialDate.from_date(day.earliest)))
            True
            >>> print(PartialDate.parse("2019").equals(PartialDate.parse("2019")))
            None
            >>> print(PartialDate.parse("2019").equals(PartialDate.parse("2015/2021")))
            False
        """
        mine, theirs = self._box(), other._box()
        first_low = max(mine.first_low, theirs.first_low)
        first_high = min(mine.first_high, theirs.first_high)
        last_low = max(mine.last_low, theirs.last_low)
        last_high = min(mine.last_high, theirs.last_high)
        if first_low > first_high or last_low > last_high:
            return False
        if mine.point or theirs.point:
            if max(first_low, last_low) > min(first_high, last_high):
                return False
        elif first_low > last_high:
            return False
        exact = all(
            box.first_low == box.first_high and box.last_low == box.last_high
            for box in (mine, theirs)
        )
        if exact and (mine.first_low, mine.last_low) == (theirs.first_low, theirs.last_low):
            return True
        return None

    # -- ranges of days -----------------------------------------------------------------------

    def contains(self, other: PartialDate) -> Truth:
        """Whether every day `other` may be lies within the days this may be.

        This compares the ranges from [`earliest`][claimkit.PartialDate.earliest] to
        [`latest`][claimkit.PartialDate.latest], so the answer is always `True` or `False`: it
        says that `other` is a sharper (or equal) reading of the same days.

        Examples:
            >>> year = PartialDate.parse("2019")
            >>> year.contains(PartialDate.parse("2019-06"))
            True
            >>> year.contains(PartialDate.parse("2019~"))
            False
        """
        mine, theirs = self._bounds, other._bounds
        return mine.first_low <= theirs.first_low and theirs.last_high <= mine.last_high

    def compatible(self, other: PartialDate) -> bool:
        """Whether the two ranges of days meet, so both can denote the same day.

        Examples:
            >>> PartialDate.parse("2019~").compatible(PartialDate.parse("2020-03"))
            True
        """
        mine, theirs = self._bounds, other._bounds
        return mine.first_low <= theirs.last_high and theirs.first_low <= mine.last_high

    def intersection(self, other: PartialDate) -> PartialDate | None:
        """The sharpened date: the days both may be, or `None` when they share none.

        When one range lies within the other, the sharper value is returned as it is (so its
        qualifiers survive); otherwise the result is the [`span`][claimkit.PartialDate.span] of
        the shared days. The result does not depend on the order of the two.

        Examples:
            >>> year, month = PartialDate.parse("2019"), PartialDate.parse("2019-06")
            >>> year.intersection(month)
            PartialDate('2019-06')
            >>> PartialDate.parse("2019-06~").intersection(PartialDate.parse("2019-07/2019-09"))
            PartialDate('2019-07')
            >>> print(year.intersection(PartialDate.parse("2021")))
            None
        """
        if self is other:  # reports of one date share one object
            return self
        # `earliest` and `latest` read from the box, without two property calls each.
        box, other_box = self._bounds, other._bounds
        low = max(box.first_low, other_box.first_low)
        high = min(box.last_high, other_box.last_high)
        if low > high:
            return None
        mine = box.first_low == low and box.last_high == high
        theirs = other_box.first_low == low and other_box.last_high == high
        if mine and theirs:
            return min(self, other)
        if mine:
            return self
        if theirs:
            return other
        return PartialDate.span(low, high)

    def gap_days(self, other: PartialDate) -> int:
        """How many days lie strictly between the two ranges; 0 when they meet or touch.

        Examples:
            >>> PartialDate.parse("2019-06").gap_days(PartialDate.parse("2019-07-03"))
            2
            >>> PartialDate.parse("2019").gap_days(PartialDate.parse("2019-06"))
            0
        """
        if self.latest < other.earliest:
            return (other.earliest - self.latest).days - 1
        if other.latest < self.earliest:
            return (self.earliest - other.latest).days - 1
        return 0

    # -- order --------------------------------------------------------------------------------

    def _sort_key(self) -> tuple[date, date, str]:
        return self.earliest, self.latest, self._text()

    def __lt__(self, other: object) -> bool:
        """Sort by earliest day, then latest day, then canonical text."""
        if not isinstance(other, PartialDate):
            return NotImplemented
        return self._sort_key() < other._sort_key()


def _known_point(point: _Point, low: date, high: date) -> PartialDate:
    """The point `PartialDate(point, point)`, for a `point` already checked that is not
    approximate and whose first and last days are `low` and `high`: built without checking
    again (the hypothesis tests compare it with the constructor)."""
    value = object.__new__(PartialDate)
    fill = object.__setattr__
    fill(value, "_start", point)
    fill(value, "_end", point)
    fill(value, "_is_interval", False)
    fill(value, "_open_start", False)
    fill(value, "_open_end", False)
    fill(value, "_bounds", _Box(low, high, low, high, point=True))
    return value


def day_range(value: PartialDate) -> tuple[date, date]:
    """`(value.earliest, value.latest)`, in one call: the tagger asks it of every reference."""
    box = value._bounds
    return box.first_low, box.last_high


@functools.lru_cache(maxsize=65536)
def _parse_cached(text: str) -> PartialDate:
    return PartialDate._parse(text)
