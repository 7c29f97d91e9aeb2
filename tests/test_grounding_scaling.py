"""The grounding helpers stay linear and give what they gave before they were made so."""

from __future__ import annotations

import re
from typing import SupportsIndex

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import claimkit
from claimkit import _grounding
from claimkit._engine import Context
from claimkit._grounding import sentences

_LAST_WORD = re.compile(r"([\w.]+)[.!?…]*$")


def _ends_sentence_from_zero(text: str, match: re.Match[str]) -> bool:
    """The splitter's test as first written: the last word searched from offset 0."""
    if "\n" in match.group():
        return True
    after = text[match.end() : match.end() + 1]
    if not after or not (after.isupper() or after.isdigit() or after in _grounding._OPENERS):
        return False
    if not match.group().lstrip().startswith((".",)):
        return True
    word = _LAST_WORD.search(text, 0, match.start() + 1)
    if word is None:
        return True
    last = word.group(1).rstrip(".")
    if len(last) == 1 and last.isalpha() and last.isupper():
        return False
    return last.lower() not in _grounding._ABBREVIATIONS


_PIECES = st.sampled_from(
    [
        "Mr",
        "Gen",
        "p.m",
        "U.S",
        "J",
        "x",
        "Petro",
        "2019",
        "é",
        "_",
        "a.b",
        " ",
        "  ",
        "\n",
        ".",
        ". ",
        "! ",
        "? ",
        "… ",
        "”",
        '"',
        "(",
        "Él",
        "Then",
        "9",
        "«",
        ",",
        "...",
        "\t",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=40).map("".join))
def test_each_full_stop_is_judged_as_when_the_last_word_was_searched_from_the_start(
    text: str,
) -> None:
    for match in _grounding._END.finditer(text):
        assert _grounding._ends_sentence(text, match) == _ends_sentence_from_zero(text, match)


class _CountingText(str):
    """A text that counts the characters read from it one at a time."""

    reads = 0

    def __getitem__(self, key: SupportsIndex | slice) -> str:
        type(self).reads += 1
        return str.__getitem__(self, key)


class _CountingPattern:
    """Stands in for the last-word pattern and adds up the length of each window searched."""

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern
        self.scanned = 0

    def search(self, text: str, pos: int, endpos: int) -> re.Match[str] | None:
        self.scanned += endpos - pos
        return self.pattern.search(text, pos, endpos)


def _work(copies: int, monkeypatch: pytest.MonkeyPatch) -> int:
    """Characters the splitter reads or hands to the last-word search, for `copies` units."""
    unit = "Mr. Petro met Gen. Padrino at 3 p.m. in Caracas. They spoke. "
    counting = _CountingPattern(_grounding._LAST_WORD)
    monkeypatch.setattr(_grounding, "_LAST_WORD", counting)
    monkeypatch.setattr(_CountingText, "reads", 0)
    found = sentences(_CountingText(unit * copies))
    assert len(found) == 2 * copies  # "Mr.", "Gen." and "p.m." end no sentence
    return _CountingText.reads + counting.scanned


def test_splitting_a_long_text_reads_each_character_a_bounded_number_of_times(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Counted, not timed: the work for eight times the text is eight times the work, where a
    # splitter that searched back from the start of the text for each full stop would do
    # about sixty-four times as much.
    small, large = _work(500, monkeypatch), _work(4000, monkeypatch)
    assert small > 0
    assert large < 9 * small
    unit_length = len("Mr. Petro met Gen. Padrino at 3 p.m. in Caracas. They spoke. ")
    assert large <= 4 * unit_length * 4000


def test_a_context_starts_with_an_empty_memo_and_each_check_gives_the_same_report(
    seed_corpus: claimkit.Corpus,
) -> None:
    from claimkit._index import build_index
    from claimkit._resolve import resolve

    resolved = resolve(seed_corpus)
    context = Context(corpus=seed_corpus, resolved=resolved, index=build_index(resolved))
    assert context.memo == {}
    assert claimkit.check(seed_corpus).to_json() == claimkit.check(seed_corpus).to_json()
