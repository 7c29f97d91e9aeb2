"""The pytest plugin: inert by default; with --claimkit, one item per corpus and rule family."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

pytest_plugins = ["pytester"]

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
FAMILIES = ("provenance", "grounding", "dates", "timelines", "actors", "quantities", "sources")


@pytest.fixture
def project(pytester: pytest.Pytester) -> pytest.Pytester:
    """A project with the seeds, `[tool.claimkit] paths = ["seeds"]` and one ordinary test."""
    shutil.copytree(SEEDS, pytester.path / "seeds")
    pytester.makepyprojecttoml('[tool.claimkit]\npaths = ["seeds"]\n')
    pytester.makepyfile(test_ordinary="def test_ordinary():\n    assert True\n")
    return pytester


def _plant_conflict(root: Path) -> None:
    path = root / "seeds" / "claims" / "002.yaml"
    marker = "- id: s002.agreed-border-presence\n"
    head, tail = path.read_text("utf-8").split(marker, 1)
    path.write_text(
        head + marker + tail.replace('date: "2023-05-11"', 'date: "2023-05-01"', 1), "utf-8"
    )


def test_the_plugin_is_inert_without_the_flag(project: pytest.Pytester) -> None:
    result = project.runpytest("-v")
    result.assert_outcomes(passed=1)
    result.stdout.no_fnmatch_line("*claimkit[[]*")


def test_with_the_flag_each_family_of_each_corpus_is_an_item(project: pytest.Pytester) -> None:
    result = project.runpytest("--claimkit", "-v")
    result.assert_outcomes(passed=2 + len(FAMILIES))
    result.stdout.fnmatch_lines(
        ["*claimkit[[]seeds::load[]] PASSED*"]
        + [f"*claimkit[[]seeds::{family}[]] PASSED*" for family in FAMILIES]
    )


def test_the_flag_in_addopts_turns_it_on(project: pytest.Pytester) -> None:
    project.makepyprojecttoml(
        '[tool.claimkit]\npaths = ["seeds"]\n\n[tool.pytest.ini_options]\naddopts = "--claimkit"\n'
    )
    result = project.runpytest()
    result.assert_outcomes(passed=2 + len(FAMILIES))


def test_a_conflict_fails_its_family_with_the_findings_rendered(project: pytest.Pytester) -> None:
    _plant_conflict(project.path)
    result = project.runpytest("--claimkit")
    result.assert_outcomes(passed=1 + len(FAMILIES), failed=1)
    result.stdout.fnmatch_lines(
        [
            "*claimkit[[]seeds::dates[]]*",
            "1 claimkit finding(s) of family 'dates' at or above error in seeds:",
            "CK0301 dates.incompatible (error): two reports of event *",
            '    *claims/002.yaml:* s002.agreed-border-presence "Both agreed on several issues*',
            '    *claims/001.yaml:* s001.agreed-border-presence "it was agreed *',
        ]
    )
    result.stdout.no_fnmatch_line("*Traceback*")
    result.stdout.no_fnmatch_line("*def runtest*")


def test_keyword_selection_picks_one_family(project: pytest.Pytester) -> None:
    _plant_conflict(project.path)
    result = project.runpytest("--claimkit", "-k", "dates")
    result.assert_outcomes(failed=1, deselected=len(FAMILIES) + 1)


def test_a_corpus_that_cannot_load_fails_every_item_with_the_errors(
    project: pytest.Pytester,
) -> None:
    path = project.path / "seeds" / "claims" / "000.yaml"
    path.write_text(path.read_text("utf-8").replace('"2022-11-09"', '"2022-02-30"', 1), "utf-8")
    result = project.runpytest("--claimkit", "-k", "load")
    result.assert_outcomes(failed=1, deselected=len(FAMILIES) + 1)
    result.stdout.fnmatch_lines(["cannot check seeds:", "error: *000.yaml:*2022-02-30*"])
    result.stdout.no_fnmatch_line("*Traceback*")


def test_no_paths_configured_is_a_usage_error(pytester: pytest.Pytester) -> None:
    pytester.makepyprojecttoml("[tool.claimkit]\nselect = ['CK03']\n")
    result = pytester.runpytest("--claimkit")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*--claimkit:*lists no corpora*"])


def test_importing_claimkit_does_not_import_the_plugin_or_pytest(
    pytester: pytest.Pytester,
) -> None:
    result = pytester.run(
        sys.executable,
        "-c",
        "import sys, claimkit; "
        "print('claimkit.pytest_plugin' in sys.modules, 'pytest' in sys.modules)",
    )
    assert result.ret == 0
    result.stdout.fnmatch_lines(["False False"])
