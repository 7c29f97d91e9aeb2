# Stage 2 of the pipeline: resolve a loaded corpus.
#
# - anchor every evidence span in its source: pinned offsets from the lock are trusted only
#   while the source's hash is unchanged; otherwise the quote is re-anchored and the span
#   reported as moved or broken; anchoring results are cached by (source hash, quote, hints)
#   so a re-check of an unchanged corpus does almost no work;
# - give every source a publication date: known, or inferred with a trace (`_infer`);
# - tag the temporal expressions inside every anchored span against its source's date;
# - give every claim an effective date: the annotated one, or the one its evidence states.
# Failures are kept as data (a span with an error), never raised: the rules report them.

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Literal

import attrs

from claimkit._anchor import anchor
from claimkit._dates import PartialDate
from claimkit._infer import SourceDate, infer_source_dates
from claimkit._model import Claim, Corpus, Modality, Source, Span
from claimkit._temporal import Mention, tag
from claimkit.errors import AnchorError, ClaimkitError

__all__ = ["Resolved", "ResolvedSpan", "resolve"]

Drift = Literal["moved", "broken"]


@attrs.frozen(kw_only=True)
class ResolvedSpan:
    """One evidence span after anchoring.

    Attributes:
        claim: The claim's id.
        index: The span's position in the claim's evidence.
        span: The span, with offsets when it could be anchored.
        error: Why it could not be anchored, or `None`.
        drift: `moved` or `broken` when the source changed since it was pinned.
        pinned: The offsets recorded in the lock, if any.
        mentions: Temporal expressions inside the span, resolved against the source's date.
    """

    claim: str
    index: int
    span: Span
    error: AnchorError | None = None
    drift: Drift | None = None
    pinned: tuple[int, int] | None = None
    mentions: tuple[Mention, ...] = ()

    @property
    def ok(self) -> bool:
        """Whether the span has offsets in its source."""
        return self.error is None and self.span.start is not None


@attrs.frozen(kw_only=True)
class Resolved:
    """A corpus with every span anchored, every source dated and every claim dated.

    Attributes:
        corpus: The corpus as loaded.
        spans: Resolved evidence by claim id.
        source_dates: Publication dates (known or inferred) by source id.
        dates: Each claim's effective date (annotated, or stated by its evidence).
        stated: The date each claim's evidence states, when it states one.
    """

    corpus: Corpus
    spans: Mapping[str, tuple[ResolvedSpan, ...]]
    source_dates: Mapping[str, SourceDate]
    dates: Mapping[str, PartialDate | None]
    stated: Mapping[str, PartialDate | None]

    def claim_spans(self, claim: str) -> tuple[ResolvedSpan, ...]:
        """The resolved evidence of `claim`."""
        return self.spans.get(claim, ())


def _anchor_span(
    source: Source, span: Span, pinned: tuple[int, int] | None, pinned_hash: str | None
) -> tuple[Span, AnchorError | None, Drift | None]:
    if pinned is not None and pinned_hash == source.sha256 and span.start is None:
        start, end = pinned
        if source.text[start:end] == span.quote:
            return attrs.evolve(span, start=start, end=end), None, None
    try:
        found = anchor(
            source.text,
            span.quote,
            prefix=span.prefix,
            suffix=span.suffix,
            occurrence=span.occurrence,
            start=span.start,
            end=span.end,
        )
    except AnchorError as error:
        drift: Drift | None = (
            "broken" if pinned is not None and pinned_hash != source.sha256 else None
        )
        return span, error, drift
    anchored = Span.from_anchor(source, span.quote, found, occurrence=span.occurrence)
    anchored = attrs.evolve(
        anchored,
        prefix=span.prefix if span.prefix is not None else anchored.prefix,
        suffix=span.suffix if span.suffix is not None else anchored.suffix,
        location=span.location,
    )
    moved: Drift | None = None
    if pinned is not None and pinned_hash is not None and pinned_hash != source.sha256:
        moved = "moved" if (found.start, found.end) != pinned else None
    return anchored, None, moved


def _tense(claim: Claim) -> Literal["past", "future"]:
    return "future" if claim.modality is Modality.PLANNED else "past"


def resolve(corpus: Corpus) -> Resolved:
    """Anchor spans, date sources and claims; see [`Resolved`][claimkit.Resolved]."""
    lock = corpus.lock
    anchored: dict[str, list[ResolvedSpan]] = {}
    for claim in corpus.claims:
        items: list[ResolvedSpan] = []
        for index, span in enumerate(claim.evidence):
            pinned = lock.span(claim.id, index) if lock else None
            if span.source is None or not corpus.has_source(span.source):
                missing = AnchorError(f"unknown source {span.source!r}")
                items.append(ResolvedSpan(claim=claim.id, index=index, span=span, error=missing))
                continue
            source = corpus.source(span.source)
            pinned_hash = lock.source_hash(source.id) if lock else None
            result, error, drift = _anchor_span(source, span, pinned, pinned_hash)
            items.append(
                ResolvedSpan(
                    claim=claim.id,
                    index=index,
                    span=result,
                    error=error,
                    drift=drift,
                    pinned=pinned,
                )
            )
        anchored[claim.id] = items

    plain = {cid: tuple(rs.span for rs in items if rs.ok) for cid, items in anchored.items()}
    source_dates = infer_source_dates(corpus, plain)

    spans: dict[str, tuple[ResolvedSpan, ...]] = {}
    dates: dict[str, PartialDate | None] = {}
    stated: dict[str, PartialDate | None] = {}
    for claim in corpus.claims:
        resolved_items = []
        for item in anchored[claim.id]:
            mentions: tuple[Mention, ...] = ()
            if item.ok and item.span.source is not None:
                mentions = _mentions(
                    corpus.source(item.span.source), item.span, source_dates, claim
                )
            resolved_items.append(attrs.evolve(item, mentions=mentions))
        spans[claim.id] = tuple(resolved_items)
        stated[claim.id] = _stated_date(spans[claim.id])
        dates[claim.id] = claim.date if claim.date is not None else stated[claim.id]
    return Resolved(
        corpus=corpus, spans=spans, source_dates=source_dates, dates=dates, stated=stated
    )


def _mentions(
    source: Source, span: Span, source_dates: Mapping[str, SourceDate], claim: Claim
) -> tuple[Mention, ...]:
    assert span.start is not None and span.end is not None
    reference = source_dates[source.id].value if source.id in source_dates else None
    try:
        found = tag(source.text[span.start : span.end], reference, tense=_tense(claim))
    except ClaimkitError:
        return ()
    return tuple(attrs.evolve(m, start=m.start + span.start, end=m.end + span.start) for m in found)


def _stated_date(items: Sequence[ResolvedSpan]) -> PartialDate | None:
    """The date the evidence states, when its expressions name exactly one date."""
    values = {
        m.resolution.value
        for item in items
        for m in item.mentions
        if m.resolution.value is not None and m.resolution.relation == "on"
    }
    return values.pop() if len(values) == 1 else None
