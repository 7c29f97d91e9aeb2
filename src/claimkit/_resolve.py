# Stage 2 of the pipeline: resolve a loaded corpus.
#
# - anchor every evidence span in its source: pinned offsets from the lock are trusted only
#   while the source's hash is unchanged; otherwise the quote is re-anchored and the span
#   reported as moved or broken;
# - `Cache`: a memo of anchoring and tagging results, so that nothing is tagged twice in one
#   run (`_infer` tags the same spans in every pass), optionally kept on disk in the corpus
#   root (`.claimkit-cache/resolve.json`) so that a re-check of an unchanged corpus does
#   almost no anchoring or tagging. Entries are keyed by the SHA-256 of the text they were
#   computed from and every input that matters, so a stale entry is never hit; the file is
#   ignored when its version or claimkit's differs, or when it cannot be read. In memory, the
#   tagging memo is kept by (reference, tense, policy) and then by text (`Cache.tags`), so a
#   source's spans look their reference up once, not once per span;
# - give every source a publication date: known, or inferred with a trace (`_infer`);
# - tag the temporal expressions inside every anchored span against its source's date;
# - give every claim an effective date: the annotated one, or the one its evidence states.
# Failures are kept as data (a span with an error), never raised: the rules report them.

from __future__ import annotations

import contextlib
import datetime
import hashlib
import json
import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, Literal

import attrs

from claimkit._anchor import Anchor, MatchKind, anchor, context, find_once
from claimkit._dates import PartialDate
from claimkit._infer import SourceDate, infer_source_dates
from claimkit._io import atomic_write
from claimkit._model import CONTEXT_WIDTH, Claim, Corpus, Modality, Source, Span
from claimkit._temporal import (
    DEFAULT_POLICY,
    Mention,
    Policy,
    Relation,
    Resolution,
    StepKind,
    Tense,
    TraceStep,
    tag,
)
from claimkit._version import __version__
from claimkit.errors import AnchorError, ClaimkitError

__all__ = [
    "CACHE_DIRECTORY",
    "CACHE_VERSION",
    "Cache",
    "Prepared",
    "Resolved",
    "ResolvedSpan",
    "prepare",
    "resolve",
]

CACHE_DIRECTORY = ".claimkit-cache"
"""The directory, in the corpus root, that keeps the re-check cache."""

CACHE_VERSION = 1
"""The version of the cache file's layout; a file of another version is ignored."""

_CACHE_FILE = "resolve.json"

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
        tagger: The memo of tagging results this check shares (see `tag`).
    """

    corpus: Corpus
    spans: Mapping[str, tuple[ResolvedSpan, ...]]
    source_dates: Mapping[str, SourceDate]
    dates: Mapping[str, PartialDate | None]
    stated: Mapping[str, PartialDate | None]
    tagger: Cache = attrs.field(factory=lambda: Cache(), eq=False, repr=False)

    def tag(
        self,
        text: str,
        reference: PartialDate | datetime.date | None = None,
        *,
        tense: Tense = "past",
    ) -> tuple[Mention, ...]:
        """[`tag`][claimkit.tag] `text` through this check's memo: the same text, reference
        and tense are tagged once however often they are asked for (and reused from the cache
        file when there is one). The spans' own mentions are in `spans`.
        """
        return self.tagger.tag(text, reference, tense=tense)

    def claim_spans(self, claim: str) -> tuple[ResolvedSpan, ...]:
        """The resolved evidence of `claim`."""
        return self.spans.get(claim, ())


def _anchor_span(
    source: Source,
    span: Span,
    pinned: tuple[int, int] | None,
    pinned_hash: str | None,
    cache: Cache,
) -> tuple[Span, AnchorError | None, Drift | None]:
    if pinned is not None and pinned_hash == source.sha256 and span.start is None:
        start, end = pinned
        if source.text[start:end] == span.quote:
            return attrs.evolve(span, start=start, end=end), None, None
    if (
        pinned is None
        and cache.path is None
        and span.start is None
        and span.end is None
        and (span.occurrence is None or span.occurrence == 1)
    ):
        # Fast path, the common case: a quote found verbatim exactly once is where `anchor`
        # would place it, and a memory-only cache keeps nothing of it.
        start = find_once(source.text, span.quote)
        if start != -1:
            cache.misses += 1
            end = start + len(span.quote)
            return _placed(source, span, start, end, MatchKind.EXACT), None, None
    try:
        found = cache.anchor(source, span)
    except AnchorError as error:
        drift: Drift | None = (
            "broken" if pinned is not None and pinned_hash != source.sha256 else None
        )
        return span, error, drift
    anchored = _placed(source, span, found.start, found.end, found.kind)
    moved: Drift | None = None
    if pinned is not None and pinned_hash is not None and pinned_hash != source.sha256:
        moved = "moved" if (found.start, found.end) != pinned else None
    return anchored, None, moved


def _placed(source: Source, span: Span, start: int, end: int, kind: MatchKind) -> Span:
    """`Span.from_anchor`, keeping the span's own prefix, suffix and location: built at once."""
    prefix, suffix = span.prefix, span.suffix
    if prefix is None or suffix is None:
        before, after = context(source.text, start, end, CONTEXT_WIDTH)
        prefix = before if prefix is None else prefix
        suffix = after if suffix is None else suffix
    return Span(
        quote=span.quote,
        source=source.id,
        start=start,
        end=end,
        prefix=prefix,
        suffix=suffix,
        occurrence=span.occurrence,
        match=kind,
        location=span.location,
    )


def _tense(claim: Claim) -> Literal["past", "future"]:
    return "future" if claim.modality is Modality.PLANNED else "past"


@attrs.frozen(kw_only=True)
class Prepared:
    """The source-level part of resolving a corpus: spans anchored, every source dated.

    Worked out once (`prepare`), it serves the check of any corpus with the same sources
    (`resolve(part, prepared=...)`): the partitions of `--jobs`. Claims it did not anchor
    are anchored by `resolve`.

    Attributes:
        anchored: The anchored evidence of the claims it holds, by claim id (no mentions).
        source_dates: Publication dates (known or inferred) by source id.
    """

    anchored: Mapping[str, tuple[ResolvedSpan, ...]]
    source_dates: Mapping[str, SourceDate]


def prepare(corpus: Corpus, *, cache: Cache | None = None) -> Prepared:
    """Anchor every span of `corpus` and date every source (the first half of `resolve`)."""
    cache = Cache() if cache is None else cache
    anchored = _anchor_all(corpus, corpus.claims, cache)
    source_dates = infer_source_dates(corpus, _plain(anchored), tagger=cache.tag)
    return Prepared(
        anchored={
            cid: tuple(_resolved(cid, item, ()) for item in items)
            for cid, items in anchored.items()
        },
        source_dates=source_dates,
    )


def resolve(
    corpus: Corpus, *, cache: Cache | None = None, prepared: Prepared | None = None
) -> Resolved:
    """Anchor spans, date sources and claims; see [`Resolved`][claimkit.Resolved].

    Args:
        corpus: The corpus.
        cache: Where anchoring and tagging results are looked up and kept (see `Cache`); a
            memory-only one when `None`. The result is the same either way; call
            `cache.save()` afterwards to keep the results for the next check.
        prepared: The anchors and source dates of a corpus that holds this one's claims and
            the same sources, from `prepare`; worked out here when `None`.
    """
    cache = Cache() if cache is None else cache
    if prepared is None:
        anchored = _anchor_all(corpus, corpus.claims, cache)
        source_dates = infer_source_dates(corpus, _plain(anchored), tagger=cache.tag)
    else:
        missing = [claim for claim in corpus.claims if claim.id not in prepared.anchored]
        anchored = _anchor_all(corpus, missing, cache)
        for claim in corpus.claims:
            if claim.id in prepared.anchored:
                anchored[claim.id] = [
                    (item.index, item.span, item.error, item.drift, item.pinned)
                    for item in prepared.anchored[claim.id]
                ]
        source_dates = dict(prepared.source_dates)

    spans: dict[str, tuple[ResolvedSpan, ...]] = {}
    dates: dict[str, PartialDate | None] = {}
    stated: dict[str, PartialDate | None] = {}
    # The tagging memo of each (source, tense): its reference date is looked up, and hashed
    # into the memo's key, once per source rather than once per span. The memos are this
    # call's own, shared by the sources of one date, and dropped when it returns: nothing
    # after it tags these spans again, and a memo kept for the whole check would hold every
    # span's text and mentions a second time (the spans hold the mentions themselves).
    tables: dict[tuple[str, Tense], _Tags] = {}
    memos: dict[tuple[object, Tense], _Tags] = {}
    sources = {source.id: source for source in corpus.sources}
    for claim in corpus.claims:
        tense = _tense(claim)
        resolved_items = []
        for item in anchored[claim.id]:
            mentions: tuple[Mention, ...] = ()
            span = item[1]
            if item[2] is None and span.start is not None and span.source is not None:
                tags = tables.get((span.source, tense))
                if tags is None:
                    date = source_dates.get(span.source)
                    reference = None if date is None else date.value
                    tags = memos.get((reference, tense))
                    if tags is None:
                        tags = memos[reference, tense] = _Tags(
                            cache, reference, tense, DEFAULT_POLICY
                        )
                    tables[span.source, tense] = tags
                mentions = _mentions(sources[span.source], span, tags)
            resolved_items.append(_resolved(claim.id, item, mentions))
        spans[claim.id] = found = tuple(resolved_items)
        stated[claim.id] = value = _stated_date(found)
        dates[claim.id] = claim.date if claim.date is not None else value
    return Resolved(
        corpus=corpus,
        spans=spans,
        source_dates=source_dates,
        dates=dates,
        stated=stated,
        tagger=cache,
    )


# One evidence span as anchoring leaves it: (index, span, error, drift, pinned offsets). The
# `ResolvedSpan` is built once its mentions are known.
_Anchored = tuple[int, Span, AnchorError | None, Drift | None, tuple[int, int] | None]


def _resolved(claim: str, item: _Anchored, mentions: tuple[Mention, ...]) -> ResolvedSpan:
    index, span, error, drift, pinned = item
    return ResolvedSpan(
        claim=claim,
        index=index,
        span=span,
        error=error,
        drift=drift,
        pinned=pinned,
        mentions=mentions,
    )


def _plain(anchored: Mapping[str, Sequence[_Anchored]]) -> dict[str, tuple[Span, ...]]:
    """The spans that could be anchored, by claim id (what `infer_source_dates` reads)."""
    found: dict[str, tuple[Span, ...]] = {}
    for cid, items in anchored.items():
        if len(items) == 1:  # the common case, without a generator
            span = items[0][1]
            found[cid] = (span,) if items[0][2] is None and span.start is not None else ()
        else:
            found[cid] = tuple(
                item[1] for item in items if item[2] is None and item[1].start is not None
            )
    return found


def _anchor_all(
    corpus: Corpus, claims: Iterable[Claim], cache: Cache
) -> dict[str, list[_Anchored]]:
    lock = corpus.lock
    anchored: dict[str, list[_Anchored]] = {}
    sources = {source.id: source for source in corpus.sources}  # `corpus.source`, inlined
    for claim in claims:
        items: list[_Anchored] = []
        for index, span in enumerate(claim.evidence):
            pinned = lock.span(claim.id, index) if lock else None
            source = None if span.source is None else sources.get(span.source)
            if source is None:
                missing = AnchorError(f"unknown source {span.source!r}")
                items.append((index, span, missing, None, None))
                continue
            pinned_hash = lock.source_hash(source.id) if lock else None
            result, error, drift = _anchor_span(source, span, pinned, pinned_hash, cache)
            items.append((index, result, error, drift, pinned))
        anchored[claim.id] = items
    return anchored


def _mentions(source: Source, span: Span, tags: _Tags) -> tuple[Mention, ...]:
    """The mentions of the anchored `span`, tagged through `tags`, at offsets in `source`."""
    start, end = span.start, span.end
    assert start is not None and end is not None
    text = source.text[start:end]
    if text == span.quote:
        # The memo's key is then the quote's own string (held by the span anyway), not a copy
        # cut from the source: 100 bytes a span at the benchmark's quote lengths while
        # `resolve` runs.
        text = span.quote
    try:
        return tags.at(text, start)
    except ClaimkitError:
        return ()


def _shifted(mentions: tuple[Mention, ...], by: int) -> tuple[Mention, ...]:
    return tuple(Mention(m.start + by, m.end + by, m.text, m.resolution) for m in mentions)


def _stated_date(items: Sequence[ResolvedSpan]) -> PartialDate | None:
    """The date the evidence states, when its expressions name exactly one date."""
    # The values are compared one by one instead of put in a set (hashing a date is dear);
    # the first of equal values is the one a set would keep.
    first: PartialDate | None = None
    for item in items:
        for mention in item.mentions:
            resolution = mention.resolution
            value = resolution.value
            if value is None or resolution.relation != "on":
                continue
            if first is None:
                first = value
            elif value != first:
                return None
    return first


# --- the re-check cache -----------------------------------------------------------------------


def _digest(*parts: object) -> str:
    return hashlib.sha256(json.dumps(parts, ensure_ascii=False).encode("utf-8")).hexdigest()


def _reference_key(reference: PartialDate | datetime.date | None) -> str:
    if reference is None:
        return "-"
    if isinstance(reference, PartialDate):
        return f"p:{reference}"
    return f"d:{reference.isoformat()}"


def _decode_anchor(item: object, text: str) -> Anchor | None:
    """The anchor stored as `[start, end, kind, score]`, or `None` when it is not one."""
    if not isinstance(item, list) or len(item) != 4:
        return None
    start, end, kind, score = item
    if not (isinstance(start, int) and isinstance(end, int) and 0 <= start <= end <= len(text)):
        return None
    try:
        return Anchor(start, end, MatchKind(kind), float(score))
    except (TypeError, ValueError):
        return None


def _encode_mention(mention: Mention) -> list[Any]:
    resolution = mention.resolution
    return [
        mention.start,
        mention.end,
        None if resolution.value is None else str(resolution.value),
        resolution.relation,
        [[step.rule, step.text, step.kind, step.detail] for step in resolution.trace],
        list(resolution.candidates),
        resolution.mismatch,
    ]


def _decode_mention(text: str, item: list[Any]) -> Mention:
    start, end, value, relation, trace, candidates, mismatch = item
    if not (isinstance(start, int) and isinstance(end, int) and 0 <= start <= end <= len(text)):
        raise ValueError(f"bad offsets {start}-{end}")
    words = text[start:end]
    steps: list[TraceStep] = []
    for rule, step_text, kind, detail in trace:
        steps.append(TraceStep(str(rule), str(step_text), _step_kind(kind), str(detail)))
    resolution = Resolution(
        expression=words,
        value=None if value is None else PartialDate.parse(value),
        relation=_relation(relation),
        trace=tuple(steps),
        candidates=tuple(int(year) for year in candidates),
        mismatch=None if mismatch is None else str(mismatch),
    )
    return Mention(start, end, words, resolution)


def _step_kind(kind: object) -> StepKind:
    if kind == "read" or kind == "inferred" or kind == "assumed" or kind == "check":
        return kind
    raise ValueError(f"bad step kind {kind!r}")


def _relation(relation: object) -> Relation:
    if relation in ("on", "since", "until", "between", "before", "after"):
        return relation
    raise ValueError(f"bad relation {relation!r}")


def _anchor_quote(source: Source, span: Span) -> Anchor:
    return anchor(
        source.text,
        span.quote,
        prefix=span.prefix,
        suffix=span.suffix,
        occurrence=span.occurrence,
        start=span.start,
        end=span.end,
    )


class Cache:
    """Anchoring and tagging results, reused within a check and across checks.

    Used in memory only (`Cache()`), it makes sure nothing is tagged twice in one check. Opened
    on a corpus root (`Cache.open(root)`), it also reads the results of the last check from
    `.claimkit-cache/resolve.json` there, and `save()` writes back the ones this check used.
    Every entry is keyed by the SHA-256 of the text it was computed from together with every
    other input (the quote and its hints; the reference date, tense and policy), so an edited
    source simply misses. Results never depend on the cache: a hit returns what the work would.

    Attributes:
        path: The cache file, or `None` for a memory-only cache.
        hits: Anchors and tags found in the file (not in this check's memo).
        misses: Anchors and tags that had to be computed.
    """

    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        self.path = None if path is None else Path(path)
        self.hits = 0
        self.misses = 0
        self._stored_anchors: dict[str, Any] = {}
        self._stored_tags: dict[str, Any] = {}
        self._anchors: dict[str, list[Any]] = {}
        self._tags: dict[str, list[Any]] = {}
        # Tagging results by (reference, tense, policy), then by text (see `tags`).
        self._memo: dict[tuple[object, str, Policy], _Tags] = {}
        self._anchor_memo: dict[tuple[object, ...], Anchor] = {}
        self._changed = False
        # Set in the worker processes of `--jobs`: they hand what they used to the parent
        # (`since` and `absorb`), which alone writes the file.
        self._save_deferred = False
        if self.path is not None:
            self._read(self.path)

    @classmethod
    def open(cls, root: str | os.PathLike[str]) -> Cache:
        """The cache of the corpus at `root` (its `.claimkit-cache/resolve.json`)."""
        return cls(Path(root) / CACHE_DIRECTORY / _CACHE_FILE)

    def _read(self, path: Path) -> None:
        try:
            data = json.loads(path.read_text("utf-8"))
        except (OSError, ValueError):
            return
        if (
            not isinstance(data, dict)
            or data.get("format") != "claimkit-cache"
            or data.get("version") != CACHE_VERSION
            or data.get("written-by") != f"claimkit {__version__}"
            or not isinstance(data.get("anchors"), dict)
            or not isinstance(data.get("tags"), dict)
        ):
            return
        self._stored_anchors = data["anchors"]
        self._stored_tags = data["tags"]

    # anchoring

    def anchor(self, source: Source, span: Span) -> Anchor:
        """[`anchor`][claimkit.anchor] the span's quote in `source`, or the stored result.

        Raises:
            AnchorError: As `anchor` does (failures are not stored).
        """
        parts = (
            source.sha256,
            span.quote,
            span.prefix,
            span.suffix,
            span.occurrence,
            span.start,
            span.end,
        )
        if self.path is None:
            # A memory-only cache never writes its entries: the inputs are the key.
            memo = self._anchor_memo.get(parts)
            if memo is None:
                self.misses += 1
                memo = self._anchor_memo[parts] = _anchor_quote(source, span)
            return memo
        key = _digest(*parts)
        used = self._anchors.get(key)
        if used is not None:
            return Anchor(used[0], used[1], MatchKind(used[2]), used[3])
        stored = self._stored_anchors.get(key)
        known = None if stored is None else _decode_anchor(stored, source.text)
        if known is not None:
            self.hits += 1
            self._anchors[key] = [known.start, known.end, known.kind.value, known.score]
            return known
        self.misses += 1
        found = _anchor_quote(source, span)
        self._anchors[key] = [found.start, found.end, found.kind.value, found.score]
        self._changed = True
        return found

    # tagging

    def tags(
        self,
        reference: PartialDate | datetime.date | None = None,
        tense: Tense = "past",
        policy: Policy = DEFAULT_POLICY,
    ) -> _Tags:
        """The memo of one reference, tense and policy: call it with a text to tag it."""
        key = (reference, tense, policy)
        found = self._memo.get(key)
        if found is None:
            found = self._memo[key] = _Tags(self, reference, tense, policy)
        return found

    def _forget(self) -> None:
        """Drop the tagging tables of this cache's memo (what `tags` made), and with them
        the reference cycle each makes with the cache. The entries to save are kept."""
        self._memo.clear()

    def tag(
        self,
        text: str,
        reference: PartialDate | datetime.date | None = None,
        *,
        tense: Tense = "past",
        policy: Policy = DEFAULT_POLICY,
    ) -> tuple[Mention, ...]:
        """[`tag`][claimkit.tag] `text`, or the result of the same call made before."""
        return self.tags(reference, tense, policy)(text)

    def _tag(
        self,
        text: str,
        reference: PartialDate | datetime.date | None,
        tense: Tense,
        policy: Policy,
    ) -> tuple[Mention, ...]:
        """Tag `text`, or decode what the cache file holds for it (not memoised here)."""
        if self.path is None:
            # A memory-only cache never writes its entries: no key, no encoding.
            self.misses += 1
            return tag(text, reference, tense=tense, policy=policy)
        key = "|".join(
            (hashlib.sha256(text.encode("utf-8")).hexdigest(), _reference_key(reference), tense)
        )
        if policy != DEFAULT_POLICY:
            key += "|" + repr(policy)
        found: tuple[Mention, ...] | None = None
        stored = self._stored_tags.get(key)
        if stored is not None:
            with contextlib.suppress(TypeError, ValueError, ClaimkitError):
                found = tuple(_decode_mention(text, item) for item in stored)
                self.hits += 1
                self._tags[key] = stored
        if found is None:
            self.misses += 1
            found = tag(text, reference, tense=tense, policy=policy)
            self._tags[key] = [_encode_mention(mention) for mention in found]
            self._changed = True
        return found

    # the processes of `--jobs`

    def mark(self) -> tuple[int, int, int, int]:
        """A point to take the entries used after it from (`since`)."""
        return len(self._anchors), len(self._tags), self.hits, self.misses

    def since(self, mark: tuple[int, int, int, int]) -> tuple[Any, ...]:
        """The entries first used after `mark`, with the counts, as builtin data for `absorb`.

        Entries are kept in the order they were first used, so those after the mark are
        exactly the new ones.
        """
        anchors = list(self._anchors.items())[mark[0] :]
        tags = list(self._tags.items())[mark[1] :]
        return anchors, tags, self._changed, self.hits - mark[2], self.misses - mark[3]

    def absorb(self, entries: tuple[Any, ...]) -> None:
        """Add the entries another process used (from its `since`) to those `save` writes."""
        anchors, tags, changed, hits, misses = entries
        self._anchors.update(anchors)
        self._tags.update(tags)
        self._changed = self._changed or changed
        self.hits += hits
        self.misses += misses

    # the file

    def save(self) -> bool:
        """Write the entries this check used to the cache file, atomically; whether it wrote.

        Nothing is written for a memory-only cache or when the file already holds exactly
        these entries. A cache that cannot be written is left alone: it is never an error.
        """
        if self.path is None or self._save_deferred:
            return False
        if (
            not self._changed
            and self._anchors.keys() == self._stored_anchors.keys()
            and self._tags.keys() == self._stored_tags.keys()
        ):
            return False
        data = {
            "format": "claimkit-cache",
            "version": CACHE_VERSION,
            "written-by": f"claimkit {__version__}",
            "anchors": self._anchors,
            "tags": self._tags,
        }
        text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            ignore = self.path.parent / ".gitignore"
            if not ignore.exists():
                atomic_write(ignore, "# written by claimkit: the re-check cache\n*\n")
            atomic_write(self.path, text + "\n")
        except OSError:
            return False
        self._stored_anchors, self._stored_tags = dict(self._anchors), dict(self._tags)
        self._changed = False
        return True


class _Tags:
    """A `Cache`'s tagging results for one reference, tense and policy, by text.

    Callers that tag many texts against one reference take this once from `Cache.tags` (or,
    as `resolve` does for the spans, make their own, to drop when done) and look each text up
    by itself: the key of a text is the text.

    Each text's mentions are kept at the offsets of the first place they were asked for
    (`at`): those are the very tuple a resolved span holds, so a quote met once costs one
    tuple of mentions, not a quote-relative one in the memo and a shifted copy in the span.
    A later request at another offset gets a shifted copy.
    """

    __slots__ = ("_cache", "_found", "_policy", "_reference", "_tense")

    def __init__(
        self,
        cache: Cache,
        reference: PartialDate | datetime.date | None,
        tense: Tense,
        policy: Policy,
    ) -> None:
        self._cache = cache
        self._reference = reference
        self._tense = tense
        self._policy = policy
        # By text: the offset its mentions were first asked at, and the mentions there.
        self._found: dict[str, tuple[int, tuple[Mention, ...]]] = {}

    def __call__(self, text: str) -> tuple[Mention, ...]:
        """The mentions of `text`, at offsets in `text`."""
        return self.at(text, 0)

    def at(self, text: str, offset: int) -> tuple[Mention, ...]:
        """The mentions of `text`, which stands at `offset` in its source, at source offsets."""
        found = self._found.get(text)
        if found is None:
            mentions = self._cache._tag(text, self._reference, self._tense, self._policy)
            if not mentions:
                self._found[text] = _NO_MENTIONS
                return mentions
            if offset:
                mentions = _shifted(mentions, offset)
            self._found[text] = (offset, mentions)
            return mentions
        kept, mentions = found
        if kept == offset or not mentions:
            return mentions
        return _shifted(mentions, offset - kept)


_NO_MENTIONS: tuple[int, tuple[Mention, ...]] = (0, ())
