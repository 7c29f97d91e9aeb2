"""Time claimkit end to end on a synthetic corpus, next to DuckDB and pySHACL baselines.

Usage:
    python benchmarks/run.py --claims 100000 --format json [--jobs 2] [--data DIR]
        [--processes N] [--shacl-claims 1000] [--skip-baselines] [--recheck]

The corpus is generated once per size (by `benchmarks/generate.py`, in a child process so
that its memory is not counted) under `--data` (default `/tmp/claimkit-bench/N`). claimkit
runs first and alone, so the peak memory reported is its own (its peak RSS, plus the private
memory of the processes it forks with `--processes` above one): load, resolve (anchoring,
source dates, temporal tagging), index, every rule (each timed), and the JSON report. Then, on the
same claim files: a DuckDB SQL version of the date-conflict rule (claims of one event whose
date ranges are disjoint) and pySHACL running the same rule as a SHACL-SPARQL constraint
over the first `--shacl-claims` claims (it cannot finish large sizes).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import attrs

HERE = Path(__file__).resolve().parent


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _ensure(data: Path, claims: int, seed: int) -> dict[str, Any]:
    manifest = data / "manifest.json"
    if manifest.exists():
        found: dict[str, Any] = json.loads(manifest.read_text("utf-8"))
        if found["claims"] == claims and found["seed"] == seed:
            return found
    command = [sys.executable, str(HERE / "generate.py"), str(data), "--claims", str(claims)]
    subprocess.run([*command, "--seed", str(seed)], check=True, stdout=subprocess.DEVNULL)
    result: dict[str, Any] = json.loads(manifest.read_text("utf-8"))
    return result


class _Clock:
    """Cumulative seconds by stage, from wrapped functions."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)

    def wrap(self, name: str, function: Callable[..., Any]) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                self.seconds[name] += time.perf_counter() - start

        return timed

    def wrap_iter(self, name: str, function: Callable[..., Iterator[Any]]) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Iterator[Any]:
            iterator = function(*args, **kwargs)
            while True:
                start = time.perf_counter()
                try:
                    item = next(iterator)
                except StopIteration:
                    self.seconds[name] += time.perf_counter() - start
                    return
                self.seconds[name] += time.perf_counter() - start
                yield item

        return timed


def _private_mb() -> float:
    """This process's private memory (pages no other process shares), from Linux's smaps."""
    total = 0
    with open("/proc/self/smaps_rollup", encoding="ascii") as handle:
        for line in handle:
            if line.startswith(("Private_Clean:", "Private_Dirty:")):
                total += int(line.split()[1])
    return total / 1024


def run_claimkit(corpus_dir: Path, recheck: bool, processes: int) -> dict[str, Any]:
    """Load and check with every stage timed; the JSON report is written beside the corpus.

    With `processes` above one, the check runs as `claimkit check` runs it: the source clusters
    and some rule families in forked processes. Each of those reports its time, its rule
    timings and, when its work is done, its private memory (what forking no longer shares);
    the memory figure is the parent's peak RSS plus the most that ran beside it at once.
    """
    import tempfile

    import claimkit
    from claimkit import _engine, _resolve

    clock = _Clock()
    # Stage timers: wrap the functions the engine and the resolver call.
    _engine.resolve = clock.wrap("resolve", _engine.resolve)  # type: ignore[attr-defined]
    _engine.build_index = clock.wrap("index", _engine.build_index)  # type: ignore[attr-defined]
    _resolve._anchor_span = clock.wrap("resolve.anchor", _resolve._anchor_span)
    _resolve.infer_source_dates = clock.wrap("resolve.source_dates", _resolve.infer_source_dates)
    _resolve._mentions = clock.wrap("resolve.tag", _resolve._mentions)
    rules = [
        attrs.evolve(item, function=clock.wrap_iter(f"rule.{item.code}", item.function))
        for item in claimkit.registered_rules()
    ]
    # The rules stage runs from choosing the processes (after indexing) to sorting the
    # findings (when every hit is back and stamped).
    marks: dict[str, float] = {}
    groups, sort = _engine._rule_groups, _engine.sort_findings  # type: ignore[attr-defined]

    def rule_groups(*args: Any) -> Any:
        marks["rules"] = time.perf_counter()
        return groups(*args)

    def sort_findings(*args: Any) -> Any:
        marks["sorted"] = time.perf_counter()
        return sort(*args)

    _engine._rule_groups = rule_groups  # type: ignore[assignment]
    _engine.sort_findings = sort_findings  # type: ignore[attr-defined,assignment]
    outbox = Path(tempfile.mkdtemp(prefix="claimkit-bench-"))

    def reporting(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
        # Run in a forked process: its figures go to a file the parent reads at the end.
        def forked(*args: Any) -> Any:
            start = time.perf_counter()
            result = function(*args)
            figures = {
                "name": name,
                "seconds": time.perf_counter() - start,
                "private_mb": _private_mb(),
                "rules": {k: v for k, v in clock.seconds.items() if k.startswith("rule.")},
            }
            (outbox / f"{os.getpid()}.json").write_text(json.dumps(figures), "utf-8")
            return result

        return forked

    _engine._rules_child = reporting("rules", _engine._rules_child)  # type: ignore[assignment]
    _engine._clusters_child = reporting("clusters", _engine._clusters_child)  # type: ignore[assignment]

    start = time.perf_counter()
    corpus = claimkit.load(corpus_dir)
    loaded = time.perf_counter()
    report = claimkit.check(corpus, rules=rules, processes=processes)
    checked = time.perf_counter()
    # Written to a file a piece at a time, as `claimkit check --format json -o FILE` does.
    target = corpus_dir.parent / "report.json"
    with target.open("w", encoding="utf-8") as handle:
        for piece in report.iter_json():
            handle.write(piece)
    done = time.perf_counter()
    stages = dict(clock.seconds)
    children = [json.loads(path.read_text("utf-8")) for path in sorted(outbox.glob("*.json"))]
    for path in outbox.iterdir():
        path.unlink()
    outbox.rmdir()
    for item in children:
        if item["name"] == "rules":
            for key, seconds in item["rules"].items():
                stages[key] = stages.get(key, 0.0) + seconds
    rule_seconds = {k[5:]: round(v, 3) for k, v in sorted(stages.items()) if k.startswith("rule.")}
    rules_wall = marks["sorted"] - marks["rules"]
    parent_mb = _rss_mb()
    children_mb = [[item["name"], round(item["private_mb"], 1)] for item in children]
    beside: dict[str, float] = defaultdict(float)  # the private memory of each kind, summed
    for name, mb in children_mb:
        beside[name] += mb
    figures: dict[str, Any] = {
        "seconds_total": round(done - start, 3),
        "claims_per_second": round(len(corpus.claims) / (done - start)),
        "processes": processes,
        "stages": {
            "load": round(loaded - start, 3),
            "resolve": round(stages.get("resolve", 0.0), 3),
            "resolve.anchor": round(stages.get("resolve.anchor", 0.0), 3),
            "resolve.source_dates": round(stages.get("resolve.source_dates", 0.0), 3),
            "resolve.tag": round(stages.get("resolve.tag", 0.0), 3),
            "index": round(stages.get("index", 0.0), 3),
            # Wall time, stamping the findings included; the rules' own seconds (each process
            # timing its own) are under "rules" below.
            "rules": round(rules_wall, 3),
            "engine_other": round(
                checked
                - loaded
                - stages.get("resolve", 0.0)
                - stages.get("index", 0.0)
                - rules_wall,
                3,
            ),
            "report": round(done - checked, 3),
        },
        "rules": rule_seconds,
        "rules_seconds_summed": round(sum(rule_seconds.values()), 3),
        # What the forked processes took, each by itself: the source clusters (during
        # resolving) and the rules of the families run elsewhere.
        "forked_seconds": [[item["name"], round(item["seconds"], 3)] for item in children],
        # The clustering process has ended before the rules processes start, so the larger
        # of the two is what ever runs beside the parent.
        "peak_rss_mb": round(parent_mb + max(beside.values(), default=0.0), 1),
        "peak_rss_parent_mb": round(parent_mb, 1),
        "forked_private_mb": children_mb,
        "findings": len(report.findings),
        "date_conflicts": sum(1 for f in report.findings if f.code == "CK0301"),
        "report_bytes": target.stat().st_size,
    }
    if recheck:
        again = time.perf_counter()
        claimkit.check(corpus, processes=processes)
        figures["recheck_seconds"] = round(time.perf_counter() - again, 3)
    return figures


def run_jobs(corpus_dir: Path, jobs: int) -> dict[str, Any]:
    """`check --jobs N` against one process on the loaded corpus, side by side, in one run.

    Both sides are timed from the loaded corpus to the JSON report, alternately, three times
    each; the medians are reported, and whether the two reports are byte-identical.
    """
    import statistics

    import claimkit
    from claimkit import _distributed

    corpus = claimkit.load(corpus_dir)
    timings: dict[int, list[float]] = {1: [], jobs: []}
    texts: dict[int, str] = {}
    for _ in range(3):
        for count in (1, jobs):
            start = time.perf_counter()
            if count == 1:
                report = claimkit.check(corpus)
            else:
                report = _distributed.check_parallel(corpus, jobs=count)
            texts[count] = report.to_json()
            timings[count].append(time.perf_counter() - start)
            del report
    return {
        "jobs": jobs,
        "partitions": len(_distributed.partitions(corpus)),
        "seconds": round(statistics.median(timings[jobs]), 3),
        "seconds_jobs_1": round(statistics.median(timings[1]), 3),
        "speedup": round(statistics.median(timings[1]) / statistics.median(timings[jobs]), 2),
        "identical_to_jobs_1": texts[jobs] == texts[1],
    }


_DUCKDB_RANGES = """
CREATE TABLE claims AS
SELECT id, event,
  CAST(CASE length(date)
    WHEN 4 THEN date || '-01-01' WHEN 7 THEN date || '-01' ELSE date END AS DATE) AS lo,
  CAST(CASE length(date)
    WHEN 4 THEN date || '-12-31'
    WHEN 7 THEN CAST(last_day(CAST(date || '-01' AS DATE)) AS VARCHAR)
    ELSE date END AS DATE) AS hi
FROM read_json('{files}', format = 'newline_delimited',
               columns = {{id: 'VARCHAR', event: 'VARCHAR', date: 'VARCHAR'}})
WHERE event IS NOT NULL AND date IS NOT NULL
"""
_DUCKDB_CONFLICTS = """
SELECT a.event, a.id, b.id, b.lo - a.hi - 1 AS gap_days
FROM claims a JOIN claims b ON a.event = b.event AND a.hi < b.lo
ORDER BY a.event, a.id, b.id
"""


def run_duckdb(corpus_dir: Path, claims: int) -> dict[str, Any]:
    """The date-conflict rule as SQL over the same JSON Lines files, from reading to pairs."""
    import duckdb

    start = time.perf_counter()
    connection = duckdb.connect()
    files = str(corpus_dir / "claims" / "*.jsonl")
    connection.execute(_DUCKDB_RANGES.format(files=files))
    pairs = connection.execute(_DUCKDB_CONFLICTS).fetchall()
    seconds = time.perf_counter() - start
    return {
        "seconds": round(seconds, 3),
        "claims_per_second": round(claims / seconds),
        "conflicts": len(pairs),
    }


_SHACL_SHAPES = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ck: <https://claimkit.example/ns#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ck:DateConflictShape a sh:NodeShape ;
  sh:targetClass ck:Claim ;
  sh:sparql [
    a sh:SPARQLConstraint ;
    sh:message "another report of the same event is dated after this one ends" ;
    sh:prefixes [ sh:declare [ sh:prefix "ck" ;
      sh:namespace "https://claimkit.example/ns#"^^xsd:anyURI ] ] ;
    sh:select \"\"\"
      SELECT $this ?value WHERE {
        $this ck:event ?event ; ck:hi ?hi .
        ?value ck:event ?event ; ck:lo ?lo .
        FILTER (?hi < ?lo)
      }\"\"\" ;
  ] .
"""


def _range(edtf: str) -> tuple[str, str]:
    import calendar

    if len(edtf) == 4:
        return f"{edtf}-01-01", f"{edtf}-12-31"
    if len(edtf) == 7:
        year, month = int(edtf[:4]), int(edtf[5:])
        return f"{edtf}-01", f"{edtf}-{calendar.monthrange(year, month)[1]:02d}"
    return edtf, edtf


def run_pyshacl(corpus_dir: Path, limit: int) -> dict[str, Any]:
    """The same rule as a SHACL-SPARQL constraint, over the first `limit` claims."""
    import pyshacl
    from rdflib import RDF, Graph, Literal, Namespace, URIRef
    from rdflib.namespace import XSD

    ck = Namespace("https://claimkit.example/ns#")
    rows = []
    for path in sorted((corpus_dir / "claims").glob("*.jsonl")):
        with path.open("rb") as handle:
            for line in handle:
                rows.append(json.loads(line))
                if len(rows) >= limit:
                    break
        if len(rows) >= limit:
            break
    start = time.perf_counter()
    data = Graph()
    for row in rows:
        node = URIRef(f"https://claimkit.example/claim/{row['id']}")
        low, high = _range(row["date"])
        data.add((node, RDF.type, ck.Claim))
        data.add((node, ck.event, Literal(row["event"])))
        data.add((node, ck.lo, Literal(low, datatype=XSD.date)))
        data.add((node, ck.hi, Literal(high, datatype=XSD.date)))
    shapes = Graph().parse(data=_SHACL_SHAPES, format="turtle")
    conforms, results, _ = pyshacl.validate(data, shacl_graph=shapes, advanced=True)
    seconds = time.perf_counter() - start
    conflicts = len(
        list(results.subjects(RDF.type, URIRef("http://www.w3.org/ns/shacl#ValidationResult")))
    )
    return {
        "claims": len(rows),
        "seconds": round(seconds, 3),
        "claims_per_second": round(len(rows) / seconds, 1),
        "conflicts": conflicts,
        "conforms": bool(conforms),
    }


def main(argv: list[str] | None = None) -> None:
    """Command line; see the module docstring."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, required=True)
    parser.add_argument("--format", choices=["json", "text"], default="text")
    parser.add_argument("--data", type=Path)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--jobs", type=int, default=0, help="also run partitioned (0: skip)")
    parser.add_argument(
        "--processes",
        type=int,
        help="processes for the rules (default: what `claimkit check` uses for this size)",
    )
    parser.add_argument("--shacl-claims", type=int, default=500)
    parser.add_argument("--skip-baselines", action="store_true")
    parser.add_argument("--recheck", action="store_true")
    args = parser.parse_args(argv)
    data = args.data or Path("/tmp/claimkit-bench") / str(args.claims)
    manifest = _ensure(data, args.claims, args.seed)
    corpus_dir = data / "corpus"

    result: dict[str, Any] = {
        "claims": manifest["claims"],
        "sources": manifest["sources"],
        "actors": manifest["actors"],
        "planted_conflicts": len(manifest["planted"]),
        "machine": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
        },
    }
    if args.processes is None:
        from claimkit.cli import auto_rule_processes

        args.processes = auto_rule_processes(manifest["claims"])
    result["claimkit"] = run_claimkit(corpus_dir, args.recheck, args.processes)
    if not args.skip_baselines:
        duck = run_duckdb(corpus_dir, manifest["claims"])
        shacl = run_pyshacl(corpus_dir, min(args.shacl_claims, manifest["claims"]))
        ours = result["claimkit"]["claims_per_second"]
        duck["claimkit_ratio"] = round(ours / duck["claims_per_second"], 4)
        shacl["claimkit_ratio"] = round(ours / shacl["claims_per_second"], 2)
        result["duckdb"] = duck
        result["pyshacl"] = shacl
    if args.jobs:
        result["jobs"] = run_jobs(corpus_dir, args.jobs)
    if args.format == "json":
        print(json.dumps(result, indent=2))
    else:
        ck = result["claimkit"]
        print(f"{result['claims']} claims: {ck['seconds_total']} s, {ck['claims_per_second']}/s")
        print(f"  stages: {ck['stages']}")
        print(f"  peak RSS: {ck['peak_rss_mb']} MB")
        for name in ("duckdb", "pyshacl", "jobs"):
            if name in result:
                print(f"  {name}: {result[name]}")


if __name__ == "__main__":
    main()
