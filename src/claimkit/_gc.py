# The cyclic garbage collector, paused while claimkit builds a corpus, checks it or writes its
# report.
#
# Loading and checking allocate millions of small objects that live until the end of the
# check (claims, spans, mentions, findings) and almost no reference cycles. With the
# collector on, every 700 allocations start a young collection, and every so often a full one
# walks everything built so far: a fifth to a half of the time of a large check. Pausing it
# for the duration changes no result; the collector is switched back on afterwards (only if
# it was on) and then frees whatever cycles were left, as it would have anyway.
#
# Switching it back on has a cost of its own: everything allocated in the pause sits in the
# youngest generation, and the next collections walk all of it, object by object, only to
# promote it. Freezing and unfreezing first moves every tracked object to the oldest
# generation in one step (`gc.freeze` then `gc.unfreeze`), which frees nothing sooner or later
# than a full collection would. It is skipped when the program froze objects itself, since
# `gc.unfreeze` would thaw those too.

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

__all__ = ["paused_gc"]


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """Switch the cyclic garbage collector off for the block; back on after, if it was on.

    Nested blocks leave it off until the outermost one ends. When it is switched back on,
    what the block allocated is moved to the oldest generation first (see the head comment).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            if gc.get_freeze_count() == 0:
                gc.freeze()
                gc.unfreeze()
            gc.enable()
