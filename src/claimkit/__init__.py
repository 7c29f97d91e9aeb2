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
from claimkit._config import Config, load_config
from claimkit._dates import PartialDate, Precision, Truth
from claimkit._engine import (
    Context,
    InconsistentCorpusError,
    assert_consistent,
    check,
    check_path,
    is_consistent,
    iter_findings,
)
from claimkit._export import export_corpus, prov_document, web_annotations
from claimkit._findings import Finding, FindingLocation, Hit, Kind, Severity
from claimkit._grounding import Grounding, actor_grounded, date_grounded
from claimkit._import import ImportProblem, ImportResult, import_csv, import_web_annotations
from claimkit._infer import SourceDate, infer_source_dates
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
from claimkit._report import DatedSource, Report, render_text
from claimkit._resolve import Resolved, ResolvedSpan, resolve
from claimkit._rules import registered_rules
from claimkit._rules._registry import Rule, rule
from claimkit._schema import corpus_schema
from claimkit._temporal import Mention, Policy, Resolution, TraceStep, tag
from claimkit._temporal import resolve as resolve_expression
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
    "Config",
    "Context",
    "Corpus",
    "DatedSource",
    "Finding",
    "FindingLocation",
    "Grounding",
    "Hit",
    "ImportProblem",
    "ImportResult",
    "InconsistentCorpusError",
    "Kind",
    "Limits",
    "Link",
    "LinkRelation",
    "Location",
    "Lock",
    "MatchKind",
    "Mention",
    "Modality",
    "PartialDate",
    "Participant",
    "Polarity",
    "Policy",
    "Precision",
    "Quantity",
    "Report",
    "Resolution",
    "Resolved",
    "ResolvedSpan",
    "Role",
    "Rule",
    "Severity",
    "Source",
    "SourceDate",
    "Span",
    "Suppression",
    "TraceStep",
    "Truth",
    "__version__",
    "actor_grounded",
    "anchor",
    "assert_consistent",
    "check",
    "check_path",
    "corpus_from_data",
    "corpus_schema",
    "date_grounded",
    "dump",
    "dumps",
    "export_corpus",
    "import_csv",
    "import_web_annotations",
    "infer_source_dates",
    "is_consistent",
    "iter_findings",
    "load",
    "load_config",
    "loads",
    "make_converter",
    "normalize_name",
    "prov_document",
    "read_source",
    "registered_rules",
    "render_text",
    "resolve",
    "resolve_expression",
    "rule",
    "tag",
    "web_annotations",
]
