# The dates family of rules (CK03xx): what the dates of claims and the dates in their evidence
# say, alone and against each other.
#
# - CK0301 `dates.incompatible` / CK0302 `dates.agreement`: the claims of one event (an explicit
#   event id; CK0302 also clusters event-less claims of one action and one set of actors) and
#   whether their effective dates can be one day. Conflicting pairs are found with a sweep over
#   the ranges sorted by their first and last day (`disjoint_pairs`), never by comparing all
#   pairs: O(n log n + k) per group for n claims and k pairs reported.
# - CK0303 `dates.weekday-mismatch`: temporal mentions whose weekday is not the date's weekday
#   (`Resolution.mismatch` from the weekday check in `_temporal`).
# - CK0304 `dates.reported-before-it-happened`: a past-tense claim dated after its source.
# - CK0305 `dates.interval-reversed`: "from 2015 until October 2012". `_temporal` raises on such
#   a period and `tag()` then drops the mention, so this rule reads the words itself: it finds
#   "from X to/until Y", "between X and Y" and "YYYY-YYYY" in the evidence and resolves X and Y
#   one by one with `_temporal.resolve`. Only written dates count (no inferred years), so a
#   year-less "from October until March" is never taken for a reversed period.
#
# `disjoint_pairs` and `cite` are shared with the quantities family.

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from functools import reduce
from typing import TYPE_CHECKING

from claimkit._dates import PartialDate, Precision
from claimkit._findings import Hit, Kind, Severity, _plain_hit
from claimkit._model import Modality, Polarity
from claimkit._rules._registry import rule
from claimkit._temporal import Resolution, Tense, resolve
from claimkit.errors import ClaimkitError

if TYPE_CHECKING:
    from claimkit._engine import Context

__all__ = [
    "agreement",
    "cite",
    "disjoint_pairs",
    "incompatible",
    "interval_reversed",
    "reported_before_it_happened",
    "weekday_mismatch",
]

# Claims of these modalities report what happened; plans and hypotheses may miss their dates.
_REPORTS = frozenset({Modality.ASSERTED, Modality.REPORTED})
# Event-less claims agree only when their dates are this precise: a year alone could be two
# different events of the same kind ("relations were broken in 2008 and again in 2019").
_PRECISE = frozenset({Precision.DAY, Precision.MONTH})
_QUOTE_LIMIT = 60


def disjoint_pairs(ranges: Sequence[tuple[float, float]]) -> list[tuple[int, int]]:
    """Every pair `(i, j)` of ranges where range `i` ends before range `j` starts.

    Ranges are inclusive `(low, high)` pairs with `low <= high`. A sweep over the ranges sorted
    by their ends finds, for each range, the earlier ranges that end before it starts as a
    prefix of that order: O(n log n + k) for k pairs, not O(n²). The pairs come in a fixed order
    (by the later range's start, then the earlier range's end, then the indices).

    Examples:
        >>> disjoint_pairs([(1, 12), (6, 6), (20, 24)])
        [(1, 2), (0, 2)]
    """
    by_end = sorted(range(len(ranges)), key=lambda i: (ranges[i][1], ranges[i][0], i))
    ends = [ranges[i][1] for i in by_end]
    pairs: list[tuple[int, int]] = []
    for later in sorted(range(len(ranges)), key=lambda i: (ranges[i][0], ranges[i][1], i)):
        count = bisect.bisect_left(ends, ranges[later][0])
        pairs.extend((earlier, later) for earlier in by_end[:count])
    return pairs


def _shorten(text: str) -> str:
    text = " ".join(text.split())
    if len(text) <= _QUOTE_LIMIT:
        return text
    cut = text[:_QUOTE_LIMIT].rsplit(" ", 1)[0]
    return f"{cut}…"


def cite(context: Context, ident: str, words: str | None = None) -> str:
    """`source: 'words'` for a claim: the given words, or its first quote, shortened.

    A claim without evidence is cited by its id.
    """
    claim = context.claim(ident)
    if not claim.evidence:
        return f"claim {ident}"
    quote = _shorten(words if words is not None else claim.evidence[0].quote)
    source = claim.evidence[0].source or ident
    return f"{source}: '{quote}'"


def _date_words(context: Context, ident: str, value: PartialDate) -> str | None:
    """The words of the claim's evidence that state `value`, when a mention does."""
    spans = context.spans(ident)
    for test in (value.contains, value.compatible):
        for item in spans:
            for mention in item.mentions:
                found = mention.resolution.value
                if found is not None and test(found):
                    return mention.text
    return None


def _cite_date(context: Context, ident: str, value: PartialDate) -> str:
    return cite(context, ident, _date_words(context, ident, value))


def _iso(day: date) -> str:
    return ".." if day in (date.min, date.max) else day.isoformat()


def _range(value: PartialDate) -> list[str]:
    return [_iso(value.earliest), _iso(value.latest)]


def _span_text(value: PartialDate) -> str:
    if value.earliest == value.latest:
        return _iso(value.earliest)
    return f"{_iso(value.earliest)}..{_iso(value.latest)}"


class _Reports:
    """The affirmed, dated reports of a check, and the texts of their dates, worked out once.

    Shared through the check's memo by the rules of this module (see `_reports`): which
    claims are affirmed reports with an effective date, and each date's EDTF text and range
    (the same `PartialDate` object is a claim's date in every rule, so its texts are too).
    Claims of the same date share one `PartialDate` object (a tenth of the claims have a date
    of their own), so the texts are kept by the object's identity: `self.dates` keeps every
    object alive for as long as the texts, so no identity is reused meanwhile.
    """

    def __init__(self, context: Context) -> None:
        dates = context.resolved.dates
        self.dates: dict[str, PartialDate] = {}
        for claim in context.corpus.claims:
            value = dates.get(claim.id)
            affirmed = claim.polarity is Polarity.AFFIRMED
            if value is not None and affirmed and claim.modality in _REPORTS:
                self.dates[claim.id] = value
        self._texts: dict[int, tuple[str, list[str]]] = {}

    def texts(self, ident: str) -> tuple[str, list[str]]:
        """`str` and `_range` of the date of report `ident` (the list is not to be changed)."""
        value = self.dates[ident]
        found = self._texts.get(id(value))
        if found is None:
            found = self._texts[id(value)] = (str(value), _range(value))
        return found


def _reports(context: Context) -> _Reports:
    """The check's shared `_Reports` (kept in the context's per-check memo)."""
    found = context.memo.get("dates.reports")
    if not isinstance(found, _Reports):
        found = _Reports(context)
        context.memo["dates.reports"] = found
    return found


def _dated_reports(context: Context, claims: Iterable[str]) -> list[tuple[str, PartialDate]]:
    """The affirmed reports among `claims` that have an effective date, sorted by id."""
    dates = _reports(context).dates
    found = []
    for ident in sorted(claims):
        value = dates.get(ident)
        if value is not None:
            found.append((ident, value))
        else:
            context.claim(ident)  # an unknown claim raises, as it always did
    return found


def _ordinals(value: PartialDate) -> tuple[float, float]:
    return float(value.earliest.toordinal()), float(value.latest.toordinal())


def _describe(context: Context, ident: str) -> str:
    """The action's label and the actors' names of a claim, for messages."""
    claim = context.claim(ident)
    corpus = context.corpus
    label = corpus.action(claim.action).label if corpus.has_action(claim.action) else claim.action
    names = sorted(
        {corpus.actor(p.actor).name if corpus.has_actor(p.actor) else p.actor for p in claim.actors}
    )
    return f"{label} ({', '.join(names)})" if names else label


@rule("CK0301", "dates.incompatible", Severity.ERROR)
def incompatible(context: Context) -> Iterator[Hit]:
    """Two reports of one event give dates that cannot be the same day.

    Claims that share an `event` id describe one event, so their dates must be able to
    name the same day. Dates are compared by the days they may be, so precision never makes
    a conflict: `2019` agrees with `2019-06`, and `2019-06~` with `2019-07`. Two dates
    conflict only when no refinement of both can agree, that is when their ranges of days
    are disjoint; each such pair is the smallest set of claims that cannot both hold, and
    is reported with the two ranges and the days between them. Only affirmed reports count
    (asserted or reported speech): a plan may slip and a denial has no date of its own.

    Example:
        ```yaml
        claims:
          - {id: a, action: relations.break, actors: {parties: [colombia, venezuela]},
             date: "2019", event: break}
          - {id: b, action: relations.break, actors: {parties: [colombia, venezuela]},
             date: "2021-03", event: break}
        ```

    Fixed:
        ```yaml
        claims:
          - {id: a, action: relations.break, actors: {parties: [colombia, venezuela]},
             date: "2019", event: break}
          - {id: b, action: relations.break, actors: {parties: [colombia, venezuela]},
             date: "2019-02", event: break}
        ```
    """
    for event, members in context.index.events.items():
        dated = _dated_reports(context, members)
        for first, second in disjoint_pairs([_ordinals(value) for _, value in dated]):
            (a, date_a), (b, date_b) = dated[first], dated[second]
            gap = date_a.gap_days(date_b)
            yield Hit(
                kind=Kind.FAIL,
                message=(
                    f"two reports of event {event} give dates that cannot be the same day: "
                    f"{date_a} ({_span_text(date_a)}; {_cite_date(context, a, date_a)}) ends "
                    f"{gap} day{'s' if gap != 1 else ''} before {date_b} "
                    f"({_span_text(date_b)}; {_cite_date(context, b, date_b)}) begins"
                ),
                claims=(a, b),
                details={
                    "event": event,
                    "dates": {a: str(date_a), b: str(date_b)},
                    "ranges": {a: _range(date_a), b: _range(date_b)},
                    "gap_days": gap,
                },
            )


def _agreement_hit(
    context: Context, dated: Sequence[tuple[str, PartialDate]], event: str | None
) -> Hit | None:
    """An agreement among `dated` (all compatible), or `None` with fewer than two sources."""
    sources = context.index.independent(
        source for ident, _ in dated for source in context.claim(ident).sources
    )
    if len(sources) < 2:
        return None
    if event is not None:
        what = f"event {event}, {_describe(context, dated[0][0])},"
    else:
        what = f"{_describe(context, dated[0][0])}, reported without an event id,"
    values = [value for _, value in dated]
    sharpened = reduce(_meet, values[1:], values[0])
    cited = "; ".join(_cite_date(context, ident, value) for ident, value in dated)
    reports = _reports(context)
    texts = sorted((ident, reports.texts(ident)) for ident, _ in dated)
    # Built as freezing would give it back (see `_plain_hit`): keys in sorted order at every
    # level, and a copy of each shared range list.
    details: dict[str, object] = {"dates": {ident: text for ident, (text, _) in texts}}
    if event is not None:
        details["event"] = event
    details["independent_sources"] = list(sources)
    details["ranges"] = {ident: days[:] for ident, (_, days) in texts}
    details["sharpened"] = str(sharpened)
    return _plain_hit(
        Kind.PASS,
        f"{len(sources)} independent sources agree {what} is dated {sharpened} ({cited})",
        tuple(ident for ident, _ in dated),
        details,
    )


def _meet(left: PartialDate, right: PartialDate) -> PartialDate:
    found = left.intersection(right)
    assert found is not None, "agreeing dates always meet"
    return found


def _all_compatible(values: Sequence[PartialDate]) -> bool:
    # Ranges on a line meet all together as soon as they meet pairwise (Helly), and then the
    # latest start is not after the earliest end.
    return max(v.earliest for v in values) <= min(v.latest for v in values)


def _clusters(dated: list[tuple[str, PartialDate]]) -> Iterator[list[tuple[str, PartialDate]]]:
    """Split dated claims, in order of their first day, into runs whose ranges all meet."""
    ordered = sorted(dated, key=lambda item: (item[1], item[0]))
    run: list[tuple[str, PartialDate]] = []
    end = date.min
    for item in ordered:
        if run and item[1].earliest > end:
            yield run
            run = []
        end = item[1].latest if not run else min(end, item[1].latest)
        run.append(item)
    if run:
        yield run


@rule("CK0302", "dates.agreement", Severity.INFO)
def agreement(context: Context) -> Iterator[Hit]:
    """Independent sources agree on the date of one event.

    Corroboration is what makes a date trustworthy. For each event (claims sharing an
    `event` id) whose dated, affirmed reports are all compatible and come from at least two
    independent sources (near-identical texts count once), this rule reports the agreement
    with the sharpened date, the days every report allows: `2019` and `2019-06` agree on
    `2019-06`. An event whose dates conflict gets no agreement; `dates.incompatible` reports
    it. Claims without an event id agree too when they have the same action and the same
    actors and dates of at least month precision that meet: such claims are split into runs
    of mutually compatible dates, and each run backed by two independent sources is an
    agreement. Years and periods alone never link event-less claims, because the same kind
    of event can happen twice in a year. One source alone never agrees with itself.

    Example:
        ```yaml
        claims:
          - {id: a, action: relations.break, actors: {parties: [colombia, venezuela]},
             date: "2019", event: break, evidence: [{source: s1, quote: in 2019}]}
          - {id: b, action: relations.break, actors: {parties: [colombia, venezuela]},
             date: "2019-02", event: break, evidence: [{source: s2, quote: in February 2019}]}
        ```

    Fixed:
        ```yaml
        # An agreement needs no fixing; with a single source there is nothing to report.
        claims:
          - {id: a, action: relations.break, actors: {parties: [colombia, venezuela]},
             date: "2019", event: break, evidence: [{source: s1, quote: in 2019}]}
        ```
    """
    for event, members in context.index.events.items():
        dated = _dated_reports(context, members)
        if not dated or not _all_compatible([value for _, value in dated]):
            continue
        hit = _agreement_hit(context, dated, event)
        if hit is not None:
            yield hit
    for members in context.index.groups.values():
        loose = [
            (ident, value)
            for ident, value in _dated_reports(context, members)
            if context.claim(ident).event is None and value.precision in _PRECISE
        ]
        for run in _clusters(loose):
            if len(run) < 2:
                continue
            hit = _agreement_hit(context, run, None)
            if hit is not None:
                yield hit


def _is_weekday_mismatch(resolution: Resolution) -> bool:
    return resolution.mismatch is not None and any(
        step.rule == "weekday-agreement" for step in resolution.trace
    )


@rule("CK0303", "dates.weekday-mismatch", Severity.ERROR)
def weekday_mismatch(context: Context) -> Iterator[Hit]:
    """A weekday-and-date phrase in the evidence names the wrong weekday.

    "This Thursday, May 11" in an article published on 2022-05-12 cannot be right: May 11,
    2022 was a Wednesday. Either the weekday or the date is wrong (or the article is from
    another year), and the claim's date rests on words that disagree with themselves. The
    temporal resolver checks every weekday-and-date phrase against the source's publication
    date (every day of it, when that date is only known as a range) and this rule reports the
    phrases whose weekday fits none of them, once per phrase, with every claim quoting it.

    Example:
        ```yaml
        # source s1: " date 2022-05-12 The ministers met this Thursday, May 11 in Caracas."
        claims:
          - {id: a, action: meeting, actors: {participants: [colombia, venezuela]},
             evidence: [{source: s1, quote: "met this Thursday, May 11"}]}
        ```

    Fixed:
        ```yaml
        # source s1: " date 2022-05-12 The ministers met this Wednesday, May 11 in Caracas."
        claims:
          - {id: a, action: meeting, actors: {participants: [colombia, venezuela]},
             evidence: [{source: s1, quote: "met this Wednesday, May 11"}]}
        ```
    """
    found: dict[tuple[str, int, int], tuple[Resolution, str, set[str]]] = {}
    for claim in context.claims_by_id():
        ident = claim.id
        for item in context.spans(ident):
            source = item.span.source
            if source is None:
                continue
            for mention in item.mentions:
                if not _is_weekday_mismatch(mention.resolution):
                    continue
                key = (source, mention.start, mention.end)
                entry = found.setdefault(key, (mention.resolution, mention.text, set()))
                entry[2].add(ident)
    for (source, start, end), (resolution, text, claims) in sorted(found.items()):
        published = context.source_date(source)
        reference = None if published is None or published.value is None else published.value
        yield Hit(
            kind=Kind.FAIL,
            message=(
                f"{source}: '{text}' names the wrong weekday: {resolution.mismatch}"
                + (f" (resolved against the publication date {reference})" if reference else "")
            ),
            claims=tuple(sorted(claims)),
            details={
                "source": source,
                "start": start,
                "end": end,
                "expression": text,
                "value": None if resolution.value is None else str(resolution.value),
                "published": None if reference is None else str(reference),
                "mismatch": resolution.mismatch,
                "trace": [step.as_dict() for step in resolution.trace],
            },
        )


@rule("CK0304", "dates.reported-before-it-happened", Severity.ERROR)
def reported_before_it_happened(context: Context) -> Iterator[Hit]:
    """A source reports as done something dated after the source was published.

    A report in the past tense (asserted, or reported speech) can only speak of what had
    happened by its publication date. When a claim's date certainly falls after the
    publication date of a source of its evidence (every day the claim may be is after every
    day the source may have been published), the date, the modality or the source's date is
    wrong: an article published on 2022-09-20 cannot say the border "officially opened" on
    2022-09-26. Plans and hypotheses are exempt; a date that only may be later is not
    reported. Inferred publication dates count, and the details say when one was used.

    Example:
        ```yaml
        # source s1: " date 2022-09-20 The border officially opened September 26."
        claims:
          - {id: a, action: border.open, actors: {parties: [colombia, venezuela]},
             date: "2022-09-26", evidence: [{source: s1, quote: officially opened September 26}]}
        ```

    Fixed:
        ```yaml
        # source s1: " date 2022-09-20 The border will officially open September 26."
        claims:
          - {id: a, action: border.open, actors: {parties: [colombia, venezuela]},
             date: "2022-09-26", modality: planned,
             evidence: [{source: s1, quote: officially open September 26}]}
        ```
    """
    for claim in context.claims_by_id():
        value = context.date(claim.id)
        if value is None or claim.modality not in _REPORTS:
            continue
        for source in claim.sources:
            published = context.source_date(source)
            if published is None or published.value is None:
                continue
            if value.after(published.value) is not True:
                continue
            gap = published.value.gap_days(value) + 1
            yield Hit(
                kind=Kind.FAIL,
                message=(
                    f"{source}, published {published.value}, reports as done something dated "
                    f"{value}, at least {gap} day{'s' if gap != 1 else ''} later "
                    f"({_cite_date(context, claim.id, value)})"
                ),
                claims=(claim.id,),
                details={
                    "source": source,
                    "published": str(published.value),
                    "published_inferred": published.inferred,
                    "date": str(value),
                    "modality": claim.modality.value,
                    "days_after": gap,
                },
                source=source,
            )


# "from X to Y", "between X and Y": the words that end the first date and start the second.
_OPENERS = {"from": ("to", "until", "till", "til", "through", "-", "–", "—"), "between": ("and",)}
# The openers and dashes one by one, for the fast paths (two `in` tests cost far less than a
# loop over them); the unpacking fails at import if either table grows, so a fast path cannot
# miss a new one.
_FROM, _BETWEEN = _OPENERS
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*|[-–—,.;:]")
# The dashes a year range ("in 2015-2012") is written with: `_reversed_periods` looks for
# them before it runs the pattern.
_YEAR_DASHES = ("-", "–")
_YEAR_RANGE = re.compile(
    r"\b(?:from|in|between|during|throughout)\s+(?P<first>\d{4})"
    rf"\s*[{''.join(_YEAR_DASHES)}]\s*(?P<second>\d{{4}})\b",
    re.IGNORECASE,
)
_HYPHEN, _EN_DASH = _YEAR_DASHES
_POINT_WORDS = 6


def _written(text: str, reference: PartialDate | None, tense: Tense) -> Resolution | None:
    """A single date the words state outright (no inferred year, no relative reading)."""
    try:
        found = resolve(text, reference, tense=tense)
    except ClaimkitError:
        return None
    if found.value is None or found.relation != "on":
        return None
    if any(step.kind in ("inferred", "assumed") for step in found.trace):
        return None
    return found


def _reversed_periods(
    text: str, reference: PartialDate | None, tense: Tense
) -> Iterator[tuple[int, int, PartialDate, PartialDate]]:
    """Periods in `text` whose written end comes before their written start."""
    yield from _reversed_between(text, reference, tense)
    if _HYPHEN not in text and _EN_DASH not in text:
        return  # a year range is written with a dash (cheaper to look for than to match)
    for match in _YEAR_RANGE.finditer(text):
        first_year, second_year = int(match["first"]), int(match["second"])
        if second_year < first_year:
            yield (
                match.start(),
                match.end(),
                PartialDate.of(first_year),
                PartialDate.of(second_year),
            )


def _reversed_between(
    text: str, reference: PartialDate | None, tense: Tense
) -> Iterator[tuple[int, int, PartialDate, PartialDate]]:
    """The "from X to Y" and "between X and Y" periods of `_reversed_periods`."""
    # Fast path: a word that lower-cases to an opener is written with the opener's ASCII
    # letters in some case (no other character lower-cases to them), so a text whose
    # lower-cased form holds no opener has no period to read (a C search, no regex).
    lowered_text = text.lower()
    if _FROM not in lowered_text and _BETWEEN not in lowered_text:
        return
    words = list(_WORD.finditer(text))
    lowered = [match.group().lower() for match in words]
    for index, opener in enumerate(lowered):
        if opener not in _OPENERS:
            continue
        closers = _OPENERS[opener]
        for split in range(index + 2, min(index + 2 + _POINT_WORDS, len(words))):
            if lowered[split] not in closers:
                continue
            first_text = text[words[index + 1].start() : words[split - 1].end()]
            first = _written(first_text, reference, tense)
            if first is None or first.value is None:
                break
            second: PartialDate | None = None
            end = 0
            last = min(split + 1 + _POINT_WORDS, len(words))
            for stop in range(split + 1, last):
                if not lowered[stop][0].isalnum():
                    continue
                second_text = text[words[split + 1].start() : words[stop].end()]
                found = _written(second_text, reference, tense)
                if found is not None:
                    second, end = found.value, words[stop].end()
            if second is not None and second.latest < first.value.earliest:
                yield words[index].start(), end, first.value, second
            break


@rule("CK0305", "dates.interval-reversed", Severity.ERROR)
def interval_reversed(context: Context) -> Iterator[Hit]:
    """A period in the evidence ends before it starts.

    "Closed from 2015 until October 2012" cannot be read as written: one of the two dates is
    wrong (a typo, or a misplaced clause), and any date derived from the words is unreliable.
    The rule reads "from X to/until Y", "between X and Y" and "in 2015-2012" in every evidence
    span and resolves the two dates one by one; it reports a period whose end certainly comes
    before its start. Only dates written out count: a year-less "from October until March"
    spans a new year and is never taken for reversed.

    Example:
        ```yaml
        # source s1: " date 2022-11-09 The border was closed from 2015 until October 2012."
        claims:
          - {id: a, action: border.closed, actors: {parties: [colombia, venezuela]},
             evidence: [{source: s1, quote: closed from 2015 until October 2012}]}
        ```

    Fixed:
        ```yaml
        # source s1: " date 2022-11-09 The border was closed from 2015 until October 2021."
        claims:
          - {id: a, action: border.closed, actors: {parties: [colombia, venezuela]},
             evidence: [{source: s1, quote: closed from 2015 until October 2021}]}
        ```
    """
    found: dict[tuple[str, int, int], tuple[str, PartialDate, PartialDate, set[str]]] = {}
    for claim in context.claims_by_id():
        tense: Tense = "future" if claim.modality is Modality.PLANNED else "past"
        for item in context.spans(claim.id):
            span, source = item.span, item.span.source
            if not item.ok or source is None or span.start is None or span.end is None:
                continue
            text = context.corpus.source(source).text
            published = context.source_date(source)
            reference = None if published is None else published.value
            for start, end, first, second in _reversed_periods(
                text[span.start : span.end], reference, tense
            ):
                key = (source, span.start + start, span.start + end)
                words = text[key[1] : key[2]]
                entry = found.setdefault(key, (words, first, second, set()))
                entry[3].add(claim.id)
    for (source, start, end), (words, first, second, claims) in sorted(found.items()):
        gap = second.gap_days(first)
        yield Hit(
            kind=Kind.FAIL,
            message=(
                f"{source}: '{words}' ends ({second}, by {_iso(second.latest)}) before it "
                f"starts ({first}, from {_iso(first.earliest)}), with {gap} day"
                f"{'s' if gap != 1 else ''} between them"
            ),
            claims=tuple(sorted(claims)),
            details={
                "source": source,
                "start": start,
                "end": end,
                "expression": words,
                "start_date": str(first),
                "end_date": str(second),
                "gap_days": gap,
            },
        )
