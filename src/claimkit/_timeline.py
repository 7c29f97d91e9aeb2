# The timeline: the corpus's events and states on one time axis, for people to look at.
#
# `build_timeline` runs the pipeline once (resolve, index, check) and lays the claims out in
# lanes: one lane per state timeline (facet and key actors, from `Index.facets`) with the
# periods its transitions imply, then one lane per explicit event id whose claims are not
# already drawn in a facet lane. Every mark is a range from the earliest to the latest day
# its partial date allows; open ends are clipped to the axis and flagged. A claim without a
# date of its own borrows the intersection of its event's dated claims (drawn hollow).
# Claims of unsuppressed FAIL findings are marked as conflicts.
#
# Three renderers, all pure and deterministic (sorted input, no random ids, fixed number
# formatting): `render_timeline_text` for a terminal, `render_timeline_svg` (a self-contained
# SVG built with xml.etree) and `render_timeline_html` (an HTML page embedding that SVG with
# a legend and tables; no scripts, no network). Tooltips are SVG `<title>` elements.

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from xml.etree import ElementTree

import attrs

from claimkit._config import Config
from claimkit._dates import PartialDate
from claimkit._findings import Kind
from claimkit._model import Claim, Corpus
from claimkit._report import Report

__all__ = [
    "Lane",
    "Mark",
    "Period",
    "Timeline",
    "build_timeline",
    "render_timeline_html",
    "render_timeline_svg",
    "render_timeline_text",
]

SVG_NS = "http://www.w3.org/2000/svg"

# Colour-blind-safe palette (Okabe-Ito), assigned to sources in sorted id order.
_PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
_STATE_FILLS = ("#DCE9F5", "#FBE5C8", "#D5EFE4", "#F3DDEA", "#E5E5E5", "#FFF3B0")
_CONFLICT = "#C00000"


@attrs.frozen(kw_only=True)
class Mark:
    """One claim on the time axis.

    Attributes:
        claim: The claim's id.
        kind: `transition` (changes a facet's state), `state` (a state over a period) or
            `event`.
        label: What happened or held (`broken`, `closed (trade)`, `meeting`).
        date: The date drawn, in EDTF, or `None` when the claim has none.
        earliest: The first day the date allows, `None` when it is open or unknown.
        latest: The last day the date allows, `None` when it is open or unknown.
        via_event: Whether the date was borrowed from the claim's event.
        sources: The sources of the claim's evidence.
        quote: The first quote of its evidence.
        where: `file:line` of the claim, when known.
        conflicts: Codes of the failing findings the claim is part of.
    """

    claim: str
    kind: str
    label: str
    date: str | None
    earliest: datetime.date | None
    latest: datetime.date | None
    via_event: bool = False
    sources: tuple[str, ...] = ()
    quote: str = ""
    where: str | None = None
    conflicts: tuple[str, ...] = ()

    @property
    def dated(self) -> bool:
        """Whether the mark can be drawn (it has a date)."""
        return self.date is not None

    def _sort_key(self) -> tuple[datetime.date, datetime.date, str]:
        return (self.earliest or date.min, self.latest or date.max, self.claim)


@attrs.frozen(kw_only=True)
class Period:
    """A stretch of time in which a facet is in one state, implied by its transitions.

    Attributes:
        state: The state (`broken`).
        start: The earliest day the transition into it may have happened.
        end: The earliest day of the next transition to another state; `None` when open.
        claims: The transitions that opened the period.
    """

    state: str
    start: date
    end: date | None
    claims: tuple[str, ...]


@attrs.frozen(kw_only=True)
class Lane:
    """A row group of the timeline: one facet and actor pair, or one event.

    Attributes:
        key: A stable key (`facet:relations:colombia,venezuela` or `event:<id>`).
        title: What a reader sees (`relations between colombia and venezuela`).
        kind: `facet` or `event`.
        marks: The lane's claims, by date then id.
        periods: The state periods, for facet lanes.
    """

    key: str
    title: str
    kind: str
    marks: tuple[Mark, ...]
    periods: tuple[Period, ...] = ()

    @property
    def conflicted(self) -> bool:
        """Whether any claim of the lane is in a conflict."""
        return any(mark.conflicts for mark in self.marks)


@attrs.frozen(kw_only=True)
class Conflict:
    """A failing finding, as the timeline's legend lists it."""

    code: str
    rule: str
    message: str
    claims: tuple[str, ...]


@attrs.frozen(kw_only=True)
class Timeline:
    """The corpus on a time axis.

    Attributes:
        lanes: Facet lanes (sorted by key), then event lanes (by date, then id).
        start: The first day of the axis (1 January of the earliest year drawn).
        end: The last day of the axis (31 December of the latest year drawn).
        sources: Every source id, sorted (their order fixes their colours).
        conflicts: The failing findings.
        undated: Claims of facets or events that have no date to draw.
        claims: How many claims the corpus holds.
    """

    lanes: tuple[Lane, ...]
    start: date
    end: date
    sources: tuple[str, ...]
    conflicts: tuple[Conflict, ...]
    undated: tuple[str, ...]
    claims: int

    def colour_of(self, source: str | None) -> str:
        """The colour of a source's marks."""
        if source is None or source not in self.sources:
            return "#777777"
        return _PALETTE[self.sources.index(source) % len(_PALETTE)]


def _finite(day: date) -> date | None:
    return None if day in (date.min, date.max) else day


def _label(corpus: Corpus, claim: Claim) -> tuple[str, str]:
    if not corpus.has_action(claim.action):
        return "event", claim.action
    action = corpus.action(claim.action)
    scope = f" ({', '.join(claim.scope)})" if claim.scope else ""
    if action.is_transition and action.sets:
        return "transition", f"{action.sets}{scope}"
    if action.is_state and action.holds:
        return "state", f"{action.holds}{scope}"
    return "event", f"{claim.action}{scope}"


def _event_dates(
    events: Mapping[str, Sequence[str]], dates: Mapping[str, PartialDate | None]
) -> dict[str, PartialDate]:
    """For each event, the intersection of its claims' dates (when they have one)."""
    result: dict[str, PartialDate] = {}
    for event, members in events.items():
        common: PartialDate | None = None
        for ident in members:
            value = dates.get(ident)
            if value is None:
                continue
            common = value if common is None else common.intersection(value)
            if common is None:
                break
        else:
            if common is not None:
                result[event] = common
    return result


def _mark(
    corpus: Corpus,
    claim: Claim,
    dates: Mapping[str, PartialDate | None],
    borrowed: Mapping[str, PartialDate],
    conflicts: Mapping[str, Sequence[str]],
) -> Mark:
    kind, label = _label(corpus, claim)
    value = dates.get(claim.id)
    via_event = False
    if value is None and claim.event is not None and claim.event in borrowed:
        value, via_event = borrowed[claim.event], True
    where = None
    if claim.location is not None:
        where = claim.location.file
        if claim.location.line is not None:
            where += f":{claim.location.line}"
    return Mark(
        claim=claim.id,
        kind=kind,
        label=label,
        date=str(value) if value is not None else None,
        earliest=_finite(value.earliest) if value is not None else None,
        latest=_finite(value.latest) if value is not None else None,
        via_event=via_event,
        sources=claim.sources,
        quote=claim.evidence[0].quote if claim.evidence else "",
        where=where,
        conflicts=tuple(sorted(set(conflicts.get(claim.id, ())))),
    )


def _periods(marks: Iterable[Mark]) -> tuple[Period, ...]:
    """The state periods implied by a facet's dated transitions.

    Transitions are taken in order of their earliest day; consecutive ones that set the same
    state on overlapping days are one change. A period runs from its change to the earliest
    day of the next change (open after the last).
    """
    changes: list[tuple[str, date, date, list[str]]] = []
    for mark in sorted(marks, key=Mark._sort_key):
        if mark.kind != "transition" or not mark.dated:
            continue
        state = mark.label.split(" (", 1)[0]
        first, last = mark.earliest or date.min, mark.latest or date.max
        if changes and changes[-1][0] == state and first <= changes[-1][2]:
            prev = changes[-1]
            changes[-1] = (state, prev[1], max(prev[2], last), [*prev[3], mark.claim])
        else:
            changes.append((state, first, last, [mark.claim]))
    periods = []
    for number, (state, first, _last, claims) in enumerate(changes):
        end = changes[number + 1][1] if number + 1 < len(changes) else None
        periods.append(Period(state=state, start=first, end=end, claims=tuple(claims)))
    return tuple(periods)


def build_timeline(
    corpus: Corpus, *, config: Config | None = None, report: Report | None = None
) -> Timeline:
    """Lay the claims of a corpus out on a time axis, with its conflicts marked.

    Args:
        corpus: The corpus.
        config: The configuration of the check that marks conflicts.
        report: A report already computed for `corpus` (checked afresh when `None`).
    """
    from claimkit._engine import check
    from claimkit._index import build_index
    from claimkit._resolve import resolve

    resolved = resolve(corpus)
    index = build_index(resolved)
    if report is None:
        report = check(corpus, config=config)
    conflicts: dict[str, list[str]] = defaultdict(list)
    failing = []
    for finding in report.findings:
        if finding.kind is not Kind.FAIL or finding.suppressed is not None:
            continue
        failing.append(
            Conflict(
                code=finding.code,
                rule=finding.rule,
                message=finding.message,
                claims=finding.claims,
            )
        )
        for ident in finding.claims:
            conflicts[ident].append(finding.code)
    borrowed = _event_dates(index.events, resolved.dates)

    def marks(idents: Iterable[str]) -> tuple[Mark, ...]:
        made = (_mark(corpus, corpus.claim(i), resolved.dates, borrowed, conflicts) for i in idents)
        return tuple(sorted(made, key=Mark._sort_key))

    lanes: list[Lane] = []
    in_facets: set[str] = set()
    for (facet, actors), idents in index.facets.items():
        lane_marks = marks(idents)
        in_facets.update(idents)
        lanes.append(
            Lane(
                key=f"facet:{facet}:{','.join(actors)}",
                title=f"{facet} between {' and '.join(actors)}",
                kind="facet",
                marks=lane_marks,
                periods=_periods(lane_marks),
            )
        )
    event_lanes: list[Lane] = []
    for event, idents in index.events.items():
        rest = [i for i in idents if i not in in_facets]
        if not rest:
            continue
        lane_marks = marks(rest)
        if not any(mark.dated for mark in lane_marks):
            continue
        event_lanes.append(
            Lane(key=f"event:{event}", title=f"event {event}", kind="event", marks=lane_marks)
        )
    event_lanes.sort(key=lambda lane: (min(m._sort_key() for m in lane.marks if m.dated), lane.key))
    lanes += event_lanes
    days: list[date] = []
    for lane in lanes:
        for mark in lane.marks:
            days += [day for day in (mark.earliest, mark.latest) if day is not None]
    first = min(days, default=date(2000, 1, 1))
    last = max(days, default=first)
    undated = sorted({m.claim for lane in lanes for m in lane.marks if not m.dated})
    return Timeline(
        lanes=tuple(lanes),
        start=date(first.year, 1, 1),
        end=date(last.year, 12, 31),
        sources=tuple(sorted(source.id for source in corpus.sources)),
        conflicts=tuple(failing),
        undated=tuple(undated),
        claims=len(corpus.claims),
    )


# -- text -------------------------------------------------------------------------------------

_BAR = 36


def _column(timeline: Timeline, day: date) -> int:
    total = (timeline.end - timeline.start).days or 1
    return min(_BAR - 1, max(0, (day - timeline.start).days * _BAR // total))


def _bar(timeline: Timeline, mark: Mark) -> str:
    cells = ["·"] * _BAR
    if mark.dated:
        low = _column(timeline, mark.earliest or timeline.start)
        high = _column(timeline, mark.latest or timeline.end)
        fill = "o" if mark.via_event else ("!" if mark.conflicts else "#")
        for cell in range(low, high + 1):
            cells[cell] = fill
        if mark.earliest is None:
            cells[0] = "<"
        if mark.latest is None:
            cells[-1] = ">"
    return "|" + "".join(cells) + "|"


def _short(source: str) -> str:
    return source.split("_", 1)[0] if "_" in source else source[:8]


def render_timeline_text(timeline: Timeline) -> str:
    """The timeline for a terminal: one block per lane, one line per claim with a bar.

    In the bar, `#` is a claim's range of possible days, `!` a claim in a conflict, `o` a
    date borrowed from the claim's event, `<` and `>` open ends clipped to the axis.
    """
    lines = [
        f"claimkit timeline: {timeline.claims} claims in {len(timeline.sources)} sources, "
        f"{len(timeline.lanes)} lanes, {timeline.start.year}..{timeline.end.year}, "
        f"{len(timeline.conflicts)} conflicts",
        f"{'axis':<32}{timeline.start.year}{timeline.end.year:>{_BAR - 4}}",
    ]
    for lane in timeline.lanes:
        flag = "  [CONFLICT]" if lane.conflicted else ""
        lines += ["", f"{lane.title}{flag}"]
        for period in lane.periods:
            end = period.end.isoformat() if period.end else ".."
            lines.append(f"  state {period.state}: {period.start.isoformat()} .. {end}")
        for mark in lane.marks:
            date_text = mark.date or "undated"
            if mark.via_event:
                date_text += " (event)"
            sources = ",".join(_short(s) for s in mark.sources)
            conflict = f"  CONFLICT {','.join(mark.conflicts)}" if mark.conflicts else ""
            lines.append(
                f"  {date_text:<28} {_bar(timeline, mark)} {mark.label}: {mark.claim} "
                f"[{sources}]{conflict}"
            )
    if timeline.conflicts:
        lines += ["", "Conflicts"]
        lines += [
            f"  {c.code} {c.rule}: {c.message} [{', '.join(c.claims)}]" for c in timeline.conflicts
        ]
    return "\n".join(lines) + "\n"


# -- SVG --------------------------------------------------------------------------------------

_WIDTH = 1200
_LEFT = 330
_RIGHT = 1180
_ROW = 18
_TOP = 64


def _fmt(value: float) -> str:
    return f"{value:.1f}"


def _x(timeline: Timeline, day: date) -> float:
    total = (timeline.end - timeline.start).days + 1
    return _LEFT + (_RIGHT - _LEFT) * (day - timeline.start).days / total


def _sub(
    parent: ElementTree.Element, tag: str, text: str | None = None, **attrib: str
) -> ElementTree.Element:
    element = ElementTree.SubElement(
        parent, tag, {k.replace("_", "-"): v for k, v in attrib.items()}
    )
    if text is not None:
        element.text = text
    return element


def _tooltip(mark: Mark) -> str:
    parts = [f"{mark.claim}: {mark.label}", f"date: {mark.date or 'none'}"]
    if mark.via_event:
        parts[-1] += " (from its event)"
    if mark.sources:
        parts.append(f"sources: {', '.join(mark.sources)}")
    if mark.quote:
        parts.append(f"\u201c{mark.quote}\u201d")
    if mark.where:
        parts.append(mark.where)
    if mark.conflicts:
        parts.append(f"conflict: {', '.join(mark.conflicts)}")
    return "\n".join(parts)


def _truncate(text: str, size: int) -> str:
    return text if len(text) <= size else text[: size - 1] + "\u2026"


def _draw_mark(timeline: Timeline, group: ElementTree.Element, mark: Mark, y: float) -> None:
    item = _sub(group, "g", **{"class": f"mark {mark.kind}"})
    _sub(item, "title", _tooltip(mark))
    if not mark.dated:
        _sub(item, "text", "undated", x=_fmt(_LEFT + 4), y=_fmt(y + 12), fill="#777777")
        return
    low = _x(timeline, mark.earliest or timeline.start)
    high = _x(timeline, (mark.latest or timeline.end)) + (_RIGHT - _LEFT) / max(
        1, (timeline.end - timeline.start).days + 1
    )
    width = max(4.0, high - low)
    colour = timeline.colour_of(mark.sources[0] if mark.sources else None)
    stroke = _CONFLICT if mark.conflicts else colour
    _sub(
        item,
        "rect",
        x=_fmt(low),
        y=_fmt(y + 4),
        width=_fmt(width),
        height=_fmt(_ROW - 8),
        rx="2",
        fill="none" if mark.via_event else colour,
        fill_opacity="0.85",
        stroke=stroke,
        stroke_width="2.5" if mark.conflicts else "1.5",
    )
    if mark.earliest is None:
        _sub(
            item,
            "path",
            d=f"M{_fmt(low + 6)},{_fmt(y + 3)} l-6,6 l6,6",
            fill="none",
            stroke=stroke,
            stroke_width="1.5",
        )
    if mark.latest is None:
        _sub(
            item,
            "path",
            d=f"M{_fmt(low + width - 6)},{_fmt(y + 3)} l6,6 l-6,6",
            fill="none",
            stroke=stroke,
            stroke_width="1.5",
        )
    label = mark.label + ("  \u26a0 " + ",".join(mark.conflicts) if mark.conflicts else "")
    # Labels go right of the mark, or left of it when they would run off the axis.
    right = low + width + 4 + 6.5 * len(label) <= _RIGHT
    _sub(
        item,
        "text",
        label,
        x=_fmt(low + width + 4 if right else low - 4),
        y=_fmt(y + 13),
        text_anchor="start" if right else "end",
        fill=_CONFLICT if mark.conflicts else "#333333",
    )


def timeline_svg_element(timeline: Timeline) -> ElementTree.Element:
    """The timeline as an SVG element tree (the root `<svg>`)."""
    rows = sum(1 + len(lane.marks) for lane in timeline.lanes)
    legend_rows = 2 + (len(timeline.sources) + 3) // 4
    height = _TOP + rows * _ROW + 16 + legend_rows * _ROW
    svg = ElementTree.Element(
        "svg",
        {
            "xmlns": SVG_NS,
            "width": str(_WIDTH),
            "height": str(height),
            "viewBox": f"0 0 {_WIDTH} {height}",
            "font-family": "Helvetica, Arial, sans-serif",
            "font-size": "11",
        },
    )
    _sub(svg, "title", "claimkit timeline")
    _sub(svg, "rect", x="0", y="0", width=str(_WIDTH), height=str(height), fill="#FFFFFF")
    _sub(
        svg,
        "text",
        f"claimkit timeline: {timeline.claims} claims, {len(timeline.sources)} sources, "
        f"{len(timeline.conflicts)} conflicts",
        x="10",
        y="20",
        font_size="15",
        font_weight="bold",
    )
    axis = _sub(svg, "g", **{"class": "axis"})
    years = timeline.end.year - timeline.start.year + 1
    step = 1 if years <= 20 else 5 if years <= 100 else 25
    bottom = _TOP + rows * _ROW
    for year in range(timeline.start.year, timeline.end.year + 1):
        if (year - timeline.start.year) % step:
            continue
        x = _fmt(_x(timeline, date(year, 1, 1)))
        _sub(axis, "line", x1=x, y1=str(_TOP - 14), x2=x, y2=str(bottom), stroke="#DDDDDD")
        _sub(axis, "text", str(year), x=x, y=str(_TOP - 18), text_anchor="middle", fill="#555555")
    y = float(_TOP)
    for lane in timeline.lanes:
        group = _sub(svg, "g", **{"class": f"lane {lane.kind}", "data-key": lane.key})
        fills: dict[str, str] = {}
        for period in lane.periods:
            fill = fills.setdefault(period.state, _STATE_FILLS[len(fills) % len(_STATE_FILLS)])
            low = _x(timeline, period.start)
            high = _x(timeline, period.end) if period.end else _RIGHT
            band = _sub(group, "g", **{"class": "period"})
            _sub(
                band,
                "title",
                f"{period.state} from {period.start.isoformat()} to "
                f"{period.end.isoformat() if period.end else 'the end of the axis'} "
                f"({', '.join(period.claims)})",
            )
            _sub(
                band,
                "rect",
                x=_fmt(low),
                y=_fmt(y + 1),
                width=_fmt(max(1.0, high - low)),
                height=_fmt((1 + len(lane.marks)) * _ROW - 2),
                fill=fill,
            )
            _sub(
                band,
                "text",
                period.state,
                x=_fmt(low + 3),
                y=_fmt(y + 13),
                fill="#555555",
                font_style="italic",
            )
        title = _truncate(lane.title, 52) + ("  \u26a0" if lane.conflicted else "")
        _sub(
            group,
            "text",
            title,
            x="10",
            y=_fmt(y + 13),
            font_weight="bold",
            fill=_CONFLICT if lane.conflicted else "#000000",
        )
        y += _ROW
        for mark in lane.marks:
            _sub(group, "text", _truncate(mark.claim, 50), x="22", y=_fmt(y + 13), fill="#333333")
            _draw_mark(timeline, group, mark, y)
            y += _ROW
        _sub(group, "line", x1="10", y1=_fmt(y), x2=str(_RIGHT), y2=_fmt(y), stroke="#EEEEEE")
    legend = _sub(svg, "g", **{"class": "legend"})
    y += 16
    _sub(legend, "text", "Sources", x="10", y=_fmt(y + 13), font_weight="bold")
    for number, source in enumerate(timeline.sources):
        column, row = number % 4, number // 4
        lx = _LEFT + column * 210
        ly = y + row * _ROW
        _sub(
            legend,
            "rect",
            x=_fmt(lx),
            y=_fmt(ly + 4),
            width="14",
            height="10",
            fill=timeline.colour_of(source),
        )
        _sub(legend, "text", source, x=_fmt(lx + 18), y=_fmt(ly + 13))
    y += ((len(timeline.sources) + 3) // 4) * _ROW
    keys = (
        ("none", _CONFLICT, "claim in a conflict"),
        ("none", "#333333", "date from its event"),
    )
    _sub(legend, "text", "Marks", x="10", y=_fmt(y + 13), font_weight="bold")
    for number, (fill, stroke, text) in enumerate(keys):
        lx = _LEFT + number * 210
        _sub(
            legend,
            "rect",
            x=_fmt(lx),
            y=_fmt(y + 4),
            width="14",
            height="10",
            fill=fill,
            stroke=stroke,
            stroke_width="2",
        )
        _sub(legend, "text", text, x=_fmt(lx + 18), y=_fmt(y + 13))
    _sub(
        legend,
        "text",
        "\u2039 \u203a open end, clipped to the axis",
        x=_fmt(_LEFT + 420),
        y=_fmt(y + 13),
    )
    return svg


def render_timeline_svg(timeline: Timeline) -> str:
    """The timeline as a self-contained SVG document (byte-stable for one timeline)."""
    svg = timeline_svg_element(timeline)
    ElementTree.indent(svg)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ElementTree.tostring(svg, "unicode") + "\n"


# -- HTML -------------------------------------------------------------------------------------

_CSS = """
body { font-family: Helvetica, Arial, sans-serif; margin: 2em; color: #222; }
table { border-collapse: collapse; margin: 1em 0; font-size: 13px; }
th, td { border: 1px solid #ccc; padding: 3px 6px; text-align: left; vertical-align: top; }
th { background: #f3f3f3; }
tr.conflict td { background: #fbe4e4; }
.swatch { display: inline-block; width: 12px; height: 10px; margin-right: 4px; }
figure { overflow-x: auto; margin: 0; }
"""


def render_timeline_html(timeline: Timeline) -> str:
    """The timeline as one HTML page: the SVG, a legend and a table of every claim drawn.

    The page needs no network and no scripts.
    """
    html = ElementTree.Element("html", lang="en")
    head = _sub(html, "head")
    _sub(head, "meta", charset="utf-8")
    _sub(head, "title", "claimkit timeline")
    _sub(head, "style", _CSS)
    body = _sub(html, "body")
    _sub(body, "h1", "claimkit timeline")
    _sub(
        body,
        "p",
        f"{timeline.claims} claims in {len(timeline.sources)} sources; "
        f"{len(timeline.lanes)} lanes from {timeline.start.isoformat()} to "
        f"{timeline.end.isoformat()}; {len(timeline.conflicts)} conflicts. "
        "Hover over a mark for its quote.",
    )
    figure = _sub(body, "figure")
    figure.append(timeline_svg_element(timeline))
    _sub(body, "h2", "Legend")
    legend = _sub(body, "ul")
    for source in timeline.sources:
        item = _sub(legend, "li")
        _sub(
            item,
            "span",
            "",
            **{"class": "swatch", "style": f"background:{timeline.colour_of(source)}"},
        )
        _sub(item, "code", source)
    _sub(
        legend,
        "li",
        "A red outline marks a claim in a conflict; a hollow mark a date taken "
        "from the claim's event; \u2039 and \u203a an open end clipped to the axis. Shaded "
        "bands are the states a facet's transitions imply.",
    )
    if timeline.conflicts:
        _sub(body, "h2", "Conflicts")
        table = _sub(body, "table")
        header = _sub(table, "tr")
        for name in ("code", "rule", "message", "claims"):
            _sub(header, "th", name)
        for conflict in timeline.conflicts:
            row = _sub(table, "tr", **{"class": "conflict"})
            _sub(row, "td", conflict.code)
            _sub(row, "td", conflict.rule)
            _sub(row, "td", conflict.message)
            _sub(row, "td", ", ".join(conflict.claims))
    _sub(body, "h2", "Claims")
    table = _sub(body, "table")
    header = _sub(table, "tr")
    for name in ("lane", "claim", "what", "date", "sources", "quote", "where", "conflicts"):
        _sub(header, "th", name)
    for lane in timeline.lanes:
        for mark in lane.marks:
            row = _sub(table, "tr", **({"class": "conflict"} if mark.conflicts else {}))
            date_text = (mark.date or "undated") + (" (from its event)" if mark.via_event else "")
            for value in (
                lane.title,
                mark.claim,
                mark.label,
                date_text,
                ", ".join(mark.sources),
                mark.quote,
                mark.where or "",
                ", ".join(mark.conflicts),
            ):
                _sub(row, "td", value)
    ElementTree.indent(html)
    return "<!DOCTYPE html>\n" + ElementTree.tostring(html, "unicode", method="html") + "\n"
