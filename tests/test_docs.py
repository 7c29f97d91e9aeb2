"""The documentation cannot drift from the code.

- Every ```pycon block (doctest: `>>>` lines and their expected output) and every ```python
  block in `docs/**/*.md` runs, in page order, with one namespace per page, from the
  repository root (so `claimkit.load("seeds")` works).
- Every public name of `claimkit.__all__` has an entry in the API reference.
- Every registered rule gets a catalogue page from `docs/hooks.py`, with its examples.
- Every `claimkit` command quoted through a `<!-- claimkit-run: ... -->` marker runs without a
  usage or input error.
"""

from __future__ import annotations

import doctest
import importlib.util
import re
from pathlib import Path
from types import ModuleType

import pytest

import claimkit

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
PAGES = sorted(DOCS.rglob("*.md"))
FENCE = re.compile(r"^```(?P<lang>[a-z]+)[^\n]*\n(?P<body>.*?)^```\s*$", re.MULTILINE | re.DOTALL)
FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


def load_hooks() -> ModuleType:
    spec = importlib.util.spec_from_file_location("claimkit_docs_hooks", DOCS / "hooks.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def blocks(page: Path) -> list[tuple[str, str, int]]:
    text = page.read_text("utf-8")
    return [
        (m.group("lang"), m.group("body"), text.count("\n", 0, m.start()) + 1)
        for m in FENCE.finditer(text)
        if m.group("lang") in {"pycon", "python"}
    ]


RUNNABLE = [page for page in PAGES if blocks(page)]


def test_the_docs_have_runnable_examples() -> None:
    assert len(RUNNABLE) >= 5


@pytest.mark.parametrize("page", RUNNABLE, ids=lambda p: str(p.relative_to(DOCS)))
def test_the_code_examples_of_a_page_run_and_print_what_the_page_shows(
    page: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    namespace: dict[str, object] = {"__name__": f"docs_{page.stem}"}
    parser = doctest.DocTestParser()
    runner = doctest.DocTestRunner(optionflags=FLAGS)
    where = page.relative_to(ROOT)
    for lang, body, line in blocks(page):
        if lang == "python":
            exec(compile(body, f"{where}:{line}", "exec"), namespace)
            continue
        test = parser.get_doctest(body, namespace, f"{where}:{line}", str(where), line)
        result = runner.run(test, clear_globs=False)
        namespace.update(test.globs)  # a DocTest works on a copy of the namespace
        assert result.failed == 0, f"{where}:{line}: a pycon example failed (see output above)"


def reference_text() -> str:
    return "\n".join(p.read_text("utf-8") for p in sorted((DOCS / "reference").glob("*.md")))


@pytest.mark.parametrize("name", claimkit.__all__)
def test_every_public_name_has_an_entry_in_the_api_reference(name: str) -> None:
    assert re.search(rf"^::: claimkit\.{re.escape(name)}\s*$", reference_text(), re.MULTILINE), (
        f"claimkit.{name} is public but no page of docs/reference/ has '::: claimkit.{name}'"
    )


def test_every_registered_rule_gets_a_catalogue_page_with_its_examples() -> None:
    pages = load_hooks().rule_pages()
    rules = claimkit.registered_rules(plugins=False)
    assert rules
    index = pages["rules/index.md"]
    for rule in rules:
        page = pages[f"rules/{rule.code}.md"]
        assert page.startswith(f"# {rule.code} {rule.name}\n")
        for part in (rule.summary, rule.rationale, rule.severity.value):
            assert part in page
        for snippet in (rule.example, rule.fixed):
            assert snippet.strip().strip("`").removeprefix("yaml").strip() in page
        assert f"({rule.code}.md)" in index


def test_the_catalogue_has_no_page_for_a_rule_that_does_not_exist() -> None:
    codes = {rule.code for rule in claimkit.registered_rules(plugins=False)}
    pages = set(load_hooks().rule_pages())
    assert pages == {"rules/index.md"} | {f"rules/{code}.md" for code in codes}


RUNS = sorted(
    {
        match.group(1)
        for page in PAGES
        for match in re.finditer(r"<!-- claimkit-run: (.+?) -->", page.read_text("utf-8"))
    }
)


@pytest.mark.parametrize("args", RUNS)
def test_every_command_quoted_in_the_docs_runs_without_a_usage_error(args: str) -> None:
    output = load_hooks().run_cli(args)
    assert output.startswith(f"$ claimkit {args}\n")
    assert "\n$ echo $?\n2\n" not in output, output


def test_links_between_pages_point_at_pages_that_exist() -> None:
    generated = set(load_hooks().rule_pages())
    for page in PAGES:
        for target in re.findall(r"\]\(([^)#\s]+\.md)(?:#[^)]*)?\)", page.read_text("utf-8")):
            resolved = (page.parent / target).resolve().relative_to(DOCS.resolve())
            assert (DOCS / resolved).is_file() or resolved.as_posix() in generated, (
                f"{page.relative_to(ROOT)} links to {target}, which does not exist"
            )
