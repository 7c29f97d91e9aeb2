# The interoperability commands of the `claimkit` command line: `schema`, `export`, `import`.
#
# `register(subparsers)` adds the three subcommands to the parser `cli.build_parser` makes and
# returns their handlers by name, for `cli._COMMANDS`. Handlers return an exit code (0 done,
# 1 an import left something out) and raise `ClaimkitError` for bad input, which `cli.main`
# prints as one located line with exit code 2.

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import Any

from claimkit._io import emit

__all__ = ["register"]

_IMPORT_FORMATS = ("web-annotation", "csv")


def register(subparsers: Any) -> dict[str, Callable[[argparse.Namespace], int]]:
    """Add `schema`, `export` and `import` to `subparsers`; return their handlers by name."""
    from claimkit._export import EXPORT_FORMATS

    schema = subparsers.add_parser(
        "schema", help="print the JSON Schema of corpus files (for editors and validators)"
    )
    schema.add_argument("--output", "-o", metavar="FILE", help="write the schema to FILE")

    export = subparsers.add_parser(
        "export", help="write a corpus as PROV, Web Annotations, CSV or Parquet"
    )
    export.add_argument("paths", nargs="+", metavar="PATH", help="corpus directories or files")
    export.add_argument("--to", required=True, choices=EXPORT_FORMATS, dest="to")
    export.add_argument(
        "--output",
        "-o",
        required=True,
        metavar="FILE",
        help="the file to write (for csv/parquet the claims table; spans go to FILE.evidence.*)",
    )
    export.add_argument("--annotator", metavar="NAME", help="who annotated the claims (PROV)")
    export.add_argument(
        "--allow-outside", action="store_true", help="follow paths that leave the corpus root"
    )

    imp = subparsers.add_parser(
        "import", help="make claims from Web Annotations (hypothes.is) or a CSV file"
    )
    imp.add_argument("file", metavar="FILE", help="the annotations or the CSV file")
    imp.add_argument("--format", required=True, choices=_IMPORT_FORMATS, dest="import_format")
    imp.add_argument("--corpus", required=True, metavar="DIR", help="the corpus with the sources")
    imp.add_argument(
        "--output", "-o", metavar="FILE", help="the claim file to write (default: stdout)"
    )
    imp.add_argument(
        "--allow-outside", action="store_true", help="follow paths that leave the corpus root"
    )
    return {"schema": _cmd_schema, "export": _cmd_export, "import": _cmd_import}


def _cmd_schema(args: argparse.Namespace) -> int:
    from claimkit._schema import corpus_schema

    emit(json.dumps(corpus_schema(), ensure_ascii=False, indent=2) + "\n", args.output)
    return 0


def _cmd_export(args: argparse.Namespace) -> int:
    from claimkit._export import export_corpus
    from claimkit._load import load

    corpus = load(*args.paths, allow_outside=args.allow_outside)
    written = export_corpus(corpus, args.to, args.output, annotator=args.annotator)
    for path in written:
        print(f"wrote {path}", file=sys.stderr)
    return 0


def _cmd_import(args: argparse.Namespace) -> int:
    from claimkit._import import import_csv, import_web_annotations
    from claimkit._load import load

    corpus = load(args.corpus, allow_outside=args.allow_outside)
    reader = import_csv if args.import_format == "csv" else import_web_annotations
    result = reader(args.file, corpus)
    for problem in result.problems:
        line = f"{args.file}: {problem}"
        if problem.candidate is not None and problem.score is not None:
            line += f" [best candidate, score {problem.score:.1f}: {problem.candidate!r}]"
        print(line, file=sys.stderr)
    emit(result.dumps(), args.output)
    count = len(result.claims)
    print(
        f"imported {count} claim{'s' if count != 1 else ''}, "
        f"{len(result.problems)} problem{'s' if len(result.problems) != 1 else ''}",
        file=sys.stderr,
    )
    return 0 if result.ok else 1
