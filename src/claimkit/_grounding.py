# Grounding: whether the words of a claim's evidence support what the claim says.
#
# For maintainers. What lives here, top to bottom:
#
# - `Words`: a text cut into folded words (`normalize_name` per word) with code-point offsets,
#   and whole-word phrase search over them (`find`); shared with `_infer`, which finds
#   "Defense Minister Juan Carlos Pinzon" with it;
# - `sentences`, `paragraphs`, `Passages`: a small sentence splitter that knows common abbreviations
#   ("Mr.", "p.m.", initials), so that a claim can be checked against the sentence around
#   its quote; also shared with `_infer` (the tense of the sentence around a date);
# - `date_grounded`: does some temporal expression support the claim's date?
# - `actor_grounded`: does some name (or alias, surname, demonym, office) of the actor appear?
# - `numbers`, `quantity_grounded`: the numbers a text writes (digits with separators and
#   scales, number words, ordinals, "a dozen", vague magnitudes such as "thousands"), and
#   whether one of them gives a claim's quantity.
#
# Everything here is a pure function of its arguments: no corpus-wide state, never raises on
# any text. Imports point down only: `_dates`, `_model`, `_temporal`. It sits beside the
# model, below both `_infer` (stage 2) and the grounding rules (stage 4) that use it.

from __future__ import annotations

import bisect
import datetime
import re
import sys
from array import array
from collections import defaultdict
from collections.abc import Sequence
from typing import Literal

import attrs

from claimkit._dates import PartialDate
from claimkit._model import Actor, ActorKind, Comparator, Corpus, Quantity, normalize_name
from claimkit._temporal import Mention, Tense, resolve
from claimkit.errors import ClaimkitError

__all__ = [
    "Grounding",
    "GroundingStatus",
    "Number",
    "Passages",
    "Words",
    "actor_grounded",
    "date_grounded",
    "name_forms",
    "numbers",
    "paragraphs",
    "quantity_grounded",
    "sentences",
]

GroundingStatus = Literal["supported", "contradicted", "unplaced", "no-expression"]
"""How the words relate to a claimed date.

`supported`: an expression means days the claimed date may be. `contradicted`: every
expression was placed and none can be the claimed date. `unplaced`: some expression could not
be placed (a relative one without a publication date), so the words can neither support nor
contradict it. `no-expression`: the words give no date at all.
"""

# --- words ------------------------------------------------------------------------------------

_WORD = re.compile(r"[^\W_]+")
# Plural endings allowed on the last word of an office ("the defense ministers of ...").
_PLURALS = ("s", "es")
# Endings that make an adjective or demonym of a one-word state name ("Venezuelan",
# "Colombians", "Ecuadorian", "Congolese", "Iraqi").
_DEMONYM_ENDINGS = ("n", "ns", "an", "ans", "ian", "ians", "ese", "i", "is")


# Phrases folded by `_folded_words`: names and their forms, asked for again and again (once
# per text searched). A pure function of the string, so the memo is only emptied when full.
_FOLDED: dict[str, tuple[str, ...]] = {}
_FOLDED_LIMIT = 65536


def _folded_words(phrase: str) -> tuple[str, ...]:
    """`tuple(normalize_name(phrase).split())`, remembered."""
    found = _FOLDED.get(phrase)
    if found is None:
        if len(_FOLDED) >= _FOLDED_LIMIT:
            _FOLDED.clear()
        found = _FOLDED[phrase] = tuple(normalize_name(phrase).split())
    return found


def _fold_one_piece(words: Sequence[str]) -> list[str] | None:
    """Each word folded by `normalize_name`, or `None` when some word folds to other than one
    piece (it then needs `Words._of_words`)."""
    table: dict[str, str] = {}
    for word in set(words):
        if word.isascii():
            # A word of `_WORD` in ASCII is letters and digits: it folds to its lower case.
            # Interned: the same few thousand words recur in every text of a corpus, and the
            # `Words` of every source are kept for the whole check.
            table[word] = sys.intern(word.lower())
            continue
        split = normalize_name(word).split()
        if len(split) != 1:
            return None
        table[word] = sys.intern(split[0])
    return list(map(table.__getitem__, words))


@attrs.frozen
class Words:
    """A text cut into folded words, for whole-word phrase search.

    Each word is folded with [`normalize_name`][claimkit.normalize_name] (no accents, no case),
    and keeps the code-point offsets of the word in the original text. Punctuation is not a
    word, so "Minister, Iván" and "Minister Iván" are both two adjacent words.

    Attributes:
        text: The original text.
        folded: The folded words, in order.
        starts: The offset of each word's first code point.
        ends: The offset one past each word's last code point.

    Examples:
        >>> words = Words.of("Defense Minister Juan Carlos Pinzón said")
        >>> words.find("juan carlos pinzon")
        (2,)
        >>> words.quote(2, 3)
        'Juan Carlos Pinzón'
    """

    text: str = attrs.field(repr=False)
    folded: tuple[str, ...]
    # Offsets are packed machine integers, not tuples of `int` objects: a corpus's texts have
    # millions of words, and an offset past 256 costs 36 bytes as an object in a tuple but 8
    # in an array. They are read only to quote a found phrase.
    starts: array[int] = attrs.field(repr=False)
    ends: array[int] = attrs.field(repr=False)
    # The indices of each folded word, filled in as `find` asks (`_at`).
    _positions: dict[str, tuple[int, ...]] = attrs.field(repr=False, eq=False)

    @classmethod
    def of(cls, text: str) -> Words:
        """Cut `text` into folded words."""
        matches = list(_WORD.finditer(text))
        words = list(map(re.Match.group, matches))
        folded_list = _fold_one_piece(words)
        if folded_list is None:
            # Some word folds to several pieces ("½" to "1 2"): cut word by word.
            return cls._of_words(text, matches)
        # Fast path: every word folds to one piece, so the folded words line up with the
        # matches (the same words and offsets as `_of_words`). Where each word is is looked
        # up when `find` first asks (see `_at`), not for every word of the text.
        return cls(
            text,
            tuple(folded_list),
            array("q", map(re.Match.start, matches)),
            array("q", map(re.Match.end, matches)),
            {},
        )

    @classmethod
    def _of_words(cls, text: str, matches: Sequence[re.Match[str]]) -> Words:
        """`of`, word by word: the reference the fast path must agree with."""
        folded: list[str] = []
        starts: list[int] = []
        ends: list[int] = []
        # Words repeat: fold each distinct one once.
        pieces: dict[str, list[str]] = {}
        for match in matches:
            word = match.group()
            split = pieces.get(word)
            if split is None:
                split = pieces[word] = normalize_name(word).split()
            for piece in split:
                folded.append(piece)
                starts.append(match.start())
                ends.append(match.end())
        positions: dict[str, list[int]] = defaultdict(list)
        for index, word in enumerate(folded):
            positions[word].append(index)
        return cls(
            text,
            tuple(folded),
            array("q", starts),
            array("q", ends),
            {word: tuple(found) for word, found in positions.items()},
        )

    def __len__(self) -> int:
        return len(self.folded)

    def find(self, phrase: str | Sequence[str], *, plural: bool = False) -> tuple[int, ...]:
        """The indices of the words where `phrase` starts, as whole words, in text order.

        Args:
            phrase: The phrase, folded here (a string), or already folded words.
            plural: Also accept `s` or `es` at the end of the phrase's last word.
        """
        wanted = _folded_words(phrase) if isinstance(phrase, str) else tuple(phrase)
        if not wanted:
            return ()
        size = len(wanted)
        found = []
        for index in self._at(wanted[0]):
            if index + size > len(self.folded):
                continue
            got = self.folded[index : index + size]
            if got[:-1] != wanted[:-1]:
                continue
            last = got[-1]
            if last == wanted[-1] or (plural and any(last == wanted[-1] + end for end in _PLURALS)):
                found.append(index)
        if size == 1 and plural:
            for end in _PLURALS:
                found.extend(self._at(wanted[0] + end))
        return tuple(sorted(set(found)))

    def first(self, phrase: str | Sequence[str]) -> int | None:
        """`find(phrase)[0]`, or `None` when the phrase is not there (no plurals).

        A name is asked for only to quote its first place, and is usually near the start of the
        text: this scan stops there instead of collecting every place of the phrase's first
        word as `find` does. A scan that reaches the end has seen every place of the word and
        leaves them for later questions, so a missing word is not scanned for twice.
        """
        wanted = _folded_words(phrase) if isinstance(phrase, str) else tuple(phrase)
        if not wanted:
            return None
        folded = self.folded
        size = len(wanted)
        limit = len(folded) - size  # the last index where the phrase fits
        head = wanted[0]
        known = self._positions.get(head)
        if known is not None:
            for index in known:
                if index > limit:
                    break
                if size == 1 or folded[index : index + size] == wanted:
                    return index
            return None
        seen: list[int] = []
        index = -1
        try:
            while True:
                index = folded.index(head, index + 1)
                if index <= limit and (size == 1 or folded[index : index + size] == wanted):
                    return index
                seen.append(index)
        except ValueError:
            self._positions[head] = tuple(seen)
        return None

    def _at(self, word: str) -> tuple[int, ...]:
        """The indices of the folded words equal to `word`, in order."""
        found = self._positions.get(word)
        if found is None:
            # A few words are looked up per text: a scan each (in C) costs less than a table
            # of every word.
            folded = self.folded
            indices: list[int] = []
            try:
                index = folded.index(word)
                while True:
                    indices.append(index)
                    index = folded.index(word, index + 1)
            except ValueError:
                pass
            found = self._positions[word] = tuple(indices)
        return found

    def quote(self, index: int, size: int) -> str:
        """The original words `index` to `index + size - 1`, with what lies between them."""
        return self.text[self.starts[index] : self.ends[index + size - 1]]


# --- sentences --------------------------------------------------------------------------------

# The metadata prefix of the seed articles (see `published_prefix`): never part of a sentence.
_METADATA = re.compile(r"\A date \d{4}-\d{2}-\d{2} ")
# Candidate ends: closing punctuation (and closing quotes) followed by space, or line breaks.
_END = re.compile(r"[.!?…]+[\"'”’»)\]]*\s+|\s*\n\s*")
_LAST_WORD = re.compile(r"([\w.]+)[.!?…]*$")
_ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "gen",
        "sen",
        "rep",
        "gov",
        "lt",
        "col",
        "sgt",
        "capt",
        "cmdr",
        "adm",
        "st",
        "jr",
        "sr",
        "prof",
        "pres",
        "vs",
        "etc",
        "inc",
        "corp",
        "ltd",
        "co",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "a.m",
        "p.m",
        "u.s",
        "u.k",
        "u.n",
        "e.g",
        "i.e",
    ]
)
_OPENERS = "\"'“‘«([¿¡"


def _ends_sentence(text: str, match: re.Match[str]) -> bool:
    if "\n" in match.group():
        return True
    after = text[match.end() : match.end() + 1]
    if not after or not (after.isupper() or after.isdigit() or after in _OPENERS):
        return False
    if not match.group().lstrip().startswith((".",)):
        return True
    # The last word cannot reach back past a space: search only the token before the stop,
    # so splitting a text stays linear in its length.
    start = match.start() + 1
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    word = _LAST_WORD.search(text, start, match.start() + 1)
    if word is None:
        return True
    last = word.group(1).rstrip(".")
    if len(last) == 1 and last.isalpha() and last.isupper():
        return False  # an initial: "J. Smith"
    return last.lower() not in _ABBREVIATIONS


def sentences(text: str) -> tuple[tuple[int, int], ...]:
    """The sentences of `text` as `(start, end)` code-point offsets, without outer spaces.

    A sentence ends at `.`, `!`, `?` or `…` (with any closing quotes) followed by a space and
    a capital letter, digit or opening quote, unless the word before the full stop is a
    common abbreviation ("Mr.", "Gen.", "p.m.") or an initial; a line break always ends one.
    A leading ` date YYYY-MM-DD ` metadata prefix is a sentence of its own.

    Examples:
        >>> text = "Mr. Petro spoke. He said “no”. Then he left"
        >>> [text[s:e] for s, e in sentences(text)]
        ['Mr. Petro spoke.', 'He said “no”.', 'Then he left']
    """
    found: list[tuple[int, int]] = []
    start = _metadata(text, found)
    for match in _END.finditer(text, start):
        if not _ends_sentence(text, match):
            continue
        end = match.start() + len(match.group().rstrip())
        _add_sentence(text, start, end, found)
        start = match.end()
    _add_sentence(text, start, len(text), found)
    return tuple(found)


def _metadata(text: str, found: list[tuple[int, int]]) -> int:
    """Record a leading ` date YYYY-MM-DD ` prefix as a passage of its own; return its end."""
    match = _METADATA.match(text)
    if match is None:
        return 0
    _add_sentence(text, 0, match.end(), found)
    return match.end()


def _add_sentence(text: str, start: int, end: int, found: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        found.append((start, end))


def paragraphs(text: str) -> tuple[tuple[int, int], ...]:
    """The paragraphs (non-blank lines) of `text` as `(start, end)` offsets, without outer spaces.

    Examples:
        >>> text = "One. Two.\\n\\n Three."
        >>> [text[s:e] for s, e in paragraphs(text)]
        ['One. Two.', 'Three.']
    """
    found: list[tuple[int, int]] = []
    start = _metadata(text, found)
    for match in re.compile(r"\n").finditer(text, start):
        _add_sentence(text, start, match.start(), found)
        start = match.end()
    _add_sentence(text, start, len(text), found)
    return tuple(found)


@attrs.frozen
class Passages:
    """The sentences (or paragraphs) of one text, to find those around a span quickly.

    Examples:
        >>> found = Passages.sentences("It rained. Relations were broken in 2019. Then it snowed.")
        >>> found.around(22, 28)
        (11, 41)
    """

    text: str = attrs.field(repr=False)
    bounds: tuple[tuple[int, int], ...]
    _starts: tuple[int, ...] = attrs.field(repr=False, eq=False)

    @classmethod
    def sentences(cls, text: str) -> Passages:
        """Split `text` into sentences (see [`sentences`][claimkit._grounding.sentences])."""
        bounds = sentences(text)
        return cls(text, bounds, tuple(start for start, _ in bounds))

    @classmethod
    def paragraphs(cls, text: str) -> Passages:
        """Split `text` into paragraphs (see [`paragraphs`][claimkit._grounding.paragraphs])."""
        bounds = paragraphs(text)
        return cls(text, bounds, tuple(start for start, _ in bounds))

    def around(self, start: int, end: int) -> tuple[int, int]:
        """The offsets of the passages that the span `start`..`end` touches, as one stretch.

        A span between passages (or in an empty text) gives its own offsets back.
        """
        size = len(self.text)
        start, end = min(max(0, min(start, end)), size), min(max(0, start, end), size)
        low, high = start, end
        index = max(0, bisect.bisect_right(self._starts, start) - 1)
        while index < len(self.bounds) and self.bounds[index][0] < max(end, start + 1):
            first, last = self.bounds[index]
            if last > start:
                low, high = min(low, first), max(high, last)
            index += 1
        return low, high

    def text_around(self, start: int, end: int) -> tuple[int, str]:
        """The offset and the text of [`around`][claimkit._grounding.Passages.around]."""
        low, high = self.around(start, end)
        return low, self.text[low:high]


# --- dates ------------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class Grounding:
    """Whether, and by which words, a claimed date is supported.

    Attributes:
        status: See [`GroundingStatus`][claimkit._grounding.GroundingStatus].
        reason: One sentence saying why, naming the expression and its value.
        expression: The words that decided (the supporting one, or the first contradicting
            one), or `None`.
        value: What those words mean, when they could be placed.
        readings: Every expression considered and its value (`None` when it could not be
            placed), in text order.
    """

    status: GroundingStatus
    reason: str
    expression: str | None = None
    value: PartialDate | None = None
    readings: tuple[tuple[str, PartialDate | None], ...] = ()

    @property
    def verdict(self) -> bool | None:
        """`True` when supported, `False` when contradicted, `None` when it cannot be told."""
        if self.status == "supported":
            return True
        if self.status == "contradicted":
            return False
        return None

    def as_dict(self) -> dict[str, object]:
        """The grounding as JSON-ready data; dates as EDTF strings."""
        return {
            "status": self.status,
            "reason": self.reason,
            "expression": self.expression,
            "value": None if self.value is None else str(self.value),
            "readings": [
                {"expression": text, "value": None if value is None else str(value)}
                for text, value in self.readings
            ],
        }


def _candidate_years(mention: Mention) -> PartialDate:
    # A weekday-and-date phrase without a year, for the readings: the smallest range of days
    # holding its candidate years (support is decided per candidate, by `_meets_candidate`).
    years = mention.resolution.candidates
    return PartialDate.span(datetime.date(min(years), 1, 1), datetime.date(max(years), 12, 31))


def _meets_candidate(mention: Mention, claim_date: PartialDate) -> PartialDate | None:
    """The candidate day of a weekday-and-date phrase that `claim_date` may be, if any."""
    for year in mention.resolution.candidates:
        try:
            day = resolve(mention.text, datetime.date(year, 12, 31)).value
        except ClaimkitError:
            continue
        if day is not None and day.compatible(claim_date):
            return day
    return None


def _place(mention: Mention, source_date: PartialDate | None, tense: Tense) -> PartialDate | None:
    value = mention.resolution.value
    if value is None and source_date is not None and not mention.resolution.candidates:
        try:
            value = resolve(mention.text, source_date, tense=tense).value
        except ClaimkitError:
            value = None
    return value


def _date_supported(
    claim_date: PartialDate,
    mentions: Sequence[Mention],
    source_date: PartialDate | None,
    tense: Tense = "past",
) -> bool:
    """Whether `date_grounded` gives `supported`: the same tests, without its readings and
    reasons, and stopping at the first expression that supports the date."""
    for mention in mentions:
        if mention.resolution.candidates:
            if _meets_candidate(mention, claim_date) is not None:
                return True
            continue
        value = _place(mention, source_date, tense)
        if value is not None and value.compatible(claim_date):
            return True
    return False


def date_grounded(
    claim_date: PartialDate,
    mentions: Sequence[Mention],
    source_date: PartialDate | None,
    *,
    tense: Tense = "past",
) -> Grounding:
    """Whether some temporal expression of the evidence supports a claimed date.

    An expression supports the date when the days it means meet the days the date may be
    ([`compatible`][claimkit.PartialDate.compatible]): "in 2019" supports `2019-06`, "since
    2015" supports `2015/2022-09`. An expression that is relative to the publication date
    ("this Wednesday", "last Sunday") and was not placed is resolved against `source_date`.
    A weekday-and-date phrase without a year ("this Thursday, May 11") supports a date that
    is one of its candidate days. Among supporting expressions the one meaning the fewest days
    is reported.

    Args:
        claim_date: The date the claim gives.
        mentions: The temporal expressions of the evidence (from [`tag`][claimkit._temporal.tag]).
        source_date: The publication date (or bounds on it), or `None` when unknown.
        tense: The tense for expressions resolved here against `source_date`.

    Returns:
        The grounding; it never raises for any mentions.

    Examples:
        >>> from claimkit._temporal import tag
        >>> date = PartialDate.parse("2021")
        >>> date_grounded(date, tag("Relations were broken in 2019."), None).verdict
        False
        >>> date_grounded(date, tag("Relations were broken last year."), None).status
        'unplaced'
    """
    if not mentions:
        return Grounding(status="no-expression", reason="the words give no date")
    readings: list[tuple[str, PartialDate | None]] = []
    best: tuple[int, Mention, PartialDate] | None = None
    unplaced: list[Mention] = []
    for mention in mentions:
        if mention.resolution.candidates:
            day = _meets_candidate(mention, claim_date)
            readings.append((mention.text, _candidate_years(mention)))
            if day is not None:
                width = 0
                if best is None or width < best[0]:
                    best = (width, mention, day)
            continue
        value = _place(mention, source_date, tense)
        readings.append((mention.text, value))
        if value is None:
            unplaced.append(mention)
            continue
        if value.compatible(claim_date):
            width = (min(value.latest, datetime.date.max) - value.earliest).days
            if best is None or width < best[0]:
                best = (width, mention, value)
    if best is not None:
        _, mention, value = best
        return Grounding(
            status="supported",
            reason=f"'{mention.text}' means {value}, which {claim_date} may be",
            expression=mention.text,
            value=value,
            readings=tuple(readings),
        )
    if unplaced:
        return Grounding(
            status="unplaced",
            reason=(
                f"'{unplaced[0].text}' cannot be placed without a publication date, and no "
                f"other expression supports {claim_date}"
            ),
            expression=unplaced[0].text,
            readings=tuple(readings),
        )
    text, value = readings[0]
    described = (
        f"falls on its weekday only in {', '.join(map(str, mentions[0].resolution.candidates))}"
        if mentions[0].resolution.candidates
        else f"means {value}"
    )
    return Grounding(
        status="contradicted",
        reason=f"'{text}' {described}, which {claim_date} cannot be",
        expression=text,
        value=value,
        readings=tuple(readings),
    )


# --- actors -----------------------------------------------------------------------------------


def name_forms(actor: Actor) -> tuple[str, ...]:
    """Every form that names `actor`: its name, its aliases and, for a person, the surname.

    The surname is the last word of the canonical name when it has two words or more
    ("Maduro" for "Nicolás Maduro"); list other short forms ("Padrino") as aliases.

    Examples:
        >>> name_forms(Actor(id="nm", kind=ActorKind.PERSON, name="Nicolás Maduro"))
        ('Nicolás Maduro', 'Maduro')
    """
    forms = list(dict.fromkeys(actor.names()))
    if actor.kind is ActorKind.PERSON:
        parts = actor.name.split()
        if len(parts) >= 2 and len(normalize_name(parts[-1])) >= 3:
            surname = parts[-1]
            if normalize_name(surname) not in {normalize_name(form) for form in forms}:
                forms.append(surname)
    return tuple(forms)


def _find_name(words: Words, actor: Actor, *, demonyms: bool) -> str | None:
    for form in name_forms(actor):
        at = words.first(form)
        if at is not None:
            return words.quote(at, len(_folded_words(form)))
    if demonyms and actor.kind is ActorKind.STATE:
        for form in actor.names():
            folded = normalize_name(form)
            if not folded or " " in folded:
                continue
            for ending in _DEMONYM_ENDINGS:
                at = words.first((folded + ending,))
                if at is not None:
                    return words.quote(at, 1)
    return None


def _office_forms(actor: Actor, office: str) -> tuple[tuple[str, str | None], ...]:
    # Every name of the office, "former president" included: it still names the person.
    forms: list[tuple[str, str | None]] = []
    for role in actor.roles_as(office):
        for name in (office, *role.names()):
            if normalize_name(name):
                forms.append((name, role.of))
    return tuple(dict.fromkeys(forms))


def actor_grounded(
    actor: Actor,
    text: str | Words,
    *,
    office: str | None = None,
    corpus: Corpus | None = None,
    demonyms: bool = True,
    wider: str | Words | None = None,
) -> str | None:
    """The words of `text` that name `actor`, or `None` when none do.

    Matching is by whole words, accent-, case- and punctuation-insensitive, over the forms of
    [`name_forms`][claimkit._grounding.name_forms] ("Padrino", "Vladímir Padrino" and
    "Vladimir Padrino López" all name one person when the actor lists them). Two more ways
    name an actor:

    - a state, by a one-word name with a demonym ending ("Venezuelan" for Venezuela), when
      `demonyms` is true;
    - an actor given in an office (`office`), by a name of that office ("the defense ministers
      of Colombia and Venezuela": plurals count), when the state the office belongs to (the
      role's `of`, looked up in `corpus`) is named too: in `text`, or in `wider` (the whole
      source, say) when it is given.

    Args:
        actor: The actor.
        text: The words to search (the evidence and the sentence around it), or their
            [`Words`][claimkit._grounding.Words].
        office: The office the claim gives the actor (`as:`), if any.
        corpus: Where to look up the state an office belongs to.
        demonyms: Whether a state is named by its demonym.
        wider: Where the state of an office may be named, if wider than `text`.

    Returns:
        The words that name the actor, as written in `text`; `None` when none do. It never
        raises for any text.

    Metonyms such as "Caracas" for the government of Venezuela are not guessed: list them as
    aliases of the actor.

    Examples:
        >>> padrino = Actor(id="vp", kind=ActorKind.PERSON, name="Vladimir Padrino López",
        ...                 aliases=("Padrino",))
        >>> actor_grounded(padrino, "said VLADÍMIR Padrino, the minister")
        'Padrino'
        >>> print(actor_grounded(padrino, "Padrinos and godparents"))
        None
    """
    words = text if isinstance(text, Words) else Words.of(text)
    found = _find_name(words, actor, demonyms=demonyms)
    if found is not None or office is None:
        return found
    around = words if wider is None else wider if isinstance(wider, Words) else Words.of(wider)
    for name, of in _office_forms(actor, office):
        hits = words.find(name, plural=True)
        if not hits:
            continue
        if (
            of is not None
            and corpus is not None
            and corpus.has_actor(of)
            and _find_name(words, corpus.actor(of), demonyms=demonyms) is None
            and _find_name(around, corpus.actor(of), demonyms=demonyms) is None
        ):
            continue
        index = hits[0]
        size = len(_folded_words(name))
        return words.quote(index, size)
    return None


# --- numbers ----------------------------------------------------------------------------------

_UNITS = (
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
)
_TENS = {
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_ORDINALS = (
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
    "twentieth",
)
_SCALES = {
    "hundred": 100,
    "thousand": 1_000,
    "million": 1_000_000,
    "billion": 1_000_000_000,
    "trillion": 1_000_000_000_000,
}
_WORD_VALUES: dict[str, int] = {word: value for value, word in enumerate(_UNITS)}
_WORD_VALUES.update(_TENS)
_WORD_VALUES.update({word: value for value, word in enumerate(_ORDINALS, start=1)})
_WORD_VALUES.update({"dozen": 12, "a": 1, "an": 1, "single": 1})
# Vague magnitudes, longest first: the least value they allow and the first they do not.
_VAGUE: tuple[tuple[str, float, float], ...] = (
    ("hundreds of thousands", 1e5, 1e6),
    ("tens of thousands", 1e4, 1e5),
    ("hundreds of millions", 1e8, 1e9),
    ("tens of millions", 1e7, 1e8),
    ("dozens", 12, 144),
    ("scores", 20, 200),
    ("hundreds", 100, 1e3),
    ("thousands", 1e3, 1e6),
    ("millions", 1e6, 1e9),
    ("billions", 1e9, 1e12),
)
_DIGITS = re.compile(
    r"(?<![\w.,$€£])((?:US)?[$€£])?(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?!\d)"
    r"(?:\s*(hundred|thousand|million|billion|trillion)\b)?",
    re.IGNORECASE,
)
_NUMBER_WORD = "|".join(sorted(_WORD_VALUES, key=len, reverse=True))
_WORDS = re.compile(
    rf"\b(?:(half)\s+a\s+)?({_NUMBER_WORD})(?:-({'|'.join(_UNITS[1:10])}))?"
    rf"(?:\s+(dozen|hundred|thousand|million|billion|trillion))?\b",
    re.IGNORECASE,
)
_VAGUE_WORDS = re.compile(
    r"\b(" + "|".join(re.escape(words) for words, _, _ in _VAGUE) + r")\b", re.IGNORECASE
)
# "a month-long tour": one of the unit before `-long`.
_LONG = re.compile(r"\b(?:hour|day|week|month|year|decade|century)-long\b", re.IGNORECASE)
_NEXT_WORD = re.compile(r"(?:\s+of)?\s+[^\W\d_]+")


@attrs.frozen
class Number:
    """A number a text writes, with the range of values its words allow.

    Attributes:
        text: The words as written ("2,219", "$90,000", "sixteen", "thousands").
        start: The offset of its first code point in the text.
        end: The offset one past its last code point.
        low: The least value the words allow.
        high: The greatest value for an exact number (equal to `low`); for a vague magnitude
            ("thousands"), the first value it does not allow.
        exact: Whether the words give one value.
        phrase: The words with the word that follows them ("16 activities"), for messages.
    """

    text: str
    start: int
    end: int
    low: float
    high: float
    exact: bool = True
    phrase: str = ""


def _phrase(text: str, start: int, end: int) -> str:
    after = _NEXT_WORD.match(text, end)
    return text[start : after.end() if after else end]


def _exact(text: str, start: int, end: int, value: float) -> Number:
    return Number(text[start:end], start, end, value, value, True, _phrase(text, start, end))


def numbers(text: str) -> tuple[Number, ...]:
    """The numbers `text` writes, in text order.

    Digits with thousands separators and decimals ("2,219", "$90,000", "2.5"), optionally
    scaled ("1.5 million": both 1.5 and 1,500,000 are read); number words ("sixteen",
    "twenty-five", "two hundred", "a dozen", "half a dozen"), ordinals ("the third", 3), and
    "-long" compounds ("month-long", 1) give exact values; "hundreds", "thousands",
    "hundreds of thousands", "millions" and the like give vague magnitudes. "a" and "an"
    count only before a scale ("a thousand", "a dozen").

    Examples:
        >>> [(n.text, n.low) for n in numbers("over $90,000 for 55 guns")]
        [('$90,000', 90000.0), ('55', 55.0)]
        >>> [(n.text, n.low, n.high) for n in numbers("hundreds of thousands of weapons")]
        [('hundreds of thousands', 100000.0, 1000000.0)]
    """
    found: list[Number] = []
    taken: list[tuple[int, int]] = []
    for match in _VAGUE_WORDS.finditer(text):
        low, high = next((lo, hi) for words, lo, hi in _VAGUE if words == match[1].lower())
        phrase = _phrase(text, match.start(), match.end())
        found.append(Number(match[0], match.start(), match.end(), low, high, False, phrase))
        taken.append(match.span())
    for match in _DIGITS.finditer(text):
        value = float(match[2].replace(",", "") + (match[3] or ""))
        found.append(_exact(text, match.start(), match.end(2) + len(match[3] or ""), value))
        if match[4]:
            found.append(
                _exact(text, match.start(), match.end(), value * _SCALES[match[4].lower()])
            )
    for match in _WORDS.finditer(text):
        if any(start <= match.start() < end for start, end in taken):
            continue
        word = match[2].lower()
        scale = (match[4] or "").lower()
        if word in ("a", "an", "single") and not scale:
            continue
        value = float(_WORD_VALUES[word] + (_WORD_VALUES[match[3].lower()] if match[3] else 0))
        if scale:
            value *= 12 if scale == "dozen" else _SCALES[scale]
        if match[1]:
            value /= 2
        found.append(_exact(text, match.start(), match.end(), value))
    for match in _LONG.finditer(text):
        found.append(_exact(text, match.start(), match.end(), 1.0))
    return tuple(sorted(found, key=lambda n: (n.start, n.end, n.low)))


def quantity_grounded(quantity: Quantity, found: Sequence[Number]) -> Number | None:
    """The number among `found` that gives `quantity`'s value, or `None` when none does.

    An exact number gives the value when it is that value ("16 activities" gives 16, not
    15); the comparator is not checked ("more than 2000 km" gives `> 2000` and `= 2000`
    alike). A vague magnitude gives a lower bound that lies inside it: "thousands" gives
    `> 1000` or `>= 3000`, never `= 3000`; "hundreds of thousands" gives `> 100000`.

    Examples:
        >>> length = Quantity(of="border", value=2000, unit="km", comparator=Comparator.GT)
        >>> quantity_grounded(length, numbers("a border of more than 2000 km")).text
        '2000'
        >>> print(quantity_grounded(Quantity(of="activities", value=15), numbers("16 activities")))
        None
    """
    value = float(quantity.value)
    lower = quantity.comparator in (Comparator.GT, Comparator.GE)
    for number in found:
        if number.exact and abs(number.low - value) <= 1e-9 * max(1.0, abs(value)):
            return number
        if not number.exact and lower and number.low <= value < number.high:
            return number
    return None
