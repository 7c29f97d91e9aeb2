# Stage 3 of the pipeline: index a resolved corpus so that rules never compare all pairs.
#
# - events: claims sharing an explicit event id (they describe one event);
# - groups: claims with the same action and the same set of actors (candidates for one event
#   when no event id says so);
# - facets: state timelines, keyed by (facet, the sorted actors of the action's key role);
# - sources: clusters of near-identical texts (one independent source each), found with
#   a bottom-k MinHash sketch of word shingles and confirmed with rapidfuzz, so the cost grows with
#   the number of sources, not its square. Most candidate pairs are settled by their lengths
#   or by a rapidfuzz cutoff below the threshold; only those that pass are measured in full.
# Every mapping is built in sorted order so that rules see the same order on every run.

from __future__ import annotations

import heapq
import itertools
import zlib
from collections import defaultdict
from collections.abc import Iterable, Mapping

import attrs
from rapidfuzz import fuzz

from claimkit._model import Claim, Corpus, Source, normalize_name
from claimkit._resolve import Resolved

__all__ = ["FacetKey", "Index", "build_index", "source_clusters"]

FacetKey = tuple[str, tuple[str, ...]]
GroupKey = tuple[str, tuple[str, ...]]

# Two texts this similar (rapidfuzz ratio, 0-100) are one source published twice.
NEAR_DUPLICATE = 90.0
_SHINGLE = 5
_SKETCH = 8


@attrs.frozen(kw_only=True)
class Index:
    """Claims grouped the ways the rules need them.

    Attributes:
        events: Claim ids by explicit event id.
        groups: Claim ids by (action, sorted ids of every actor involved).
        facets: Claim ids of transitions and states by (facet, sorted key actors).
        by_source: Claim ids by the id of a source of their evidence.
        cluster_of: For each source id, the id of the first source of its near-duplicate
            cluster (itself when it is unique).
    """

    events: Mapping[str, tuple[str, ...]]
    groups: Mapping[GroupKey, tuple[str, ...]]
    facets: Mapping[FacetKey, tuple[str, ...]]
    by_source: Mapping[str, tuple[str, ...]]
    cluster_of: Mapping[str, str]

    def independent(self, sources: Iterable[str]) -> tuple[str, ...]:
        """The independent sources among `sources`: one per near-duplicate cluster, sorted."""
        return tuple(sorted({self.cluster_of.get(s, s) for s in sources}))


def facet_key(corpus: Corpus, claim: Claim) -> FacetKey | None:
    """The state timeline a claim belongs to, or `None` if its action changes no state."""
    if not corpus.has_action(claim.action):
        return None
    action = corpus.action(claim.action)
    if action.facet is None or action.key is None:
        return None
    return (action.facet, tuple(sorted(set(claim.actors_in(action.key)))))


def _timeline(corpus: Corpus, ident: str) -> tuple[str, str] | None:
    """The facet and key role of the action `ident`, when it changes a state."""
    if not corpus.has_action(ident):
        return None
    action = corpus.action(ident)
    if action.facet is None or action.key is None:
        return None
    return action.facet, action.key


def build_index(resolved: Resolved, *, clusters: Mapping[str, str] | None = None) -> Index:
    """Index the claims of a resolved corpus.

    Args:
        resolved: The resolved corpus.
        clusters: `source_clusters` of its sources, when already worked out.
    """
    corpus = resolved.corpus
    events: dict[str, list[str]] = defaultdict(list)
    groups: dict[GroupKey, list[str]] = defaultdict(list)
    facets: dict[FacetKey, list[str]] = defaultdict(list)
    by_source: dict[str, list[str]] = defaultdict(list)
    # `facet_key`, with each action's (facet, key role) looked up once.
    timelines: dict[str, tuple[str, str] | None] = {}
    for claim in sorted(corpus.claims, key=lambda c: c.id):
        ident = claim.id
        if claim.event:
            events[claim.event].append(ident)
        actors = claim.actors
        groups[(claim.action, tuple(sorted({p.actor for p in actors})))].append(ident)
        if claim.action in timelines:
            timeline = timelines[claim.action]
        else:
            timeline = timelines[claim.action] = _timeline(corpus, claim.action)
        if timeline is not None:
            facet, role = timeline
            facets[(facet, tuple(sorted({p.actor for p in actors if p.role == role})))].append(
                ident
            )
        evidence = claim.evidence
        if len(evidence) == 1:  # `claim.sources`, without the set and the sort
            if evidence[0].source:
                by_source[evidence[0].source].append(ident)
        else:
            for source in claim.sources:
                by_source[source].append(ident)
    return Index(
        events={k: tuple(v) for k, v in sorted(events.items())},
        groups={k: tuple(v) for k, v in sorted(groups.items())},
        facets={k: tuple(v) for k, v in sorted(facets.items())},
        by_source={k: tuple(v) for k, v in sorted(by_source.items())},
        cluster_of=source_clusters(corpus.sources) if clusters is None else dict(clusters),
    )


def _sketch(folded: str) -> list[int]:
    """The smallest CRC-32 values of the text's word 5-shingles (a bottom-k MinHash sketch)."""
    words = folded.split()
    if len(words) < _SHINGLE:
        return [zlib.crc32(" ".join(words).encode("utf-8"))]
    # A shingle is `" ".join(words[i : i + 5])`; its UTF-8 bytes are a stretch of the
    # single-spaced text's, so each is hashed as a slice of one encoded copy (no join, no
    # encode per shingle). `starts[i]` is where word i starts in the bytes.
    data = " ".join(words).encode("utf-8")
    sizes = map(len, words if data.isascii() else data.split(b" "))
    starts = [0, *itertools.accumulate(size + 1 for size in sizes)]
    view = memoryview(data)
    crc32 = zlib.crc32
    values = {crc32(view[a : b - 1]) for a, b in zip(starts, starts[_SHINGLE:], strict=False)}
    return sorted(values)[:_SKETCH]  # `heapq.nsmallest`, faster for a few hundred values


def _reference_sketch(folded: str) -> list[int]:
    """`_sketch` as first written, shingle by shingle (the tests compare the two)."""
    words = folded.split()
    if len(words) < _SHINGLE:
        shingles = {" ".join(words)}
    else:
        shingles = {" ".join(words[i : i + _SHINGLE]) for i in range(len(words) - _SHINGLE + 1)}
    return heapq.nsmallest(_SKETCH, {zlib.crc32(s.encode("utf-8")) for s in shingles})


def source_clusters(sources: Iterable[Source]) -> dict[str, str]:
    """Map each source id to the first (sorted) id of its cluster of near-identical texts.

    Candidates share one of the eight smallest CRC-32 values of the folded text's word
    5-shingles (a bottom-k MinHash sketch); a candidate pair is one cluster when
    `rapidfuzz.fuzz.ratio` of the folded texts is at least `NEAR_DUPLICATE`. Texts that are
    identical once folded always cluster.
    """
    ordered = sorted(sources, key=lambda s: s.id)
    folded = {s.id: normalize_name(s.text) for s in ordered}
    parent = {s.id: s.id for s in ordered}

    def find(ident: str) -> str:
        while parent[ident] != ident:
            parent[ident] = parent[parent[ident]]
            ident = parent[ident]
        return ident

    def union(a: str, b: str) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    # Near-identical texts share most of their smallest shingle hashes; a candidate pair
    # shares at least one, and only candidates are compared in full.
    buckets: dict[int, list[str]] = defaultdict(list)
    for source in ordered:
        for value in _sketch(folded[source.id]):
            buckets[value].append(source.id)
    # A pair that shares several sketch values is compared once. The comparisons never depend
    # on their order: the clusters are the connected pairs, each named by its smallest id.
    compared: set[tuple[str, str]] = set()
    for _value, members in sorted(buckets.items()):
        first = members[0]
        for other in members[1:]:
            if (first, other) in compared or find(first) == find(other):
                continue
            compared.add((first, other))
            if _near_duplicates(folded[first], folded[other]):
                union(first, other)
    return {ident: find(ident) for ident in parent}


def _near_duplicates(a: str, b: str) -> bool:
    """`fuzz.ratio(a, b) >= NEAR_DUPLICATE`, most pairs settled by a cheaper test first.

    With a `score_cutoff`, rapidfuzz gives up on a pair as soon as it cannot reach it (from
    the lengths, or a banded alignment) and returns 0; the cutoff is one point below ours, so
    that a pair that gets there is always measured in full and decided as before.
    """
    # The ratio is 100 * (1 - distance / (len(a) + len(b))), and the distance is at least the
    # difference of the lengths: texts of lengths this far apart score below 89.
    if 100 * abs(len(a) - len(b)) > 11 * (len(a) + len(b)):
        return False
    if not fuzz.ratio(a, b, score_cutoff=NEAR_DUPLICATE - 1.0):
        return False
    return fuzz.ratio(a, b) >= NEAR_DUPLICATE
