"""Imports from Web Annotations (hypothes.is) and CSV go through claimkit's own anchoring."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import attrs
import pytest

import claimkit
from claimkit._cli_interop import register
from claimkit._export import export_corpus
from claimkit._import import ImportResult, import_csv, import_web_annotations
from claimkit.errors import LoadError

DATA = Path(__file__).resolve().parent / "data" / "interop"
SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def _loads_into(corpus_dir: Path, result: ImportResult, tmp_path: Path) -> claimkit.Corpus:
    """Write the imported claims beside copies of the seeds and load them with claimkit."""
    target = tmp_path / "corpus"
    target.mkdir()
    for path in corpus_dir.iterdir():
        if path.suffix == ".txt" or path.name in {"actors.yaml", "sources.yaml"}:
            (target / path.name).write_bytes(path.read_bytes())
    (target / "imported.yaml").write_text(result.dumps(), encoding="utf-8")
    return claimkit.load(target)


# ---------------------------------------------------------------------------------------------
# hypothes.is


def test_a_hypothesis_export_becomes_claims_with_evidence(
    seed_corpus: claimkit.Corpus, tmp_path: Path
) -> None:
    result = import_web_annotations(DATA / "hypothesis_seeds.json", seed_corpus)
    claims = {claim.id: claim for claim in result.claims}
    assert set(claims) == {"h.defence-ministers-meeting", "annotation.Ot0eWqOzEe6f5l2oNv6T8E"}
    meeting = claims["h.defence-ministers-meeting"]
    assert meeting.action == "meeting"
    assert str(meeting.date) == "2023-05-11"
    assert meeting.place == "caracas"
    assert [(p.actor, p.office) for p in meeting.actors] == [
        ("ivan-velasquez", "defence-minister"),
        ("vladimir-padrino-lopez", "defence-minister"),
    ]
    assert [span.source for span in meeting.evidence] == ["001_b782d8e54c3a1f5c"] * 2
    assert meeting.note is not None and "named further down" in meeting.note
    reported = claims["annotation.Ot0eWqOzEe6f5l2oNv6T8E"]
    assert reported.modality is claimkit.Modality.REPORTED
    assert reported.speaker == "vladimir-padrino-lopez"
    corpus = _loads_into(SEEDS, result, tmp_path)
    resolved = claimkit.resolve(corpus)
    assert all(span.ok for c in result.claims for span in resolved.claim_spans(c.id))


def test_a_quote_with_straight_quotes_is_matched_typographically(
    seed_corpus: claimkit.Corpus,
) -> None:
    result = import_web_annotations(DATA / "hypothesis_seeds.json", seed_corpus)
    meeting = next(c for c in result.claims if c.id == "h.defence-ministers-meeting")
    quote = meeting.evidence[1].quote
    assert quote.startswith('"This meeting')
    found = seed_corpus.source("001_b782d8e54c3a1f5c").span(quote)
    assert found.match is claimkit.MatchKind.TYPOGRAPHIC


def test_a_quote_that_does_not_match_is_reported_with_its_best_candidate(
    seed_corpus: claimkit.Corpus,
) -> None:
    result = import_web_annotations(DATA / "hypothesis_seeds.json", seed_corpus)
    assert not result.ok
    (problem,) = [p for p in result.problems if p.quote is not None]
    assert problem.claim == "h.third-ministers-meeting"
    assert "quote not found in source 002_6fddebaef15f143f" in problem.message
    assert problem.candidate is not None
    assert problem.candidate.startswith("The meeting held between the national defense ministers")
    assert problem.score is not None and 80 < problem.score < 100
    assert "h.third-ministers-meeting" not in {c.id for c in result.claims}


def test_page_notes_and_free_tags_are_reported_not_guessed(seed_corpus: claimkit.Corpus) -> None:
    result = import_web_annotations(DATA / "hypothesis_seeds.json", seed_corpus)
    messages = [str(p) for p in result.problems]
    assert any("annotation 4" in m and "no quote" in m for m in messages)
    assert any("'needs-review' is not a claimkit tag" in m for m in messages)


# ---------------------------------------------------------------------------------------------
# Round trip with the Web Annotation export


def test_exported_web_annotations_import_back_to_the_same_claims(
    seed_corpus: claimkit.Corpus, tmp_path: Path
) -> None:
    out = tmp_path / "evidence.jsonld"
    export_corpus(seed_corpus, "web-annotation", out)
    result = import_web_annotations(out, seed_corpus)
    assert result.problems == ()

    def fields(claim: claimkit.Claim) -> claimkit.Claim:
        return attrs.evolve(claim, evidence=(), suppress=())

    assert [fields(c) for c in result.claims] == [fields(c) for c in seed_corpus.claims]
    resolved = claimkit.resolve(seed_corpus)
    for claim in result.claims:
        for index, span in enumerate(claim.evidence):
            original = resolved.claim_spans(claim.id)[index].span
            placed = seed_corpus.source(span.source or "").span(
                span.quote, occurrence=span.occurrence
            )
            assert (placed.start, placed.end) == (original.start, original.end)


def test_a_repeated_quote_is_placed_by_its_context_and_recorded_by_occurrence() -> None:
    text = "Maduro met Petro. Later, Maduro met Petro again in Caracas."
    corpus = claimkit.corpus_from_data({"claimkit": 1}, texts={"a": text})
    annotation = {
        "type": "Annotation",
        "tags": ["action:meeting"],
        "target": {
            "source": "urn:claimkit:source:a",
            "selector": {
                "type": "TextQuoteSelector",
                "exact": "Maduro met Petro",
                "prefix": "Later, ",
                "suffix": " again",
            },
        },
    }
    result = _import_data(annotation, corpus)
    (claim,) = result.claims
    assert claim.evidence[0].occurrence == 2
    assert corpus.source("a").span("Maduro met Petro", occurrence=2).start == 25


def test_a_repeated_quote_without_context_is_reported() -> None:
    corpus = claimkit.corpus_from_data({"claimkit": 1}, texts={"a": "ab ab"})
    annotation = {
        "tags": ["action:meeting"],
        "target": {"source": "a", "selector": {"type": "TextQuoteSelector", "exact": "ab"}},
    }
    result = _import_data(annotation, corpus)
    assert result.claims == ()
    assert "occurs 2 times" in result.problems[0].message


def test_a_position_hint_chooses_the_nearest_occurrence() -> None:
    corpus = claimkit.corpus_from_data({"claimkit": 1}, texts={"a": "ab ab ab"})
    annotation = {
        "tags": ["action:meeting"],
        "target": {
            "source": "a",
            "selector": [
                {"type": "TextQuoteSelector", "exact": "ab"},
                {"type": "TextPositionSelector", "start": 7, "end": 9},
            ],
        },
    }
    (claim,) = _import_data(annotation, corpus).claims
    assert claim.evidence[0].occurrence == 3


def test_unknown_actors_and_actions_are_reported_and_the_claim_left_out() -> None:
    corpus = claimkit.corpus_from_data({"claimkit": 1}, texts={"a": "Maduro met Petro."})
    annotation = {
        "tags": ["action:meetting", "actor.participants:maduro"],
        "target": {"source": "a", "selector": {"type": "TextQuoteSelector", "exact": "met"}},
    }
    result = _import_data(annotation, corpus)
    assert result.claims == ()
    messages = [p.message for p in result.problems]
    assert "unknown action 'meetting'" in messages
    assert "actors.participants: unknown actor 'maduro'" in messages


def test_a_bad_date_tag_is_reported_with_its_field() -> None:
    corpus = claimkit.corpus_from_data({"claimkit": 1}, texts={"a": "Maduro met Petro."})
    annotation = {
        "tags": ["action:meeting", "date:2019-13"],
        "target": {"source": "a", "selector": {"type": "TextQuoteSelector", "exact": "met"}},
    }
    result = _import_data(annotation, corpus)
    assert result.claims == ()
    assert result.problems[0].message.startswith("date:")


def _import_data(annotation: object, corpus: claimkit.Corpus) -> ImportResult:
    import tempfile

    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "a.json"
        path.write_text(json.dumps(annotation), encoding="utf-8")
        return import_web_annotations(path, corpus)


def test_a_file_without_annotations_is_an_error(
    seed_corpus: claimkit.Corpus, tmp_path: Path
) -> None:
    path = tmp_path / "x.json"
    path.write_text('{"hello": 1}', encoding="utf-8")
    with pytest.raises(LoadError, match="no annotations found"):
        import_web_annotations(path, seed_corpus)
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(LoadError, match="malformed JSON"):
        import_web_annotations(path, seed_corpus)


# ---------------------------------------------------------------------------------------------
# CSV


def test_csv_rows_become_claims_grouped_by_claim_id(
    seed_corpus: claimkit.Corpus, tmp_path: Path
) -> None:
    result = import_csv(DATA / "claims.csv", seed_corpus)
    claims = {claim.id: claim for claim in result.claims}
    assert list(claims) == ["csv.ministers-meeting", "csv.padrino-activities"]
    meeting = claims["csv.ministers-meeting"]
    assert [span.source for span in meeting.evidence] == [
        "002_6fddebaef15f143f",
        "001_b782d8e54c3a1f5c",
    ]
    assert meeting.event == "defence-ministers-meeting-2023-05-11"
    (quantity,) = claims["csv.padrino-activities"].quantities
    assert (quantity.of, quantity.value, quantity.comparator) == (
        "activities",
        16,
        claimkit.Comparator.EQ,
    )
    (problem,) = result.problems
    assert problem.item == "row 5"
    assert problem.candidate is not None and "national defense ministers" in problem.candidate
    corpus = _loads_into(SEEDS, result, tmp_path)
    assert {c.id for c in corpus.claims} >= set(claims)


def test_csv_without_a_quote_column_is_an_error(
    seed_corpus: claimkit.Corpus, tmp_path: Path
) -> None:
    path = tmp_path / "x.csv"
    path.write_text("claim,action,source\nc1,meeting,a\n", encoding="utf-8")
    with pytest.raises(LoadError, match="missing column"):
        import_csv(path, seed_corpus)


def test_the_import_command_writes_claims_and_exits_1_on_problems(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    parser = argparse.ArgumentParser()
    handlers = register(parser.add_subparsers(dest="command"))
    out = tmp_path / "imported.yaml"
    args = parser.parse_args(
        [
            "import",
            str(DATA / "hypothesis_seeds.json"),
            "--format",
            "web-annotation",
            "--corpus",
            str(SEEDS),
            "-o",
            str(out),
        ]
    )
    assert handlers["import"](args) == 1
    err = capsys.readouterr().err
    assert "best candidate, score" in err
    assert "imported 2 claims, 3 problems" in err
    assert "h.defence-ministers-meeting" in out.read_text(encoding="utf-8")
