"""The re-check cache, the per-check tagging memo, and the fast JSON report encoder."""

from __future__ import annotations

import json
import math
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import claimkit
from claimkit import _report, _resolve
from claimkit._report import dumps_indented
from claimkit._resolve import CACHE_DIRECTORY, Cache, resolve
from claimkit._temporal import tag

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@pytest.fixture
def seeds(tmp_path: Path) -> Path:
    """A private copy of the seed corpus, so that its cache is written in `tmp_path`."""
    root = tmp_path / "seeds"
    shutil.copytree(SEEDS, root, ignore=shutil.ignore_patterns(CACHE_DIRECTORY))
    return root


def cache_file(root: Path) -> Path:
    return root / CACHE_DIRECTORY / "resolve.json"


def report_with(
    root: Path, cache: Cache | None, monkeypatch: pytest.MonkeyPatch
) -> tuple[str, Cache | None]:
    """The JSON report of checking the corpus at `root`, resolving through `cache`."""
    corpus = claimkit.load(root)
    text = claimkit.check(corpus, cache=cache).to_json()
    return text, cache


def test_the_report_is_byte_identical_without_the_cache_cold_and_warm(
    seeds: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plain, _ = report_with(seeds, None, monkeypatch)
    cold, first = report_with(seeds, Cache.open(seeds), monkeypatch)
    warm, second = report_with(seeds, Cache.open(seeds), monkeypatch)
    assert plain == cold == warm
    assert first is not None and second is not None
    assert first.misses > 0 and first.hits == 0
    assert second.misses == 0 and second.hits == first.misses


def test_a_warm_check_does_no_anchoring_or_tagging(
    seeds: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    report_with(seeds, Cache.open(seeds), monkeypatch)

    def forbidden(*args: object, **kwargs: object) -> Any:
        raise AssertionError("called on a warm cache")

    monkeypatch.setattr(_resolve, "anchor", forbidden)
    monkeypatch.setattr(_resolve, "tag", forbidden)
    resolve(claimkit.load(seeds), cache=Cache.open(seeds))


def test_the_cache_file_is_deterministic_and_not_rewritten_when_unchanged(
    seeds: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    report_with(seeds, Cache.open(seeds), monkeypatch)
    first = cache_file(seeds).read_bytes()
    cache_file(seeds).unlink()
    report_with(seeds, Cache.open(seeds), monkeypatch)
    assert cache_file(seeds).read_bytes() == first
    cache = Cache.open(seeds)
    resolve(claimkit.load(seeds), cache=cache)
    assert cache.save() is False
    assert (seeds / CACHE_DIRECTORY / ".gitignore").read_text("utf-8").endswith("*\n")


@pytest.mark.parametrize(
    "content",
    [
        "{not json",
        "[]",
        json.dumps({"format": "claimkit-cache", "version": 999, "anchors": {}, "tags": {}}),
        json.dumps(
            {
                "format": "claimkit-cache",
                "version": _resolve.CACHE_VERSION,
                "written-by": "claimkit 0.0.0-other",
                "anchors": {},
                "tags": {},
            }
        ),
    ],
    ids=["corrupt", "not-an-object", "other-version", "other-claimkit"],
)
def test_an_unreadable_or_foreign_cache_file_is_ignored(
    seeds: Path, monkeypatch: pytest.MonkeyPatch, content: str
) -> None:
    plain, _ = report_with(seeds, None, monkeypatch)
    cache_file(seeds).parent.mkdir()
    cache_file(seeds).write_text(content, "utf-8")
    text, cache = report_with(seeds, Cache.open(seeds), monkeypatch)
    assert text == plain
    assert cache is not None and cache.hits == 0
    assert json.loads(cache_file(seeds).read_text("utf-8"))["format"] == "claimkit-cache"


def test_malformed_entries_are_recomputed_not_trusted(
    seeds: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plain, _ = report_with(seeds, Cache.open(seeds), monkeypatch)
    data = json.loads(cache_file(seeds).read_text("utf-8"))
    data["anchors"] = {key: [0, 10**9, "exact", 100.0] for key in data["anchors"]}
    data["tags"] = {key: [["x"]] for key in data["tags"]}
    cache_file(seeds).write_text(json.dumps(data), "utf-8")
    text, cache = report_with(seeds, Cache.open(seeds), monkeypatch)
    assert text == plain
    assert cache is not None and cache.hits == 0


def test_an_edited_source_misses_and_the_others_hit(
    seeds: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    report_with(seeds, Cache.open(seeds), monkeypatch)
    texts = sorted(seeds.glob("*.txt"))
    texts[0].write_text(texts[0].read_text("utf-8") + "\nA paragraph added later.\n", "utf-8")
    plain, _ = report_with(seeds, None, monkeypatch)
    text, cache = report_with(seeds, Cache.open(seeds), monkeypatch)
    assert text == plain
    assert cache is not None and cache.hits > 0 and cache.misses > 0


def test_one_check_tags_each_text_reference_and_tense_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[tuple[str, object, str]] = []

    def counting(text: str, reference: object = None, **kwargs: Any) -> Any:
        calls.append((text, reference, kwargs.get("tense", "past")))
        return tag(text, reference, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(_resolve, "tag", counting)
    resolved = resolve(claimkit.load(SEEDS))
    assert calls
    assert len(calls) == len(set(calls))
    text, reference, tense = calls[0]
    assert resolved.tag(text, reference, tense=tense) == tag(text, reference, tense=tense)  # type: ignore[arg-type]
    assert len(calls) == len(set(calls))


def test_a_quote_met_at_several_places_is_tagged_once_and_placed_at_each(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The same sentence twice in one article and once in another of the same date: its
    # mentions are worked out once and given at each place's own offsets.
    sentence = "The border closed on 26 September 2022."
    texts = {
        "a": f" date 2022-11-09 {sentence} Trade resumed. Then: {sentence}",
        "b": f" date 2022-11-09 Officials said. {sentence}",
    }
    evidence = [
        {"source": "a", "quote": sentence, "occurrence": 1},
        {"source": "a", "quote": sentence, "occurrence": 2},
        {"source": "b", "quote": sentence},
    ]
    corpus = claimkit.corpus_from_data(
        {
            "claimkit": 1,
            "claims": [
                {"id": f"c{n}", "action": "border.close", "evidence": [span]}
                for n, span in enumerate(evidence)
            ],
        },
        texts=texts,
    )
    calls: list[str] = []

    def counting(text: str, reference: object = None, **kwargs: Any) -> Any:
        calls.append(text)
        return tag(text, reference, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(_resolve, "tag", counting)
    resolved = resolve(corpus)
    assert calls.count(sentence) == 1
    places = set()
    for n in range(3):
        (item,) = resolved.spans[f"c{n}"]
        (mention,) = item.mentions
        text = texts[item.span.source or ""]
        assert text[mention.start : mention.end] == mention.text == "on 26 September 2022"
        assert str(mention.resolution.value) == "2022-09-26"
        places.add((item.span.source, mention.start))
        assert resolved.stated[f"c{n}"] == mention.resolution.value
    assert len(places) == 3


def test_a_memory_only_cache_never_writes(tmp_path: Path) -> None:
    cache = Cache()
    resolve(claimkit.load(SEEDS), cache=cache)
    assert cache.save() is False
    assert cache.path is None


# --- the JSON encoder ------------------------------------------------------------------------

_scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text()
)
_json = st.recursive(
    _scalars,
    lambda children: (
        st.lists(children, max_size=4)
        | st.tuples(children, children)
        | st.dictionaries(st.text(max_size=6), children, max_size=4)
    ),
    max_leaves=25,
)


@given(_json)
def test_the_fast_encoder_writes_what_json_dumps_writes(value: Any) -> None:
    expected = json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False)
    assert dumps_indented(value) == expected


@pytest.mark.parametrize(
    "value",
    [{1: "a", 2: "b"}, {"a": {None: 1}}, [1, {"x": object()}]],
    ids=["int-keys", "none-key", "not-json"],
)
def test_the_fast_encoder_leaves_what_it_does_not_know_to_json(value: Any) -> None:
    try:
        expected: str | type[Exception] = json.dumps(
            value, indent=2, sort_keys=True, ensure_ascii=False
        )
    except TypeError:
        expected = TypeError
    if expected is TypeError:
        with pytest.raises(TypeError):
            dumps_indented(value)
    else:
        assert dumps_indented(value) == expected


def test_the_report_of_the_seeds_is_what_json_dumps_would_write(
    seed_corpus: claimkit.Corpus,
) -> None:
    report = claimkit.check(seed_corpus)
    expected = json.dumps(report.as_dict(), indent=2, sort_keys=True, ensure_ascii=False)
    assert report.to_json() == expected + "\n"


_awkward_floats = st.sampled_from(
    [1e-05, -3.5e-07, 9.99e-05, 0.0001, 1e16, 1e22, 5e-324, -0.0, math.nan, math.inf, -math.inf]
)
_awkward = st.recursive(
    _scalars | _awkward_floats | st.integers(min_value=2**63 - 2, max_value=2**70),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=6), children, max_size=4)
    ),
    max_leaves=10,
)


@given(_awkward)
def test_values_orjson_writes_otherwise_are_written_as_json_dumps_writes_them(value: Any) -> None:
    expected = json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False)
    assert dumps_indented(value) == expected


@given(_json)
def test_the_encoder_without_orjson_writes_what_json_dumps_writes(value: Any) -> None:
    expected = json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_report, "_orjson", None)
        assert dumps_indented(value) == expected
