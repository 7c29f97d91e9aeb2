# Publication dates of sources: known, or inferred from the source's own text.
#
# For maintainers. A source with `published` keeps it. An undated source gets bounds, each
# one sound on its own (it holds whenever the article reads as news is written), intersected:
#
# 1. `_reported`: what the text reports in the past tense. Every temporal expression that
#    resolves without a reference ("in 2019", "In March 2021", "May 11, 2023", "since 2008")
#    happened by the time of writing: published on or after its earliest day. Sentences with a
#    future or modal cue ("will", "would", "plans", "could", ...) are skipped.
# 2. `_tenures`: office-holders named with their office ("Defense Minister Juan Carlos
#    Pinzon", "Iván Velásquez, the defense minister"): published within the tenure. A word
#    such as "former" or "then" before the office drops the match.
# 3. `_weekday_dates`: "this Thursday, May 11" falls on a Thursday only in some years; among
#    those that fit the bounds so far, "this <weekday>" puts publication 0..6 days after the
#    day (6..0 days before in a future sentence), "last" 1..7 after, "next" 1..7 before; with
#    no modifier, within the year after (the year-less reading of `_temporal`).
# 4. `_event_anchors`: a relative expression ("last Sunday") in the evidence of a claim whose
#    event id is shared with claims of OTHER dated sources (their dates), or is an
#    office-taking event (the public-record start of the holder's tenure; `OFFICE_TAKING`).
#    Only affirmed reports anchor or are anchored (a plan may slip). The reference day
#    must be one on which the expression resolves to a day compatible with the event. The
#    reference days that qualify form one run when the reading is monotone in the reference
#    (every rule of `_temporal` is), so two binary searches find it within the bounds, capped
#    at SEARCH_DAYS either side of the event (a run that reaches the cap is left open there).
#
# Circularity: a source's own annotated claim dates never date it; an event's date comes only
# from claims whose evidence lies wholly in other sources that are dated, or from tenures.
# Steps 3 and 4 are repeated until the bounds stop changing; the sources are then inferred
# again, in sorted order, until no source gains a date (a source dated in one round may date
# another in the next), so the result does not depend on the order of files.
#
# Cost: what a source's inference reads of the others (`_event_claims`: its events known from
# elsewhere, with their dates) is worked out from memos (`_Corpus.facts_of`, and known dates by
# event and by which claims date it), and a source whose event claims did not change since its
# last round is not inferred again (the result could not change; `_rounds`).

from __future__ import annotations

import datetime
import re
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Protocol

import attrs

from claimkit._dates import PartialDate
from claimkit._grounding import Passages, Words, name_forms
from claimkit._model import (
    Actor,
    Claim,
    Corpus,
    Modality,
    Polarity,
    Role,
    Source,
    Span,
    normalize_name,
)
from claimkit._temporal import (
    DEFAULT_POLICY,
    Mention,
    Policy,
    StepKind,
    Tense,
    TraceStep,
    resolve,
    tag,
)
from claimkit.errors import ClaimkitError

__all__ = [
    "OFFICE_TAKING",
    "SEARCH_DAYS",
    "SourceDate",
    "Tagger",
    "infer_source_dates",
    "is_future_sentence",
]

SEARCH_DAYS = 4000
"""How many days either side of an event's date reference days are searched (step 4)."""

OFFICE_TAKING = frozenset({"office.take"})
"""Actions whose event happens when the holder's tenure starts."""

_MIN, _MAX = datetime.date.min, datetime.date.max
_REPORTING = frozenset({Modality.ASSERTED, Modality.REPORTED})
_PASSES = 8
_FUTURE_CUES = frozenset(
    {
        "will",
        "would",
        "shall",
        "won't",
        "won’t",
        "could",
        "might",
        "should",
        "plan",
        "plans",
        "planned",
        "planning",
        "intend",
        "intends",
        "intended",
        "expect",
        "expects",
        "expected",
        "scheduled",
        "upcoming",
        "next",
        "soon",
        "forthcoming",
    }
)
# Words between an office and a name that say the person no longer (or not yet) holds it.
NOT_IN_OFFICE = frozenset(
    {"former", "ex", "late", "then", "previous", "past", "elect", "designate", "incoming", "future"}
)
_SENTENCE_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_MODIFIER = re.compile(r"\A(?:on\s+)?(this|last|next)\b", re.IGNORECASE)


class Tagger(Protocol):
    """Something that tags texts as [`tag`][claimkit.tag] does (perhaps from a memo)."""

    def __call__(
        self,
        text: str,
        reference: PartialDate | datetime.date | None = None,
        *,
        tense: Tense = "past",
        policy: Policy = DEFAULT_POLICY,
    ) -> tuple[Mention, ...]: ...


@attrs.frozen(kw_only=True)
class SourceDate:
    """A source's publication date as claimkit uses it.

    Attributes:
        source: The source id.
        value: The date, or bounds on it; `None` when nothing can be said.
        inferred: Whether the value was inferred from the text rather than given.
        trace: How it was inferred, step by step.
    """

    source: str
    value: PartialDate | None
    inferred: bool = False
    trace: tuple[TraceStep, ...] = ()


def is_future_sentence(sentence: str) -> bool:
    """Whether a sentence speaks of what is to come or may be, not of what happened.

    A heuristic over cue words: "will", "would", "shall", "could", "might", "should", "plans",
    "expected", "scheduled", "next", "soon", words ending in "'ll", and "may" in lower case
    (the capitalised "May" is the month).

    Examples:
        >>> is_future_sentence("The ministers will meet in 2024.")
        True
        >>> is_future_sentence("They met on May 11, 2023.")
        False
    """
    for word in _SENTENCE_WORD.findall(sentence):
        low = word.casefold()
        if low in _FUTURE_CUES or low.endswith(("'ll", "’ll")) or word == "may":
            return True
    return False


def _day(day: datetime.date) -> str:
    return "..." if day in (_MIN, _MAX) else day.isoformat()


def _shift(day: datetime.date, days: int) -> datetime.date:
    try:
        return day + datetime.timedelta(days=days)
    except OverflowError:
        return _MAX if days > 0 else _MIN


@attrs.frozen
class _Bound:
    """A constraint on the publication day: `low..high` (inclusive) and why."""

    low: datetime.date
    high: datetime.date
    step: TraceStep


@attrs.frozen
class _Bounds:
    low: datetime.date = _MIN
    high: datetime.date = _MAX

    @property
    def finite(self) -> bool:
        return self.low != _MIN and self.high != _MAX

    def meet(self, bound: _Bound) -> _Bounds | None:
        low, high = max(self.low, bound.low), min(self.high, bound.high)
        return None if low > high else _Bounds(low, high)

    def __str__(self) -> str:
        return f"{_day(self.low)}..{_day(self.high)}"


# --- the source's own text ----------------------------------------------------------------


class _Text:
    """One source's text, cut up once: its sentences and words are cut when first needed
    (a source without dated mentions never needs its sentences, nor one that names no office
    its words)."""

    __slots__ = ("_sentences", "_words", "mentions", "source")

    def __init__(self, source: Source, mentions: tuple[Mention, ...]) -> None:
        self.source = source
        self.mentions = mentions
        self._sentences: Passages | None = None
        self._words: Words | None = None

    @classmethod
    def of(cls, source: Source, tagger: Tagger = tag) -> _Text:
        return cls(source, tagger(source.text))

    @property
    def sentences(self) -> Passages:
        if self._sentences is None:
            self._sentences = Passages.sentences(self.source.text)
        return self._sentences

    @property
    def words(self) -> Words:
        if self._words is None:
            self._words = Words.of(self.source.text)
        return self._words

    def future(self, mention: Mention) -> bool:
        _, sentence = self.sentences.text_around(mention.start, mention.end)
        return is_future_sentence(sentence)


def _reported(text: _Text) -> Iterator[_Bound]:
    for mention in text.mentions:
        value = mention.resolution.value
        if value is None or value.earliest == _MIN or text.future(mention):
            continue
        detail = (
            f"'{mention.text}' ({value}) is reported, not planned: published on or after "
            f"{value.earliest.isoformat()}"
        )
        yield _Bound(value.earliest, _MAX, TraceStep("past-report", mention.text, "read", detail))


def _held_before(words: Words, index: int) -> bool:
    return index > 0 and words.folded[index - 1] in NOT_IN_OFFICE


def _office_names(actor: Actor) -> list[tuple[tuple[str, ...], int]]:
    """Folded office names of the actor, each with the index of its role."""
    found = []
    for number, role in enumerate(actor.roles):
        for name in role.names():
            folded = tuple(normalize_name(name).split())
            if folded and not NOT_IN_OFFICE.intersection(folded):
                found.append((folded, number))
    return found


def _named_in_office(text: _Text, actor: Actor) -> Iterator[tuple[int, int, frozenset[int]]]:
    """Where `actor` is named together with an office of theirs: (first word, words, roles)."""
    offices = _office_names(actor)
    if not offices:
        return
    words = text.words
    for form in name_forms(actor):
        name = tuple(normalize_name(form).split())
        if not name:
            continue
        for at in words.find(name):
            roles: set[int] = set()
            first, last = at, at + len(name)
            for office, number in offices:
                size = len(office)
                # "Defense Minister Juan Carlos Pinzon": the office just before the name.
                if (
                    at - size >= 0
                    and words.folded[at - size : at] == office
                    and not _held_before(words, at - size)
                ):
                    roles.add(number)
                    first = min(first, at - size)
                # "Iván Velásquez, the defense minister": the name, then "the" and the office.
                for gap in (0, 1):
                    begin = at + len(name) + gap
                    if gap and (begin > len(words) or words.folded[begin - 1] != "the"):
                        continue
                    if words.folded[begin : begin + size] == office:
                        roles.add(number)
                        last = max(last, begin + size)
            if roles:
                yield first, last - first, frozenset(roles)


def _held(role: Role) -> str:
    start = "an unrecorded start" if role.start is None else str(role.start)
    end = "now" if role.ongoing else "an unrecorded end" if role.end is None else str(role.end)
    return f"from {start} to {end}"


def _tenures(text: _Text, actors: Sequence[Actor]) -> Iterator[_Bound]:
    found: list[tuple[int, _Bound]] = []
    for actor in actors:
        seen: set[frozenset[int]] = set()
        for first, size, numbers in _named_in_office(text, actor):
            roles = [actor.roles[n] for n in sorted(numbers)]
            dated = [r for r in roles if r.start is not None or r.end is not None]
            if not dated or numbers in seen:
                continue
            seen.add(numbers)
            tenures = [role.tenure for role in dated]
            low = min(t.earliest for t in tenures)
            high = max(t.latest for t in tenures)
            if low == _MIN and high == _MAX:
                continue
            quote = text.words.quote(first, size)
            offices = ", ".join(sorted({r.office + (f" of {r.of}" if r.of else "") for r in dated}))
            held = "; ".join(_held(role) for role in dated)
            detail = (
                f"'{quote}' names {actor.id} as {offices}, held {held}: published between "
                f"{_day(low)} and {_day(high)}"
            )
            found.append(
                (
                    text.words.starts[first],
                    _Bound(low, high, TraceStep("tenure", quote, "read", detail)),
                )
            )
    for _, bound in sorted(found, key=lambda item: (item[0], item[1].step.detail)):
        yield bound


def _next_year(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # February 29
        return day.replace(year=day.year + years, day=28)
    except OverflowError:
        return _MAX if years > 0 else _MIN


def _window(
    day: datetime.date, modifier: str | None, future: bool
) -> tuple[datetime.date, datetime.date, str]:
    """Where publication lies around the day a weekday-and-date phrase names."""
    if modifier == "this":
        if future:
            return (
                _shift(day, -6),
                day,
                "'this' in a plan: the day is 0 to 6 days after publication",
            )
        return day, _shift(day, 6), "'this' in a report: the day is 0 to 6 days before publication"
    if modifier == "last":
        return _shift(day, 1), _shift(day, 7), "'last': the day is 1 to 7 days before publication"
    if modifier == "next":
        return _shift(day, -7), _shift(day, -1), "'next': the day is 1 to 7 days after publication"
    if future:
        low = _shift(_next_year(day, -1), 1)
        return low, day, "no modifier, in a plan: the day is within the year after publication"
    high = _shift(_next_year(day, 1), -1)
    return day, high, "no modifier, in a report: the day is within the year before publication"


def _weekday_dates(text: _Text, bounds: _Bounds) -> Iterator[_Bound]:
    first, last = DEFAULT_POLICY.candidate_years
    assumed = not bounds.finite
    if bounds.low != _MIN:
        first = max(1, bounds.low.year - 1)
    if bounds.high != _MAX:
        last = min(9999, bounds.high.year)
    last = max(first, last)
    policy = Policy(candidate_years=(first, last))
    for mention in text.mentions:
        if not mention.resolution.candidates:
            continue
        try:
            years = resolve(mention.text, None, policy=policy).candidates
        except ClaimkitError:
            continue
        future = text.future(mention)
        match = _MODIFIER.match(mention.text)
        modifier = match.group(1).lower() if match else None
        fits: list[tuple[int, datetime.date, datetime.date]] = []
        how = ""
        for year in years:
            try:
                named = resolve(mention.text, datetime.date(year, 12, 31)).value
            except ClaimkitError:
                continue
            if named is None:
                continue
            low, high, how = _window(named.earliest, modifier, future)
            if low <= bounds.high and bounds.low <= high:
                fits.append((year, low, high))
        listed = ", ".join(map(str, years)) or "no year"
        searched = f"years {first}..{last}" + (
            " (the policy's window: the bounds are open)" if assumed else ""
        )
        if not fits:
            detail = (
                f"'{mention.text}' falls on its weekday in {listed} ({searched}), none of "
                f"which fits the bounds {bounds}"
            )
            yield _Bound(_MAX, _MIN, TraceStep("weekday-date", mention.text, "check", detail))
            continue
        low = min(low for _, low, _ in fits)
        high = max(high for _, _, high in fits)
        kept = ", ".join(str(year) for year, _, _ in fits)
        detail = (
            f"'{mention.text}' falls on its weekday in {listed} ({searched}); within "
            f"{bounds}: {kept}; {how}: published between {_day(low)} and {_day(high)}"
        )
        kind: StepKind = "assumed" if assumed else "inferred"
        yield _Bound(low, high, TraceStep("weekday-date", mention.text, kind, detail))


# --- events known from elsewhere -------------------------------------------------------------


@attrs.frozen
class _Known:
    """An event's date as known from outside the source being dated."""

    value: PartialDate
    why: str


@attrs.frozen
class _Corpus:
    """What every source's inference shares: claims by event and by undated source, actors.

    `by_source` holds the claims of the sources being dated only (nothing else reads it), and
    `facts` what `_known_date` reads of each event's claims, filled on first use: both are
    worked out once, not once per source, pass and round.
    """

    corpus: Corpus
    spans: Mapping[str, tuple[Span, ...]]
    events: Mapping[str, tuple[Claim, ...]]
    by_source: Mapping[str, tuple[Claim, ...]]
    actors: tuple[Actor, ...]
    tagger: Tagger
    facts: dict[str, tuple[_Fact, ...]] = attrs.field(factory=dict, eq=False)
    known: dict[tuple[str, tuple[int, ...]], tuple[_Known | None, str | None]] = attrs.field(
        factory=dict, eq=False
    )

    @classmethod
    def of(
        cls,
        corpus: Corpus,
        spans: Mapping[str, tuple[Span, ...]],
        tagger: Tagger = tag,
        *,
        dating: frozenset[str] | None = None,
    ) -> _Corpus:
        """`dating`: the ids of the sources to be dated (every source when `None`)."""
        events: dict[str, list[Claim]] = defaultdict(list)
        by_source: dict[str, list[Claim]] = defaultdict(list)
        cited: set[str] | None = None
        if dating is not None:
            # Only the claims that cite a source being dated are needed in `by_source`.
            cited = {
                claim.id
                for claim in corpus.claims
                for span in claim.evidence
                if span.source in dating
            }
            cited.update(
                ident for ident, items in spans.items() for span in items if span.source in dating
            )
        for claim in sorted(corpus.claims, key=lambda c: c.id):
            if claim.event:
                events[claim.event].append(claim)
            if cited is not None and claim.id not in cited:
                continue
            for source in _sources_of(claim, spans):
                if dating is None or source in dating:
                    by_source[source].append(claim)
        return cls(
            corpus,
            spans,
            {k: tuple(v) for k, v in sorted(events.items())},
            {k: tuple(v) for k, v in sorted(by_source.items())},
            tuple(sorted(corpus.actors, key=lambda a: a.id)),
            tagger,
        )

    def facts_of(self, event: str) -> tuple[_Fact, ...]:
        """What the claims of `event` tell of its date, whatever source is being dated."""
        found = self.facts.get(event)
        if found is None:
            items = []
            for claim in self.events.get(event, ()):
                sources = _sources_of(claim, self.spans)
                dates = claim.date is not None and bool(sources) and _reports(claim)
                items.append(_Fact(claim, _tenure_start(self, claim), sources, dates))
            found = self.facts[event] = tuple(items)
        return found


class _Fact:
    """One claim of an event, as `_known_date` reads it.

    Attributes:
        claim: The claim.
        tenure: The start of the tenure the claim takes, for an office-taking event.
        sources: The claim's sources (`_sources_of`).
        dates: Whether the claim dates the event: it gives a date, reports it, has sources.
    """

    __slots__ = ("_known", "claim", "dates", "sources", "tenure")

    def __init__(
        self, claim: Claim, tenure: _Known | None, sources: tuple[str, ...], dates: bool
    ) -> None:
        self.claim = claim
        self.tenure = tenure
        self.sources = sources
        self.dates = dates
        self._known: _Known | None = None

    def known(self) -> _Known:
        """The event's date as this claim gives it (only when `dates`), made once."""
        if self._known is None:
            claim = self.claim
            assert claim.date is not None
            why = f"claim {claim.id} ({', '.join(self.sources)}) dates it {claim.date}"
            self._known = _Known(claim.date, why)
        return self._known


def _sources_of(claim: Claim, spans: Mapping[str, tuple[Span, ...]]) -> tuple[str, ...]:
    found = {span.source for span in spans.get(claim.id, ()) if span.source}
    found.update(claim.sources)
    return tuple(sorted(found))


def _tenure_start(shared: _Corpus, claim: Claim) -> _Known | None:
    if claim.action not in OFFICE_TAKING:
        return None
    for participant in claim.actors:
        if participant.office is None or not shared.corpus.has_actor(participant.actor):
            continue
        roles = shared.corpus.actor(participant.actor).roles_as(participant.office)
        starts = [role.start for role in roles if role.start is not None]
        if starts:
            low = min(start.earliest for start in starts)
            high = max(start.latest for start in starts)
            when = f"on {_day(low)}" if low == high else f"within {_day(low)}..{_day(high)}"
            why = f"{participant.actor} took office as {participant.office} {when}"
            return _Known(PartialDate.span(low, high), why)
    return None


def _known_date(
    shared: _Corpus, event: str, source: str, dated: Mapping[str, PartialDate]
) -> tuple[_Known | None, str | None]:
    """The event's date from other dated sources and tenures, or a conflict."""
    facts = shared.facts_of(event)
    # Which claims date the event for this source; the rest follows from those alone, so it
    # is worked out once per event and choice (sources of one event share it, and so do the
    # rounds that infer a source again).
    used = tuple(
        number
        for number, fact in enumerate(facts)
        if fact.dates
        and source not in fact.sources
        and all(other in dated for other in fact.sources)
    )
    key = (event, used)
    found = shared.known.get(key)
    if found is None:
        known: list[_Known] = []
        chosen = set(used)
        for number, fact in enumerate(facts):
            if fact.tenure is not None:
                known.append(fact.tenure)
            if number in chosen:
                known.append(fact.known())
        found = shared.known[key] = _combine(event, known)
    return found


def _combine(event: str, known: Sequence[_Known]) -> tuple[_Known | None, str | None]:
    """The event's date from what is known of it, or a conflict."""
    if not known:
        return None, None
    value: PartialDate | None = known[0].value
    for item in known[1:]:
        value = None if value is None else value.intersection(item.value)
    whys = sorted(dict.fromkeys(item.why for item in known))
    if value is None:
        return None, f"the dates known for event {event} do not meet ({'; '.join(whys)})"
    if value.earliest == _MIN or value.latest == _MAX:
        return None, None
    return _Known(value, "; ".join(whys)), None


def _reports(claim: Claim) -> bool:
    """Whether the claim says the event happened (a plan may slip, a denial has no date)."""
    return claim.polarity is Polarity.AFFIRMED and claim.modality in _REPORTING


def _tense(claim: Claim) -> Tense:
    return "future" if claim.modality is Modality.PLANNED else "past"


def _reading(expression: str, tense: Tense) -> Callable[[datetime.date], PartialDate | None]:
    def read(day: datetime.date) -> PartialDate | None:
        try:
            return resolve(expression, day, tense=tense).value
        except ClaimkitError:
            return None

    return read


def _first(
    low: datetime.date, high: datetime.date, test: Callable[[datetime.date], bool]
) -> datetime.date | None:
    """The first day of `low..high` where `test` (false, then true) is true."""
    if not test(high):
        return None
    while low < high:
        middle = low + (high - low) // 2
        if test(middle):
            high = middle
        else:
            low = middle + datetime.timedelta(days=1)
    return low


def _last(
    low: datetime.date, high: datetime.date, test: Callable[[datetime.date], bool]
) -> datetime.date | None:
    """The last day of `low..high` where `test` (true, then false) is true."""
    if not test(low):
        return None
    while low < high:
        middle = high - (high - low) // 2
        if test(middle):
            low = middle
        else:
            high = middle - datetime.timedelta(days=1)
    return high


def _matching_days(
    expression: str, tense: Tense, known: PartialDate, window: _Bounds, bounds: _Bounds
) -> _Bounds | None:
    """The reference days of `window` on which `expression` can mean `known`, widened to
    `bounds` where the run reaches a side of `window` that the cap cut; `None` if none."""
    read = _reading(expression, tense)
    values: dict[datetime.date, PartialDate | None] = {}

    def value(day: datetime.date) -> PartialDate | None:
        if day not in values:
            values[day] = read(day)
        return values[day]

    def reaches(day: datetime.date) -> bool:
        found = value(day)
        return found is None or found.latest >= known.earliest

    def starts_by(day: datetime.date) -> bool:
        found = value(day)
        return found is None or found.earliest <= known.latest

    low = _first(window.low, window.high, reaches)
    high = None if low is None else _last(low, window.high, starts_by)
    if low is None or high is None:
        return None
    for end in (low, high):
        found = value(end)
        if found is None or not found.compatible(known):
            return bounds  # not monotone after all: no constraint
    if low == window.low:
        low = bounds.low
    if high == window.high:
        high = bounds.high
    return _Bounds(low, high)


def _event_claims(
    text: _Text, shared: _Corpus, dated: Mapping[str, PartialDate]
) -> list[tuple[Claim, _Known | None, _Bound | None]]:
    """The source's claims that report an event known from elsewhere, with its date or the
    conflict that keeps it from having one: all that `_infer_one` reads of the other sources.
    None of it depends on the bounds, so it is worked out once for all the passes."""
    source = text.source
    found: list[tuple[Claim, _Known | None, _Bound | None]] = []
    known_dates: dict[str, tuple[_Known | None, str | None]] = {}
    for claim in shared.by_source.get(source.id, ()):
        if claim.event is None or not _reports(claim):
            continue
        event = claim.event
        if event not in known_dates:
            known_dates[event] = _known_date(shared, event, source.id, dated)
        known, conflict = known_dates[event]
        if conflict is not None:
            step = TraceStep("event-anchor", event, "check", conflict)
            found.append((claim, None, _Bound(_MIN, _MAX, step)))
        elif known is not None:
            found.append((claim, known, None))
    return found


def _event_anchors(
    text: _Text,
    shared: _Corpus,
    claims: Sequence[tuple[Claim, _Known | None, _Bound | None]],
    bounds: _Bounds,
    tagged: dict[str, list[tuple[Mention, ...]]],
) -> Iterator[_Bound]:
    """The bounds `claims` (from `_event_claims`) put on the source within `bounds`; `tagged`
    keeps the mentions of each claim's spans in the source from one pass to the next."""
    source = text.source
    for claim, known, conflict in claims:
        if conflict is not None:
            yield conflict
            continue
        if known is None:
            continue
        tense = _tense(claim)
        window = _Bounds(
            max(bounds.low, _shift(known.value.earliest, -SEARCH_DAYS)),
            min(bounds.high, _shift(known.value.latest, SEARCH_DAYS)),
        )
        if window.low > window.high:
            continue
        spans = tagged.get(claim.id)
        if spans is None:
            spans = tagged[claim.id] = [
                shared.tagger(source.text[s.start : s.end], tense=tense)
                for s in shared.spans.get(claim.id, ())
                if s.source == source.id and s.start is not None and s.end is not None
            ]
        runs: list[tuple[Mention, _Bounds]] = []
        free = False
        for mentions in spans:
            for mention in mentions:
                if mention.resolution.value is not None:
                    free = free or mention.resolution.value.compatible(known.value)
                    continue
                found = _matching_days(mention.text, tense, known.value, window, bounds)
                if found is not None:
                    runs.append((mention, found))
        if free or not runs:
            continue
        low = min(run.low for _, run in runs)
        high = max(run.high for _, run in runs)
        said = ", ".join(f"'{m.text}'" for m, _ in runs)
        capped = window.low > bounds.low or window.high < bounds.high
        note = (
            f" (reference days searched within {SEARCH_DAYS} days of the event)" if capped else ""
        )
        detail = (
            f"{said} in claim {claim.id} (event {claim.event}) must mean {known.value}, as "
            f"{known.why}: it does for reference days {_day(low)}..{_day(high)}{note}"
        )
        yield _Bound(low, high, TraceStep("event-anchor", said, "inferred", detail))


# --- putting it together ----------------------------------------------------------------------


def _infer_one(
    text: _Text,
    static: Sequence[_Bound],
    shared: _Corpus,
    claims: Sequence[tuple[Claim, _Known | None, _Bound | None]],
    tagged: dict[str, list[tuple[Mention, ...]]],
) -> SourceDate:
    """Date one source from its own bounds (`static`) and its `_event_claims`; `tagged` keeps
    the mentions of the source's evidence by claim, from one inference of it to the next."""
    bounds = _Bounds()
    steps: list[TraceStep] = []

    def apply(bound: _Bound, *, always: bool) -> None:
        nonlocal bounds
        met = bounds.meet(bound)
        if met is None:
            if bound.low <= bound.high:
                detail = f"{bound.step.detail}; ignored: it contradicts the bounds {bounds}"
            else:
                detail = f"{bound.step.detail}; ignored"
            steps.append(TraceStep(bound.step.rule, bound.step.text, "check", detail))
            return
        if always or met != bounds:
            steps.append(bound.step)
        bounds = met

    for bound in static:
        apply(bound, always=True)
    for _ in range(_PASSES):
        before = bounds
        for bound in _weekday_dates(text, bounds):
            apply(bound, always=False)
        for bound in _event_anchors(text, shared, claims, bounds, tagged):
            if bound.low == _MIN and bound.high == _MAX:
                steps.append(bound.step)
                continue
            apply(bound, always=False)
        if bounds == before:
            break
    steps = list(dict.fromkeys(steps))
    source = text.source.id
    if bounds.low == _MIN and bounds.high == _MAX:
        detail = "nothing in the text bounds the publication date"
        steps.append(TraceStep("bounds", source, "check", detail))
        return SourceDate(source=source, value=None, inferred=True, trace=tuple(steps))
    value = PartialDate.span(bounds.low, bounds.high)
    detail = (
        f"published between {_day(bounds.low)} and {_day(bounds.high)} ({value}); the "
        "source's own annotated claim dates were not used"
    )
    steps.append(TraceStep("bounds", source, "inferred", detail))
    return SourceDate(source=source, value=value, inferred=True, trace=tuple(steps))


def infer_source_dates(
    corpus: Corpus, spans: Mapping[str, tuple[Span, ...]], *, tagger: Tagger = tag
) -> dict[str, SourceDate]:
    """The publication date of every source of `corpus`, inferring unknown ones.

    A source with `published` keeps it (`inferred=False`). An undated source is bounded by
    what its text reports in the past tense, by the tenures of the office-holders it names
    with their office, by weekday-and-date phrases, and by relative expressions in the
    evidence of claims whose event other dated sources (or a tenure) date; the trace gives
    every bound. See the head of this module for the rules and how circularity is avoided.

    Args:
        corpus: The corpus.
        spans: The anchored evidence spans, by claim id.
        tagger: Tags texts; a memo of [`tag`][claimkit.tag] saves tagging the
            same span in every pass (the results are the same).

    Returns:
        The dates by source id, in sorted order.
    """
    return _infer_source_dates(corpus, spans, tagger, incremental=True)


def _infer_source_dates(
    corpus: Corpus, spans: Mapping[str, tuple[Span, ...]], tagger: Tagger, *, incremental: bool
) -> dict[str, SourceDate]:
    """`infer_source_dates`; `incremental=False` infers every undated source in every round
    (see `_rounds`), the reference the tests compare the default with."""
    found: dict[str, SourceDate] = {}
    undated: list[_Text] = []
    for source in sorted(corpus.sources, key=lambda s: s.id):
        if source.published is not None:
            step = TraceStep("published", str(source.published), "read", "given with the source")
            found[source.id] = SourceDate(source=source.id, value=source.published, trace=(step,))
        else:
            undated.append(_Text.of(source, tagger))
    dating = frozenset(text.source.id for text in undated)
    shared = _Corpus.of(corpus, spans, tagger, dating=dating)
    static = {
        text.source.id: [*_reported(text), *_tenures(text, shared.actors)] for text in undated
    }
    _rounds(undated, static, shared, found, incremental=incremental)
    return dict(sorted(found.items()))


def _rounds(
    undated: Sequence[_Text],
    static: Mapping[str, Sequence[_Bound]],
    shared: _Corpus,
    found: dict[str, SourceDate],
    *,
    incremental: bool,
) -> None:
    """Infer the undated sources again and again until no result changes (into `found`).

    A source's inference reads the other sources only through its `_event_claims` (which
    events are known from elsewhere, and their dates). With `incremental`, a source whose
    `_event_claims` are what they were at its last inference is not inferred again: the
    result would be the same. Without it, every source is inferred in every round (the
    reference the tests compare with).
    """
    last: dict[str, list[tuple[Claim, _Known | None, _Bound | None]]] = {}
    tagged: dict[str, dict[str, list[tuple[Mention, ...]]]] = {
        text.source.id: {} for text in undated
    }
    for _ in range(len(undated) + 1):
        dated = {k: v.value for k, v in found.items() if v.value is not None}
        changed = False
        for text in undated:
            ident = text.source.id
            claims = _event_claims(text, shared, dated)
            if incremental:
                if last.get(ident) == claims:
                    continue
                last[ident] = claims
            result = _infer_one(text, static[ident], shared, claims, tagged[ident])
            if found.get(ident) != result:
                found[ident] = result
                changed = True
        if not changed:
            break
