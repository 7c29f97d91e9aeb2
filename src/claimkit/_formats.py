# Report formats for CI: SARIF 2.1.0, JUnit XML and GitHub Actions workflow commands.
#
# Each is a pure function `Report -> str`, byte-stable for one report. SARIF follows the
# OASIS 2.1.0 schema and what GitHub code scanning reads: rules with help text in
# tool.driver.rules, results with ruleId, ruleIndex, level, kind, message, a physical location
# (artifact URI relative to the working directory, region with line and, when known, column)
# and related locations for the other claims of a finding, plus a partial fingerprint that
# survives unrelated edits. JUnit XML has one test case per rule per file, with a failure
# per conflict. GitHub commands escape `%`, CR, LF, and in properties also `:` and `,`.

from __future__ import annotations

import json
import os
from collections import defaultdict
from typing import Any
from xml.etree import ElementTree

from claimkit._findings import Finding, FindingLocation, Kind, Severity
from claimkit._report import Report
from claimkit._version import __version__

__all__ = ["render_github", "render_junit", "render_sarif"]

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


def render_sarif(report: Report) -> str:
    """The report as a SARIF 2.1.0 log (JSON text)."""
    rules = [
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
    index = {rule.code: i for i, rule in enumerate(report.rules)}
    results = []
    for finding in report.findings:
        locations = finding.locations
        result: dict[str, Any] = {
            "ruleId": finding.code,
            "level": _LEVEL[finding.severity] if finding.kind is Kind.FAIL else "none",
            "kind": finding.kind.value,
            "message": {"text": finding.message},
            "partialFingerprints": {"claimkitFingerprint/v1": finding.fingerprint},
            "properties": {"claims": list(finding.claims), "details": finding.details},
        }
        if finding.code in index:
            result["ruleIndex"] = index[finding.code]
        if locations:
            result["locations"] = [_sarif_location(locations[0])]
            if len(locations) > 1:
                result["relatedLocations"] = [
                    {"id": number, **_sarif_location(loc)}
                    for number, loc in enumerate(locations[1:], start=1)
                ]
        if finding.suppressed is not None:
            result["suppressions"] = [{"kind": "inSource", "justification": finding.suppressed}]
        results.append(result)
    log = {
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
                        "rules": rules,
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }
    return json.dumps(log, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def render_junit(report: Report) -> str:
    """The report as JUnit XML: a test case per rule per file, a failure per conflict."""
    cases: dict[tuple[str, str], list[Finding]] = defaultdict(list)
    files = sorted({loc.file for f in report.findings for loc in f.locations if loc.file})
    for rule in report.rules:
        for file in files or ["corpus"]:
            cases[(rule.code, file)]
    for finding in report.findings:
        file = next((loc.file for loc in finding.locations if loc.file), "corpus")
        cases[(finding.code, file)].append(finding)
    names = {rule.code: rule.name for rule in report.rules}
    suite = ElementTree.Element("testsuite", name="claimkit")
    failures = skipped = 0
    for (code, file), findings in sorted(cases.items()):
        case = ElementTree.SubElement(
            suite,
            "testcase",
            classname=file,
            name=f"{code} {names.get(code, findings[0].rule if findings else code)}",
            time="0",
        )
        failing = [
            f
            for f in findings
            if f.kind is Kind.FAIL
            and f.suppressed is None
            and f.severity.rank >= report.fail_on.rank
        ]
        if failing:
            failures += 1
            failure = ElementTree.SubElement(
                case,
                "failure",
                message="; ".join(f.message for f in failing)[:1000],
                type=failing[0].severity.value,
            )
            failure.text = "\n\n".join(_finding_text(f) for f in failing)
        others = [f for f in findings if f not in failing]
        if others:
            out = ElementTree.SubElement(case, "system-out")
            out.text = "\n\n".join(_finding_text(f) for f in others)
    suite.set("tests", str(len(cases)))
    suite.set("failures", str(failures))
    suite.set("errors", "0")
    suite.set("skipped", str(skipped))
    suite.set("time", "0")
    suites = ElementTree.Element("testsuites", name="claimkit")
    suites.append(suite)
    ElementTree.indent(suites)
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n' + ElementTree.tostring(suites, "unicode") + "\n"
    )


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
