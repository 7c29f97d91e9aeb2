# Configuration: `[tool.claimkit]` in pyproject.toml, merged with command-line options.
#
# Selection follows flake8: a selector is a code prefix (`CK03`), a rule name or a name
# prefix (`dates`, `dates.incompatible`), or `ALL`; among `select` and `ignore`, the longest
# selector that matches a rule wins, and `ignore` wins a tie. Severity overrides and
# per-rule options are keyed the same way.

from __future__ import annotations

import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from claimkit._findings import Severity
from claimkit._rules._registry import Rule
from claimkit.errors import ConfigError

__all__ = ["Config", "find_pyproject", "load_config"]

_KEYS = ("select", "ignore", "severity", "options", "paths", "fail-on", "allow-outside")


def _matches(selector: str, rule: Rule) -> bool:
    if selector == "ALL":
        return True
    return (
        rule.code.startswith(selector)
        or rule.name == selector
        or rule.name.startswith(selector + ".")
    )


def _strength(selector: str) -> int:
    return 0 if selector == "ALL" else len(selector)


@attrs.frozen(kw_only=True)
class Config:
    """Which rules run, how severe their findings are, and their options.

    Attributes:
        select: Selectors of rules to run (default: all).
        ignore: Selectors of rules not to run.
        severity: Severity overrides by selector.
        options: Per-rule options by rule code or name.
        paths: Corpora to check when none are given (used by the pytest plugin).
        fail_on: The lowest severity that makes `check` fail.
        allow_outside: Permit paths that leave the corpus root.
        root: The directory of the file the configuration came from; `paths` are relative
            to it. `None` for a configuration built in code.
    """

    select: tuple[str, ...] = ("ALL",)
    ignore: tuple[str, ...] = ()
    severity: Mapping[str, Severity] = attrs.field(factory=dict, hash=False)
    options: Mapping[str, Mapping[str, Any]] = attrs.field(factory=dict, hash=False)
    paths: tuple[str, ...] = ()
    fail_on: Severity = Severity.ERROR
    allow_outside: bool = False
    root: str | None = None

    def corpus_paths(self) -> list[str]:
        """`paths`, relative to the configuration file's directory when there is one."""
        if self.root is None:
            return list(self.paths)
        return [os.path.join(self.root, path) for path in self.paths]

    def enabled(self, rule: Rule) -> bool:
        """Whether `rule` runs: the longest matching selector decides; ignore wins ties."""
        best_select = max((_strength(s) for s in self.select if _matches(s, rule)), default=-1)
        best_ignore = max((_strength(s) for s in self.ignore if _matches(s, rule)), default=-1)
        return best_select > best_ignore

    def severity_of(self, rule: Rule) -> Severity:
        """The severity of `rule`'s findings after overrides (the longest selector wins)."""
        chosen = rule.severity
        strength = -1
        for selector, severity in self.severity.items():
            if _matches(selector, rule) and _strength(selector) > strength:
                chosen, strength = severity, _strength(selector)
        return chosen

    def options_of(self, rule: Rule) -> dict[str, Any]:
        """The rule's options: its defaults updated by `options[code]` or `options[name]`."""
        merged = dict(rule.options)
        for key in (rule.code, rule.name):
            given = self.options.get(key, {})
            unknown = set(given) - set(rule.options)
            if unknown:
                raise ConfigError(
                    f"unknown option {sorted(unknown)[0]!r} for rule {rule.code} ({rule.name}); "
                    f"it takes {', '.join(sorted(rule.options)) or 'no options'}",
                    field=f"tool.claimkit.options.{key}",
                )
            merged.update(given)
        return merged

    def merged(
        self,
        *,
        select: Sequence[str] | None = None,
        ignore: Sequence[str] | None = None,
        fail_on: Severity | None = None,
    ) -> Config:
        """This config with command-line choices on top (`--select` replaces, `--ignore` adds)."""
        return attrs.evolve(
            self,
            select=tuple(select) if select else self.select,
            ignore=self.ignore + tuple(ignore or ()),
            fail_on=fail_on or self.fail_on,
        )


def _severity(value: Any, field: str, file: str) -> Severity:
    try:
        return Severity(value)
    except ValueError:
        raise ConfigError(
            f"{value!r} is not a severity; expected error, warning or info", file=file, field=field
        ) from None


def _strings(value: Any, field: str, file: str) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError("expected a list of strings", file=file, field=field)
    return tuple(value)


def config_from_table(table: Mapping[str, Any], file: str = "pyproject.toml") -> Config:
    """Build a [`Config`][claimkit.Config] from the `[tool.claimkit]` table.

    Raises:
        ConfigError: An unknown key or a value of the wrong shape.
    """
    import difflib

    for key in table:
        if key not in _KEYS:
            close = difflib.get_close_matches(key, _KEYS, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise ConfigError(f"unknown key {key!r}{hint}", file=file, field=f"tool.claimkit.{key}")
    severity = table.get("severity", {})
    options = table.get("options", {})
    if not isinstance(severity, dict):
        raise ConfigError("expected a table", file=file, field="tool.claimkit.severity")
    if not isinstance(options, dict) or not all(isinstance(v, dict) for v in options.values()):
        raise ConfigError("expected a table of tables", file=file, field="tool.claimkit.options")
    allow = table.get("allow-outside", False)
    if not isinstance(allow, bool):
        raise ConfigError("expected true or false", file=file, field="tool.claimkit.allow-outside")
    return Config(
        select=_strings(table.get("select", ["ALL"]), "tool.claimkit.select", file),
        ignore=_strings(table.get("ignore", []), "tool.claimkit.ignore", file),
        severity={
            k: _severity(v, f"tool.claimkit.severity.{k}", file) for k, v in severity.items()
        },
        options=options,
        paths=_strings(table.get("paths", []), "tool.claimkit.paths", file),
        fail_on=_severity(table.get("fail-on", "error"), "tool.claimkit.fail-on", file),
        allow_outside=allow,
    )


def find_pyproject(start: str | os.PathLike[str]) -> Path | None:
    """The nearest `pyproject.toml` at or above `start` that has a `[tool.claimkit]` table."""
    here = Path(start).resolve()
    if here.is_file():
        here = here.parent
    for directory in (here, *here.parents):
        candidate = directory / "pyproject.toml"
        if candidate.is_file() and "[tool.claimkit" in candidate.read_text("utf-8", "replace"):
            return candidate
    return None


def load_config(path: str | os.PathLike[str]) -> Config:
    """Read `[tool.claimkit]` from a `pyproject.toml` (or a TOML file holding that table).

    Raises:
        ConfigError: The file is not valid TOML or the table is malformed.
    """
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib

    shown = os.fspath(path)
    try:
        data = tomllib.loads(Path(path).read_text("utf-8"))
    except OSError as exc:
        raise ConfigError(f"cannot read: {exc.strerror}", file=shown) from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"malformed TOML: {exc}", file=shown) from None
    table = data.get("tool", {}).get("claimkit", {})
    if not isinstance(table, dict):
        raise ConfigError("expected a table", file=shown, field="tool.claimkit")
    return attrs.evolve(config_from_table(table, shown), root=os.path.dirname(shown) or ".")
