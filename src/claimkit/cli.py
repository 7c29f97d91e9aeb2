"""The `claimkit` command line: a thin layer over the public Python API.

Exit codes: 0 when nothing at or above `--fail-on` was found, 1 when findings were, 2 for
usage, configuration and input errors (each printed as one `file:line: field: message` line,
never a traceback).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from claimkit._version import __version__
from claimkit.errors import ClaimkitError, CorpusError

__all__ = ["main"]

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2


class _Parser(argparse.ArgumentParser):
    """argparse exits with 2 on usage errors, which is what claimkit promises too."""


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the `claimkit` command."""
    parser = _Parser(
        prog="claimkit",
        description="Provenance-tracked fact claims, checked for consistency across sources.",
    )
    parser.add_argument("--version", action="version", version=f"claimkit {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    check = commands.add_parser("check", help="check corpora for consistency")
    check.add_argument("paths", nargs="*", default=["."], metavar="PATH")
    check.add_argument("--allow-outside", action="store_true", help="follow paths out of the corpus")
    return parser


def _print_error(error: ClaimkitError) -> None:
    errors = error.errors if isinstance(error, CorpusError) else (error,)
    for item in errors:
        print(f"error: {item}", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with `argv` (default: `sys.argv[1:]`) and return the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        return _run(args)
    except ClaimkitError as error:
        _print_error(error)
        return EXIT_USAGE


def _run(args: argparse.Namespace) -> int:
    from claimkit._load import load

    corpus = load(*args.paths, allow_outside=args.allow_outside)
    print(f"{len(corpus.claims)} claims, {len(corpus.sources)} sources loaded")
    return EXIT_OK
