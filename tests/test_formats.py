"""The CI report formats: SARIF 2.1.0 (against the official schema), JUnit XML, GitHub commands."""

from __future__ import annotations

import json
import math
import re
import shutil
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import attrs
import pytest

import claimkit
from claimkit import _formats
from claimkit import _report as report_module
from claimkit._engine import check
from claimkit._findings import Finding, FindingLocation, Kind, Severity
from claimkit._formats import (
    iter_junit,
    iter_sarif,
    render_github,
    render_junit,
    render_sarif,
    sarif_data,
)
from claimkit._report import Report
from conftest import generated_corpus, shared_file

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
XS = "{http://www.w3.org/2001/XMLSchema}"


@pytest.fixture(scope="module")
def seeds_report() -> Report:
    return check(claimkit.load(SEEDS))


@pytest.fixture(scope="module")
def conflict_report(tmp_path_factory: pytest.TempPathFactory) -> Report:
    corpus = tmp_path_factory.mktemp("planted") / "seeds"
    shutil.copytree(SEEDS, corpus)
    path = corpus / "claims" / "002.yaml"
    text = path.read_text("utf-8")
    marker = "- id: s002.agreed-border-presence"
    head, tail = text.split(marker, 1)
    tail = tail.replace('date: "2023-05-11"', 'date: "2023-05-01"', 1)
    path.write_text(head + marker + tail, "utf-8")
    report = check(claimkit.load(corpus))
    assert report.failed()
    return report


def _sarif_validator() -> Any:
    import jsonschema

    schema = json.loads(shared_file("sarif-schema-2.1.0.json").read_text("utf-8"))
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    return validator_class(schema)


# -- SARIF ------------------------------------------------------------------------------------


def test_sarif_of_the_seeds_validates_against_the_official_schema(seeds_report: Report) -> None:
    log = json.loads(render_sarif(seeds_report))
    errors = sorted(_sarif_validator().iter_errors(log), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:10])


def test_sarif_with_a_conflict_validates_and_has_related_locations(
    conflict_report: Report,
) -> None:
    log = json.loads(render_sarif(conflict_report))
    errors = list(_sarif_validator().iter_errors(log))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:10])
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    conflicts = [r for r in run["results"] if r["ruleId"] == "CK0301"]
    assert len(conflicts) == 1
    result = conflicts[0]
    assert result["level"] == "error"
    assert result["kind"] == "fail"
    assert rules[result["ruleIndex"]]["id"] == "CK0301"
    location = result["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"].endswith("claims/002.yaml")
    assert location["region"]["startLine"] >= 1
    related = result["relatedLocations"]
    assert {item["id"] for item in related} == set(range(1, len(related) + 1))
    related_uris = {item["physicalLocation"]["artifactLocation"]["uri"] for item in related}
    assert any(uri.endswith("claims/001.yaml") for uri in related_uris)
    assert result["partialFingerprints"]["claimkitFingerprint/v1"]


def test_sarif_rules_carry_help_text_for_code_scanning(seeds_report: Report) -> None:
    rules = json.loads(render_sarif(seeds_report))["runs"][0]["tool"]["driver"]["rules"]
    assert [rule["id"] for rule in rules] == sorted(rule["id"] for rule in rules)
    for rule in rules:
        assert rule["shortDescription"]["text"]
        assert "Example" in rule["help"]["text"]
        assert rule["defaultConfiguration"]["level"] in {"error", "warning", "note"}


def test_sarif_agreements_are_pass_results_with_level_none(seeds_report: Report) -> None:
    results = json.loads(render_sarif(seeds_report))["runs"][0]["results"]
    passes = [r for r in results if r["kind"] == "pass"]
    assert passes
    assert all(r["level"] == "none" for r in passes)


def _json_dumps(report: Report) -> str:
    """The SARIF log as the standard library writes it: what the streamed text must be."""
    return json.dumps(sarif_data(report), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


@pytest.fixture(scope="module")
def generated_report(tmp_path_factory: pytest.TempPathFactory) -> Report:
    # More findings than one chunk of the stream (512), so that chunks are joined.
    corpus = generated_corpus(tmp_path_factory.mktemp("generated"), claims=1200, seed=11)
    report = check(claimkit.load(corpus))
    assert len(report.findings) > report_module._CHUNK
    return report


@pytest.mark.parametrize("orjson", [True, False], ids=["orjson", "without-orjson"])
def test_streamed_sarif_is_what_json_dumps_writes_of_the_whole_log(
    seeds_report: Report,
    conflict_report: Report,
    generated_report: Report,
    orjson: bool,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    if not orjson:
        monkeypatch.setattr(report_module, "_orjson", None)
    empty = Report(findings=(), rules=seeds_report.rules, claims=0, sources=0)
    for report in (seeds_report, conflict_report, generated_report, empty):
        pieces = list(iter_sarif(report))
        assert "".join(pieces) == render_sarif(report) == _json_dumps(report)
    assert len(list(iter_sarif(generated_report))) > 3


def _odd_report(details: dict[str, Any], message: str = "m") -> Report:
    locations = (
        FindingLocation(claim="a", file="c.yaml", line=3, column=7, source="s", quote="q"),
        FindingLocation(claim="b", file="c.yaml", line=9, source="s", start=1, end=4, quote="r"),
    )
    findings = tuple(
        Finding(
            code="CK0302",
            rule="dates.agreement",
            severity=Severity.INFO,
            kind=Kind.PASS,
            message=f"{message} {n}",
            claims=("a", "b"),
            locations=locations,
            details=details,
            suppressed="known" if n % 2 else None,
        )
        for n in range(3)
    )
    return Report(findings=findings, rules=(), claims=2, sources=1)


@pytest.mark.parametrize(
    ("details", "message"),
    [
        ({"ratio": 1e-05, "nan": math.nan, "inf": -math.inf}, "floats orjson writes otherwise"),
        ({"big": 2**70}, "an integer past 64 bits"),
        ({"text": "\ud800"}, "a lone surrogate"),
        ({"nested": {"b": [1, {"c": None}], "a": '\u2028\x1f"é'}}, "escapes"),
    ],
)
def test_streamed_sarif_writes_odd_values_as_json_dumps_does(
    details: dict[str, Any], message: str
) -> None:
    report = _odd_report(details, message)
    assert render_sarif(report) == _json_dumps(report)


# -- JUnit ------------------------------------------------------------------------------------


def _xsd_elements(schema: ElementTree.Element) -> dict[str, ElementTree.Element]:
    return {e.attrib["name"]: e for e in schema.findall(f"{XS}element")}


def _check_against_xsd(
    element: ElementTree.Element,
    declarations: dict[str, ElementTree.Element],
    types: dict[str, ElementTree.Element],
    patterns: dict[str, str],
    where: str = "",
) -> list[str]:
    """Check the subset of XSD that junit-10.xsd uses: element names, attributes, children.

    lxml is not a dependency; this reads the schema with ElementTree and checks each element
    is declared, has its required attributes and no undeclared ones, matches the patterns of
    its typed attributes and has only declared children.
    """
    where = f"{where}/{element.tag}"
    declaration = declarations.get(element.tag)
    if declaration is None:
        return [f"{where}: element not in the schema"]
    complex_type = declaration.find(f"{XS}complexType")
    if complex_type is None and declaration.get("type") in types:
        complex_type = types[declaration.attrib["type"]]
    if complex_type is None:
        return [] if len(element) == 0 else [f"{where}: a text-only element has children"]
    problems = []
    attributes = {a.attrib["name"]: a for a in complex_type.iter(f"{XS}attribute")}
    for name, value in element.attrib.items():
        if name not in attributes:
            problems.append(f"{where}: attribute {name!r} not allowed")
            continue
        pattern = patterns.get(attributes[name].get("type", ""))
        if pattern is not None and not re.fullmatch(pattern, value):
            problems.append(f"{where}: {name}={value!r} does not match its pattern")
    for name, attribute in attributes.items():
        if attribute.get("use") == "required" and name not in element.attrib:
            problems.append(f"{where}: required attribute {name!r} missing")
    children = {c.get("ref") or c.get("name") for c in complex_type.iter(f"{XS}element")}
    for child in element:
        if child.tag not in children:
            problems.append(f"{where}: child {child.tag!r} not allowed")
        problems += _check_against_xsd(child, declarations, types, patterns, where)
    return problems


def _validate_junit(text: str) -> list[str]:
    schema = ElementTree.parse(shared_file("junit-10.xsd")).getroot()
    types = {t.attrib["name"]: t for t in schema.findall(f"{XS}complexType")}
    patterns = {
        t.attrib["name"]: p.attrib["value"]
        for t in schema.findall(f"{XS}simpleType")
        for p in t.iter(f"{XS}pattern")
    }
    root = ElementTree.fromstring(text.encode("utf-8"))
    return _check_against_xsd(root, _xsd_elements(schema), types, patterns)


def test_junit_of_the_seeds_parses_and_has_no_failures(seeds_report: Report) -> None:
    text = render_junit(seeds_report)
    assert text.startswith('<?xml version="1.0" encoding="utf-8"?>')
    suites = ElementTree.fromstring(text.encode("utf-8"))
    assert suites.tag == "testsuites"
    suite = suites.find("testsuite")
    assert suite is not None
    cases = suite.findall("testcase")
    assert int(suite.attrib["tests"]) == len(cases) > 0
    assert suite.attrib["failures"] == "0"
    assert not suite.findall("testcase/failure")
    assert not _validate_junit(text)


def test_junit_has_a_case_per_rule_and_file_and_a_failure_per_conflict(
    conflict_report: Report,
) -> None:
    text = render_junit(conflict_report)
    assert not _validate_junit(text)
    suite = ElementTree.fromstring(text.encode("utf-8")).find("testsuite")
    assert suite is not None
    names = [(case.attrib["classname"], case.attrib["name"]) for case in suite.iter("testcase")]
    assert len(names) == len(set(names))
    failed = [case for case in suite.iter("testcase") if case.find("failure") is not None]
    assert int(suite.attrib["failures"]) == len(failed) == 1
    case = failed[0]
    assert case.attrib["name"] == "CK0301 dates.incompatible"
    assert case.attrib["classname"].endswith("claims/002.yaml")
    failure = case.find("failure")
    assert failure is not None
    assert "cannot be the same day" in failure.attrib["message"]
    assert failure.text is not None
    assert "Both agreed on several issues" in failure.text


# -- GitHub workflow commands -----------------------------------------------------------------


def _report(message: str, file: str) -> Report:
    finding = Finding(
        code="CK0301",
        rule="dates.incompatible",
        severity=Severity.ERROR,
        kind=Kind.FAIL,
        message=message,
        claims=("a",),
        locations=(FindingLocation(claim="a", file=file, line=3, column=7, quote="in 2019"),),
    )
    return Report(findings=(finding,), rules=(), claims=1, sources=1)


def test_github_commands_escape_percent_newlines_colons_and_commas() -> None:
    text = render_github(_report("100% sure: a, b\r\nnext", "dir/a:b,c%.yaml"))
    assert text == (
        "::error file=dir/a%3Ab%2Cc%25.yaml,line=3,col=7,title=CK0301 dates.incompatible"
        '::100%25 sure: a, b%0D%0Anext%0Aa: "in 2019"\n'
    )
    assert text.count("\n") == 1


def test_github_commands_for_a_conflict_point_at_the_claim(conflict_report: Report) -> None:
    lines = render_github(conflict_report).splitlines()
    errors = [line for line in lines if line.startswith("::error ")]
    assert len(errors) == 1
    match = re.match(r"::error file=([^,]+),line=(\d+)(?:,col=\d+)?,title=([^:]+)::(.*)", errors[0])
    assert match is not None
    assert match[1].endswith("claims/002.yaml")
    assert match[3] == "CK0301 dates.incompatible"
    assert "%0A" in match[4]


def test_github_commands_leave_out_agreements(seeds_report: Report) -> None:
    lines = render_github(seeds_report).splitlines()
    assert all(line.startswith(("::warning ", "::error ", "::notice ")) for line in lines)
    assert not any("dates.agreement" in line for line in lines)


# -- JSON -------------------------------------------------------------------------------------


def test_json_report_has_its_format_version_and_round_trips(conflict_report: Report) -> None:
    text = conflict_report.to_json()
    data = json.loads(text)
    assert data["format"] == "claimkit-report"
    assert data["version"] == 1
    assert data["summary"]["failed"] is True
    assert json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n" == text


def _junit_whole(report: Report) -> str:
    """JUnit XML the plain way: the whole tree built, indented and written at once (the cases
    grouped as the renderer groups them: this compares the writing, not the grouping)."""
    cases = _formats._junit_cases(report)
    names = {rule.code: rule.name for rule in report.rules}
    suites = ElementTree.Element("testsuites", name="claimkit")
    suite = ElementTree.SubElement(suites, "testsuite", name="claimkit")
    failures = 0
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
            failure.text = "\n\n".join(_formats._finding_text(f) for f in failing)
        others = [f for f in findings if f not in failing]
        if others:
            out = ElementTree.SubElement(case, "system-out")
            out.text = "\n\n".join(_formats._finding_text(f) for f in others)
    for key, value in (
        ("tests", len(cases)),
        ("failures", failures),
        ("errors", 0),
        ("skipped", 0),
        ("time", 0),
    ):
        suite.set(key, str(value))
    ElementTree.indent(suites)
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n' + ElementTree.tostring(suites, "unicode") + "\n"
    )


def test_junit_written_case_by_case_is_the_whole_tree_written_at_once(
    seeds_report: Report, conflict_report: Report, generated_report: Report
) -> None:
    odd = _odd_report({}, 'a <b> & "c"\r\n\t]]> \u2028 é')
    # Conflicts, so that the odd characters reach failure messages (attributes) too.
    conflicts = tuple(
        attrs.evolve(f, kind=Kind.FAIL, severity=Severity.ERROR) for f in odd.findings
    )
    escapes = attrs.evolve(odd, findings=odd.findings + conflicts)
    for report in (
        seeds_report,
        conflict_report,
        generated_report,
        escapes,
        attrs.evolve(escapes, fail_on=Severity.INFO),
        Report(findings=(), rules=(), claims=0, sources=0),
        Report(findings=(), rules=seeds_report.rules, claims=0, sources=0),
    ):
        pieces = list(iter_junit(report))
        assert "".join(pieces) == render_junit(report) == _junit_whole(report)
    assert "<failure" in render_junit(conflict_report)
    assert "&quot;c&quot;&#13;&#10;&#09;" in render_junit(escapes)


def test_the_junit_schema_check_rejects_what_the_schema_forbids() -> None:
    problems = _validate_junit(
        '<testsuites><testsuite name="x" time="soon"><bogus/></testsuite></testsuites>'
    )
    assert any("required attribute 'tests'" in p for p in problems)
    assert any("child 'bogus'" in p for p in problems)
    assert any("time='soon'" in p for p in problems)
