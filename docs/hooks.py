"""mkdocs hooks for the claimkit documentation (named in `mkdocs.yml` under `hooks:`).

What they do, at build time, so that nothing on the site is written twice or drifts:

- **The rule catalogue.** One page per rule (`rules/CK0301.md`, ...) and an index page, built
  from the rule registry ([`claimkit.registered_rules`][]): code, name, family, default
  severity, summary, rationale, options, and the `Example:` and `Fixed:` snippets of the
  rule's docstring. `rule_pages()` returns them as `{path: markdown}`; the tests call it.
- **Command output.** A line `<!-- claimkit-run: check seeds/ -->` in a page is replaced by
  the output of that `claimkit` command, run in-process from the repository root.
- **The timeline of the seeds.** `<!-- claimkit-timeline -->` becomes the picture that
  `claimkit timeline seeds/ --format svg` draws. When the CLI has no `timeline` command yet,
  a committed `docs/assets/seeds-timeline.svg` is used if there is one, else a note says the
  picture is not available.
- **The changelog.** `<!-- claimkit-changelog -->` becomes the repository's `CHANGELOG.md`.

The generation functions import only claimkit, so the tests can use them without mkdocs.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import shlex
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
TIMELINE_ASSET = "assets/seeds-timeline.svg"

_RUN = re.compile(r"^<!-- claimkit-run: (?P<args>.+?) -->$", re.MULTILINE)
_TIMELINE = "<!-- claimkit-timeline -->"
_CHANGELOG = "<!-- claimkit-changelog -->"

_FAMILY_TITLES = {
    "provenance": "Provenance: are the quotes really in the sources?",
    "grounding": "Grounding: do the quoted words support the claim's fields?",
    "dates": "Dates: do reports of one event agree on when it happened?",
    "timelines": "Timelines: can the states of a facet follow one another?",
    "actors": "Actors: did the office-holders hold their offices?",
    "quantities": "Quantities: do the numbers agree?",
    "sources": "Sources: how many independent sources say it?",
}


# ---------------------------------------------------------------------------------------------
# The rule catalogue


def _rules() -> tuple[Any, ...]:
    import claimkit

    return tuple(claimkit.registered_rules(plugins=False))


def _fenced(snippet: str) -> str:
    text = snippet.strip("\n")
    if text.lstrip().startswith("```"):
        return text
    return f"```yaml\n{text}\n```"


def rule_page(rule: Any) -> str:
    """The Markdown page of one rule."""
    lines = [
        f"# {rule.code} {rule.name}",
        "",
        f"**{rule.summary}**",
        "",
        "| Code | Name | Family | Default severity |",
        "| ---- | ---- | ------ | ---------------- |",
        f"| `{rule.code}` | `{rule.name}` | {rule.family} | {rule.severity.value} |",
        "",
        "## Why",
        "",
        rule.rationale,
        "",
        "## Example",
        "",
        "This corpus snippet makes the rule report a finding:",
        "",
        _fenced(rule.example),
        "",
        "## Fixed",
        "",
        "The same snippet, fixed:",
        "",
        _fenced(rule.fixed),
        "",
    ]
    if rule.options:
        lines += [
            "## Options",
            "",
            "Set them in `pyproject.toml` under `[tool.claimkit.options.<code or name>]` "
            "(see [Rules and configuration](../guides/configuration.md)).",
            "",
            "| Option | Default |",
            "| ------ | ------- |",
        ]
        lines += [f"| `{key}` | `{value!r}` |" for key, value in sorted(rule.options.items())]
        lines.append("")
    lines += [
        "## Select, ignore, suppress",
        "",
        "```toml",
        "[tool.claimkit]",
        f'ignore = ["{rule.code}"]        # or "{rule.name}", or the family "{rule.family}"',
        f'severity = {{ "{rule.code}" = "warning" }}',
        "```",
        "",
        "or, for one claim, with the reason written down:",
        "",
        "```yaml",
        "suppress:",
        f"  - {{rule: {rule.code}, reason: ...}}",
        "```",
        "",
        f"`claimkit rules {rule.code}` prints this page in a terminal.",
        "",
    ]
    return "\n".join(lines)


def catalogue_index(rules: tuple[Any, ...]) -> str:
    """The Markdown page listing every rule by family."""
    lines = [
        "# Rule catalogue",
        "",
        "Every rule claimkit runs, generated from the rule registry at build time (the same",
        "text `claimkit rules` prints). Codes are stable and never reused: `CK` then two digits",
        "for the family and two for the rule. Select, ignore and re-grade them by code, by",
        "name or by family in [`[tool.claimkit]`](../guides/configuration.md).",
        "",
        "A finding is a conflict (`fail`), an agreement (`pass`), a gap to review (`review`) or",
        "a notice (`informational`); see [Reading the check](../tutorial.md#reading-the-check).",
        "",
    ]
    families: dict[str, list[Any]] = {}
    for rule in rules:
        families.setdefault(rule.family, []).append(rule)
    for family, items in families.items():
        lines += [f"## {_FAMILY_TITLES.get(family, family.capitalize())}", ""]
        lines += ["| Code | Name | Severity | What it finds |", "| --- | --- | --- | --- |"]
        lines += [
            f"| [{r.code}]({r.code}.md) | `{r.name}` | {r.severity.value} | {r.summary} |"
            for r in items
        ]
        lines.append("")
    return "\n".join(lines)


def rule_pages() -> dict[str, str]:
    """Every generated catalogue page, as `{path under docs/: markdown}`."""
    rules = _rules()
    pages = {"rules/index.md": catalogue_index(rules)}
    pages.update({f"rules/{rule.code}.md": rule_page(rule) for rule in rules})
    return pages


# ---------------------------------------------------------------------------------------------
# Command output, the timeline and the changelog


@contextlib.contextmanager
def _at_root() -> Iterator[None]:
    here = Path.cwd()
    os.chdir(ROOT)
    try:
        yield
    finally:
        os.chdir(here)


def run_cli(args: str) -> str:
    """Run `claimkit ARGS` in-process at the repository root and return what it printed."""
    from claimkit.cli import main

    out, err = io.StringIO(), io.StringIO()
    with _at_root(), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(shlex.split(args))
    text = out.getvalue() + err.getvalue()
    return f"$ claimkit {args}\n{text.rstrip()}\n" + (f"$ echo $?\n{code}\n" if code else "")


def _expand_runs(markdown: str) -> str:
    def replace(match: re.Match[str]) -> str:
        return f"```console\n{run_cli(match.group('args'))}```"

    return _RUN.sub(replace, markdown)


def has_timeline_command() -> bool:
    """Whether the installed CLI has a `timeline` command."""
    from claimkit.cli import build_parser

    parser = build_parser()
    for action in parser._actions:  # argparse keeps subcommands in a private list
        choices = getattr(action, "choices", None)
        if isinstance(choices, dict) and "timeline" in choices:
            return True
    return False


def timeline_svg() -> str | None:
    """The SVG timeline of the seeds: drawn now by the CLI, or the committed file, or None."""
    if has_timeline_command():
        with tempfile.TemporaryDirectory() as tmp:
            target = Path(tmp) / "seeds-timeline.svg"
            from claimkit.cli import main

            with _at_root(), contextlib.redirect_stdout(io.StringIO()):
                main(["timeline", "seeds/", "--format", "svg", "-o", os.fspath(target)])
            if target.is_file():
                return target.read_text("utf-8")
    committed = DOCS / TIMELINE_ASSET
    return committed.read_text("utf-8") if committed.is_file() else None


_TIMELINE_MISSING = """\
!!! note "The timeline picture is not available in this build"
    The picture of the seed corpus's timeline is drawn by `claimkit timeline seeds/ --format svg`
    when the documentation is built. This build's `claimkit` has no `timeline` command yet, and
    no `docs/assets/seeds-timeline.svg` was committed.
"""


def _expand_timeline(markdown: str, available: bool) -> str:
    if _TIMELINE not in markdown:
        return markdown
    if available:
        figure = (
            "![The seed corpus on a time axis, per facet and actor pair]"
            "(assets/seeds-timeline.svg){ loading=lazy }\n\n"
            "*Drawn by `claimkit timeline seeds/ --format svg` when this site was built.*\n"
        )
    else:
        figure = _TIMELINE_MISSING
    return markdown.replace(_TIMELINE, figure)


def changelog() -> str:
    """The repository's CHANGELOG.md, its first heading dropped (the page has its own)."""
    path = ROOT / "CHANGELOG.md"
    if not path.is_file():
        return "No changelog has been written yet.\n"
    text = path.read_text("utf-8")
    return re.sub(r"\A# [^\n]*\n", "", text).lstrip("\n")


# ---------------------------------------------------------------------------------------------
# mkdocs events

_state: dict[str, Any] = {}


def on_config(config: Any, **_: Any) -> Any:
    """List every rule page in the navigation, under the catalogue."""
    rules = _rules()
    entries: list[Any] = ["rules/index.md"]
    entries += [{f"{r.code} {r.name}": f"rules/{r.code}.md"} for r in rules]
    nav = config.get("nav") or []
    for item in nav:
        if isinstance(item, dict) and "Rule catalogue" in item:
            item["Rule catalogue"] = entries
    return config


def on_files(files: Any, config: Any, **_: Any) -> Any:
    """Add the generated catalogue pages and the timeline picture to the site's files."""
    from mkdocs.structure.files import File

    for path, content in rule_pages().items():
        existing = files.get_file_from_path(path)
        if existing is not None:
            files.remove(existing)
        files.append(File.generated(config, path, content=content))
    svg = timeline_svg()
    _state["timeline"] = svg is not None
    if svg is not None:
        existing = files.get_file_from_path(TIMELINE_ASSET)
        if existing is not None:
            files.remove(existing)
        files.append(File.generated(config, TIMELINE_ASSET, content=svg))
    return files


def on_page_markdown(markdown: str, **_: Any) -> str:
    """Expand the command-output, timeline and changelog markers of a page."""
    markdown = _expand_runs(markdown)
    markdown = _expand_timeline(markdown, bool(_state.get("timeline")))
    return markdown.replace(_CHANGELOG, changelog())
