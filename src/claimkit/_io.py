# Writing files without ever leaving one half-written.
#
# `replacing` hands out a temporary file in the target's directory; when the block ends
# without an error, the file is fsynced and renamed over the target (atomic on POSIX and on
# Windows with os.replace). If anything fails before the rename, the temporary file is
# removed and the old file is intact. `atomic_write` writes text that way, in pieces if it
# comes in pieces (a report of a million claims is written a chunk at a time, so the whole
# text never has to exist at once). `emit` is what the commands write their output with: to
# a file that way, or to standard output, and an error names where it could not write.

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

__all__ = ["OutputError", "atomic_write", "emit", "replacing"]


class OutputError(Exception):
    """Output that could not be written; the message names the file (or standard output)."""


@contextlib.contextmanager
def replacing(path: str | os.PathLike[str]) -> Iterator[Path]:
    """A temporary path to write the new content of `path` to, put in its place at the end.

    When the block ends normally, the temporary file is synced to disk and renamed over
    `path` (with the permissions of the file it replaces, or those a new file gets under the
    umask); when it raises, the temporary file is removed and `path` is untouched. Writers
    that open the file themselves (Parquet's, the CSV writer's) use it; text goes through
    `atomic_write`.
    """
    target = Path(path)
    try:
        fd, name = tempfile.mkstemp(
            prefix=f".{target.name}.", suffix=".tmp", dir=target.parent or Path(".")
        )
    except OSError as error:
        raise _naming(error, target) from None
    os.close(fd)
    temporary = Path(name)
    try:
        yield temporary
        with open(temporary, "rb+") as handle:
            os.fsync(handle.fileno())
        # `mkstemp` makes the file private (0600): give it the mode of the file it replaces,
        # or the mode a new file gets under this process's umask.
        with contextlib.suppress(OSError):
            if target.exists():
                os.chmod(temporary, target.stat().st_mode & 0o777)
            else:
                os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, target)
    except BaseException as error:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        if isinstance(error, OSError):
            raise _naming(error, target) from None
        raise


def _umask() -> int:
    """This process's umask (read by setting it and setting it back: there is no getter)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _naming(error: OSError, target: Path) -> OSError:
    """`error` about `target` rather than the temporary file (same class, errno and reason),
    so that a message built from it names the file the user asked for."""
    if error.errno is None or error.filename == os.fspath(target):
        return error
    return OSError(error.errno, error.strerror, os.fspath(target))


def atomic_write(path: str | os.PathLike[str], text: str | Iterable[str]) -> None:
    """Replace the file at `path` with `text` (UTF-8) atomically.

    `text` is a string or an iterable of strings written one after the other. Either the
    whole new text is in place afterwards, or the old file is untouched.
    """
    with replacing(path) as temporary, open(temporary, "w", encoding="utf-8", newline="") as handle:
        if isinstance(text, str):
            handle.write(text)
        else:
            for piece in text:
                handle.write(piece)


def emit(text: str | Iterable[str], output: str | os.PathLike[str] | None) -> None:
    """Write `text` (a string, or pieces of one) to `output` atomically, or to stdout.

    Raises:
        OutputError: The file or standard output could not be written (a missing directory,
            no permission, a full disk); the message names it and says why. Standard
            output is flushed here, so that its errors surface too. A reader that went away
            (`BrokenPipeError`) is left to the caller.
    """
    try:
        if output is not None:
            atomic_write(output, text)
            return
        if isinstance(text, str):
            sys.stdout.write(text)
        else:
            for piece in text:
                sys.stdout.write(piece)
        sys.stdout.flush()
    except BrokenPipeError:
        raise
    except OSError as error:
        where = "standard output" if output is None else os.fspath(output)
        raise OutputError(f"cannot write {where}: {error.strerror or error}") from None
