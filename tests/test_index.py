"""Source clusters: the fast sketch and pair test decide exactly as the plain ones."""

from __future__ import annotations

import heapq
import zlib
from collections import defaultdict

from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz

from claimkit import Source
from claimkit._index import (
    NEAR_DUPLICATE,
    _near_duplicates,
    _reference_sketch,
    _sketch,
    source_clusters,
)
from claimkit._model import normalize_name

_WORDS = st.sampled_from(
    ["the", "talks", "Iván", "Velásquez", "2019", "über", "日本", "na\u0308ive", "a", "x_y", "—"]
)
_TEXTS = st.lists(_WORDS, max_size=40).map(" ".join) | st.text(max_size=80)


@given(_TEXTS)
def test_the_sketch_is_the_bottom_k_of_every_shingles_crc(text: str) -> None:
    folded = normalize_name(text)
    assert _sketch(folded) == _reference_sketch(folded)
    assert _sketch(text) == _reference_sketch(text)


def _mutate(base: str, edits: list[tuple[int, str]]) -> str:
    chars = list(base)
    for at, char in edits:
        if chars:
            chars[at % len(chars)] = char
    return "".join(chars)


@given(
    st.text(alphabet="abc de", max_size=120),
    st.lists(st.tuples(st.integers(0, 200), st.sampled_from("abxyz ")), max_size=20),
    st.text(alphabet="abc", max_size=15),
)
def test_the_pair_test_is_the_ratio_test(
    base: str, edits: list[tuple[int, str]], tail: str
) -> None:
    other = _mutate(base, edits) + tail
    for a, b in ((base, other), (other, base), (base, base), ("", other)):
        assert _near_duplicates(a, b) == (fuzz.ratio(a, b) >= NEAR_DUPLICATE)


def _reference_clusters(sources: list[Source]) -> dict[str, str]:
    """`source_clusters` as first written."""
    ordered = sorted(sources, key=lambda s: s.id)
    folded = {s.id: normalize_name(s.text) for s in ordered}
    parent = {s.id: s.id for s in ordered}

    def find(ident: str) -> str:
        while parent[ident] != ident:
            ident = parent[ident]
        return ident

    buckets: dict[int, list[str]] = defaultdict(list)
    for source in ordered:
        words = folded[source.id].split()
        shingles = (
            {" ".join(words)}
            if len(words) < 5
            else {" ".join(words[i : i + 5]) for i in range(len(words) - 4)}
        )
        for value in heapq.nsmallest(8, {zlib.crc32(s.encode("utf-8")) for s in shingles}):
            buckets[value].append(source.id)
    for _value, members in sorted(buckets.items()):
        first = members[0]
        for other in members[1:]:
            if find(first) != find(other) and fuzz.ratio(folded[first], folded[other]) >= 90:
                ra, rb = find(first), find(other)
                parent[max(ra, rb)] = min(ra, rb)
    return {ident: find(ident) for ident in parent}


_SENTENCES = st.lists(
    st.sampled_from(
        [
            "Relations were broken in 2019.",
            "The ministers met in Caracas on Tuesday.",
            "Talks resumed last week, officials said.",
            "The border was reopened.",
            "No agreement was reached.",
            "Trade fell sharply.",
        ]
    ),
    min_size=1,
    max_size=12,
).map(" ".join)


@settings(max_examples=60)
@given(st.lists(_SENTENCES, min_size=1, max_size=12))
def test_clusters_are_the_ones_the_plain_algorithm_finds(texts: list[str]) -> None:
    sources = [Source(id=f"s{number:02d}", text=text) for number, text in enumerate(texts)]
    # Near-duplicates too: each text again with a few words changed.
    sources += [
        Source(id=f"t{number:02d}", text=text.replace("in", "on", 1))
        for number, text in enumerate(texts)
    ]
    assert source_clusters(sources) == _reference_clusters(sources)
