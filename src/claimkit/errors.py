"""Exceptions raised by claimkit.

Every exception claimkit raises on purpose derives from
[`ClaimkitError`][claimkit.errors.ClaimkitError] and also from the builtin exception that
fits it best (`ValueError`, `LookupError`, ...), so callers can catch either. Problems
found *in* a corpus by the consistency rules are not exceptions: they are
[findings][claimkit.Finding].

Errors that come from a file say where: `file`, `line` (1-based) and `field` (the dotted
path to the offending value, such as `claims[3].date`). `str(error)` puts them together in
one line that editors and CI logs can jump to:

    seeds/claims/000.yaml:41: claims[3].date: '2022-02-30' is not a valid date
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

__all__ = [
    "AmbiguousQuoteError",
    "AnchorError",
    "ClaimkitError",
    "ConfigError",
    "CorpusError",
    "DuplicateIdError",
    "InvalidDateError",
    "LoadError",
    "MissingExtraError",
    "OffsetMismatchError",
    "PathOutsideCorpusError",
    "QuoteNotFoundError",
    "TemporalExpressionError",
    "UnknownReferenceError",
]


class ClaimkitError(Exception):
    """Root of every exception claimkit raises on purpose.

    Attributes:
        message: What went wrong, without the location.
        file: The file the problem is in, when there is one.
        line: The 1-based line in `file`, when known.
        field: The dotted path of the offending field (`claims[3].date`), when known.
    """

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        field: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line
        self.field = field

    def located(
        self, *, file: str | None = None, line: int | None = None, field: str | None = None
    ) -> ClaimkitError:
        """Fill in location parts that are still missing and return `self`."""
        if self.file is None:
            self.file = file
        if self.line is None:
            self.line = line
        if self.field is None:
            self.field = field
        return self

    def __str__(self) -> str:
        where = ""
        if self.file is not None:
            where = self.file if self.line is None else f"{self.file}:{self.line}"
            where += ": "
        field = f"{self.field}: " if self.field else ""
        return f"{where}{field}{self.message}"


class InvalidDateError(ClaimkitError, ValueError):
    """A date string is not a valid EDTF date, or names a day that does not exist."""


class TemporalExpressionError(ClaimkitError, ValueError):
    """A temporal expression cannot be read."""


class LoadError(ClaimkitError, ValueError):
    """A corpus file cannot be read: bad syntax, a wrong type, a missing or unknown field."""


class ConfigError(ClaimkitError, ValueError):
    """The `[tool.claimkit]` configuration or a command-line option is invalid."""


class DuplicateIdError(ClaimkitError, ValueError):
    """Two objects of one kind share an id."""


class UnknownReferenceError(ClaimkitError, LookupError):
    """A name refers to an actor, action, source, event or claim that does not exist."""


class MissingExtraError(ClaimkitError, ImportError):
    """A feature needs an optional dependency that is not installed (`claimkit[prov]`, ...)."""


class PathOutsideCorpusError(ClaimkitError, ValueError):
    """A path points outside the corpus root and escaping it was not allowed."""


class AnchorError(ClaimkitError, LookupError):
    """A span cannot be placed in its source."""


class QuoteNotFoundError(AnchorError):
    """A quote does not occur in its source.

    Attributes:
        candidate: The most similar stretch of the source, or `None`.
        candidate_start: Its start offset.
        candidate_end: Its end offset.
        score: Its similarity to the quote, from 0 to 100.
    """

    def __init__(
        self,
        message: str,
        *,
        candidate: str | None = None,
        candidate_start: int | None = None,
        candidate_end: int | None = None,
        score: float | None = None,
        file: str | None = None,
        line: int | None = None,
        field: str | None = None,
    ) -> None:
        super().__init__(message, file=file, line=line, field=field)
        self.candidate = candidate
        self.candidate_start = candidate_start
        self.candidate_end = candidate_end
        self.score = score


class AmbiguousQuoteError(AnchorError):
    """A quote occurs more than once and nothing says which occurrence is meant.

    Attributes:
        candidates: The `(start, end)` offsets of every occurrence.
    """

    def __init__(
        self,
        message: str,
        *,
        candidates: Sequence[tuple[int, int]] = (),
        file: str | None = None,
        line: int | None = None,
        field: str | None = None,
    ) -> None:
        super().__init__(message, file=file, line=line, field=field)
        self.candidates = tuple(candidates)


class OffsetMismatchError(AnchorError):
    """Given offsets are outside the source or do not hold the quote."""


class CorpusError(ClaimkitError, ValueError):
    """Several problems found while loading a corpus, all reported together.

    Attributes:
        errors: Every problem, in file and line order.
    """

    def __init__(self, errors: Iterable[ClaimkitError]) -> None:
        self.errors = tuple(errors)
        count = len(self.errors)
        noun = "problem" if count == 1 else "problems"
        super().__init__(f"{count} {noun} in the corpus")

    def __str__(self) -> str:
        return "\n".join(str(error) for error in self.errors)
