# The cyclic garbage collector, paused while claimkit builds a corpus, checks it or writes its
# report.
#
# Loading and checking allocate millions of small objects that live until the end of the
# check (claims, spans, mentions, findings) and almost no reference cycles. With the
# collector on, every 700 allocations start a young collection, and every so often a full one
# walks everything built so far: a fifth to a half of the time of a large check. Pausing it
# for the duration changes no result; the collector is switched back on afterwards (only if
# it was on) and then frees whatever cycles were left, as it would have anyway.

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

__all__ = ["paused_gc"]


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """Switch the cyclic garbage collector off for the block; back on after, if it was on.

    Nested blocks leave it off until the outermost one ends.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
