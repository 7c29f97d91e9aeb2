"""Tests for partial dates (`claimkit._dates`).

The unit tests pin down each form and each answer; the property tests check the laws of the
three-valued logic on values drawn by `claimkit.testing.strategies.partial_dates`, and compare
the parser with the `edtf` package, an independent implementation of the same standard.

Where claimkit deliberately differs from `edtf` (and the oracle tests therefore do not compare):

- claimkit refuses days that do not exist (`2023-02-29`) and intervals that end before they
  start (`2021/2015`); `edtf` accepts both. The oracle strings are drawn valid.
- claimkit refuses years outside 0001..9999 (and `000X`, `00XX`); `edtf` reads them.
- `~` and `%` widen claimkit's range by its own margins, `?` does not; so the oracle compares
  claimkit's bounds of the text *without* its qualifiers to `edtf`'s strict bounds, and checks
  only that claimkit's widened range lies between `edtf`'s strict and fuzzy bounds.
- `edtf` cannot compute bounds for open ends (`..`, it raises) and guesses ten years for unknown
  ends; claimkit uses `date.min`/`date.max`. Only the known end is compared there.
- `2019-05-XX` prints as `2019-05` in claimkit; `edtf` keeps the `XX`.
- `edtf` 5.0 cannot read some intervals claimkit reads: one with an `X` digit and a qualifier
  (`201X/2021~`), an `X` digit and an open or unknown end (`201X/..`), or a `YYYY-XX` end
  (`2019-XX/2020`). The oracle strategies avoid them.
"""

from __future__ import annotations

import doctest
import pickle
import time
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import attrs
import edtf
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from claimkit import _dates
from claimkit._dates import PartialDate, Precision, Truth
from claimkit.errors import ClaimkitError, InvalidDateError
from claimkit.testing import strategies
from claimkit.testing.strategies import partial_dates

P = PartialDate.parse
D = date

# -- parsing ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "canonical", "earliest", "latest", "precision"),
    [
        ("2019", "2019", D(2019, 1, 1), D(2019, 12, 31), Precision.YEAR),
        ("2021-10", "2021-10", D(2021, 10, 1), D(2021, 10, 31), Precision.MONTH),
        ("2024-02", "2024-02", D(2024, 2, 1), D(2024, 2, 29), Precision.MONTH),
        ("2022-09-26", "2022-09-26", D(2022, 9, 26), D(2022, 9, 26), Precision.DAY),
        ("201X", "201X", D(2010, 1, 1), D(2019, 12, 31), Precision.DECADE),
        ("20XX", "20XX", D(2000, 1, 1), D(2099, 12, 31), Precision.CENTURY),
        ("2019-XX", "2019", D(2019, 1, 1), D(2019, 12, 31), Precision.YEAR),
        ("2019-XX-XX", "2019", D(2019, 1, 1), D(2019, 12, 31), Precision.YEAR),
        ("2019-05-XX", "2019-05", D(2019, 5, 1), D(2019, 5, 31), Precision.MONTH),
        ("2019?", "2019?", D(2019, 1, 1), D(2019, 12, 31), Precision.YEAR),
        ("2019~", "2019~", D(2018, 1, 1), D(2020, 12, 31), Precision.YEAR),
        ("2019%", "2019%", D(2018, 1, 1), D(2020, 12, 31), Precision.YEAR),
        ("2019-06~", "2019-06~", D(2019, 5, 1), D(2019, 7, 31), Precision.MONTH),
        ("2019-01~", "2019-01~", D(2018, 12, 1), D(2019, 2, 28), Precision.MONTH),
        ("2022-09-26~", "2022-09-26~", D(2022, 9, 23), D(2022, 9, 29), Precision.DAY),
        ("201X~", "201X~", D(2009, 1, 1), D(2020, 12, 31), Precision.DECADE),
        ("2019-05-XX?", "2019-05?", D(2019, 5, 1), D(2019, 5, 31), Precision.MONTH),
        ("0001~", "0001~", date.min, D(2, 12, 31), Precision.YEAR),
        ("9999-12-31~", "9999-12-31~", D(9999, 12, 28), date.max, Precision.DAY),
        ("2015/2021-10", "2015/2021-10", D(2015, 1, 1), D(2021, 10, 31), Precision.INTERVAL),
        ("2015/..", "2015/..", D(2015, 1, 1), date.max, Precision.INTERVAL),
        ("../2021-10", "../2021-10", date.min, D(2021, 10, 31), Precision.INTERVAL),
        ("2015/", "2015/", D(2015, 1, 1), date.max, Precision.INTERVAL),
        ("/2021-10", "/2021-10", date.min, D(2021, 10, 31), Precision.INTERVAL),
        ("2015~/2021-10?", "2015~/2021-10?", D(2014, 1, 1), D(2021, 10, 31), Precision.INTERVAL),
        ("201X/2021", "201X/2021", D(2010, 1, 1), D(2021, 12, 31), Precision.INTERVAL),
        ("2019-06/2019", "2019-06/2019", D(2019, 6, 1), D(2019, 12, 31), Precision.INTERVAL),
        ("  2019-06\n", "2019-06", D(2019, 6, 1), D(2019, 6, 30), Precision.MONTH),
    ],
)
def test_parse_reads_every_form_with_its_days_and_precision(
    text: str, canonical: str, earliest: date, latest: date, precision: Precision
) -> None:
    value = P(text)
    assert str(value) == canonical
    assert (value.earliest, value.latest) == (earliest, latest)
    assert value.precision is precision
    assert P(canonical) == value


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("2022-02-30", "day 30 is not 01 to 28 in 2022-02"),
        ("2023-02-29", "day 29 is not 01 to 28 in 2023-02"),
        ("2019-04-31", "day 31 is not 01 to 30 in 2019-04"),
        ("2022-13", "month 13 is not 01 to 12"),
        ("2022-00", "month 00 is not 01 to 12"),
        ("2022-05-00", "day 00 is not 01 to 31"),
        ("2021/2015", "its end (2015) is before its start (2021)"),
        ("2019-06-15/2019-06-10", "its end (2019-06-10) is before its start (2019-06-15)"),
        ("0000", "year 0000 is outside 0001 to 9999"),
        ("000X", "reaches year 0000"),
        ("00XX", "reaches year 0000"),
        ("-0100", "negative and Y-prefixed years are not supported"),
        ("Y20000", "negative and Y-prefixed years are not supported"),
        ("201X-05", "a decade or century (201X, 20XX) cannot have a month or day"),
        ("2019-XX-05", "a day cannot be given when the month is XX"),
        ("/", "an interval needs at least one known end"),
        ("../..", "an interval needs at least one known end"),
        ("/..", "an interval needs at least one known end"),
        ("2019-6", "expected an EDTF date"),
        ("19", "expected an EDTF date"),
        ("2019-06-15T10:00", "expected an EDTF date"),
        ("2019~?", "expected an EDTF date"),
        ("2019-~06", "expected an EDTF date"),
        ("[2019, 2021]", "expected an EDTF date"),
        ("2015/2019/2021", "expected an EDTF date"),
        ("2019 / 2021", "expected an EDTF date"),
        ("", "expected an EDTF date"),
        ("June 2019", "expected an EDTF date"),
    ],
)
def test_parse_refuses_invalid_text_naming_the_value_and_what_was_expected(
    text: str, why: str
) -> None:
    with pytest.raises(InvalidDateError) as caught:
        P(text)
    message = str(caught.value)
    assert message.startswith(f"{text.strip()!r} is not a valid date: ")
    assert why in message


def test_invalid_date_errors_are_value_errors_and_claimkit_errors() -> None:
    with pytest.raises(ValueError, match="month 13"):
        P("2022-13")
    with pytest.raises(ClaimkitError):
        P("2022-13")


def test_x_digits_in_month_and_day_are_normalised_to_the_same_value() -> None:
    assert P("2019-XX") == P("2019-XX-XX") == P("2019")
    assert P("2019-05-XX") == P("2019-05")
    assert hash(P("2019-05-XX")) == hash(P("2019-05"))


def test_repr_shows_the_canonical_text() -> None:
    assert repr(P("2019-06")) == "PartialDate('2019-06')"
    assert repr(P(" 2015/.. ")) == "PartialDate('2015/..')"


def test_values_are_frozen_hashable_and_picklable() -> None:
    value = P("2015~/2021-10")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        value._open_end = True  # type: ignore[misc]
    assert {value, P("2015~/2021-10")} == {value}
    assert pickle.loads(pickle.dumps(value)) == value


# -- construction -------------------------------------------------------------------------------


def test_of_builds_years_months_and_days_with_qualifiers() -> None:
    assert PartialDate.of(2019) == P("2019")
    assert PartialDate.of(2019, 6) == P("2019-06")
    assert PartialDate.of(2022, 9, 26) == P("2022-09-26")
    assert PartialDate.of(2019, approximate=True) == P("2019~")
    assert PartialDate.of(2019, 6, uncertain=True) == P("2019-06?")
    assert PartialDate.of(2019, 6, 1, approximate=True, uncertain=True) == P("2019-06-01%")


@pytest.mark.parametrize(
    ("args", "why"),
    [
        ((2019, 2, 29), "'2019-02-29' is not a valid date: day 29 is not 01 to 28 in 2019-02"),
        ((2019, 13), "'2019-13' is not a valid date: month 13 is not 01 to 12"),
        ((0,), "'0000' is not a valid date: year 0000 is outside 0001 to 9999"),
        ((10000,), "'10000' is not a valid date: year 10000 is outside 0001 to 9999"),
        ((2019, None, 5), "'2019-05' is not a valid date: a day needs a month"),
    ],
)
def test_of_refuses_numbers_that_name_no_real_date(args: tuple[int, ...], why: str) -> None:
    with pytest.raises(InvalidDateError) as caught:
        PartialDate.of(*args)
    assert str(caught.value) == why


def test_from_date_gives_that_exact_day() -> None:
    assert PartialDate.from_date(D(2022, 9, 26)) == P("2022-09-26")


@pytest.mark.parametrize(
    ("earliest", "latest", "expected"),
    [
        (D(2019, 6, 1), D(2019, 6, 1), "2019-06-01"),
        (D(2019, 6, 1), D(2019, 6, 30), "2019-06"),
        (D(2019, 1, 1), D(2019, 12, 31), "2019"),
        (D(2010, 1, 1), D(2019, 12, 31), "201X"),
        (D(1900, 1, 1), D(1999, 12, 31), "19XX"),
        (D(2011, 1, 1), D(2020, 12, 31), "2011-01-01/2020-12-31"),
        (D(2019, 1, 1), D(2019, 1, 31), "2019-01"),
        (D(2022, 8, 3), D(2022, 8, 9), "2022-08-03/2022-08-09"),
        (D(2019, 6, 1), D(2019, 7, 31), "2019-06-01/2019-07-31"),
        (D(2015, 3, 1), date.max, "2015-03-01/.."),
        (date.min, D(2015, 3, 1), "../2015-03-01"),
        (date.min, date.max, "0001-01-01/.."),
    ],
)
def test_span_gives_the_tightest_value_for_exactly_those_days(
    earliest: date, latest: date, expected: str
) -> None:
    value = PartialDate.span(earliest, latest)
    assert str(value) == expected
    assert (value.earliest, value.latest) == (earliest, latest)


def test_span_refuses_a_range_that_ends_before_it_starts() -> None:
    with pytest.raises(InvalidDateError, match="expected the latest day on or after the earliest"):
        PartialDate.span(D(2020, 1, 2), D(2020, 1, 1))


def test_interval_builds_known_open_and_unknown_ends() -> None:
    start, end = PartialDate.of(2015), PartialDate.of(2021, 10)
    assert PartialDate.interval(start, end) == P("2015/2021-10")
    assert PartialDate.interval(start, None, open_end=True) == P("2015/..")
    assert PartialDate.interval(None, end, open_start=True) == P("../2021-10")
    assert PartialDate.interval(start, None) == P("2015/")
    assert PartialDate.interval(None, end) == P("/2021-10")


@pytest.mark.parametrize(
    ("call", "why"),
    [
        (lambda: PartialDate.interval(P("2015/2016"), None), "expected a single date"),
        (lambda: PartialDate.interval(None, None), "at least one known end"),
        (lambda: PartialDate.interval(None, None, open_start=True), "at least one known end"),
        (lambda: PartialDate.interval(P("2015"), None, open_start=True), "needs start=None"),
        (lambda: PartialDate.interval(None, P("2015"), open_end=True), "needs end=None"),
        (lambda: PartialDate.interval(P("2021"), P("2015")), "is before its start"),
    ],
)
def test_interval_refuses_ends_that_make_no_period(
    call: Callable[[], PartialDate], why: str
) -> None:
    with pytest.raises(InvalidDateError, match=why):
        call()


def test_the_internal_constructor_still_checks_a_points_shape() -> None:
    point = P("2019")._start
    with pytest.raises(InvalidDateError, match="a point needs one value"):
        PartialDate(point, None)
    with pytest.raises(InvalidDateError, match="cannot have open ends"):
        PartialDate(point, point, False, True)


# -- properties ---------------------------------------------------------------------------------


def test_a_point_is_its_own_start_and_end() -> None:
    value = P("2019-06~")
    assert value.start is value
    assert value.end is value
    assert not value.is_interval
    assert (value.open_start, value.open_end) == (False, False)
    assert (value.approximate, value.uncertain) == (True, False)


def test_an_interval_exposes_its_ends_and_their_kinds() -> None:
    value = P("2015?/..")
    assert value.is_interval
    assert value.start == P("2015?")
    assert value.end is None
    assert (value.open_start, value.open_end) == (False, True)
    assert (value.approximate, value.uncertain) == (False, True)
    unknown = P("/2021-10%")
    assert unknown.start is None
    assert not unknown.open_start
    assert unknown.end == P("2021-10%")
    assert (unknown.approximate, unknown.uncertain) == (True, True)


def test_uncertainty_alone_keeps_the_range_as_written() -> None:
    assert (P("2019-06?").earliest, P("2019-06?").latest) == (D(2019, 6, 1), D(2019, 6, 30))


# -- three-valued relations ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("2019", "2020", True),
        ("2019-12-31", "2020-01-01", True),
        ("2019", "2019-06", None),
        ("2019-06", "2019", None),
        ("2019", "2019", None),
        ("2019-06-01", "2019-06-01", False),
        ("2020", "2019", False),
        ("2019~", "2020", None),
        ("2019~", "2021", True),
        ("2015/2018", "2019", True),
        ("2015/2019", "2019-06", None),
        ("2015/2021", "2019", False),
        ("2019", "2015/2021", False),
        ("2014", "2015/2021", True),
        ("2015/..", "2030", False),
        ("2015/", "2030", None),
        ("2030", "../2015", False),
        ("2010", "/2015", None),
        ("2019", "2019-12-31/2020", None),
    ],
)
def test_before_answers_true_false_or_unknown(a: str, b: str, expected: Truth) -> None:
    assert P(a).before(P(b)) is expected
    assert P(b).after(P(a)) is expected


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("2019", "2019-06", None),
        ("2019-06-01", "2019-06-01", True),
        ("2019", "2020", False),
        ("2015/2021", "2018", True),
        ("2015/2021", "2015", None),
        ("2015/2021", "2022", False),
        ("2015/2017", "2016/2020", True),
        ("2015/2016", "2016/2020", None),
        ("2022-08-07/..", "2023-05", True),
        ("2022-08-07/", "2023-05", None),
        ("../2015", "1900", True),
        ("/2015", "1900", None),
        ("2019~", "2020-03", None),
    ],
)
def test_overlaps_answers_whether_the_two_share_a_day(a: str, b: str, expected: Truth) -> None:
    assert P(a).overlaps(P(b)) is expected
    assert P(b).overlaps(P(a)) is expected


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("2022-09-26", "2022-09-26", True),
        ("2022-09-26", "2022-09-26/2022-09-26", True),
        ("2015-01-01/2021-10-31", "2015-01-01/2021-10-31", True),
        ("../2015-01-01", "../2015-01-01", True),
        ("2019", "2019", None),
        ("2019", "2019-06", None),
        ("2019", "2020", False),
        ("2019", "2015/2021", False),
        ("2019", "2019/2019", None),
        ("2015/2021", "2015/2021", None),
        ("2015/2021", "2016/2021", False),
        ("2015/2021", "2015/2020", False),
        ("2015/..", "2015/", None),
        ("2015-01-01/..", "2015-01-01/2020", False),
        ("2022-09-26~", "2022-09-26", None),
    ],
)
def test_equals_is_true_only_for_the_same_certain_day_or_period(
    a: str, b: str, expected: Truth
) -> None:
    assert P(a).equals(P(b)) is expected
    assert P(b).equals(P(a)) is expected


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("2019", "2019-06", True),
        ("2019", "2019", True),
        ("2019-06", "2019", False),
        ("2019", "2019~", False),
        ("2019~", "2020-06", True),
        ("201X", "2015-03-09", True),
        ("2015/2021", "2018", True),
        ("2015/2021", "2015-03/2021-06", True),
        ("2015/..", "2400", True),
        ("2015/2021", "2022", False),
    ],
)
def test_contains_compares_the_ranges_of_days(a: str, b: str, expected: bool) -> None:
    assert P(a).contains(P(b)) is expected


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("2019", "2019-06", "2019-06"),
        ("2019-06", "2019", "2019-06"),
        ("2019", "2019", "2019"),
        ("2019~", "2020-03", "2020-03"),
        ("2019~", "2020", "2020"),
        ("2019-06~", "2019-07/2019-09", "2019-07"),
        ("2019-06-29~", "2019-07", "2019-07-01/2019-07-02"),
        ("2015/..", "2018/..", "2018/.."),
        ("../2020", "2010/..", "2010-01-01/2020-12-31"),
        ("2015/2021", "2018", "2018"),
        ("2019", "2021", None),
        ("2019-06-30", "2019-07-01", None),
    ],
)
def test_intersection_sharpens_two_readings_of_one_date(
    a: str, b: str, expected: str | None
) -> None:
    result = P(a).intersection(P(b))
    assert (None if result is None else str(result)) == expected
    assert P(a).compatible(P(b)) is (expected is not None)


def test_intersection_of_two_values_with_the_same_days_is_the_smaller_in_sort_order() -> None:
    year, days = P("2019"), P("2019-01-01/2019-12-31")
    assert year.intersection(days) == days.intersection(year) == min(year, days)


@pytest.mark.parametrize(
    ("a", "b", "gap"),
    [
        ("2019-06", "2019-07-03", 2),
        ("2019-07-03", "2019-06", 2),
        ("2019-06", "2019-07", 0),
        ("2019", "2019-06", 0),
        ("2019", "2021", 366),
        ("2015/2018", "2019", 0),
    ],
)
def test_gap_days_counts_the_days_strictly_between(a: str, b: str, gap: int) -> None:
    assert P(a).gap_days(P(b)) == gap


def test_sorting_uses_earliest_then_latest_then_text() -> None:
    values = [P(text) for text in ("2020", "2019-06", "2019~", "2019", "2019?", "../2000")]
    assert [str(value) for value in sorted(values)] == [
        "../2000",
        "2019~",
        "2019",
        "2019?",
        "2019-06",
        "2020",
    ]
    assert P("2019") < P("2019-06") <= P("2019-06")
    assert P("2020") > P("2019")


def test_comparing_with_something_else_is_not_supported() -> None:
    with pytest.raises(TypeError):
        _ = P("2019") < "2020"
    text: object = "2019"
    assert P("2019") != text


def test_the_examples_in_the_docstrings_run() -> None:
    for module in (_dates, strategies):
        failed, attempted = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
        assert attempted > 0
        assert failed == 0


# -- the strategy -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "kwargs",
    [{"min_year": 0}, {"max_year": 10000}, {"min_year": 2000, "max_year": 1999}],
)
def test_partial_dates_refuses_years_it_cannot_draw(kwargs: dict[str, Any]) -> None:
    with pytest.raises(InvalidArgument):
        partial_dates(**kwargs)


def test_partial_dates_refuses_a_precision_argument_that_is_not_a_strategy() -> None:
    with pytest.raises(InvalidArgument, match="must be a strategy"):
        partial_dates(precisions=Precision.DAY)  # type: ignore[arg-type]


def test_partial_dates_refuses_to_draw_interval_as_a_point_precision() -> None:
    @given(partial_dates(precisions=st.just(Precision.INTERVAL)))
    def draw(value: PartialDate) -> None:
        raise AssertionError("unreachable")  # pragma: no cover

    with pytest.raises(InvalidArgument, match="point precisions"):
        draw()


@given(partial_dates(min_year=2015, max_year=2023, intervals=False, qualifiers=False))
def test_partial_dates_keeps_to_its_years_qualifiers_and_kinds(value: PartialDate) -> None:
    assert not value.is_interval
    assert not value.approximate
    assert not value.uncertain
    assert D(2015, 1, 1) <= value.earliest <= value.latest <= D(2023, 12, 31)


@given(partial_dates(min_year=2011, max_year=2012, precisions=st.just(Precision.DECADE)))
def test_partial_dates_falls_back_to_years_when_no_decade_fits(value: PartialDate) -> None:
    for end in (value.start, value.end):
        assert end is None or end.precision is Precision.YEAR


@given(partial_dates(open_ends=False))
def test_partial_dates_without_open_ends_draws_two_known_ends(value: PartialDate) -> None:
    assert value.start is not None
    assert value.end is not None


# -- laws ---------------------------------------------------------------------------------------

dates = partial_dates(min_year=1990, max_year=2030)
RELATIONS: dict[str, Callable[[PartialDate, PartialDate], Truth]] = {
    "before": PartialDate.before,
    "after": PartialDate.after,
    "overlaps": PartialDate.overlaps,
    "equals": PartialDate.equals,
}


@given(partial_dates(min_year=1, max_year=9999))
def test_str_round_trips_through_parse(value: PartialDate) -> None:
    assert PartialDate.parse(str(value)) == value
    assert PartialDate.parse(f" {value}\t") == value


@given(dates, dates)
def test_before_and_after_are_converses(a: PartialDate, b: PartialDate) -> None:
    assert a.before(b) is b.after(a)


@given(dates, dates)
def test_overlaps_equals_and_compatible_are_symmetric(a: PartialDate, b: PartialDate) -> None:
    assert a.overlaps(b) is b.overlaps(a)
    assert a.equals(b) is b.equals(a)
    assert a.compatible(b) is b.compatible(a)


@given(dates, dates)
def test_certainly_before_means_certainly_apart(a: PartialDate, b: PartialDate) -> None:
    if a.before(b):
        assert a.overlaps(b) is False
        assert a.equals(b) is False
        assert b.before(a) is False
    if a.equals(b):
        assert a.overlaps(b) is True


@given(dates, dates)
def test_overlap_is_possible_exactly_when_the_ranges_meet(a: PartialDate, b: PartialDate) -> None:
    assert (a.overlaps(b) is False) is (not a.compatible(b))


@given(dates)
def test_every_value_contains_and_intersects_itself(value: PartialDate) -> None:
    assert value.contains(value)
    assert value.intersection(value) == value
    assert value.gap_days(value) == 0


@st.composite
def narrower_points(draw: st.DrawFn, value: PartialDate) -> PartialDate:
    """A point whose range lies within `value`'s range."""
    ordinal = draw(st.integers(value.earliest.toordinal(), value.latest.toordinal()))
    day = date.fromordinal(ordinal)
    candidates = [value, PartialDate.from_date(day), PartialDate.of(day.year, day.month)]
    candidates.append(PartialDate.of(day.year))
    return draw(st.sampled_from([c for c in candidates if value.contains(c)]))


@st.composite
def refinements(draw: st.DrawFn, value: PartialDate) -> PartialDate:
    """A value every reading of which is a reading of `value`: narrower ends, same kind."""
    if not value.is_interval:
        return draw(narrower_points(value))
    ends: list[PartialDate | None] = []
    opens: list[bool] = []
    for end, is_open in ((value.start, value.open_start), (value.end, value.open_end)):
        if end is not None:
            ends.append(draw(narrower_points(end)))
            opens.append(False)
        elif is_open:
            ends.append(None)
            opens.append(True)
        else:  # an unknown end may become known, or open, or stay unknown
            kind = draw(st.sampled_from(["known", "open", "unknown"]))
            ends.append(draw(partial_dates(intervals=False)) if kind == "known" else None)
            opens.append(kind == "open")
    try:
        return PartialDate.interval(ends[0], ends[1], open_start=opens[0], open_end=opens[1])
    except InvalidDateError:
        assume(False)
        raise  # pragma: no cover


@settings(max_examples=300)
@given(dates, dates, st.data())
def test_a_definite_answer_never_changes_when_either_date_is_refined(
    a: PartialDate, b: PartialDate, data: st.DataObject
) -> None:
    sharper_a = data.draw(refinements(a), label="sharper a")
    sharper_b = data.draw(refinements(b), label="sharper b")
    assert a.contains(sharper_a)
    assert b.contains(sharper_b)
    for name, relation in RELATIONS.items():
        answer = relation(a, b)
        if answer is not None:
            assert relation(sharper_a, b) is answer, name
            assert relation(a, sharper_b) is answer, name
            assert relation(sharper_a, sharper_b) is answer, name


@st.composite
def readings(draw: st.DrawFn, value: PartialDate) -> tuple[date, date]:
    """One exact first and last day `value` may stand for, drawn without `_dates`' bounds."""

    def day_in(low: date, high: date) -> date:
        return date.fromordinal(draw(st.integers(low.toordinal(), high.toordinal())))

    if not value.is_interval:
        day = day_in(value.earliest, value.latest)
        return day, day
    start, end = value.start, value.end
    if value.open_start:
        first = date.min
    elif start is None:
        assert end is not None
        first = day_in(date.min, end.latest)
    else:
        first = day_in(
            start.earliest, start.latest if end is None else min(start.latest, end.latest)
        )
    if value.open_end:
        return first, date.max
    if end is None:
        return first, day_in(first, date.max)
    return first, day_in(max(first, end.earliest), end.latest)


@settings(max_examples=300)
@given(dates, dates, st.data())
def test_a_definite_answer_holds_for_every_exact_reading(
    a: PartialDate, b: PartialDate, data: st.DataObject
) -> None:
    a_first, a_last = data.draw(readings(a), label="reading of a")
    b_first, b_last = data.draw(readings(b), label="reading of b")
    facts = {
        "before": a_last < b_first,
        "after": b_last < a_first,
        "overlaps": a_first <= b_last and b_first <= a_last,
        "equals": (a_first, a_last) == (b_first, b_last),
    }
    for name, relation in RELATIONS.items():
        answer = relation(a, b)
        if answer is not None:
            assert answer is facts[name], name
    assert a.earliest <= a_first <= a_last <= a.latest


@given(dates, dates)
def test_intersection_is_commutative_and_contained_in_both(a: PartialDate, b: PartialDate) -> None:
    both = a.intersection(b)
    assert both == b.intersection(a)
    assert (both is not None) is a.compatible(b)
    if both is not None:
        assert a.contains(both)
        assert b.contains(both)
        assert both.earliest == max(a.earliest, b.earliest)
        assert both.latest == min(a.latest, b.latest)


@given(dates, dates)
def test_gap_days_is_symmetric_and_zero_when_compatible(a: PartialDate, b: PartialDate) -> None:
    assert a.gap_days(b) == b.gap_days(a) >= 0
    if a.compatible(b):
        assert a.gap_days(b) == 0
    if a.gap_days(b) > 0:
        assert a.before(b) or b.before(a)


@given(dates, dates, dates)
def test_the_sort_order_is_total_and_consistent_with_equality(
    a: PartialDate, b: PartialDate, c: PartialDate
) -> None:
    assert [a < b, a == b, b < a].count(True) == 1
    assert (a <= b) is (a < b or a == b)
    if a <= b and b <= c:
        assert a <= c
    assert (a == b) is (hash(a) == hash(b) and str(a) == str(b))
    assert sorted([a, b, c]) == sorted([c, b, a])
    if a < b:
        assert (a.earliest, a.latest) <= (b.earliest, b.latest)


@given(dates)
def test_span_of_a_values_days_covers_exactly_those_days(value: PartialDate) -> None:
    spanned = PartialDate.span(value.earliest, value.latest)
    assert (spanned.earliest, spanned.latest) == (value.earliest, value.latest)
    assert spanned.contains(value)
    assert value.contains(spanned)


@given(st.dates(min_value=D(1, 1, 1)), st.integers(0, 40_000))
def test_span_of_any_two_days_covers_exactly_those_days(first: date, length: int) -> None:
    last = min(first + timedelta(days=min(length, (date.max - first).days)), date.max)
    spanned = PartialDate.span(first, last)
    assert (spanned.earliest, spanned.latest) == (first, last)
    assert PartialDate.parse(str(spanned)) == spanned


# -- the edtf package as an oracle -------------------------------------------------------------


def _day(value: time.struct_time) -> date:
    return date(value.tm_year, value.tm_mon, value.tm_mday)


@st.composite
def edtf_points(draw: st.DrawFn) -> str:
    """EDTF text for one valid point, in any written form claimkit reads."""
    year = draw(st.integers(1000, 2999))
    month = draw(st.integers(1, 12))
    day = draw(st.integers(1, 28))
    form = draw(
        st.sampled_from(
            ["Y", "YM", "YMD", "decade", "century", "Y-XX", "YM-XX", "Y-XX-XX", "YMD-last"]
        )
    )
    text = {
        "Y": f"{year}",
        "YM": f"{year}-{month:02d}",
        "YMD": f"{year}-{month:02d}-{day:02d}",
        "decade": f"{year // 10}X",
        "century": f"{year // 100}XX",
        "Y-XX": f"{year}-XX",
        "YM-XX": f"{year}-{month:02d}-XX",
        "Y-XX-XX": f"{year}-XX-XX",
        "YMD-last": f"{year}-{month:02d}-{_dates._month_end(year, month).day}",
    }[form]
    return text + draw(st.sampled_from(["", "", "~", "?", "%"]))


@st.composite
def edtf_texts(draw: st.DrawFn) -> str:
    """EDTF text for a valid point or a valid interval with two known ends.

    `edtf` reads no interval with an `X` digit and a qualifier, nor one with a `YYYY-XX` end, so
    none is drawn.
    """
    first = draw(edtf_points())
    if draw(st.booleans()):
        return first
    second = draw(edtf_points())
    if "X" in first + second:
        assume(not _edtf_misreads(first) and not _edtf_misreads(second))
        first, second = _unqualified(first), _unqualified(second)
    ordered = sorted([first, second], key=lambda text: P(_unqualified(text)).earliest)
    return "/".join(ordered)


def _edtf_reads(value: PartialDate) -> bool:
    """Whether `edtf` 5.0 can read `str(value)`: no X digit in an interval with a qualifier or a
    missing end."""
    if not value.is_interval:
        return True
    ends = [end for end in (value.start, value.end) if end is not None]
    if not any(end.precision in (Precision.DECADE, Precision.CENTURY) for end in ends):
        return True
    return len(ends) == 2 and not (value.approximate or value.uncertain)


def _edtf_misreads(end: str) -> bool:
    return len(end) in (7, 8) and end[5:7] == "XX"


def _unqualified(text: str) -> str:
    return text.translate(str.maketrans("", "", "~?%"))


@settings(deadline=None)
@given(edtf_texts())
def test_bounds_agree_with_the_edtf_package(text: str) -> None:
    theirs = edtf.parse_edtf(text)
    strict = (_day(theirs.lower_strict()), _day(theirs.upper_strict()))
    exact = P(_unqualified(text))
    assert (exact.earliest, exact.latest) == strict
    ours = P(text)
    assert ours.earliest <= strict[0]
    assert strict[1] <= ours.latest
    if "X" not in text and "/" not in text:
        fuzzy = (_day(theirs.lower_fuzzy()), _day(theirs.upper_fuzzy()))
        assert fuzzy[0] <= ours.earliest
        assert ours.latest <= fuzzy[1]


@settings(deadline=None)
@given(partial_dates(min_year=1000, max_year=2999))
def test_the_edtf_package_reads_claimkits_canonical_text_alike(value: PartialDate) -> None:
    assume(_edtf_reads(value))
    theirs = edtf.parse_edtf(str(value))
    assert str(theirs) == str(value)
    if value.open_start or value.open_end:
        return  # edtf cannot compute bounds for an open end
    exact = P(_unqualified(str(value)))
    if value.start is not None:
        assert _day(theirs.lower_strict()) == exact.earliest
    if value.end is not None:
        assert _day(theirs.upper_strict()) == exact.latest


@pytest.mark.parametrize("text", ["2023-02-29", "2021/2015"])
def test_claimkit_refuses_values_the_edtf_package_accepts(text: str) -> None:
    edtf.parse_edtf(text)
    with pytest.raises(InvalidDateError):
        P(text)


# --- the fast paths of `of` and `from_date` -------------------------------------------------


def _checked(year: int, month: int | None, day: int | None, *, uncertain: bool) -> PartialDate:
    """The value as the constructor builds it, checked and bounded the long way."""
    precision = (
        Precision.DAY
        if day is not None
        else Precision.MONTH
        if month is not None
        else Precision.YEAR
    )
    point = _dates._make_point("value", year, month, day, precision, uncertain=uncertain)
    return PartialDate(point, point)


def _same(fast: PartialDate, slow: PartialDate) -> None:
    assert fast == slow
    assert hash(fast) == hash(slow)
    assert repr(fast) == repr(slow)
    assert fast._bounds == slow._bounds
    assert attrs.astuple(fast, recurse=True) == attrs.astuple(slow, recurse=True)


@given(
    st.integers(-5, 10_005),
    st.none() | st.integers(-1, 14),
    st.none() | st.integers(-1, 33),
    st.booleans(),
)
def test_of_builds_what_the_constructor_builds(
    year: int, month: int | None, day: int | None, uncertain: bool
) -> None:
    try:
        slow = _checked(year, month, day, uncertain=uncertain)
    except InvalidDateError:
        with pytest.raises(InvalidDateError):
            PartialDate.of(year, month, day, uncertain=uncertain)
        return
    _same(PartialDate.of(year, month, day, uncertain=uncertain), slow)


@given(st.dates())
def test_from_date_builds_what_the_constructor_builds(day: date) -> None:
    _same(PartialDate.from_date(day), _checked(day.year, day.month, day.day, uncertain=False))
    _same(PartialDate.span(day, day), _checked(day.year, day.month, day.day, uncertain=False))
    _same(
        PartialDate.span(date(day.year, day.month, 1), _dates._month_end(day.year, day.month)),
        _checked(day.year, day.month, None, uncertain=False),
    )
    _same(
        PartialDate.span(date(day.year, 1, 1), date(day.year, 12, 31)),
        _checked(day.year, None, None, uncertain=False),
    )
