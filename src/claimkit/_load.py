# Stage 1 of the pipeline: files on disk -> the model.
#
# - `_read_yaml` composes YAML into nodes (never constructing Python objects from tags),
#   refuses tags, bounds nesting and alias expansion, and turns nodes into plain data plus a
#   map from field paths to line numbers, so every error can name its line.
# - `make_converter` builds the one cattrs converter (no global one): YAML-facing names
#   (`from`, `to`, `as`), PartialDate as EDTF strings, mappings of roles to actors.
# - `load` walks a corpus directory in sorted order, refuses paths that escape it, reads
#   sources (UTF-8 only), corpus files and the lock, structures every item separately so that
#   all problems are collected, checks references between objects, and raises one
#   `CorpusError` listing every problem.
# - `dump` / `dumps` write a corpus back as data; load -> dump -> load is lossless.

from __future__ import annotations

import difflib
import functools
import itertools
import json
import operator
import os
import re
import stat
import typing
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar

import attrs
import cattrs
from cattrs.errors import IterableValidationError, IterableValidationNote
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

from claimkit._dates import PartialDate
from claimkit._gc import paused_gc
from claimkit._lock import LOCK_NAME, Lock, read_lock
from claimkit._model import (
    Action,
    Actor,
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
    published_prefix,
)
from claimkit.errors import (
    ClaimkitError,
    CorpusError,
    DuplicateIdError,
    InvalidDateError,
    LoadError,
    PathOutsideCorpusError,
    UnknownReferenceError,
)

__all__ = [
    "FORMAT_VERSION",
    "Limits",
    "corpus_from_data",
    "dump",
    "dumps",
    "load",
    "loads",
    "make_converter",
    "read_source",
]

FORMAT_VERSION = 1

_T = TypeVar("_T")
PathKey = tuple[str | int, ...]

_SECTIONS = ("actions", "actors", "claims", "defaults", "sources")
_TOP_KEYS = ("claimkit", *_SECTIONS)
_ID_PATTERN = re.compile(r"\A[A-Za-z0-9][A-Za-z0-9._:-]*\Z")


@attrs.frozen(kw_only=True)
class Limits:
    """Bounds that keep a hostile or broken file from exhausting the machine.

    Attributes:
        max_file_bytes: Largest YAML, JSON or text file read whole (JSON Lines stream).
        max_line_bytes: Largest single line of a JSON Lines file.
        max_depth: Deepest nesting of mappings and sequences.
        max_nodes: Most YAML nodes visited, counting every expansion of an alias.
    """

    max_file_bytes: int = 64 * 1024 * 1024
    max_line_bytes: int = 1024 * 1024
    max_depth: int = 64
    max_nodes: int = 5_000_000


DEFAULT_LIMITS = Limits()


# ---------------------------------------------------------------------------------------------
# Reading YAML and JSON into plain data with line numbers


@attrs.define
class _Document:
    """Plain data from one file, with the line of every field path (1-based)."""

    data: Any
    lines: dict[PathKey, int]
    file: str

    def line(self, path: PathKey) -> int | None:
        """The line of `path`, or of its nearest ancestor that has one."""
        while True:
            if path in self.lines:
                return self.lines[path]
            if not path:
                return None
            path = path[:-1]


# Scalars kept as the text written: strings, and timestamps (claimkit reads dates itself).
_YAML_TEXT_TAGS = frozenset({"tag:yaml.org,2002:str", "tag:yaml.org,2002:timestamp"})
# Scalars read by ruamel's own safe constructor, which knows every form the resolver tags so
# (`01`, `0o17`, `1_000`, `.NaN`, `-.Inf`; under a `%YAML 1.1` directive `017` is octal,
# `1:20` sexagesimal and `yes` true): by the name of its method for each.
_YAML_VALUE_TAGS: Mapping[str, str] = {
    "tag:yaml.org,2002:null": "construct_yaml_null",
    "tag:yaml.org,2002:bool": "construct_yaml_bool",
    "tag:yaml.org,2002:int": "construct_yaml_int",
    "tag:yaml.org,2002:float": "construct_yaml_float",
}


# A surrogate code point on its own is not text (it cannot be written as UTF-8, so a report
# or export that quoted it could not be written). A file decoded from UTF-8 never holds one;
# only an escape can make one (`"\ud800"` in JSON, `"\uD800"` or `"\U0000D800"` in YAML) or
# a Python string given to `corpus_from_data`. So files are searched for one only when their
# text holds an escape.
_SURROGATE = re.compile("[\ud800-\udfff]")
_ESCAPE = re.compile(r"\\[uU]")


def _surrogate_error(value: str, file: str, line: int | None, path: PathKey) -> LoadError:
    found = _SURROGATE.search(value)
    assert found is not None
    return LoadError(
        f"holds a lone surrogate (U+{ord(found.group()):04X}), which is not text: write the "
        "character itself, or both halves of a surrogate pair as escapes",
        file=file,
        line=line,
        field=_format_path(path) or None,
    )


def _surrogate_at(data: Any, path: PathKey = ()) -> tuple[str, PathKey] | None:
    """The first string (or key) of `data` holding a lone surrogate, and its path."""
    if isinstance(data, str):
        return (data, path) if not data.isascii() and _SURROGATE.search(data) else None
    if isinstance(data, dict):
        for key, item in data.items():
            if isinstance(key, str) and not key.isascii() and _SURROGATE.search(key):
                return key, (*path, key)
            found = _surrogate_at(item, (*path, key))
            if found is not None:
                return found
    elif isinstance(data, list):
        for index, item in enumerate(data):
            found = _surrogate_at(item, (*path, index))
            if found is not None:
                return found
    return None


def _utf8_clean(data: Any) -> bool:
    """Whether `data` is known to hold no lone surrogate, found in one orjson call.

    orjson refuses any string that is not valid UTF-8; it also refuses what is not JSON data
    (a key that is not a string, a date), and then nothing is known: `_surrogate_at` looks.
    Walking the data in Python costs about 8 µs a claim (0.8 s for the benchmark's 100,000
    claims); this call 65 ms, with a copy of the data as JSON bytes held while it runs.
    """
    try:
        import orjson
    except ImportError:
        return False
    try:
        orjson.dumps(data)
    except (TypeError, orjson.JSONEncodeError):
        return False
    return True


def _read_yaml(text: str, file: str, limits: Limits) -> _Document:
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError, YAMLError, YAMLWarning

    yaml = YAML(typ="safe", pure=True)
    try:
        # A warning (an anchor defined twice) would leave the meaning of aliases unclear.
        with warnings.catch_warnings():
            warnings.simplefilter("error", YAMLWarning)
            root = yaml.compose(text)
    except YAMLWarning as exc:
        said = str(exc).strip()
        marks = re.findall(r"line (\d+), column", said)
        problem = said.splitlines()[0] if said else type(exc).__name__
        line = int(marks[-1]) if marks else None
        raise LoadError(f"malformed YAML: {problem}", file=file, line=line) from None
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = exc.problem or exc.context or "invalid YAML"
        raise LoadError(f"malformed YAML: {problem}", file=file, line=line) from None
    except YAMLError as exc:
        raise LoadError(f"malformed YAML: {exc}", file=file) from None
    lines: dict[PathKey, int] = {}
    if root is not None:
        _check_expansion(root, limits, file)

    def build(node: Any, path: PathKey, depth: int) -> Any:
        line = node.start_mark.line + 1
        if depth > limits.max_depth:
            raise LoadError(
                f"YAML nested deeper than {limits.max_depth} levels", file=file, line=line
            )
        lines.setdefault(path, line)
        tag = str(node.tag)
        if node.id == "scalar":
            if tag in _YAML_TEXT_TAGS:
                value = node.value
                if escaped and _SURROGATE.search(value):
                    raise _surrogate_error(value, file, line, path)
                return value
            method = _YAML_VALUE_TAGS.get(tag)
            if method is None:
                raise LoadError(f"YAML tag {tag!r} is not allowed", file=file, line=line)
            try:
                return getattr(constructor, method)(node)
            except (ValueError, ArithmeticError):
                raise LoadError(
                    f"cannot read {node.value!r} as YAML {tag.rsplit(':', 1)[-1]}",
                    file=file,
                    line=line,
                ) from None
        if node.id == "sequence":
            if tag != "tag:yaml.org,2002:seq":
                raise LoadError(f"YAML tag {tag!r} is not allowed", file=file, line=line)
            return [build(item, (*path, index), depth + 1) for index, item in enumerate(node.value)]
        if tag != "tag:yaml.org,2002:map":
            raise LoadError(f"YAML tag {tag!r} is not allowed", file=file, line=line)
        mapping: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = build(key_node, path, depth + 1)
            if not isinstance(key, str):
                raise LoadError(f"mapping key {key!r} is not a string", file=file, line=line)
            if key in mapping:
                raise LoadError(
                    f"duplicate key {key!r}", file=file, line=key_node.start_mark.line + 1
                )
            child: PathKey = (*path, key)
            lines[child] = key_node.start_mark.line + 1
            mapping[key] = build(value_node, child, depth + 1)
        return mapping

    constructor = yaml.constructor
    escaped = _ESCAPE.search(text) is not None
    with warnings.catch_warnings():
        # YAML 1.1 wants a dot in a float's mantissa (`1e3`); the value is clear all the same.
        warnings.simplefilter("ignore", YAMLWarning)
        data = None if root is None else build(root, (), 0)
    return _Document(data=data, lines=lines, file=file)


def _check_expansion(root: Any, limits: Limits, file: str) -> None:
    """Refuse YAML whose aliases would expand past `limits.max_nodes`, before expanding it.

    Sizes are computed once per distinct node (aliases share node objects), so an alias
    bomb is measured in time proportional to its text, not to its expansion.
    """
    sizes: dict[int, int] = {}
    stack: list[tuple[Any, bool, int]] = [(root, False, 0)]
    while stack:
        node, children_done, depth = stack.pop()
        key = id(node)
        if key in sizes:
            continue
        if depth > limits.max_depth:
            raise LoadError(
                f"YAML nested deeper than {limits.max_depth} levels",
                file=file,
                line=node.start_mark.line + 1,
            )
        if node.id == "scalar":
            sizes[key] = 1
            continue
        children = (
            [child for pair in node.value for child in pair]
            if node.id == "mapping"
            else list(node.value)
        )
        if children_done:
            total = 1 + sum(sizes[id(child)] for child in children)
            if total > limits.max_nodes:
                raise LoadError(
                    f"YAML expands to more than {limits.max_nodes} nodes (aliases of aliases?)",
                    file=file,
                    line=node.start_mark.line + 1,
                )
            sizes[key] = total
        else:
            stack.append((node, True, depth))
            stack.extend((child, False, depth + 1) for child in children if id(child) not in sizes)


def _read_json(text: str, file: str, limits: Limits) -> _Document:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise LoadError(f"malformed JSON: {exc.msg}", file=file, line=exc.lineno) from None
    except RecursionError:
        raise LoadError(
            f"JSON nested deeper than {limits.max_depth} levels",
            file=file,
            line=_json_depth_line(text, limits.max_depth),
        ) from None
    document = _Document(data=data, lines={}, file=file)
    if _too_deep(data, limits.max_depth):
        raise LoadError(
            f"JSON nested deeper than {limits.max_depth} levels",
            file=file,
            line=_json_depth_line(text, limits.max_depth),
        )
    if _ESCAPE.search(text):
        found = _surrogate_at(data)
        if found is not None:
            raise _surrogate_error(found[0], file, _lone_escape_line(text), found[1])
    return document


# A `\uD800`-`\uDBFF` escape not followed by a `\uDC00`-`\uDFFF` one, or the other way round.
_LONE_ESCAPE = re.compile(
    r"\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F])"
    r"|(?<!\\u[dD][89abAB][0-9a-fA-F]{2})\\u[dD][c-fC-F][0-9a-fA-F]{2}"
)


def _lone_escape_line(text: str) -> int | None:
    """The line of the first escape in JSON `text` that makes a lone surrogate."""
    found = _LONE_ESCAPE.search(text)
    return None if found is None else text.count("\n", 0, found.start()) + 1


def _json_depth_line(text: str, limit: int) -> int | None:
    """The line where JSON `text` first opens more than `limit` nested arrays or objects.

    Only called once the text is known to be too deep, so its cost is on the error path.
    """
    depth = 0
    in_string = False
    escaped = False
    for index, char in enumerate(text):
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > limit:
                return text.count("\n", 0, index) + 1
        elif char in "]}":
            depth -= 1
    return None


def _too_deep(data: Any, limit: int) -> bool:
    stack: list[tuple[Any, int]] = [(data, 0)]
    while stack:
        value, depth = stack.pop()
        if depth > limit:
            return True
        if isinstance(value, dict):
            stack.extend((item, depth + 1) for item in value.values())
        elif isinstance(value, list):
            stack.extend((item, depth + 1) for item in value)
    return False


# ---------------------------------------------------------------------------------------------
# The converter


def _structure_date(value: Any, _type: Any) -> PartialDate:
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise InvalidDateError(f"expected an EDTF date string such as '2019-06', got {value!r}")
    return PartialDate.parse(str(value))


def _structure_text(value: Any, _type: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, bool) or value is None or not isinstance(value, int | float):
        raise TypeError(f"expected a string, got {_describe(value)}")
    return str(value)


def _structure_strings(value: Any, _type: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, list):
        raise TypeError(f"expected a list of strings, got {_describe(value)}")
    return tuple(_structure_text(item, str) for item in value)


def _structure_number(value: Any, _type: Any) -> int | float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"expected a number, got {_describe(value)}")
    return value


def _structure_int(value: Any, _type: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"expected an integer, got {_describe(value)}")
    return value


def _is_object_tuple(type_: Any) -> bool:
    args = typing.get_args(type_)
    return (
        typing.get_origin(type_) is tuple
        and len(args) == 2
        and args[1] is Ellipsis
        and attrs.has(args[0])
    )


def _tuple_hook(converter: cattrs.Converter) -> Callable[[Any, Any], tuple[Any, ...]]:
    def structure(value: Any, type_: Any) -> tuple[Any, ...]:
        if not isinstance(value, list):
            raise TypeError(f"expected a list, got {_describe(value)}")
        item_type = typing.get_args(type_)[0]
        items: list[Any] = []
        errors: list[Exception] = []
        for index, item in enumerate(value):
            try:
                items.append(converter.structure(item, item_type))
            except Exception as exc:
                # Set __notes__ directly: BaseException.add_note is Python 3.11+.
                note = IterableValidationNote(f"index {index}", index, item_type)
                setattr(exc, "__notes__", [*getattr(exc, "__notes__", []), note])  # noqa: B010
                errors.append(exc)
        if errors:
            raise IterableValidationError(f"while structuring {type_}", errors, type_)
        return tuple(items)

    return structure


def _structure_participants(value: Any, _type: Any) -> tuple[Participant, ...]:
    if not isinstance(value, dict):
        raise TypeError(
            "expected a mapping of roles to actors, such as {agent: nicolas-maduro}, "
            f"got {_describe(value)}"
        )
    participants: list[Participant] = []
    for role, filler in value.items():
        items = filler if isinstance(filler, list) else [filler]
        for item in items:
            if isinstance(item, str):
                participants.append(Participant(role, item))
            elif isinstance(item, dict) and set(item) <= {"actor", "as"} and "actor" in item:
                office = item.get("as")
                if office is not None and not isinstance(office, str):
                    raise TypeError(f"{role}: 'as' must be an office name")
                participants.append(Participant(role, _structure_text(item["actor"], str), office))
            else:
                raise TypeError(
                    f"{role}: expected an actor id or {{actor: ID, as: OFFICE}}, got {item!r}"
                )
    return tuple(participants)


def _unstructure_participants(participants: tuple[Participant, ...]) -> dict[str, Any]:
    grouped: dict[str, list[Any]] = {}
    for participant in participants:
        item: Any = participant.actor
        if participant.office is not None:
            item = {"actor": participant.actor, "as": participant.office}
        grouped.setdefault(participant.role, []).append(item)
    return {role: items[0] if len(items) == 1 else items for role, items in grouped.items()}


def _describe(value: Any) -> str:
    if value is None:
        return "nothing (null)"
    names = {dict: "a mapping", list: "a list", str: "a string", bool: "a boolean"}
    return names.get(type(value), f"{type(value).__name__} {value!r}")


# The names a YAML author writes, for each class whose attribute names differ.
_RENAMES: Mapping[type, Mapping[str, str]] = {
    Role: {"start": "from", "end": "to"},
}
_OMITTED: Mapping[type, tuple[str, ...]] = {
    Span: ("match", "location"),
    Claim: ("location",),
    Source: ("text", "sha256", "path"),
}


def yaml_keys(cls: type) -> tuple[str, ...]:
    """The keys an author may write for `cls`, in declaration order."""
    renames = _RENAMES.get(cls, {})
    omitted = _OMITTED.get(cls, ())
    keys = [renames.get(a.name, a.name) for a in attrs.fields(cls) if a.init]
    if cls is Role:
        keys.remove("ongoing")
    return tuple(key for key in keys if key not in omitted)


def make_converter(*, detailed: bool = True) -> cattrs.Converter:
    """Build the converter that turns corpus data into model objects and back.

    Each call returns a new converter; claimkit keeps no global mutable one.

    Args:
        detailed: Collect every problem of an object with the path to each field (slower).
            The loader structures with a fast converter first and repeats the work with a
            detailed one only for objects that fail, so errors stay precise.
    """
    converter = cattrs.Converter(forbid_extra_keys=True, detailed_validation=detailed)
    converter.register_structure_hook(PartialDate, _structure_date)
    converter.register_unstructure_hook(PartialDate, str)
    converter.register_structure_hook(str, _structure_text)
    converter.register_structure_hook(int, _structure_int)
    converter.register_structure_hook_func(lambda t: t == tuple[str, ...], _structure_strings)
    converter.register_structure_hook_func(lambda t: t == int | float, _structure_number)
    converter.register_structure_hook_func(_is_object_tuple, _tuple_hook(converter))
    converter.register_structure_hook_func(
        lambda t: t == tuple[Participant, ...], _structure_participants
    )
    converter.register_unstructure_hook_func(
        lambda t: t == tuple[Participant, ...], _unstructure_participants
    )

    role_structure = make_dict_structure_fn(
        Role,
        converter,
        _cattrs_forbid_extra_keys=True,
        start=override(rename="from"),
        end=override(rename="to"),
        ongoing=override(omit=True),
    )

    def structure_role(value: Any, cls: type) -> Role:
        ongoing = isinstance(value, dict) and value.get("to") == ".."
        if ongoing:
            value = {key: item for key, item in value.items() if key != "to"}
        return attrs.evolve(role_structure(value, cls), ongoing=ongoing)

    role_unstructure = make_dict_unstructure_fn(
        Role,
        converter,
        _cattrs_omit_if_default=True,
        start=override(rename="from"),
        end=override(rename="to"),
        ongoing=override(omit=True),
    )

    def unstructure_role(role: Role) -> dict[str, Any]:
        data: dict[str, Any] = role_unstructure(role)
        if role.ongoing:
            data["to"] = ".."
        return data

    converter.register_structure_hook(Role, structure_role)
    converter.register_unstructure_hook(Role, unstructure_role)

    # Inner classes before the classes holding them: a generated function bakes in the
    # hooks that exist when it is made (so Role above, and Span..Suppression before Claim).
    for cls in (Span, Quantity, Link, Suppression, Claim, Action, Actor):
        omitted: dict[str, Any] = {name: override(omit=True) for name in _OMITTED.get(cls, ())}
        converter.register_structure_hook(
            cls, make_dict_structure_fn(cls, converter, _cattrs_forbid_extra_keys=True, **omitted)
        )
        converter.register_unstructure_hook(
            cls,
            make_dict_unstructure_fn(cls, converter, _cattrs_omit_if_default=True, **omitted),
        )

    return converter


@functools.lru_cache(maxsize=1)
def _shared_converter() -> cattrs.Converter:
    # Building a converter compiles its functions (tens of milliseconds), so the loader
    # reuses one private instance; it is never handed out or changed after creation.
    return make_converter()


@functools.lru_cache(maxsize=1)
def _fast_json_loads() -> Callable[[bytes], Any] | None:
    """orjson's `loads` when the `fast` extra is installed, else `None`."""
    try:
        import orjson
    except ImportError:
        return None
    loads: Callable[[bytes], Any] = orjson.loads
    return loads


@functools.lru_cache(maxsize=1)
def _fast_converter() -> cattrs.Converter:
    # The same hooks without detailed validation: several times faster on valid data.
    return make_converter(detailed=False)


# ---------------------------------------------------------------------------------------------
# A fast path for claims of the common shape
#
# Nearly every claim in a corpus is a dict of strings, integers, lists and small dicts.
# cattrs structures it through a hook looked up and called for every field (with its
# `Optional` dispatch), which was most of the time of loading. `_ClaimBuilder.claim` builds
# the same `Claim` directly for that shape: it accepts exactly `str` where cattrs' hooks take
# a string and exactly `int` (not `bool`) where they take an integer, and nothing else (no
# floats, no numbers written for strings); it builds every object through its constructor,
# so the validators of `Span` and `Suppression` still run. For anything else it gives up
# (returns `None`), and the caller structures the item with cattrs as before, which reports
# every problem with its exact message. Within that shape it gives the cattrs result:
# `tests/test_load.py` compares the two on generated and on damaged claims.

_CLAIM_KEYS = frozenset(yaml_keys(Claim))
_SPAN_KEYS = frozenset(yaml_keys(Span))
_QUANTITY_KEYS = frozenset(yaml_keys(Quantity))
_LINK_KEYS = frozenset(yaml_keys(Link))
_SUPPRESSION_KEYS = frozenset(yaml_keys(Suppression))
_ACTOR_ITEM_KEYS = frozenset({"actor", "as"})


_ABSENT: Any = object()


class _Unusual(Exception):
    """Raised inside the fast path: leave this item to cattrs."""


def _fast_text(value: Any) -> str:
    if type(value) is not str:
        raise _Unusual
    return value


def _fast_optional_text(value: Any) -> str | None:
    if value is not None and type(value) is not str:
        raise _Unusual
    return value


def _fast_list(value: Any) -> list[Any]:
    if type(value) is not list:
        raise _Unusual
    return value


def _fast_fields(value: Any, keys: frozenset[str]) -> dict[str, Any]:
    if type(value) is not dict or not keys.issuperset(value):
        raise _Unusual
    return value


def _fast_strings(value: Any) -> tuple[str, ...]:
    # `_structure_strings`: one string, or a list of them.
    if type(value) is str:
        return (value,)
    return tuple([_fast_text(item) for item in _fast_list(value)])


def _fast_quantity(value: Any) -> Quantity:
    fields = _fast_fields(value, _QUANTITY_KEYS)
    number = fields["value"]
    if type(number) is not int:  # floats (and numbers written as text) go to cattrs
        raise _Unusual
    return Quantity(
        of=_fast_text(fields["of"]),
        value=number,
        unit=_fast_optional_text(fields.get("unit")),
        comparator=Comparator(fields["comparator"]) if "comparator" in fields else Comparator.EQ,
    )


def _fast_link(value: Any) -> Link:
    fields = _fast_fields(value, _LINK_KEYS)
    return Link(LinkRelation(fields["relation"]), _fast_text(fields["event"]))


def _fast_suppression(value: Any) -> Suppression:
    fields = _fast_fields(value, _SUPPRESSION_KEYS)
    return Suppression(_fast_text(fields["rule"]), _fast_text(fields["reason"]))


class _ClaimBuilder:
    """Builds claims of the common shape for one load (see above), or gives up with `None`.

    Participants are immutable values that repeat from claim to claim (the same actor in the
    same role), so each distinct one is built once per load and shared, and so are the
    strings of actions, source ids, places and event ids (an event's claims share its id):
    less memory, and equal keys that hash once.
    """

    def __init__(self) -> None:
        self._participants: dict[tuple[str, str], Participant] = {}
        self._strings: dict[str, str] = {}

    def claim(self, item: Any, location: Location | None = None) -> Claim | None:
        """The `Claim` cattrs would structure from `item`, or `None` to leave it to cattrs.

        `location` becomes the location of the claim and of each of its spans.
        """
        # Straight-line code: this runs once per claim of the corpus. A key cattrs would
        # refuse, a value of another type or a value the constructors refuse gives up.
        if type(item) is not dict or not _CLAIM_KEYS.issuperset(item):
            return None
        try:
            get = item.get
            ident = item["id"]
            action = item["action"]
            place = get("place")
            speaker = get("speaker")
            event = get("event")
            note = get("note")
            if (
                type(ident) is not str
                or type(action) is not str
                or (place is not None and type(place) is not str)
                or (speaker is not None and type(speaker) is not str)
                or (event is not None and type(event) is not str)
                or (note is not None and type(note) is not str)
            ):
                return None
            date = get("date")
            if date is not None:
                if type(date) is not str:
                    return None
                date = PartialDate.parse(date)
            value = get("actors", _ABSENT)
            actors = () if value is _ABSENT else self._participants_of(value)
            value = get("evidence", _ABSENT)
            evidence = (
                ()
                if value is _ABSENT
                else tuple(map(self._span, _fast_list(value), itertools.repeat(location)))
            )
            value = get("scope", _ABSENT)
            scope = () if value is _ABSENT else _fast_strings(value)
            value = get("quantities", _ABSENT)
            quantities = (
                () if value is _ABSENT else tuple([_fast_quantity(q) for q in _fast_list(value)])
            )
            value = get("links", _ABSENT)
            links = () if value is _ABSENT else tuple([_fast_link(k) for k in _fast_list(value)])
            value = get("suppress", _ABSENT)
            suppress = (
                () if value is _ABSENT else tuple([_fast_suppression(s) for s in _fast_list(value)])
            )
            value = get("polarity", _ABSENT)
            polarity = Polarity.AFFIRMED if value is _ABSENT else Polarity(value)
            value = get("modality", _ABSENT)
            modality = Modality.ASSERTED if value is _ABSENT else Modality(value)
            return Claim(
                id=ident,
                action=self._strings.setdefault(action, action),
                actors=actors,
                date=date,
                place=None if place is None else self._strings.setdefault(place, place),
                quantities=quantities,
                scope=scope,
                polarity=polarity,
                modality=modality,
                speaker=speaker,
                event=None if event is None else self._strings.setdefault(event, event),
                links=links,
                evidence=evidence,
                suppress=suppress,
                note=note,
                location=location,
            )
        except Exception:  # _Unusual, a bad date, enum value or offsets: leave it to cattrs
            return None

    def _span(self, value: Any, location: Location | None) -> Span:
        if type(value) is not dict or not _SPAN_KEYS.issuperset(value):
            raise _Unusual
        get = value.get
        quote = value["quote"]
        source = get("source")
        start = get("start")
        end = get("end")
        prefix = get("prefix")
        suffix = get("suffix")
        occurrence = get("occurrence")
        if (
            type(quote) is not str
            or (source is not None and type(source) is not str)
            or (start is not None and type(start) is not int)
            or (end is not None and type(end) is not int)
            or (prefix is not None and type(prefix) is not str)
            or (suffix is not None and type(suffix) is not str)
            or (occurrence is not None and type(occurrence) is not int)
        ):
            raise _Unusual
        return Span(
            quote=quote,
            source=None if source is None else self._strings.setdefault(source, source),
            start=start,
            end=end,
            prefix=prefix,
            suffix=suffix,
            occurrence=occurrence,
            location=location,
        )

    def _participants_of(self, value: Any) -> tuple[Participant, ...]:
        # `_structure_participants`, for roles filled by actor ids and {actor: ID, as: OFFICE}.
        if type(value) is not dict:
            raise _Unusual
        participants: list[Participant] = []
        shared = self._participants
        for role, filler in value.items():
            for item in filler if type(filler) is list else (filler,):
                if type(item) is str:
                    participant = shared.get((role, item))
                    if participant is None:
                        participant = shared[(role, item)] = Participant(role, item)
                    participants.append(participant)
                else:
                    fields = _fast_fields(item, _ACTOR_ITEM_KEYS)
                    participants.append(
                        Participant(
                            role, _fast_text(fields["actor"]), _fast_optional_text(fields.get("as"))
                        )
                    )
        return tuple(participants)


# ---------------------------------------------------------------------------------------------
# Turning cattrs errors into located LoadErrors


def _flatten_errors(exc: BaseException, path: PathKey) -> Iterator[tuple[PathKey, BaseException]]:
    if isinstance(exc, cattrs.BaseValidationError):
        with_notes, without_notes = exc.group_exceptions()
        for inner, note in with_notes:
            step: str | int = note.name if hasattr(note, "name") else note.index
            if isinstance(step, str):
                step = _yaml_name(note, step)
            yield from _flatten_errors(inner, (*path, step))
        for inner in without_notes:
            yield from _flatten_errors(inner, path)
    else:
        yield path, exc


def _yaml_name(note: Any, name: str) -> str:
    for renames in _RENAMES.values():
        if name in renames:
            return renames[name]
    return name


def _format_path(path: PathKey) -> str:
    text = ""
    for step in path:
        text += f"[{step}]" if isinstance(step, int) else (f".{step}" if text else step)
    return text


def _message(exc: BaseException) -> str:
    if isinstance(exc, cattrs.ForbiddenExtraKeysError):
        allowed = yaml_keys(exc.cl) if attrs.has(exc.cl) else ()
        parts = []
        for key in sorted(exc.extra_fields):
            close = difflib.get_close_matches(key, allowed, n=1)
            hint = (
                f"; did you mean {close[0]!r}?"
                if close
                else f"; expected one of {', '.join(allowed)}"
            )
            parts.append(f"unknown key {key!r}{hint}")
        return "; ".join(parts)
    if isinstance(exc, KeyError):
        return "required field is missing"
    if isinstance(exc, ClaimkitError):
        return exc.message
    if isinstance(exc, ValueError | TypeError):
        text = str(exc)
        if text.startswith("__init__() missing"):
            return "required field is missing"
        return text
    return f"{type(exc).__name__}: {exc}"


def _located_errors(exc: BaseException, document: _Document, path: PathKey) -> Iterator[LoadError]:
    for where, inner in _flatten_errors(exc, path):
        if isinstance(inner, KeyError) and inner.args and where[-1:] != (str(inner.args[0]),):
            where = (*where, str(inner.args[0]))
        line = document.line(where)
        if isinstance(inner, cattrs.ForbiddenExtraKeysError):
            extra = sorted(inner.extra_fields)
            line = document.line((*where, extra[0])) if extra else line
        yield LoadError(_message(inner), file=document.file, line=line, field=_format_path(where))


# ---------------------------------------------------------------------------------------------
# Loading a corpus


@attrs.define
class _Loader:
    """Collects what one `load` call reads and every problem it meets."""

    root: Path
    allow_outside: bool
    limits: Limits
    # The detailed converter, built (once per process) only when an item needs it.
    converter: cattrs.Converter | None = None
    builder: _ClaimBuilder = attrs.field(factory=_ClaimBuilder)
    errors: list[ClaimkitError] = attrs.field(factory=list)
    sources: dict[str, Source] = attrs.field(factory=dict)
    source_entries: list[tuple[Any, _Document, PathKey]] = attrs.field(factory=list)
    actors: list[Actor] = attrs.field(factory=list)
    actions: list[Action] = attrs.field(factory=list)
    claims: list[Claim] = attrs.field(factory=list)
    where: dict[tuple[str, str], Location] = attrs.field(factory=dict)
    locks: list[Lock] = attrs.field(factory=list)
    # Where each actor and action object was read (by object identity: equal objects read
    # twice are two objects); claims carry their own location.
    places: dict[int, Location] = attrs.field(factory=dict)
    _real_root: Path | None = attrs.field(default=None, init=False)
    _real_directories: dict[Path, Path] = attrs.field(factory=dict, init=False)
    _shown_directories: dict[Path, str] = attrs.field(factory=dict, init=False)
    _inside_directories: dict[Path, bool] = attrs.field(factory=dict, init=False)

    def display(self, path: Path) -> str:
        try:
            return os.path.relpath(path)
        except ValueError:  # another drive on Windows
            return str(path)

    # A corpus has thousands of files in a few directories. On POSIX, a plain name in a
    # directory resolves to the resolved directory joined with the name (unless the name is a
    # symlink), is shown as the shown directory joined with the name, and is inside the root
    # when its directory is the root or inside it; so each directory is resolved, shown and
    # checked once, not once per file (`Path.resolve` costs an `lstat` per path component).

    def _plain_entry(self, path: Path) -> bool:
        return os.name == "posix" and path.name not in ("", ".", "..")

    def resolve(self, path: Path) -> Path:
        """`path.resolve()`."""
        if not self._plain_entry(path):
            return path.resolve()
        try:
            if stat.S_ISLNK(os.lstat(path).st_mode):
                return path.resolve()
        except OSError:
            return path.resolve()
        parent = path.parent
        real = self._real_directories.get(parent)
        if real is None:
            real = self._real_directories[parent] = parent.resolve()
        return real / path.name

    def display_entry(self, path: Path) -> str:
        """`display(path)`."""
        if not self._plain_entry(path):
            return self.display(path)
        parent = path.parent
        shown = self._shown_directories.get(parent)
        if shown is None:
            shown = self._shown_directories[parent] = self.display(parent)
        return path.name if shown == os.curdir else os.path.join(shown, path.name)

    def real_root(self) -> Path:
        """`self.root.resolve()`, worked out once per load, not once per file."""
        if self._real_root is None:
            self._real_root = self.root.resolve()
        return self._real_root

    def inside(self, path: Path, shown: str, real: Path | None = None) -> bool:
        """Whether `path` (whose `resolve()` is `real`, when the caller has it) is allowed."""
        if self.allow_outside:
            return True
        if real is None:
            real = path.resolve()
        root = self.real_root()
        # `root in real.parents` is `root == real.parent or root in real.parent.parents`.
        within = self._inside_directories.get(real.parent)
        if within is None:
            parent = real.parent
            within = self._inside_directories[parent] = parent == root or root in parent.parents
        if real == root or within:
            return True
        self.errors.append(
            PathOutsideCorpusError(
                f"{shown} resolves to {real}, outside the corpus root {root}; "
                "pass allow_outside=True (--allow-outside) to permit it",
                file=shown,
            )
        )
        return False

    def read_bytes(self, path: Path, shown: str) -> bytes | None:
        try:
            size = path.stat().st_size
            if size > self.limits.max_file_bytes:
                self.errors.append(
                    LoadError(
                        f"file is {size} bytes, over the limit of {self.limits.max_file_bytes}",
                        file=shown,
                    )
                )
                return None
            return path.read_bytes()
        except OSError as exc:
            self.errors.append(LoadError(f"cannot read: {exc.strerror}", file=shown))
            return None

    def decode(self, raw: bytes, shown: str) -> str | None:
        try:
            return _decode(raw, shown)
        except LoadError as exc:
            self.errors.append(exc)
            return None

    # -- files -----------------------------------------------------------------------------

    def walk(self, top: Path) -> list[Path]:
        if top.is_file() or (top.is_symlink() and not top.is_dir()):
            return [top]
        found: list[Path] = []
        # Symlinked directories are followed, not skipped (a skipped one would drop its
        # claims without a word): one that leaves the corpus root is refused with one error
        # for the directory, unless `allow_outside`; one whose target was already walked (a
        # cycle, or a second name for a directory of the corpus) is not walked again, and a
        # file reached by two names is read once (`load` keeps the resolved paths it read).
        walked = {os.path.realpath(top)}
        for directory, subdirs, files in os.walk(top, followlinks=True):
            kept = []
            for name in sorted(d for d in subdirs if not d.startswith(".")):
                path = os.path.join(directory, name)
                if not os.path.islink(path):
                    kept.append(name)
                    continue
                real = os.path.realpath(path)
                if any(real == w or real.startswith(w + os.sep) for w in walked):
                    continue
                if self.inside_directory(Path(path), Path(real)):
                    walked.add(real)
                    kept.append(name)
            subdirs[:] = kept
            for name in sorted(files):
                if not name.startswith("."):
                    found.append(Path(directory) / name)
        return found

    def inside_directory(self, path: Path, real: Path) -> bool:
        """Whether the symlinked directory `path` (resolving to `real`) may be walked."""
        if self.allow_outside:
            return True
        root = self.real_root()
        if real == root or root in real.parents:
            return True
        shown = self.display(path)
        self.errors.append(
            PathOutsideCorpusError(
                f"{shown} is a symlink to the directory {real}, outside the corpus root "
                f"{root}; pass allow_outside=True (--allow-outside) to permit it",
                file=shown,
            )
        )
        return False

    def read_path(self, path: Path, real: Path | None = None) -> None:
        shown = self.display_entry(path)
        if not self.inside(path, shown, real):
            return
        suffix = path.suffix.lower()
        if path.name == LOCK_NAME:
            raw = self.read_bytes(path, shown)
            text = None if raw is None else self.decode(raw, shown)
            if text is not None:
                try:
                    self.locks.append(read_lock(text, shown))
                except ClaimkitError as exc:
                    self.errors.append(exc)
        elif suffix == ".txt":
            self.read_text_source(path, shown)
        elif suffix in {".yaml", ".yml", ".json"}:
            raw = self.read_bytes(path, shown)
            text = None if raw is None else self.decode(raw, shown)
            if text is None:
                return
            try:
                reader = _read_json if suffix == ".json" else _read_yaml
                document = reader(text, shown, self.limits)
            except ClaimkitError as exc:
                self.errors.append(exc)
                return
            self.read_document(document, path.parent)
        elif suffix == ".jsonl":
            self.read_jsonl(path, shown)

    def read_text_source(self, path: Path, shown: str, **metadata: Any) -> Source | None:
        raw = self.read_bytes(path, shown)
        text = None if raw is None else self.decode(raw, shown)
        if text is None:
            return None
        ident = metadata.pop("id", path.stem)
        published = metadata.pop("published", None) or published_prefix(text)
        source = Source(id=ident, text=text, published=published, path=shown, **metadata)
        if ident in self.sources:
            first = self.sources[ident].path
            self.errors.append(
                DuplicateIdError(f"duplicate source id {ident!r} (also {first})", file=shown)
            )
            return None
        self.sources[ident] = source
        return source

    def forget_file_source(self, path: Path) -> None:
        """Drop the source the walk named after `path`: an entry with a `path` names it."""
        target = path.resolve()
        for ident, source in list(self.sources.items()):
            if (
                source.path is not None
                and ident == Path(source.path).stem
                and Path(source.path).resolve() == target
            ):
                del self.sources[ident]

    def read_jsonl(self, path: Path, shown: str) -> None:
        # Streamed: one line is held at a time, as bytes, and parsed straight from them.
        try:
            handle = path.open("rb")
        except OSError as exc:
            self.errors.append(LoadError(f"cannot read: {exc.strerror}", file=shown))
            return
        fast_loads = _fast_json_loads()
        build = self.builder.claim
        add = self.claims.append
        with handle:
            for number, raw in enumerate(handle, start=1):
                if len(raw) > self.limits.max_line_bytes:
                    self.errors.append(
                        LoadError(
                            f"line is {len(raw)} bytes, over the limit of "
                            f"{self.limits.max_line_bytes}",
                            file=shown,
                            line=number,
                        )
                    )
                    continue
                if raw.isspace():  # `raw.strip()` is empty, without copying the line
                    continue
                # What `add_claim` does, for a line: the claim and its spans are all there.
                location = Location(shown, number)
                claim = None
                if fast_loads is not None:
                    # orjson reads the lines of valid claims as `json` does (strings, dicts,
                    # lists, integers of 64 bits; floats never reach a claim built here).
                    # Anything it refuses, and any item the fast path leaves to cattrs, is
                    # read again by `json`, so unusual lines load exactly as they always did.
                    try:
                        claim = build(fast_loads(raw), location)
                    except ValueError:
                        claim = None
                if claim is None:
                    try:
                        item = json.loads(raw.decode("utf-8"))
                    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
                        self.errors.append(
                            LoadError(f"malformed JSON line: {exc}", file=shown, line=number)
                        )
                        continue
                    except RecursionError:
                        self.errors.append(
                            LoadError(
                                f"JSON nested deeper than {self.limits.max_depth} levels",
                                file=shown,
                                line=number,
                            )
                        )
                        continue
                    if b"\\u" in raw:  # the only escape that can make a lone surrogate
                        found = _surrogate_at(item)
                        if found is not None:
                            self.errors.append(_surrogate_error(found[0], shown, number, found[1]))
                            continue
                    claim = None if fast_loads is not None else build(item, location)
                    if claim is None:
                        document = _Document(data=item, lines={(): number}, file=shown)
                        self.add_claim(item, document, (), None)
                        continue
                add(claim)

    def read_document(self, document: _Document, directory: Path) -> None:
        data = document.data
        if not isinstance(data, dict):
            self.errors.append(
                LoadError(
                    f"expected a mapping with 'claimkit: {FORMAT_VERSION}', got {_describe(data)}",
                    file=document.file,
                    line=document.line(()),
                )
            )
            return
        version = data.get("claimkit")
        if version != FORMAT_VERSION:
            problem = "is missing" if version is None else f"is {version!r}"
            self.errors.append(
                LoadError(
                    f"the format version {problem}; expected 'claimkit: {FORMAT_VERSION}'",
                    file=document.file,
                    line=document.line(("claimkit",)),
                    field="claimkit",
                )
            )
            return
        for key in data:
            if key not in _TOP_KEYS:
                close = difflib.get_close_matches(key, _TOP_KEYS, n=1)
                hint = f"; did you mean {close[0]!r}?" if close else ""
                self.errors.append(
                    LoadError(
                        f"unknown section {key!r}{hint}",
                        file=document.file,
                        line=document.line((key,)),
                        field=key,
                    )
                )
        default_source = None
        defaults = data.get("defaults", {})
        if not isinstance(defaults, dict) or set(defaults) - {"source"}:
            self.errors.append(
                LoadError(
                    "defaults may only hold 'source'",
                    file=document.file,
                    line=document.line(("defaults",)),
                    field="defaults",
                )
            )
        else:
            default_source = defaults.get("source")
        for section in ("sources", "actors", "actions", "claims"):
            items = data.get(section, [])
            if not isinstance(items, list):
                self.errors.append(
                    LoadError(
                        f"expected a list, got {_describe(items)}",
                        file=document.file,
                        line=document.line((section,)),
                        field=section,
                    )
                )
                continue
            for index, item in enumerate(items):
                path: PathKey = (section, index)
                if section == "sources":
                    self.source_entries.append((item, document, path))
                elif section == "claims":
                    self.add_claim(item, document, path, default_source)
                else:
                    cls: type[Actor] | type[Action] = Actor if section == "actors" else Action
                    obj = self.structure(item, cls, document, path)
                    if obj is not None:
                        self.remember(section[:-1], obj.id, document, path)
                        self.places[id(obj)] = Location(document.file, document.line(path))
                        (self.actors if section == "actors" else self.actions).append(obj)  # type: ignore[arg-type]
        self._directory_of[document.file] = directory

    _directory_of: dict[str, Path] = attrs.field(factory=dict)

    def remember(self, kind: str, ident: str, document: _Document, path: PathKey) -> None:
        self.where.setdefault((kind, ident), Location(document.file, document.line(path)))

    def structure(self, item: Any, cls: type[_T], document: _Document, path: PathKey) -> _T | None:
        try:
            return _fast_converter().structure(item, cls)
        except Exception:  # repeated below with detailed validation, for precise errors
            pass
        try:
            return (self.converter or _shared_converter()).structure(item, cls)
        except Exception as exc:  # cattrs wraps every failure of a field
            self.errors.extend(_located_errors(exc, document, path))
            return None

    def add_claim(
        self, item: Any, document: _Document, path: PathKey, default_source: str | None
    ) -> None:
        claim = self.builder.claim(item)
        if claim is None:
            claim = self.structure(item, Claim, document, path)
            if claim is None:
                return
        # The objects were just built here and nobody else holds them yet, so their
        # locations (fields that take no part in equality) are filled in place rather than
        # through attrs.evolve, which would copy every claim twice.
        for index, span in enumerate(claim.evidence):
            line = document.line((*path, "evidence", index))
            object.__setattr__(span, "location", Location(document.file, line))
            if span.source is None and default_source is not None:
                object.__setattr__(span, "source", default_source)
        # (A claim carries its location, so it is not also remembered in `where`: duplicate
        # claims are reported at the first one's `location`.)
        object.__setattr__(claim, "location", Location(document.file, document.line(path)))
        self.claims.append(claim)

    def add_source_entries(self) -> None:
        entered: dict[str, Location] = {}
        for item, document, path in self.source_entries:
            if not isinstance(item, dict):
                self.errors.append(
                    LoadError(
                        f"expected a mapping, got {_describe(item)}",
                        file=document.file,
                        line=document.line(path),
                        field=_format_path(path),
                    )
                )
                continue
            entry = self.structure(item, _SourceEntry, document, path)
            if entry is None:
                continue
            here = Location(document.file, document.line(path))
            if entry.id in entered:
                self.errors.append(
                    DuplicateIdError(
                        f"duplicate source id {entry.id!r} (first at {entered[entry.id]})",
                        file=here.file,
                        line=here.line,
                        field=_format_path((*path, "id")),
                    )
                )
                continue
            entered[entry.id] = here
            metadata = {
                name: getattr(entry, name)
                for name in ("title", "outlet", "url", "language", "published")
                if getattr(entry, name) is not None
            }
            known = self.sources.get(entry.id)
            line = document.line(path)
            if entry.path is not None:
                directory = self._directory_of.get(document.file, self.root)
                target = Path(entry.path)
                if target.is_absolute() and not self.allow_outside:
                    self.errors.append(
                        PathOutsideCorpusError(
                            f"absolute path {entry.path!r} is not allowed; "
                            "paths are relative to the corpus file",
                            file=document.file,
                            line=line,
                            field=_format_path((*path, "path")),
                        )
                    )
                    continue
                full = directory / target
                shown = self.display(full)
                if not self.inside(full, shown):
                    # The problem is in the corpus file that names the path, not in the path.
                    refused = self.errors[-1]
                    refused.file, refused.line = document.file, line
                    refused.field = _format_path((*path, "path"))
                    continue
                if known is not None and known.path is not None and Path(known.path) != Path(shown):
                    self.errors.append(
                        LoadError(
                            f"source {entry.id!r} is both {known.path} and {shown}",
                            file=document.file,
                            line=line,
                        )
                    )
                    continue
                if known is None:
                    self.forget_file_source(full)
                    self.read_text_source(full, shown, id=entry.id, **metadata)
                    continue
            if known is None:
                self.errors.append(
                    LoadError(
                        f"no text for source {entry.id!r}: no {entry.id}.txt in the corpus "
                        "and no 'path'",
                        file=document.file,
                        line=line,
                        field=_format_path((*path, "id")),
                    )
                )
                continue
            if "published" not in metadata and known.published is not None:
                metadata["published"] = known.published
            self.sources[entry.id] = attrs.evolve(known, **metadata)


@attrs.frozen(kw_only=True)
class _SourceEntry:
    """A source's metadata as written in a corpus file."""

    id: str
    path: str | None = None
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    language: str | None = None
    published: PartialDate | None = None


def _decode(raw: bytes, shown: str) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        raise LoadError(
            "file starts with a UTF-8 byte-order mark; remove it so offsets count from the "
            "first character",
            file=shown,
            line=1,
        )
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise LoadError(
            f"not valid UTF-8: byte 0x{raw[exc.start]:02x} at offset {exc.start}",
            file=shown,
            line=line,
        ) from None


def read_source(path: str | os.PathLike[str], *, id: str | None = None) -> Source:
    """Read one text file as a [`Source`][claimkit.Source].

    The text is kept exactly as stored. A leading ` date YYYY-MM-DD ` prefix gives the
    publication date.

    Raises:
        LoadError: The file cannot be read, is not UTF-8 or starts with a byte-order mark.
    """
    file = Path(path)
    shown = os.fspath(path)
    try:
        raw = file.read_bytes()
    except OSError as exc:
        raise LoadError(f"cannot read: {exc.strerror}", file=shown) from None
    text = _decode(raw, shown)
    return Source(id=id or file.stem, text=text, published=published_prefix(text), path=shown)


@functools.lru_cache(maxsize=1)
def _builtin_vocabulary() -> tuple[Action, ...]:
    # The shipped vocabulary is valid, so the fast converter gives the same actions.
    return tuple(_builtin_actions(_fast_converter()))


def _builtin_actions(converter: cattrs.Converter) -> list[Action]:
    from importlib.resources import files

    resource = files("claimkit") / "vocabularies" / "diplomacy.yaml"
    document = _read_yaml(
        resource.read_text("utf-8"), "claimkit/vocabularies/diplomacy.yaml", DEFAULT_LIMITS
    )
    return [converter.structure(item, Action) for item in document.data["actions"]]


@paused_gc()
def load(
    *paths: str | os.PathLike[str],
    allow_outside: bool = False,
    builtin_vocabulary: bool = True,
    limits: Limits = DEFAULT_LIMITS,
) -> Corpus:
    """Load a corpus from directories and files.

    Every problem is collected before anything is raised, so one run shows them all.

    Args:
        *paths: Corpus directories or single files (`.txt`, `.yaml`, `.json`, `.jsonl`).
            The corpus root is the deepest directory holding them all (for one
            directory, that directory).
        allow_outside: Permit symlinks and source paths that leave the corpus root.
        builtin_vocabulary: Include claimkit's diplomacy and security vocabulary; actions of
            the corpus with the same id replace built-in ones.
        limits: Size, depth and alias-expansion limits.

    Returns:
        The corpus, its sources, actors, actions and claims in a deterministic order.

    Raises:
        CorpusError: One or more problems, each a `ClaimkitError` with file, line and field.
    """
    if not paths:
        raise LoadError("no corpus path given")
    root = _common_root([Path(path) for path in paths])
    loader = _Loader(root=root, allow_outside=allow_outside, limits=limits)
    seen: set[Path] = set()
    for top in paths:
        top_path = Path(top)
        if not top_path.exists():
            loader.errors.append(LoadError("no such file or directory", file=os.fspath(top)))
            continue
        for path in loader.walk(top_path):
            resolved = loader.resolve(path)
            if resolved in seen:
                continue
            seen.add(resolved)
            loader.read_path(path, resolved)
    loader.add_source_entries()
    return _finish(loader, builtin_vocabulary, root, os.fspath(paths[0]))


def _common_root(paths: Sequence[Path]) -> Path:
    """The deepest directory that holds every path given (a directory holds itself).

    Paths named by the user are inside the corpus by definition, so `check a/x.yaml b.yaml`
    does not refuse `b.yaml` as outside `a`.
    """
    directories = [path if path.is_dir() else path.parent for path in paths]
    if len(directories) == 1:
        return directories[0]
    try:
        common = os.path.commonpath([os.path.abspath(d) for d in directories])
    except ValueError:  # different drives on Windows
        return directories[0]
    if directories[0].is_absolute():
        return Path(common)
    try:
        return Path(os.path.relpath(common))
    except ValueError:
        return Path(common)


def _finish(loader: _Loader, builtin_vocabulary: bool, root: Path, shown: str) -> Corpus:
    builtin = _builtin_vocabulary() if builtin_vocabulary else ()
    actions = _merge_actions(builtin, loader.actions)
    _check_duplicates(loader)
    loader.errors.extend(_check_references(loader, actions))
    if not loader.claims and not loader.errors and not loader.sources:
        loader.errors.append(LoadError("empty corpus: no sources and no claims found", file=shown))
    if loader.errors:
        raise CorpusError(sorted(loader.errors, key=_error_order))
    return Corpus(
        sources=tuple(sorted(loader.sources.values(), key=lambda s: s.id)),
        actors=tuple(sorted(_unique(loader.actors), key=lambda a: a.id)),
        actions=tuple(sorted(actions, key=lambda a: a.id)),
        claims=tuple(sorted(_unique(loader.claims), key=_by_id)),
        root=os.fspath(root),
        lock=Lock.merge(loader.locks),
    )


def _error_order(error: ClaimkitError) -> tuple[str, int, str, str]:
    return (error.file or "", error.line or 0, error.field or "", error.message)


_by_id = operator.attrgetter("id")


def _unique(items: Sequence[_T]) -> Sequence[_T]:
    """The items without those whose id an earlier one has (reported by `_check_duplicates`)."""
    if len({getattr(item, "id") for item in items}) == len(items):  # noqa: B009
        return items  # the common case: every id once
    seen: set[str] = set()
    result = []
    for item in items:
        ident: str = getattr(item, "id")  # noqa: B009
        if ident not in seen:
            seen.add(ident)
            result.append(item)
    return result


def _merge_actions(builtin: Sequence[Action], own: Sequence[Action]) -> list[Action]:
    merged = {action.id: action for action in builtin}
    merged.update({action.id: action for action in own})
    return list(merged.values())


def _check_duplicates(loader: _Loader) -> None:
    for kind, items in (
        ("actor", loader.actors),
        ("action", loader.actions),
        ("claim", loader.claims),
    ):
        if len({item.id for item in items}) == len(items):
            continue  # no id twice: nothing to report (the loop below would find nothing)
        first: dict[str, Location | None] = {}
        for item in items:
            location = item.location if isinstance(item, Claim) else loader.places.get(id(item))
            if item.id in first:
                where = first[item.id] or loader.where.get((kind, item.id))
                also = f" (first at {where})" if where else ""
                loader.errors.append(
                    DuplicateIdError(
                        f"duplicate {kind} id {item.id!r}{also}",
                        file=location.file if location else None,
                        line=location.line if location else None,
                    )
                )
            else:
                first[item.id] = location


def _check_references(loader: _Loader, actions: Sequence[Action]) -> list[ClaimkitError]:
    """Every id a claim or actor names must exist; links must not form cycles."""
    errors: list[ClaimkitError] = []
    actor_ids = {actor.id for actor in loader.actors}
    action_ids = {action.id for action in actions}
    claims = loader.claims
    events = dict.fromkeys([claim.event for claim in claims if claim.event])

    def report(
        claim: Claim,
        field: str,
        message: str,
        options: Iterable[str],
        at: Location | None = None,
    ) -> None:
        close = difflib.get_close_matches(message.split("'")[1], list(options), n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        where = at or claim.location
        kind = UnknownReferenceError if message.startswith("unknown ") else LoadError
        errors.append(
            kind(
                message + hint,
                file=where.file if where else None,
                line=where.line if where else None,
                field=field,
            )
        )

    sources = loader.sources
    spans = [span for claim in claims for span in claim.evidence]
    if (
        action_ids.issuperset([claim.action for claim in claims])
        and actor_ids.issuperset([p.actor for claim in claims for p in claim.actors])
        and actor_ids.issuperset([claim.place for claim in claims if claim.place is not None])
        and actor_ids.issuperset([c.speaker for c in claims if c.speaker is not None])
        and sources.keys() >= {span.source for span in spans}
        and events.keys() >= {link.event for claim in claims for link in claim.links}
    ):
        # Every id named is known (the usual case, checked a set at a time, which is several
        # times faster than claim by claim): of the loop below, only the offsets of spans
        # that have them are left to check.
        if any(span.start is not None for span in spans):
            for claim in claims:
                for index, span in enumerate(claim.evidence):
                    if span.start is not None and span.end is not None:
                        assert span.source is not None
                        _check_offsets(claim, index, span, sources[span.source].text, report)
        errors.extend(_link_cycles(claims))
        return errors

    for claim in claims:
        prefix = f"claim {claim.id}"
        if claim.action not in action_ids:
            report(claim, f"{prefix}.action", f"unknown action {claim.action!r}", action_ids)
        for participant in claim.actors:
            if participant.actor not in actor_ids:
                report(
                    claim,
                    f"{prefix}.actors.{participant.role}",
                    f"unknown actor {participant.actor!r}",
                    actor_ids,
                )
        for field, ident in (("place", claim.place), ("speaker", claim.speaker)):
            if ident is not None and ident not in actor_ids:
                report(claim, f"{prefix}.{field}", f"unknown actor {ident!r}", actor_ids)
        for index, span in enumerate(claim.evidence):
            if span.source is None:
                report(
                    claim,
                    f"{prefix}.evidence[{index}].source",
                    "evidence names no 'source' and the file has no 'defaults: {source: ...}'",
                    (),
                    span.location,
                )
            elif span.source not in sources:
                report(
                    claim,
                    f"{prefix}.evidence[{index}].source",
                    f"unknown source {span.source!r}",
                    sources,
                    span.location,
                )
            elif span.start is not None and span.end is not None:
                _check_offsets(claim, index, span, sources[span.source].text, report)
        for index, link in enumerate(claim.links):
            if link.event not in events:
                report(
                    claim, f"{prefix}.links[{index}].event", f"unknown event {link.event!r}", events
                )
    errors.extend(_link_cycles(claims))
    return errors


def _check_offsets(
    claim: Claim, index: int, span: Span, text: str, report: Callable[..., None]
) -> None:
    """Report offsets of `span` (the `index`th of `claim`) that do not hold its quote."""
    assert span.start is not None and span.end is not None
    prefix = f"claim {claim.id}"
    if span.end > len(text):
        report(
            claim,
            f"{prefix}.evidence[{index}].end",
            f"offset '{span.end}' is past the end of source {span.source} ({len(text)} characters)",
            (),
            span.location,
        )
    else:
        problem = _offsets_problem(text, span.quote, span.start, span.end)
        if problem:
            report(claim, f"{prefix}.evidence[{index}].start", problem, (), span.location)


def _offsets_problem(text: str, quote: str, start: int, end: int) -> str | None:
    """Why offsets written in a claim file do not hold their quote, or `None` if they do.

    Typography aside (curly quotes, dashes, spaces, normalisation), the offsets must hold
    the quote exactly; otherwise the file is wrong, and loading stops with the place where
    the quote really is, if it is anywhere.
    """
    from claimkit._anchor import find_all, find_typographic, fold

    held = text[start:end]
    if held == quote or fold(held) == fold(quote):
        return None
    found = find_all(text, quote) if quote.strip() else []
    if not found and quote.strip():
        found = find_typographic(text, quote)
    where = ", ".join(f"{a}-{b}" for a, b in found[:3]) if found else "nowhere in the source"
    shown = held if len(held) <= 40 else held[:37] + "..."
    return f"offsets '{start}-{end}' hold {shown!r}, not the quote; the quote is at {where}"


def _link_cycles(claims: Sequence[Claim]) -> list[ClaimkitError]:
    """Links whose order relations go round in a circle cannot hold."""
    graph: dict[str, set[str]] = {}
    where: dict[tuple[str, str], Claim] = {}
    for claim in claims:
        if not claim.event:
            continue
        for link in claim.links:
            # Normalise to "a happens before b".
            if link.relation.value in {"after", "since"}:
                before, after = link.event, claim.event
            elif link.relation.value in {"before", "until"}:
                before, after = claim.event, link.event
            else:
                continue
            graph.setdefault(before, set()).add(after)
            where.setdefault((before, after), claim)
    errors: list[ClaimkitError] = []
    state: dict[str, int] = {}
    reported: set[frozenset[str]] = set()

    def visit(node: str, stack: list[str]) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                cycle = stack[stack.index(nxt) :]
                key = frozenset(cycle)
                if key not in reported:
                    reported.add(key)
                    claim = where[(node, nxt)]
                    loc = claim.location
                    errors.append(
                        LoadError(
                            "circular links: " + " before ".join([*cycle, nxt]),
                            file=loc.file if loc else None,
                            line=loc.line if loc else None,
                            field=f"claim {claim.id}.links",
                        )
                    )
            elif state.get(nxt) is None:
                visit(nxt, stack)
        stack.pop()
        state[node] = 2

    for node in sorted(graph):
        if state.get(node) is None:
            visit(node, [])
    return errors


# ---------------------------------------------------------------------------------------------
# Writing a corpus back as data


def dump(corpus: Corpus, *, converter: cattrs.Converter | None = None) -> dict[str, Any]:
    """The corpus as one corpus file's data (source metadata, actors, actions, claims).

    Source texts are not included: they stay in their `.txt` files.
    """
    conv = converter or make_converter()
    sources = []
    for source in corpus.sources:
        entry: dict[str, Any] = {"id": source.id}
        for name in ("title", "outlet", "url", "language"):
            value = getattr(source, name)
            if value is not None:
                entry[name] = value
        if source.published is not None:
            entry["published"] = str(source.published)
        sources.append(entry)
    return {
        "claimkit": FORMAT_VERSION,
        "sources": sources,
        "actors": [conv.unstructure(actor) for actor in corpus.actors],
        "actions": [conv.unstructure(action) for action in corpus.actions],
        "claims": [conv.unstructure(claim) for claim in corpus.claims],
    }


def dumps(corpus: Corpus, *, format: str = "yaml") -> str:
    """The corpus as the text of one corpus file, YAML or JSON (see [`dump`][claimkit.dump])."""
    data = dump(corpus)
    if format == "json":
        return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False) + "\n"
    if format != "yaml":
        raise ValueError(f"format must be 'yaml' or 'json', got {format!r}")
    import io

    from ruamel.yaml import YAML

    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    setattr(yaml, "sort_base_mapping_type_on_output", False)  # noqa: B010 (typed as None)
    yaml.allow_unicode = True
    buffer = io.StringIO()
    yaml.dump(data, buffer)
    return buffer.getvalue()


def corpus_from_data(
    data: Mapping[str, Any],
    *,
    texts: Mapping[str, str] | None = None,
    builtin_vocabulary: bool = True,
    name: str = "<data>",
) -> Corpus:
    """Build a corpus from corpus-file data and source texts held in memory.

    This is how pipelines and tests build a corpus without files: `data` has the shape of a
    corpus file (`claimkit: 1`, `sources`, `actors`, `actions`, `claims`) and `texts` maps
    source ids to their texts. Everything is checked as `load` checks files.

    Examples:
        >>> corpus = corpus_from_data(
        ...     {"claimkit": 1, "actors": [{"id": "ve", "kind": "state", "name": "Venezuela"}]},
        ...     texts={"a": "Venezuela broke off relations in 2019."},
        ... )
        >>> corpus.source("a").sha256[:12]
        'b3a3cc0ee4ab'

    Raises:
        CorpusError: Every problem found, each with its field path.
    """
    loader = _Loader(root=Path("."), allow_outside=False, limits=DEFAULT_LIMITS)
    for ident, text in sorted((texts or {}).items()):
        if isinstance(text, str) and _SURROGATE.search(text):
            # Reported, and no source made of it (its hash needs its UTF-8 bytes).
            loader.errors.append(_surrogate_error(text, name, None, ("texts", ident)))
            continue
        loader.sources[ident] = Source(id=ident, text=text, published=published_prefix(text))
    found = None if _utf8_clean(data) else _surrogate_at(dict(data))
    if found is not None:
        loader.errors.append(_surrogate_error(found[0], name, None, found[1]))
    loader.read_document(_Document(data=dict(data), lines={}, file=name), Path("."))
    loader.add_source_entries()
    return _finish(loader, builtin_vocabulary, Path("."), name)


def loads(text: str, *, format: str = "yaml", name: str = "<string>") -> Corpus:
    """Build a corpus from the text of one corpus file, whose sources must carry no text.

    Useful in tests and pipelines; claims whose evidence names sources need those sources,
    so this is mostly for actors, actions and claims without evidence.
    """
    loader = _Loader(root=Path("."), allow_outside=False, limits=DEFAULT_LIMITS)
    try:
        document = (_read_json if format == "json" else _read_yaml)(text, name, DEFAULT_LIMITS)
    except ClaimkitError as exc:
        raise CorpusError([exc]) from None
    loader.read_document(document, Path("."))
    if loader.errors:
        raise CorpusError(sorted(loader.errors, key=_error_order))
    return Corpus(
        actors=tuple(loader.actors), actions=tuple(loader.actions), claims=tuple(loader.claims)
    )
