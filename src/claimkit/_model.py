# The data model: sources, spans, actors, actions, claims and the corpus that holds them.
#
# Everything here is an immutable attrs class with keyword-only fields and tuples for
# collections. Validators check only one object's own invariants (start <= end, a reason on
# every suppression); relations between objects (a claim naming an unknown actor) are checked
# by the loader and the rules. Nothing here reads files or knows about YAML: that is `_load`.
# Imports point down only: this module may use `_dates`, `_anchor` and `errors`.

from __future__ import annotations

import enum
import hashlib
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from typing import TypeVar

import attrs

from claimkit._anchor import Anchor, MatchKind, anchor, context
from claimkit._dates import PartialDate
from claimkit._lock import Lock
from claimkit.errors import DuplicateIdError, UnknownReferenceError

__all__ = [
    "Action",
    "Actor",
    "ActorKind",
    "Claim",
    "Comparator",
    "Corpus",
    "Link",
    "LinkRelation",
    "Location",
    "Modality",
    "Participant",
    "Polarity",
    "Quantity",
    "Role",
    "Source",
    "Span",
    "Suppression",
    "normalize_name",
    "published_prefix",
]

_T = TypeVar("_T")

# The seed articles open with " date YYYY-MM-DD " as their only metadata.
_DATE_PREFIX = re.compile(r"\A date (\d{4}-\d{2}-\d{2}) ")
# Width of the W3C TextQuoteSelector prefix and suffix that claimkit records.
CONTEXT_WIDTH = 32


def published_prefix(text: str) -> PartialDate | None:
    """Return the publication date in a leading ` date YYYY-MM-DD ` prefix, if any.

    Examples:
        >>> published_prefix(" date 2022-11-09 The Territorial Military ...")
        PartialDate('2022-11-09')
        >>> published_prefix("(Caracas) Caracas has taken steps") is None
        True
    """
    match = _DATE_PREFIX.match(text)
    return PartialDate.parse(match.group(1)) if match else None


_WORD = re.compile(r"[^\W_]+")


def normalize_name(name: str) -> str:
    """Fold a name for matching: no accents, no case, no punctuation, single spaces.

    Examples:
        >>> normalize_name("Vladímir  Padrino-López")
        'vladimir padrino lopez'
    """
    if not name.isascii():
        decomposed = unicodedata.normalize("NFKD", name)
        name = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(_WORD.findall(name.casefold()))


@attrs.frozen
class Location:
    """Where something was written: a file, a 1-based line and column.

    Attributes:
        file: The path as given to the loader (relative to the working directory when possible).
        line: The 1-based line, or `None` when unknown (JSON Lines, objects built in code).
        column: The 1-based column, or `None`.
    """

    file: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        parts = [self.file]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@attrs.frozen(kw_only=True)
class Source:
    """A document exactly as stored, with its metadata and the SHA-256 of its text.

    Offsets into `text` count Unicode code points from the first character, prefix included:
    claimkit never rewrites a source's text.

    Attributes:
        id: The source's id (a text file's name without `.txt`).
        text: The full text, exactly as stored.
        title: The headline, when known.
        outlet: The publisher, when known.
        url: Where the document was published, when known.
        language: A BCP 47 language tag such as `en`, when known.
        published: The publication date, or `None` when unknown (claimkit then infers bounds).
        path: The file the text was read from, when it came from a file.
        sha256: The SHA-256 of the UTF-8 encoded text (computed).

    Examples:
        >>> source = Source(id="s1", text="Relations were broken in 2019.")
        >>> source.span("broken in 2019").start
        15
    """

    id: str
    text: str = attrs.field(repr=False)
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    language: str | None = None
    published: PartialDate | None = None
    path: str | None = attrs.field(default=None, eq=False)
    sha256: str = attrs.field(init=False, repr=False)

    @sha256.default
    def _hash_text(self) -> str:
        return _sha256(self.text)

    def span(
        self,
        quote: str,
        *,
        prefix: str | None = None,
        suffix: str | None = None,
        occurrence: int | None = None,
    ) -> Span:
        """Find `quote` in this source and return the anchored span.

        Raises:
            QuoteNotFoundError: The quote is not in the text (the error gives the best candidate).
            AmbiguousQuoteError: The quote occurs more than once and nothing says which.
        """
        found = anchor(self.text, quote, prefix=prefix, suffix=suffix, occurrence=occurrence)
        return Span.from_anchor(self, quote, found, occurrence=occurrence)


@attrs.frozen(kw_only=True)
class Span:
    """A stretch of a source: its quote and, once anchored, its offsets.

    This is the W3C Web Annotation TextQuoteSelector (`quote`, `prefix`, `suffix`) together
    with a TextPositionSelector (`start`, `end`). People author spans by their quote;
    offsets are `None` until the span is anchored (see [`Source.span`][claimkit.Source.span]).

    Attributes:
        quote: The exact words, as the annotator copied them.
        source: The id of the source, or `None` to use the claim file's default source.
        start: Offset of the first code point, once anchored.
        end: Offset after the last code point, once anchored.
        prefix: Text just before the quote; settles a quote that occurs more than once.
        suffix: Text just after the quote.
        occurrence: Which occurrence (1-based) is meant, for a repeated quote.
        match: How the quote was matched: exact, typographic or by verified offsets.
        location: Where the span was written, when it came from a file (not compared).
    """

    quote: str
    source: str | None = None
    start: int | None = attrs.field(default=None)
    end: int | None = None
    prefix: str | None = None
    suffix: str | None = None
    occurrence: int | None = attrs.field(default=None)
    match: MatchKind | None = attrs.field(default=None, eq=False)
    location: Location | None = attrs.field(default=None, eq=False, repr=False)

    @start.validator
    def _check_offsets(self, _attribute: object, start: int | None) -> None:
        if (start is None) != (self.end is None):
            raise ValueError("a span needs both start and end offsets, or neither")
        if start is not None and self.end is not None and not 0 <= start <= self.end:
            raise ValueError(f"span offsets must satisfy 0 <= start <= end, got {start}-{self.end}")

    @occurrence.validator
    def _check_occurrence(self, _attribute: object, occurrence: int | None) -> None:
        if occurrence is not None and occurrence < 1:
            raise ValueError(f"occurrence counts from 1, got {occurrence}")

    @property
    def anchored(self) -> bool:
        """Whether the span has offsets."""
        return self.start is not None

    @classmethod
    def from_anchor(
        cls, source: Source, quote: str, found: Anchor, *, occurrence: int | None = None
    ) -> Span:
        """Build an anchored span of `source` from an [`Anchor`][claimkit.Anchor]."""
        prefix, suffix = context(source.text, found.start, found.end, CONTEXT_WIDTH)
        return cls(
            quote=quote,
            source=source.id,
            start=found.start,
            end=found.end,
            prefix=prefix,
            suffix=suffix,
            occurrence=occurrence,
            match=found.kind,
        )


class ActorKind(enum.Enum):
    """What an actor is."""

    PERSON = "person"
    ORGANISATION = "organisation"
    STATE = "state"
    PLACE = "place"
    GROUP = "group"
    OTHER = "other"


@attrs.frozen(kw_only=True)
class Role:
    """An office an actor held, bounded in time.

    Attributes:
        office: The office's id, used by claims (`as: defence-minister`).
        of: The actor the office belongs to (a state), when there is one.
        title: A human-readable title ("Minister of Defence").
        aliases: How articles name the office ("Defense Minister").
        start: When the actor took office, or `None` when unknown.
        end: When the actor left office; `None` when unknown. See `ongoing`.
        ongoing: `True` when the actor is known to still hold the office (`to: ..`).
    """

    office: str
    of: str | None = None
    title: str | None = None
    aliases: tuple[str, ...] = ()
    start: PartialDate | None = None
    end: PartialDate | None = None
    ongoing: bool = False

    @property
    def tenure(self) -> PartialDate:
        """The tenure as an EDTF interval, such as `2014-10/..`."""
        return PartialDate.interval(self.start, self.end, open_end=self.ongoing)

    def names(self) -> tuple[str, ...]:
        """The office id, title and aliases: every way to name the office."""
        names = [self.office.replace("-", " ")]
        if self.title:
            names.append(self.title)
        names.extend(self.aliases)
        return tuple(names)


@attrs.frozen(kw_only=True)
class Actor:
    """A person, organisation, state, place or group, with its names and roles.

    Attributes:
        id: The canonical id (`vladimir-padrino-lopez`).
        kind: What the actor is.
        name: The canonical name.
        aliases: Other spellings and short forms used by sources ("Padrino").
        wikidata: The Wikidata QID, when known.
        roles: Offices held, with their tenures.
    """

    id: str
    kind: ActorKind
    name: str
    aliases: tuple[str, ...] = ()
    wikidata: str | None = None
    roles: tuple[Role, ...] = ()

    def names(self) -> tuple[str, ...]:
        """The canonical name followed by every alias."""
        return (self.name, *self.aliases)

    def roles_as(self, office: str) -> tuple[Role, ...]:
        """The roles whose office id, title or alias is `office` (folded for matching)."""
        wanted = normalize_name(office)
        return tuple(
            role for role in self.roles if wanted in {normalize_name(name) for name in role.names()}
        )


@attrs.frozen(kw_only=True)
class Action:
    """A verb of the vocabulary, with its roles and the state it changes.

    Attributes:
        id: The action's id (`relations.break`).
        label: A short human description.
        roles: The roles a claim may fill.
        required: The roles a claim must fill.
        facet: The state timeline this action belongs to (`relations`), if any.
        key: The role whose actors (unordered) key the timeline, such as `parties`.
        sets: The state after the action (`broken`), for a transition.
        holds: The state that holds over the claim's period (`closed`), for a state claim.
        after: States the facet must be in just before the transition.
        description: A longer explanation for the docs.
    """

    id: str
    label: str
    roles: tuple[str, ...] = ()
    required: tuple[str, ...] = ()
    facet: str | None = None
    key: str | None = None
    sets: str | None = None
    holds: str | None = None
    after: tuple[str, ...] = ()
    description: str | None = None

    @property
    def is_transition(self) -> bool:
        """Whether a claim of this action moves a facet to a new state."""
        return self.facet is not None and self.sets is not None

    @property
    def is_state(self) -> bool:
        """Whether a claim of this action says a state held over a period."""
        return self.facet is not None and self.holds is not None


@attrs.frozen
class Participant:
    """An actor filling a role in a claim, optionally in an office (`as:`).

    Attributes:
        role: The role in the action (`agent`, `parties`, ...).
        actor: The actor's id.
        office: The office the claim gives the actor ("Defense Minister"), if any.
    """

    role: str
    actor: str
    office: str | None = None


class Comparator(enum.Enum):
    """How a reported number relates to the true value ("more than 2000 km" is `>`)."""

    EQ = "="
    LT = "<"
    LE = "<="
    GT = ">"
    GE = ">="
    ABOUT = "~"


@attrs.frozen(kw_only=True)
class Quantity:
    """A number a claim reports, with what it counts.

    Attributes:
        of: What is counted or measured (`activities`, `soldiers killed`, `border length`).
        value: The number as written.
        unit: The unit (`km`, `USD`), or `None` for counts.
        comparator: How the number bounds the true value.
    """

    of: str
    value: int | float
    unit: str | None = None
    comparator: Comparator = Comparator.EQ

    def bounds(self, about: float = 0.1) -> tuple[float, float]:
        """The range of true values the quantity allows (inclusive; open ends are infinite).

        `about` is the relative margin of `~` ("about 90,000").

        Examples:
            >>> length = Quantity(of="border", value=2000, unit="km", comparator=Comparator.GT)
            >>> length.bounds()
            (2000, inf)
        """
        value = self.value
        inf = float("inf")
        table: Mapping[Comparator, tuple[float, float]] = {
            Comparator.EQ: (value, value),
            Comparator.LT: (-inf, value),
            Comparator.LE: (-inf, value),
            Comparator.GT: (value, inf),
            Comparator.GE: (value, inf),
            Comparator.ABOUT: (value - abs(value) * about, value + abs(value) * about),
        }
        return table[self.comparator]


class Polarity(enum.Enum):
    """Whether the claim says the thing happened or did not."""

    AFFIRMED = "affirmed"
    NEGATED = "negated"


class Modality(enum.Enum):
    """How the source puts the claim."""

    ASSERTED = "asserted"
    REPORTED = "reported"
    PLANNED = "planned"
    HYPOTHETICAL = "hypothetical"


class LinkRelation(enum.Enum):
    """How a claim's event is ordered relative to another event."""

    AFTER = "after"
    BEFORE = "before"
    SINCE = "since"
    UNTIL = "until"
    DURING = "during"


@attrs.frozen
class Link:
    """An order constraint from a claim's event to another event ("following X").

    Attributes:
        relation: How the claim's event relates to the other.
        event: The other event's id.
    """

    relation: LinkRelation
    event: str


@attrs.frozen
class Suppression:
    """A rule a claim silences, with the written reason that justifies it.

    Attributes:
        rule: A rule code, name or family.
        reason: Why the finding does not apply; never empty.
    """

    rule: str
    reason: str = attrs.field()

    @reason.validator
    def _check_reason(self, _attribute: object, reason: str) -> None:
        if not reason.strip():
            raise ValueError("a suppression needs a written reason")


@attrs.frozen(kw_only=True)
class Claim:
    """One factual assertion with its evidence.

    Attributes:
        id: Unique in the corpus.
        action: The action's id in the vocabulary.
        actors: Who fills which role.
        date: When, as a partial date; `None` when the claim gives no date.
        place: Where: the id of an actor of kind place.
        quantities: Numbers the claim reports.
        scope: Qualifiers that limit the claim ("trade").
        polarity: Affirmed or negated.
        modality: Asserted, reported speech, planned or hypothetical.
        speaker: Whose words the claim carries, for reported speech.
        event: An event id shared by claims that describe one event.
        links: Order constraints to other events.
        evidence: The spans that state the claim.
        suppress: Rules silenced for this claim, each with its reason.
        note: Free text for annotators.
        location: Where the claim was written (not compared).
    """

    id: str
    action: str
    actors: tuple[Participant, ...] = ()
    date: PartialDate | None = None
    place: str | None = None
    quantities: tuple[Quantity, ...] = ()
    scope: tuple[str, ...] = ()
    polarity: Polarity = Polarity.AFFIRMED
    modality: Modality = Modality.ASSERTED
    speaker: str | None = None
    event: str | None = None
    links: tuple[Link, ...] = ()
    evidence: tuple[Span, ...] = ()
    suppress: tuple[Suppression, ...] = ()
    note: str | None = None
    location: Location | None = attrs.field(default=None, eq=False, repr=False)

    def actors_in(self, role: str) -> tuple[str, ...]:
        """The ids of the actors filling `role`, in the order written."""
        return tuple(p.actor for p in self.actors if p.role == role)

    @property
    def sources(self) -> tuple[str, ...]:
        """The ids of the sources of the claim's evidence, sorted, without repeats."""
        evidence = self.evidence
        if len(evidence) == 1:
            # The common case, asked for hundreds of thousands of times per check: no set,
            # no sort.
            source = evidence[0].source
            return (source,) if source else ()
        return tuple(sorted({span.source for span in evidence if span.source}))


def _index(items: Iterable[_T], kind: str, key: str = "id") -> dict[str, _T]:
    table: dict[str, _T] = {}
    for item in items:
        ident: str = getattr(item, key)
        if ident in table:
            raise DuplicateIdError(f"two {kind}s have the id {ident!r}")
        table[ident] = item
    return table


@attrs.frozen(kw_only=True)
class Corpus:
    """Sources, actors, the action vocabulary and claims, with lookups by id.

    Duplicate ids within a kind raise [`DuplicateIdError`][claimkit.errors.DuplicateIdError].
    The corpus does not check that claims refer to known ids: that is the loader's and the
    rules' work, so that a corpus under construction can still be inspected.

    Attributes:
        sources: The documents.
        actors: The people, organisations, states and places.
        actions: The vocabulary.
        claims: The claims.
        root: The directory the corpus was loaded from, if any.
        lock: Pinned offsets and source hashes from `claimkit.lock`, if any.
    """

    sources: tuple[Source, ...] = ()
    actors: tuple[Actor, ...] = ()
    actions: tuple[Action, ...] = ()
    claims: tuple[Claim, ...] = ()
    root: str | None = attrs.field(default=None, eq=False)
    lock: Lock | None = attrs.field(default=None, eq=False)
    _sources: dict[str, Source] = attrs.field(init=False, repr=False, eq=False)
    _actors: dict[str, Actor] = attrs.field(init=False, repr=False, eq=False)
    _actions: dict[str, Action] = attrs.field(init=False, repr=False, eq=False)
    _claims: dict[str, Claim] = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_sources", _index(self.sources, "source"))
        object.__setattr__(self, "_actors", _index(self.actors, "actor"))
        object.__setattr__(self, "_actions", _index(self.actions, "action"))
        object.__setattr__(self, "_claims", _index(self.claims, "claim"))

    def source(self, ident: str) -> Source:
        """The source with id `ident`; `UnknownReferenceError` if there is none."""
        return _lookup(self._sources, ident, "source")

    def actor(self, ident: str) -> Actor:
        """The actor with id `ident`; `UnknownReferenceError` if there is none."""
        return _lookup(self._actors, ident, "actor")

    def action(self, ident: str) -> Action:
        """The action with id `ident`; `UnknownReferenceError` if there is none."""
        return _lookup(self._actions, ident, "action")

    def claim(self, ident: str) -> Claim:
        """The claim with id `ident`; `UnknownReferenceError` if there is none."""
        return _lookup(self._claims, ident, "claim")

    def has_source(self, ident: str) -> bool:
        """Whether a source has id `ident`."""
        return ident in self._sources

    def has_actor(self, ident: str) -> bool:
        """Whether an actor has id `ident`."""
        return ident in self._actors

    def has_action(self, ident: str) -> bool:
        """Whether an action has id `ident`."""
        return ident in self._actions

    def __iter__(self) -> Iterator[Claim]:
        return iter(self.claims)

    def __len__(self) -> int:
        return len(self.claims)


def _lookup(table: Mapping[str, _T], ident: str, kind: str) -> _T:
    try:
        return table[ident]
    except KeyError:
        import difflib

        close = difflib.get_close_matches(ident, list(table), n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise UnknownReferenceError(f"no {kind} has the id {ident!r}{hint}") from None
