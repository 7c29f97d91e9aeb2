"""Baselines: recorded findings stop failing the build; only new ones fail it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from claimkit._findings import Finding, FindingLocation, Kind, Severity
from claimkit.cli import main

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def _set_date(corpus: Path, file: str, claim: str, old: str, new: str) -> None:
    path = corpus / "claims" / file
    text = path.read_text("utf-8")
    marker = f"- id: {claim}\n"
    head, tail = text.split(marker, 1)
    assert f'date: "{old}"' in tail.split("- id:", 1)[0]
    path.write_text(head + marker + tail.replace(f'date: "{old}"', f'date: "{new}"', 1), "utf-8")


def _check(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict[str, Any]]:
    code = main(["check", "--format", "json", *args])
    out = capsys.readouterr().out
    return code, json.loads(out) if out else {}


def _active(report: dict[str, Any]) -> list[dict[str, Any]]:
    """The findings not silenced by a claim's `suppress` (those stay in the report)."""
    return [f for f in report["findings"] if f["suppressed"] is None]


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    target = tmp_path / "seeds"
    shutil.copytree(SEEDS, target)
    # An accepted conflict: one source dates the 2019 break to 2017.
    _set_date(target, "003.yaml", "s003.relations-broken-2019", "2019", "2017")
    return target


def test_the_baseline_round_trip(capsys: pytest.CaptureFixture[str], corpus: Path) -> None:
    baseline = corpus.parent / "baseline.json"
    code, first = _check(capsys, str(corpus))
    assert code == 1

    assert main(["check", str(corpus), "--baseline", str(baseline), "--write-baseline"]) == 0
    assert "finding(s) to" in capsys.readouterr().err
    written = baseline.read_text("utf-8")
    recorded = json.loads(written)
    # Sorted, indented, a final newline: what `json.dumps` writes, so diffs stay small.
    assert written == json.dumps(recorded, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    assert recorded["claimkit-baseline"] == 1
    assert any(item["code"] == "CK0301" for item in recorded["findings"].values())

    # An unrelated edit that moves every claim of a file down by three lines.
    other = corpus / "claims" / "000.yaml"
    other.write_text("# reviewed\n# by the desk\n\n" + other.read_text("utf-8"), "utf-8")
    code, report = _check(capsys, str(corpus), "--baseline", str(baseline))
    assert code == 0
    assert _active(report) == []
    assert report["summary"]["baselined"] == len(_active(first))

    # A new conflict: only it is reported.
    _set_date(corpus, "002.yaml", "s002.agreed-border-presence", "2023-05-11", "2023-05-01")
    code, report = _check(capsys, str(corpus), "--baseline", str(baseline))
    assert code == 1
    findings = _active(report)
    failing = [f for f in findings if f["kind"] == "fail"]
    assert [(f["code"], f["claims"]) for f in failing] == [
        ("CK0301", ["s002.agreed-border-presence", "s001.agreed-border-presence"])
    ]
    assert all("s002.agreed-border-presence" in f["claims"] for f in findings)


def test_a_baseline_that_is_not_one_exits_two(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    broken = tmp_path / "baseline.json"
    broken.write_text("{not json", "utf-8")
    assert main(["check", str(SEEDS), "--baseline", str(broken)]) == 2
    assert "malformed baseline" in capsys.readouterr().err
    broken.write_text('{"findings": {}}', "utf-8")
    assert main(["check", str(SEEDS), "--baseline", str(broken)]) == 2
    assert "not a claimkit baseline" in capsys.readouterr().err


def test_a_missing_baseline_exits_two(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["check", str(SEEDS), "--baseline", str(tmp_path / "none.json")]) == 2
    assert "cannot read baseline" in capsys.readouterr().err


def test_findings_about_different_sources_have_different_fingerprints() -> None:
    def about(source: str) -> Finding:
        return Finding(
            code="CK0703",
            rule="sources.inferred-date",
            severity=Severity.INFO,
            kind=Kind.INFORMATIONAL,
            message=f"source {source} gives no publication date",
            locations=(FindingLocation(claim="", file=f"{source}.txt", line=1, source=source),),
        )

    assert about("a").fingerprint != about("b").fingerprint
