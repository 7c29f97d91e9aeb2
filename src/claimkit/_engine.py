# Stage 4 of the pipeline: run the rules.
#
# `check` resolves and indexes the corpus once, then calls every enabled rule with a
# `Context` (read-only views plus the rule's options) and turns each `Hit` into a `Finding`:
# it stamps the rule's code, name and severity (after configuration), adds the location and
# quote of every span of every claim concerned, applies the claims' suppressions (a
# suppressed finding is kept and counted, never hidden), and sorts. Rules do no I/O and keep
# no state between runs.

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

import attrs

from claimkit._config import Config, _matches
from claimkit._dates import PartialDate
from claimkit._findings import Finding, FindingLocation, Hit, Severity, sort_findings
from claimkit._gc import paused_gc
from claimkit._index import Index, build_index
from claimkit._infer import SourceDate
from claimkit._model import Claim, Corpus
from claimkit._report import Report
from claimkit._resolve import Cache, Prepared, Resolved, ResolvedSpan, resolve
from claimkit._rules import registered_rules
from claimkit._rules._registry import Rule

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
            survives between checks.
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


@paused_gc()
def _run(
    corpus: Corpus,
    config: Config,
    rules: Sequence[Rule] | None,
    progress: Progress | None,
    cache: Cache | None = None,
    prepared: Prepared | None = None,
    clusters: Mapping[str, str] | None = None,
) -> tuple[Resolved, list[Rule], list[Finding], bool]:
    enabled = _select(config, rules)
    steps = len(enabled) + 2
    if progress:
        progress("resolving spans and dates", 0, steps)
    resolved = resolve(corpus, cache=cache, prepared=prepared)
    if cache is not None:
        cache.save()
    if progress:
        progress("indexing", 1, steps)
    index = build_index(resolved, clusters=clusters)
    findings: list[Finding] = []
    memo: dict[str, object] = {}
    stamper = _Stamper(corpus)
    for number, rule in enumerate(enabled, start=2):
        if progress:
            progress(f"{rule.code} {rule.name}", number, steps)
        context = Context(
            corpus=corpus,
            resolved=resolved,
            index=index,
            options=config.options_of(rule),
            memo=memo,
        )
        severity = config.severity_of(rule)
        overridden = any(_matches(selector, rule) for selector in config.severity)
        findings.extend(
            stamper.finding(rule, severity, overridden, hit, context)
            for hit in rule.function(context)
        )
    if progress:
        progress("done", steps, steps)
    return resolved, enabled, sort_findings(findings), stamper.alike


def check(
    corpus: Corpus,
    *,
    config: Config | None = None,
    rules: Sequence[Rule] | None = None,
    progress: Progress | None = None,
    cache: Cache | None = None,
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

    Examples:
        >>> import claimkit
        >>> report = claimkit.check(claimkit.load("seeds"))
        >>> report.failed()
        False
    """
    return _check(corpus, config=config, rules=rules, progress=progress, cache=cache)


def _check(
    corpus: Corpus,
    *,
    config: Config | None = None,
    rules: Sequence[Rule] | None = None,
    progress: Progress | None = None,
    cache: Cache | None = None,
    prepared: Prepared | None = None,
    clusters: Mapping[str, str] | None = None,
) -> Report:
    """`check`, with the source-level work already done for a corpus holding this one.

    `prepared` (from `prepare`) and `clusters` (from `source_clusters`) of a corpus with the
    same sources and at least these claims; the partitions of `--jobs` share them.
    """
    config = config or Config()
    resolved, enabled, findings, alike = _run(
        corpus, config, rules, progress, cache, prepared=prepared, clusters=clusters
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
