"""Fuzzing: arbitrary input never raises anything but the documented `ClaimkitError`s.

Each test is bounded (about 200 examples) to stay within a few seconds; the long campaign is
`scripts/fuzz_campaign.py`, which runs these same properties with many more examples. The
`corpora()` strategy at the end draws valid corpora with every optional field, for the
"nothing lost" round trip; it belongs in `claimkit.testing.strategies` once it settles.
"""

from __future__ import annotations

import contextlib
import datetime
import json
import os
import unicodedata
from pathlib import Path
from typing import Any

import attrs
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

import claimkit
from claimkit import PartialDate, anchor, resolve_expression, tag
from claimkit._anchor import fold
from claimkit.errors import AnchorError, ClaimkitError, InvalidDateError, TemporalExpressionError
from claimkit.testing.strategies import partial_dates

#: CI runs a few seconds per property; scripts/fuzz_campaign.py raises this.
EXAMPLES = int(os.environ.get("CLAIMKIT_FUZZ_EXAMPLES", "200"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FEW = settings(FUZZ, max_examples=max(EXAMPLES // 10, 20))

# --- inputs -------------------------------------------------------------------------------

EDTF_ALPHABET = "0123456789-/.~?%XuU +:TZ"
edtf_like = st.text(EDTF_ALPHABET, max_size=24) | st.builds(
    "".join,
    st.lists(
        st.sampled_from(
            [
                "19",
                "20",
                "2022",
                "-",
                "/",
                "..",
                "~",
                "?",
                "%",
                "X",
                "0",
                "1",
                "12",
                "13",
                "29",
                "30",
                "31",
                "02",
                "00",
                "-00",
                "2019",
                "99999",
            ]
        ),
        max_size=8,
    ),
)

WORDS = [
    "in",
    "on",
    "since",
    "until",
    "from",
    "to",
    "between",
    "and",
    "last",
    "next",
    "this",
    "ago",
    "two",
    "years",
    "year",
    "week",
    "month",
    "days",
    "early",
    "late",
    "mid",
    "the",
    "of",
    "January",
    "February",
    "May",
    "may",
    "March",
    "September",
    "November",
    "December",
    "Monday",
    "Thursday",
    "Sunday",
    "2019",
    "2015",
    "1999",
    "31",
    "30",
    "29",
    "11",
    "1st",
    "26th",
    "2021-10",
    "2022-02-30",
    "2015-2021",
    "2000",
    "0",
    "9999",
    "10000",
    ",",
    ".",
    "-",
    "–",
    "'",
    "’",
    "a",
    "relaxation",
    "after",
    "before",
    "around",
    "about",
    "decade",
    "1990s",
]
phrases = st.builds(" ".join, st.lists(st.sampled_from(WORDS), max_size=9)) | st.text(max_size=40)
references = st.none() | partial_dates(min_year=1, max_year=9999) | st.dates()

# Characters that stress folding: combining marks, curly quotes, dashes, odd spaces, CR.
TRICKY = (
    "ae\u00e9\u0301\u0308 \t\r\n\u00a0\u2009\u200b\u00ad\ufeff"
    "\u2018\u2019\u201c\u201d\"'-\u2013\u2014.\u2026\ufb01\u1100\u1161\u11a8\uac00"
)
texts = st.text(TRICKY, max_size=60) | st.text(max_size=60)


@st.composite
def text_and_quote(draw: st.DrawFn) -> tuple[str, str]:
    """A text, and a quote cut from it (perhaps re-typeset) or drawn freely."""
    text = draw(texts)
    if text and draw(st.booleans()):
        start = draw(st.integers(0, len(text) - 1))
        end = draw(st.integers(start + 1, len(text)))
        quote = text[start:end]
        form = draw(st.sampled_from(["same", "NFC", "NFD", "NFKC", "straight"]))
        if form == "straight":
            quote = quote.translate(str.maketrans("\u2018\u2019\u201c\u201d\u2013", "''\"\"-"))
        elif form == "NFC":
            quote = unicodedata.normalize("NFC", quote)
        elif form == "NFD":
            quote = unicodedata.normalize("NFD", quote)
        elif form == "NFKC":
            quote = unicodedata.normalize("NFKC", quote)
        return text, quote
    return text, draw(texts)


# --- dates ----------------------------------------------------------------------------------


@FUZZ
@given(edtf_like | st.text(max_size=30))
def test_parsing_any_text_as_a_date_gives_a_date_or_an_invalid_date_error(text: str) -> None:
    try:
        date = PartialDate.parse(text)
    except InvalidDateError:
        return
    # Whatever parses writes back to a string that parses to the same date.
    assert PartialDate.parse(str(date)) == date


# --- temporal expressions -------------------------------------------------------------------


@FUZZ
@given(phrases, references, st.sampled_from(["past", "future"]))
def test_resolving_any_words_gives_a_resolution_or_a_temporal_expression_error(
    words: str, reference: PartialDate | datetime.date | None, tense: str
) -> None:
    with contextlib.suppress(TemporalExpressionError):
        resolution = resolve_expression(words, reference, tense=tense)  # type: ignore[arg-type]
        json.dumps(resolution.as_dict())


@FUZZ
@given(phrases | st.text(max_size=120), references, st.sampled_from(["past", "future"]))
def test_tagging_any_text_never_raises_and_mentions_are_stretches_of_it(
    text: str, reference: PartialDate | datetime.date | None, tense: str
) -> None:
    mentions = tag(text, reference, tense=tense)  # type: ignore[arg-type]
    previous_end = 0
    for mention in mentions:
        assert previous_end <= mention.start < mention.end <= len(text)
        assert text[mention.start : mention.end] == mention.text
        previous_end = mention.end


# --- anchoring ------------------------------------------------------------------------------


@FUZZ
@given(
    text_and_quote(),
    st.none() | st.text(TRICKY, max_size=5),
    st.none() | st.text(TRICKY, max_size=5),
    st.none() | st.integers(-2, 4),
    st.none() | st.integers(-3, 70),
    st.none() | st.integers(-3, 70),
)
def test_anchoring_any_quote_places_it_faithfully_or_raises_an_anchor_error(
    pair: tuple[str, str],
    prefix: str | None,
    suffix: str | None,
    occurrence: int | None,
    start: int | None,
    end: int | None,
) -> None:
    text, quote = pair
    try:
        found = anchor(
            text,
            quote,
            prefix=prefix,
            suffix=suffix,
            occurrence=occurrence,
            start=start,
            end=end,
        )
    except AnchorError:
        return
    assert 0 <= found.start <= found.end <= len(text)
    assert fold(found.quote(text)) == fold(quote)


@FUZZ
@given(text_and_quote())
def test_a_quote_cut_from_the_text_is_always_found_again(pair: tuple[str, str]) -> None:
    text, quote = pair
    if not fold(quote).strip() or quote not in text:
        return
    with contextlib.suppress(claimkit.errors.AmbiguousQuoteError):
        found = anchor(text, quote)
        assert text[found.start : found.end] == quote


# --- loaders --------------------------------------------------------------------------------

YAML_TOKENS = [
    "claimkit: 1\n",
    "claims:\n",
    "actors:\n",
    "sources:\n",
    "  - ",
    "id: c1",
    "action: meeting",
    "date: 2019-13",
    "date: '2021/2015'",
    "{",
    "}",
    "[",
    "]",
    ": ",
    ", ",
    "\n",
    "    ",
    "&a ",
    "*a",
    "!!python/object:os.system ",
    "!!binary ",
    "!!set ",
    "!!omap ",
    "? ",
    "- ",
    "'",
    '"',
    "|\n",
    ">-\n",
    "---\n",
    "...\n",
    "%YAML 1.2\n",
    "%TAG ! tag:x,2002:\n",
    "<<: *a\n",
    "~",
    "null",
    "true",
    "0x1F",
    "1e309",
    ".inf",
    "-.nan",
    "2019-01-01",
    "12:30:00",
    "=",
    "#c\n",
    "\t",
    "\ufeff",
    "\x00",
    "\u2028",
]
yaml_soup = st.builds("".join, st.lists(st.sampled_from(YAML_TOKENS), max_size=30))

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=6),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=25,
)


@FUZZ
@given(yaml_soup)
def test_any_yaml_token_soup_loads_or_raises_a_claimkit_error(text: str) -> None:
    with contextlib.suppress(ClaimkitError):
        claimkit.loads(text)


@FUZZ
@given(json_values.map(json.dumps) | st.text(max_size=60))
def test_any_json_text_loads_or_raises_a_claimkit_error(text: str) -> None:
    with contextlib.suppress(ClaimkitError):
        claimkit.loads(text, format="json")


VALID_CLAIM: dict[str, Any] = {
    "id": "c1",
    "action": "meeting",
    "actors": {"participants": ["ve", {"actor": "co", "as": "president"}]},
    "date": "2019-06",
    "place": "ve",
    "quantities": [{"of": "guns", "value": 55, "comparator": ">", "unit": "pieces"}],
    "scope": ["trade"],
    "polarity": "negated",
    "modality": "reported",
    "speaker": "co",
    "event": "e1",
    "links": [{"relation": "after", "event": "e1"}],
    "evidence": [{"quote": "met", "source": "a", "occurrence": 1, "prefix": "They "}],
    "suppress": [{"rule": "CK0201", "reason": "r"}],
    "note": "n",
}
VALID_ACTOR: dict[str, Any] = {
    "id": "co",
    "kind": "person",
    "name": "Co",
    "aliases": ["C"],
    "wikidata": "Q1",
    "roles": [{"office": "president", "of": "ve", "from": "2010", "to": ".."}],
}


def _paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _paths(item, (*path, index))
    return found


@st.composite
def mutated_corpus_data(draw: st.DrawFn) -> dict[str, Any]:
    """A valid corpus file's data with a few values replaced, keys renamed or items dropped."""
    data: dict[str, Any] = json.loads(
        json.dumps(
            {
                "claimkit": 1,
                "actors": [VALID_ACTOR, {"id": "ve", "kind": "state", "name": "Ve"}],
                "claims": [VALID_CLAIM],
            }
        )
    )
    for _ in range(draw(st.integers(1, 4))):
        path = draw(st.sampled_from(_paths(data)[1:]))
        parent = data
        for step in path[:-1]:
            parent = parent[step]
        how = draw(st.sampled_from(["value", "delete", "rename"]))
        if how == "value":
            parent[path[-1]] = draw(json_values)
        elif how == "delete":
            del parent[path[-1]]
        elif isinstance(parent, dict):
            parent[draw(st.text(max_size=6))] = parent.pop(path[-1])
    return data


@FUZZ
@given(mutated_corpus_data())
def test_a_damaged_corpus_loads_or_raises_claimkit_errors_naming_their_field(
    data: dict[str, Any],
) -> None:
    problems: tuple[ClaimkitError, ...] = ()
    try:
        claimkit.corpus_from_data(data, texts={"a": "They met in Caracas."})
    except claimkit.errors.CorpusError as error:
        problems = error.errors
        assert problems
    assert all(isinstance(e, ClaimkitError) and e.message for e in problems)


@settings(FEW, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(
    st.sampled_from(["claims.yaml", "claims.json", "claims.jsonl", "a.txt", "sources.yaml"]),
    st.binary(max_size=200) | yaml_soup.map(str.encode),
)
def test_any_bytes_in_any_corpus_file_load_or_raise_claimkit_errors(
    tmp_path_factory: Any, name: str, content: bytes
) -> None:
    root: Path = tmp_path_factory.mktemp("fuzz")
    (root / "a.txt").write_text("They met in Caracas.", encoding="utf-8")
    (root / name).write_bytes(content)
    with contextlib.suppress(ClaimkitError):
        claimkit.load(root)


# --- nothing lost: a corpora() strategy and the round trip ----------------------------------

IDS = st.from_regex(r"\A[a-z][a-z0-9-]{0,6}\Z")
NAMES = st.from_regex(r"\A[A-Za-z\u00c0-\u024f][\w .\u2019-]{0,10}\Z")
SOURCE_TEXT = "They met in Caracas in 2019. Guns were seized. They met again."


@st.composite
def corpora(
    draw: st.DrawFn, *, max_actors: int = 4, max_claims: int = 5, links: bool = True
) -> dict[str, Any]:
    """Draw the data of a valid corpus file using every optional field, and its one text.

    The texts of sources are not part of the data: every span quotes `SOURCE_TEXT` (`a`).
    """
    actor_ids = draw(st.lists(IDS, min_size=1, max_size=max_actors, unique=True))
    actors = []
    for ident in actor_ids:
        actor: dict[str, Any] = {
            "id": ident,
            "kind": draw(st.sampled_from([kind.value for kind in claimkit.ActorKind])),
            "name": draw(NAMES),
        }
        if draw(st.booleans()):
            actor["aliases"] = draw(st.lists(NAMES, max_size=2, unique=True))
        if draw(st.booleans()):
            actor["wikidata"] = f"Q{draw(st.integers(1, 10**8))}"
        if draw(st.booleans()):
            start = draw(partial_dates(min_year=1990, max_year=2030, intervals=False))
            role: dict[str, Any] = {"office": draw(IDS), "from": str(start)}
            if draw(st.booleans()):
                role["of"] = draw(st.sampled_from(actor_ids))
            if draw(st.booleans()):
                role["title"] = draw(NAMES)
            role["to"] = draw(st.sampled_from(["..", None]))
            if role["to"] is None:
                del role["to"]
            actor["roles"] = [role]
        actors.append(actor)
    claims = []
    events: list[str] = []
    for number in range(draw(st.integers(0, max_claims))):
        claim: dict[str, Any] = {
            "id": f"c{number}",
            "action": draw(st.sampled_from(["meeting", "relations.break", "border.close"])),
        }
        role_name = "participants" if claim["action"] == "meeting" else "parties"
        claim["actors"] = {
            role_name: draw(st.lists(st.sampled_from(actor_ids), min_size=1, max_size=2))
        }
        optional = {
            "date": partial_dates(min_year=1990, max_year=2030).map(str),
            "place": st.sampled_from(actor_ids),
            "quantities": st.lists(
                st.fixed_dictionaries(
                    {"of": IDS, "value": st.integers(0, 10**6) | st.floats(0, 1e6)},
                    optional={
                        "unit": IDS,
                        "comparator": st.sampled_from([c.value for c in claimkit.Comparator]),
                    },
                ),
                max_size=2,
            ),
            "scope": st.lists(IDS, max_size=2),
            "polarity": st.sampled_from([p.value for p in claimkit.Polarity]),
            "modality": st.sampled_from([m.value for m in claimkit.Modality]),
            "speaker": st.sampled_from(actor_ids),
            "note": NAMES,
            "suppress": st.lists(
                st.fixed_dictionaries(
                    {"rule": st.sampled_from(["CK0201", "CK0301"]), "reason": NAMES}
                ),
                max_size=1,
            ),
        }
        for key, strategy in optional.items():
            if draw(st.booleans()):
                claim[key] = draw(strategy)
        if draw(st.booleans()):
            claim["event"] = f"e{number}"
        if links and events and draw(st.booleans()):
            relation = draw(st.sampled_from(["after", "since"]))
            claim["links"] = [{"relation": relation, "event": draw(st.sampled_from(events))}]
        if "event" in claim:
            events.append(claim["event"])
        quote = draw(st.sampled_from(["They met", "Guns were seized", "in 2019", "met"]))
        span: dict[str, Any] = {"quote": quote, "source": "a"}
        if quote in ("They met", "met"):
            span["occurrence"] = draw(st.integers(1, 2))
        if draw(st.booleans()):
            span["prefix"] = SOURCE_TEXT[: SOURCE_TEXT.index(quote)][-3:]
        if draw(st.booleans()):
            offset = SOURCE_TEXT.index(quote)
            span["start"], span["end"] = offset, offset + len(quote)
            span.pop("occurrence", None)
        claim["evidence"] = [span]
        claims.append(claim)
    source: dict[str, Any] = {"id": "a"}
    for key in ("title", "outlet", "url", "language"):
        if draw(st.booleans()):
            source[key] = draw(NAMES)
    if draw(st.booleans()):
        source["published"] = str(
            draw(partial_dates(min_year=1990, max_year=2030, intervals=False))
        )
    return {"claimkit": 1, "sources": [source], "actors": actors, "claims": claims}


@FEW
@given(corpora())
def test_load_dump_load_keeps_every_field_of_any_corpus(data: dict[str, Any]) -> None:
    texts = {"a": SOURCE_TEXT}
    corpus = claimkit.corpus_from_data(data, texts=texts)
    assert len(corpus.claims) == len(data["claims"])  # none dropped
    again = claimkit.corpus_from_data(claimkit.dump(corpus), texts=texts)
    assert again.claims == corpus.claims
    assert again.actors == corpus.actors
    assert again.sources == corpus.sources
    assert [attrs.asdict(s) for s in again.sources] == [attrs.asdict(s) for s in corpus.sources]
    from_json = json.loads(claimkit.dumps(corpus, format="json"))
    from_yaml = YAML(typ="safe", pure=True).load(claimkit.dumps(corpus))
    assert from_yaml == from_json
    assert claimkit.corpus_from_data(from_yaml, texts=texts).claims == corpus.claims


@FEW
@given(corpora())
def test_the_report_counts_every_claim_of_any_corpus(data: dict[str, Any]) -> None:
    corpus = claimkit.corpus_from_data(data, texts={"a": SOURCE_TEXT})
    report = claimkit.check(corpus)
    assert report.claims == len(data["claims"]) == report.summary["claims"]


def test_a_claim_linked_after_an_event_it_precedes_is_checked_without_crashing() -> None:
    claims: list[dict[str, Any]] = [
        {"id": "c0", "date": "2016", "event": "e0"},
        {"id": "c1", "date": "1990-01-01", "links": [{"relation": "after", "event": "e0"}]},
        {
            "id": "c4",
            "event": "e4",
            "links": [{"relation": "since", "event": "e0"}],
            "evidence": [{"quote": "in 2019", "source": "a"}],
        },
    ]
    data = {
        "claimkit": 1,
        "actors": [{"id": "a", "kind": "person", "name": "A"}],
        "claims": [
            {"action": "meeting", "actors": {"participants": ["a"]}, **claim} for claim in claims
        ],
    }
    corpus = claimkit.corpus_from_data(data, texts={"a": "They met in Caracas in 2019."})
    assert claimkit.check(corpus).claims == 3
