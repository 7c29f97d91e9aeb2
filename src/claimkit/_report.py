# Stage 5 of the pipeline: the report.
#
# `Report` holds the sorted findings, the rules that ran and a summary that counts every
# claim and source it was given. `to_json` is the stable, versioned JSON format
# (docs/reference/json-report.md); `render_text` is what a person reads in a terminal:
# a summary line, then agreements, conflicts and gaps, each with the quotes that support it.
# Other formats (SARIF, JUnit XML, GitHub annotations) live in `_formats`.

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from claimkit._findings import Finding, Kind, Severity, _DetailsMark, _float_written_alike
from claimkit._gc import paused_gc
from claimkit._model import Corpus

if TYPE_CHECKING:
    from claimkit._infer import SourceDate
    from claimkit._rules._registry import Rule

__all__ = ["REPORT_VERSION", "Report", "dumps_indented", "iter_text", "render_text"]

# The C string encoder json.dumps uses with ensure_ascii=False (private to json, but public
# as json.encoder.encode_basestring since Python 2.6).
_encode_string = json.encoder.encode_basestring

REPORT_VERSION = 1


@attrs.frozen(kw_only=True)
class DatedSource:
    """A source's publication date as the check used it.

    Attributes:
        source: The source id.
        date: The EDTF value, or `None` when nothing could be said.
        inferred: Whether claimkit inferred it from the text.
        reasons: The steps of the inference, in order.
    """

    source: str
    date: str | None
    inferred: bool
    reasons: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class Report(_DetailsMark):
    """The outcome of a check: findings in a deterministic order, and a summary.

    Attributes:
        findings: Every finding, suppressed ones included, sorted.
        rules: The rules that ran, sorted by code.
        claims: How many claims were checked.
        sources: How many sources the corpus holds.
        sources_dated: The publication date of every source, known or inferred.
        fail_on: The lowest severity that fails the check.
        baselined: How many findings a baseline left out.
    """

    findings: tuple[Finding, ...]
    rules: tuple[Rule, ...] = attrs.field(eq=False, repr=False)
    claims: int
    sources: int
    sources_dated: tuple[DatedSource, ...] = ()
    fail_on: Severity = Severity.ERROR
    baselined: int = 0

    @classmethod
    def build(
        cls,
        *,
        corpus: Corpus,
        findings: Sequence[Finding],
        rules: Sequence[Rule],
        source_dates: Mapping[str, SourceDate],
        fail_on: Severity,
    ) -> Report:
        """Assemble a report from a check's parts."""
        dated = tuple(
            DatedSource(
                source=ident,
                date=None if item.value is None else str(item.value),
                inferred=item.inferred,
                reasons=tuple(step.detail for step in item.trace),
            )
            for ident, item in sorted(source_dates.items())
        )
        return cls(
            findings=tuple(findings),
            rules=tuple(sorted(rules, key=lambda r: r.code)),
            claims=len(corpus.claims),
            sources=len(corpus.sources),
            sources_dated=dated,
            fail_on=fail_on,
        )

    # `_details_alike`, set by the engine: every finding's details were frozen from a hit and
    # hold no float that orjson writes otherwise than `json`, so the writer need not walk
    # them to know (the walk was a third of the time of writing a large report). The slot
    # is outside the fields: `attrs.evolve`, copies and pickles drop it, and the writer
    # then walks the details as before. Details are facts, read and not edited; a report
    # whose findings' details are edited in place should be rebuilt (`attrs.evolve`).

    def _mark_details_alike(self) -> None:
        object.__setattr__(self, "_details_alike", True)

    def _keeping_marks(self, other: Report) -> Report:
        """`other`, a report with some of these findings, marked as this one is."""
        if getattr(self, "_details_alike", False):
            other._mark_details_alike()
        return other

    def failing(self, fail_on: Severity | None = None) -> tuple[Finding, ...]:
        """Unsuppressed findings at or above `fail_on` (default: the report's)."""
        level = (fail_on or self.fail_on).rank
        return tuple(
            f
            for f in self.findings
            if f.suppressed is None and f.severity.rank >= level and f.kind is not Kind.PASS
        )

    def failed(self, fail_on: Severity | None = None) -> bool:
        """Whether any unsuppressed finding is at or above `fail_on`."""
        return bool(self.failing(fail_on))

    def by_kind(self, kind: Kind) -> tuple[Finding, ...]:
        """The findings of one kind (agreements, conflicts, gaps or notices)."""
        return tuple(f for f in self.findings if f.kind is kind)

    @property
    def summary(self) -> dict[str, Any]:
        """Counts of claims, sources and findings by severity and kind."""
        active = [f for f in self.findings if f.suppressed is None]
        severities = Counter(f.severity.value for f in active)
        kinds = Counter(f.kind.value for f in active)
        return {
            "claims": self.claims,
            "sources": self.sources,
            "findings": len(active),
            "suppressed": len(self.findings) - len(active),
            "baselined": self.baselined,
            "by_severity": {s.value: severities.get(s.value, 0) for s in Severity},
            "by_kind": {k.value: kinds.get(k.value, 0) for k in Kind},
            "failed": self.failed(),
            "fail_on": self.fail_on.value,
        }

    def as_dict(self) -> dict[str, Any]:
        """The JSON report as data: format, version, summary, sources and findings."""
        return {
            **self.as_dict_without_findings(),
            "findings": [f.as_dict() for f in self.findings],
        }

    def as_dict_without_findings(self) -> dict[str, Any]:
        """`as_dict` but for its `findings`: format, version, summary and sources."""
        return {
            "format": "claimkit-report",
            "version": REPORT_VERSION,
            "summary": self.summary,
            "sources": [attrs.asdict(item) for item in self.sources_dated],
        }

    def to_json(self) -> str:
        """The JSON report: sorted keys, two-space indent, a final newline; byte-stable."""
        return "".join(self.iter_json())

    def iter_json(self) -> Iterator[str]:
        """The text of `to_json`, in pieces of a few hundred findings each.

        Writing the pieces one after the other (`claimkit check --format json` does) never
        holds the whole text, which runs to gigabytes for a million claims.
        """
        with paused_gc():
            data = self.as_dict_without_findings()
            if not self.findings:
                yield dumps_indented({**data, "findings": []}) + "\n"
                return
            # The findings are written a chunk at a time, so the data of every finding never
            # exists at once. `findings` sorts before every other key, so it comes first.
            yield '{\n  "findings": [\n    '
            locations: dict[int, tuple[dict[str, Any], str]] = {}
            findings = self.findings
            alike = getattr(self, "_details_alike", False)
            for start in range(0, len(findings), _CHUNK):
                if start:
                    yield ",\n    "
                chunk = [
                    _finding_data(finding, locations)
                    for finding in findings[start : start + _CHUNK]
                ]
                yield _dumps_findings(chunk, alike)
            yield "\n  ]," + dumps_indented(data)[1:] + "\n"


# How many findings `to_json` writes at a time.
_CHUNK = 512
# What orjson writes around the findings of `{"findings": [...]}`, indented as in the report.
_HEAD = b'{\n  "findings": [\n    '
_TAIL = b"\n  ]\n}"


def _dumps_findings(items: list[dict[str, Any]], alike: bool = False) -> str:
    """The findings `items` as the report's `findings` list writes them, without the brackets:
    each indented by four spaces, separated by `",\n    "`.

    `alike`: the details are known to be written by orjson as by `json` (or refused).
    """
    if alike or all(_orjson_writes_alike(item["details"]) for item in items):
        # Fast path: one orjson call for the whole chunk, written inside `{"findings": ...}`
        # so that every line is already indented as in the report.
        text = _orjson_inside({"findings": items}, _HEAD, _TAIL)
        if text is not None:
            return text
    # Everything but a finding's details is strings, integers and None.
    return ",\n    ".join(
        _dumps_data(item, (item["details"],)).replace("\n", "\n    ") for item in items
    )


def _orjson_inside(wrapped: Any, head: bytes, tail: bytes, *, sort_keys: bool = True) -> str | None:
    """orjson's indented text of `wrapped` between `head` and `tail`, or `None`.

    Writers of large documents put a chunk of a list inside a wrapper of the keys it stands
    under, so that orjson indents it as in the whole document, and cut the wrapper's `head`
    and `tail` away. `None` when orjson is not installed, refuses the data (an integer past
    64 bits, a lone surrogate) or does not write the wrapper as expected: the caller then
    writes the chunk the slow way.
    """
    orjson: Any = _orjson  # `None` without the `fast` extra (or in the tests that say so)
    if orjson is None:
        return None
    options = _ORJSON_OPTIONS if sort_keys else orjson.OPT_INDENT_2
    try:
        raw = orjson.dumps(wrapped, option=options)
    except orjson.JSONEncodeError:
        return None
    if not (raw.startswith(head) and raw.endswith(tail)):
        return None
    return str(memoryview(raw)[len(head) : len(raw) - len(tail)], "utf-8")


def _finding_data(
    finding: Finding, locations: dict[int, tuple[dict[str, Any], str]]
) -> dict[str, Any]:
    """`finding.as_dict()`, with the data and fingerprint part of each location built once
    per report.

    The engine gives every finding of a claim the same location objects, so `locations`
    (by `id`, the findings keep them alive) saves building them again; the report only
    reads them.
    """
    found = []
    parts = []
    for location in finding.locations:
        known = locations.get(id(location))
        if known is None:
            known = locations[id(location)] = (location.as_dict(), location._fingerprint_part())
        found.append(known[0])
        parts.append(known[1])
    return finding.as_dict_with(found, finding._fingerprint_with(parts))


class _Unexpected(TypeError):
    """A value `dumps_indented` leaves to `json.dumps`."""


def dumps_indented(value: Any) -> str:
    """`json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False)`, byte for byte, faster.

    With `indent`, the standard library runs its pure-Python encoder (a generator per level);
    this one appends to one list and encodes strings with the C `encode_basestring`, about
    twice as fast on a large report. Anything it does not handle the same way (a key that
    is not a string, a value that is not JSON data) goes to `json.dumps` itself. With the
    `fast` extra (orjson) installed, plain JSON data that orjson writes the same way (see
    `_orjson_writes_alike`) is written by orjson, several times faster again.
    """
    return _dumps_data(value, (value,))


def _dumps_data(value: Any, unknown: Iterable[Any]) -> str:
    """`dumps_indented(value)`, where only the parts `unknown` of `value` may hold anything but
    strings, integers, booleans, `None`, lists and tuples of them, and dicts keyed by strings."""
    if _orjson is not None and all(_orjson_writes_alike(part) for part in unknown):
        try:
            return _orjson.dumps(value, option=_ORJSON_OPTIONS).decode("utf-8")
        except _orjson.JSONEncodeError:  # an integer past 64 bits, a lone surrogate
            pass
    return _dumps_indented(value)


try:  # the `fast` extra
    import orjson as _orjson

    _ORJSON_OPTIONS = _orjson.OPT_INDENT_2 | _orjson.OPT_SORT_KEYS
except ImportError:  # pragma: no cover - depends on the environment
    _orjson = None  # type: ignore[assignment]


def _orjson_writes_alike(value: Any) -> bool:
    """Whether orjson writes `value` as `json.dumps` does (or refuses it).

    Both write two-space indents, `": "` and `","`, keys sorted by code point (UTF-8 order is
    code point order) and the same string escapes. They differ on floats below 1e-4, which
    orjson writes without an exponent, and on NaN and infinities, which it writes as `null`;
    on keys that are not strings and on any type but the exact JSON ones, orjson writes
    what `json` refuses or writes otherwise. Integers past 64 bits and lone surrogates make
    orjson raise, and the caller falls back.
    """
    kind = type(value)
    if kind is str or kind is int or kind is bool or value is None:
        return True
    if kind is dict:
        for key, item in value.items():
            if type(key) is not str:
                return False
            # Fast path: strings and integers, the most common values, need no call.
            if type(item) is not str and type(item) is not int and not _orjson_writes_alike(item):
                return False
        return True
    if kind is list or kind is tuple:
        for item in value:
            if type(item) is not str and type(item) is not int and not _orjson_writes_alike(item):
                return False
        return True
    if kind is float:
        return _float_written_alike(value)
    return False


def _dumps_indented(value: Any) -> str:
    chunks: list[str] = []
    append = chunks.append
    quote = _encode_string

    def scalar(item: Any) -> str:
        if isinstance(item, str):
            return quote(item)
        if item is None:
            return "null"
        if item is True:
            return "true"
        if item is False:
            return "false"
        if isinstance(item, int):
            return int.__repr__(item)
        if isinstance(item, float):
            if math.isfinite(item):
                return float.__repr__(item)
            return "NaN" if item != item else "Infinity" if item > 0 else "-Infinity"
        raise _Unexpected

    def encode(item: Any, indent: str) -> None:
        if isinstance(item, (list, tuple)):
            if not item:
                append("[]")
                return
            inner = indent + "  "
            separator = "," + inner
            append("[" + inner)
            for number, element in enumerate(item):
                if number:
                    append(separator)
                if isinstance(element, (list, tuple, dict)):
                    encode(element, inner)
                else:
                    append(scalar(element))
            append(indent + "]")
        elif isinstance(item, dict):
            if not item:
                append("{}")
                return
            if not all(isinstance(key, str) for key in item):
                raise _Unexpected
            inner = indent + "  "
            separator = "," + inner
            append("{" + inner)
            for number, key in enumerate(sorted(item)):
                element = item[key]
                head = quote(key) + ": "
                if number:
                    head = separator + head
                if isinstance(element, (list, tuple, dict)):
                    append(head)
                    encode(element, inner)
                else:
                    append(head + scalar(element))
            append(indent + "}")
        else:
            append(scalar(item))

    try:
        encode(value, "\n")
    except _Unexpected:
        return json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False)
    return "".join(chunks)


_HEADINGS = (
    (Kind.FAIL, "Conflicts"),
    (Kind.REVIEW, "To review"),
    (Kind.PASS, "Agreements"),
    (Kind.INFORMATIONAL, "Notices"),
)
_COLOURS = {"error": "31", "warning": "33", "info": "36", "pass": "32", "dim": "2", "bold": "1"}


def _paint(text: str, style: str, colour: bool) -> str:
    return f"\x1b[{_COLOURS[style]}m{text}\x1b[0m" if colour else text


def render_text(report: Report, *, colour: bool = False, verbose: bool = False) -> str:
    """The report as text for a terminal: a summary line, then findings grouped by kind.

    Each finding shows its code, rule and message, then the claims it rests on with their
    file, line and quote. Notices are listed only when `verbose` (their count is always in
    the summary); `colour` adds ANSI colours.
    """
    return "".join(iter_text(report, colour=colour, verbose=verbose))


def iter_text(report: Report, *, colour: bool = False, verbose: bool = False) -> Iterator[str]:
    """The text of `render_text`, a few thousand lines at a time (the CLI writes it so)."""
    lines: list[str] = []
    for line in _text_lines(report, colour=colour, verbose=verbose):
        lines.append(line)
        if len(lines) == _TEXT_CHUNK:
            yield "\n".join(lines) + "\n"
            lines = []
    if lines:
        yield "\n".join(lines) + "\n"


_TEXT_CHUNK = 4096


def _text_lines(report: Report, *, colour: bool, verbose: bool) -> Iterator[str]:
    summary = report.summary
    kinds = summary["by_kind"]
    yield _paint(
        f"claimkit: {summary['claims']} claims in {summary['sources']} sources: "
        f"{kinds['fail']} conflicts, {kinds['review']} to review, "
        f"{kinds['pass']} agreements, {kinds['informational']} notices"
        + (f", {summary['suppressed']} suppressed" if summary["suppressed"] else ""),
        "bold",
        colour,
    )
    for kind, heading in _HEADINGS:
        items = [f for f in report.by_kind(kind) if f.suppressed is None]
        if not items or (kind is Kind.INFORMATIONAL and not verbose):
            continue
        yield ""
        yield _paint(f"{heading} ({len(items)})", "bold", colour)
        for finding in items:
            style = "pass" if kind is Kind.PASS else finding.severity.value
            label = _paint(f"{finding.severity.value:<7}", style, colour)
            yield f"  {label} {finding.code} {finding.rule}: {finding.message}"
            seen: set[tuple[str, str | None]] = set()
            for loc in finding.locations:
                if (loc.claim, loc.quote) in seen:
                    continue
                seen.add((loc.claim, loc.quote))
                where = loc.file or "?"
                if loc.line is not None:
                    where += f":{loc.line}"
                if loc.claim:
                    what = loc.claim + (f' "{loc.quote}"' if loc.quote else "")
                else:
                    what = f"(source {loc.source})" if loc.source else ""
                yield _paint(f"      {where} {what}".rstrip(), "dim", colour)
    suppressed = [f for f in report.findings if f.suppressed is not None]
    if suppressed and verbose:
        yield ""
        yield _paint(f"Suppressed ({len(suppressed)})", "bold", colour)
        for f in suppressed:
            yield f"  {f.code} {f.rule}: {f.message} (reason: {f.suppressed})"
    if report.sources_dated and verbose:
        yield ""
        yield _paint("Publication dates", "bold", colour)
        for item in report.sources_dated:
            how = "inferred" if item.inferred else "known"
            yield f"  {item.source}: {item.date or 'unknown'} ({how})"
    verdict = "FAILED" if report.failed() else "passed"
    yield ""
    yield f"check {verdict} (fail-on: {report.fail_on.value})"
