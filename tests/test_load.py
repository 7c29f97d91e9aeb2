"""Loading corpora: files, errors with file, line and field, round trips, path safety."""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import claimkit
from claimkit._load import load, make_converter
from claimkit.errors import ClaimkitError, CorpusError, LoadError, PathOutsideCorpusError

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
