"""claimkit: provenance-tracked fact claims, checked for consistency across sources.

Every claim keeps the exact words that state it (a span of a source, its quote and the
source's SHA-256), and a corpus of claims is checked for where sources agree, where they
conflict, which timelines cannot hold and which dates or actors the quoted text does not
support.

Examples:
    >>> import claimkit
    >>> source = claimkit.Source(id="a", text="Maduro broke off relations in 2019.")
    >>> span = source.span("broke off relations in 2019")
    >>> (span.start, span.end)
    (7, 34)
    >>> claimkit.PartialDate.parse("2019").contains(claimkit.PartialDate.parse("2019-06"))
    True
"""

from claimkit._anchor import Anchor, MatchKind, anchor
from claimkit._dates import PartialDate, Precision, Truth
from claimkit._load import (
    Limits,
    corpus_from_data,
    dump,
    dumps,
    load,
    loads,
    make_converter,
    read_source,
)
from claimkit._lock import Lock
from claimkit._model import (
    Action,
    Actor,
    ActorKind,
    Claim,
    Comparator,
    Corpus,
    Link,
    LinkRelation,
    Location,
    Modality,
    Participant,
    Polarity,
    Quantity,
    Role,
    Source,
    Span,
    Suppression,
    normalize_name,
)
from claimkit._version import __version__
from claimkit.errors import ClaimkitError

__all__ = [
    "Action",
    "Actor",
    "ActorKind",
    "Anchor",
    "Claim",
    "ClaimkitError",
    "Comparator",
    "Corpus",
    "Limits",
    "Link",
    "LinkRelation",
    "Location",
    "Lock",
    "MatchKind",
    "Modality",
    "Participant",
    "PartialDate",
    "Polarity",
    "Precision",
    "Quantity",
    "Role",
    "Source",
    "Span",
    "Suppression",
    "Truth",
    "__version__",
    "anchor",
    "corpus_from_data",
    "dump",
    "dumps",
    "load",
    "loads",
    "make_converter",
    "normalize_name",
    "read_source",
]
