# The sources family (CK07): how many independent sources stand behind each event, and what
# claimkit had to work out about the sources themselves.
#
# Corroboration counts independent sources: the index clusters near-identical texts
# (`Index.cluster_of`), and a cluster counts once. The unit counted is an event: the claims
# sharing an explicit event id, or else the claims of one index group (same action, same
# actors) that also share polarity, scope and at least one possible day. Those are found
# by sorting each group by date and sweeping, never by comparing all pairs of claims, so the
# cost is O(n log n) in the number of claims plus the number of spans. The source rules walk
# the sources once (near-duplicates: one similarity per member of a cluster).

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

import attrs
from rapidfuzz import fuzz

from claimkit._dates import PartialDate
from claimkit._findings import Hit, Kind, Severity, _plain_hit
from claimkit._model import Claim, Polarity, normalize_name
from claimkit._rules._registry import rule

if TYPE_CHECKING:
    from claimkit._engine import Context

__all__ = ["corroborated", "inferred_date", "near_duplicate", "single_source"]


def _short(text: str, limit: int = 60) -> str:
    """The text on one line, cut to `limit` characters, in single quotes."""
    flat = " ".join(text.split())
    if len(flat) > limit:
        flat = flat[: limit - 1] + "…"
    return f"'{flat}'"


@attrs.frozen(kw_only=True)
class _Attested:
    """One event (or group of claims taken as one event) and the sources that support it.

    Attributes:
        label: How the message names it.
        event: The explicit event id, if any.
        claims: The supporting claims, sorted.
        quotes: The first anchored quote of each source id, by source id.
        independent: One source id per near-duplicate cluster, sorted.
        clusters: The source ids of each independent source, by its representative.
    """

    label: str
    event: str | None
    claims: tuple[str, ...]
    quotes: dict[str, str]
    independent: tuple[str, ...]
    clusters: dict[str, tuple[str, ...]]

    def details(self) -> dict[str, Any]:
        # Built as freezing would give it back (see `_plain_hit`): keys in sorted order,
        # `clusters` already sorted by representative, fresh lists and dicts.
        return {
            "claims": list(self.claims),
            "clusters": {rep: list(ids) for rep, ids in self.clusters.items()},
            "count": len(self.independent),
            "event": self.event,
            "independent": list(self.independent),
            "quotes": dict(sorted(self.quotes.items())),
            "sources": sorted(self.quotes),
        }

    def named(self, rep: str) -> str:
        """An independent source as cited, its quote and the other cited ids of its cluster."""
        first, *also = self.clusters[rep]
        extra = f", also published as {', '.join(also)}" if also else ""
        return f"{first} ({_short(self.quotes[first], 50)}{extra})"


def _attested(context: Context, label: str, event: str | None, claims: Sequence[str]) -> _Attested:
    quotes: dict[str, str] = {}
    for ident in claims:
        for item in context.spans(ident):
            if item.ok and item.span.source is not None:
                quotes.setdefault(item.span.source, item.span.quote)
    clusters: dict[str, list[str]] = defaultdict(list)
    for source in sorted(quotes):
        clusters[context.index.cluster_of.get(source, source)].append(source)
    return _Attested(
        label=label,
        event=event,
        claims=tuple(sorted(claims)),
        quotes=quotes,
        independent=context.index.independent(quotes),
        clusters={rep: tuple(ids) for rep, ids in sorted(clusters.items())},
    )


def _supports(claim: Claim) -> bool:
    # A denial does not corroborate the event it denies.
    return claim.polarity is Polarity.AFFIRMED


def _date_runs(context: Context, claims: Sequence[Claim]) -> Iterator[list[Claim]]:
    """Split claims into runs whose dates share at least one day (undated claims alone)."""
    dated: list[tuple[PartialDate, Claim]] = []
    for claim in claims:
        when = context.date(claim.id)
        if when is None:
            yield [claim]
        else:
            dated.append((when, claim))
    dated.sort(key=lambda pair: (pair[0].earliest, pair[0].latest, pair[1].id))
    run: list[Claim] = []
    shared: tuple[Any, Any] | None = None
    for when, claim in dated:
        if shared is not None and when.earliest <= shared[1] and shared[0] <= when.latest:
            shared = (max(shared[0], when.earliest), min(shared[1], when.latest))
            run.append(claim)
            continue
        if run:
            yield run
        run, shared = [claim], (when.earliest, when.latest)
    if run:
        yield run


def _events(context: Context, corroborated: bool) -> Iterator[_Attested]:
    """The events of CK0701 (`corroborated`: two independent sources or more) or of CK0702
    (exactly one), in a deterministic order, each let go once it is yielded.

    The events are worked out once per check for both rules (the context's per-check memo
    keeps them, split in two); each rule takes its own share out of the memo and drops each
    event as it moves on, so that neither share outlives its rule. Kept whole until the
    family's memo went, they were held at the check's peak, its end: 31 MB at 100,000 claims
    of the benchmark corpus (docs/performance.md). A rule run a second time in one check
    works its share out again.
    """
    found = context.memo.get("sources.events")
    shares: dict[bool, list[_Attested]]
    if isinstance(found, dict):
        shares = found
    else:
        shares = context.memo["sources.events"] = _shares(context)
    mine = shares.pop(corroborated, None)
    if mine is None:
        mine = _shares(context)[corroborated]
    # Popped from the end, so each event goes as soon as its hit is built.
    mine.reverse()
    while mine:
        yield mine.pop()


def _shares(context: Context) -> dict[bool, list[_Attested]]:
    """The events with two independent sources or more (`True`) and with one (`False`)."""
    shares: dict[bool, list[_Attested]] = {True: [], False: []}
    for item in _each_event(context):
        if item.independent:
            shares[len(item.independent) > 1].append(item)
    return shares


def _each_event(context: Context) -> Iterator[_Attested]:
    for event, idents in context.index.events.items():
        supporting = [i for i in idents if _supports(context.claim(i))]
        if supporting:
            action = context.claim(supporting[0]).action
            yield _attested(context, f"event {event} ({action})", event, supporting)
    for (action, actors), idents in context.index.groups.items():
        loose: dict[tuple[str, ...], list[Claim]] = defaultdict(list)
        for ident in idents:
            claim = context.claim(ident)
            if claim.event or not _supports(claim):
                continue
            loose[tuple(sorted(set(claim.scope)))].append(claim)
        for _scope, claims in sorted(loose.items()):
            for run in _date_runs(context, claims):
                ids = sorted(c.id for c in run)
                who = ", ".join(actors) if actors else "no actors"
                noun = "claims" if len(ids) > 1 else "claim"
                label = f"the event of {noun} {', '.join(ids)} ({action}: {who})"
                yield _attested(context, label, None, ids)


@rule("CK0701", "sources.corroborated", Severity.INFO)
def corroborated(context: Context) -> Iterator[Hit]:
    """An event supported by at least two independent sources.

    Agreement is worth seeing next to disagreement: an event that two outlets report
    independently is better established than one only a single article tells. The unit is
    an event: claims sharing an event id, or else claims with the same action, actors,
    scope and polarity whose dates can be the same day. Sources count once per cluster of
    near-identical texts (one article syndicated under two ids is one source). Denials do
    not count as support.

    Example:
        ```yaml
        claims:
          - {id: a1, action: relations.break, event: break-2019,
             evidence: [{source: a, quote: broke off relations}]}
          - {id: b1, action: relations.break, event: break-2019,
             evidence: [{source: b, quote: cut diplomatic ties}]}
        ```

    Fixed:
        ```yaml
        # Nothing to fix: this notice reports an agreement.
        claims:
          - {id: a1, action: relations.break, event: break-2019,
             evidence: [{source: a, quote: broke off relations}]}
        ```
    """
    for item in _events(context, corroborated=True):
        named = [item.named(rep) for rep in item.independent]
        yield _plain_hit(
            Kind.PASS,
            f"{item.label} is corroborated by {len(named)} independent sources: {'; '.join(named)}",
            item.claims,
            item.details(),
        )


@rule("CK0702", "sources.single-source", Severity.INFO)
def single_source(context: Context) -> Iterator[Hit]:
    """An event attested by one independent source only.

    A single source may be right, but nothing in the corpus corroborates it: the event
    stands on one outlet's word. Texts published twice under two ids (syndication, a
    re-post) still count as one source. This is a notice, so that a reader can weigh the
    claim or look for a second source.

    Example:
        ```yaml
        # a.txt and b.txt hold the same article.
        claims:
          - {id: a1, action: relations.break, event: break-2019,
             evidence: [{source: a, quote: broke off relations}]}
          - {id: b1, action: relations.break, event: break-2019,
             evidence: [{source: b, quote: broke off relations}]}
        ```

    Fixed:
        ```yaml
        # c.txt is an independent report of the same event.
        claims:
          - {id: c1, action: relations.break, event: break-2019,
             evidence: [{source: c, quote: severed ties}]}
        ```
    """
    for item in _events(context, corroborated=False):
        (rep,) = item.independent
        yield Hit(
            kind=Kind.INFORMATIONAL,
            message=f"{item.label} is attested by one independent source only: {item.named(rep)}",
            claims=item.claims,
            details=item.details(),
        )


@rule("CK0703", "sources.inferred-date", Severity.INFO)
def inferred_date(context: Context) -> Iterator[Hit]:
    """A source whose publication date was inferred from its own text.

    Relative expressions ("last Sunday", "this Thursday, May 11") are resolved against the
    publication date. When a source does not give one, claimkit bounds it from what the
    text reports in the past tense, from weekday-and-date phrases and from the tenures of
    the office-holders it names; every date resolved against it inherits that reasoning.
    The notice gives the inferred value and each step of the working.

    Example:
        ```yaml
        # 001.txt has no date and says "President Gustavo Petro met him this Thursday, May 11".
        sources:
          - {id: "001", path: 001.txt}
        ```

    Fixed:
        ```yaml
        sources:
          - {id: "001", path: 001.txt, published: 2023-05-12}
        ```
    """
    for source in sorted(context.corpus.sources, key=lambda s: s.id):
        found = context.source_date(source.id)
        if found is None or not found.inferred or found.value is None:
            continue
        steps = [step.detail for step in found.trace]
        why = f": {'; '.join(steps)}" if steps else ""
        yield Hit(
            kind=Kind.INFORMATIONAL,
            message=(
                f"source {source.id} gives no publication date; it was inferred as "
                f"{found.value} from its text{why}"
            ),
            details={
                "source": source.id,
                "value": str(found.value),
                "earliest": found.value.earliest.isoformat(),
                "latest": found.value.latest.isoformat(),
                "trace": [step.as_dict() for step in found.trace],
            },
            source=source.id,
        )


@rule("CK0704", "sources.near-duplicate", Severity.WARNING)
def near_duplicate(context: Context) -> Iterator[Hit]:
    """Two source ids whose texts are near-identical.

    One article is often published twice: syndicated by another outlet, re-posted, or saved
    twice under two names. Such copies are not independent: claimkit counts them as one
    source when it weighs corroboration. Check that they really are one article; if so,
    keep one copy or leave both and let them count once.

    Example:
        ```yaml
        # a.txt and b.txt are the same article, one with a byline added.
        sources:
          - {id: a, path: a.txt}
          - {id: b, path: b.txt}
        ```

    Fixed:
        ```yaml
        sources:
          - {id: a, path: a.txt}
        ```
    """
    clusters: dict[str, list[str]] = defaultdict(list)
    for ident, rep in sorted(context.index.cluster_of.items()):
        clusters[rep].append(ident)
    for rep, members in sorted(clusters.items()):
        if len(members) < 2 or not context.corpus.has_source(rep):
            continue
        folded = normalize_name(context.corpus.source(rep).text)
        scores = {
            other: round(fuzz.ratio(folded, normalize_name(context.corpus.source(other).text)), 1)
            for other in members
            if other != rep and context.corpus.has_source(other)
        }
        others = list(scores)
        shown = ", ".join(f"{other} {score:.1f}%" for other, score in scores.items())
        yield Hit(
            kind=Kind.REVIEW,
            message=(
                f"sources {', '.join([rep, *others[:-1]])} and {others[-1]} have near-identical "
                f"texts (similarity to {rep}: {shown}), so they count as one independent source"
            ),
            details={"sources": members, "representative": rep, "similarity": scores},
            source=rep,
        )
