# Exporting a corpus to the formats other tools read.
#
# - `prov_document` builds a W3C PROV document with the `prov` package (optional extra
#   `claimkit[prov]`): sources are entities with their SHA-256, claims are entities derived from
#   their sources (one qualified derivation per evidence span, carrying the quote and offsets),
#   each claim file's annotation is an activity, and the annotator and claimkit (which anchored
#   the quotes) are agents. Every relation has an identifier so PROV-O (Turtle) reads back
#   equal to what was written.
# - `web_annotations` builds a W3C Web Annotation collection (JSON-LD): one annotation per
#   evidence span, TextQuoteSelector + TextPositionSelector, a body that links to the claim
#   plus tagging bodies that carry the claim's fields (the mapping `_import` reads back).
# - `claim_rows` / `evidence_rows` flatten claims into two tables, written as CSV (csv module)
#   or Parquet (pyarrow, optional extra `claimkit[parquet]`).
# Heavy packages are imported inside the functions that need them.

from __future__ import annotations

import contextlib
import csv
import json
import os
import warnings
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from claimkit._io import atomic_write, replacing
from claimkit._model import Claim, Corpus, Modality, Polarity, Quantity
from claimkit._report import _orjson_inside
from claimkit._resolve import Resolved, ResolvedSpan, resolve
from claimkit._version import __version__
from claimkit.errors import ConfigError, MissingExtraError

if TYPE_CHECKING:
    from prov.model import ProvDocument

__all__ = [
    "CLAIM_COLUMNS",
    "EVIDENCE_COLUMNS",
    "EXPORT_FORMATS",
    "ExportFormat",
    "MissingExtraError",
    "claim_iri",
    "claim_rows",
    "claim_tags",
    "evidence_path",
    "evidence_rows",
    "export_corpus",
    "iter_web_annotations",
    "prov_document",
    "source_iri",
    "web_annotations",
]

ExportFormat = Literal["prov-json", "prov-o", "web-annotation", "csv", "parquet"]
EXPORT_FORMATS: tuple[ExportFormat, ...] = (
    "prov-json",
    "prov-o",
    "web-annotation",
    "csv",
    "parquet",
)

#: IRIs of claimkit objects: `urn:claimkit:source:ID`, `urn:claimkit:claim:ID`, ...
BASE_IRI = "urn:claimkit:"
#: The vocabulary of claimkit's own PROV attributes and types.
NAMESPACE = "https://claimkit.readthedocs.io/ns#"
#: The home of the software agent.
HOMEPAGE = "https://claimkit.readthedocs.io"
ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"


def _require(module: str, extra: str) -> None:
    import importlib.util

    if importlib.util.find_spec(module) is None:
        raise MissingExtraError(
            f"this format needs the {module!r} package: install claimkit[{extra}] "
            f"(pip install 'claimkit[{extra}]')"
        )


def source_iri(source_id: str) -> str:
    """The IRI claimkit gives a source: `urn:claimkit:source:ID`."""
    return f"{BASE_IRI}source:{source_id}"


def claim_iri(claim_id: str) -> str:
    """The IRI claimkit gives a claim: `urn:claimkit:claim:ID`."""
    return f"{BASE_IRI}claim:{claim_id}"


def evidence_path(path: str | os.PathLike[str]) -> Path:
    """Where the evidence table goes: `claims.csv` -> `claims.evidence.csv` beside it."""
    file = Path(path)
    return file.with_name(f"{file.stem}.evidence{file.suffix}")


# ---------------------------------------------------------------------------------------------
# Claim fields as tags (shared with the importers)


def _quantity_text(quantity: Quantity) -> str:
    unit = f" {quantity.unit}" if quantity.unit else ""
    return f"{quantity.of} {quantity.comparator.value} {quantity.value}{unit}"


def claim_tags(claim: Claim) -> list[str]:
    """The claim's fields as `key:value` tags, the mapping the importers read back.

    `claim:ID`, `action:ID`, `actor.ROLE:ACTOR` (or `ACTOR@OFFICE`), `date:EDTF`, `place:ID`,
    `polarity:...`, `modality:...`, `speaker:ID`, `event:ID`, `scope:WORD`,
    `link:RELATION=EVENT` and `quantity:OF COMPARATOR VALUE [UNIT]`; defaults are left out.

    Examples:
        >>> from claimkit import Claim, Participant
        >>> claim_tags(Claim(id="c1", action="meeting", actors=(Participant("agent", "ve"),)))
        ['claim:c1', 'action:meeting', 'actor.agent:ve']
    """
    tags = [f"claim:{claim.id}", f"action:{claim.action}"]
    for participant in claim.actors:
        office = f"@{participant.office}" if participant.office else ""
        tags.append(f"actor.{participant.role}:{participant.actor}{office}")
    if claim.date is not None:
        tags.append(f"date:{claim.date}")
    if claim.place is not None:
        tags.append(f"place:{claim.place}")
    if claim.polarity is not Polarity.AFFIRMED:
        tags.append(f"polarity:{claim.polarity.value}")
    if claim.modality is not Modality.ASSERTED:
        tags.append(f"modality:{claim.modality.value}")
    if claim.speaker is not None:
        tags.append(f"speaker:{claim.speaker}")
    if claim.event is not None:
        tags.append(f"event:{claim.event}")
    tags.extend(f"scope:{scope}" for scope in claim.scope)
    tags.extend(f"link:{link.relation.value}={link.event}" for link in claim.links)
    tags.extend(f"quantity:{_quantity_text(quantity)}" for quantity in claim.quantities)
    return tags


# ---------------------------------------------------------------------------------------------
# W3C Web Annotation


def _target_source(corpus: Corpus, source_id: str) -> str:
    if corpus.has_source(source_id):
        url = corpus.source(source_id).url
        if url:
            return url
    return source_iri(source_id)


def _annotation(corpus: Corpus, claim: Claim, item: ResolvedSpan) -> dict[str, Any]:
    span = item.span
    source_id = span.source or ""
    quote_selector: dict[str, Any] = {"type": "TextQuoteSelector", "exact": span.quote}
    selectors: list[dict[str, Any]] = [quote_selector]
    if item.ok and span.start is not None and span.end is not None:
        text = corpus.source(source_id).text
        quote_selector["exact"] = text[span.start : span.end]
        quote_selector["prefix"] = span.prefix or ""
        quote_selector["suffix"] = span.suffix or ""
        selectors.append({"type": "TextPositionSelector", "start": span.start, "end": span.end})
    bodies: list[dict[str, Any]] = [{"id": claim_iri(claim.id)}]
    bodies.extend(
        {"type": "TextualBody", "purpose": "tagging", "value": tag} for tag in claim_tags(claim)
    )
    if claim.note:
        bodies.append(
            {
                "type": "TextualBody",
                "purpose": "commenting",
                "value": claim.note,
                "format": "text/plain",
            }
        )
    annotation: dict[str, Any] = {
        "@context": ANNO_CONTEXT,
        "id": f"{claim_iri(claim.id)}/evidence/{item.index + 1}",
        "type": "Annotation",
        "motivation": "linking",
        "body": bodies,
        "target": {"source": _target_source(corpus, source_id), "selector": selectors},
    }
    return annotation


def web_annotations(corpus: Corpus, resolved: Resolved | None = None) -> dict[str, Any]:
    """The corpus's evidence as a W3C Web Annotation collection (JSON-LD).

    One annotation per evidence span, in claim order. Its target is the source (its `url`, or
    `urn:claimkit:source:ID`) with a TextQuoteSelector (`exact` is the source's own text,
    with 32 characters of `prefix` and `suffix`) and a TextPositionSelector (code point
    offsets). Its body links to the claim (`urn:claimkit:claim:ID`) and carries the claim's
    fields as tagging bodies (see `claim_tags`) and the claim's note as a comment. A span
    that cannot be anchored keeps only a TextQuoteSelector with the quote as written.
    """
    resolved = resolved or resolve(corpus)
    items = [
        _annotation(corpus, claim, item)
        for claim in corpus.claims
        for item in resolved.claim_spans(claim.id)
    ]
    return _collection(items, len(items))


def _collection(items: list[dict[str, Any]], total: int) -> dict[str, Any]:
    return {
        "@context": ANNO_CONTEXT,
        "id": f"{BASE_IRI}annotations",
        "type": "AnnotationCollection",
        "label": "claimkit evidence",
        "total": total,
        "generator": {
            "id": HOMEPAGE,
            "type": "Software",
            "name": f"claimkit {__version__}",
        },
        "first": {"id": f"{BASE_IRI}annotations/page/1", "type": "AnnotationPage", "items": items},
    }


def _dumps(value: Any) -> str:
    """The text the Web Annotation file is made of: two-space indent, keys in their order."""
    return json.dumps(value, ensure_ascii=False, indent=2)


# The annotations stand last in the collection's text (`items` is the last key of `first`,
# the last key of the collection; a JSON string cannot hold a raw newline), six spaces in.
_ITEMS_EMPTY = '\n    "items": []\n'
_ITEMS_SEPARATOR = ",\n      "
_ANNOTATIONS_CHUNK = 512
# What orjson writes around annotations inside `{"first": {"items": [...]}}`.
_ITEMS_HEAD = b'{\n  "first": {\n    "items": [\n      '
_ITEMS_TAIL = b"\n    ]\n  }\n}"


def iter_web_annotations(corpus: Corpus, resolved: Resolved | None = None) -> Iterator[str]:
    """The text of `web_annotations` as `claimkit export --to web-annotation` writes it, in
    pieces of a few hundred annotations: what `json.dumps(web_annotations(corpus, resolved),
    ensure_ascii=False, indent=2)` writes, plus a final newline, without ever holding every
    annotation (a kilobyte of JSON each) or the whole text.
    """
    resolved = resolved or resolve(corpus)
    claims = corpus.claims
    total = sum(len(resolved.claim_spans(claim.id)) for claim in claims)
    text = _dumps(_collection([], total))
    if not total:
        yield text + "\n"
        return
    at = text.rindex(_ITEMS_EMPTY)
    yield text[:at] + '\n    "items": [\n      '
    chunk: list[dict[str, Any]] = []
    first = True
    for claim in claims:
        for item in resolved.claim_spans(claim.id):
            chunk.append(_annotation(corpus, claim, item))
            if len(chunk) == _ANNOTATIONS_CHUNK:
                yield ("" if first else _ITEMS_SEPARATOR) + _dumps_annotations(chunk)
                chunk, first = [], False
    if chunk:
        yield ("" if first else _ITEMS_SEPARATOR) + _dumps_annotations(chunk)
    yield "\n    ]" + text[at + len(_ITEMS_EMPTY) - 1 :] + "\n"


def _dumps_annotations(items: list[dict[str, Any]]) -> str:
    """The annotations `items` as the collection's text holds them, without the brackets."""
    # Annotations hold only strings, integers, lists and dicts with string keys, which orjson
    # writes as `json` does, keys in their order.
    text = _orjson_inside({"first": {"items": items}}, _ITEMS_HEAD, _ITEMS_TAIL, sort_keys=False)
    if text is not None:
        return text
    return _ITEMS_SEPARATOR.join(_dumps(item).replace("\n", "\n      ") for item in items)


# ---------------------------------------------------------------------------------------------
# W3C PROV


def _annotation_files(corpus: Corpus) -> dict[str, list[Claim]]:
    files: dict[str, list[Claim]] = {}
    root = corpus.root
    for claim in corpus.claims:
        file = claim.location.file if claim.location else "<code>"
        if root and claim.location:
            with contextlib.suppress(ValueError):  # another drive on Windows
                file = Path(os.path.relpath(Path(file).resolve(), Path(root).resolve())).as_posix()
        files.setdefault(file, []).append(claim)
    return files


def prov_document(
    corpus: Corpus, resolved: Resolved | None = None, *, annotator: str | None = None
) -> ProvDocument:
    """The corpus's provenance as a W3C PROV document (needs `claimkit[prov]`).

    - every source is an entity `source:ID` of type `ck:Source` with `ck:sha256`, and its
      title, URL, language and publication date when known; its outlet, when known, is an
      agent it is attributed to;
    - every claim is an entity `claim:ID` of type `ck:Claim` with its action, date and event,
      generated by the annotation of the file it was written in, and derived from its sources
      by one derivation per evidence span (`ck:quote`, `ck:start`, `ck:end`);
    - every claim file's annotation is an activity `annotation:FILE` that used the sources;
      it is associated with the annotator (agent `agent:annotator`, a person, named by
      `annotator`) and with claimkit (agent `agent:claimkit`, a software agent that anchored
      the quotes); a reported claim is attributed to its speaker (agent `actor:ID`).

    Raises:
        MissingExtraError: The `prov` package is not installed.
    """
    _require("prov", "prov")
    from prov.model import PROV, PROV_LABEL, PROV_ROLE, PROV_TYPE, PROV_VALUE, ProvDocument

    resolved = resolved or resolve(corpus)
    document = ProvDocument()
    ck = document.add_namespace("ck", NAMESPACE)
    src = document.add_namespace("source", f"{BASE_IRI}source:")
    clm = document.add_namespace("claim", f"{BASE_IRI}claim:")
    act = document.add_namespace("annotation", f"{BASE_IRI}annotation:")
    agt = document.add_namespace("agent", f"{BASE_IRI}agent:")
    actor_ns = document.add_namespace("actor", f"{BASE_IRI}actor:")
    rel = document.add_namespace("relation", f"{BASE_IRI}relation:")

    claimkit_agent = document.agent(
        agt["claimkit"],
        {
            PROV_TYPE: PROV["SoftwareAgent"],
            PROV_LABEL: f"claimkit {__version__}",
            ck["homepage"]: HOMEPAGE,
        },
    )
    annotator_agent = document.agent(
        agt["annotator"],
        {PROV_TYPE: PROV["Person"], PROV_LABEL: annotator or "the annotator of the claim files"},
    )
    for source in corpus.sources:
        attributes: dict[Any, Any] = {PROV_TYPE: ck["Source"], ck["sha256"]: source.sha256}
        for name in ("title", "url", "language"):
            value = getattr(source, name)
            if value:
                attributes[PROV_LABEL if name == "title" else ck[name]] = value
        if source.published is not None:
            attributes[ck["published"]] = str(source.published)
        entity = document.entity(src[source.id], attributes)
        if source.outlet:
            outlet = document.agent(
                agt[f"outlet/{source.id}"],
                {PROV_TYPE: PROV["Organization"], PROV_LABEL: source.outlet},
            )
            document.wasAttributedTo(
                entity, outlet, identifier=rel[f"attributed/source/{source.id}"]
            )
    speakers: dict[str, Any] = {}
    for number, (file, claims) in enumerate(sorted(_annotation_files(corpus).items()), start=1):
        activity = document.activity(
            act[str(number)], other_attributes={PROV_TYPE: ck["Annotation"], ck["file"]: file}
        )
        document.wasAssociatedWith(
            activity,
            annotator_agent,
            identifier=rel[f"associated/{number}/annotator"],
            other_attributes={PROV_ROLE: ck["annotator"]},
        )
        document.wasAssociatedWith(
            activity,
            claimkit_agent,
            identifier=rel[f"associated/{number}/claimkit"],
            other_attributes={PROV_ROLE: ck["anchoring"]},
        )
        used: set[str] = set()
        for claim in claims:
            attributes = {PROV_TYPE: ck["Claim"], ck["action"]: claim.action}
            if claim.date is not None:
                attributes[ck["date"]] = str(claim.date)
            if claim.event is not None:
                attributes[ck["event"]] = claim.event
            if claim.modality is not Modality.ASSERTED:
                attributes[ck["modality"]] = claim.modality.value
            if claim.note:
                attributes[PROV_VALUE] = claim.note
            entity = document.entity(clm[claim.id], attributes)
            document.wasGeneratedBy(entity, activity, identifier=rel[f"generated/{claim.id}"])
            for item in resolved.claim_spans(claim.id):
                span = item.span
                if span.source is None or not corpus.has_source(span.source):
                    continue
                if span.source not in used:
                    used.add(span.source)
                    document.used(
                        activity,
                        src[span.source],
                        identifier=rel[f"used/{number}/{span.source}"],
                    )
                extra: dict[Any, Any] = {ck["quote"]: span.quote}
                if item.ok and span.start is not None and span.end is not None:
                    extra[ck["start"]] = span.start
                    extra[ck["end"]] = span.end
                document.wasDerivedFrom(
                    entity,
                    src[span.source],
                    activity,
                    identifier=rel[f"derived/{claim.id}/{item.index + 1}"],
                    other_attributes=extra,
                )
            if claim.speaker is not None:
                speaker = speakers.get(claim.speaker)
                if speaker is None:
                    speaker = speakers[claim.speaker] = document.agent(actor_ns[claim.speaker])
                document.wasAttributedTo(
                    entity, speaker, identifier=rel[f"attributed/claim/{claim.id}"]
                )
    return document


def _serialize_prov(document: ProvDocument, format: str) -> str:
    if format == "prov-json":
        return str(document.serialize(format="json", indent=2)) + "\n"
    _require("rdflib", "prov")
    # rdflib 7.1+ deprecates an attribute that prov's RDF serializer still reads; the warning
    # is theirs and harmless, so it is silenced only around this call.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        return str(document.serialize(format="rdf", rdf_format="turtle"))


# ---------------------------------------------------------------------------------------------
# Tables

#: The columns of the claims table, one row per claim.
CLAIM_COLUMNS: tuple[str, ...] = (
    "id",
    "action",
    "actors",
    "date",
    "effective_date",
    "earliest",
    "latest",
    "place",
    "polarity",
    "modality",
    "speaker",
    "event",
    "scope",
    "quantities",
    "links",
    "sources",
    "evidence_count",
    "note",
    "file",
    "line",
)
#: The columns of the evidence table, one row per evidence span.
EVIDENCE_COLUMNS: tuple[str, ...] = (
    "claim",
    "index",
    "source",
    "source_sha256",
    "start",
    "end",
    "quote",
    "exact",
    "prefix",
    "suffix",
    "match",
    "error",
    "file",
    "line",
)

_Row = dict[str, Any]


def _day(value: Any) -> str | None:
    import datetime

    if value in (datetime.date.min, datetime.date.max):
        return None
    return str(value.isoformat())


def claim_rows(corpus: Corpus, resolved: Resolved | None = None) -> Iterator[_Row]:
    """One flat row per claim (keys: `CLAIM_COLUMNS`); `None` for an empty cell.

    Lists are joined with `"; "`: actors as `role:actor` (or `role:actor@office`), links as
    `relation:event`, quantities as `of comparator value unit`. `effective_date` is the
    annotated date or the one the evidence states; `earliest` and `latest` are its first and
    last possible days (ISO dates; empty when open).
    """
    resolved = resolved or resolve(corpus)
    for claim in corpus.claims:
        effective = resolved.dates.get(claim.id)
        actors = "; ".join(
            f"{p.role}:{p.actor}" + (f"@{p.office}" if p.office else "") for p in claim.actors
        )
        yield {
            "id": claim.id,
            "action": claim.action,
            "actors": actors or None,
            "date": str(claim.date) if claim.date is not None else None,
            "effective_date": str(effective) if effective is not None else None,
            "earliest": _day(effective.earliest) if effective is not None else None,
            "latest": _day(effective.latest) if effective is not None else None,
            "place": claim.place,
            "polarity": claim.polarity.value,
            "modality": claim.modality.value,
            "speaker": claim.speaker,
            "event": claim.event,
            "scope": "; ".join(claim.scope) or None,
            "quantities": "; ".join(_quantity_text(q) for q in claim.quantities) or None,
            "links": "; ".join(f"{lk.relation.value}:{lk.event}" for lk in claim.links) or None,
            "sources": "; ".join(claim.sources) or None,
            "evidence_count": len(claim.evidence),
            "note": claim.note,
            "file": claim.location.file if claim.location else None,
            "line": claim.location.line if claim.location else None,
        }


def evidence_rows(corpus: Corpus, resolved: Resolved | None = None) -> Iterator[_Row]:
    """One flat row per evidence span (keys: `EVIDENCE_COLUMNS`); `None` for an empty cell.

    `index` counts a claim's spans from 1; `quote` is as written, `exact` the source's own
    text at `start`..`end`; a span that could not be anchored has no offsets and an `error`.
    """
    resolved = resolved or resolve(corpus)
    for claim in corpus.claims:
        for item in resolved.claim_spans(claim.id):
            span = item.span
            source = (
                corpus.source(span.source)
                if span.source and corpus.has_source(span.source)
                else None
            )
            anchored = item.ok and source is not None and span.start is not None
            exact = (
                source.text[span.start : span.end]
                if anchored and source is not None and span.start is not None
                else None
            )
            where = span.location or claim.location
            yield {
                "claim": claim.id,
                "index": item.index + 1,
                "source": span.source,
                "source_sha256": source.sha256 if source is not None else None,
                "start": span.start if anchored else None,
                "end": span.end if anchored else None,
                "quote": span.quote,
                "exact": exact,
                "prefix": span.prefix if anchored else None,
                "suffix": span.suffix if anchored else None,
                "match": span.match.value if anchored and span.match is not None else None,
                "error": item.error.message if item.error is not None else None,
                "file": where.file if where else None,
                "line": where.line if where else None,
            }


def _write_csv(path: Path, columns: Sequence[str], rows: Iterator[_Row]) -> None:
    with replacing(path) as temporary, temporary.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(columns), lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({key: "" if value is None else value for key, value in row.items()})


_INTEGER_COLUMNS = frozenset({"evidence_count", "line", "index", "start", "end"})
_DATE_COLUMNS = frozenset({"earliest", "latest"})


def _write_parquet(path: Path, columns: Sequence[str], rows: Iterator[_Row]) -> None:
    import datetime

    import pyarrow as pa
    import pyarrow.parquet as pq

    fields = []
    for name in columns:
        if name in _INTEGER_COLUMNS:
            fields.append(pa.field(name, pa.int64()))
        elif name in _DATE_COLUMNS:
            fields.append(pa.field(name, pa.date32()))
        else:
            fields.append(pa.field(name, pa.string()))
    schema = pa.schema(fields)
    data: dict[str, list[Any]] = {name: [] for name in columns}
    for row in rows:
        for name in columns:
            value = row[name]
            if name in _DATE_COLUMNS and value is not None:
                value = datetime.date.fromisoformat(value)
            data[name].append(value)
    table = pa.table(data, schema=schema)
    with replacing(path) as temporary:
        pq.write_table(table, temporary)


# ---------------------------------------------------------------------------------------------
# The front door


def export_corpus(
    corpus: Corpus,
    format: str,
    path: str | os.PathLike[str],
    *,
    annotator: str | None = None,
) -> tuple[Path, ...]:
    """Write the corpus in another tool's format.

    Formats:

    - `prov-json`: W3C PROV as PROV-JSON (needs `claimkit[prov]`), see `prov_document`;
    - `prov-o`: the same document as PROV-O in Turtle (needs `claimkit[prov]`);
    - `web-annotation`: a W3C Web Annotation collection in JSON-LD, see `web_annotations`;
    - `csv`: two tables, claims at `path` and evidence spans beside it (`x.csv` and
      `x.evidence.csv`), see `claim_rows` and `evidence_rows`;
    - `parquet`: the same two tables as Parquet files (needs `claimkit[parquet]`).

    Args:
        corpus: The corpus; its spans are anchored first, so offsets are exact.
        format: One of `EXPORT_FORMATS`.
        path: The file to write (for tables, the claims table).
        annotator: Who annotated the claims, named in the PROV agent.

    Returns:
        The files written.

    Raises:
        ConfigError: The format is unknown.
        MissingExtraError: The format needs an optional extra that is not installed.
    """
    if format not in EXPORT_FORMATS:
        raise ConfigError(
            f"unknown export format {format!r}; expected one of {', '.join(EXPORT_FORMATS)}"
        )
    if format in {"prov-json", "prov-o"}:
        _require("prov", "prov")
    if format == "parquet":
        _require("pyarrow", "parquet")
    target = Path(path)
    resolved = resolve(corpus)
    if format in {"prov-json", "prov-o"}:
        document = prov_document(corpus, resolved, annotator=annotator)
        atomic_write(target, _serialize_prov(document, format))
        return (target,)
    if format == "web-annotation":
        atomic_write(target, iter_web_annotations(corpus, resolved))
        return (target,)
    spans = evidence_path(target)
    write = _write_csv if format == "csv" else _write_parquet
    write(target, CLAIM_COLUMNS, claim_rows(corpus, resolved))
    write(spans, EVIDENCE_COLUMNS, evidence_rows(corpus, resolved))
    return (target, spans)
