# The JSON Schema of a corpus file (YAML or JSON), for editors and validators.
#
# The schema is built from the model, not written twice: the keys of every object are
# `_load.yaml_keys(cls)` (the names an author writes, `from`/`to` for a role's tenure), the
# required keys are the attrs fields without a default, and `_FIELDS` gives the JSON type of
# each key. A key of the model that `_FIELDS` does not describe raises at build time, so a new
# model field cannot be forgotten here (tests build the schema on every run). The schema
# follows what the converter in `_load` accepts: a list of strings may be one string, an
# optional field may be null, a date is an EDTF string (or a bare year), a claim's `actors` map
# roles to an actor id, a list of ids, or `{actor, as}`.
# Nothing here imports jsonschema: the schema is plain data.

from __future__ import annotations

import copy
import functools
from collections.abc import Mapping
from typing import Any

import attrs

from claimkit._load import _ID_PATTERN, _TOP_KEYS, FORMAT_VERSION, _SourceEntry, yaml_keys
from claimkit._model import (
    Action,
    Actor,
    ActorKind,
    Claim,
    Comparator,
    Link,
    LinkRelation,
    Modality,
    Polarity,
    Quantity,
    Role,
    Span,
    Suppression,
)

__all__ = ["SCHEMA_ID", "corpus_schema"]

#: Where the published schema lives; also its `$id`.
SCHEMA_ID = "https://claimkit.readthedocs.io/schema/corpus-1.json"

_Schema = dict[str, Any]


def _ref(name: str) -> _Schema:
    return {"$ref": f"#/definitions/{name}"}


def _nullable(schema: _Schema) -> _Schema:
    return {"anyOf": [schema, {"type": "null"}]}


_TEXT: _Schema = {"type": "string"}
_ID: _Schema = {
    "type": "string",
    "pattern": _ID_PATTERN.pattern.replace("\\A", "^").replace("\\Z", "$"),
}
_STRINGS: _Schema = {
    "anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}],
    "description": "A list of strings, or one string.",
}
_IDS: _Schema = {"anyOf": [_ID, {"type": "array", "items": _ID}]}


def _enum(kind: type[Any]) -> _Schema:
    return {"enum": [member.value for member in kind]}


# The JSON type of every key an author may write, per class (keys as written in YAML).
_FIELDS: Mapping[type, Mapping[str, _Schema]] = {
    _SourceEntry: {
        "id": _ID,
        "path": _nullable(_TEXT),
        "title": _nullable(_TEXT),
        "outlet": _nullable(_TEXT),
        "url": _nullable({"type": "string", "format": "uri"}),
        "language": _nullable(_TEXT),
        "published": _nullable(_ref("date")),
    },
    Role: {
        "office": _TEXT,
        "of": _nullable(_ID),
        "title": _nullable(_TEXT),
        "aliases": _STRINGS,
        "from": _nullable(_ref("date")),
        "to": _nullable({"anyOf": [_ref("date"), {"const": ".."}]}),
    },
    Actor: {
        "id": _ID,
        "kind": _enum(ActorKind),
        "name": _TEXT,
        "aliases": _STRINGS,
        "wikidata": _nullable({"type": "string", "pattern": "^Q[0-9]+$"}),
        "roles": {"type": "array", "items": _ref("role")},
    },
    Action: {
        "id": _ID,
        "label": _TEXT,
        "roles": _STRINGS,
        "required": _STRINGS,
        "facet": _nullable(_TEXT),
        "key": _nullable(_TEXT),
        "sets": _nullable(_TEXT),
        "holds": _nullable(_TEXT),
        "after": _STRINGS,
        "description": _nullable(_TEXT),
    },
    Span: {
        "quote": _TEXT,
        "source": _nullable(_ID),
        "start": _nullable({"type": "integer", "minimum": 0}),
        "end": _nullable({"type": "integer", "minimum": 0}),
        "prefix": _nullable(_TEXT),
        "suffix": _nullable(_TEXT),
        "occurrence": _nullable({"type": "integer", "minimum": 1}),
    },
    Quantity: {
        "of": _TEXT,
        "value": {"type": "number"},
        "unit": _nullable(_TEXT),
        "comparator": _enum(Comparator),
    },
    Link: {"relation": _enum(LinkRelation), "event": _ID},
    Suppression: {"rule": _TEXT, "reason": {"type": "string", "pattern": "\\S"}},
    Claim: {
        "id": _ID,
        "action": _ID,
        "actors": _ref("actors"),
        "date": _nullable(_ref("date")),
        "place": _nullable(_ID),
        "quantities": {"type": "array", "items": _ref("quantity")},
        "scope": _STRINGS,
        "polarity": _enum(Polarity),
        "modality": _enum(Modality),
        "speaker": _nullable(_ID),
        "event": _nullable(_ID),
        "links": {"type": "array", "items": _ref("link")},
        "evidence": {"type": "array", "items": _ref("span")},
        "suppress": {"type": "array", "items": _ref("suppression")},
        "note": _nullable(_TEXT),
    },
}

_DEFINITION_NAMES: Mapping[type, str] = {
    _SourceEntry: "source",
    Role: "role",
    Actor: "actor",
    Action: "action",
    Span: "span",
    Quantity: "quantity",
    Link: "link",
    Suppression: "suppression",
    Claim: "claim",
}

_DESCRIPTIONS: Mapping[type, str] = {
    _SourceEntry: "Metadata of a source; its text is the .txt file with the same id or `path`.",
    Role: "An office an actor held, bounded in time (`to: ..` while still in office).",
    Actor: "A person, organisation, state, place or group.",
    Action: "A verb of the vocabulary, with its roles and the state it changes.",
    Span: "Evidence: the exact quote, found in the source by claimkit.",
    Quantity: "A number a claim reports.",
    Link: "An order constraint from the claim's event to another event.",
    Suppression: "A rule the claim silences, with the reason.",
    Claim: "One factual assertion with its evidence.",
}


def _object_schema(cls: type) -> _Schema:
    keys = yaml_keys(cls)
    types = _FIELDS[cls]
    missing = [key for key in keys if key not in types]
    stale = [key for key in types if key not in keys]
    if missing or stale:  # pragma: no cover - guards the table against model changes
        raise RuntimeError(
            f"the schema of {cls.__name__} is out of date: add {missing}, remove {stale}"
        )
    renames = {"start": "from", "end": "to"} if cls is Role else {}
    required = [
        renames.get(field.name, field.name)
        for field in attrs.fields(cls)
        if field.init and field.default is attrs.NOTHING
    ]
    return {
        "type": "object",
        "description": _DESCRIPTIONS[cls],
        "properties": {key: types[key] for key in keys},
        "required": required,
        "additionalProperties": False,
    }


@functools.lru_cache(maxsize=1)
def _build() -> _Schema:
    definitions: dict[str, _Schema] = {
        name: _object_schema(cls) for cls, name in _DEFINITION_NAMES.items()
    }
    definitions["date"] = {
        "description": "An EDTF date: `2019`, `2021-10`, `2022-09-26`, `2015/2021-10`, `2015/..`.",
        "anyOf": [
            {"type": "string", "pattern": "^[0-9X./~?%+-]+$"},
            {"type": "integer", "description": "A bare year."},
        ],
    }
    participant: _Schema = {
        "anyOf": [
            _ID,
            {
                "type": "object",
                "properties": {"actor": _ID, "as": _TEXT},
                "required": ["actor"],
                "additionalProperties": False,
            },
        ]
    }
    definitions["participant"] = participant
    definitions["actors"] = {
        "type": "object",
        "description": "Roles mapped to an actor id, a list of ids, or {actor: ID, as: OFFICE}.",
        "additionalProperties": {
            "anyOf": [_ref("participant"), {"type": "array", "items": _ref("participant")}]
        },
    }
    sections = {
        "claimkit": {"const": FORMAT_VERSION, "description": "The format version."},
        "defaults": {
            "type": "object",
            "properties": {"source": _ID},
            "additionalProperties": False,
        },
        "sources": {"type": "array", "items": _ref("source")},
        "actors": {"type": "array", "items": _ref("actor")},
        "actions": {"type": "array", "items": _ref("action")},
        "claims": {"type": "array", "items": _ref("claim")},
    }
    if set(sections) != set(_TOP_KEYS):  # pragma: no cover - guards against loader changes
        raise RuntimeError(f"the schema's sections {sorted(sections)} differ from {_TOP_KEYS}")
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$id": SCHEMA_ID,
        "title": "claimkit corpus file",
        "description": (
            "A claimkit corpus file (YAML or JSON): sources, actors, actions and claims. "
            "Quotes are checked against the sources by `claimkit check`, not by this schema."
        ),
        "type": "object",
        "properties": sections,
        "required": ["claimkit"],
        "additionalProperties": False,
        "definitions": definitions,
    }


def corpus_schema() -> dict[str, Any]:
    """The JSON Schema (draft-07) of a claimkit corpus file.

    Editors use it to validate and complete YAML while people type; put this line at the top
    of a claim file for the yaml-language-server (VS Code's YAML extension and others):

        # yaml-language-server: $schema=https://claimkit.readthedocs.io/schema/corpus-1.json

    The schema checks shape only (keys, types, enumerations); references between objects
    (an unknown actor) and quotes that are not in their source are checked by
    `claimkit check`. A single JSON Lines claim is `definitions/claim`.

    Returns:
        A fresh copy of the schema, safe to change.

    Examples:
        >>> schema = corpus_schema()
        >>> schema["required"]
        ['claimkit']
        >>> schema["definitions"]["claim"]["required"]
        ['id', 'action']
    """
    return copy.deepcopy(_build())
