# The rule registry: what a rule is and how rules are found.
#
# A rule is a small function `(context) -> Iterable[Hit]` wrapped by `@rule(...)`, which
# records its stable code, dotted name, family, default severity and options, and parses its
# docstring: the first line is the summary, then the rationale, then the sections
# `Example:` (a corpus snippet that triggers it) and `Fixed:` (the same, fixed). The built-in
# rules live in the family modules of this package; third-party rules register through the
# `claimkit.rules` entry point group (each entry point names a module whose `@rule` functions
# register themselves, or a `Rule`). Codes are never reused. Finding the rules
# (`registered_rules`) lives in the package's `__init__`, above the family modules.

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

import attrs

from claimkit._findings import Hit, Severity

if TYPE_CHECKING:
    from claimkit._engine import Context

__all__ = ["BUILTIN", "FAMILIES", "Rule", "RuleFunction", "rule"]

RuleFunction = Callable[["Context"], Iterable[Hit]]

# Families in catalogue order, with the code block each owns.
FAMILIES: Mapping[str, str] = {
    "provenance": "CK01",
    "grounding": "CK02",
    "dates": "CK03",
    "timelines": "CK04",
    "actors": "CK05",
    "quantities": "CK06",
    "sources": "CK07",
}

_CODE = re.compile(r"\A[A-Z]{2,}[0-9]{3,}\Z")
_SECTION = re.compile(r"^(Example|Fixed|Options):\s*$", re.MULTILINE)


@attrs.frozen(kw_only=True)
class Rule:
    """A consistency rule and its metadata.

    Attributes:
        code: The stable code (`CK0301`), never reused.
        name: The dotted name (`dates.incompatible`); its first part is the family.
        severity: The default severity of its findings.
        summary: One line saying what it finds.
        rationale: Why it matters, in Markdown.
        example: A corpus snippet (YAML) that triggers it.
        fixed: The same snippet, fixed.
        options: Per-rule options and their defaults, settable in `[tool.claimkit]`.
        function: The function that yields the rule's hits.
    """

    code: str
    name: str
    severity: Severity
    summary: str
    rationale: str
    example: str
    fixed: str
    options: Mapping[str, Any] = attrs.field(factory=dict, hash=False)
    function: RuleFunction = attrs.field(eq=False, repr=False)

    @property
    def family(self) -> str:
        """The family, the first part of the name (`dates`)."""
        return self.name.split(".", 1)[0]


def _parse_docstring(doc: str) -> tuple[str, str, dict[str, str]]:
    doc = inspect.cleandoc(doc)
    summary, _, rest = doc.partition("\n")
    pieces = _SECTION.split(rest)
    rationale = pieces[0].strip()
    sections = {
        name: inspect.cleandoc(body).strip("\n")
        for name, body in zip(pieces[1::2], pieces[2::2], strict=True)
    }
    return summary.strip(), rationale, sections


BUILTIN: dict[str, Rule] = {}


def rule(
    code: str,
    name: str,
    severity: Severity,
    *,
    options: Mapping[str, Any] | None = None,
    registry: dict[str, Rule] | None = None,
) -> Callable[[RuleFunction], RuleFunction]:
    """Register a rule function with its metadata.

    The function's docstring must have a summary line, a rationale and the sections
    `Example:` and `Fixed:`.

    Args:
        code: A stable code: capital letters then at least three digits (`CK0301`).
        name: A dotted name whose first part is the family (`dates.incompatible`).
        severity: The default severity.
        options: Per-rule options with their defaults.
        registry: Where to register (the built-in registry by default; plugins may pass
            their own dictionary and expose the rules from it).

    Raises:
        ValueError: The code or docstring is malformed, or the code is taken.
    """

    def register(function: RuleFunction) -> RuleFunction:
        if not _CODE.match(code):
            raise ValueError(f"rule code {code!r} must look like 'CK0301'")
        summary, rationale, sections = _parse_docstring(function.__doc__ or "")
        missing = [s for s in ("Example", "Fixed") if s not in sections]
        if not summary or not rationale or missing:
            raise ValueError(
                f"rule {code} needs a summary, a rationale and sections Example: and Fixed: "
                f"(missing: {', '.join(missing) or 'summary or rationale'})"
            )
        table = BUILTIN if registry is None else registry
        if code in table:
            raise ValueError(f"rule code {code} is already taken by {table[code].name}")
        table[code] = Rule(
            code=code,
            name=name,
            severity=severity,
            summary=summary,
            rationale=rationale,
            example=sections["Example"],
            fixed=sections["Fixed"],
            options=dict(options or {}),
            function=function,
        )
        return function

    return register
