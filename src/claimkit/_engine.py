# Stage 4 of the pipeline: run the rules.
#
# `check` resolves and indexes the corpus once, then calls every enabled rule with a
# `Context` (read-only views plus the rule's options) and turns each `Hit` into a `Finding`:
# it stamps the rule's code, name and severity (after configuration), adds the location and
# quote of every span of every claim concerned, applies the claims' suppressions (a
# suppressed finding is kept and counted, never hidden), and sorts. Rules do no I/O and keep
# no state between runs.
#
# With `processes` above one, the work is shared with forked processes (`_Forked`): one
# clusters the sources while this one resolves, and after indexing the rule families are
# dealt out (`_rule_groups`); the other processes send their hits back as builtin tuples and
# they are stamped here, in rule order, so the report is the one a single process makes.

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from claimkit._config import Config, _matches
from claimkit._dates import PartialDate
from claimkit._findings import Finding, FindingLocation, Hit, Kind, Severity, sort_findings
from claimkit._gc import paused_gc
from claimkit._index import Index, build_index, source_clusters
from claimkit._infer import SourceDate
from claimkit._model import Claim, Corpus
from claimkit._report import Report
from claimkit._resolve import Cache, Prepared, Resolved, ResolvedSpan, resolve
from claimkit._rules import registered_rules
from claimkit._rules._registry import BUILTIN, Rule

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

__all__ = [
    "Context",
    "Progress",
    "assert_consistent",
    "check",
    "check_path",
    "is_consistent",
    "iter_findings",
]


@attrs.frozen(kw_only=True)
class Context:
    """What a rule function sees: the resolved, indexed corpus and its own options.

    Attributes:
        corpus: The corpus as loaded.
        resolved: Anchored spans, source dates and claim dates.
        index: Claims grouped by event, action and actors, facet, and source.
        options: This rule's options (defaults updated by the configuration).
        memo: Work that rules of one check share (sentences cut once per source, say),
            keyed by the rule module that owns it; made afresh for every check, so nothing
            survives between checks. When a check uses several processes, each has its own,
            and the built-in rules of one family always run in the same one. A built-in
            family's entries (`dates.*`, `grounding.*`, ...) are dropped once its last rule
            has run, to spare memory.
    """

    corpus: Corpus
    resolved: Resolved
    index: Index
    options: Mapping[str, Any] = attrs.field(factory=dict)
    memo: dict[str, object] = attrs.field(factory=dict, eq=False, repr=False)
    # The corpus's table of claims by id: rules look claims up hundreds of thousands of times
    # per check, and this saves the calls through `Corpus.claim` for the ids it knows.
    _claims: Mapping[str, Claim] = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_claims", self.corpus._claims)

    def claim(self, ident: str) -> Claim:
        """The claim with id `ident`."""
        found = self._claims.get(ident)
        # An unknown id raises as `Corpus.claim` does.
        return self.corpus.claim(ident) if found is None else found

    def claims_by_id(self) -> tuple[Claim, ...]:
        """Every claim of the corpus, in the order of their ids (the order most rules walk).

        Sorted once per check (per process of a check), not once per rule: kept in the memo.
        """
        found = self.memo.get("engine.claims-by-id")
        if not isinstance(found, tuple):
            found = self.memo["engine.claims-by-id"] = tuple(
                sorted(self.corpus.claims, key=lambda claim: claim.id)
            )
        return found

    def date(self, ident: str) -> PartialDate | None:
        """The effective date of a claim: annotated, or stated by its evidence."""
        return self.resolved.dates.get(ident)

    def spans(self, ident: str) -> tuple[ResolvedSpan, ...]:
        """The resolved evidence of a claim."""
        return self.resolved.spans.get(ident, ())  # `Resolved.claim_spans`, one call less

    def quote(self, ident: str) -> str:
        """The first quote of a claim's evidence ('' when it has none)."""
        claim = self.corpus.claim(ident)
        return claim.evidence[0].quote if claim.evidence else ""

    def source_date(self, source: str) -> SourceDate | None:
        """The publication date of a source, known or inferred."""
        return self.resolved.source_dates.get(source)


def _claim_locations(context: Context, ident: str) -> tuple[FindingLocation, ...]:
    """Where a claim is written: one location per evidence span (its own when it has none)."""
    claim = context.corpus.claim(ident)
    spans = context.spans(ident)
    if not spans:
        where = claim.location
        return (
            FindingLocation(
                claim=ident,
                file=where.file if where else None,
                line=where.line if where else None,
                column=where.column if where else None,
            ),
        )
    locations: list[FindingLocation] = []
    for item in spans:
        where = item.span.location or claim.location
        locations.append(
            FindingLocation(
                claim=ident,
                file=where.file if where else None,
                line=where.line if where else None,
                column=where.column if where else None,
                source=item.span.source,
                start=item.span.start,
                end=item.span.end,
                quote=item.span.quote,
            )
        )
    return tuple(locations)


class _Stamper:
    """Turns the hits of one check into findings, building each claim's locations once."""

    def __init__(self, corpus: Corpus) -> None:
        self._locations: dict[str, tuple[FindingLocation, ...]] = {}
        # Findings about the same claims (an event's date agreement, its corroboration, a
        # single-source notice) share one tuple of claims and one of locations: tuples
        # cannot change, and each shared pair saves a hundred bytes or more per finding
        # held, and the building of the locations. Keyed by the claims of the hits.
        self._shared: dict[
            tuple[str, ...], tuple[tuple[str, ...], tuple[FindingLocation, ...]]
        ] = {}
        # The suppressions of the claims that have any (most have none), looked up once. An
        # unknown claim id still raises, when its locations are looked up.
        self._suppress = {claim.id: claim.suppress for claim in corpus.claims if claim.suppress}
        # Whether orjson writes the details of every finding so far as `json` does (see
        # `Report._details_alike`); a hit that does not say (unpickled) counts as no.
        self.alike = True

    def locations(
        self, context: Context, claims: Sequence[str], source: str | None
    ) -> tuple[FindingLocation, ...]:
        """The locations of every claim of a hit, or of its source when it has no claims."""
        if not claims:
            if source is not None and context.corpus.has_source(source):
                path = context.corpus.source(source).path
                return (FindingLocation(claim="", file=path, line=1, source=source),)
            return ()
        if len(claims) == 1:
            return self._of(context, claims[0])
        return tuple(location for ident in claims for location in self._of(context, ident))

    def _of(self, context: Context, ident: str) -> tuple[FindingLocation, ...]:
        found = self._locations.get(ident)
        if found is None:
            found = self._locations[ident] = _claim_locations(context, ident)
        return found

    def finding(
        self, rule: Rule, severity: Severity, overridden: bool, hit: Hit, context: Context
    ) -> Finding:
        """The finding of `hit`: code, name, severity, locations and suppression stamped."""
        chosen = severity if overridden or hit.severity is None else hit.severity
        if self.alike and not getattr(hit, "_details_alike", False):
            self.alike = False
        suppressed = None
        suppressions = self._suppress
        for ident in hit.claims if suppressions else ():
            for item in suppressions.get(ident, ()):
                if _matches(item.rule, rule):
                    suppressed = item.reason
                    break
            if suppressed:
                break
        claims = hit.claims
        if claims:
            shared = self._shared.get(claims)
            if shared is None:
                shared = self._shared[claims] = (claims, self.locations(context, claims, None))
            claims, locations = shared
        else:
            # Without claims, the locations are the source's.
            locations = self.locations(context, claims, hit.source)
        return Finding(
            code=rule.code,
            rule=rule.name,
            severity=chosen,
            kind=hit.kind,
            message=hit.message,
            claims=claims,
            locations=locations,
            details=hit.details,
            suppressed=suppressed,
        )


def _select(config: Config, rules: Sequence[Rule] | None) -> list[Rule]:
    chosen = registered_rules() if rules is None else tuple(rules)
    return [rule for rule in chosen if config.enabled(rule)]


Progress = Callable[[str, int, int], None]
"""A progress callback: `(what is running, steps done, steps in all)`."""


# The rules' share of the time of a check, by built-in family (seconds at 100,000 claims of
# the benchmark corpus, docs/performance.md): what `_rule_groups` balances the processes by.
# A family missing here (a plugin's) counts as this table's smallest.
_FAMILY_COST: Mapping[str, float] = {
    "dates": 4.7,
    "grounding": 3.9,
    "sources": 1.4,
    "timelines": 1.3,
    "quantities": 0.3,
    "provenance": 0.2,
    "actors": 0.05,
}
# The families whose hits are nine in ten of a report (date agreements, corroborations) are
# checked in the parent process, which would otherwise be sent them all.
_HOME_FAMILIES = ("dates", "sources")


def _rule_groups(enabled: Sequence[Rule], processes: int) -> list[list[int]]:
    """The positions in `enabled` of the rules each process runs (the parent's first).

    A family's rules share work through the memo, so they always run in one process; the
    families are dealt out greedily, costliest first, to the least loaded process. Rules that
    are not built-in stay in the parent: nothing says which memo they share, nor that their
    hits survive the trip.
    """
    families: dict[str, list[int]] = {}
    home: list[int] = []
    for position, rule in enumerate(enabled):
        if BUILTIN.get(rule.code) != rule or rule.family in _HOME_FAMILIES:
            home.append(position)
        else:
            families.setdefault(rule.family, []).append(position)
    groups: list[list[int]] = [home] + [[] for _ in range(max(processes, 1) - 1)]
    least = min(_FAMILY_COST.values())
    cost = [0.0] * len(groups)
    cost[0] = sum(_FAMILY_COST.get(name, least) for name in {enabled[p].family for p in home})
    for family in sorted(families, key=lambda name: (-_FAMILY_COST.get(name, least), name)):
        target = min(range(len(groups)), key=lambda number: (cost[number], number))
        groups[target].extend(families[family])
        cost[target] += _FAMILY_COST.get(family, least)
    return [sorted(group) for group in groups if group] or [[]]


# How much of the caller's resident memory a forked process comes to hold privately: every
# page whose objects it touches is copied (CPython writes reference counts). Measured on the
# benchmark corpora: the rules process held 229 MB beside a 471 MB caller at 100k claims and
# 2,133 MB beside 4,087 MB at 1M (docs/performance.md); rounded up.
_FORKED_SHARE = 0.6


def _memory() -> tuple[int, int] | None:
    """This process's resident bytes and the bytes still available to it, where Linux says.

    Available is the kernel's estimate for the machine (`MemAvailable`), or less when a
    cgroup (a container's limit) leaves less.
    """
    try:
        with open("/proc/self/statm", encoding="ascii") as handle:
            resident = int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        with open("/proc/meminfo", encoding="ascii") as handle:
            lines = (line.split() for line in handle)
            available = next(int(f[1]) * 1024 for f in lines if f[0] == "MemAvailable:")
    except (OSError, ValueError, IndexError, StopIteration):
        return None
    try:
        with open("/sys/fs/cgroup/memory.max", encoding="ascii") as handle:
            limit = handle.read().strip()
        with open("/sys/fs/cgroup/memory.current", encoding="ascii") as handle:
            used = int(handle.read())
        if limit != "max":
            available = min(available, int(limit) - used)
    except (OSError, ValueError):
        pass
    return resident, available


def _affordable(processes: int) -> int:
    """How many of `processes` (this one included) the memory left allows, at least one."""
    if processes <= 1:
        return processes
    memory = _memory()
    if memory is None:
        return processes
    resident, available = memory
    each = resident * _FORKED_SHARE
    return max(1, min(processes, 1 + int(max(available, 0) // max(each, 1.0))))


# `multiprocessing`, `pickle` and `traceback` are imported where processes are started, not
# with claimkit (together, a fifth of the time `import claimkit` takes).


def _can_fork() -> bool:
    """Whether this process can fork safely: where the platform can, and with one thread only
    (a forked copy of a threaded process may wait forever on a lock another thread held, and
    Python 3.12 warns of it)."""
    import multiprocessing
    import threading

    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


# A hit crosses from a rules process to the parent as a tuple of builtin values, which pickle
# writes and reads in C (see `_distributed._pack` for why not the attrs instance).
_HitRow = tuple[str, str, tuple[str, ...], dict[str, Any], "str | None", "str | None", bool]
_KINDS = {kind.value: kind for kind in Kind}
_SEVERITIES = {severity.value: severity for severity in Severity}


def _hit_row(hit: Hit) -> _HitRow:
    severity = None if hit.severity is None else hit.severity.value
    alike = getattr(hit, "_details_alike", False)
    return (hit.kind.value, hit.message, hit.claims, hit.details, severity, hit.source, alike)


def _row_hit(row: _HitRow) -> Hit:
    """The hit `_hit_row` was given, equal field for field, without freezing its details again."""
    kind, message, claims, details, severity, source, alike = row
    hit = object.__new__(Hit)
    fill = object.__setattr__
    fill(hit, "kind", _KINDS[kind])
    fill(hit, "message", message)
    fill(hit, "claims", claims)
    fill(hit, "details", details)
    fill(hit, "severity", None if severity is None else _SEVERITIES[severity])
    fill(hit, "source", source)
    fill(hit, "_details_alike", alike)
    return hit


def _rules_child(
    rules: Sequence[Rule],
    corpus: Corpus,
    resolved: Resolved,
    index: Index,
    config: Config,
) -> list[list[_HitRow]]:
    """What a forked process runs: `rules`, whose hits it sends back, rule by rule."""
    context_of = _contexts(corpus, resolved, index, config)
    return [
        [_hit_row(hit) for hit in rule.function(context)]
        for rule, context in _in_turn(rules, context_of)
    ]


def _in_turn(
    rules: Sequence[Rule], context_of: Callable[[Rule], Context]
) -> Iterator[tuple[Rule, Context]]:
    """Each of one process's `rules` with its context, in order; the caller runs the rule
    (takes all its hits) before asking for the next one.

    When the last rule of a built-in family has been run, the family's memo entries are
    dropped (`_forget`) before the next rule starts.
    """
    last: dict[str, int] = {}
    for number, rule in enumerate(rules):
        if BUILTIN.get(rule.code) == rule:
            last[rule.family] = number
    ends = {number: family for family, number in last.items()}
    for number, rule in enumerate(rules):
        context = context_of(rule)
        yield rule, context
        if number in ends:
            _forget(context.memo, ends[number])


def _forget(memo: dict[str, object], family: str) -> None:
    """Drop a built-in family's memo entries (keyed `family.*`) once its last rule has run.

    They are a large share of a check's memory (every source's passages and words for the
    grounding rules, every event's sources for the sources rules); dropped, their memory
    holds the findings of the rules that follow instead of adding to the peak. A rule that
    asks for an entry again (a plugin reading a built-in family's) only works it out again.
    """
    prefix = family + "."
    for key in [key for key in memo if key.startswith(prefix)]:
        del memo[key]


def _contexts(
    corpus: Corpus, resolved: Resolved, index: Index, config: Config
) -> Callable[[Rule], Context]:
    """The context of each rule of one process of a check: its options, and a shared memo."""
    memo: dict[str, object] = {}

    def context_of(rule: Rule) -> Context:
        options = config.options_of(rule)
        return Context(corpus=corpus, resolved=resolved, index=index, options=options, memo=memo)

    return context_of


def _clusters_child(corpus: Corpus) -> dict[str, str]:
    """What a forked process runs while the caller resolves: the source clusters of indexing."""
    return source_clusters(corpus.sources)


def _forked_main(
    writer: Connection, label: str, function: Callable[..., object], args: tuple[Any, ...]
) -> None:
    """Call `function(*args)` in a forked process and send the result back through `writer`.

    What is sent is `("result", value)`, or `("error", exception)` when it raised (the
    exception's text and traceback when it cannot be pickled).
    """
    import pickle
    import traceback

    payload: tuple[str, object]
    try:
        payload = ("result", function(*args))
    except BaseException as failure:  # every failure goes to the caller, to be raised there
        payload = ("error", failure)
    try:
        data = pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception as unpicklable:
        what = payload[1] if isinstance(payload[1], BaseException) else unpicklable
        text = "".join(traceback.format_exception(what))
        message = f"{label} failed with an exception that cannot be sent back:\n{text}"
        data = pickle.dumps(("error", RuntimeError(message)))
    try:
        writer.send_bytes(data)
    except OSError:  # the caller has gone (it failed, or was interrupted): nobody to tell
        pass
    finally:
        writer.close()


class _Forked:
    """A call running in a forked process (which shares this one's memory as it was), and
    the result it sends back."""

    def __init__(self, label: str, function: Callable[..., object], *args: Any) -> None:
        import multiprocessing

        self._label = label
        context = multiprocessing.get_context("fork")
        self._reader, writer = context.Pipe(duplex=False)
        self._process = context.Process(
            target=_forked_main,
            args=(writer, label, function, args),
            name=f"claimkit-{function.__name__.strip('_')}",
            daemon=True,
        )
        self._process.start()
        writer.close()

    def result(self) -> Any:
        """What the call returned (its exception raised here); waits for it."""
        try:
            data = self._reader.recv_bytes()
        except EOFError:
            self._process.join()
            raise RuntimeError(
                f"{self._label} ended without sending its result"
                f" (exit code {self._process.exitcode})"
            ) from None
        finally:
            self._reader.close()
        self._process.join()
        import pickle

        what, body = pickle.loads(data)
        if what == "error":
            raise body
        return body

    def stop(self) -> None:
        """End the process if it is still running (the caller failed first)."""
        if self._process.is_alive():
            self._process.terminate()
        self._process.join()
        self._reader.close()


@paused_gc()
def _run(
    corpus: Corpus,
    config: Config,
    rules: Sequence[Rule] | None,
    progress: Progress | None,
    cache: Cache | None = None,
    prepared: Prepared | None = None,
    clusters: Mapping[str, str] | None = None,
    processes: int = 1,
) -> tuple[Resolved, list[Rule], list[Finding], bool]:
    if processes < 1:
        raise ValueError(f"processes must be at least 1, not {processes}")
    enabled = _select(config, rules)
    steps = len(enabled) + 2
    forking = processes > 1 and _can_fork() and _affordable(processes) > 1
    # The source clusters of the index need the source texts only: another process works
    # them out while this one resolves.
    clustering = (
        _Forked("the clustering process", _clusters_child, corpus)
        if forking and clusters is None
        else None
    )
    try:
        if progress:
            progress("resolving spans and dates", 0, steps)
        resolved = resolve(corpus, cache=cache, prepared=prepared)
        if cache is not None:
            cache.save()
        if progress:
            progress("indexing", 1, steps)
        if clustering is not None:
            clusters = clustering.result()
    finally:
        if clustering is not None:
            clustering.stop()
    index = build_index(resolved, clusters=clusters)
    # Asked again, now that resolving and indexing have grown this process.
    groups = _rule_groups(enabled, _affordable(processes) if forking else 1)
    context_of = _contexts(corpus, resolved, index, config)
    stamper = _Stamper(corpus)
    found: dict[int, list[Finding]] = {}

    def stamp(position: int, context: Context, hits: Iterable[Hit]) -> None:
        rule = enabled[position]
        severity = config.severity_of(rule)
        overridden = any(_matches(selector, rule) for selector in config.severity)
        found[position] = [
            stamper.finding(rule, severity, overridden, hit, context) for hit in hits
        ]

    # The other processes start first, and this one runs its own rules meanwhile.
    started: list[_Forked] = []
    try:
        for group in groups[1:]:
            chosen = [enabled[position] for position in group]
            # `_rules_child` is looked up when each process starts (the benchmarks wrap it).
            label = f"the process of rules {chosen[0].code}-{chosen[-1].code}"
            started.append(_Forked(label, _rules_child, chosen, corpus, resolved, index, config))
        home = [enabled[position] for position in groups[0]]
        for done, (position, (rule, context)) in enumerate(
            zip(groups[0], _in_turn(home, context_of), strict=True), start=2
        ):
            if progress:
                progress(f"{rule.code} {rule.name}", done, steps)
            stamp(position, context, rule.function(context))
        if started and progress:
            progress("rules in other processes", len(groups[0]) + 2, steps)
        for group, process in zip(groups[1:], started, strict=True):
            for position, rows in zip(group, process.result(), strict=True):
                stamp(position, context_of(enabled[position]), map(_row_hit, rows))
    finally:
        for process in started:
            process.stop()
    if progress:
        progress("done", steps, steps)
    # In the order of the rules, as one process gives them, before sorting.
    findings = [finding for position in range(len(enabled)) for finding in found[position]]
    return resolved, enabled, sort_findings(findings), stamper.alike


def check(
    corpus: Corpus,
    *,
    config: Config | None = None,
    rules: Sequence[Rule] | None = None,
    progress: Progress | None = None,
    cache: Cache | None = None,
    processes: int = 1,
) -> Report:
    """Check a corpus and return the full report, sorted and deterministic.

    Args:
        corpus: The corpus to check.
        config: Which rules run, severities and options (default: every rule, defaults).
        rules: The rules to consider instead of every registered one.
        progress: Called before each stage and rule with `(label, done, total)`; the CLI
            draws a progress line from it on a terminal.
        cache: Anchoring and tagging results to reuse and update (`Cache.open(root)` keeps
            them in `.claimkit-cache/` of the corpus); the report is the same with or
            without it.
        processes: How many processes share the work. With more than one (where the
            platform can fork, and while this process runs no other thread), a forked
            process clusters the sources while this one resolves the corpus, and once it is
            indexed the others are forked, each runs the rules of some families while this
            one runs the rest, and their hits come back to be made into findings here. The
            report is the same, byte for byte, with any number. Fewer are forked when the
            memory left (on Linux: what the kernel and the cgroup allow) would not hold them:
            each comes to hold about half of this process's memory as its own. The CLI uses
            every core from `RULE_PROCESSES_MIN_CLAIMS` claims on.

    Raises:
        ValueError: `processes` is less than 1.

    Examples:
        >>> import claimkit
        >>> report = claimkit.check(claimkit.load("seeds"))
        >>> report.failed()
        False
    """
    return _check(
        corpus, config=config, rules=rules, progress=progress, cache=cache, processes=processes
    )


# The collector stays paused until the report is built (`_run` pauses it too; the outermost
# block decides): switched back on in between, with every object of the check just moved to
# the oldest generation, it ran a full collection while the report was built, over the spans
# and mentions about to be freed (7.9 s of a million claims' check). Here it is switched
# back on once `_check` has returned, and so has let go of them.
@paused_gc()
def _check(
    corpus: Corpus,
    *,
    config: Config | None = None,
    rules: Sequence[Rule] | None = None,
    progress: Progress | None = None,
    cache: Cache | None = None,
    prepared: Prepared | None = None,
    clusters: Mapping[str, str] | None = None,
    processes: int = 1,
) -> Report:
    """`check`, with the source-level work already done for a corpus holding this one.

    `prepared` (from `prepare`) and `clusters` (from `source_clusters`) of a corpus with the
    same sources and at least these claims; the partitions of `--jobs` share them.
    """
    config = config or Config()
    resolved, enabled, findings, alike = _run(
        corpus,
        config,
        rules,
        progress,
        cache,
        prepared=prepared,
        clusters=clusters,
        processes=processes,
    )
    report = Report.build(
        corpus=corpus,
        findings=findings,
        rules=enabled,
        source_dates=resolved.source_dates,
        fail_on=config.fail_on,
    )
    if alike:
        report._mark_details_alike()
    if cache is None:
        # The memory-only cache `resolve` made for this check, which nothing after it can
        # reach: its tagging tables and the cache refer to each other (each table calls back
        # into it), so they would otherwise wait for the next full collection (at a million
        # claims, 400,000 objects held while the report is written).
        resolved.tagger._forget()
    return report


def iter_findings(
    corpus: Corpus, *, config: Config | None = None, rules: Sequence[Rule] | None = None
) -> Iterator[Finding]:
    """Yield the findings of checking `corpus`, in report order."""
    yield from check(corpus, config=config, rules=rules).findings


def is_consistent(corpus: Corpus, *, config: Config | None = None) -> bool:
    """Whether checking `corpus` finds nothing at or above the configured `fail_on`."""
    return not check(corpus, config=config).failed()


class InconsistentCorpusError(AssertionError):
    """Raised by [`assert_consistent`][claimkit.assert_consistent]; lists the findings."""


def assert_consistent(corpus: Corpus, *, config: Config | None = None) -> None:
    """Assert (for tests) that `corpus` has no unsuppressed finding at or above `fail_on`.

    Raises:
        AssertionError: With every failing finding rendered readably.
    """
    report = check(corpus, config=config)
    failing = report.failing()
    if failing:
        lines = [f"{len(failing)} finding(s) at or above {report.fail_on.value}:"]
        lines += [f"  {f.code} {f.rule}: {f.message} [{', '.join(f.claims)}]" for f in failing]
        raise InconsistentCorpusError("\n".join(lines))


def check_path(
    *paths: str | os.PathLike[str],
    config: Config | None = None,
    allow_outside: bool = False,
) -> Report:
    """Load the corpus at `paths` and check it in one call.

    Raises:
        CorpusError: The corpus cannot be loaded (every problem is listed).
    """
    from claimkit._load import load

    config = config or Config()
    corpus = load(*paths, allow_outside=allow_outside or config.allow_outside)
    return check(corpus, config=config)
