# The lock file, `claimkit.lock`: pinned span offsets and source hashes.
#
# People edit claim files by quote; `claimkit pin` records where each quote was found and the
# SHA-256 of each source. When a source's text later changes, the resolve stage compares the
# hash, re-anchors every affected span and reports it as moved (new offsets) or broken. The
# lock is JSON with sorted keys so that it diffs well and is byte-identical for one corpus.

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from claimkit.errors import LoadError

__all__ = ["LOCK_NAME", "LOCK_VERSION", "Lock", "read_lock"]

LOCK_NAME = "claimkit.lock"
LOCK_VERSION = 1


@attrs.frozen
class Lock:
    """Pinned offsets of evidence spans and the hashes of the sources they point into.

    Attributes:
        hashes: `(source id, sha256)` pairs, sorted.
        spans: `(claim id, evidence index, start, end)` rows, sorted.
    """

    hashes: tuple[tuple[str, str], ...] = ()
    spans: tuple[tuple[str, int, int, int], ...] = ()
    _hash_of: dict[str, str] = attrs.field(init=False, eq=False, repr=False)
    _span_of: dict[tuple[str, int], tuple[int, int]] = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_hash_of", dict(self.hashes))
        object.__setattr__(self, "_span_of", {(c, i): (s, e) for c, i, s, e in self.spans})

    @classmethod
    def build(
        cls, hashes: Mapping[str, str], spans: Mapping[tuple[str, int], tuple[int, int]]
    ) -> Lock:
        """A lock from a mapping of source hashes and one of `(claim, index) -> (start, end)`."""
        return cls(
            tuple(sorted(hashes.items())),
            tuple(sorted((c, i, s, e) for (c, i), (s, e) in spans.items())),
        )

    @classmethod
    def merge(cls, locks: Iterable[Lock]) -> Lock | None:
        """One lock holding every entry of `locks`, or `None` when there are none."""
        locks = list(locks)
        if not locks:
            return None
        hashes: dict[str, str] = {}
        spans: dict[tuple[str, int], tuple[int, int]] = {}
        for lock in locks:
            hashes.update(lock.hashes)
            spans.update({(c, i): (s, e) for c, i, s, e in lock.spans})
        return cls.build(hashes, spans)

    def source_hash(self, source: str) -> str | None:
        """The pinned SHA-256 of `source`, or `None` if it was never pinned."""
        return self._hash_of.get(source)

    def span(self, claim: str, index: int) -> tuple[int, int] | None:
        """The pinned `(start, end)` of a claim's evidence span, or `None`."""
        return self._span_of.get((claim, index))

    def to_json(self) -> str:
        """The lock file's text: sorted, indented JSON ending in a newline."""
        data = {
            "claimkit-lock": LOCK_VERSION,
            "sources": dict(self.hashes),
            "spans": {f"{c}#{i}": [s, e] for c, i, s, e in self.spans},
        }
        return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def read_lock(text: str, file: str) -> Lock:
    """Parse the text of a lock file.

    Raises:
        LoadError: The text is not a lock file of a supported version.
    """
    try:
        data: Any = json.loads(text)
    except json.JSONDecodeError as exc:
        raise LoadError(f"malformed lock file: {exc.msg}", file=file, line=exc.lineno) from None
    if not isinstance(data, dict) or data.get("claimkit-lock") != LOCK_VERSION:
        raise LoadError(
            f"not a claimkit lock file of version {LOCK_VERSION}", file=file, field="claimkit-lock"
        )
    hashes = data.get("sources", {})
    spans = data.get("spans", {})
    if not isinstance(hashes, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in hashes.items()
    ):
        raise LoadError("'sources' must map source ids to hashes", file=file, field="sources")
    rows: dict[tuple[str, int], tuple[int, int]] = {}
    if not isinstance(spans, dict):
        raise LoadError("'spans' must map 'claim#index' to [start, end]", file=file, field="spans")
    for key, value in spans.items():
        claim, _, index = key.rpartition("#")
        if (
            not claim
            or not index.isdigit()
            or not isinstance(value, list)
            or len(value) != 2
            or not all(isinstance(v, int) and not isinstance(v, bool) for v in value)
        ):
            raise LoadError(
                f"bad span entry {key!r}: expected 'claim#index': [start, end]",
                file=file,
                field=f"spans.{key}",
            )
        rows[(claim, int(index))] = (value[0], value[1])
    return Lock.build(hashes, rows)
