# Findings: what rules say about a corpus, as plain data.
#
# A rule yields `Hit`s (a kind, a message, the claims, details); the engine stamps each with
# its rule's code, name and severity, adds the claims' locations and quotes, applies
# suppressions, and sorts. A `Finding` never holds model objects, only ids and strings, so it
# serialises as is and compares cheaply. The fingerprint used by baselines hashes the rule,
# the claims and their quotes, never line numbers, so it survives unrelated edits.

from __future__ import annotations

import enum
import hashlib
import json
import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs

__all__ = ["Finding", "FindingLocation", "Hit", "Kind", "Severity"]


class Severity(enum.Enum):
    """How much a finding matters; `--fail-on` compares against it."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """2 for errors, 1 for warnings, 0 for notices."""
        return _RANKS[self._value_]


_RANKS = {"error": 2, "warning": 1, "info": 0}


class Kind(enum.Enum):
    """What a finding is, in SARIF's vocabulary of result kinds."""

    FAIL = "fail"
    """A conflict: claims that cannot all hold."""
    PASS = "pass"
    """An agreement: sources that corroborate each other."""
    REVIEW = "review"
    """A gap a person should look at, not a contradiction."""
    INFORMATIONAL = "informational"
    """A notice, such as an inferred publication date."""


def _ids(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(items)


def _freeze_details(details: Mapping[str, Any]) -> dict[str, Any]:
    """The copy of `details` a hit keeps (see `_freeze`)."""
    return _freeze(details)[0]


def _freeze(details: Mapping[str, Any]) -> tuple[dict[str, Any], bool]:
    """The copy of `details` a hit keeps, and whether orjson writes it as `json` does.

    Details must serialise to JSON; sorting keys here keeps every output byte-stable. The
    copy is what `json.loads(json.dumps(details, sort_keys=True, default=str))` gives,
    without writing the text out (tests/test_findings.py checks the two agree). Such a copy
    holds only string keys and values of the exact JSON types, so orjson writes it as
    `json.dumps` does (or refuses it) unless it holds a float the two write differently;
    the walk notes those as it meets them, which saves the JSON report a second walk over
    every finding's details (see `Report._details_alike`).
    """
    if len(_SHARED) > _SHARED_MAX:
        _SHARED.clear()
    odd: list[float] = []
    frozen = _frozen_dict(details if isinstance(details, dict) else dict(details), odd)
    return frozen, not odd


def _float_written_alike(number: float) -> bool:
    """Whether orjson writes `number` as `json.dumps` does.

    orjson writes floats below 1e-4 without an exponent, and NaN and infinities as `null`.
    """
    return 1e-4 <= abs(number) < math.inf or number == 0.0


# Equal strings of the details of findings made one after the other, kept once. Rules build
# their details afresh for every hit, so the same date or range bound ("2019-01-01") is a
# new string in each of thousands of agreements; with a million claims, sharing them saves
# a few hundred bytes per finding held (the fifth of a finding's details). The findings of
# one event or claim come together, so a small table catches nearly every repeat; it is
# emptied when it grows past `_SHARED_MAX`, so it never holds more than a few thousand
# strings. Only exact `str` values go through it: an equal `str` is what the copy must hold
# anyway, so sharing is invisible but for `is`.
_SHARED: dict[str, str] = {}
_SHARED_MAX = 4096


# The types the JSON round trip gives back as they are (exactly these, not subclasses).
_PLAIN = frozenset({str, int, float, bool, type(None)})
# Those the fast paths copy without a call: floats go through `_frozen`, which notes the
# ones orjson writes otherwise, and strings are shared.
_INLINE = frozenset({int, bool, type(None)})


def _frozen(value: Any, odd: list[float]) -> Any:
    """`value` as the JSON round trip gives it back: the same tests in the encoder's order.

    Floats that orjson writes otherwise than `json` are appended to `odd`.
    """
    kind = type(value)
    if kind in _PLAIN:
        if kind is float and not _float_written_alike(value):
            odd.append(value)
        return value
    if kind is dict:
        return _frozen_dict(value, odd)
    if kind is list or kind is tuple:
        return _frozen_list(value, odd)
    if isinstance(value, str):
        return str.__str__(value)
    if isinstance(value, int):
        return int.__index__(value)
    if isinstance(value, float):
        return _frozen(float.__float__(value), odd)
    if isinstance(value, (list, tuple)):
        return [_frozen(item, odd) for item in value]
    if isinstance(value, dict):
        return _frozen_dict(value, odd)
    return str(value)


def _frozen_list(value: list[Any] | tuple[Any, ...], odd: list[float]) -> list[Any]:
    """An exact list or tuple as the JSON round trip gives it back: a list."""
    # Fast path: plain items are copied as they are (strings shared), without a call each.
    # The slice trims the spare room a comprehension leaves (a list of two items holds
    # four): 8 to 24 bytes per list, and findings hold several lists each.
    inline = _INLINE
    share = _SHARED.setdefault
    return [
        share(item, item)
        if type(item) is str
        else item
        if type(item) in inline
        else _frozen(item, odd)
        for item in value
    ][:]


def _frozen_dict(value: dict[Any, Any], odd: list[float]) -> dict[str, Any]:
    """A dict as the JSON round trip gives it back: keys sorted and written as JSON writes them."""
    inline = _INLINE
    share = _SHARED.setdefault
    frozen: dict[str, Any] = {}
    for key in sorted(value):
        item = value[key]
        kind = type(item)
        # Fast paths: a string key and a plain value need no call (strings are shared), and
        # the exact containers go straight to their own copy, without `_frozen`'s tests.
        if kind is str:
            item = share(item, item)
        elif kind is dict:
            item = _frozen_dict(item, odd)
        elif kind is list or kind is tuple:
            item = _frozen_list(item, odd)
        elif kind not in inline:
            item = _frozen(item, odd)
        frozen[key if type(key) is str else _frozen_key(key)] = item
    return frozen


def _frozen_key(key: Any) -> str:
    """A mapping key as JSON writes it (and nothing but these kinds of key)."""
    if isinstance(key, str):
        return str.__str__(key)
    if isinstance(key, float):
        return json.dumps(float.__float__(key))
    if key is True or key is False or key is None:
        return json.dumps(key)
    if isinstance(key, int):
        return int.__repr__(key)
    raise TypeError(f"keys must be str, int, float, bool or None, not {type(key).__name__}")


class _DetailsMark:
    """A slot outside the attrs fields, for what freezing found out about the details
    (of a `Hit`, or of every finding of a `Report`).

    Outside the fields, it changes neither equality, hashing, `repr`, `attrs.asdict` nor
    the constructor; copies and pickles drop it, and readers fall back to looking.
    """

    __slots__ = ("_details_alike",)
    _details_alike: bool


@attrs.frozen(kw_only=True)
class Hit(_DetailsMark):
    """What a rule function yields: the rule-independent part of a finding.

    Attributes:
        kind: Conflict, agreement, gap to review or notice.
        message: One sentence naming the concrete values.
        claims: The ids of the claims concerned, most relevant first.
        details: Machine-readable facts (dates compared, the arithmetic that decided).
        severity: Overrides the rule's default severity for this hit (agreements are `info`).
        source: For findings about a source rather than claims, the source id.
    """

    kind: Kind
    message: str
    claims: tuple[str, ...] = attrs.field(default=(), converter=_ids)
    details: dict[str, Any] = attrs.field(factory=dict, hash=False)
    severity: Severity | None = None
    source: str | None = None

    def __attrs_post_init__(self) -> None:
        # Freezing here rather than in a converter also gives the flag the engine hands on
        # to the report: whether orjson writes these details as `json` does.
        details, alike = _freeze(self.details)
        object.__setattr__(self, "details", details)
        object.__setattr__(self, "_details_alike", alike)


# Whether `_plain_hit` takes its caller's word (the tests turn it off to compare).
_TRUST_PLAIN = True


def _plain_hit(kind: Kind, message: str, claims: tuple[str, ...], details: dict[str, Any]) -> Hit:
    """`Hit(kind=..., message=..., claims=..., details=...)`, without copying `details`.

    For the built-in rules whose hits are most of a report (the date agreements and the
    corroborations: nine findings in ten of the benchmark corpora), where freezing the
    details was a third of the rule's time. The caller promises that `details` is already
    what freezing gives back: built for this hit alone (nothing else holds a part of it),
    of exact `dict`s keyed by `str` in sorted order, exact `list`s, `str`, `int`, `bool`
    and `None`, and no float (so orjson writes it as `json` does). tests/test_findings.py
    checks, on the seeds and a generated corpus, that every such hit equals the frozen one
    key order and types included.
    """
    if not _TRUST_PLAIN:
        return Hit(kind=kind, message=message, claims=claims, details=details)
    hit = object.__new__(Hit)
    fill = object.__setattr__
    fill(hit, "kind", kind)
    fill(hit, "message", message)
    fill(hit, "claims", claims)
    fill(hit, "details", details)
    fill(hit, "severity", None)
    fill(hit, "source", None)
    fill(hit, "_details_alike", True)
    return hit


@attrs.frozen(kw_only=True)
class FindingLocation:
    """Where a claim of a finding is written, and the words it rests on.

    Attributes:
        claim: The claim's id (empty for a finding about a whole source).
        file: The file the claim or source is in.
        line: Its 1-based line, when known.
        column: Its 1-based column, when known.
        source: The source of the evidence.
        start: Offset of the quote in the source, when anchored.
        end: End offset of the quote, when anchored.
        quote: The quoted words.
    """

    claim: str
    file: str | None = None
    line: int | None = None
    column: int | None = None
    source: str | None = None
    start: int | None = None
    end: int | None = None
    quote: str | None = None

    def _fingerprint_part(self) -> str:
        """What the location adds to a finding's fingerprint: claim, source and quote."""
        return f"{self.claim}\x1f{self.source or ''}\x1f{self.quote or ''}"

    def as_dict(self) -> dict[str, Any]:
        """The location as JSON-ready data: `attrs.asdict` of it, written out (faster)."""
        return {
            "claim": self.claim,
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "source": self.source,
            "start": self.start,
            "end": self.end,
            "quote": self.quote,
        }


@attrs.frozen(kw_only=True)
class Finding:
    """The outcome of a rule: a conflict, an agreement, a gap to review or a notice.

    Attributes:
        code: The rule's stable code (`CK0301`).
        rule: The rule's dotted name (`dates.incompatible`).
        severity: Error, warning or info.
        kind: What the finding is.
        message: One sentence naming the concrete values.
        claims: The claims concerned.
        locations: Where each claim is written and its quote.
        details: Machine-readable facts that decided the finding.
        suppressed: The reason a claim gave for silencing this rule, if it did.
    """

    code: str
    rule: str
    severity: Severity
    kind: Kind
    message: str
    claims: tuple[str, ...] = ()
    locations: tuple[FindingLocation, ...] = ()
    details: dict[str, Any] = attrs.field(factory=dict, hash=False)
    suppressed: str | None = None

    @property
    def fingerprint(self) -> str:
        """A stable hash of the rule, the claims, their sources and quotes (not line numbers).

        Findings about a source rather than claims are told apart by the source's id; for
        findings with neither claims nor locations (an alias shared by two actors), the
        message, which names the values, is part of the hash.
        """
        return self._fingerprint_with([loc._fingerprint_part() for loc in self.locations])

    def _fingerprint_with(self, parts: list[str]) -> str:
        """`fingerprint`, given the `_fingerprint_part()` of each location, in order.

        The report builds each location's part once, as it does its data, and every finding
        of a claim shares the claim's locations.
        """
        # Sorting one item or none makes a list for nothing (once per finding of a report).
        claims = self.claims
        hashed = [self.code, *(sorted(claims) if len(claims) > 1 else claims)]
        hashed += sorted(parts) if len(parts) > 1 else parts
        if not self.claims and not parts:
            hashed.append(self.message)
        return hashlib.sha256("\x1e".join(hashed).encode("utf-8")).hexdigest()[:32]

    def sort_key(self) -> tuple[Any, ...]:
        """Errors first, then by code, claims and message: the order of every report."""
        first = self.locations[0] if self.locations else None
        return (
            -self.severity.rank,
            self.code,
            self.claims,
            (first.file or "") if first else "",
            (first.line or 0) if first else 0,
            self.message,
        )

    def as_dict(self) -> dict[str, Any]:
        """The finding as JSON-ready data (the `findings` items of the JSON report)."""
        return self.as_dict_with([loc.as_dict() for loc in self.locations])

    def as_dict_with(
        self, locations: list[dict[str, Any]], fingerprint: str | None = None
    ) -> dict[str, Any]:
        """`as_dict` with the data of the locations (and the fingerprint) given.

        The report builds each location's data once, and the fingerprint from each
        location's part (see `_fingerprint_with`).
        """
        return {
            "code": self.code,
            "rule": self.rule,
            # `_value_` is `value` without the descriptor call (one per finding of a report).
            "severity": self.severity._value_,
            "kind": self.kind._value_,
            "message": self.message,
            "claims": list(self.claims),
            "locations": locations,
            "details": self.details,
            "suppressed": self.suppressed,
            "fingerprint": self.fingerprint if fingerprint is None else fingerprint,
        }


def sort_findings(findings: Sequence[Finding]) -> list[Finding]:
    """The findings in report order (see [`Finding.sort_key`][claimkit.Finding.sort_key])."""
    # The order of `sorted(findings, key=Finding.sort_key)`, one severity and code at a time:
    # the key leads with them, so sorting each group by the rest of the key, the groups in
    # order, gives the same list (ties keep their order either way). Only one group's keys
    # exist at once: at a million claims the date agreements or the corroborations, each
    # under half of the findings, where every finding's key took about 80 MB (7.8 MB traced
    # at 100,000 claims) at the end of a check.
    groups: dict[tuple[int, str], list[Finding]] = {}
    for finding in findings:
        key = (-finding.severity.rank, finding.code)
        group = groups.get(key)
        if group is None:
            group = groups[key] = []
        group.append(finding)
    ordered: list[Finding] = []
    for key in sorted(groups):
        ordered += sorted(groups.pop(key), key=_within_group)
    return ordered


def _within_group(finding: Finding) -> tuple[Any, ...]:
    """`Finding.sort_key` without the severity and code that lead it."""
    first = finding.locations[0] if finding.locations else None
    return (
        finding.claims,
        (first.file or "") if first else "",
        (first.line or 0) if first else 0,
        finding.message,
    )
