# Writing files without ever leaving one half-written.
#
# `atomic_write` writes to a temporary file in the target's directory, flushes and fsyncs it,
# then renames it over the target (atomic on POSIX and on Windows with os.replace). If
# anything fails before the rename, the temporary file is removed and the old file is intact.

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

__all__ = ["atomic_write"]


def atomic_write(path: str | os.PathLike[str], text: str) -> None:
    """Replace the file at `path` with `text` (UTF-8) atomically.

    Either the whole new text is in place afterwards, or the old file is untouched.
    """
    target = Path(path)
    fd, temporary = tempfile.mkstemp(
        prefix=f".{target.name}.", suffix=".tmp", dir=target.parent or Path(".")
    )
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
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
