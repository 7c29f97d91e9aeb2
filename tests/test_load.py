"""Loading corpora: files, errors with file, line and field, round trips, path safety."""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import claimkit
from claimkit._load import _ClaimBuilder, _fast_converter, load, make_converter
from claimkit.errors import ClaimkitError, CorpusError, LoadError, PathOutsideCorpusError
from claimkit.testing.strategies import partial_dates

TEXT = " date 2022-11-09 Maduro broke off relations with Colombia in 2019. It was bad.\n"
ACTORS = """\
claimkit: 1
actors:
  - {id: venezuela, kind: state, name: Venezuela}
  - {id: colombia, kind: state, name: Colombia}
"""
CLAIMS = """\
claimkit: 1
defaults:
  source: a
claims:
  - id: c1
    action: relations.break
    actors:
      parties: [venezuela, colombia]
    date: "2019"
    evidence:
      - quote: broke off relations with Colombia in 2019
"""


def write_corpus(root: Path, claims: str = CLAIMS, text: str = TEXT) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "a.txt").write_text(text, encoding="utf-8", newline="")
    (root / "actors.yaml").write_text(ACTORS, encoding="utf-8")
    (root / "claims.yaml").write_text(claims, encoding="utf-8")
    return root


def errors_of(root: Path) -> list[ClaimkitError]:
    with pytest.raises(CorpusError) as info:
        load(root)
    return list(info.value.errors)


def test_a_corpus_directory_loads_sources_actors_and_claims(tmp_path: Path) -> None:
    corpus = load(write_corpus(tmp_path / "c"))
    assert [s.id for s in corpus.sources] == ["a"]
    assert corpus.source("a").published == claimkit.PartialDate.parse("2022-11-09")
    assert corpus.source("a").text == TEXT
    claim = corpus.claim("c1")
    assert claim.actors_in("parties") == ("venezuela", "colombia")
    assert claim.evidence[0].source == "a"
    assert claim.location is not None and claim.location.line == 5


def test_the_seed_corpus_loads_with_its_builtin_vocabulary(seed_corpus: claimkit.Corpus) -> None:
    assert len(seed_corpus.sources) == 5
    assert len(seed_corpus.claims) > 40
    assert seed_corpus.has_action("relations.break")


def test_an_unknown_key_names_file_line_field_and_suggests_the_right_one(tmp_path: Path) -> None:
    root = write_corpus(tmp_path / "c", CLAIMS.replace("    date:", "    dat:"))
    [error] = errors_of(root)
    assert error.file is not None and error.file.endswith("claims.yaml")
    assert error.line == 9
    assert error.field == "claims[0]"
    assert "unknown key 'dat'; did you mean 'date'?" in str(error)


def test_an_impossible_date_is_reported_at_its_line(tmp_path: Path) -> None:
    root = write_corpus(tmp_path / "c", CLAIMS.replace('"2019"', '"2022-02-30"'))
    [error] = errors_of(root)
    assert (error.line, error.field) == (9, "claims[0].date")
    assert "2022-02-30" in error.message


def test_a_wrong_type_and_a_missing_field_are_both_reported(tmp_path: Path) -> None:
    claims = CLAIMS.replace("    action: relations.break\n", "") + (
        "  - id: c2\n    action: meeting\n    evidence: 12\n"
    )
    errors = errors_of(write_corpus(tmp_path / "c", claims))
    messages = sorted(f"{e.field}: {e.message}" for e in errors)
    assert any(m.startswith("claims[0].action: required field is missing") for m in messages)
    assert any(m.startswith("claims[1].evidence") for m in messages)


def test_malformed_yaml_names_the_line(tmp_path: Path) -> None:
    root = write_corpus(tmp_path / "c", CLAIMS + "  - id: [unclosed\n")
    [error] = errors_of(root)
    assert isinstance(error, LoadError)
    assert "malformed YAML" in error.message
    assert error.line == 13


def test_malformed_json_names_the_line(tmp_path: Path) -> None:
    root = write_corpus(tmp_path / "c")
    (root / "more.json").write_text('{"claimkit": 1,\n "claims": [,]}', encoding="utf-8")
    [error] = errors_of(root)
    assert error.line == 2 and "malformed JSON" in error.message


def test_python_object_tags_are_refused(tmp_path: Path) -> None:
    root = write_corpus(tmp_path / "c")
    (root / "evil.yaml").write_text(
        "claimkit: 1\nclaims: !!python/object/apply:os.system ['echo hi']\n", encoding="utf-8"
    )
    [error] = errors_of(root)
    assert "not allowed" in error.message


def test_alias_bombs_are_refused(tmp_path: Path) -> None:
    lines = ["claimkit: 1", "a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 9)]
    root = write_corpus(tmp_path / "c")
    (root / "bomb.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    errors = errors_of(root)
    assert any("expands to more than" in e.message for e in errors)


def test_a_source_that_is_not_utf8_is_refused(tmp_path: Path) -> None:
    root = write_corpus(tmp_path / "c")
    (root / "a.txt").write_bytes(
        "Relations broken in 2019 \u2013 Bogot\u00e1".encode("latin-1", "replace")
    )
    errors = errors_of(root)
    assert any(
        "not valid UTF-8" in e.message and e.file and e.file.endswith("a.txt") for e in errors
    )


def test_a_byte_order_mark_is_refused(tmp_path: Path) -> None:
    root = write_corpus(tmp_path / "c")
    (root / "a.txt").write_bytes(b"\xef\xbb\xbf" + TEXT.encode())
    assert any("byte-order mark" in e.message for e in errors_of(root))


def test_crlf_sources_keep_their_carriage_returns_in_offsets(tmp_path: Path) -> None:
    root = write_corpus(tmp_path / "c", text=TEXT.replace("\n", "\r\n"))
    corpus = load(root)
    assert corpus.source("a").text.endswith("\r\n")


def test_duplicate_claim_ids_are_reported_with_both_places(tmp_path: Path) -> None:
    root = write_corpus(tmp_path / "c")
    (root / "again.yaml").write_text(CLAIMS, encoding="utf-8")
    [error] = errors_of(root)
    assert "duplicate claim id 'c1'" in error.message and "first at" in error.message


def test_unknown_actor_action_and_source_are_each_reported(tmp_path: Path) -> None:
    claims = (
        CLAIMS.replace("relations.break", "relations.brake")
        .replace("[venezuela, colombia]", "[venezuela, colombiaa]")
        .replace("  source: a", "  source: b")
    )
    messages = sorted(e.message for e in errors_of(write_corpus(tmp_path / "c", claims)))
    assert any(
        "unknown action 'relations.brake'; did you mean 'relations.break'?" in m for m in messages
    )
    assert any("unknown actor 'colombiaa'; did you mean 'colombia'?" in m for m in messages)
    assert any("unknown source 'b'" in m for m in messages)


def test_a_link_to_a_missing_event_and_circular_links_are_errors(tmp_path: Path) -> None:
    claims = CLAIMS + (
        "  - id: c2\n    action: meeting\n    actors: {participants: [venezuela]}\n"
        "    event: e2\n    links: [{relation: after, event: e3}]\n"
        "  - id: c3\n    action: meeting\n    actors: {participants: [colombia]}\n"
        "    event: e3\n"
        "    links: [{relation: after, event: e2}, {relation: after, event: nowhere}]\n"
    )
    messages = [e.message for e in errors_of(write_corpus(tmp_path / "c", claims))]
    assert any("unknown event 'nowhere'" in m for m in messages)
    assert any(m.startswith("circular links") for m in messages)


def test_an_empty_corpus_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    [error] = errors_of(tmp_path / "empty")
    assert "empty corpus" in error.message


def test_a_source_path_outside_the_corpus_is_refused(tmp_path: Path) -> None:
    root = write_corpus(tmp_path / "c")
    (root / "sources.yaml").write_text(
        "claimkit: 1\nsources:\n  - {id: z, path: ../../etc/passwd}\n", encoding="utf-8"
    )
    errors = errors_of(root)
    assert any(isinstance(e, PathOutsideCorpusError) and e.line == 3 for e in errors)


def test_an_absolute_source_path_is_refused(tmp_path: Path) -> None:
    root = write_corpus(tmp_path / "c")
    (root / "sources.yaml").write_text(
        "claimkit: 1\nsources:\n  - {id: z, path: /etc/hostname}\n", encoding="utf-8"
    )
    assert any(isinstance(e, PathOutsideCorpusError) for e in errors_of(root))


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks on this platform")
def test_a_symlink_pointing_outside_is_refused_unless_allowed(tmp_path: Path) -> None:
    root = write_corpus(tmp_path / "c")
    outside = tmp_path / "outside.txt"
    outside.write_text("Relations were restored in 2022.", encoding="utf-8")
    (root / "link.txt").symlink_to(outside)
    assert any(isinstance(e, PathOutsideCorpusError) for e in errors_of(root))
    assert load(root, allow_outside=True).has_source("link")


def _more_claims(directory: Path) -> Path:
    """A directory of one claim file (claim `c9`, citing source `a`), outside any corpus."""
    directory.mkdir(parents=True)
    (directory / "more.yaml").write_text(CLAIMS.replace("id: c1", "id: c9"), encoding="utf-8")
    return directory


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks on this platform")
def test_a_symlinked_directory_inside_the_corpus_is_followed(tmp_path: Path) -> None:
    root = write_corpus(tmp_path / "c")
    _more_claims(root / "store" / "real")
    (root / "linked").symlink_to(root / "store" / "real", target_is_directory=True)
    # A second name for a directory the walk reads anyway: its claims load once, from the
    # directory's own name.
    corpus = load(root)
    assert sorted(c.id for c in corpus.claims) == ["c1", "c9"]
    location = corpus.claim("c9").location
    assert location is not None and Path(location.file).parent.name == "real"


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks on this platform")
def test_a_symlinked_directory_to_elsewhere_in_the_root_is_followed(tmp_path: Path) -> None:
    root = write_corpus(tmp_path / "c")
    _more_claims(root / "store")
    (root / "part").mkdir()
    (root / "part" / "linked").symlink_to(root / "store", target_is_directory=True)
    # Loading `part` alone makes `part` the corpus root, which the link leaves: refused.
    with pytest.raises(CorpusError) as info:
        load(root / "part")
    assert [type(e) for e in info.value.errors] == [PathOutsideCorpusError]
    # Loading `part` and `a.txt` (their common root `c`): followed.
    corpus = load(root / "part", root / "a.txt", root / "actors.yaml")
    assert [c.id for c in corpus.claims] == ["c9"]


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks on this platform")
def test_a_symlinked_directory_outside_the_corpus_is_refused_not_skipped(tmp_path: Path) -> None:
    root = write_corpus(tmp_path / "c")
    outside = _more_claims(tmp_path / "elsewhere")
    (root / "linked").symlink_to(outside, target_is_directory=True)
    errors = errors_of(root)
    assert len(errors) == 1
    assert isinstance(errors[0], PathOutsideCorpusError)
    assert errors[0].file is not None and Path(errors[0].file).name == "linked"
    assert "outside the corpus root" in errors[0].message
    assert "c9" in {c.id for c in load(root, allow_outside=True).claims}


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks on this platform")
def test_a_symlink_cycle_ends(tmp_path: Path) -> None:
    root = write_corpus(tmp_path / "c")
    (root / "sub").mkdir()
    (root / "sub" / "up").symlink_to(root, target_is_directory=True)
    assert [c.id for c in load(root).claims] == ["c1"]
    assert [c.id for c in load(root, allow_outside=True).claims] == ["c1"]


def test_every_problem_is_reported_not_only_the_first(tmp_path: Path) -> None:
    claims = CLAIMS.replace('"2019"', '"2019-13"') + (
        "  - id: c2\n    action: meeting\n    colour: red\n"
    )
    errors = errors_of(write_corpus(tmp_path / "c", claims))
    assert len(errors) == 2


def test_a_file_over_the_size_limit_is_refused(tmp_path: Path) -> None:
    root = write_corpus(tmp_path / "c")
    with pytest.raises(CorpusError) as info:
        load(root, limits=claimkit.Limits(max_file_bytes=40))
    assert any("over the limit" in e.message for e in info.value.errors)


def test_json_lines_claims_load_with_their_line_numbers(tmp_path: Path) -> None:
    root = write_corpus(tmp_path / "c", "claimkit: 1\n")
    claim = {
        "id": "j1",
        "action": "relations.break",
        "actors": {"parties": ["venezuela", "colombia"]},
        "evidence": [{"quote": "in 2019", "source": "a"}],
    }
    bad = dict(claim, id="j2", date="2019-02-30")
    (root / "claims.jsonl").write_text(
        json.dumps(claim) + "\n\n" + json.dumps(bad) + "\n", encoding="utf-8"
    )
    [error] = errors_of(root)
    assert (error.line, error.field) == (3, "date")
    good = write_corpus(tmp_path / "d", "claimkit: 1\n")
    (good / "claims.jsonl").write_text(json.dumps(claim) + "\n", encoding="utf-8")
    assert load(good).claim("j1").location == claimkit.Location(
        os.path.relpath(good / "claims.jsonl"), 1
    )


def test_load_dump_load_keeps_every_field_of_the_seed_corpus(seed_corpus: claimkit.Corpus) -> None:
    data = claimkit.dump(seed_corpus)
    texts = {s.id: s.text for s in seed_corpus.sources}
    again = claimkit.corpus_from_data(data, texts=texts)
    assert again.claims == seed_corpus.claims
    assert again.actors == seed_corpus.actors
    assert again.actions == seed_corpus.actions
    assert [s.published for s in again.sources] == [s.published for s in seed_corpus.sources]


def test_yaml_and_json_dumps_read_back_to_the_same_corpus(seed_corpus: claimkit.Corpus) -> None:
    texts = {s.id: s.text for s in seed_corpus.sources}
    from ruamel.yaml import YAML

    yaml_data = YAML(typ="safe", pure=True).load(claimkit.dumps(seed_corpus))
    json_data = json.loads(claimkit.dumps(seed_corpus, format="json"))
    assert yaml_data == json_data
    assert claimkit.corpus_from_data(json_data, texts=texts).claims == seed_corpus.claims


def test_rarely_used_fields_survive_a_round_trip() -> None:
    data = {
        "claimkit": 1,
        "actors": [
            {
                "id": "p",
                "kind": "person",
                "name": "P",
                "aliases": ["Pe"],
                "wikidata": "Q1",
                "roles": [
                    {
                        "office": "president",
                        "of": "s",
                        "title": "President",
                        "aliases": ["Head of State"],
                        "from": "2010",
                        "to": "..",
                    }
                ],
            },
            {"id": "s", "kind": "state", "name": "S"},
        ],
        "claims": [
            {
                "id": "c",
                "action": "meeting",
                "actors": {"participants": [{"actor": "p", "as": "president"}, "s"]},
                "date": "2019-06~",
                "place": "s",
                "quantities": [{"of": "guns", "value": 55, "comparator": ">", "unit": "pieces"}],
                "scope": ["trade"],
                "polarity": "negated",
                "modality": "reported",
                "speaker": "p",
                "event": "e",
                "evidence": [
                    {"quote": "Q", "source": "t", "prefix": "a ", "suffix": " b", "occurrence": 1}
                ],
                "suppress": [{"rule": "CK0201", "reason": "paraphrase"}],
                "note": "n",
            }
        ],
    }
    corpus = claimkit.corpus_from_data(data, texts={"t": "a Q b"})
    again = claimkit.corpus_from_data(claimkit.dump(corpus), texts={"t": "a Q b"})
    assert again.claims == corpus.claims and again.actors == corpus.actors
    assert again.actor("p").roles[0].ongoing


def test_the_converter_is_a_new_object_each_time() -> None:
    assert make_converter() is not make_converter()


@settings(max_examples=200, deadline=None)
@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=8),
        lambda inner: (
            st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4)
        ),
        max_leaves=20,
    )
)
def test_arbitrary_data_never_raises_anything_but_claimkit_errors(data: object) -> None:
    for wrapped in (
        data,
        {"claimkit": 1, "claims": data},
        {"claimkit": 1, "claims": [data]},
        {"claimkit": 1, "actors": [data]},
    ):
        with contextlib.suppress(ClaimkitError):
            claimkit.corpus_from_data(wrapped if isinstance(wrapped, dict) else {"x": wrapped})


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_arbitrary_yaml_text_never_raises_anything_but_claimkit_errors(text: str) -> None:
    with contextlib.suppress(ClaimkitError):
        claimkit.loads(text)


# --- the fast path for claims of the common shape ---------------------------------------------
#
# `_ClaimBuilder.claim` builds plain claims without cattrs; whenever it builds one, cattrs
# must build the same claim (every field, of the same types), and when it gives up, cattrs
# takes over. JSON Lines are read by orjson when it is installed; loading them must give the
# same corpus, or the same errors, as `json` and cattrs alone.

ODD_VALUES = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats()
    | st.text(max_size=4)
    | st.lists(st.text(max_size=3) | st.integers(-2, 2), max_size=2)
    | st.dictionaries(st.sampled_from(["actor", "as", "x"]), st.text(max_size=3), max_size=2)
)
WORDS = st.text(st.sampled_from("ab .-\u00e9\u2019\U0001f600"), max_size=6)
OFFSETS = st.none() | st.integers(-2, 12)


def _claim_data(damage: bool) -> st.SearchStrategy[dict[str, object]]:
    """Claim dicts with any of the fields; with `damage`, some values or keys are wrong."""

    def maybe(valid: st.SearchStrategy[object]) -> st.SearchStrategy[object]:
        return st.one_of(valid, valid, valid, ODD_VALUES) if damage else valid

    def optional(fields: dict[str, st.SearchStrategy[object]]) -> st.SearchStrategy[object]:
        return st.fixed_dictionaries({}, optional={k: maybe(v) for k, v in fields.items()})

    actor_ids = st.sampled_from(["ve", "co"])
    actor_items = actor_ids | st.fixed_dictionaries(
        {"actor": maybe(actor_ids)}, optional={"as": maybe(WORDS)}
    )
    spans = st.builds(
        lambda required, rest: {**required, **rest},
        st.fixed_dictionaries({"quote": maybe(WORDS)}),
        optional(
            {
                "source": st.sampled_from(["a", "b"]),
                "start": OFFSETS,
                "end": OFFSETS,
                "prefix": WORDS,
                "suffix": WORDS,
                "occurrence": OFFSETS,
            }
        ),
    )
    numbers = st.integers(-(2**70), 2**70) | st.floats(allow_nan=False)
    fields: dict[str, st.SearchStrategy[object]] = {
        "actors": st.dictionaries(
            st.sampled_from(["parties", "agent"]),
            actor_items | st.lists(maybe(actor_items), max_size=3),
            max_size=2,
        ),
        "date": partial_dates(min_year=1, max_year=9999).map(str)
        | st.sampled_from(["2019-02-30", "2019-13", "", " 2019 ", "2019/2015"]),
        "place": WORDS,
        "quantities": st.lists(
            st.fixed_dictionaries(
                {"of": maybe(WORDS), "value": maybe(numbers)},
                optional={
                    "unit": maybe(WORDS),
                    "comparator": maybe(st.sampled_from(["=", "<", ">=", "~", "?"])),
                },
            ),
            max_size=2,
        ),
        "scope": WORDS | st.lists(maybe(WORDS), max_size=2),
        "polarity": st.sampled_from(["affirmed", "negated", "maybe"]),
        "modality": st.sampled_from(["asserted", "reported", "planned", "hypothetical", "x"]),
        "speaker": WORDS,
        "event": WORDS,
        "links": st.lists(
            st.fixed_dictionaries(
                {
                    "relation": maybe(st.sampled_from(["after", "before", "since", "soon"])),
                    "event": maybe(WORDS),
                }
            ),
            max_size=2,
        ),
        "evidence": st.lists(maybe(spans), max_size=2),
        "suppress": st.lists(
            st.fixed_dictionaries(
                {"rule": maybe(WORDS), "reason": maybe(st.sampled_from(["why", " ", ""]))}
            ),
            max_size=1,
        ),
        "note": WORDS,
    }
    required = st.fixed_dictionaries({"id": maybe(WORDS), "action": maybe(WORDS)})
    extra: st.SearchStrategy[dict[str, object]] = st.just({})
    if damage:
        required = st.fixed_dictionaries({}, optional={"id": maybe(WORDS), "action": maybe(WORDS)})
        extra = extra | st.dictionaries(
            st.sampled_from(["colour", "location", "match", "dat"]), WORDS, max_size=1
        )
    return st.builds(
        lambda *parts: {key: value for part in parts for key, value in part.items()},
        required,
        optional(fields),
        extra,
    )


CLAIM_DATA = _claim_data(damage=True) | _claim_data(damage=False)


def _everything(value: object) -> object:
    """Every field of `value`, compared fields or not, with the type of every value."""
    if attrs.has(type(value)):
        fields = attrs.fields(type(value))
        return (type(value), [_everything(getattr(value, field.name)) for field in fields])
    if isinstance(value, tuple):
        return (tuple, [_everything(item) for item in value])
    return (type(value), value)


def _cattrs_claim(item: object) -> claimkit.Claim | None:
    try:
        return _fast_converter().structure(item, claimkit.Claim)
    except Exception:
        return None


def _plain(value: object) -> bool:
    """Whether `value` holds no floats (nor booleans): only dicts, lists, text, ints, nulls."""
    if isinstance(value, dict):
        return all(_plain(item) for item in value.values())
    if isinstance(value, list):
        return all(_plain(item) for item in value)
    return value is None or type(value) in (str, int)


@settings(max_examples=1000, deadline=None)
@given(CLAIM_DATA)
def test_the_fast_path_builds_the_claim_cattrs_builds_or_leaves_it_to_cattrs(
    item: dict[str, object],
) -> None:
    built = _ClaimBuilder().claim(item)
    reference = _cattrs_claim(item)
    if built is not None:
        assert reference is not None
        assert _everything(built) == _everything(reference)


@settings(max_examples=300, deadline=None)
@given(_claim_data(damage=False))
def test_every_valid_claim_without_floats_takes_the_fast_path(item: dict[str, object]) -> None:
    # Undamaged data has strings for strings, integers for integers; only floats go to cattrs.
    if _plain(item) and _cattrs_claim(item) is not None:
        assert _ClaimBuilder().claim(item) is not None


def test_the_fast_path_builds_a_claim_of_every_field() -> None:
    item = {
        "id": "c",
        "action": "meeting",
        "actors": {"participants": ["ve", {"actor": "co", "as": "president"}], "agent": "ve"},
        "date": "2019-06~",
        "place": "ve",
        "quantities": [{"of": "guns", "value": 55, "comparator": ">", "unit": "pieces"}],
        "scope": ["trade"],
        "polarity": "negated",
        "modality": "reported",
        "speaker": "co",
        "event": "e",
        "links": [{"relation": "after", "event": "e0"}],
        "evidence": [
            {"quote": "Q", "source": "t", "start": 2, "end": 3, "prefix": "a ", "suffix": " b"},
            {"quote": "Q", "occurrence": 1},
        ],
        "suppress": [{"rule": "CK0201", "reason": "paraphrase"}],
        "note": "n",
    }
    built = _ClaimBuilder().claim(item)
    assert built is not None
    assert _everything(built) == _everything(_cattrs_claim(item))


def test_one_load_keeps_each_repeated_id_once() -> None:
    # Strings decoded from two claims are two objects; the builder keeps one of each value.
    builder = _ClaimBuilder()
    claims = [
        builder.claim(
            json.loads(
                json.dumps(
                    {
                        "id": ident,
                        "action": "meeting",
                        "place": "ve",
                        "event": "e-1",
                        "evidence": [{"quote": "Q", "source": "src-1"}],
                    }
                )
            )
        )
        for ident in ("a", "b")
    ]
    first, second = claims
    assert first is not None and second is not None
    assert first.action is second.action
    assert first.place is second.place
    assert first.event is second.event
    assert first.evidence[0].source is second.evidence[0].source


def test_the_fast_path_knows_exactly_the_keys_cattrs_allows() -> None:
    from claimkit._load import _CLAIM_KEYS, _SPAN_KEYS, yaml_keys

    assert set(yaml_keys(claimkit.Claim)) == _CLAIM_KEYS
    assert {a.name for a in attrs.fields(claimkit.Claim)} - {"location"} == _CLAIM_KEYS
    assert {a.name for a in attrs.fields(claimkit.Span)} - {"match", "location"} == _SPAN_KEYS


def _line_texts() -> st.SearchStrategy[str]:
    """Lines of a JSON Lines file: claims (valid, damaged), and things JSON readers differ on."""
    claims = st.tuples(CLAIM_DATA, st.booleans()).map(
        lambda pair: json.dumps({"id": "c", "action": "meeting", **pair[0]}, ensure_ascii=pair[1])
    )
    odd = st.sampled_from(
        [
            '{"id": "n", "action": "meeting", "quantities": [{"of": "x", "value": NaN}]}',
            '{"id": "big", "action": "meeting", "quantities": [{"of": "x", "value": '
            "123456789012345678901234567890}]}",
            '{"id": 18446744073709551616, "action": "meeting"}',
            '{"id": "s", "action": "meeting", "note": "\\ud800"}',
            '{"id": "d", "action": "meeting", "id": "e"}',
            '{"id": "f", "action": "meeting", "quantities": [{"of": "x", "value": 1e400}]}',
            '{"id": "g", "action": 1.5}',
            "[" * 50 + "]" * 50,
            '{"id": "h",',
            "\ufeff{}",
            "  ",
            "",
        ]
    )
    return claims | odd


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_line_texts(), min_size=1, max_size=6))
def test_json_lines_load_alike_with_and_without_orjson_and_the_fast_path(lines: list[str]) -> None:
    import tempfile

    import claimkit._load as load_module

    with tempfile.TemporaryDirectory() as directory:
        root = write_corpus(Path(directory) / "c", "claimkit: 1\n")
        (root / "actors.yaml").write_text(
            "claimkit: 1\nactors:\n  - {id: ve, kind: state, name: Ve}\n", encoding="utf-8"
        )
        (root / "claims.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")

        def outcome() -> object:
            try:
                corpus = load(root)
            except CorpusError as error:
                return [(type(e), e.file, e.line, e.field, e.message) for e in error.errors]
            return [_everything(claim) for claim in corpus.claims]

        fast = outcome()
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(load_module, "_fast_json_loads", lambda: None)
            without_orjson = outcome()
            patch.setattr(load_module._ClaimBuilder, "claim", lambda self, *args: None)
            reference = outcome()
    assert fast == without_orjson == reference


def test_offsets_are_checked_alike_whether_or_not_every_id_is_known(tmp_path: Path) -> None:
    # `_check_references` checks ids a set at a time when they are all known, and claim by
    # claim otherwise; the offsets problems it reports must be the same either way.
    claims = CLAIMS.replace(
        "      - quote: broke off relations with Colombia in 2019\n",
        "      - {quote: broke off relations with Colombia in 2019, start: 0, end: 40}\n"
        "      - {quote: It was bad, start: 67, end: 77}\n"
        "      - {quote: It was bad, start: 70, end: 900}\n",
    )
    unknown = "  - {id: c2, action: meeting, actors: {participants: [nobody]}}\n"
    known = [(e.line, e.field, e.message) for e in errors_of(write_corpus(tmp_path / "a", claims))]
    mixed = errors_of(write_corpus(tmp_path / "b", claims + unknown))
    assert len(known) == 2
    assert [(e.line, e.field, e.message) for e in mixed if "nobody" not in e.message] == known
    assert any("unknown actor 'nobody'" in e.message for e in mixed)


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("01", 1),
        ("-007", -7),
        ("1_000", 1000),
        ("0o17", 15),
        ("0x_1F", 31),
        (".NaN", "nan"),
        ("-.Inf", float("-inf")),
        ("%YAML 1.1\n---\n017", 15),
        ("%YAML 1.1\n---\n1:20", 80),
        ("%YAML 1.1\n---\nyes", True),
        ("%YAML 1.1\n---\n1e3", 1000.0),
    ],
)
def test_yaml_numbers_and_booleans_read_as_yaml_defines_them(written: str, value: object) -> None:
    # A value like `01` once escaped as a ValueError traceback; each form is read as the YAML
    # version of its document says (1.2 unless a `%YAML 1.1` directive says otherwise).
    from claimkit._load import DEFAULT_LIMITS, _read_yaml

    data = _read_yaml(written, "f.yaml", DEFAULT_LIMITS).data
    if value == "nan":
        assert isinstance(data, float) and data != data
    else:
        assert data == value
        assert type(data) is type(value)


def test_corpus_from_data_refuses_lone_surrogates_in_data_and_texts() -> None:
    with pytest.raises(CorpusError) as raised:
        claimkit.corpus_from_data(
            {"claimkit": 1, "claims": [{"id": "c1", "action": "meeting", "scope": ["\udfff"]}]},
            texts={"a": "fine \U0001f600", "b": "half \ud800"},
        )
    found = sorted((error.field, error.message) for error in raised.value.errors)
    assert [field for field, _ in found] == ["claims[0].scope[0]", "texts.b"]
    assert all("lone surrogate" in message for _, message in found)


def test_escaped_surrogate_pairs_are_text() -> None:
    corpus = claimkit.loads(
        '{"claimkit": 1, "claims": [{"id": "c1", "action": "meeting", "note": "\\ud83d\\ude00"}]}',
        format="json",
    )
    assert corpus.claim("c1").note == "\U0001f600"


def test_clean_data_is_known_clean_in_one_call() -> None:
    pytest.importorskip("orjson")
    from claimkit._load import _utf8_clean

    assert _utf8_clean({"claims": [{"id": "c1", "note": "é \U0001f600"}]})
    assert not _utf8_clean({"claims": [{"id": "c1", "note": "\ud800"}]})
    assert not _utf8_clean({1: "a key that is not a string: the walk decides"})
