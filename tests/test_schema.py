"""The JSON Schema of corpus files: the seeds validate, typical mistakes do not."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import attrs
import pytest

jsonschema = pytest.importorskip("jsonschema")

import claimkit  # noqa: E402
from claimkit._cli_interop import register  # noqa: E402
from claimkit._load import DEFAULT_LIMITS, _read_yaml, _SourceEntry, yaml_keys  # noqa: E402
from claimkit._schema import _DEFINITION_NAMES, corpus_schema  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SEED_FILES = sorted((ROOT / "seeds").rglob("*.yaml"))


def _validator() -> Any:
    schema = corpus_schema()
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def _read(path: Path) -> Any:
    return _read_yaml(path.read_text(encoding="utf-8"), str(path), DEFAULT_LIMITS).data


def _errors(data: Any) -> list[str]:
    return [error.message for error in _validator().iter_errors(data)]


def test_the_schema_is_a_valid_draft_07_schema() -> None:
    schema = corpus_schema()
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    jsonschema.Draft7Validator.check_schema(schema)


def test_the_seeds_are_there_to_validate() -> None:
    names = {path.relative_to(ROOT / "seeds").as_posix() for path in SEED_FILES}
    assert {"actors.yaml", "sources.yaml"} <= names
    assert any(name.startswith("claims/") for name in names)


@pytest.mark.parametrize("path", SEED_FILES, ids=lambda p: p.name)
def test_every_seed_file_validates(path: Path) -> None:
    assert _errors(_read(path)) == []


def test_the_builtin_vocabulary_validates() -> None:
    path = ROOT / "src" / "claimkit" / "vocabularies" / "diplomacy.yaml"
    assert _errors(_read(path)) == []


def test_a_dumped_corpus_validates(seed_corpus: claimkit.Corpus) -> None:
    assert _errors(json.loads(claimkit.dumps(seed_corpus, format="json"))) == []


def test_every_key_the_loader_accepts_is_in_the_schema() -> None:
    definitions = corpus_schema()["definitions"]
    for cls, name in _DEFINITION_NAMES.items():
        assert set(definitions[name]["properties"]) == set(yaml_keys(cls)), name


def test_required_keys_follow_the_model() -> None:
    definitions = corpus_schema()["definitions"]
    assert definitions["claim"]["required"] == ["id", "action"]
    assert definitions["actor"]["required"] == ["id", "kind", "name"]
    assert definitions["source"]["required"] == ["id"]
    assert next(f.name for f in attrs.fields(_SourceEntry)) == "id"


CLAIM = {"id": "c1", "action": "meeting", "evidence": [{"quote": "met"}]}


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        pytest.param({"claimkit": 1, "claim": []}, "'claim' was unexpected", id="unknown-section"),
        pytest.param(
            {"claimkit": 1, "claims": [{**CLAIM, "dates": "2019"}]},
            "'dates' was unexpected",
            id="unknown-claim-key",
        ),
        pytest.param(
            {"claimkit": 1, "claims": [{**CLAIM, "evidence": [{"qoute": "met"}]}]},
            "'quote' is a required property",
            id="misspelt-quote",
        ),
        pytest.param(
            {"claimkit": 1, "claims": [{**CLAIM, "date": ["2019"]}]},
            "is not valid under any of the given schemas",
            id="date-of-wrong-type",
        ),
        pytest.param(
            {"claimkit": 1, "claims": [{**CLAIM, "modality": "rumoured"}]},
            "'rumoured' is not one of",
            id="unknown-modality",
        ),
        pytest.param(
            {"claimkit": 1, "claims": [{**CLAIM, "evidence": [{"quote": "met", "start": "3"}]}]},
            "is not valid under any of the given schemas",
            id="offset-as-string",
        ),
        pytest.param(
            {"claimkit": 1, "claims": [{"id": "c1"}]},
            "'action' is a required property",
            id="missing-action",
        ),
        pytest.param(
            {"claimkit": 1, "actors": [{"id": "x", "kind": "country", "name": "X"}]},
            "'country' is not one of",
            id="unknown-actor-kind",
        ),
        pytest.param(
            {"claimkit": 1, "claims": [{**CLAIM, "actors": {"agent": {"actor": "x", "role": 1}}}]},
            "is not valid under any of the given schemas",
            id="participant-with-unknown-key",
        ),
        pytest.param({"claimkit": 2}, "1 was expected", id="wrong-version"),
        pytest.param({"claims": []}, "'claimkit' is a required property", id="no-version"),
    ],
)
def test_typical_mistakes_do_not_validate(data: dict[str, Any], fragment: str) -> None:
    errors = _errors(data)
    assert errors, "expected the schema to reject this"
    assert any(fragment in error for error in errors), errors


def test_the_schema_accepts_what_the_loader_accepts_for_dates_and_lists() -> None:
    data = {
        "claimkit": 1,
        "actors": [
            {
                "id": "p",
                "kind": "person",
                "name": "P",
                "aliases": "Pe",
                "roles": [{"office": "president", "from": 2019, "to": ".."}],
            }
        ],
        "claims": [{**CLAIM, "date": "2015/..", "scope": "trade", "actors": {"agent": "p"}}],
    }
    assert _errors(data) == []
    claimkit.loads(json.dumps(data), format="json")


def test_the_schema_command_prints_the_schema(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import argparse

    parser = argparse.ArgumentParser()
    handlers = register(parser.add_subparsers(dest="command"))
    assert handlers["schema"](parser.parse_args(["schema"])) == 0
    assert json.loads(capsys.readouterr().out) == corpus_schema()
    out = tmp_path / "schema.json"
    assert handlers["schema"](parser.parse_args(["schema", "-o", str(out)])) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["$id"].endswith("corpus-1.json")
