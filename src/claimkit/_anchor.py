# Anchoring spans by their quotes.
#
# A span is authored by its quote; this module finds where the quote sits in the source text
# and returns offsets into the text exactly as stored (Python `str` indices, that is Unicode
# code points). The search goes in tiers, each tried only when the one before found nothing:
#
# 1. exact: a `str.find` loop over the source (every occurrence, overlapping ones included);
# 2. typographic: the same search on a *folded* copy of the source (curly/straight quotes,
#    dashes, ellipsis, Unicode spaces, white-space runs, NFC) with an offset map back to the
#    original, so the anchor covers the whole original stretch;
# 3. fuzzy: never places the quote, only names the best candidate in `QuoteNotFoundError`.
#
# Folding works on *units*: a base character with the combining marks that follow it (merged
# with its neighbour when NFC would compose across them, as for Hangul jamo), a run of white
# space, or one invisible character that is dropped. A typographic match must start and end on
# unit boundaries, which is what makes `fold(text[start:end]) == fold(quote)` hold. The folded
# copy of a source is built lazily and cached (`_folded`, an LRU cache keyed on the text), so
# repeated `anchor()` calls on one source fold it once. Nothing here does I/O or holds
# state beyond that cache.
#
# Selectors (`_choose`): `occurrence` counts every occurrence of the tier that matched, in
# source order, so a span saved with its context *and* occurrence anchors again; context
# (prefix/suffix) only disambiguates several occurrences and must agree with `occurrence`.
# "Ambiguous" means the quote is there but the selectors do not pick exactly one.

from __future__ import annotations

import enum
import functools
import unicodedata
from bisect import bisect_left
from collections.abc import Sequence

import attrs
from rapidfuzz import fuzz

from claimkit.errors import (
    AmbiguousQuoteError,
    AnchorError,
    OffsetMismatchError,
    QuoteNotFoundError,
)

__all__ = [
    "Anchor",
    "MatchKind",
    "anchor",
    "best_candidate",
    "context",
    "find_all",
    "find_typographic",
    "fold",
]

#: Fuzzy candidates scoring below this (0-100) are not worth showing.
FUZZY_CUTOFF = 50.0

#: Characters removed by folding (unless a combining mark follows, which keeps folding
#: idempotent): soft hyphen, zero-width space, word joiner, byte order mark.
_DROPPED = "\u00ad\u200b\u2060\ufeff"

_SINGLE_QUOTES = "\u2018\u2019\u201a\u201b\u2032\u2039\u203a\u02bc\u00b4`\uff07"
_DOUBLE_QUOTES = "\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb\u301d\u301e\uff02"
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2043\u2212\u2e3a\u2e3b\ufe58\ufe63\uff0d"
_ELLIPSES = "\u2026\u22ef"


def _translation() -> dict[str, str]:
    table: dict[str, str] = {}
    table.update(dict.fromkeys(_SINGLE_QUOTES, "'"))
    table.update(dict.fromkeys(_DOUBLE_QUOTES, '"'))
    table.update(dict.fromkeys(_DASHES, "-"))
    table.update(dict.fromkeys(_ELLIPSES, "..."))
    return table


_TRANSLATION = _translation()
_INVISIBLE = dict.fromkeys(map(ord, _DROPPED))

#: Characters at or above this may be combining marks or may compose under NFC.
_FIRST_MARK = "\u0300"


class MatchKind(enum.Enum):
    """How an anchor was found in its source."""

    EXACT = "exact"
    """The quote occurs verbatim."""
    TYPOGRAPHIC = "typographic"
    """The quote occurs up to typography: quotes, dashes, ellipsis, spaces, Unicode form."""
    OFFSETS = "offsets"
    """Offsets were given and the source holds the quote verbatim there."""


def _check_offsets(instance: Anchor, attribute: attrs.Attribute[int], value: int) -> None:
    if not 0 <= instance.start <= instance.end:
        msg = f"anchor offsets must satisfy 0 <= start <= end, got {instance.start}-{instance.end}"
        raise ValueError(msg)


@attrs.frozen
class Anchor:
    """Where a quote sits in its source.

    Attributes:
        start: Offset of the first code point of the matched stretch.
        end: Offset just past its last code point; `text[start:end]` is the stretch.
        kind: How the stretch was found.
        score: Similarity of the stretch to the quote, from 0 to 100 (100 for every kind
            that places a quote).

    Examples:
        >>> a = anchor("Relations broke in 2019.", "broke")
        >>> a.start, a.end, a.kind
        (10, 15, <MatchKind.EXACT: 'exact'>)
    """

    start: int
    end: int = attrs.field(validator=_check_offsets)
    kind: MatchKind
    score: float = 100.0

    def quote(self, text: str) -> str:
        """Return the matched stretch of `text`, the source this anchor was found in."""
        return text[self.start : self.end]

    def context(self, text: str, width: int = 32) -> tuple[str, str]:
        """Return up to `width` code points before and after the stretch, as [`context`][] does."""
        return context(text, self.start, self.end, width)


# ---------------------------------------------------------------------------------------------
# Folding


@attrs.frozen
class _Folded:
    """A folded copy of a text and, per folded character, the original unit it came from."""

    text: str
    starts: Sequence[int]
    ends: Sequence[int]

    def is_boundary(self, index: int) -> bool:
        """Whether folded `index` starts a unit (the end of the folded text counts)."""
        return index in (0, len(self.text)) or self.starts[index] != self.starts[index - 1]

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a non-empty folded range to the original range its units cover."""
        return self.starts[start], self.ends[end - 1]

    def from_original(self, offset: int) -> int:
        """Map an original offset to the first folded character at or after it."""
        return bisect_left(self.starts, offset)


def _nfc(text: str) -> str:
    return text if text.isascii() else unicodedata.normalize("NFC", text)


def _fold_with_map(text: str) -> _Folded:
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    in_space = False
    # The previous regular unit (start, text): NFC may compose across the unit boundary, as
    # with Hangul jamo, and across dropped characters, so such units are merged.
    previous: tuple[int, str] | None = None
    length = len(text)
    i = 0
    while i < length:
        first = text[i]
        j = i + 1
        while j < length and text[j] >= _FIRST_MARK and unicodedata.combining(text[j]):
            j += 1
        if j == i + 1 and first.isspace():
            if in_space:
                ends[-1] = j
            else:
                chars.append(" ")
                starts.append(i)
                ends.append(j)
                in_space = True
            previous = None
            i = j
            continue
        if j == i + 1 and first in _DROPPED:
            i = j
            continue
        start, unit = i, text[i:j]
        if previous is not None and first >= _FIRST_MARK:
            before_start, before = previous
            if _nfc(before + unit) != _nfc(before) + _nfc(unit):
                while starts and starts[-1] == before_start:
                    chars.pop()
                    starts.pop()
                    ends.pop()
                start, unit = before_start, before + unit
        if unit.isascii():
            chars.append(unit)
            starts.append(start)
            ends.append(j)
        else:
            for char in _nfc(unit):
                folded = " " if char.isspace() else _TRANSLATION.get(char, char)
                for piece in folded:
                    chars.append(piece)
                    starts.append(start)
                    ends.append(j)
        in_space = False
        previous = start, unit
        i = j
    return _Folded("".join(chars), tuple(starts), tuple(ends))


@functools.lru_cache(maxsize=32)
def _folded(text: str) -> _Folded:
    return _fold_with_map(text)


def fold(text: str) -> str:
    """Fold typography so that texts that read the same compare equal.

    Folding composes characters (Unicode NFC), turns curly and angle quotes into `'` and `"`,
    dashes and minus signs into `-`, an ellipsis into `...`, every run of white space
    (newlines, no-break and other Unicode spaces included) into one space, and drops soft
    hyphens, zero-width spaces, word joiners and byte order marks. Case and letters are kept.

    Examples:
        >>> fold("“Iván” – 2019…")
        '"Iván" - 2019...'
    """
    return _fold_with_map(text).text


# ---------------------------------------------------------------------------------------------
# Searching


def _find_folded(folded: str, needle: str) -> list[int]:
    found: list[int] = []
    index = folded.find(needle)
    while index != -1:
        found.append(index)
        index = folded.find(needle, index + 1)
    return found


def find_all(text: str, quote: str) -> list[tuple[int, int]]:
    """Return the `(start, end)` offsets of every exact occurrence of `quote` in `text`.

    Overlapping occurrences are all returned, in order.

    Raises:
        AnchorError: If `quote` is empty.

    Examples:
        >>> find_all("abab ab", "ab")
        [(0, 2), (2, 4), (5, 7)]
    """
    if not quote:
        raise AnchorError("quote is empty")
    size = len(quote)
    return [(index, index + size) for index in _find_folded(text, quote)]


def _typographic(text: str, quote: str) -> tuple[_Folded, list[tuple[int, int]]] | None:
    """Search `text` folded for `quote` folded: the folded source and the folded ranges."""
    needle = _fold_with_map(quote).text
    if not needle.strip():
        return None
    folded = _folded(text)
    size = len(needle)
    ranges = [
        (index, index + size)
        for index in _find_folded(folded.text, needle)
        if folded.is_boundary(index) and folded.is_boundary(index + size)
    ]
    return folded, ranges


def find_typographic(text: str, quote: str) -> list[tuple[int, int]]:
    """Return the offsets of every stretch of `text` that folds to what `quote` folds to.

    See [`fold`][] for what folding ignores. Each `(start, end)` covers whole characters with
    their combining marks and whole runs of white space, so
    `fold(text[start:end]) == fold(quote)`.

    Examples:
        >>> find_typographic("He said “no”.", '"no"')
        [(8, 12)]
    """
    found = _typographic(text, quote)
    if found is None:
        return []
    folded, ranges = found
    return [folded.to_original(start, end) for start, end in ranges]


def _fold_lower(text: str) -> str:
    # Lower case, one code point for one, so that fuzzy alignments keep their offsets.
    return "".join(low if len(low := char.lower()) == 1 else char for char in text)


def best_candidate(text: str, quote: str) -> tuple[int, int, float] | None:
    """Return the stretch of `text` most similar to `quote`, as `(start, end, score)`.

    Both are folded (see [`fold`][]) and lower-cased; the score is rapidfuzz's partial ratio,
    from 0 to 100. Offsets are in the original `text`, trimmed of white space at the edges
    and widened to whole words.

    Returns:
        The best stretch, or `None` if `text` is empty or nothing scores at least 50.

    Examples:
        >>> best_candidate("In 2019 relations were broken off.", "relations were brokn")
        (8, 29, 95.0)
    """
    if not text or not quote:
        return None
    folded = _folded(text)
    needle = _fold_lower(_fold_with_map(quote).text)
    haystack = _fold_lower(folded.text)
    if not needle.strip() or not haystack:
        return None
    alignment = fuzz.partial_ratio_alignment(needle, haystack, score_cutoff=FUZZY_CUTOFF)
    if alignment is None or alignment.dest_end <= alignment.dest_start:
        return None
    start, end = folded.to_original(alignment.dest_start, alignment.dest_end)
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    # Alignments may cut a word; widen to whole words, which read better in a message.
    while 0 < start < end and text[start - 1].isalnum() and text[start].isalnum():
        start -= 1
    while start < end < len(text) and text[end - 1].isalnum() and text[end].isalnum():
        end += 1
    if start == end:
        return None
    return start, end, float(alignment.score)


def context(text: str, start: int, end: int, width: int = 32) -> tuple[str, str]:
    """Return the `width` code points before `start` and after `end`, like a W3C selector.

    The pair is the `prefix` and `suffix` of a W3C Web Annotation `TextQuoteSelector`; each is
    shorter near the edges of `text`.

    Examples:
        >>> context("Relations broke in 2019.", 10, 15, width=6)
        ('tions ', ' in 20')
    """
    return text[max(0, start - width) : start], text[end : end + width]


# ---------------------------------------------------------------------------------------------
# Anchoring


def _show(text: str, limit: int = 60) -> str:
    flat = " ".join(text.split())
    if len(flat) > limit:
        flat = flat[: limit - 1] + "…"
    return f'"{flat}"'


def _in_context(text: str, start: int, end: int) -> str:
    before, after = context(text, start, end, 16)
    return _show(f"{before}[{text[start:end]}]{after}", 80)


def _span(start: int, end: int) -> str:
    return f"{start}-{end}"


def _where(text: str, quote: str, typographic: bool) -> str:
    """Say where `quote` is in `text`, for a message about offsets that do not hold it."""
    exact = find_all(text, quote)
    if not exact and typographic:
        exact = find_typographic(text, quote)
    if exact:
        shown = ", ".join(_span(*pair) for pair in exact[:5])
        more = f" and {len(exact) - 5} more" if len(exact) > 5 else ""
        return f"the quote is at {shown}{more}"
    candidate = best_candidate(text, quote)
    if candidate is None:
        return "the quote is not in the source"
    start, end, score = candidate
    return (
        f"the quote is not in the source; best candidate at {_span(start, end)} "
        f"(score {score:.1f}): {_show(text[start:end])}"
    )


def _verify(text: str, quote: str, start: int, end: int, *, typographic: bool) -> Anchor:
    if not 0 <= start <= end <= len(text):
        msg = (
            f"offsets {_span(start, end)} are outside the source (length {len(text)}); "
            f"{_where(text, quote, typographic)}"
        )
        raise OffsetMismatchError(msg)
    held = text[start:end]
    if held == quote:
        return Anchor(start, end, MatchKind.OFFSETS)
    if typographic and fold(held) == fold(quote):
        return Anchor(start, end, MatchKind.TYPOGRAPHIC)
    msg = (
        f"offsets {_span(start, end)} hold {_show(held)}, not the quote; "
        f"{_where(text, quote, typographic)}"
    )
    raise OffsetMismatchError(msg)


def _fits(
    text: str,
    start: int,
    end: int,
    prefix: str | None,
    suffix: str | None,
    typographic: bool,
) -> bool:
    """Whether the context of `text[start:end]` ends with `prefix` and starts with `suffix`."""
    if (prefix is None or text.endswith(prefix, 0, start)) and (
        suffix is None or text.startswith(suffix, end)
    ):
        return True
    if not typographic:
        return False
    folded = _folded(text)
    low, high = folded.from_original(start), folded.from_original(end)
    return (prefix is None or folded.text.endswith(fold(prefix), 0, low)) and (
        suffix is None or folded.text.startswith(fold(suffix), high)
    )


def _choose(
    text: str,
    candidates: list[tuple[int, int]],
    *,
    prefix: str | None,
    suffix: str | None,
    occurrence: int | None,
    start: int | None,
    end: int | None,
    typographic: bool,
) -> tuple[int, int]:
    """Pick the one candidate the selectors point at, or raise `AmbiguousQuoteError`."""
    if len(candidates) == 1 and start is None and end is None and occurrence in (None, 1):
        return candidates[0]
    count = len(candidates)
    with_context = prefix is not None or suffix is not None
    remaining = candidates
    if start is not None or end is not None:
        remaining = [
            (a, b)
            for a, b in remaining
            if (start is None or a == start) and (end is None or b == end)
        ]
        if not remaining:
            given = f"start {start}" if end is None else f"end {end}"
            head = f"no occurrence of the quote has {given}"
            raise _ambiguous(text, head, candidates)
    if occurrence is not None:
        if occurrence > count:
            head = f"occurrence {occurrence} was asked for but the quote occurs {count} time(s)"
            raise _ambiguous(text, head, candidates)
        chosen = candidates[occurrence - 1]
        if chosen not in remaining:
            head = f"occurrence {occurrence} is at {_span(*chosen)}, not at the given offset"
            raise _ambiguous(text, head, remaining)
        if count > 1 and with_context and not _fits(text, *chosen, prefix, suffix, typographic):
            fitting = [
                pair for pair in candidates if _fits(text, *pair, prefix, suffix, typographic)
            ]
            head = (
                f"occurrence {occurrence} of the quote, at {_span(*chosen)}, does not have "
                f"the given prefix/suffix; {len(fitting)} occurrence(s) have it"
            )
            raise _ambiguous(text, head, fitting or candidates)
        return chosen
    if len(remaining) > 1 and with_context:
        fitting = [pair for pair in remaining if _fits(text, *pair, prefix, suffix, typographic)]
        if not fitting:
            head = f"the quote occurs {count} times but none has the given prefix/suffix"
            raise _ambiguous(text, head, remaining)
        if len(fitting) > 1:
            head = f"the quote occurs {count} times, {len(fitting)} with the given prefix/suffix"
            raise _ambiguous(text, head, fitting)
        remaining = fitting
    if len(remaining) == 1:
        return remaining[0]
    raise _ambiguous(text, f"the quote occurs {count} times", remaining)


def _ambiguous(text: str, head: str, listed: list[tuple[int, int]]) -> AmbiguousQuoteError:
    shown = "; ".join(f"{_span(a, b)} {_in_context(text, a, b)}" for a, b in listed[:10])
    more = f"; and {len(listed) - 10} more" if len(listed) > 10 else ""
    msg = (
        f"{head}: {shown}{more}; settle it with prefix=..., suffix=... "
        "(the text just before or after) or occurrence=N (1 for the first in the source)"
    )
    return AmbiguousQuoteError(msg, candidates=listed)


def _blank(quote: str) -> bool:
    """Whether `quote` holds nothing but white space and invisible characters."""
    stripped = quote.strip()
    return not stripped or (not stripped.isascii() and not stripped.translate(_INVISIBLE).strip())


def find_once(text: str, quote: str) -> int:
    """Where `quote` starts in `text` when it occurs there verbatim exactly once, else -1.

    A quote found this way is what [`anchor`][] places without selectors (or with
    `occurrence=1`): its caller may skip `anchor` then. A blank quote is never found.
    """
    if _blank(quote):
        return -1
    first = text.find(quote)
    if first == -1 or text.find(quote, first + 1) != -1:
        return -1
    return first


def anchor(
    text: str,
    quote: str,
    *,
    prefix: str | None = None,
    suffix: str | None = None,
    occurrence: int | None = None,
    start: int | None = None,
    end: int | None = None,
    typographic: bool = True,
) -> Anchor:
    """Find where `quote` sits in `text`, the source exactly as stored.

    With both `start` and `end`, the offsets are checked: `text[start:end]` must be the quote
    (kind `OFFSETS`) or fold to the same text (kind `TYPOGRAPHIC`). Otherwise every exact
    occurrence is found; if there is none and `typographic` is true, every stretch that folds
    to the same text as the quote (see [`fold`][]). One occurrence is the anchor. Among
    several, `occurrence` picks the n-th in the source (counting from 1); without it, the one
    whose preceding text ends with `prefix` and whose following text starts with `suffix`
    (compared verbatim, then folded) is the anchor. When both are given they must agree.
    Context only disambiguates: a quote that occurs once is placed whatever its context. A
    lone `start` or `end` keeps only the occurrence that starts or ends there. A quote is
    never placed by similarity alone.

    Args:
        text: The source text.
        quote: The words to find; must contain more than white space.
        prefix: Text just before the quote, to choose among occurrences.
        suffix: Text just after the quote, to choose among occurrences.
        occurrence: Which occurrence in the source, counting from 1.
        start: The expected start offset.
        end: The expected end offset.
        typographic: Whether to accept a match up to typography.

    Returns:
        The anchor; `text[anchor.start:anchor.end]` is the matched stretch of the source.

    Raises:
        AnchorError: If the quote is empty or blank (white space and invisible characters
            only), or `occurrence` is below 1.
        OffsetMismatchError: If `start` and `end` are outside the text or do not hold the quote.
        AmbiguousQuoteError: If the quote occurs but the selectors do not pick exactly one
            occurrence.
        QuoteNotFoundError: If the quote does not occur; it names the most similar stretch.

    Examples:
        >>> text = "“We have to start working,” he said. We have to start."
        >>> anchor(text, '"We have to start working,"').kind
        <MatchKind.TYPOGRAPHIC: 'typographic'>
        >>> anchor(text, "We have to start", occurrence=2).start
        37
    """
    if _blank(quote):
        raise AnchorError(f"quote must contain more than white space, got {quote!r}")
    if occurrence is not None and occurrence < 1:
        raise AnchorError(f"occurrence counts from 1, got {occurrence}")
    if start is not None and end is not None:
        return _verify(text, quote, start, end, typographic=typographic)
    # Fast path, the common case: a quote that occurs verbatim exactly once (one `find`, and a
    # second one from the next code point that fails) with no selector that could refuse it
    # is the anchor, as `_choose` would decide; a miss skips the exact search below.
    first = text.find(quote)
    if first == -1:
        exact: list[tuple[int, int]] = []
    elif text.find(quote, first + 1) == -1 and start is None and end is None:
        if occurrence is None or occurrence == 1:
            return Anchor(first, first + len(quote), MatchKind.EXACT)
        exact = [(first, first + len(quote))]
    else:
        exact = find_all(text, quote)
    choose = functools.partial(
        _choose,
        text,
        prefix=prefix,
        suffix=suffix,
        occurrence=occurrence,
        start=start,
        end=end,
        typographic=typographic,
    )
    if exact:
        return Anchor(*choose(exact), MatchKind.EXACT)
    if typographic:
        found = _typographic(text, quote)
        if found is not None and found[1]:
            folded, ranges = found
            candidates = [folded.to_original(a, b) for a, b in ranges]
            return Anchor(*choose(candidates), MatchKind.TYPOGRAPHIC)
    candidate = best_candidate(text, quote)
    if candidate is None:
        raise QuoteNotFoundError("quote not found in source; nothing in it is similar")
    low, high, score = candidate
    shown = text[low:high]
    raise QuoteNotFoundError(
        f"quote not found in source; best candidate at {_span(low, high)} "
        f"(score {score:.1f}): {_show(shown)}",
        candidate=shown,
        candidate_start=low,
        candidate_end=high,
        score=score,
    )
