# Importing claims from other tools: W3C Web Annotation JSON (hypothes.is exports included)
# and CSV with a documented column layout.
#
# Both readers turn their input into `_Draft`s (one quote in one source, with tags and a
# note), then share one path: find the source (`_find_source`), anchor the quote with
# claimkit's own anchoring (`_place`: positions and context only choose among occurrences;
# a quote that is not in the source is reported with its best candidate and never kept),
# group drafts into claims by claim id, read the claim's fields from `key:value` tags (the
# mapping `_export.claim_tags` writes), structure them with the loader's converter, and check
# that the action and actors exist in the corpus. Problems are data (`ImportProblem`), never
# raised, so one run shows them all; only an unreadable file raises `LoadError`.

from __future__ import annotations

import csv
import io
import json
import os
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from claimkit._anchor import anchor
from claimkit._export import BASE_IRI, claim_iri
from claimkit._load import _ID_PATTERN, FORMAT_VERSION, _Document, _located_errors, make_converter
from claimkit._model import Claim, Comparator, Corpus
from claimkit.errors import AmbiguousQuoteError, AnchorError, LoadError, QuoteNotFoundError

__all__ = [
    "CSV_COLUMNS",
    "ImportProblem",
    "ImportResult",
    "import_csv",
    "import_web_annotations",
]

#: The columns of the CSV import layout; `claim`, `source` and `quote` are required.
CSV_COLUMNS: tuple[str, ...] = (
    "claim",
    "action",
    "actors",
    "date",
    "place",
    "polarity",
    "modality",
    "speaker",
    "event",
    "scope",
    "links",
    "quantities",
    "note",
    "source",
    "quote",
    "prefix",
    "suffix",
    "start",
    "end",
)
_CSV_REQUIRED = ("claim", "source", "quote")
_SCALAR_TAGS = ("claim", "action", "date", "place", "polarity", "modality", "speaker", "event")
_QUANTITY = re.compile(
    r"\A(?P<of>.+?)\s*(?P<cmp><=|>=|=|<|>|~)\s*(?P<value>-?[0-9][0-9,]*(?:\.[0-9]+)?)"
    r"(?:\s+(?P<unit>\S.*))?\Z"
)


@attrs.frozen(kw_only=True)
class ImportProblem:
    """Something in an imported file that claimkit did not take over.

    Attributes:
        item: Which annotation or row (`annotation 3 (id ...)`, `row 5`).
        message: What is wrong, in one sentence.
        claim: The claim it concerns, when known.
        quote: The quote, for a quote that could not be placed.
        candidate: The most similar stretch of the source, for a quote that is not there.
        score: The candidate's similarity to the quote, 0 to 100.
    """

    item: str
    message: str
    claim: str | None = None
    quote: str | None = None
    candidate: str | None = None
    score: float | None = None

    def __str__(self) -> str:
        about = f" (claim {self.claim})" if self.claim else ""
        return f"{self.item}{about}: {self.message}"


@attrs.frozen(kw_only=True)
class ImportResult:
    """The claims an import produced and everything it left out.

    Attributes:
        claims: Claims whose evidence was found in the corpus's sources, in input order.
        problems: What could not be imported, in input order.
    """

    claims: tuple[Claim, ...]
    problems: tuple[ImportProblem, ...]

    @property
    def ok(self) -> bool:
        """Whether everything in the file was imported."""
        return not self.problems

    def data(self) -> dict[str, Any]:
        """The claims as the data of a corpus file (`claimkit: 1`, `claims: [...]`)."""
        converter = make_converter()
        return {
            "claimkit": FORMAT_VERSION,
            "claims": [converter.unstructure(claim) for claim in self.claims],
        }

    def dumps(self) -> str:
        """The claims as the text of a YAML corpus file."""
        from ruamel.yaml import YAML

        yaml = YAML(typ="safe", pure=True)
        yaml.default_flow_style = False
        setattr(yaml, "sort_base_mapping_type_on_output", False)  # noqa: B010 (typed as None)
        yaml.allow_unicode = True
        yaml.width = 100
        buffer = io.StringIO()
        yaml.dump(self.data(), buffer)
        return buffer.getvalue()


@attrs.frozen(kw_only=True)
class _Draft:
    """One quote of one source, with the claim fields an annotation or row gives it."""

    item: str
    claim: str | None
    source: str | None
    quote: str | None
    prefix: str | None = None
    suffix: str | None = None
    start: int | None = None
    end: int | None = None
    tags: tuple[str, ...] = ()
    note: str | None = None


# ---------------------------------------------------------------------------------------------
# Shared: sources, anchoring, tags, claims


def _find_source(corpus: Corpus, ref: str) -> str | None:
    """The id of the source `ref` names: its claimkit IRI, its URL, its id or its file name."""
    prefix = f"{BASE_IRI}source:"
    if ref.startswith(prefix):
        ident = ref[len(prefix) :]
        return ident if corpus.has_source(ident) else None
    bare = ref.split("#", 1)[0].rstrip("/")
    for source in corpus.sources:
        if source.url and source.url.split("#", 1)[0].rstrip("/") == bare:
            return source.id
    if corpus.has_source(ref):
        return ref
    name = bare.rsplit("/", 1)[-1]
    stem = name[: -len(".txt")] if name.endswith(".txt") else name
    return stem if stem and corpus.has_source(stem) else None


def _place(text: str, draft: _Draft, quote: str) -> int | None:
    """Anchor `quote` and return the occurrence to record, or `None` when it occurs once.

    Context and positions only choose among occurrences of the quote in claimkit's copy of
    the source (a hypothes.is position counts characters of the web page, not of the file).
    """
    try:
        anchor(text, quote)
        return None
    except AmbiguousQuoteError as exc:
        candidates = list(exc.candidates)
    chosen: tuple[int, int] | None = None
    if draft.prefix is not None or draft.suffix is not None:
        try:
            found = anchor(text, quote, prefix=draft.prefix, suffix=draft.suffix)
            chosen = (found.start, found.end)
        except AmbiguousQuoteError:
            chosen = None
    if chosen is None and draft.start is not None:
        hint = draft.start
        chosen = min(candidates, key=lambda pair: abs(pair[0] - hint))
    if chosen is None or chosen not in candidates:
        shown = ", ".join(f"{a}-{b}" for a, b in candidates)
        raise AmbiguousQuoteError(
            f"the quote occurs {len(candidates)} times ({shown}) and neither its context nor "
            "a position says which",
            candidates=candidates,
        )
    return candidates.index(chosen) + 1


def _split_tag(tag: str) -> tuple[str, str] | None:
    key, sep, value = tag.partition(":")
    if not sep or not key.strip() or not value.strip():
        return None
    return key.strip(), value.strip()


def _claim_data(
    ident: str, tags: Iterable[str], note: str | None, report: Any
) -> dict[str, Any] | None:
    """Claim data in corpus-file form from `key:value` tags; `report(message)` for problems."""
    data: dict[str, Any] = {"id": ident}
    actors: dict[str, list[Any]] = {}
    for tag in tags:
        parts = _split_tag(tag)
        if parts is None:
            report(f"tag {tag!r} is not a claimkit tag (key:value); ignored")
            continue
        key, value = parts
        if key == "claim":
            continue
        if key in _SCALAR_TAGS:
            if key in data and data[key] != value:
                report(f"{key} is both {data[key]!r} and {value!r}; kept {data[key]!r}")
                continue
            data[key] = value
        elif key.startswith("actor.") and len(key) > len("actor."):
            actor, _, office = value.partition("@")
            item: Any = {"actor": actor, "as": office} if office else actor
            if item not in actors.setdefault(key[len("actor.") :], []):
                actors[key[len("actor.") :]].append(item)
        elif key == "scope":
            if value not in data.setdefault("scope", []):
                data["scope"].append(value)
        elif key == "link":
            relation, sep, event = value.partition("=")
            if not sep:
                report(f"tag {tag!r}: a link is written link:RELATION=EVENT; ignored")
                continue
            link = {"relation": relation.strip(), "event": event.strip()}
            if link not in data.setdefault("links", []):
                data["links"].append(link)
        elif key == "quantity":
            quantity = _quantity(value)
            if quantity is None:
                report(f"tag {tag!r}: a quantity is written quantity:OF > 2000 UNIT; ignored")
                continue
            if quantity not in data.setdefault("quantities", []):
                data["quantities"].append(quantity)
        else:
            report(f"tag {tag!r} has an unknown key {key!r}; ignored")
    if "action" not in data:
        report("no action:ID tag, so no claim can be made")
        return None
    if actors:
        data["actors"] = {
            role: items[0] if len(items) == 1 else items for role, items in actors.items()
        }
    if note:
        data["note"] = note
    return data


def _quantity(text: str) -> dict[str, Any] | None:
    match = _QUANTITY.match(text.strip())
    if match is None:
        return None
    number = match.group("value").replace(",", "")
    value: int | float = float(number) if "." in number else int(number)
    quantity: dict[str, Any] = {"of": match.group("of"), "value": value}
    if match.group("unit"):
        quantity["unit"] = match.group("unit")
    if match.group("cmp") != Comparator.EQ.value:
        quantity["comparator"] = match.group("cmp")
    return quantity


def _safe_id(text: str) -> str:
    cleaned = re.sub(r"[^A-Za-z0-9._:-]+", "-", text).strip("-._:")
    return cleaned if cleaned and _ID_PATTERN.match(cleaned) else ""


def _build(corpus: Corpus, drafts: Sequence[_Draft], origin: str) -> ImportResult:
    problems: list[ImportProblem] = []
    groups: dict[str, list[tuple[_Draft, dict[str, Any]]]] = {}
    for number, draft in enumerate(drafts, start=1):
        ident = draft.claim or f"imported.{number}"

        def report(message: str, draft: _Draft = draft, ident: str = ident, **extra: Any) -> None:
            problems.append(ImportProblem(item=draft.item, message=message, claim=ident, **extra))

        if not draft.quote or not draft.quote.strip():
            report("no quote (TextQuoteSelector exact / quote column), so no evidence")
            continue
        if not draft.source:
            report("no source named")
            continue
        source_id = _find_source(corpus, draft.source)
        if source_id is None:
            report(f"no source of the corpus matches {draft.source!r}", quote=draft.quote)
            continue
        text = corpus.source(source_id).text
        try:
            occurrence = _place(text, draft, draft.quote)
        except QuoteNotFoundError as exc:
            report(
                exc.message.replace("in source", f"in source {source_id}", 1),
                quote=draft.quote,
                candidate=exc.candidate,
                score=exc.score,
            )
            continue
        except AnchorError as exc:
            report(f"quote not placed in source {source_id}: {exc.message}", quote=draft.quote)
            continue
        span: dict[str, Any] = {"quote": draft.quote, "source": source_id}
        if occurrence is not None:
            span["occurrence"] = occurrence
        groups.setdefault(ident, []).append((draft, span))
    converter = make_converter()
    claims: list[Claim] = []
    for ident, members in groups.items():
        first = members[0][0]

        def report_claim(message: str, first: _Draft = first, ident: str = ident) -> None:
            problems.append(ImportProblem(item=first.item, message=message, claim=ident))

        tags = [tag for draft, _ in members for tag in draft.tags]
        notes = list(dict.fromkeys(d.note for d, _ in members if d.note))
        data = _claim_data(ident, tags, "\n\n".join(notes) or None, report_claim)
        if data is None:
            continue
        data["evidence"] = [span for _, span in members]
        try:
            claim = converter.structure(data, Claim)
        except Exception as exc:  # cattrs wraps every failure of a field
            document = _Document(data=data, lines={}, file=origin)
            for error in _located_errors(exc, document, ()):
                report_claim(f"{error.field}: {error.message}" if error.field else error.message)
            continue
        unknown = _unknown_references(corpus, claim)
        if unknown:
            for message in unknown:
                report_claim(message)
            continue
        claims.append(claim)
    return ImportResult(claims=tuple(claims), problems=tuple(problems))


def _unknown_references(corpus: Corpus, claim: Claim) -> list[str]:
    messages = []
    if not corpus.has_action(claim.action):
        messages.append(f"unknown action {claim.action!r}")
    named: list[tuple[str, str | None]] = [(f"actors.{p.role}", p.actor) for p in claim.actors]
    named += [("place", claim.place), ("speaker", claim.speaker)]
    for field, ident in named:
        if ident is not None and not corpus.has_actor(ident):
            messages.append(f"{field}: unknown actor {ident!r}")
    return messages


# ---------------------------------------------------------------------------------------------
# W3C Web Annotation (and hypothes.is)


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise LoadError(f"cannot read: {exc.strerror}", file=os.fspath(path)) from None
    except json.JSONDecodeError as exc:
        raise LoadError(
            f"malformed JSON: {exc.msg}", file=os.fspath(path), line=exc.lineno
        ) from None
    except UnicodeDecodeError:
        raise LoadError("not valid UTF-8", file=os.fspath(path)) from None


def _annotation_items(data: Any, file: str) -> list[Any]:
    """The annotations in a single annotation, a list, a collection, a page or an API result."""
    if isinstance(data, list):
        return data
    if not isinstance(data, dict):
        raise LoadError("expected a JSON object or list of annotations", file=file)
    for key in ("rows", "annotations", "items"):  # hypothes.is API, hypothes.is export, page
        if isinstance(data.get(key), list):
            return list(data[key])
    first = data.get("first")
    if isinstance(first, dict) and isinstance(first.get("items"), list):
        return list(first["items"])
    if "target" in data:
        return [data]
    raise LoadError(
        "no annotations found: expected an Annotation, a list, an AnnotationCollection with an "
        "embedded first page, an AnnotationPage, or a hypothes.is 'rows'/'annotations' list",
        file=file,
    )


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _selectors(target: Mapping[str, Any]) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    quote = position = None
    for selector in _as_list(target.get("selector")):
        if not isinstance(selector, dict):
            continue
        kind = selector.get("type")
        if kind == "TextQuoteSelector" and quote is None:
            quote = selector
        elif kind == "TextPositionSelector" and position is None:
            position = selector
    return quote, position


def _int_or_none(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _annotation_drafts(item: Any, number: int) -> Iterator[_Draft]:
    label = f"annotation {number}"
    if not isinstance(item, dict):
        yield _Draft(item=label, claim=None, source=None, quote=None)
        return
    if isinstance(item.get("id"), str):
        label += f" ({item['id']})"
    tags = [str(tag) for tag in _as_list(item.get("tags")) if isinstance(tag, str | int)]
    notes = []
    if isinstance(item.get("text"), str) and item["text"].strip():
        notes.append(item["text"].strip())
    claim: str | None = None
    prefix = claim_iri("")
    for body in _as_list(item.get("body")):
        if isinstance(body, str) and body.startswith(prefix):
            claim = body[len(prefix) :]
        elif isinstance(body, dict):
            if isinstance(body.get("id"), str) and body["id"].startswith(prefix):
                claim = body["id"][len(prefix) :]
            elif body.get("type") == "TextualBody" or "value" in body:
                value = body.get("value")
                if not isinstance(value, str):
                    continue
                if body.get("purpose") == "tagging":
                    tags.append(value)
                else:
                    notes.append(value.strip())
    for tag in tags:
        parts = _split_tag(tag)
        if parts and parts[0] == "claim":
            claim = claim or parts[1]
    if claim is None and isinstance(item.get("id"), str):
        claim = _safe_id("annotation." + item["id"].rstrip("/").rsplit("/", 1)[-1]) or None
    note = "\n\n".join(notes) or None
    targets = [t for t in _as_list(item.get("target")) if isinstance(t, dict)]
    fallback = item.get("uri") if isinstance(item.get("uri"), str) else None
    placed = False
    for target in targets:
        quote, position = _selectors(target)
        if quote is None:
            continue
        placed = True
        source = target.get("source") if isinstance(target.get("source"), str) else fallback
        yield _Draft(
            item=label,
            claim=claim,
            source=source,
            quote=quote.get("exact") if isinstance(quote.get("exact"), str) else None,
            prefix=quote.get("prefix") if isinstance(quote.get("prefix"), str) else None,
            suffix=quote.get("suffix") if isinstance(quote.get("suffix"), str) else None,
            start=_int_or_none(position.get("start")) if position else None,
            end=_int_or_none(position.get("end")) if position else None,
            tags=tuple(tags),
            note=note,
        )
    if not placed:
        yield _Draft(item=label, claim=claim, source=fallback, quote=None, tags=tuple(tags))


def import_web_annotations(path: str | os.PathLike[str], corpus: Corpus) -> ImportResult:
    """Import claims from W3C Web Annotation JSON, such as a hypothes.is export.

    The file may hold one Annotation, a list of them, an AnnotationCollection with an
    embedded first page, an AnnotationPage, or a hypothes.is API result (`rows`) or export
    (`annotations`). For each annotation:

    - the **quote** is the `exact` of the target's TextQuoteSelector, found in the source by
      claimkit's anchoring; `prefix`/`suffix` and a TextPositionSelector only choose among
      occurrences. A quote that is not in the source is reported with its best candidate and
      never kept;
    - the **source** is the target's `source` (or hypothes.is `uri`): a
      `urn:claimkit:source:ID`, a source's `url`, or a URL or path whose last segment is
      `ID` or `ID.txt`;
    - the **claim** is the body linking to `urn:claimkit:claim:ID`, else the `claim:ID` tag,
      else one claim per annotation; annotations of one claim become its evidence;
    - the claim's **fields** come from tags (hypothes.is `tags`, or bodies with purpose
      `tagging`) written `key:value`, as `claim_tags` writes
      them: `action:ID` (required), `actor.ROLE:ACTOR[@OFFICE]`, `date:EDTF`, `place:ID`,
      `polarity:...`, `modality:...`, `speaker:ID`, `event:ID`, `scope:WORD`,
      `link:RELATION=EVENT`, `quantity:OF > 2000 UNIT`; the annotation's text (hypothes.is
      `text`, or other textual bodies) becomes the note.

    Raises:
        LoadError: The file cannot be read or holds no annotations.
    """
    file = Path(path)
    items = _annotation_items(_read_json(file), os.fspath(path))
    drafts = [draft for n, item in enumerate(items, 1) for draft in _annotation_drafts(item, n)]
    return _build(corpus, drafts, os.fspath(path))


# ---------------------------------------------------------------------------------------------
# CSV


def _split_list(value: str) -> list[str]:
    return [part.strip() for part in value.split(";") if part.strip()]


def _row_tags(row: Mapping[str, str]) -> list[str]:
    tags = []
    for key in ("action", "date", "place", "polarity", "modality", "speaker", "event"):
        if row.get(key):
            tags.append(f"{key}:{row[key]}")
    for item in _split_list(row.get("actors") or ""):
        role, _, actor = item.partition(":")
        tags.append(f"actor.{role.strip()}:{actor.strip()}" if actor else item)
    tags.extend(f"scope:{item}" for item in _split_list(row.get("scope") or ""))
    for item in _split_list(row.get("links") or ""):
        relation, _, event = item.partition(":")
        tags.append(f"link:{relation.strip()}={event.strip()}" if event else f"link:{item}")
    tags.extend(f"quantity:{item}" for item in _split_list(row.get("quantities") or ""))
    return tags


def import_csv(path: str | os.PathLike[str], corpus: Corpus) -> ImportResult:
    """Import claims from a CSV file with one row per evidence span.

    The header names the columns (any order; see `CSV_COLUMNS`): `claim`, `source` and
    `quote` are required. Rows with the same `claim` are one claim with several spans; its
    fields may be given on any of its rows and are left blank on the others. Lists are joined
    with `;`, as in the exported claims table: `actors` as `role:actor` or
    `role:actor@office`, `links` as `relation:event`, `quantities` as `of > 2000 unit`.
    `prefix`, `suffix`, `start` and `end` only choose among occurrences of the quote.

    Raises:
        LoadError: The file cannot be read or lacks a required column.
    """
    shown = os.fspath(path)
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise LoadError(f"cannot read: {exc.strerror}", file=shown) from None
    except UnicodeDecodeError:
        raise LoadError("not valid UTF-8", file=shown) from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [name.strip() for name in reader.fieldnames or []]
    missing = [name for name in _CSV_REQUIRED if name not in header]
    if missing:
        raise LoadError(
            f"missing column(s) {', '.join(missing)}; the columns are {', '.join(CSV_COLUMNS)}",
            file=shown,
            line=1,
        )
    reader.fieldnames = header
    drafts: list[_Draft] = []
    problems: list[ImportProblem] = []
    unknown = [name for name in header if name not in CSV_COLUMNS]
    if unknown:
        problems.append(
            ImportProblem(item="header", message=f"unknown column(s) {', '.join(unknown)}; ignored")
        )
    for row in reader:
        line = reader.line_num
        values = {key: (value or "").strip() for key, value in row.items() if key}
        positions = {}
        for key in ("start", "end"):
            raw = values.get(key, "")
            if raw and not raw.isdigit():
                problems.append(
                    ImportProblem(item=f"row {line}", message=f"{key} {raw!r} is not an offset")
                )
            positions[key] = int(raw) if raw.isdigit() else None
        drafts.append(
            _Draft(
                item=f"row {line}",
                claim=values.get("claim") or None,
                source=values.get("source") or None,
                quote=row.get("quote") or None,
                prefix=row.get("prefix") or None,
                suffix=row.get("suffix") or None,
                start=positions["start"],
                end=positions["end"],
                tags=tuple(_row_tags(values)),
                note=values.get("note") or None,
            )
        )
    result = _build(corpus, drafts, shown)
    return ImportResult(claims=result.claims, problems=(*problems, *result.problems))
