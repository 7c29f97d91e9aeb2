"""A pytest plugin that checks the project's claim corpora as part of the test run.

pytest loads it through the `pytest11` entry point, and it stays inert unless `--claimkit`
is given (on the command line, or in `addopts`). Then it reads `[tool.claimkit] paths` from
the `pyproject.toml` in pytest's rootdir and adds, for each corpus, one test item per rule
family (`provenance`, `grounding`, `dates`, `timelines`, `actors`, `quantities`, `sources`, and
any family of third-party rules), plus a `load` item when the corpus cannot be loaded. An
item fails when its family has a finding at or above the configured `fail-on`, and the
failure lists those findings with their files, lines and quotes:

    [tool.claimkit]
    paths = ["seeds"]

    $ pytest --claimkit
    claimkit[seeds::dates] FAILED
    CK0301 dates.incompatible: two reports of event ... give dates that cannot be the same day
        seeds/claims/002.yaml:48 s002.agreed-border-presence "Both agreed on several issues"

Item ids are `claimkit[<path>::<family>]`, so `-k dates` or `-k claimkit` select them. Each
corpus is loaded and checked once, however many of its items run.

This module is not imported by `import claimkit`; it imports claimkit's internals only when
the flag is given.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from claimkit._config import Config
    from claimkit._findings import Finding
    from claimkit._report import Report

__all__ = ["ClaimkitFailure", "ClaimkitItem"]


def pytest_addoption(parser: pytest.Parser) -> None:
    """Add `--claimkit`."""
    group = parser.getgroup("claimkit", "claim corpus consistency")
    group.addoption(
        "--claimkit",
        action="store_true",
        default=False,
        help="check the corpora listed in [tool.claimkit] paths of pyproject.toml",
    )


class ClaimkitFailure(Exception):
    """An item's failure: the text to show."""


class _Corpus:
    """One corpus, loaded and checked on first use (shared by its items)."""

    def __init__(self, path: Path, shown: str, config: Config) -> None:
        self.path = path
        self.shown = shown
        self.config = config
        self._report: Report | None = None
        self._error: str | None = None
        self._done = False

    def report(self) -> Report:
        if not self._done:
            self._done = True
            from claimkit._engine import check
            from claimkit._load import load
            from claimkit.errors import ClaimkitError, CorpusError

            try:
                corpus = load(self.path, allow_outside=self.config.allow_outside)
                self._report = check(corpus, config=self.config)
            except ClaimkitError as error:
                errors = error.errors if isinstance(error, CorpusError) else (error,)
                self._error = "\n".join(f"error: {item}" for item in errors)
        if self._report is None:
            raise ClaimkitFailure(f"cannot check {self.shown}:\n{self._error}")
        return self._report


def _render(finding: Finding) -> str:
    lines = [
        f"{finding.code} {finding.rule} ({finding.severity.value}): {finding.message}",
    ]
    seen: set[tuple[str, str | None]] = set()
    for loc in finding.locations:
        if (loc.claim, loc.quote) in seen:
            continue
        seen.add((loc.claim, loc.quote))
        where = (loc.file or "?") + (f":{loc.line}" if loc.line else "")
        quote = f' "{loc.quote}"' if loc.quote else ""
        lines.append(f"    {where} {loc.claim}{quote}")
    return "\n".join(lines)


class ClaimkitItem(pytest.Item):
    """One rule family checked on one corpus (or, for family `load`, loading it)."""

    def __init__(self, *, corpus: _Corpus, family: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.corpus = corpus
        self.family = family
        self.add_marker(pytest.mark.claimkit)

    def runtest(self) -> None:
        """Fail when the family has findings at or above `fail-on`."""
        report = self.corpus.report()
        if self.family == "load":
            return
        failing = [f for f in report.failing() if f.rule.split(".", 1)[0] == self.family]
        if failing:
            head = (
                f"{len(failing)} claimkit finding(s) of family {self.family!r} at or above "
                f"{report.fail_on.value} in {self.corpus.shown}:"
            )
            raise ClaimkitFailure("\n".join([head, *(_render(f) for f in failing)]))

    def repr_failure(
        self,
        excinfo: pytest.ExceptionInfo[BaseException],
        style: Any = None,
    ) -> str | Any:
        """The findings, as text, instead of a traceback."""
        if isinstance(excinfo.value, ClaimkitFailure):
            return str(excinfo.value)
        return super().repr_failure(excinfo, style=style)

    def reportinfo(self) -> tuple[Path, int | None, str]:
        """Where the item points: its corpus."""
        return self.corpus.path, None, f"claimkit[{self.corpus.shown}::{self.family}]"


def _families(config: Config) -> list[str]:
    from claimkit._rules import registered_rules
    from claimkit._rules._registry import FAMILIES

    found = {rule.family for rule in registered_rules() if config.enabled(rule)}
    order = list(FAMILIES)
    return sorted(found, key=lambda f: (order.index(f) if f in order else len(order), f))


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(
    session: pytest.Session, config: pytest.Config, items: list[pytest.Item]
) -> None:
    """Append the claimkit items (before `-k`/`-m` deselection sees the list)."""
    if not config.getoption("claimkit"):
        return
    from claimkit._config import load_config
    from claimkit.errors import ClaimkitError

    root = Path(config.rootpath)
    pyproject = root / "pyproject.toml"
    if not pyproject.is_file():
        raise pytest.UsageError(f"--claimkit: no pyproject.toml in the rootdir {root}")
    try:
        settings = load_config(pyproject)
    except ClaimkitError as error:
        raise pytest.UsageError(f"--claimkit: {error}") from None
    if not settings.paths:
        raise pytest.UsageError(
            f"--claimkit: {pyproject} lists no corpora; add paths = [...] to [tool.claimkit]"
        )
    families = _families(settings)
    for shown in settings.paths:
        corpus = _Corpus(root / shown, shown, settings)
        for family in ["load", *families]:
            items.append(
                ClaimkitItem.from_parent(
                    session,
                    name=f"claimkit[{shown}::{family}]",
                    nodeid=f"claimkit[{shown}::{family}]",
                    corpus=corpus,
                    family=family,
                )
            )


def pytest_configure(config: pytest.Config) -> None:
    """Register the `claimkit` marker (set on every item this plugin adds)."""
    config.addinivalue_line("markers", "claimkit: a claimkit corpus check (pytest --claimkit)")
