"""The grounding helpers stay linear and give what they gave before they were made so."""

from __future__ import annotations

import math
import re
import time

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


def test_splitting_a_long_text_into_sentences_takes_time_linear_in_its_length() -> None:
    unit = "Mr. Petro met Gen. Padrino at 3 p.m. in Caracas. They spoke. "

    def seconds(copies: int) -> float:
        # The best of five: one run can lose the core to another process (CI saw a 4000-copy
        # run take 55 times a 500-copy one), the fastest is the splitter's own cost.
        text = unit * copies
        best = math.inf
        for _ in range(5):
            start = time.perf_counter()
            sentences(text)
            best = min(best, time.perf_counter() - start)
        return best

    small, large = seconds(500), seconds(4000)
    # Eight times the text: a linear splitter takes about eight times as long, a quadratic
    # one about sixty-four; the bound leaves room for a noisy machine.
    assert large < 25 * max(small, 1e-4)


def test_a_context_starts_with_an_empty_memo_and_each_check_gives_the_same_report(
    seed_corpus: claimkit.Corpus,
) -> None:
    from claimkit._index import build_index
    from claimkit._resolve import resolve

    resolved = resolve(seed_corpus)
    context = Context(corpus=seed_corpus, resolved=resolved, index=build_index(resolved))
    assert context.memo == {}
    assert claimkit.check(seed_corpus).to_json() == claimkit.check(seed_corpus).to_json()
