"""The `claimkit` command line: exit codes, options, errors without tracebacks, determinism."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from claimkit.cli import main

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"

# One date changed in a claim whose evidence states no date: exactly one CK0301 conflict.
PLANTED_FILE = "002.yaml"
PLANTED_CLAIM = "s002.agreed-border-presence"


def copy_seeds(tmp_path: Path) -> Path:
    target = tmp_path / "seeds"
    shutil.copytree(SEEDS, target)
    return target


def set_date(corpus: Path, file: str, claim: str, old: str, new: str) -> None:
    """Change the `date:` of one claim in a claim file."""
    path = corpus / "claims" / file
    lines = path.read_text("utf-8").splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.strip() == f"- id: {claim}")
    for i in range(start + 1, len(lines)):
        if lines[i].strip() == f'date: "{old}"':
            lines[i] = lines[i].replace(old, new)
            break
        assert not lines[i].lstrip().startswith("- id:"), f"{claim} has no date {old}"
    path.write_text("".join(lines), "utf-8")


def plant_conflict(corpus: Path) -> None:
    set_date(corpus, PLANTED_FILE, PLANTED_CLAIM, "2023-05-11", "2023-05-01")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def run_process(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "claimkit", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**os.environ, **(env or {})},
        check=False,
        cwd=ROOT,
    )


@pytest.fixture
def planted(tmp_path: Path) -> Path:
    corpus = copy_seeds(tmp_path)
    plant_conflict(corpus)
    return corpus


def test_check_of_the_seeds_exits_zero_with_a_summary(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", str(SEEDS), "--color", "never")
    assert code == 0
    assert out.startswith("claimkit: ")
    assert "0 conflicts" in out.splitlines()[0]
    assert "check passed" in out
    assert "\x1b[" not in out


def test_check_colours_only_when_asked(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "check", str(SEEDS), "--color", "always")
    assert "\x1b[1m" in out


def test_a_planted_conflict_exits_one_and_names_file_line_and_quote(
    capsys: pytest.CaptureFixture[str], planted: Path
) -> None:
    code, out, _ = run(capsys, "check", str(planted), "--color", "never")
    assert code == 1
    assert "CK0301 dates.incompatible" in out
    assert f"claims/{PLANTED_FILE}:" in out
    assert '"Both agreed on several issues' in out
    assert "check FAILED" in out


def test_exit_zero_reports_the_conflict_but_succeeds(
    capsys: pytest.CaptureFixture[str], planted: Path
) -> None:
    code, out, _ = run(capsys, "check", str(planted), "--exit-zero")
    assert code == 0
    assert "CK0301" in out


def test_ignore_and_select_decide_which_rules_can_fail(
    capsys: pytest.CaptureFixture[str], planted: Path
) -> None:
    assert run(capsys, "check", str(planted), "--ignore", "CK0301")[0] == 0
    assert run(capsys, "check", str(planted), "--select", "dates")[0] == 1
    assert run(capsys, "check", str(planted), "--select", "CK01,CK02")[0] == 0


def test_fail_on_warning_fails_on_the_seeds_warnings(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "check", str(SEEDS), "--fail-on", "warning")[0] == 1
    assert run(capsys, "check", str(SEEDS), "--fail-on", "error")[0] == 0


def test_output_writes_the_report_to_a_file_and_nothing_to_stdout(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = tmp_path / "report.json"
    code, out, _ = run(capsys, "check", str(SEEDS), "--format", "json", "-o", str(target))
    assert code == 0
    assert out == ""
    data = json.loads(target.read_text("utf-8"))
    assert data["format"] == "claimkit-report"
    assert data["summary"]["claims"] > 0


def test_bad_input_exits_two_with_file_line_and_no_traceback(tmp_path: Path) -> None:
    corpus = copy_seeds(tmp_path)
    path = corpus / "claims" / "000.yaml"
    path.write_text(path.read_text("utf-8").replace('"2022-11-09"', '"2022-02-30"', 1), "utf-8")
    result = run_process("check", str(corpus))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "000.yaml:" in result.stderr
    assert "2022-02-30" in result.stderr
    assert result.stdout == ""


def test_a_missing_path_exits_two_without_traceback(tmp_path: Path) -> None:
    result = run_process("check", str(tmp_path / "nowhere"))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("error:")


def test_a_malformed_config_exits_two(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    config = tmp_path / "pyproject.toml"
    config.write_text("[tool.claimkit]\nselekt = ['CK03']\n", "utf-8")
    code, _, err = run(capsys, "check", str(SEEDS), "--config", str(config))
    assert code == 2
    assert "did you mean 'select'" in err


def test_usage_errors_exit_two(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "check", str(SEEDS), "--write-baseline")[0] == 2
    assert run(capsys, "rules", "CK9999")[0] == 2
    assert run(capsys)[0] == 2
    with pytest.raises(SystemExit) as exit_info:
        main(["check", "--format", "yaml"])
    assert exit_info.value.code == 2


@pytest.mark.parametrize("fmt", ["json", "sarif"])
def test_reports_are_byte_identical_across_runs_and_hash_seeds(fmt: str) -> None:
    outputs = [
        run_process("check", "seeds", "--format", fmt, env={"PYTHONHASHSEED": seed})
        for seed in ("0", "1", "0")
    ]
    assert all(result.returncode == 0 for result in outputs)
    assert outputs[0].stdout == outputs[1].stdout == outputs[2].stdout
    assert outputs[0].stdout.strip()


def test_rules_lists_the_catalogue_and_explains_one(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "rules")
    assert code == 0
    assert "CK0301" in out
    code, out, _ = run(capsys, "rules", "dates.incompatible")
    assert code == 0
    assert "Example:" in out
    assert "Fixed:" in out


def test_show_prints_a_claim_with_its_evidence_in_context(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(capsys, "show", "s000.relations-broken-2019", str(SEEDS))
    assert code == 0
    assert ">>Maduro broke off relations with Colombia in 2019<<" in out


def test_pin_writes_a_lock_that_pin_check_then_accepts(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    corpus = copy_seeds(tmp_path)
    for lock in corpus.glob("*.lock*"):
        lock.unlink()
    assert run(capsys, "pin", "--check", str(corpus))[0] == 1
    assert run(capsys, "pin", str(corpus))[0] == 0
    assert run(capsys, "pin", "--check", str(corpus))[0] == 0


@pytest.mark.parametrize("fmt", ["text", "svg", "html"])
def test_timeline_renders_the_seeds_in_every_format(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, fmt: str
) -> None:
    target = tmp_path / f"timeline.{fmt}"
    code, out, _ = run(capsys, "timeline", str(SEEDS), "--format", fmt, "-o", str(target))
    assert code == 0
    assert out == ""
    text = target.read_text("utf-8")
    assert "relations between colombia and venezuela" in text


def test_timeline_on_bad_input_exits_two(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _, err = run(capsys, "timeline", str(tmp_path / "nowhere"))
    assert code == 2
    assert err.startswith("error:")
