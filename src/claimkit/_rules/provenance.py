# The provenance family (CK01): is every claim tied to words its source really holds?
#
# These rules read what the resolve stage recorded for each evidence span (`ResolvedSpan`:
# the anchored span, the anchoring error, the drift against `claimkit.lock`) and turn it into
# findings; they never search texts themselves. Each rule walks the claims in id order and
# each claim's evidence in order, so the cost is linear in the number of spans.
#
# One problem, one finding: a span whose source changed since it was pinned and whose quote
# can no longer be placed is reported by `provenance.source-changed` (the cause), not also by
# the rule for the anchoring error (the symptom).

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from claimkit._anchor import MatchKind
from claimkit._findings import Hit, Kind, Severity
from claimkit._resolve import ResolvedSpan
from claimkit._rules._registry import rule
from claimkit.errors import AmbiguousQuoteError, OffsetMismatchError, QuoteNotFoundError

if TYPE_CHECKING:
    from claimkit._engine import Context

__all__ = [
    "ambiguous_quote",
    "no_evidence",
    "offsets_mismatch",
    "quote_not_found",
    "source_changed",
    "typographic_match",
]


def _short(text: str, limit: int = 60) -> str:
    """The text on one line, cut to `limit` characters, in single quotes."""
    flat = " ".join(text.split())
    if len(flat) > limit:
        flat = flat[: limit - 1] + "…"
    return f"'{flat}'"


def _spans(context: Context) -> tuple[ResolvedSpan, ...]:
    """Every resolved evidence span, by claim id then evidence order.

    Listed once per check (kept in the context's per-check memo): every rule of this module
    walks them, none changes them.
    """
    found = context.memo.get("provenance.spans")
    if not isinstance(found, tuple):
        claims = context.claims_by_id()
        found = tuple(item for claim in claims for item in context.spans(claim.id))
        context.memo["provenance.spans"] = found
    return found


def _base(item: ResolvedSpan) -> dict[str, Any]:
    return {
        "claim": item.claim,
        "evidence": item.index,
        "source": item.span.source,
        "quote": item.span.quote,
    }


@rule("CK0101", "provenance.quote-not-found", Severity.ERROR)
def quote_not_found(context: Context) -> Iterator[Hit]:
    """A quote that is not in its source.

    Evidence is authored by its quote and claimkit finds the offsets; a quote that does not
    occur in the source (exactly, or up to typography) ties the claim to words nobody
    published. The quote is never placed by similarity: the finding names the most similar
    stretch of the source, its offsets and its similarity score (0-100), so the annotator
    can copy the real words. Spans that cannot be anchored for other reasons (an unknown
    source, a blank quote) are reported here too.

    Example:
        ```yaml
        # 000.txt: "Relations were broken in 2019."
        claims:
          - id: c1
            action: relations.break
            evidence:
              - {source: "000", quote: relations were cut in 2019}
        ```

    Fixed:
        ```yaml
        claims:
          - id: c1
            action: relations.break
            evidence:
              - {source: "000", quote: Relations were broken in 2019}
        ```
    """
    for item in _spans(context):
        error = item.error
        if error is None or item.drift == "broken":
            continue
        if isinstance(error, OffsetMismatchError | AmbiguousQuoteError):
            continue
        details = _base(item)
        if isinstance(error, QuoteNotFoundError) and error.candidate is not None:
            details["candidate"] = {
                "text": error.candidate,
                "start": error.candidate_start,
                "end": error.candidate_end,
                "score": round(error.score or 0.0, 1),
            }
            best = (
                f"; the best candidate is {_short(error.candidate)} at "
                f"{error.candidate_start}-{error.candidate_end} "
                f"(similarity {error.score or 0.0:.1f})"
            )
        elif isinstance(error, QuoteNotFoundError):
            details["candidate"] = None
            best = "; nothing in the source is similar"
        else:
            details["reason"] = error.message
            best = f" ({error.message})"
        yield Hit(
            kind=Kind.FAIL,
            message=(
                f"claim {item.claim} quotes {_short(item.span.quote)}, which is not in "
                f"source {item.span.source}{best}"
            ),
            claims=(item.claim,),
            details=details,
        )


@rule("CK0102", "provenance.offsets-mismatch", Severity.ERROR)
def offsets_mismatch(context: Context) -> Iterator[Hit]:
    """Given offsets that do not hold the quote.

    A span may carry `start` and `end` offsets (from a pipeline, or copied from another
    tool). They are trusted only when the source holds the quote there, verbatim or up to
    typography; otherwise the offsets and the quote disagree and either may be wrong. The
    finding says what the offsets hold and where the quote really is.

    Example:
        ```yaml
        # 000.txt: "Relations were broken in 2019."
        claims:
          - id: c1
            action: relations.break
            evidence:
              - {source: "000", quote: broken in 2019, start: 0, end: 14}
        ```

    Fixed:
        ```yaml
        claims:
          - id: c1
            action: relations.break
            evidence:
              - {source: "000", quote: broken in 2019, start: 15, end: 29}
        ```
    """
    for item in _spans(context):
        error = item.error
        if not isinstance(error, OffsetMismatchError) or item.drift == "broken":
            continue
        details = _base(item)
        details.update(start=item.span.start, end=item.span.end, reason=error.message)
        yield Hit(
            kind=Kind.FAIL,
            message=(
                f"claim {item.claim} gives offsets {item.span.start}-{item.span.end} for "
                f"{_short(item.span.quote)} in source {item.span.source}, but {error.message}"
            ),
            claims=(item.claim,),
            details=details,
        )


@rule("CK0103", "provenance.ambiguous-quote", Severity.ERROR)
def ambiguous_quote(context: Context) -> Iterator[Hit]:
    """A quote occurring more than once with nothing to settle it.

    A quote that occurs several times in its source could be any of them, and the words
    around each occurrence may say different things ("in 2019" in two paragraphs about two
    events). claimkit never picks one silently: give `prefix` or `suffix` (the words just
    before or after), or `occurrence` (1-based). The finding lists the offsets of every
    candidate.

    Example:
        ```yaml
        # 000.txt: "Relations broke in 2019. The border closed in 2019."
        claims:
          - id: c1
            action: border.close
            evidence:
              - {source: "000", quote: in 2019}
        ```

    Fixed:
        ```yaml
        claims:
          - id: c1
            action: border.close
            evidence:
              - {source: "000", quote: in 2019, prefix: "border closed "}
        ```
    """
    for item in _spans(context):
        error = item.error
        if not isinstance(error, AmbiguousQuoteError) or item.drift == "broken":
            continue
        span = item.span
        offsets = [f"{start}-{end}" for start, end in error.candidates]
        given = [
            f"{name} {value!r}"
            for name, value in (
                ("prefix", span.prefix),
                ("suffix", span.suffix),
                ("occurrence", span.occurrence),
            )
            if value is not None
        ]
        settle = (
            f"and the given {' and '.join(given)} {'do' if len(given) > 1 else 'does'} not "
            "single one out"
            if given
            else "with no prefix, suffix or occurrence to choose one"
        )
        details = _base(item)
        details["candidates"] = [[start, end] for start, end in error.candidates]
        details["given"] = {
            "prefix": span.prefix,
            "suffix": span.suffix,
            "occurrence": span.occurrence,
        }
        yield Hit(
            kind=Kind.FAIL,
            message=(
                f"claim {item.claim} quotes {_short(span.quote)}, which occurs "
                f"{len(offsets)} times in source {span.source} (at {', '.join(offsets)}) "
                f"{settle}"
            ),
            claims=(item.claim,),
            details=details,
        )


@rule("CK0104", "provenance.source-changed", Severity.ERROR)
def source_changed(context: Context) -> Iterator[Hit]:
    """A source whose text changed since its spans were pinned.

    `claimkit.lock` records the SHA-256 of every source and the offsets of every span. When
    a source's text changes, each pinned span is anchored again by its quote: a quote still
    found at new offsets has moved (a warning to review: the surrounding words may have
    changed too, and the lock should be refreshed with `claimkit pin`); a quote no longer
    found is broken (an error: the claim rests on words the source no longer holds). A source
    whose hash changed while every quote is still at its pinned offsets (an edit elsewhere
    in the text) gets a notice on the source itself, so that a changed text is never silent:
    the quotes still hold, and `claimkit pin` records the new hash.

    Example:
        ```yaml
        # 000.txt was "Relations were broken in 2019." when pinned, and now reads
        # "Update: relations were restored in 2022."
        claims:
          - id: c1
            action: relations.break
            evidence:
              - {source: "000", quote: broken in 2019}
        ```

    Fixed:
        ```yaml
        # Restore the text as published, or re-annotate the claim and run `claimkit pin`.
        claims:
          - id: c1
            action: relations.break
            evidence:
              - {source: "000", quote: broken in 2019}
        ```
    """
    lock = context.corpus.lock
    for item in _spans(context):
        if item.drift is None:
            continue
        source = item.span.source or ""
        details = _base(item)
        details.update(
            drift=item.drift,
            pinned=list(item.pinned) if item.pinned else None,
            pinned_sha256=lock.source_hash(source) if lock else None,
            sha256=context.corpus.source(source).sha256
            if context.corpus.has_source(source)
            else None,
        )
        old = f"{item.pinned[0]}-{item.pinned[1]}" if item.pinned else "its pinned offsets"
        if item.drift == "moved":
            details.update(start=item.span.start, end=item.span.end)
            yield Hit(
                kind=Kind.REVIEW,
                message=(
                    f"source {source} changed since it was pinned and claim {item.claim}'s "
                    f"quote {_short(item.span.quote)} moved from {old} to "
                    f"{item.span.start}-{item.span.end}"
                ),
                claims=(item.claim,),
                details=details,
                severity=Severity.WARNING,
            )
            continue
        reason = item.error.message if item.error else "the quote cannot be placed"
        details["reason"] = reason
        yield Hit(
            kind=Kind.FAIL,
            message=(
                f"source {source} changed since it was pinned and no longer holds claim "
                f"{item.claim}'s quote {_short(item.span.quote)}, pinned at {old} ({reason})"
            ),
            claims=(item.claim,),
            details=details,
        )
    yield from _changed_in_place(context)


def _changed_in_place(context: Context) -> Iterator[Hit]:
    """A notice per pinned source whose hash changed while none of its quotes drifted."""
    lock = context.corpus.lock
    if lock is None:
        return
    drifted = {item.span.source for item in _spans(context) if item.drift is not None}
    pinned: dict[str, int] = {}
    for item in _spans(context):
        if item.span.source and item.pinned is not None:
            pinned[item.span.source] = pinned.get(item.span.source, 0) + 1
    for source in sorted(context.corpus.sources, key=lambda s: s.id):
        old = lock.source_hash(source.id)
        if old is None or old == source.sha256 or source.id in drifted:
            continue
        count = pinned.get(source.id, 0)
        held = "every quote still at its pinned offsets" if count else "no quote of it was pinned"
        yield Hit(
            kind=Kind.INFORMATIONAL,
            message=(
                f"source {source.id} changed since it was pinned (sha256 {old[:8]}… -> "
                f"{source.sha256[:8]}…); {held}: re-run `claimkit pin`"
            ),
            details={
                "source": source.id,
                "pinned_sha256": old,
                "sha256": source.sha256,
                "pinned_spans": count,
                "drift": None,
            },
            severity=Severity.INFO,
            source=source.id,
        )


@rule("CK0105", "provenance.typographic-match", Severity.INFO)
def typographic_match(context: Context) -> Iterator[Hit]:
    """A quote matched only up to typography.

    People copy quotes through editors that straighten or curl quotation marks, swap dashes,
    rewrap lines or change the Unicode form of accents. claimkit places such a quote where
    the source reads the same once typography is folded, and marks the span as a
    typographic match so that nobody mistakes it for a verbatim one. Copy the source's
    characters to make the match exact.

    Example:
        ```yaml
        # 000.txt: "He said: “We will reopen the border.”"
        claims:
          - id: c1
            action: border.open
            evidence:
              - {source: "000", quote: '"We will reopen the border."'}
        ```

    Fixed:
        ```yaml
        claims:
          - id: c1
            action: border.open
            evidence:
              - {source: "000", quote: "“We will reopen the border.”"}
        ```
    """
    for item in _spans(context):
        span = item.span
        if item.error is not None or span.match is not MatchKind.TYPOGRAPHIC:
            continue
        if span.start is None or span.end is None or span.source is None:
            continue
        held = context.corpus.source(span.source).text[span.start : span.end]
        details = _base(item)
        details.update(start=span.start, end=span.end, text=held, match=span.match.value)
        yield Hit(
            kind=Kind.INFORMATIONAL,
            message=(
                f"claim {item.claim}'s quote {_short(span.quote)} matches source "
                f"{span.source} at {span.start}-{span.end} only up to typography: the source "
                f"reads {_short(held)}"
            ),
            claims=(item.claim,),
            details=details,
        )


@rule("CK0106", "provenance.no-evidence", Severity.ERROR)
def no_evidence(context: Context) -> Iterator[Hit]:
    """A claim with no evidence spans.

    A claim that quotes nothing cannot be traced to any source: nobody can check it, it
    cannot be corroborated, and its date and actors rest on the annotator's word alone.
    Every claim needs at least one span quoting the words that state it.

    Example:
        ```yaml
        claims:
          - id: c1
            action: relations.break
            actors: {parties: [colombia, venezuela]}
            date: "2019"
        ```

    Fixed:
        ```yaml
        claims:
          - id: c1
            action: relations.break
            actors: {parties: [colombia, venezuela]}
            date: "2019"
            evidence:
              - {source: "000", quote: broke off relations with Colombia in 2019}
        ```
    """
    for claim in context.claims_by_id():
        if claim.evidence:
            continue
        yield Hit(
            kind=Kind.FAIL,
            message=f"claim {claim.id} ({claim.action}) has no evidence: it quotes no source",
            claims=(claim.id,),
            details={"claim": claim.id, "action": claim.action},
        )
