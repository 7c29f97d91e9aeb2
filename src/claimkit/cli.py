"""The `claimkit` command line: a thin layer over the public Python API.

Commands: `check`, `pin`, `date`, `rules`, `show`, `timeline`. Exit codes: 0 when nothing at
or above `--fail-on` was found, 1 when findings were (or, for `pin --check`, when the lock
would change), 2 for usage, configuration and input errors, each printed as one
`file:line: field: message` line and never as a traceback, and for output that cannot be
written (one line naming the file). `run` is the installed command: `main`, then a quick exit.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import os
import sys
from collections.abc import Callable, Iterable, Sequence
from typing import NoReturn, TextIO

from claimkit._io import OutputError, emit
from claimkit._version import __version__
from claimkit.errors import ClaimkitError, ConfigError, CorpusError

__all__ = ["main", "run"]

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report a command stopped by Ctrl-C
FORMATS = ("text", "json", "sarif", "junit", "github")


class _UsageError(Exception):
    """A usage problem found after parsing."""


def _add_corpus_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", metavar="PATH", help="corpus directories or files")
    parser.add_argument(
        "--allow-outside", action="store_true", help="follow paths that leave the corpus root"
    )
    parser.add_argument("--config", metavar="PATH", help="a pyproject.toml with [tool.claimkit]")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the `claimkit` command."""
    return _build()[0]


def _build() -> tuple[argparse.ArgumentParser, dict[str, Callable[[argparse.Namespace], int]]]:
    from claimkit._cli_interop import register

    parser = argparse.ArgumentParser(
        prog="claimkit",
        description="Provenance-tracked fact claims, checked for consistency across sources.",
    )
    parser.add_argument("--version", action="version", version=f"claimkit {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    check = commands.add_parser("check", help="check corpora for consistency")
    _add_corpus_options(check)
    check.add_argument("--format", choices=FORMATS, default="text")
    check.add_argument(
        "--select", action="append", metavar="RULES", help="codes, names or families"
    )
    check.add_argument(
        "--ignore", action="append", metavar="RULES", help="codes, names or families"
    )
    check.add_argument("--fail-on", choices=("error", "warning", "info"))
    check.add_argument("--exit-zero", action="store_true", help="exit 0 even with findings")
    check.add_argument("--output", "-o", metavar="FILE", help="write the report to FILE")
    check.add_argument("--baseline", metavar="FILE", help="ignore findings recorded in FILE")
    check.add_argument(
        "--write-baseline", action="store_true", help="record the findings in --baseline FILE"
    )
    check.add_argument("--verbose", "-v", action="store_true", help="show notices too")
    check.add_argument("--color", choices=("auto", "always", "never"), default="auto")
    check.add_argument(
        "--no-cache",
        action="store_true",
        help="neither read nor write the re-check cache (.claimkit-cache/ in the corpus)",
    )
    check.add_argument(
        "--jobs",
        "-j",
        type=_jobs,
        default=None,
        metavar="N",
        help=(
            "check in N processes by partition, same report (0: one per core; default: one"
            f" partition, checked on every core from {RULE_PROCESSES_MIN_CLAIMS:,} claims on)"
        ),
    )

    pin = commands.add_parser("pin", help="record quote offsets and source hashes")
    _add_corpus_options(pin)
    pin.add_argument("--check", action="store_true", help="only verify; exit 1 if it would change")

    date = commands.add_parser("date", help="resolve a temporal expression")
    date.add_argument("expression")
    date.add_argument("--reference", metavar="YYYY-MM-DD", help="the document's date (EDTF)")
    date.add_argument("--tense", choices=("past", "future"), default="past")
    date.add_argument("--format", choices=("text", "json"), default="text")

    rules = commands.add_parser("rules", help="list the rules or explain one")
    rules.add_argument("code", nargs="?", help="a rule code or name")

    show = commands.add_parser("show", help="print a claim with its evidence in context")
    show.add_argument("claim")
    _add_corpus_options(show)

    timeline = commands.add_parser(
        "timeline", help="draw the events and states of the corpus on a time axis"
    )
    _add_corpus_options(timeline)
    timeline.add_argument("--format", choices=("text", "svg", "html"), default="text")
    timeline.add_argument("--output", "-o", metavar="FILE", help="write the timeline to FILE")
    handlers = {**_COMMANDS, **register(commands)}
    return parser, handlers


# From how many claims `claimkit check` uses every core when `--jobs` is not given: one
# partition, shared by `check(processes=...)` (the source clusters worked out beside
# resolving, the rules forked after indexing, whole families per process). Forking costs a
# few milliseconds; on 2 cores a 10k-claim check took 1.98 -> 1.20 s and 100k 26.1-26.9 ->
# 18.2-20.7 s end to end (docs/performance.md), and below a few thousand claims there is
# nothing left to gain. Splitting by partition (`--jobs N`) is never chosen on its own: on 2
# cores it was slower than one process at 100k (31.5 against 30.5 s) and than this at 1M
# (375.9 against 255.4 s).
RULE_PROCESSES_MIN_CLAIMS = 5_000


def auto_rule_processes(claims: int) -> int:
    """How many processes share a one-partition check of `claims` claims (`check(processes=)`)."""
    return (os.cpu_count() or 1) if claims >= RULE_PROCESSES_MIN_CLAIMS else 1


def _jobs(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of processes: {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"not a number of processes: {text!r}")
    return value or os.cpu_count() or 1


def _paths(args: argparse.Namespace) -> list[str]:
    return list(args.paths) or ["."]


def _config(args: argparse.Namespace) -> object:
    from claimkit._config import Config, find_pyproject, load_config

    if args.config:
        return load_config(args.config)
    found = find_pyproject(_paths(args)[0])
    return load_config(found) if found else Config()


def _print_errors(error: ClaimkitError, stream: TextIO) -> None:
    errors = error.errors if isinstance(error, CorpusError) else (error,)
    for item in errors:
        print(f"error: {item}", file=stream)


def _colour(choice: str, stream: TextIO) -> bool:
    if choice != "auto":
        return choice == "always"
    if os.environ.get("NO_COLOR"):
        return False
    return stream.isatty()


def _cmd_check(args: argparse.Namespace) -> int:
    from claimkit._config import Config
    from claimkit._engine import check
    from claimkit._findings import Severity
    from claimkit._load import load

    config = _config(args)
    assert isinstance(config, Config)
    config = config.merged(
        select=[s for item in args.select or [] for s in item.split(",") if s],
        ignore=[s for item in args.ignore or [] for s in item.split(",") if s],
        fail_on=Severity(args.fail_on) if args.fail_on else None,
    )
    if args.write_baseline and not args.baseline:
        raise _UsageError("--write-baseline needs --baseline FILE")
    progress = _ProgressLine(sys.stderr) if sys.stderr.isatty() else None
    if progress:
        progress("loading", 0, 1)
    # With no PATH, the corpora listed in [tool.claimkit] paths, else the current directory.
    paths = list(args.paths) or config.corpus_paths() or ["."]
    corpus = load(*paths, allow_outside=args.allow_outside or config.allow_outside)
    jobs = 1 if args.jobs is None else args.jobs
    from claimkit._resolve import Cache

    cache = None if args.no_cache or corpus.root is None else Cache.open(corpus.root)
    if jobs > 1:
        from claimkit._distributed import check_parallel

        if progress:
            progress(f"checking in {jobs} processes", 0, 1)
        report = check_parallel(corpus, jobs=jobs, config=config, cache=cache)
    else:
        # `--jobs 1` asks for one process; left to choose, the check uses every core.
        processes = 1 if args.jobs is not None else auto_rule_processes(len(corpus.claims))
        report = check(corpus, config=config, progress=progress, cache=cache, processes=processes)
    if progress:
        progress.clear()
    if args.baseline:
        from claimkit._baseline import apply_baseline, read_baseline, write_baseline

        if args.write_baseline:
            count = write_baseline(args.baseline, report)
            print(f"wrote {count} finding(s) to {args.baseline}", file=sys.stderr)
            return EXIT_OK
        report = apply_baseline(report, read_baseline(args.baseline))
    emit(_render(report, args), args.output)
    if report.failed() and not args.exit_zero:
        return EXIT_FINDINGS
    return EXIT_OK


class _ProgressLine:
    """One status line on a terminal's stderr, redrawn in place and erased at the end.

    Hand-written on purpose: a single carriage-return line needs no progress library, and
    the CLI stays free of a dependency (and its import time) for it. It is only used when
    stderr is a terminal, so logs and pipes stay clean.
    """

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.width = 0

    def __call__(self, label: str, done: int, total: int) -> None:
        filled = 20 * done // max(total, 1)
        text = f"[{'#' * filled}{'.' * (20 - filled)}] {done}/{total} {label}"[:79]
        self.stream.write("\r" + text.ljust(self.width))
        self.stream.flush()
        self.width = len(text)

    def clear(self) -> None:
        self.stream.write("\r" + " " * self.width + "\r")
        self.stream.flush()


def _render(report: object, args: argparse.Namespace) -> str | Iterable[str]:
    from claimkit._formats import iter_junit, iter_sarif, render_github
    from claimkit._report import Report, iter_text

    assert isinstance(report, Report)
    renderers: dict[str, Callable[[Report], str | Iterable[str]]] = {
        # In pieces: a large report is written without ever holding all of its text.
        "json": Report.iter_json,
        "sarif": iter_sarif,
        "junit": iter_junit,
        "github": render_github,
    }
    if args.format == "text":
        colour = not args.output and _colour(args.color, sys.stdout)
        return iter_text(report, colour=colour, verbose=args.verbose)
    return renderers[args.format](report)


def _cmd_pin(args: argparse.Namespace) -> int:
    from claimkit._load import load
    from claimkit._pin import lock_path, pin, write_lock

    corpus = load(*_paths(args), allow_outside=args.allow_outside)
    lock, problems = pin(corpus)
    for claim, index, error in problems:
        print(f"error: claim {claim} evidence[{index}]: {error}", file=sys.stderr)
    path = lock_path(corpus)
    current = path.read_text("utf-8") if path.exists() else None
    wanted = lock.to_json()
    if args.check:
        if current != wanted:
            print(f"{path} is out of date: run `claimkit pin`", file=sys.stderr)
            return EXIT_FINDINGS
        return EXIT_FINDINGS if problems else EXIT_OK
    if current != wanted:
        write_lock(path, lock)
        print(f"pinned {len(lock.spans)} spans in {len(lock.hashes)} sources to {path}")
    else:
        print(f"{path} is up to date")
    return EXIT_FINDINGS if problems else EXIT_OK


def _cmd_date(args: argparse.Namespace) -> int:
    import json

    from claimkit._dates import PartialDate
    from claimkit._temporal import resolve

    reference = PartialDate.parse(args.reference) if args.reference else None
    resolution = resolve(args.expression, reference, tense=args.tense)
    if args.format == "json":
        print(json.dumps(resolution.as_dict(), indent=2, sort_keys=True, ensure_ascii=False))
    else:
        value = resolution.value
        print(f"{args.expression!r} -> {value if value is not None else 'no single date'}")
        if resolution.candidates:
            years = ", ".join(str(y) for y in resolution.candidates)
            print(f"  candidate years: {years}")
        for step in resolution.trace:
            print(f"  [{step.kind}] {step.rule}: {step.detail}")
        if resolution.mismatch:
            print(f"  mismatch: {resolution.mismatch}")
    return EXIT_OK if resolution.holds else EXIT_FINDINGS


def _cmd_rules(args: argparse.Namespace) -> int:
    from claimkit._rules import registered_rules

    rules = registered_rules()
    if not args.code:
        for rule in rules:
            print(f"{rule.code}  {rule.severity.value:<7}  {rule.name:<34} {rule.summary}")
        return EXIT_OK
    wanted = args.code
    for rule in rules:
        if wanted in {rule.code, rule.name}:
            print(f"{rule.code} {rule.name} (default severity: {rule.severity.value})\n")
            print(f"{rule.summary}\n\n{rule.rationale}\n")
            print(f"Example:\n{_indent(rule.example)}\n\nFixed:\n{_indent(rule.fixed)}")
            if rule.options:
                print("\nOptions:")
                for key, value in sorted(rule.options.items()):
                    print(f"  {key} = {value!r}")
            return EXIT_OK
    raise _UsageError(f"no rule has the code or name {wanted!r}; `claimkit rules` lists them")


def _indent(text: str) -> str:
    return "\n".join(f"    {line}" for line in text.splitlines())


def _cmd_show(args: argparse.Namespace) -> int:
    from claimkit._load import load
    from claimkit._resolve import resolve

    corpus = load(*_paths(args), allow_outside=args.allow_outside)
    claim = corpus.claim(args.claim)
    resolved = resolve(corpus)
    where = f" ({claim.location})" if claim.location else ""
    print(f"{claim.id}{where}")
    print(f"  action: {claim.action}")
    for participant in claim.actors:
        office = f" as {participant.office}" if participant.office else ""
        print(f"  {participant.role}: {participant.actor}{office}")
    date = resolved.dates.get(claim.id)
    if date is not None:
        how = "annotated" if claim.date is not None else "stated by the evidence"
        print(f"  date: {date} ({how})")
    for item in resolved.claim_spans(claim.id):
        span = item.span
        print(f"  evidence[{item.index}] in {span.source}:")
        if item.ok and span.source and span.start is not None and span.end is not None:
            text = corpus.source(span.source).text
            before = text[max(0, span.start - 80) : span.start].replace("\n", " ")
            after = text[span.end : span.end + 80].replace("\n", " ")
            quoted = text[span.start : span.end]
            print(f"    [{span.start}:{span.end}] ...{before}>>{quoted}<<{after}...")
            for mention in item.mentions:
                value = mention.resolution.value
                print(f"    date words {mention.text!r} -> {value}")
        else:
            print(f"    not anchored: {item.error}")
    return EXIT_OK


def _cmd_timeline(args: argparse.Namespace) -> int:
    from claimkit._config import Config
    from claimkit._load import load
    from claimkit._timeline import (
        build_timeline,
        render_timeline_html,
        render_timeline_svg,
        render_timeline_text,
    )

    config = _config(args)
    assert isinstance(config, Config)
    corpus = load(*_paths(args), allow_outside=args.allow_outside or config.allow_outside)
    timeline = build_timeline(corpus, config=config)
    renderers = {
        "text": render_timeline_text,
        "svg": render_timeline_svg,
        "html": render_timeline_html,
    }
    emit(renderers[args.format](timeline), args.output)
    return EXIT_OK


_COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "check": _cmd_check,
    "pin": _cmd_pin,
    "date": _cmd_date,
    "rules": _cmd_rules,
    "show": _cmd_show,
    "timeline": _cmd_timeline,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with `argv` (default: `sys.argv[1:]`) and return the exit code."""
    parser, handlers = _build()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        return handlers[args.command](args)
    except (ClaimkitError, ConfigError) as error:
        _print_errors(error, sys.stderr)
        return EXIT_USAGE
    except (_UsageError, OutputError) as error:
        print(f"claimkit {args.command}: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:
        # The reader went away (`claimkit check | head`): not an error of ours.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    except OSError as error:
        # A file the library could not read or write (`pin`'s lock, `export`'s tables): the
        # file and why.
        where = f"{error.filename}: " if error.filename else ""
        print(f"claimkit {args.command}: error: {where}{error.strerror or error}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        # Ctrl-C: one line and the shell's code for it, not a traceback. A file given with
        # `-o` is written whole or not at all, and forked processes are stopped on the way.
        print(f"claimkit {args.command}: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED


def run() -> NoReturn:
    """The `claimkit` command (and `python -m claimkit`): `main`, then exit at once.

    A check of many claims leaves millions of objects, and the interpreter's teardown frees
    them one by one before the process ends (measured: about 1 s at 100,000 claims, 10 s at
    a million), though every file the command wrote is already closed and in place. So,
    as mypy's command does, the standard streams are flushed and the process ends without
    that teardown (`os._exit`); `main` itself, for programs and tests, returns as usual.

    For the same reason the cyclic garbage collector is off for the whole command. The
    library pauses it while it loads, checks and writes; switched back on between those
    steps, with millions of objects alive, it walks all of them at its next full collection
    (seconds at a million claims) to free next to nothing, in a process about to end.
    """
    gc.disable()
    code = main()
    try:
        sys.stdout.flush()
    except BrokenPipeError:  # the reader went away: not an error of ours (see `main`)
        pass
    except OSError as error:
        print(f"claimkit: error: cannot write standard output: {error.strerror}", file=sys.stderr)
        code = code or EXIT_USAGE
    with contextlib.suppress(OSError):
        sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":  # pragma: no cover
    run()
