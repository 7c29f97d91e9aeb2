"""Configuration: [tool.claimkit], selection by prefix, name or family, severities, options."""

from __future__ import annotations

from pathlib import Path

import pytest

import claimkit
from claimkit._config import config_from_table, find_pyproject
from claimkit.errors import ConfigError

RULES = {rule.code: rule for rule in claimkit.registered_rules(plugins=False)}


def rule(code: str) -> claimkit.Rule:
    return RULES[code]


def test_every_rule_runs_by_default() -> None:
    config = claimkit.Config()
    assert all(config.enabled(r) for r in RULES.values())


def test_the_longest_selector_wins_and_ignore_wins_a_tie() -> None:
    config = claimkit.Config(select=("ALL", "CK0301"), ignore=("dates",))
    assert config.enabled(rule("CK0301"))
    assert not config.enabled(rule("CK0302"))
    assert config.enabled(rule("CK0101"))
    tie = claimkit.Config(select=("CK03",), ignore=("CK03",))
    assert not tie.enabled(rule("CK0301"))


def test_selectors_match_codes_names_and_families() -> None:
    by_name = claimkit.Config(select=("dates.incompatible",))
    assert [c for c in RULES if by_name.enabled(RULES[c])] == ["CK0301"]
    by_family = claimkit.Config(select=("timelines",))
    assert {r.family for r in RULES.values() if by_family.enabled(r)} == {"timelines"}


def test_severity_overrides_use_the_longest_selector() -> None:
    config = claimkit.Config(
        severity={"dates": claimkit.Severity.WARNING, "CK0301": claimkit.Severity.INFO}
    )
    assert config.severity_of(rule("CK0301")) is claimkit.Severity.INFO
    assert config.severity_of(rule("CK0303")) is claimkit.Severity.WARNING
    assert config.severity_of(rule("CK0101")) is rule("CK0101").severity


def test_unknown_rule_options_are_errors() -> None:
    config = claimkit.Config(options={"CK0601": {"abuot": 0.2}})
    with pytest.raises(ConfigError, match="unknown option 'abuot'"):
        config.options_of(rule("CK0601"))


def test_the_table_is_read_from_pyproject(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.claimkit]\nselect = ["CK03"]\nignore = ["CK0302"]\nfail-on = "warning"\n'
        'paths = ["seeds"]\n[tool.claimkit.severity]\nCK0301 = "warning"\n',
        encoding="utf-8",
    )
    (tmp_path / "corpus").mkdir()
    found = find_pyproject(tmp_path / "corpus")
    assert found == tmp_path / "pyproject.toml"
    config = claimkit.load_config(found)
    assert config.select == ("CK03",) and config.ignore == ("CK0302",)
    assert config.fail_on is claimkit.Severity.WARNING
    assert config.paths == ("seeds",)
    assert config.severity["CK0301"] is claimkit.Severity.WARNING


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ({"selct": ["CK03"]}, "did you mean 'select'"),
        ({"fail-on": "fatal"}, "not a severity"),
        ({"select": 3}, "list of strings"),
        ({"options": {"CK0601": 1}}, "table of tables"),
    ],
)
def test_a_malformed_table_is_a_config_error(table: dict[str, object], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        config_from_table(table)


def test_malformed_toml_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "pyproject.toml"
    path.write_text("[tool.claimkit\n", encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        claimkit.load_config(path)
    assert info.value.file == str(path)


def test_check_without_paths_uses_the_configured_corpora(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import shutil

    from claimkit.cli import main

    shutil.copytree(Path(__file__).resolve().parent.parent / "seeds", tmp_path / "corpus")
    (tmp_path / "pyproject.toml").write_text(
        '[tool.claimkit]\npaths = ["corpus"]\n', encoding="utf-8"
    )
    (tmp_path / "sub").mkdir()
    monkeypatch.chdir(tmp_path / "sub")
    assert claimkit.load_config(tmp_path / "pyproject.toml").corpus_paths() == [
        str(tmp_path / "corpus")
    ]
    assert main(["check", "--no-cache"]) == 0
    assert capsys.readouterr().out.startswith("claimkit: 72 claims in 5 sources")
