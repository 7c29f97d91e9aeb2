# Checking a corpus in partitions, in other processes or on a cluster.
#
# A partition is a set of claims closed under every way the rules make claims interact:
# one explicit event id, one state timeline (facet and key actors), one group (action and
# actor set), and the events named by `links`. `partition_key` gives each claim a cheap key
# (its timeline, else its event, else its group); `partitions` merges the keys that share an
# event, a group or a link target with a union-find, so two claims that any rule compares
# always land together. Partitions are packed into `bundles` of similar size.
#
# `check_partition` checks one bundle with the public API (`claimkit.check` over
# `attrs.evolve(corpus, claims=...)`): every source and actor is kept, so source clusters and
# actor-level rules see the whole corpus; the claims of each source without a known
# publication date that the bundle cites, and the claims sharing an event with them, are added
# as context, so the inferred date of that source is the one the whole corpus gives. A bundle
# keeps the findings about its own claims only, and every claim-less finding (about a source
# or an actor); `merge` keeps a claim-less finding from one bundle only (the first that cites
# its source, the first bundle for the rest) and assembles the same report, byte for byte,
# that a whole-corpus check gives.
#
# `check_parallel` (`claimkit check --jobs N`) runs `check_partition` in N local processes;
# `check_dask` runs it over a `dask.bag` (the optional `dask` extra); any other engine can call
# `bundles`, `check_partition` and `merge` the same way.

from __future__ import annotations

import multiprocessing
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import TYPE_CHECKING, Any

import attrs

from claimkit._config import Config
from claimkit._findings import Finding, FindingLocation, Kind, Severity, sort_findings
from claimkit._gc import paused_gc
from claimkit._index import facet_key, source_clusters
from claimkit._model import Claim, Corpus
from claimkit._report import DatedSource, Report
from claimkit._resolve import Cache, Prepared, prepare

if TYPE_CHECKING:
    from claimkit._rules._registry import Rule

__all__ = [
    "PartitionResult",
    "SharedWork",
    "bundles",
    "check_dask",
    "check_parallel",
    "check_partition",
    "merge",
    "partition_key",
    "partitions",
    "shared_work",
]


def partition_key(claim: Claim, corpus: Corpus) -> str:
    """A cheap key for the claims a claim can interact with (before merging).

    The state timeline of the claim's action when it has one (`facet:relations:a,b`), else
    its event id (`event:...`), else its group of action and actors (`group:meeting:a,b`).
    Claims that share an event, a group or a link target but not this key are merged by
    `partitions`.
    """
    facet = facet_key(corpus, claim)
    if facet is not None:
        return f"facet:{facet[0]}:{','.join(facet[1])}"
    if claim.event:
        return f"event:{claim.event}"
    return f"group:{claim.action}:{','.join(sorted({p.actor for p in claim.actors}))}"


def partitions(corpus: Corpus) -> list[tuple[str, ...]]:
    """The claim ids of a corpus split into sets that no rule compares across.

    Returns:
        Sorted tuples of claim ids, ordered by their first id.
    """
    parent: dict[str, str] = {}

    def find(node: str) -> str:
        root = node
        while parent.setdefault(root, root) != root:
            root = parent[root]
        while parent[node] != root:
            parent[node], node = root, parent[node]
        return root

    def union(a: str, b: str) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    keys: dict[str, str] = {}
    for claim in corpus.claims:
        key = partition_key(claim, corpus)
        keys[claim.id] = key
        find(key)
        if claim.event:
            union(key, f"event:{claim.event}")
        group = f"group:{claim.action}:{','.join(sorted({p.actor for p in claim.actors}))}"
        union(key, group)
        for link in claim.links:
            union(key, f"event:{link.event}")
    members: dict[str, list[str]] = defaultdict(list)
    for ident, key in keys.items():
        members[find(key)].append(ident)
    return sorted((tuple(sorted(ids)) for ids in members.values()), key=lambda ids: ids[0])


def bundles(
    corpus: Corpus, count: int, parts: Sequence[tuple[str, ...]] | None = None
) -> list[tuple[str, ...]]:
    """Pack the partitions of `corpus` into `count` bundles of similar size.

    Largest partitions first, each into the smallest bundle so far; deterministic. There is
    always at least one bundle (possibly empty). `parts` is `partitions(corpus)` when the
    caller already has it.
    """
    count = max(1, count)
    packed: list[list[str]] = [[] for _ in range(count)]
    parts = partitions(corpus) if parts is None else parts
    for part in sorted(parts, key=lambda ids: (-len(ids), ids[0])):
        smallest = min(range(count), key=lambda i: (len(packed[i]), i))
        packed[smallest].extend(part)
    return [tuple(sorted(ids)) for ids in packed]


@attrs.frozen(kw_only=True)
class PartitionResult:
    """What checking one bundle gives back for merging.

    Attributes:
        index: The bundle's position.
        findings: Findings about the bundle's own claims, and every claim-less finding.
        sources_dated: The publication date of every source as this bundle saw it.
        sources: The ids of the sources the bundle's own claims cite.
        rules: The rules that ran.
    """

    index: int
    findings: tuple[Finding, ...]
    sources_dated: tuple[DatedSource, ...]
    sources: frozenset[str]
    rules: tuple[Rule, ...] = attrs.field(eq=False, repr=False)


def _undated(corpus: Corpus) -> dict[str, list[Claim]]:
    """The context each source without a known publication date needs for its inference.

    Its own claims, and every claim that shares an event with one of them (the dates other
    sources give an event bound the source's date).
    """
    unknown = {source.id for source in corpus.sources if source.published is None}
    citing: dict[str, list[Claim]] = defaultdict(list)
    events: dict[str, list[Claim]] = defaultdict(list)
    for claim in corpus.claims:
        if claim.event:
            events[claim.event].append(claim)
        for source in set(claim.sources) & unknown:
            citing[source].append(claim)
    context: dict[str, list[Claim]] = {}
    for source, claims in citing.items():
        chosen = {claim.id: claim for claim in claims}
        for claim in claims:
            for other in events.get(claim.event or "", ()):
                chosen.setdefault(other.id, other)
        context[source] = [chosen[k] for k in sorted(chosen)]
    return context


@attrs.frozen(kw_only=True)
class SharedWork:
    """The source-level work of a check, done once and given to every bundle: every source's
    publication date (known, or inferred from the claims that inference reads: those citing
    undated sources and those sharing an event with them), the anchored spans of those
    claims, and the clusters of near-identical sources.

    Attributes:
        prepared: From `prepare`.
        clusters: From `source_clusters`.
    """

    prepared: Prepared
    clusters: Mapping[str, str]


def shared_work(
    corpus: Corpus,
    context: Mapping[str, Sequence[Claim]] | None = None,
    *,
    cache: Cache | None = None,
) -> SharedWork:
    """Date and cluster the sources of `corpus` once, for every bundle to use.

    Args:
        corpus: The whole corpus.
        context: `_undated(corpus)`, when already worked out: the claims the dates of
            undated sources depend on, which are all that is anchored here.
        cache: Anchoring and tagging results to reuse and update, as for `claimkit.check`.
    """
    citing = _undated(corpus) if context is None else context
    needed = {claim.id: claim for claims in citing.values() for claim in claims}
    sub = attrs.evolve(corpus, claims=tuple(needed[k] for k in sorted(needed)))
    with paused_gc():
        return SharedWork(
            prepared=prepare(sub, cache=cache), clusters=source_clusters(corpus.sources)
        )


def check_partition(
    corpus: Corpus,
    owned: Iterable[str],
    *,
    index: int = 0,
    config: Config | None = None,
    context: Mapping[str, Sequence[Claim]] | None = None,
    shared: SharedWork | None = None,
    cache: Cache | None = None,
) -> PartitionResult:
    """Check the claims `owned` (a union of whole partitions) of `corpus`.

    Args:
        corpus: The whole corpus (sources, actors and actions are kept as they are).
        owned: The ids of the bundle's claims.
        index: The bundle's position, for `merge`.
        config: As for [`claimkit.check`][claimkit.check].
        context: The claims each undated source's inference needs (computed when not given).
        shared: The source-level work from `shared_work(corpus)`; when given, the bundle
            neither anchors, infers source dates nor clusters sources again.
        cache: Anchoring and tagging results to reuse and update, as for `claimkit.check`
            (saved at the end unless it belongs to a worker of `check_parallel`).

    Returns:
        The bundle's findings and source dates.
    """
    mine = set(owned)
    cited = {source for ident in mine for source in corpus.claim(ident).sources}
    citing = _undated(corpus) if context is None else context
    chosen = {ident: corpus.claim(ident) for ident in mine}
    for source in sorted(cited & set(citing)):
        for claim in citing[source]:
            chosen.setdefault(claim.id, claim)
    sub = attrs.evolve(corpus, claims=tuple(chosen[k] for k in sorted(chosen)))
    from claimkit._engine import _check

    if shared is None:
        report = _check(sub, config=config, cache=cache)
    else:
        report = _check(
            sub, config=config, cache=cache, prepared=shared.prepared, clusters=shared.clusters
        )
    kept = tuple(f for f in report.findings if not f.claims or set(f.claims) <= mine)
    return PartitionResult(
        index=index,
        findings=kept,
        sources_dated=report.sources_dated,
        sources=frozenset(cited),
        rules=report.rules,
    )


def _finding_source(finding: Finding) -> str | None:
    for location in finding.locations:
        if location.source is not None:
            return location.source
    return None


def merge(
    corpus: Corpus, results: Sequence[PartitionResult], *, config: Config | None = None
) -> Report:
    """The whole-corpus report assembled from the results of every bundle of `corpus`."""
    config = config or Config()
    ordered = sorted(results, key=lambda r: r.index)
    if not ordered:
        raise ValueError("merge needs the result of at least one bundle")
    first = ordered[0].index
    owner: dict[str, int] = {}
    for result in ordered:
        for source in result.sources:
            owner.setdefault(source, result.index)
    findings: list[Finding] = []
    dated: dict[str, DatedSource] = {}
    for result in ordered:
        for finding in result.findings:
            if finding.claims:
                findings.append(finding)
                continue
            cited = _finding_source(finding)
            home = first if cited is None else owner.get(cited, first)
            if home == result.index:
                findings.append(finding)
        for item in result.sources_dated:
            if owner.get(item.source, first) == result.index:
                dated[item.source] = item
    return Report(
        findings=tuple(sort_findings(findings)),
        rules=ordered[0].rules,
        claims=len(corpus.claims),
        sources=len(corpus.sources),
        sources_dated=tuple(dated[k] for k in sorted(dated)),
        fail_on=config.fail_on,
    )


def check_dask(
    corpus: Corpus,
    *,
    npartitions: int,
    config: Config | None = None,
    scheduler: str | None = None,
    **compute: Any,
) -> Report:
    """Check `corpus` with `check_partition` mapped over a `dask.bag`, then merge.

    Args:
        corpus: The corpus (sent to the workers with each bundle; on a cluster, scatter it).
        npartitions: How many bundles (and bag partitions).
        config: As for [`claimkit.check`][claimkit.check].
        scheduler: Dask's scheduler (`"synchronous"`, `"processes"`, ...); `None` for the
            default or the active distributed client.
        **compute: More keyword arguments for `dask.compute`.

    Returns:
        The same report as `claimkit.check(corpus, config=config)`.

    Raises:
        ModuleNotFoundError: Dask is not installed (`pip install claimkit[dask]`).
    """
    import dask.bag as db

    context = _undated(corpus)
    shared = shared_work(corpus, context)
    work = list(enumerate(bundles(corpus, npartitions)))
    bag = db.from_sequence(work, npartitions=len(work))  # type: ignore[no-untyped-call]
    mapped = bag.map(
        lambda item: check_partition(
            corpus, item[1], index=item[0], config=config, context=context, shared=shared
        )
    )
    if scheduler is not None:
        compute["scheduler"] = scheduler
    results: list[PartitionResult] = mapped.compute(**compute)
    return merge(corpus, results, config=config)


# What a worker process of `check_parallel` checks against: set by `_start_worker` in the
# worker only, when its pool starts, and gone with the process when the pool shuts down.
_WORKER: dict[str, Any] = {}


def _start_worker(
    corpus: Corpus,
    config: Config | None,
    context: Mapping[str, Sequence[Claim]],
    shared: SharedWork | None = None,
    cache: Cache | None = None,
) -> None:
    if cache is not None:
        # Only the parent writes the cache file, with what every worker used added to it.
        cache._save_deferred = True
    _WORKER.update(corpus=corpus, config=config, context=context, shared=shared, cache=cache)


def _check_bundle(item: tuple[int, tuple[str, ...]]) -> tuple[_Packed, tuple[Any, ...] | None]:
    index, owned = item
    cache: Cache | None = _WORKER.get("cache")
    mark = None if cache is None else cache.mark()
    result = check_partition(
        _WORKER["corpus"],
        owned,
        index=index,
        config=_WORKER["config"],
        context=_WORKER["context"],
        shared=_WORKER.get("shared"),
        cache=cache,
    )
    used = None if cache is None or mark is None else cache.since(mark)
    return _pack(result), used


# A bundle's result crosses back to the parent as builtin tuples, strings and dicts, which
# pickle writes and reads in C; attrs instances pickle through a Python-level `__getstate__`
# and `__setstate__` per object, which cost more than the rules that made them (7,509
# findings of the 10,000-claim corpus: 0.5 s to dump and 0.5 s to load). The locations a
# check shares between findings (one tuple per claim) are sent once each.
_Packed = tuple[
    int,  # index
    tuple[tuple[Any, ...], ...],  # location table
    tuple[tuple[Any, ...], ...],  # findings, locations as positions in the table
    tuple[DatedSource, ...],
    frozenset[str],
    "tuple[Rule, ...]",
]

_LOCATION_FIELDS = ("claim", "file", "line", "column", "source", "start", "end", "quote")
_FINDING_FIELDS = (
    "code",
    "rule",
    "severity",
    "kind",
    "message",
    "claims",
    "locations",
    "details",
    "suppressed",
)


def _pack(result: PartitionResult) -> _Packed:
    """`result` as builtin data for pickling (see `_unpack`)."""
    positions: dict[int, int] = {}
    table: list[tuple[Any, ...]] = []
    rows: list[tuple[Any, ...]] = []
    for finding in result.findings:
        refs: list[int] = []
        for location in finding.locations:
            position = positions.get(id(location))
            if position is None:
                position = positions[id(location)] = len(table)
                table.append(
                    (
                        location.claim,
                        location.file,
                        location.line,
                        location.column,
                        location.source,
                        location.start,
                        location.end,
                        location.quote,
                    )
                )
            refs.append(position)
        rows.append(
            (
                finding.code,
                finding.rule,
                finding.severity.value,
                finding.kind.value,
                finding.message,
                finding.claims,
                tuple(refs),
                finding.details,
                finding.suppressed,
            )
        )
    return (
        result.index,
        tuple(table),
        tuple(rows),
        result.sources_dated,
        result.sources,
        result.rules,
    )


def _unpack(packed: _Packed) -> PartitionResult:
    """The `PartitionResult` that `_pack` was given, equal field for field."""
    index, table, rows, sources_dated, sources, rules = packed
    locations = [FindingLocation(**dict(zip(_LOCATION_FIELDS, row, strict=True))) for row in table]
    findings = tuple(
        Finding(
            code=code,
            rule=rule,
            severity=Severity(severity),
            kind=Kind(kind),
            message=message,
            claims=claims,
            locations=tuple(locations[i] for i in refs),
            details=details,
            suppressed=suppressed,
        )
        for code, rule, severity, kind, message, claims, refs, details, suppressed in rows
    )
    return PartitionResult(
        index=index, findings=findings, sources_dated=sources_dated, sources=sources, rules=rules
    )


def check_parallel(
    corpus: Corpus, *, jobs: int, config: Config | None = None, cache: Cache | None = None
) -> Report:
    """Check `corpus` in `jobs` local processes, one bundle each, and merge the results.

    The workers are forked where the platform can fork, so the corpus is shared with them
    rather than pickled; elsewhere it is sent once to each worker when it starts. With one
    job, or a corpus of a single partition, the corpus is checked in this process.

    Args:
        corpus: The corpus.
        jobs: How many processes (and bundles).
        config: As for [`claimkit.check`][claimkit.check].
        cache: As for `claimkit.check`: the parent and the workers look anchors and tags up
            in it, and the parent saves what all of them used.

    Returns:
        The same report, byte for byte, as `claimkit.check(corpus, config=config)`.
    """
    parts = partitions(corpus)
    jobs = min(jobs, len(parts))
    if jobs <= 1:
        from claimkit._engine import check

        return check(corpus, config=config, cache=cache)
    methods = multiprocessing.get_all_start_methods()
    mp_context = multiprocessing.get_context("fork") if "fork" in methods else None
    context = _undated(corpus)
    # Anchoring every span, dating every source and clustering them is done once, here, and
    # the forked workers share the result instead of each doing it again for its bundle.
    shared = shared_work(corpus, context, cache=cache)
    work = list(enumerate(bundles(corpus, jobs, parts)))
    results = []
    with ProcessPoolExecutor(
        jobs,
        mp_context=mp_context,
        initializer=_start_worker,
        initargs=(corpus, config, context, shared, cache),
    ) as pool:
        for packed, used in pool.map(_check_bundle, work):
            results.append(_unpack(packed))
            if cache is not None and used is not None:
                cache.absorb(used)
    if cache is not None:
        cache.save()
    return merge(corpus, results, config=config)
