"""Hypothesis strategies that generate valid claimkit values.

Use them in your own property tests:

```python
from hypothesis import given
from claimkit.testing.strategies import partial_dates

@given(partial_dates(min_year=2000, max_year=2030))
def test_my_rule_accepts_any_date(date):
    ...
```

Every strategy takes keyword arguments only, and has bounded defaults, so that the values it
draws stay small and shrink well.
"""

from __future__ import annotations

import calendar

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from claimkit._dates import PartialDate, Precision
from claimkit.errors import InvalidDateError

__all__ = ["partial_dates"]

_POINT_PRECISIONS = (
    Precision.DAY,
    Precision.MONTH,
    Precision.YEAR,
    Precision.DECADE,
    Precision.CENTURY,
)
_QUALIFIERS = ("", "~", "?", "%")


def partial_dates(
    *,
    min_year: int = 1900,
    max_year: int = 2100,
    precisions: st.SearchStrategy[Precision] | None = None,
    qualifiers: bool = True,
    intervals: bool = True,
    open_ends: bool = True,
) -> st.SearchStrategy[PartialDate]:
    """Generate valid [`PartialDate`][claimkit.PartialDate] values of every kind.

    Args:
        min_year: The first year any generated value (or interval end) may name, 1 or more.
        max_year: The last year any generated value may name, 9999 or less. Qualifier margins
            may reach a year beyond `min_year` and `max_year`.
        precisions: Draws the precision of each point (and of each interval end); by default
            any of `DAY`, `MONTH`, `YEAR`, `DECADE` and `CENTURY`. Decades and centuries are
            drawn only when one fits between `min_year` and `max_year`.
        qualifiers: Whether values may be marked `~`, `?` or `%`.
        intervals: Whether intervals (`2015/2021-10`) may be drawn as well as points.
        open_ends: Whether intervals may have an open (`..`) or unknown (empty) end.

    Returns:
        A strategy that draws points, and intervals whose ends are points.

    Raises:
        InvalidArgument: When the years are outside 1..9999 or `min_year > max_year`.

    Examples:
        >>> from hypothesis import given
        >>> @given(partial_dates(min_year=2015, max_year=2023, intervals=False))
        ... def check(date):
        ...     assert not date.is_interval
        >>> check()
    """
    if not 1 <= min_year <= max_year <= 9999:
        raise InvalidArgument(
            f"expected 1 <= min_year <= max_year <= 9999, got min_year={min_year!r}, "
            f"max_year={max_year!r}"
        )
    if precisions is None:
        precisions = st.sampled_from(_POINT_PRECISIONS)
    elif not isinstance(precisions, st.SearchStrategy):
        raise InvalidArgument(f"precisions must be a strategy, got {precisions!r}")
    points = _points(min_year, max_year, precisions, qualifiers)
    if not intervals:
        return points
    return st.one_of(points, _intervals(points, open_ends=open_ends))


def _fits(precision: Precision, min_year: int, max_year: int) -> tuple[int, int] | None:
    """The range of first years a value of `precision` may have, or `None` if none fits."""
    size = {Precision.DECADE: 10, Precision.CENTURY: 100}.get(precision, 1)
    first = -(-min_year // size) * size
    last = (max_year + 1) // size * size - size
    return (first, last) if first <= last else None


def _points(
    min_year: int,
    max_year: int,
    precisions: st.SearchStrategy[Precision],
    qualifiers: bool,
) -> st.SearchStrategy[PartialDate]:
    @st.composite
    def draw_point(draw: st.DrawFn) -> PartialDate:
        precision = draw(precisions)
        if precision is Precision.INTERVAL:
            raise InvalidArgument("precisions must draw point precisions, not INTERVAL")
        years = _fits(precision, min_year, max_year)
        if years is None:
            # No whole decade or century fits the years: fall back to a year.
            precision, years = Precision.YEAR, (min_year, max_year)
        qualifier = draw(st.sampled_from(_QUALIFIERS)) if qualifiers else ""
        if precision is Precision.DECADE:
            decade = draw(st.integers(years[0] // 10, years[1] // 10))
            return PartialDate.parse(f"{decade:03d}X{qualifier}")
        if precision is Precision.CENTURY:
            century = draw(st.integers(years[0] // 100, years[1] // 100))
            return PartialDate.parse(f"{century:02d}XX{qualifier}")
        year = draw(st.integers(*years))
        month = None if precision is Precision.YEAR else draw(st.integers(1, 12))
        day = None
        if precision is Precision.DAY:
            assert month is not None
            day = draw(st.integers(1, calendar.monthrange(year, month)[1]))
        return PartialDate.of(
            year, month, day, approximate=qualifier in ("~", "%"), uncertain=qualifier in ("?", "%")
        )

    return draw_point()


def _intervals(
    points: st.SearchStrategy[PartialDate], *, open_ends: bool
) -> st.SearchStrategy[PartialDate]:
    @st.composite
    def draw_interval(draw: st.DrawFn) -> PartialDate:
        kinds = ("date", "open", "unknown") if open_ends else ("date",)
        start_kind = draw(st.sampled_from(kinds))
        end_kind = "date" if start_kind != "date" else draw(st.sampled_from(kinds))
        start = draw(points) if start_kind == "date" else None
        end = draw(points) if end_kind == "date" else None
        if start is not None and end is not None:
            try:
                return PartialDate.interval(start, end)
            except InvalidDateError:
                # Drawn the wrong way round: the other order always holds.
                start, end = end, start
        return PartialDate.interval(
            start, end, open_start=start_kind == "open", open_end=end_kind == "open"
        )

    return draw_interval()
