# Pinning: record where every quote was found and the hash of every source.
#
# `pin` anchors a corpus and returns the lock it should have; `write_lock` writes it
# atomically next to the corpus. Re-pinning an unchanged corpus gives a byte-identical lock.
# Quotes that cannot be anchored are returned as problems and left out of the lock, so a
# broken span is never pinned to a wrong place.

from __future__ import annotations

import os
from pathlib import Path

from claimkit._io import atomic_write
from claimkit._lock import LOCK_NAME, Lock
from claimkit._model import Corpus
from claimkit._resolve import resolve
from claimkit.errors import AnchorError

__all__ = ["lock_path", "pin", "write_lock"]


def pin(corpus: Corpus) -> tuple[Lock, list[tuple[str, int, AnchorError]]]:
    """The lock for `corpus` and the spans that could not be anchored.

    Returns:
        The lock (hashes of every source, offsets of every anchored span) and a list of
        `(claim id, evidence index, error)` for spans that could not be placed.
    """
    resolved = resolve(corpus)
    spans: dict[tuple[str, int], tuple[int, int]] = {}
    problems: list[tuple[str, int, AnchorError]] = []
    for claim_id, items in sorted(resolved.spans.items()):
        for item in items:
            if item.ok and item.span.start is not None and item.span.end is not None:
                spans[(claim_id, item.index)] = (item.span.start, item.span.end)
            elif item.error is not None:
                problems.append((claim_id, item.index, item.error))
    hashes = {source.id: source.sha256 for source in corpus.sources}
    return Lock.build(hashes, spans), problems


def lock_path(corpus: Corpus) -> Path:
    """Where the corpus's lock file lives: `claimkit.lock` in its root directory."""
    return Path(corpus.root or ".") / LOCK_NAME


def write_lock(path: str | os.PathLike[str], lock: Lock) -> None:
    """Write `lock` to `path` atomically."""
    atomic_write(path, lock.to_json())
