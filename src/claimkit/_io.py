# Writing files without ever leaving one half-written.
#
# `atomic_write` writes to a temporary file in the target's directory, flushes and fsyncs it,
# then renames it over the target (atomic on POSIX and on Windows with os.replace). If
# anything fails before the rename, the temporary file is removed and the old file is intact.
# The text may come in pieces (a report of a million claims is written a chunk at a time, so
# the whole text never has to exist at once); a failure half-way still leaves the old file.

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

__all__ = ["atomic_write"]


def atomic_write(path: str | os.PathLike[str], text: str | Iterable[str]) -> None:
    """Replace the file at `path` with `text` (UTF-8) atomically.

    `text` is a string or an iterable of strings written one after the other. Either the
    whole new text is in place afterwards, or the old file is untouched.
    """
    target = Path(path)
    fd, temporary = tempfile.mkstemp(
        prefix=f".{target.name}.", suffix=".tmp", dir=target.parent or Path(".")
    )
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            if isinstance(text, str):
                handle.write(text)
            else:
                for piece in text:
                    handle.write(piece)
            handle.flush()
            os.fsync(handle.fileno())
        if target.exists():
            with contextlib.suppress(OSError):
                os.chmod(temporary, target.stat().st_mode & 0o777)
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
