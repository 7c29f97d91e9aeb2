"""Bad input meets one clear, located error; nothing given is lost or silently skipped.

Every case of the table `CASES` is a small corpus with one problem. Through the API it must
raise a `CorpusError` holding a `ClaimkitError` of the documented class, with the file, line
and field where there is one; through `python -m claimkit check` it must exit 2 and print
that same `file:line: field: message` line, never a traceback. The CLI runs of the whole
table are started together, once, by the `bad_corpora` fixture. (tests/test_load.py holds
the first, API-only tests of several of these problems; the cases here add the CLI, the
error classes and other shapes of the same mistakes.)
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import unicodedata
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import attrs
import pytest

import claimkit
from claimkit.errors import (
    ClaimkitError,
    CorpusError,
    DuplicateIdError,
    LoadError,
    PathOutsideCorpusError,
    UnknownReferenceError,
)

TEXT = " date 2022-11-09 Maduro broke off relations with Colombia in 2019. It was bad.\n"
QUOTE = "broke off relations with Colombia in 2019"
ACTORS = """\
claimkit: 1
actors:
  - {id: venezuela, kind: state, name: Venezuela}
  - {id: colombia, kind: state, name: Colombia}
"""
# Line numbers matter: id on 5, actors on 7, date on 9, the evidence item on 11.
CLAIMS = f"""\
claimkit: 1
defaults:
  source: a
claims:
  - id: c1
    action: relations.break
    actors:
      parties: [venezuela, colombia]
    date: "2019"
    evidence:
      - quote: {QUOTE}
"""
EVIDENCE = f"      - quote: {QUOTE}\n"


def write_corpus(root: Path, claims: str = CLAIMS, text: str = TEXT) -> Path:
    """A small valid corpus: one source `a`, two actors, one claim `c1`."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "a.txt").write_text(text, encoding="utf-8", newline="")
    (root / "actors.yaml").write_text(ACTORS, encoding="utf-8")
    (root / "claims.yaml").write_text(claims, encoding="utf-8")
    return root


def edit(old: str, new: str, name: str = "claims.yaml") -> Callable[[Path], None]:
    """A builder that replaces `old` by `new` in one file of the corpus."""

    def build(root: Path) -> None:
        path = root / name
        text = path.read_text("utf-8")
        assert old in text, f"{old!r} is not in {name}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return build


def add(name: str, content: str | bytes) -> Callable[[Path], None]:
    """A builder that adds (or overwrites) one file of the corpus."""

    def build(root: Path) -> None:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")

    return build


def empty(root: Path) -> None:
    for path in root.iterdir():
        path.unlink()


def sparse_file(name: str, size: int) -> Callable[[Path], None]:
    """A file of `size` bytes that takes no room on disk (so the test stays cheap)."""

    def build(root: Path) -> None:
        with (root / name).open("wb") as handle:
            handle.truncate(size)

    return build


def symlink_outside(root: Path) -> None:
    outside = root.parent / f"{root.name}-outside.txt"
    outside.write_text("Relations were restored in 2022.", encoding="utf-8")
    (root / "link.txt").symlink_to(outside)


def claim_with_links(ident: str, event: str, *links: str) -> str:
    listed = ", ".join(f"{{relation: before, event: {target}}}" for target in links)
    return (
        f"  - id: {ident}\n    action: meeting\n    actors: {{participants: [venezuela]}}\n"
        f"    event: {event}\n    links: [{listed}]\n"
    )


def alias_bomb() -> str:
    lines = ["claimkit: 1", "a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 9)]
    return "\n".join(lines) + "\n"


@attrs.frozen
class Case:
    """One bad corpus and the error it must produce.

    Attributes:
        name: The case's id, also its directory's name.
        build: Turns a valid corpus into the bad one.
        error: The class the error must be an instance of.
        message: A part of the error's message.
        file: The file the error names, relative to the corpus (`""` for the corpus itself).
        line: The line it names, or `None` where a problem has no line.
        field: The field it names, or `None`.
    """

    name: str
    build: Callable[[Path], None]
    error: type[ClaimkitError]
    message: str
    file: str
    line: int | None = None
    field: str | None = None


CASES = [
    # Wrong types and missing or unknown fields.
    Case(
        "wrong-type-actors-as-a-list",
        edit("    actors:\n      parties: [venezuela, colombia]\n", "    actors: [venezuela]\n"),
        LoadError,
        "expected a mapping of roles to actors",
        "claims.yaml",
        7,
        "claims[0].actors",
    ),
    Case(
        "wrong-type-occurrence-as-a-word",
        edit(EVIDENCE, f"      - {{quote: {QUOTE}, occurrence: first}}\n"),
        LoadError,
        "expected an integer, got a string",
        "claims.yaml",
        11,
        "claims[0].evidence[0].occurrence",
    ),
    Case(
        "missing-required-actor-kind",
        edit(
            "{id: colombia, kind: state, name: Colombia}",
            "{id: colombia, name: Colombia}",
            "actors.yaml",
        ),
        LoadError,
        "required field is missing",
        "actors.yaml",
        4,
        "actors[1].kind",
    ),
    Case(
        "unknown-key-in-evidence",
        edit("      - quote:", "      - qoute:"),
        LoadError,
        "unknown key 'qoute'; did you mean 'quote'?",
        "claims.yaml",
        11,
        "claims[0].evidence[0]",
    ),
    Case(
        "unknown-key-in-an-actor",
        edit("name: Colombia", "nmae: Colombia", "actors.yaml"),
        LoadError,
        "unknown key 'nmae'; did you mean 'name'?",
        "actors.yaml",
        4,
        "actors[1]",
    ),
    # Impossible dates.
    Case(
        "february-30-in-a-role",
        add(
            "people.yaml",
            "claimkit: 1\nactors:\n  - id: maduro\n    kind: person\n    name: Maduro\n"
            "    roles:\n      - office: president\n        of: venezuela\n"
            "        from: 2022-02-30\n",
        ),
        LoadError,
        "'2022-02-30' is not a valid date",
        "people.yaml",
        9,
        "actors[0].roles[0].from",
    ),
    Case(
        "month-13",
        edit('"2019"', '"2022-13"'),
        LoadError,
        "'2022-13' is not a valid date: month 13",
        "claims.yaml",
        9,
        "claims[0].date",
    ),
    Case(
        "interval-ending-before-it-starts",
        edit('"2019"', '"2021/2015"'),
        LoadError,
        "its end (2015) is before its start (2021)",
        "claims.yaml",
        9,
        "claims[0].date",
    ),
    # Offsets.
    Case(
        "offset-past-the-end-of-the-source",
        edit(EVIDENCE, f"      - {{quote: {QUOTE}, start: 17, end: 500}}\n"),
        LoadError,
        "offset '500' is past the end of source a (79 characters)",
        "claims.yaml",
        11,
        "claim c1.evidence[0].end",
    ),
    Case(
        "negative-offset",
        edit(EVIDENCE, f"      - {{quote: {QUOTE}, start: -5, end: 36}}\n"),
        LoadError,
        "0 <= start <= end",
        "claims.yaml",
        11,
        "claims[0].evidence[0]",
    ),
    # Encodings.
    Case(
        "claim-file-not-utf8",
        add("claims.yaml", CLAIMS.encode().replace(b"relations.break", b"relations.br\xe9ak")),
        LoadError,
        "not valid UTF-8: byte 0xe9",
        "claims.yaml",
        6,
    ),
    Case(
        "claim-file-with-a-byte-order-mark",
        add("claims.yaml", b"\xef\xbb\xbf" + CLAIMS.encode()),
        LoadError,
        "byte-order mark",
        "claims.yaml",
        1,
    ),
    Case("empty-corpus", empty, LoadError, "empty corpus", ""),
    # Duplicate ids.
    Case(
        "duplicate-source-text-files",
        add("more/a.txt", "Another text with the same name."),
        DuplicateIdError,
        "duplicate source id 'a'",
        "more/a.txt",
    ),
    Case(
        "duplicate-source-entries",
        add(
            "sources.yaml", "claimkit: 1\nsources:\n  - {id: a, title: A}\n  - {id: a, title: B}\n"
        ),
        DuplicateIdError,
        "duplicate source id 'a' (first at ",
        "sources.yaml",
        4,
        "sources[1].id",
    ),
    Case(
        "duplicate-actor-ids-in-two-files",
        add("more.yaml", ACTORS),
        DuplicateIdError,
        "duplicate actor id 'venezuela' (first at ",
        "more.yaml",
        3,
    ),
    Case(
        "duplicate-action-ids",
        add(
            "actions.yaml",
            "claimkit: 1\nactions:\n  - {id: talks, label: talks, roles: [parties]}\n"
            "  - {id: talks, label: more talks, roles: [parties]}\n",
        ),
        DuplicateIdError,
        "duplicate action id 'talks'",
        "actions.yaml",
        4,
    ),
    Case(
        "duplicate-claim-ids-in-json-lines-and-yaml",
        add("c.jsonl", '{"id": "c1", "action": "meeting"}\n'),
        DuplicateIdError,
        "duplicate claim id 'c1' (first at ",
        "claims.yaml",
        5,
    ),
    # Unknown references.
    Case(
        "unknown-speaker",
        edit('    date: "2019"\n', '    date: "2019"\n    speaker: venezuelaa\n'),
        UnknownReferenceError,
        "unknown actor 'venezuelaa'; did you mean 'venezuela'?",
        "claims.yaml",
        5,
        "claim c1.speaker",
    ),
    Case(
        "unknown-action",
        edit("relations.break", "relations.restor"),
        UnknownReferenceError,
        "unknown action 'relations.restor'; did you mean 'relations.restore'?",
        "claims.yaml",
        5,
        "claim c1.action",
    ),
    Case(
        "unknown-source-in-evidence",
        edit(EVIDENCE, f"      - {{quote: {QUOTE}, source: b}}\n"),
        UnknownReferenceError,
        "unknown source 'b'",
        "claims.yaml",
        11,
        "claim c1.evidence[0].source",
    ),
    Case(
        "link-to-a-missing-event",
        add("links.yaml", "claimkit: 1\nclaims:\n" + claim_with_links("k", "e1", "e9")),
        UnknownReferenceError,
        "unknown event 'e9'",
        "links.yaml",
        3,
        "claim k.links[0].event",
    ),
    Case(
        "circular-links-through-three-events",
        add(
            "links.yaml",
            "claimkit: 1\nclaims:\n"
            + claim_with_links("k0", "e0", "e1")
            + claim_with_links("k1", "e1", "e2")
            + claim_with_links("k2", "e2", "e0"),
        ),
        LoadError,
        "circular links: e0 before e1 before e2 before e0",
        "links.yaml",
        13,
        "claim k2.links",
    ),
    # Paths that escape the corpus.
    Case(
        "source-path-climbing-out",
        add("sources.yaml", "claimkit: 1\nsources:\n  - {id: z, path: ../../etc/passwd}\n"),
        PathOutsideCorpusError,
        "outside the corpus root",
        "sources.yaml",
        3,
        "sources[0].path",
    ),
    Case(
        "absolute-source-path",
        add("sources.yaml", "claimkit: 1\nsources:\n  - {id: z, path: /etc/passwd}\n"),
        PathOutsideCorpusError,
        "absolute path '/etc/passwd' is not allowed",
        "sources.yaml",
        3,
        "sources[0].path",
    ),
    Case(
        "symlink-pointing-outside",
        symlink_outside,
        PathOutsideCorpusError,
        "--allow-outside",
        "link.txt",
    ),
    # Hostile YAML and JSON.
    Case(
        "yaml-constructing-a-python-object",
        add("evil.yaml", "claimkit: 1\nclaims:\n  - !!python/object/new:os.system [echo hi]\n"),
        LoadError,
        "YAML tag 'tag:yaml.org,2002:python/object/new:os.system' is not allowed",
        "evil.yaml",
        3,
    ),
    Case(
        "yaml-naming-a-python-function",
        add("evil.yaml", "claimkit: 1\nactors: !!python/name:os.system\n"),
        LoadError,
        "is not allowed",
        "evil.yaml",
        2,
    ),
    Case(
        "yaml-alias-bomb",
        add("bomb.yaml", alias_bomb()),
        LoadError,
        "expands to more than",
        "bomb.yaml",
        8,
    ),
    Case(
        "yaml-nested-too-deeply",
        add("deep.yaml", "claimkit: 1\nclaims:\n  - " + "[" * 100 + "]" * 100 + "\n"),
        LoadError,
        "nested deeper than 64 levels",
        "deep.yaml",
        3,
    ),
    Case(
        "json-nested-too-deeply-for-the-parser",
        add("deep.json", '{"claimkit": 1,\n"claims": ' + "[" * 100_000 + "]" * 100_000 + "}"),
        LoadError,
        "JSON nested deeper than 64 levels",
        "deep.json",
        2,
    ),
    Case(
        "json-lines-nested-too-deeply-for-the-parser",
        add("deep.jsonl", "\n" + "[" * 100_000 + "]" * 100_000 + "\n"),
        LoadError,
        "JSON nested deeper than 64 levels",
        "deep.jsonl",
        2,
    ),
    Case(
        "json-nested-too-deeply",
        add("deep.json", '{"claimkit": 1,\n\n"claims": ' + "[" * 70 + "]" * 70 + "}"),
        LoadError,
        "JSON nested deeper than 64 levels",
        "deep.json",
        3,
    ),
    Case(
        "yaml-with-a-tab",
        add("tabs.yaml", "claimkit: 1\nclaims:\n\t- id: x\n"),
        LoadError,
        "malformed YAML",
        "tabs.yaml",
        3,
    ),
    Case(
        "yaml-anchor-defined-twice",  # found by the fuzz campaign: was a warning, not an error
        add("twice.yaml", "claimkit: 1\nactors: &a []\nclaims: &a []\nactions: *a\n"),
        LoadError,
        "malformed YAML: found duplicate anchor 'a'",
        "twice.yaml",
        3,
    ),
    # Files too big to read whole.
    Case(
        "text-over-the-size-limit",
        sparse_file("huge.txt", claimkit.Limits().max_file_bytes + 1),
        LoadError,
        "over the limit of",
        "huge.txt",
    ),
    Case(
        "json-line-over-the-size-limit",
        add(
            "c.jsonl",
            '{"id": "ok", "action": "meeting"}\n{"id": "c9", "note": "'
            + "x" * claimkit.Limits().max_line_bytes
            + '"}\n',
        ),
        LoadError,
        "over the limit of",
        "c.jsonl",
        2,
    ),
    # A lone surrogate is not text: no report or export quoting it could be written as UTF-8.
    Case(
        "lone-surrogate-in-yaml",
        edit('    date: "2019"\n', '    date: "2019"\n    note: "half of \\uD83D a pair"\n'),
        LoadError,
        "lone surrogate (U+D83D)",
        "claims.yaml",
        10,
        "claims[0].note",
    ),
    Case(
        "lone-surrogate-in-json",
        add(
            "more.json",
            '{"claimkit": 1,\n "claims": [{"id": "c2", "action": "meeting",\n'
            '  "note": "fine \\ud83d\\ude00, not \\ude00"}]}\n',
        ),
        LoadError,
        "lone surrogate (U+DE00)",
        "more.json",
        3,
        "claims[0].note",
    ),
    Case(
        "lone-surrogate-in-a-json-line",
        add(
            "c.jsonl",
            '{"id": "ok", "action": "meeting"}\n'
            '{"id": "c9", "action": "meeting", "scope": ["\\udbff"]}\n',
        ),
        LoadError,
        "lone surrogate (U+DBFF)",
        "c.jsonl",
        2,
        "scope[0]",
    ),
]


@attrs.frozen
class Ran:
    """A bad corpus and what `python -m claimkit check` did with it."""

    root: Path
    returncode: int
    stdout: str
    stderr: str


def run_cli(cwd: Path, *args: str, env: dict[str, str] | None = None) -> Ran:
    """Run `python -m claimkit` in `cwd`."""
    result = subprocess.run(
        [sys.executable, "-m", "claimkit", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
        timeout=300,
        env=env,
    )
    return Ran(cwd, result.returncode, result.stdout, result.stderr)


@pytest.fixture(scope="module")
def bad_corpora(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Ran]:
    """Every case's corpus, checked by the CLI, the runs started side by side."""
    base = tmp_path_factory.mktemp("bad")
    for case in CASES:
        case.build(write_corpus(base / case.name))

    def check(case: Case) -> Ran:
        ran = run_cli(base, "check", case.name)
        return attrs.evolve(ran, root=base / case.name)

    with ThreadPoolExecutor(max_workers=8) as pool:
        return {case.name: ran for case, ran in zip(CASES, pool.map(check, CASES), strict=True)}


def matching(errors: tuple[ClaimkitError, ...], part: str) -> ClaimkitError:
    found = [error for error in errors if part in error.message]
    assert found, f"no error says {part!r}; got:\n" + "\n".join(map(str, errors))
    return found[0]


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_the_api_raises_a_documented_error_naming_file_line_and_field(
    case: Case, bad_corpora: dict[str, Ran]
) -> None:
    root = bad_corpora[case.name].root
    with pytest.raises(CorpusError) as info:
        claimkit.load(root)
    error = matching(info.value.errors, case.message)
    assert isinstance(error, case.error) and isinstance(error, ClaimkitError)
    assert error.file is not None
    assert Path(error.file).resolve() == (root / case.file).resolve(strict=False) or (
        case.name == "symlink-pointing-outside" and Path(error.file).name == case.file
    )
    assert (error.line, error.field) == (case.line, case.field)
    where = error.file if error.line is None else f"{error.file}:{error.line}"
    field = f"{error.field}: " if error.field else ""
    assert str(error) == f"{where}: {field}{error.message}"
    assert "\n" not in str(error)


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_the_cli_exits_2_with_the_located_message_and_no_traceback(
    case: Case, bad_corpora: dict[str, Ran]
) -> None:
    ran = bad_corpora[case.name]
    assert ran.returncode == 2, ran.stdout + ran.stderr
    assert "Traceback" not in ran.stderr + ran.stdout
    assert ran.stdout == ""
    shown = case.name if not case.file else f"{case.name}/{case.file}"
    where = shown if case.line is None else f"{shown}:{case.line}"
    head = f"error: {where}: " + (f"{case.field}: " if case.field else "")
    lines = [line for line in ran.stderr.splitlines() if case.message in line]
    assert lines and lines[0].startswith(head), ran.stderr
    assert all(line.startswith("error: ") for line in ran.stderr.splitlines())


def test_every_problem_in_every_file_is_reported_in_file_and_line_order(tmp_path: Path) -> None:
    root = write_corpus(tmp_path / "c", CLAIMS.replace('"2019"', '"2019-13"'))
    (root / "b.json").write_text('{"claimkit": 1, "claims": [,]}', encoding="utf-8")
    # One actor without its kind, one duplicate id.
    more = ACTORS.replace("{id: venezuela, kind: state, ", "{id: venezuela, ")
    (root / "more.yaml").write_text(more, encoding="utf-8")
    (root / "z.yaml").write_text("claimkit: 1\nclaims: !!python/name:os.system\n", "utf-8")
    ran = run_cli(tmp_path, "check", "c")
    assert ran.returncode == 2 and "Traceback" not in ran.stderr
    heads = [line.split(": ")[1] for line in ran.stderr.splitlines()]
    assert heads == [
        "c/b.json:1",
        "c/claims.yaml:9",
        "c/more.yaml:3",
        "c/more.yaml:4",
        "c/z.yaml:2",
    ]
    assert "duplicate actor id 'colombia'" in ran.stderr.splitlines()[3]


def test_offsets_that_do_not_hold_the_quote_are_a_load_error_at_the_evidence(
    tmp_path: Path,
) -> None:
    root = write_corpus(
        tmp_path / "c", CLAIMS.replace(EVIDENCE, f"      - {{quote: {QUOTE}, start: 0, end: 40}}\n")
    )
    ran = run_cli(tmp_path, "check", "c", "--format", "json")
    assert ran.returncode == 2 and "Traceback" not in ran.stderr
    assert ran.stdout == ""
    [line] = ran.stderr.splitlines()
    assert line.startswith("error: c/claims.yaml:11: claim c1.evidence[0].start: offsets '0-40'")
    assert "not the quote; the quote is at" in line
    with pytest.raises(CorpusError) as info:
        claimkit.load(root)
    assert info.value.errors[0].line == 11


@pytest.mark.parametrize(
    ("quote", "text"),
    [
        pytest.param(
            unicodedata.normalize("NFD", "Bogotá broke off relations"),
            " date 2022-11-09 Bogotá broke off relations in 2019.\n",
            id="nfd-quote-nfc-text",
        ),
        pytest.param(
            "Bogotá broke off relations",
            unicodedata.normalize("NFD", " date 2022-11-09 Bogotá broke off relations in 2019.\n"),
            id="nfc-quote-nfd-text",
        ),
        pytest.param(
            '"We broke off relations," he said - it\'s over...',
            " date 2022-11-09 \u201cWe broke off relations,\u201d"
            " he said \u2013 it\u2019s over\u2026\n",
            id="straight-quote-curly-text",
        ),
    ],
)
def test_quotes_in_another_normalisation_or_typography_anchor_as_typographic(
    tmp_path: Path, quote: str, text: str
) -> None:
    claims = CLAIMS.replace(EVIDENCE, f"      - quote: {json.dumps(quote)}\n")
    corpus = claimkit.load(write_corpus(tmp_path / "c", claims, text))
    [item] = claimkit.resolve(corpus).claim_spans("c1")
    assert item.ok, item.error
    assert item.span.match is claimkit.MatchKind.TYPOGRAPHIC
    assert item.span.start is not None and item.span.end is not None
    stretch = text[item.span.start : item.span.end]
    assert unicodedata.normalize("NFC", stretch).startswith(("Bogot", "\u201cWe"))
    report = claimkit.check(corpus)
    # Only the notice that says the quote was matched up to typography.
    assert {f.code for f in report.findings if f.code.startswith("CK01")} == {"CK0105"}


def test_a_quote_after_crlf_line_ends_anchors_at_its_code_point_offset(tmp_path: Path) -> None:
    text = " date 2022-11-09 First line.\r\nSecond line.\r\n\r\nMaduro " + QUOTE + ".\r\n"
    corpus = claimkit.load(write_corpus(tmp_path / "c", text=text))
    assert corpus.source("a").text == text
    [item] = claimkit.resolve(corpus).claim_spans("c1")
    assert (item.span.start, item.span.end) == (text.index(QUOTE), text.index(QUOTE) + len(QUOTE))
    assert item.span.start == len(" date 2022-11-09 First line.\r\nSecond line.\r\n\r\nMaduro ")


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks on this platform")
def test_the_cli_follows_a_symlink_outside_only_with_allow_outside(tmp_path: Path) -> None:
    root = write_corpus(tmp_path / "c")
    symlink_outside(root)
    assert run_cli(tmp_path, "check", "c").returncode == 2
    ran = run_cli(tmp_path, "check", "c", "--allow-outside", "--format", "json")
    assert ran.returncode in (0, 1) and "Traceback" not in ran.stderr
    assert json.loads(ran.stdout)["summary"]["sources"] == 2


def test_files_named_on_the_command_line_are_inside_the_corpus_in_any_order(
    tmp_path: Path,
) -> None:
    root = write_corpus(tmp_path / "c")
    (root / "claims").mkdir()
    (root / "claims.yaml").rename(root / "claims" / "c.yaml")
    ran = run_cli(tmp_path, "check", "c/claims/c.yaml", "c/a.txt", "c/actors.yaml")
    assert ran.returncode in (0, 1), ran.stderr
    assert "outside the corpus root" not in ran.stderr


#: Lines of the huge JSON Lines file; 200_000 takes about 25 s on a slow machine, so CI
#: uses fewer unless CLAIMKIT_HUGE_LINES asks for more (the campaign ran 200_000).
HUGE_LINES = int(os.environ.get("CLAIMKIT_HUGE_LINES", "40000"))


def test_a_huge_json_lines_file_streams_instead_of_being_read_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = write_corpus(tmp_path / "c", "claimkit: 1\n")
    huge = root / "claims.jsonl"
    line = '{{"id": "j{}", "action": "meeting", "actors": {{"participants": ["venezuela"]}}}}\n'
    with huge.open("w", encoding="utf-8") as handle:
        handle.writelines(line.format(number) for number in range(HUGE_LINES))
    size = huge.stat().st_size
    whole_reads: list[Path] = []
    read_bytes, read_text = Path.read_bytes, Path.read_text

    def spy_bytes(path: Path) -> bytes:
        whole_reads.append(path)
        return read_bytes(path)

    def spy_text(path: Path, *args: object, **kwargs: object) -> str:
        whole_reads.append(path)
        return read_text(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "read_bytes", spy_bytes)
    monkeypatch.setattr(Path, "read_text", spy_text)
    # A file limit far below the file's size: only a streamed file gets through.
    corpus = claimkit.load(root, limits=claimkit.Limits(max_file_bytes=size // 10))
    assert len(corpus.claims) == HUGE_LINES
    assert huge not in whole_reads
    assert corpus.claim(f"j{HUGE_LINES - 1}").location == claimkit.Location(
        os.path.relpath(huge), HUGE_LINES
    )


def test_the_report_counts_every_claim_including_those_that_cannot_be_anchored(
    tmp_path: Path,
) -> None:
    claims = CLAIMS + (
        "  - id: c2\n    action: meeting\n    actors: {participants: [colombia]}\n"
        "    evidence: [{quote: words that are nowhere in the text}]\n"
        "  - id: c3\n    action: meeting\n    actors: {participants: [colombia]}\n"
        "    evidence: [{quote: relations}, {quote: 'i'}]\n"
    )
    corpus = claimkit.load(write_corpus(tmp_path / "c", claims))
    report = claimkit.check(corpus)
    assert report.claims == 3 == report.summary["claims"]
    troubled = {claim for f in report.findings if f.code.startswith("CK01") for claim in f.claims}
    assert troubled == {"c2", "c3"}
