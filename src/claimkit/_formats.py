# Report formats for CI: SARIF 2.1.0, JUnit XML and GitHub Actions workflow commands.
#
# Each is a pure function `Report -> str`, byte-stable for one report; SARIF and JUnit also
# come in pieces (`iter_sarif`, `iter_junit`), so that a large report is written without
# holding all of its text.
# SARIF follows the OASIS 2.1.0 schema and what GitHub code scanning reads: rules with help
# text in tool.driver.rules, results with ruleId, ruleIndex, level, kind, message, a physical
# location (artifact URI relative to the working directory, region with line and, when
# known, column) and related locations for the other claims of a finding, plus a partial
# fingerprint that survives unrelated edits. JUnit XML has one test case per rule per file,
# with a failure per conflict. GitHub commands escape `%`, CR, LF, and in properties also `:`
# and `,`.

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Iterator
from typing import Any
from xml.etree import ElementTree

from claimkit._findings import Finding, FindingLocation, Kind, Severity
from claimkit._gc import paused_gc
from claimkit._report import (
    _CHUNK,
    Report,
    _dumps_data,
    _orjson_inside,
    _orjson_writes_alike,
    dumps_indented,
)
from claimkit._version import __version__

__all__ = [
    "iter_junit",
    "iter_sarif",
    "render_github",
    "render_junit",
    "render_sarif",
    "sarif_data",
]

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def _uri(path: str) -> str:
    return path.replace(os.sep, "/")


def _sarif_location(loc: FindingLocation, message: str | None = None) -> dict[str, Any]:
    region: dict[str, Any] = {"startLine": loc.line or 1}
    if loc.column:
        region["startColumn"] = loc.column
    physical: dict[str, Any] = {
        "artifactLocation": {"uri": _uri(loc.file or ".")},
        "region": region,
    }
    location: dict[str, Any] = {"physicalLocation": physical}
    text = message or (f"{loc.claim}: \u201c{loc.quote}\u201d" if loc.quote else loc.claim)
    if text:
        location["message"] = {"text": text}
    return location


def _sarif_rules(report: Report) -> list[dict[str, Any]]:
    return [
        {
            "id": rule.code,
            "name": rule.name,
            "shortDescription": {"text": rule.summary},
            "fullDescription": {"text": rule.rationale},
            "help": {
                "text": f"{rule.rationale}\n\nExample:\n{rule.example}\n\nFixed:\n{rule.fixed}",
                "markdown": (
                    f"{rule.rationale}\n\n**Example**\n\n```yaml\n{rule.example}\n```\n\n"
                    f"**Fixed**\n\n```yaml\n{rule.fixed}\n```"
                ),
            },
            "defaultConfiguration": {"level": _LEVEL[rule.severity]},
            "properties": {"tags": [rule.family]},
        }
        for rule in report.rules
    ]


class _Results:
    """Builds the SARIF results of one report's findings.

    The engine gives every finding of a claim the same location objects, so each location's
    SARIF data and fingerprint part are built once per report (by `id`: the findings keep
    the locations alive); results only read them.
    """

    def __init__(self, report: Report) -> None:
        self._index = {rule.code: i for i, rule in enumerate(report.rules)}
        self._locations: dict[int, tuple[dict[str, Any], str]] = {}

    def _location(self, loc: FindingLocation) -> tuple[dict[str, Any], str]:
        known = self._locations.get(id(loc))
        if known is None:
            known = self._locations[id(loc)] = (_sarif_location(loc), loc._fingerprint_part())
        return known

    def result(self, finding: Finding) -> dict[str, Any]:
        locations = [self._location(loc) for loc in finding.locations]
        fingerprint = finding._fingerprint_with([part for _, part in locations])
        result: dict[str, Any] = {
            "ruleId": finding.code,
            "level": _LEVEL[finding.severity] if finding.kind is Kind.FAIL else "none",
            "kind": finding.kind.value,
            "message": {"text": finding.message},
            "partialFingerprints": {"claimkitFingerprint/v1": fingerprint},
            "properties": {"claims": list(finding.claims), "details": finding.details},
        }
        if finding.code in self._index:
            result["ruleIndex"] = self._index[finding.code]
        if locations:
            result["locations"] = [locations[0][0]]
            if len(locations) > 1:
                result["relatedLocations"] = [
                    {"id": number, **data}
                    for number, (data, _) in enumerate(locations[1:], start=1)
                ]
        if finding.suppressed is not None:
            result["suppressions"] = [{"kind": "inSource", "justification": finding.suppressed}]
        return result


def _sarif_log(report: Report, results: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "claimkit",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "informationUri": "https://claimkit.readthedocs.io",
                        "rules": _sarif_rules(report),
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }


def sarif_data(report: Report) -> dict[str, Any]:
    """The report as a SARIF 2.1.0 log, as JSON-ready data (what `render_sarif` writes)."""
    results = _Results(report)
    return _sarif_log(report, [results.result(finding) for finding in report.findings])


def render_sarif(report: Report) -> str:
    """The report as a SARIF 2.1.0 log (JSON text: sorted keys, two-space indent)."""
    return "".join(iter_sarif(report))


# Where the results of `_sarif_log` stand in its text: `"results"` sorts after
# `"columnKind"` and before `"tool"`, and a JSON string cannot hold a raw newline, so this is
# found once. Results are written eight spaces in.
_RESULTS_EMPTY = '\n      "results": []'
_RESULTS_SEPARATOR = ",\n        "
# What orjson writes around results inside `{"runs": [{"results": [...]}]}`.
_RESULTS_HEAD = b'{\n  "runs": [\n    {\n      "results": [\n        '
_RESULTS_TAIL = b"\n      ]\n    }\n  ]\n}"


def iter_sarif(report: Report) -> Iterator[str]:
    """The text of `render_sarif`, in pieces of a few hundred results each.

    Written one after the other (`claimkit check --format sarif` does), they never hold the
    whole log, nor the data of every result at once: a log of a million claims runs to
    gigabytes. The text is what `json.dumps(sarif_data(report), indent=2, sort_keys=True,
    ensure_ascii=False)` writes, plus a final newline.
    """
    with paused_gc():
        text = dumps_indented(_sarif_log(report, []))
        if not report.findings:
            yield text + "\n"
            return
        at = text.index(_RESULTS_EMPTY)
        yield text[:at] + '\n      "results": [\n        '
        results = _Results(report)
        findings = report.findings
        alike = getattr(report, "_details_alike", False)
        for start in range(0, len(findings), _CHUNK):
            if start:
                yield _RESULTS_SEPARATOR
            chunk = [results.result(finding) for finding in findings[start : start + _CHUNK]]
            yield _dumps_results(chunk, alike)
        yield "\n      ]" + text[at + len(_RESULTS_EMPTY) :] + "\n"


def _dumps_results(items: list[dict[str, Any]], alike: bool) -> str:
    """The SARIF results `items` as the log writes them, without the brackets.

    `alike`: the details are known to be written by orjson as by `json` (or refused).
    """
    if alike or all(_orjson_writes_alike(item["properties"]["details"]) for item in items):
        # One orjson call for the chunk, inside a wrapper that indents it as in the log.
        text = _orjson_inside({"runs": [{"results": items}]}, _RESULTS_HEAD, _RESULTS_TAIL)
        if text is not None:
            return text
    # Everything but a result's details is strings, integers and lists and dicts of them.
    return _RESULTS_SEPARATOR.join(
        _dumps_data(item, (item["properties"]["details"],)).replace("\n", "\n        ")
        for item in items
    )


def render_junit(report: Report) -> str:
    """The report as JUnit XML: a test case per rule per file, a failure per conflict."""
    return "".join(iter_junit(report))


def _junit_cases(report: Report) -> dict[tuple[str, str], list[Finding]]:
    """The findings of each JUnit test case, by (rule code, file): every rule has a case in
    every file that findings name (or in `corpus`), and a finding goes to its first file's."""
    cases: dict[tuple[str, str], list[Finding]] = defaultdict(list)
    files = sorted({loc.file for f in report.findings for loc in f.locations if loc.file})
    for rule in report.rules:
        for file in files or ["corpus"]:
            cases[(rule.code, file)]
    for finding in report.findings:
        file = next((loc.file for loc in finding.locations if loc.file), "corpus")
        cases[(finding.code, file)].append(finding)
    return cases


def iter_junit(report: Report) -> Iterator[str]:
    """The text of `render_junit`, a test case at a time.

    Each case is built and written by ElementTree on its own, indented as `ElementTree.indent`
    indents it inside the whole document, so the text is what serialising the whole tree
    gives, without ever holding the tree or its text: a case's text holds every finding of
    one rule in one file, which for a large corpus runs to megabytes.
    """
    cases = _junit_cases(report)
    names = {rule.code: rule.name for rule in report.rules}
    level = report.fail_on.rank
    ordered = sorted(cases.items())
    failing = [
        [
            f
            for f in findings
            if f.kind is Kind.FAIL and f.suppressed is None and f.severity.rank >= level
        ]
        for _, findings in ordered
    ]
    head = (
        '<?xml version="1.0" encoding="utf-8"?>\n<testsuites name="claimkit">\n  <testsuite'
        f' name="claimkit" tests="{len(cases)}" failures="{sum(map(bool, failing))}"'
        ' errors="0" skipped="0" time="0"'
    )
    if not ordered:
        yield head + " />\n</testsuites>\n"
        return
    yield head + ">"
    for ((code, file), findings), failed in zip(ordered, failing, strict=True):
        case = ElementTree.Element(
            "testcase",
            classname=file,
            name=f"{code} {names.get(code, findings[0].rule if findings else code)}",
            time="0",
        )
        if failed:
            failure = ElementTree.SubElement(
                case,
                "failure",
                message="; ".join(f.message for f in failed)[:1000],
                type=failed[0].severity.value,
            )
            failure.text = "\n\n".join(_finding_text(f) for f in failed)
        # By identity: a finding is failing or not, and `==` on findings compares every field.
        chosen = {id(f) for f in failed}
        others = [f for f in findings if id(f) not in chosen]
        if others:
            out = ElementTree.SubElement(case, "system-out")
            out.text = "\n\n".join(_finding_text(f) for f in others)
        # A case stands two levels in (testsuites, testsuite); `indent` at that level spaces
        # its children as indenting the whole document would.
        ElementTree.indent(case, level=2)
        yield "\n    " + ElementTree.tostring(case, "unicode")
    yield "\n  </testsuite>\n</testsuites>\n"


def _finding_text(finding: Finding) -> str:
    lines = [f"{finding.code} {finding.rule} ({finding.kind.value}): {finding.message}"]
    for loc in finding.locations:
        where = f"{loc.file}:{loc.line}" if loc.file and loc.line else (loc.file or "?")
        quote = f' "{loc.quote}"' if loc.quote else ""
        lines.append(f"  {where} {loc.claim}{quote}")
    return "\n".join(lines)


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


_COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def render_github(report: Report) -> str:
    """The report as GitHub Actions workflow commands (`::error file=...,line=...::...`).

    Agreements and notices are left out (they would flood the pull request); suppressed
    findings too.
    """
    lines = []
    for finding in report.findings:
        if finding.suppressed is not None or finding.kind in {Kind.PASS, Kind.INFORMATIONAL}:
            continue
        props = []
        loc = finding.locations[0] if finding.locations else None
        if loc is not None and loc.file:
            props.append(f"file={_escape_property(_uri(loc.file))}")
            if loc.line:
                props.append(f"line={loc.line}")
            if loc.column:
                props.append(f"col={loc.column}")
        props.append(f"title={_escape_property(f'{finding.code} {finding.rule}')}")
        message = finding.message
        quotes = [f'{q.claim}: "{q.quote}"' for q in finding.locations if q.quote]
        if quotes:
            message += "\n" + "\n".join(quotes)
        lines.append(f"::{_COMMAND[finding.severity]} {','.join(props)}::{_escape_data(message)}")
    return "".join(line + "\n" for line in lines)
