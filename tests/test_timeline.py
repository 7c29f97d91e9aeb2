"""The timeline: lanes per facet and event, ranges for partial dates, conflicts, SVG and HTML."""

from __future__ import annotations

import shutil
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree

import pytest

import claimkit
from claimkit._timeline import (
    SVG_NS,
    Lane,
    Mark,
    Timeline,
    build_timeline,
    render_timeline_html,
    render_timeline_svg,
    render_timeline_text,
)

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
SVG = f"{{{SVG_NS}}}"
RELATIONS = "facet:relations:colombia,venezuela"
BORDER = "facet:border:colombia,venezuela"


@pytest.fixture(scope="module")
def timeline() -> Timeline:
    return build_timeline(claimkit.load(SEEDS))


@pytest.fixture(scope="module")
def conflicted(tmp_path_factory: pytest.TempPathFactory) -> Timeline:
    corpus = tmp_path_factory.mktemp("planted") / "seeds"
    shutil.copytree(SEEDS, corpus)
    path = corpus / "claims" / "003.yaml"
    marker = "- id: s003.relations-broken-2019\n"
    head, tail = path.read_text("utf-8").split(marker, 1)
    path.write_text(head + marker + tail.replace('date: "2019"', 'date: "2017"', 1), "utf-8")
    return build_timeline(claimkit.load(corpus))


def _lane(timeline: Timeline, key: str) -> Lane:
    return next(lane for lane in timeline.lanes if lane.key == key)


def _mark(timeline: Timeline, claim: str) -> Mark:
    return next(m for lane in timeline.lanes for m in lane.marks if m.claim == claim)


def test_facet_lanes_come_first_then_events_by_date(timeline: Timeline) -> None:
    kinds = [lane.kind for lane in timeline.lanes]
    assert kinds == sorted(kinds, key=lambda kind: kind != "facet")
    assert [lane.key for lane in timeline.lanes if lane.kind == "facet"] == sorted(
        lane.key for lane in timeline.lanes if lane.kind == "facet"
    )
    events = [lane for lane in timeline.lanes if lane.kind == "event"]
    firsts = [min(m.earliest or date.min for m in lane.marks if m.dated) for lane in events]
    assert firsts == sorted(firsts)


def test_the_relations_facet_has_the_periods_its_transitions_imply(timeline: Timeline) -> None:
    lane = _lane(timeline, RELATIONS)
    periods = [(p.state, p.start.isoformat(), p.end and p.end.isoformat()) for p in lane.periods]
    assert periods == [
        ("broken", "2008-01-01", "2019-01-01"),
        ("broken", "2019-01-01", "2022-08-07"),
        ("normal", "2022-08-07", None),
    ]
    assert lane.periods[1].claims == ("s000.relations-broken-2019", "s003.relations-broken-2019")


def test_partial_dates_are_ranges_and_open_ends_are_unbounded(timeline: Timeline) -> None:
    year = _mark(timeline, "s000.relations-broken-2019")
    assert (year.earliest, year.latest) == (date(2019, 1, 1), date(2019, 12, 31))
    since = _mark(timeline, "s000.border-closed-since-2015")
    assert (since.earliest, since.latest) == (date(2015, 1, 1), date(2022, 9, 26))
    until = _mark(timeline, "s003.border-completely-closed")
    assert until.earliest is None
    assert until.latest == date(2021, 10, 31)
    assert until.kind == "state"


def test_an_undated_claim_borrows_its_events_date(timeline: Timeline) -> None:
    mark = _mark(timeline, "s002.relations-restored")
    assert mark.via_event
    assert mark.date == "2022-08-07"
    assert not _mark(timeline, "s000.relations-restored").via_event


def test_the_axis_spans_whole_years_of_every_date_drawn(timeline: Timeline) -> None:
    assert timeline.start == date(2008, 1, 1)
    assert timeline.end == date(2023, 12, 31)


def test_the_seeds_have_no_conflicts_and_a_planted_one_is_marked(
    timeline: Timeline, conflicted: Timeline
) -> None:
    assert timeline.conflicts == ()
    assert not any(lane.conflicted for lane in timeline.lanes)
    mark = _mark(conflicted, "s003.relations-broken-2019")
    assert "CK0301" in mark.conflicts
    assert _lane(conflicted, RELATIONS).conflicted
    assert "CK0301" in {c.code for c in conflicted.conflicts}
    text = render_timeline_text(conflicted)
    assert "CONFLICT" in text
    assert "s003.relations-broken-2019" in text


def test_text_shows_every_lane_with_its_sources(timeline: Timeline) -> None:
    text = render_timeline_text(timeline)
    assert text.startswith("claimkit timeline: ")
    for lane in timeline.lanes:
        assert lane.title in text
    assert "s000.relations-broken-2019 [000]" in text
    assert "|<" in text  # the open start of "until a relaxation in October 2021"


def test_the_svg_of_the_seeds_is_well_formed_and_self_contained(
    timeline: Timeline, tmp_path: Path
) -> None:
    text = render_timeline_svg(timeline)
    (tmp_path / "timeline.svg").write_text(text, "utf-8")
    root = ElementTree.parse(tmp_path / "timeline.svg").getroot()
    assert root.tag == f"{SVG}svg"
    assert root.attrib["viewBox"].startswith("0 0 ")
    lanes = root.findall(f"{SVG}g[@class]")
    lane_groups = [g for g in lanes if g.attrib["class"].startswith("lane")]
    assert [g.attrib["data-key"] for g in lane_groups] == [lane.key for lane in timeline.lanes]
    marks = [g for g in root.iter(f"{SVG}g") if g.attrib.get("class", "").startswith("mark")]
    assert len(marks) == sum(len(lane.marks) for lane in timeline.lanes)
    titles = [g.find(f"{SVG}title") for g in marks]
    assert all(t is not None and t.text for t in titles)
    assert any("Maduro broke off relations" in (t.text or "") for t in titles if t is not None)
    assert "http" not in text.replace(SVG_NS, "")
    assert "<script" not in text
    assert " id=" not in text


def test_a_conflict_is_drawn_in_red_in_the_svg(conflicted: Timeline) -> None:
    root = ElementTree.fromstring(render_timeline_svg(conflicted).encode("utf-8"))
    red = [
        g
        for g in root.iter(f"{SVG}g")
        if g.attrib.get("class", "").startswith("mark")
        and any(r.attrib.get("stroke") == "#C00000" for r in g.iter(f"{SVG}rect"))
    ]
    assert red
    assert all("conflict:" in (g.findtext(f"{SVG}title") or "") for g in red)


class _Checker(HTMLParser):
    VOID = frozenset({"meta", "br", "hr", "img", "input", "link", "col", "area", "base", "wbr"})

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.problems: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.problems.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
        else:
            self.stack.pop()


def test_the_html_page_of_the_seeds_is_balanced_and_embeds_the_svg(timeline: Timeline) -> None:
    text = render_timeline_html(timeline)
    assert text.startswith("<!DOCTYPE html>\n<html")
    checker = _Checker()
    checker.feed(text)
    checker.close()
    assert checker.problems == []
    assert checker.stack == []
    assert checker.tags.count("svg") == 1
    assert "script" not in checker.tags
    assert checker.tags.count("tr") == 1 + sum(len(lane.marks) for lane in timeline.lanes)
    assert "src=" not in text
    assert "href=" not in text


def test_renderings_are_deterministic(timeline: Timeline) -> None:
    again = build_timeline(claimkit.load(SEEDS))
    assert render_timeline_svg(again) == render_timeline_svg(timeline)
    assert render_timeline_html(again) == render_timeline_html(timeline)
    assert render_timeline_text(again) == render_timeline_text(timeline)
