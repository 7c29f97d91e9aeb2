"""Exports, each read back by an independent reader or checked against the standard's own tests.

- PROV-JSON and PROV-O are read back with the `prov` package and compared record by record.
- Web Annotations are checked with the W3C's own JSON-schema assertions for the model
  (`../shared/validators/web-annotation-tests`, read in place; the tests skip with a reason
  elsewhere), after proving the harness accepts the W3C's correct samples and rejects its
  incorrect ones.
- CSV is read back with the csv module, Parquet with pyarrow.
"""

from __future__ import annotations

import argparse
import csv
import json
import warnings
from functools import cache
from pathlib import Path
from typing import Any

import pytest

import claimkit
from claimkit._cli_interop import register
from claimkit._export import (
    CLAIM_COLUMNS,
    EVIDENCE_COLUMNS,
    MissingExtraError,
    evidence_path,
    export_corpus,
    iter_web_annotations,
    prov_document,
    web_annotations,
)
from claimkit.errors import ConfigError
from conftest import generated_corpus, shared_file

# ---------------------------------------------------------------------------------------------
# The W3C Web Annotation test harness


class W3CHarness:
    """The MUST assertions of annotationMusts.test, as the W3C test suite runs them.

    Each assertion is a draft-04 JSON schema with `expectedResult` (valid unless said
    otherwise); an annotation passes when every assertion gives its expected result.
    References between the suite's files (`id.json#/definitions/...`) are resolved from the
    suite's own directory, and `format: uri` / `date-time` are checked.
    """

    def __init__(self, root: Path) -> None:
        jsonschema = pytest.importorskip("jsonschema")
        from referencing import Registry
        from referencing.jsonschema import DRAFT4

        checker = jsonschema.Draft4Validator.FORMAT_CHECKER
        self.format_checker = checker
        if not {"uri", "date-time"} <= set(checker.checkers):
            pytest.skip("jsonschema cannot check formats: install claimkit[test]")
        files = sorted((root / "definitions").glob("*.json"))
        files += sorted((root / "annotations").rglob("*.json"))
        resources = []
        for path in files:
            data = json.loads(path.read_text(encoding="utf-8"))
            resources.append((data.get("id", path.name), DRAFT4.create_resource(data)))
        registry = Registry().with_resources(resources)  # type: ignore[var-annotated]
        test = json.loads((root / "annotations" / "annotationMusts.test").read_text("utf-8"))
        self.assertions = []
        for name in test["assertions"]:
            schema = json.loads((root / name).read_text(encoding="utf-8"))
            validator = jsonschema.Draft4Validator(
                schema, registry=registry, format_checker=checker
            )
            self.assertions.append((name, schema.get("expectedResult", "valid"), validator))

    def failures(self, annotation: Any) -> list[str]:
        """The assertions `annotation` does not meet (empty when it conforms)."""
        return [
            name
            for name, expected, validator in self.assertions
            if validator.is_valid(annotation) != (expected == "valid")
        ]

    def check_text(self, text: str) -> list[str]:
        """Failures of a sample given as text; text that is not JSON fails outright."""
        try:
            data = json.loads(text)
        except ValueError:
            return ["not JSON"]
        return self.failures(data)


@cache
def _harness() -> W3CHarness:
    return W3CHarness(shared_file("web-annotation-tests", "annotations").parent)


@pytest.fixture
def harness() -> W3CHarness:
    return _harness()


def _samples(kind: str) -> list[Path]:
    return sorted(shared_file("web-annotation-tests", "tools", "samples", kind).glob("*.json"))


# Samples the suite itself does not accept, with the reason:
# - anno11-13 have Composite, List and Independents targets; the suite's
#   `targetResourcesFound` only detects Choice, so 3.2-targetObjectsRecognized fails on them;
# - collection1 and example41-43 are AnnotationCollections and AnnotationPages, not
#   annotations, so the annotation MUSTs do not apply to them (their items are checked).
KNOWN_SUITE_GAPS = {"anno11.json", "anno12.json", "anno13.json"}
MULTIPLICITY = {"Composite", "List", "Independents"}
CONTAINERS = {"collection1.json", "example41.json", "example42.json", "example43.json"}


def test_the_harness_accepts_every_correct_w3c_sample(harness: W3CHarness) -> None:
    samples = _samples("correct")
    assert len(samples) > 40
    failing = {}
    for path in samples:
        if path.name in CONTAINERS:
            continue
        failures = harness.check_text(path.read_text(encoding="utf-8"))
        if failures:
            failing[path.name] = failures
    assert set(failing) == KNOWN_SUITE_GAPS, failing
    assert all(f == ["annotations/3.2-targetObjectsRecognized.json"] for f in failing.values())


def test_the_harness_checks_the_items_of_correct_sample_pages(harness: W3CHarness) -> None:
    checked = 0
    for path in _samples("correct"):
        data = json.loads(path.read_text(encoding="utf-8"))
        page = data.get("first") if data.get("type") == "AnnotationCollection" else data
        if isinstance(page, dict) and isinstance(page.get("items"), list):
            for item in page["items"]:
                item = {"@context": "http://www.w3.org/ns/anno.jsonld", **item}
                target = item.get("target")
                gap = isinstance(target, dict) and target.get("type") in MULTIPLICITY
                expected = ["annotations/3.2-targetObjectsRecognized.json"] if gap else []
                assert harness.failures(item) == expected, (path.name, item.get("id"))
                checked += 1
    assert checked > 0


def test_the_harness_rejects_every_incorrect_w3c_sample(harness: W3CHarness) -> None:
    samples = _samples("incorrect")
    assert len(samples) > 30
    accepted = [p.name for p in samples if not harness.check_text(p.read_text("utf-8"))]
    assert accepted == []


def test_every_exported_annotation_meets_the_w3c_musts(
    harness: W3CHarness, seed_corpus: claimkit.Corpus, tmp_path: Path
) -> None:
    out = tmp_path / "evidence.jsonld"
    export_corpus(seed_corpus, "web-annotation", out)
    collection = json.loads(out.read_text(encoding="utf-8"))
    items = collection["first"]["items"]
    assert collection["total"] == len(items) == sum(len(c.evidence) for c in seed_corpus)
    # The suite is slow (~0.3 s an annotation), so one annotation of each shape is run through
    # every assertion, and every IRI of every annotation through the suite's URI check.
    shapes: dict[str, Any] = {}
    for item in items:
        shapes.setdefault(json.dumps(_shape(item), sort_keys=True), item)
    assert 1 < len(shapes) < len(items)
    for item in shapes.values():
        assert harness.failures(item) == [], item["id"]
    checker = harness.format_checker
    for item in items:
        iris = [item["id"], item["target"]["source"]]
        iris += [body["id"] for body in item["body"] if "id" in body]
        assert all(checker.conforms(iri, "uri") for iri in iris), iris


_KEPT = {"type", "purpose", "format", "@context", "motivation"}


def _shape(value: Any, key: str = "") -> Any:
    """The structure of an annotation: keys, list lengths, the type of each scalar."""
    if isinstance(value, dict):
        return {k: _shape(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_shape(v, key) for v in value]
    if key in _KEPT:
        return value
    return type(value).__name__ + (":empty" if value == "" else "")


# ---------------------------------------------------------------------------------------------
# Web Annotation content


def test_one_annotation_per_span_with_quote_and_position_selectors(
    seed_corpus: claimkit.Corpus,
) -> None:
    items = web_annotations(seed_corpus)["first"]["items"]
    claim = seed_corpus.claim("s000.relations-restored")
    mine = [item for item in items if item["id"].startswith(f"urn:claimkit:claim:{claim.id}/")]
    assert len(mine) == len(claim.evidence) == 1
    annotation = mine[0]
    quote, position = annotation["target"]["selector"]
    text = seed_corpus.source("000_9dff0c60a5b3ba3e").text
    assert quote["type"] == "TextQuoteSelector"
    assert position["type"] == "TextPositionSelector"
    assert text[position["start"] : position["end"]] == quote["exact"]
    assert text[: position["start"]].endswith(quote["prefix"])
    assert text[position["end"] :].startswith(quote["suffix"])
    assert quote["exact"] == claim.evidence[0].quote
    assert annotation["target"]["source"] == "urn:claimkit:source:000_9dff0c60a5b3ba3e"
    bodies = annotation["body"]
    assert bodies[0] == {"id": "urn:claimkit:claim:s000.relations-restored"}
    tags = [b["value"] for b in bodies if b.get("purpose") == "tagging"]
    assert "action:relations.restore" in tags
    assert "date:2022-08-07" in tags
    assert "link:after=petro-inauguration" in tags


def test_an_unanchored_span_keeps_only_its_quote_selector() -> None:
    corpus = claimkit.corpus_from_data(
        {
            "claimkit": 1,
            "claims": [
                {
                    "id": "c1",
                    "action": "meeting",
                    "evidence": [{"quote": "not in the text", "source": "a"}],
                }
            ],
        },
        texts={"a": "Maduro met Petro in Caracas."},
    )
    (item,) = web_annotations(corpus)["first"]["items"]
    assert item["target"]["selector"] == [{"type": "TextQuoteSelector", "exact": "not in the text"}]


def _whole(corpus: claimkit.Corpus) -> str:
    """The Web Annotation file written the plain way, the collection at once."""
    return json.dumps(web_annotations(corpus), ensure_ascii=False, indent=2) + "\n"


@pytest.mark.parametrize("orjson", [True, False], ids=["orjson", "without-orjson"])
def test_web_annotations_written_in_pieces_are_the_collection_written_at_once(
    seed_corpus: claimkit.Corpus, tmp_path: Path, orjson: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not orjson:
        monkeypatch.setattr(claimkit._report, "_orjson", None)
    odd = claimkit.corpus_from_data(
        {
            "claimkit": 1,
            "claims": [
                {
                    "id": "c1",
                    "action": "meeting",
                    "note": 'a "note"\n\u2028 é',
                    "evidence": [
                        {"quote": "Maduro met", "source": "a"},
                        {"quote": "not in the text \U0001f600", "source": "a"},
                    ],
                }
            ],
        },
        texts={"a": "Maduro met Petro in Caracas."},
    )
    empty = claimkit.corpus_from_data({"claimkit": 1}, texts={"a": "Nothing claimed."})
    # More spans than one piece holds (512), so that pieces are joined.
    large = claimkit.load(generated_corpus(tmp_path, claims=1200, seed=5))
    for corpus in (seed_corpus, odd, empty, large):
        pieces = list(iter_web_annotations(corpus))
        assert "".join(pieces) == _whole(corpus)
    assert len(list(iter_web_annotations(large))) > 3


# ---------------------------------------------------------------------------------------------
# PROV


def _read_prov(path: Path, fmt: str) -> Any:
    from prov.model import ProvDocument

    if fmt == "json":
        return ProvDocument.deserialize(str(path), format="json")
    with warnings.catch_warnings():  # rdflib deprecations raised inside prov's RDF parser
        warnings.simplefilter("ignore", DeprecationWarning)
        return ProvDocument.deserialize(str(path), format="rdf", rdf_format="turtle")


@pytest.mark.parametrize(("fmt", "reader"), [("prov-json", "json"), ("prov-o", "rdf")])
def test_prov_reads_back_equal_to_what_was_written(
    fmt: str, reader: str, seed_corpus: claimkit.Corpus, tmp_path: Path
) -> None:
    pytest.importorskip("prov")
    pytest.importorskip("rdflib")
    out = tmp_path / f"corpus.{fmt}"
    assert export_corpus(seed_corpus, fmt, out, annotator="A. Analyst") == (out,)
    back = _read_prov(out, reader)
    expected = prov_document(seed_corpus, annotator="A. Analyst")
    assert back == expected
    assert len(back.get_records()) == len(expected.get_records()) > 100


def test_prov_has_sources_claims_derivations_activities_and_agents(
    seed_corpus: claimkit.Corpus, tmp_path: Path
) -> None:
    pytest.importorskip("prov")
    from prov.model import (
        ProvActivity,
        ProvAgent,
        ProvAssociation,
        ProvDerivation,
        ProvEntity,
    )

    out = tmp_path / "corpus.json"
    export_corpus(seed_corpus, "prov-json", out)
    document = _read_prov(out, "json")
    entities = {str(r.identifier): r for r in document.get_records(ProvEntity)}
    for source in seed_corpus.sources:
        record = entities[f"source:{source.id}"]
        assert dict(record.attributes)[record.bundle.valid_qualified_name("ck:sha256")] == (
            source.sha256
        )
    claims = [name for name in entities if name.startswith("claim:")]
    assert len(claims) == len(seed_corpus.claims)
    derivations = {
        (
            str(r.get_attribute("prov:generatedEntity").pop()),
            str(r.get_attribute("prov:usedEntity").pop()),
        )
        for r in document.get_records(ProvDerivation)
    }
    expected = {
        (f"claim:{claim.id}", f"source:{source}")
        for claim in seed_corpus
        for source in claim.sources
    }
    assert derivations == expected
    spans = sum(len(claim.evidence) for claim in seed_corpus)
    assert len(list(document.get_records(ProvDerivation))) == spans
    activities = list(document.get_records(ProvActivity))
    assert len(activities) == len({c.location.file for c in seed_corpus if c.location})
    agents = {str(r.identifier) for r in document.get_records(ProvAgent)}
    assert {"agent:claimkit", "agent:annotator"} <= agents
    assert len(list(document.get_records(ProvAssociation))) == 2 * len(activities)


# ---------------------------------------------------------------------------------------------
# Tables


def test_csv_has_one_row_per_claim_and_one_per_span(
    seed_corpus: claimkit.Corpus, tmp_path: Path
) -> None:
    out = tmp_path / "claims.csv"
    written = export_corpus(seed_corpus, "csv", out)
    assert written == (out, tmp_path / "claims.evidence.csv")
    with out.open(encoding="utf-8", newline="") as handle:
        claims = list(csv.DictReader(handle))
    with written[1].open(encoding="utf-8", newline="") as handle:
        spans = list(csv.DictReader(handle))
    assert tuple(claims[0]) == CLAIM_COLUMNS
    assert tuple(spans[0]) == EVIDENCE_COLUMNS
    assert [row["id"] for row in claims] == [claim.id for claim in seed_corpus]
    assert len(spans) == sum(len(claim.evidence) for claim in seed_corpus)
    row = next(r for r in claims if r["id"] == "s000.relations-restored")
    assert row["actors"] == "parties:venezuela; parties:colombia"
    assert (row["date"], row["earliest"], row["latest"]) == ("2022-08-07",) + ("2022-08-07",) * 2
    assert row["links"] == "after:petro-inauguration"
    for span in spans:
        text = seed_corpus.source(span["source"]).text
        assert span["source_sha256"] == seed_corpus.source(span["source"]).sha256
        if span["start"]:
            assert text[int(span["start"]) : int(span["end"])] == span["exact"]


def test_csv_survives_quotes_commas_and_newlines_in_notes(tmp_path: Path) -> None:
    note = 'He said "no, never",\nand left.'
    corpus = claimkit.corpus_from_data(
        {
            "claimkit": 1,
            "claims": [
                {
                    "id": "c1",
                    "action": "meeting",
                    "note": note,
                    "evidence": [{"quote": "met", "source": "a"}],
                }
            ],
        },
        texts={"a": "Maduro met Petro."},
    )
    out = tmp_path / "t.csv"
    export_corpus(corpus, "csv", out)
    with out.open(encoding="utf-8", newline="") as handle:
        (row,) = csv.DictReader(handle)
    assert row["note"] == note


def test_parquet_tables_read_back_with_pyarrow(
    seed_corpus: claimkit.Corpus, tmp_path: Path
) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    import datetime

    out = tmp_path / "claims.parquet"
    export_corpus(seed_corpus, "parquet", out)
    claims = pq.read_table(out)
    spans = pq.read_table(evidence_path(out))
    assert tuple(claims.column_names) == CLAIM_COLUMNS
    assert tuple(spans.column_names) == EVIDENCE_COLUMNS
    assert claims.num_rows == len(seed_corpus.claims)
    assert spans.num_rows == sum(len(c.evidence) for c in seed_corpus)
    assert str(claims.schema.field("earliest").type) == "date32[day]"
    assert str(spans.schema.field("start").type) == "int64"
    rows = {row["id"]: row for row in claims.to_pylist()}
    assert rows["s000.relations-restored"]["earliest"] == datetime.date(2022, 8, 7)
    csv_out = tmp_path / "claims.csv"
    export_corpus(seed_corpus, "csv", csv_out)
    with csv_out.open(encoding="utf-8", newline="") as handle:
        as_csv = list(csv.DictReader(handle))
    for row, csv_row in zip(claims.to_pylist(), as_csv, strict=True):
        assert {k: "" if v is None else str(v) for k, v in row.items()} == csv_row


# ---------------------------------------------------------------------------------------------
# Errors and the command


def test_an_unknown_format_names_the_known_ones(
    seed_corpus: claimkit.Corpus, tmp_path: Path
) -> None:
    with pytest.raises(ConfigError, match="prov-json, prov-o, web-annotation, csv, parquet"):
        export_corpus(seed_corpus, "rdf-xml", tmp_path / "x")


def test_a_missing_extra_says_what_to_install(
    seed_corpus: claimkit.Corpus, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "pyarrow" else real(name, *a)
    )
    with pytest.raises(MissingExtraError, match=r"install claimkit\[parquet\]"):
        export_corpus(seed_corpus, "parquet", tmp_path / "x.parquet")
    assert not (tmp_path / "x.parquet").exists()


def test_the_export_command_writes_the_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    parser = argparse.ArgumentParser()
    handlers = register(parser.add_subparsers(dest="command"))
    seeds = Path(__file__).resolve().parent.parent / "seeds"
    out = tmp_path / "t.csv"
    args = parser.parse_args(["export", str(seeds), "--to", "csv", "-o", str(out)])
    assert handlers["export"](args) == 0
    assert out.exists() and (tmp_path / "t.evidence.csv").exists()
    assert "wrote" in capsys.readouterr().err


def test_the_harness_catches_a_broken_export(
    harness: W3CHarness, seed_corpus: claimkit.Corpus
) -> None:
    item = web_annotations(seed_corpus)["first"]["items"][0]
    broken_quote = json.loads(json.dumps(item))
    broken_quote["target"]["selector"][0]["exact"] = ["two", "values"]
    assert "annotations/specificResource/4.2.4-textQuoteSelectorValid.json" in harness.failures(
        broken_quote
    )
    broken_id = {**item, "id": "not an iri"}
    assert harness.failures(broken_id) == ["annotations/3.1-annotationIdValidated.json"]
