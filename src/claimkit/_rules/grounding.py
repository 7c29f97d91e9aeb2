# The grounding family of rules (CK02xx): whether the quoted words support what a claim says.
#
# - CK0201 `grounding.date-unsupported`: a claim's annotated date against the temporal
#   expressions of its evidence and of the sentence around each quote (`date_grounded`).
#   Contradicted by the quote's own words: a conflict (error). No words anywhere near that
#   give the date: a gap to review (warning), unless a claim whose own words give its date
#   vouches for it (one hop, no chains): a claim of the same event or of an event it is
#   `during` with a compatible date, or of an event it is `after` when the claim's date runs
#   from that event's date to its publication. Expressions that cannot be placed (a relative
#   one in an undated source) decide nothing.
# - CK0202 `grounding.actor-unsupported`: every actor of a claim (participants, speaker,
#   place) must be named near its evidence (`actor_grounded`): people, organisations and
#   places in the paragraph (option `scope`), states anywhere in the source (`state_scope`).
#   An actor named by a claim of the same source, of the same event or of an event the claim
#   is `during` (one hop, as for dates) counts as named.
# - CK0203 `grounding.quantity-unsupported`: each quantity's value must be written in the
#   quote or the sentence around it (`numbers`, `quantity_grounded`): digits, number words,
#   ordinals, or a vague magnitude ("thousands") for a lower bound (`>`, `>=`).
#
# The rules visit each claim once; they cut each source into sentences, paragraphs and words
# once per run (`_Texts`) and tag only the sentences around quotes; CK0201 looks peers up in
# `Index.events` and caches their verdicts. O(claims + evidence text + source text).

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING

import attrs

from claimkit._dates import PartialDate
from claimkit._findings import Hit, Kind, Severity
from claimkit._grounding import (
    Grounding,
    Number,
    Passages,
    Words,
    _date_supported,
    actor_grounded,
    date_grounded,
    numbers,
    quantity_grounded,
)
from claimkit._model import ActorKind, Claim, LinkRelation, Modality, Quantity
from claimkit._rules._registry import rule
from claimkit._rules.dates import cite
from claimkit._temporal import Mention, Tense, tag

if TYPE_CHECKING:
    from claimkit._engine import Context
    from claimkit._resolve import ResolvedSpan

__all__ = ["actor_unsupported", "date_unsupported", "quantity_unsupported"]


def _tense(claim: Claim) -> Tense:
    return "future" if claim.modality is Modality.PLANNED else "past"


class _Texts:
    """Each source's sentences, paragraphs, words and tagged sentences, cut once per check.

    One instance serves every grounding rule of a check (see `_texts`): passages are split
    once per source, the words of a passage (or of the passages around a claim's evidence)
    are folded once per distinct passage, and a sentence is tagged once per reference date
    and tense.
    """

    def __init__(self, context: Context) -> None:
        self._corpus = context.corpus
        self._passages: dict[tuple[str, str], Passages] = {}
        self._words: dict[tuple[object, ...], Words] = {}
        self._tagged: dict[tuple[object, ...], tuple[Mention, ...]] = {}
        self._last: tuple[Sequence[ResolvedSpan], str, Words] | None = None

    def bounds(self, item: ResolvedSpan, scope: str = "sentence") -> tuple[str, int, int]:
        """The source and offsets of the sentence (or paragraph, or source) around a span."""
        source = item.span.source
        assert source is not None
        assert item.span.start is not None
        assert item.span.end is not None
        if scope == "source":
            return source, 0, len(self._corpus.source(source).text)
        kind = "paragraph" if scope == "paragraph" else "sentence"
        passages = self._passages.get((source, kind))
        if passages is None:
            text = self._corpus.source(source).text
            split = Passages.paragraphs if kind == "paragraph" else Passages.sentences
            passages = self._passages[source, kind] = split(text)
        low, high = passages.around(item.span.start, item.span.end)
        return source, low, high

    def around(self, item: ResolvedSpan, scope: str = "sentence") -> tuple[int, str]:
        """The offset and text of the sentence (or paragraph, or source) around a span."""
        source, low, high = self.bounds(item, scope)
        return low, self._corpus.source(source).text[low:high]

    def scope_words(self, items: Sequence[ResolvedSpan], scope: str) -> Words:
        """The words of the passages (or whole sources) around the spans."""
        # Fast path: the actors of one claim ask for the same spans one after the other
        # (`items` is kept alive here, so its identity cannot be reused meanwhile).
        last = self._last
        if last is not None and last[0] is items and last[1] == scope:
            return last[2]
        found = self._scope_words(items, scope)
        self._last = (items, scope, found)
        return found

    def _scope_words(self, items: Sequence[ResolvedSpan], scope: str) -> Words:
        key: tuple[object, ...]
        sources = {item.span.source for item in items} if scope == "source" else set()
        if len(sources) == 1 and None not in sources:
            key = ("source", *sources)
        else:
            key = ("joined", *(self.bounds(item, scope) for item in items))
        found = self._words.get(key)
        if found is None:
            if key[0] == "source":
                text = self._corpus.source(str(key[1])).text
            else:
                text = "\n".join(self.around(item, scope)[1] for item in items)
            found = self._words[key] = Words.of(text)
        return found

    def tagged(
        self, item: ResolvedSpan, reference: PartialDate | None, tense: Tense
    ) -> tuple[int, tuple[Mention, ...]]:
        """The offset and temporal expressions of the sentence around a span."""
        source, low, high = self.bounds(item)
        key = (source, low, high, reference, tense)
        found = self._tagged.get(key)
        if found is None:
            sentence = self._corpus.source(source).text[low:high]
            found = self._tagged[key] = tuple(tag(sentence, reference, tense=tense))
        return low, found


def _texts(context: Context) -> _Texts:
    """The check's shared `_Texts` (kept in the context's per-check memo)."""
    found = context.memo.get("grounding.texts")
    if not isinstance(found, _Texts):
        found = _Texts(context)
        context.memo["grounding.texts"] = found
    return found


def _evidence(context: Context, ident: str) -> list[ResolvedSpan]:
    return [
        item
        for item in context.spans(ident)
        if item.ok and item.span.source and context.corpus.has_source(item.span.source)
    ]


@attrs.frozen
class _Verdict:
    """How the words around a claim's evidence relate to its date."""

    status: str  # supported, contradicted, unplaced, unsupported, no-expression
    grounding: Grounding | None = None
    source: str | None = None
    where: str = "evidence"


def _outside(mentions: Sequence[Mention], offset: int, item: ResolvedSpan) -> list[Mention]:
    assert item.span.start is not None
    assert item.span.end is not None
    return [
        m
        for m in mentions
        if m.end + offset <= item.span.start or m.start + offset >= item.span.end
    ]


def _direct(context: Context, claim: Claim, sentences: _Texts) -> _Verdict | None:
    """The verdict of the claim's own words on its annotated date (`None`: no date)."""
    if claim.date is None:
        return None
    tense = _tense(claim)
    items = _evidence(context, claim.id)
    if not items:
        return None
    references: list[PartialDate | None] = []
    for item in items:
        assert item.span.source is not None
        dated = context.source_date(item.span.source)
        references.append(None if dated is None else dated.value)
    # The quote's own words decide first: the sentences around are tagged only when no quote
    # supports the date. Fast path: whether some words support the date is asked first
    # (`_date_supported`, no reasons written); a supported verdict's grounding is never read.
    for item, reference in zip(items, references, strict=True):
        if _date_supported(claim.date, item.mentions, reference, tense):
            return _Verdict("supported", None, item.span.source, "evidence")
    spans = [
        (item, date_grounded(claim.date, item.mentions, reference, tense=tense))
        for item, reference in zip(items, references, strict=True)
    ]
    outside: list[list[Mention]] = []
    for item, reference in zip(items, references, strict=True):
        offset, mentions = sentences.tagged(item, reference, tense)
        found = _outside(mentions, offset, item)
        if _date_supported(claim.date, found, reference, tense):
            return _Verdict("supported", None, item.span.source, "sentence")
        outside.append(found)
    around = [
        (item, date_grounded(claim.date, found, reference, tense=tense))
        for item, found, reference in zip(items, outside, references, strict=True)
    ]
    if any(g.status == "unplaced" for _, g in (*spans, *around)):
        return _Verdict("unplaced")
    for item, grounding in spans:
        if grounding.status == "contradicted":
            return _Verdict("contradicted", grounding, item.span.source)
    for item, grounding in around:
        if grounding.status == "contradicted":
            return _Verdict("unsupported", grounding, item.span.source, "sentence")
    return _Verdict("no-expression", source=items[0].span.source)


def _peer_date(
    context: Context, peer: str, texts: _Texts, verdicts: dict[str, _Verdict | None]
) -> PartialDate | None:
    """The date of `peer` when its own words give it (stated, or annotated and supported)."""
    other = context.claim(peer)
    if other.date is None:
        return context.resolved.stated.get(peer)
    if peer not in verdicts:
        verdicts[peer] = _direct(context, other, texts)
    verdict = verdicts[peer]
    return other.date if verdict is not None and verdict.status == "supported" else None


def _supported_by_peer(
    context: Context, claim: Claim, texts: _Texts, verdicts: dict[str, _Verdict | None]
) -> tuple[str, str] | None:
    """A claim whose words date this one: one of its event, or of an event it is `during`
    (the same days), or of an event it is `after` when the claim's date runs from that
    event's date to its source's publication date at the latest. Returns (claim, how)."""
    date = claim.date
    assert date is not None
    links = [("event", claim.event)] if claim.event else []
    links += [(link.relation.value, link.event) for link in claim.links]
    published = [context.source_date(source) for source in claim.sources]
    latest = max(
        (found.value.latest for found in published if found is not None and found.value),
        default=None,
    )
    for how, event in sorted(links):
        for peer in context.index.events.get(event, ()):
            if peer == claim.id:
                continue
            value = _peer_date(context, peer, texts, verdicts)
            if value is None:
                continue
            if how in ("event", LinkRelation.DURING.value) and value.compatible(date):
                return peer, f"{how} {event}"
            if (
                how == LinkRelation.AFTER.value
                and latest is not None
                and value.earliest <= date.earliest
                and date.latest <= latest
            ):
                return peer, f"after {event}, before publication"
    return None


def _range(claim: Claim) -> list[str]:
    assert claim.date is not None
    return [
        ".." if day.year in (1, 9999) else day.isoformat()
        for day in (claim.date.earliest, claim.date.latest)
    ]


@rule("CK0201", "grounding.date-unsupported", Severity.WARNING)
def date_unsupported(context: Context) -> Iterator[Hit]:
    """A claim's date that the words of its evidence do not support.

    Every date a claim gives should be traceable to its text. The rule reads the temporal
    expressions of each quote and of the sentence around it, resolved against the source's
    publication date (known or inferred), and asks whether one of them can mean the claimed
    date. When the quote's own expressions all mean other days, the annotation contradicts
    its evidence: a conflict (error). When no expression near the quote gives the date, it is
    a gap to review (warning): the date came from elsewhere, which is fine when the claim
    shares its event (or is `during` an event) with a claim whose words do give it, and then
    nothing is reported. Expressions that cannot be placed (a relative one in a source whose
    date is unknown) decide nothing. A claim dated `after` an event, from that event's date
    up to its source's publication date, is vouched for by a claim that gives that event's
    date in its own words.

    Example:
        ```yaml
        # s1.txt: " date 2022-11-09 Relations were broken in 2019."
        claims:
          - id: a
            action: relations.break
            actors: {parties: [colombia, venezuela]}
            date: "2021"
            evidence: [{source: s1, quote: broken in 2019}]
        ```

    Fixed:
        ```yaml
        claims:
          - id: a
            action: relations.break
            actors: {parties: [colombia, venezuela]}
            date: "2019"
            evidence: [{source: s1, quote: broken in 2019}]
        ```
    """
    sentences = _texts(context)
    verdicts: dict[str, _Verdict | None] = {}
    for claim in context.claims_by_id():
        if claim.id not in verdicts:
            verdicts[claim.id] = _direct(context, claim, sentences)
        verdict = verdicts[claim.id]
        if verdict is None or verdict.status in ("supported", "unplaced"):
            continue
        assert claim.date is not None
        grounding = verdict.grounding
        details: dict[str, object] = {
            "date": str(claim.date),
            "range": _range(claim),
            "status": verdict.status,
            "where": verdict.where,
            "grounding": None if grounding is None else grounding.as_dict(),
        }
        if verdict.status == "contradicted":
            assert grounding is not None
            yield Hit(
                kind=Kind.FAIL,
                severity=Severity.ERROR,
                message=(
                    f"claim {claim.id} is dated {claim.date}, but its evidence says otherwise: "
                    f"{grounding.reason} ({cite(context, claim.id, grounding.expression)})"
                ),
                claims=(claim.id,),
                details=details,
            )
            continue
        if _supported_by_peer(context, claim, sentences, verdicts) is not None:
            continue
        if verdict.status == "unsupported":
            assert grounding is not None
            said = ", ".join(
                f"'{text}' ({value})" for text, value in grounding.readings if value is not None
            )
            why = f"the sentence around its evidence dates something else ({said})"
        else:
            why = "neither its evidence nor the sentence around it gives a date"
        yield Hit(
            kind=Kind.REVIEW,
            message=(
                f"claim {claim.id} is dated {claim.date}, but {why}, and no claim of its event "
                f"supports the date with its own words ({cite(context, claim.id)})"
            ),
            claims=(claim.id,),
            details=details,
        )


def _who(claim: Claim) -> list[tuple[str, str, str | None]]:
    """(role, actor, office) of every actor of a claim: participants, speaker, place."""
    found: list[tuple[str, str, str | None]] = [(p.role, p.actor, p.office) for p in claim.actors]
    if claim.speaker:
        found.append(("speaker", claim.speaker, None))
    if claim.place:
        found.append(("place", claim.place, None))
    seen: dict[str, tuple[str, str, str | None]] = {}
    for role, actor, office in found:
        if actor not in seen or (office is not None and seen[actor][2] is None):
            seen[actor] = (role, actor, office)
    return sorted(seen.values(), key=lambda item: item[1])


@rule(
    "CK0202",
    "grounding.actor-unsupported",
    Severity.WARNING,
    options={"demonyms": True, "scope": "paragraph", "state_scope": "source"},
)
def actor_unsupported(context: Context) -> Iterator[Hit]:
    """An actor of a claim that its evidence does not name.

    Every actor a claim involves (its participants, its speaker and its place) should be
    named near the quoted words, so that a reader can check who did what. Names match as
    whole words, ignoring accents, case and punctuation, over the actor's name and aliases
    and, for a person, the surname; a state also matches by its demonym ("Venezuelan", option
    `demonyms`), and an actor given in an office (`as:`) by the office's name when the state
    it belongs to is named in the source ("the defense ministers of Colombia and Venezuela").
    People, organisations and places must be named in the paragraph around a quote (option
    `scope`: `sentence`, `paragraph` or `source`), where pronouns such as "they" or "both"
    still find them. States are the frame of a news article, which calls them "the two
    countries" or by their capitals, so they need only be named somewhere in the source
    (option `state_scope`). Metonyms are not guessed: when an article writes "Caracas" for the
    government of Venezuela and never "Venezuela", list "Caracas" among the actor's aliases,
    or suppress the finding with a reason.

    Example:
        ```yaml
        # s1.txt: " date 2022-11-09 Caracas broke off relations with Bogota in 2019."
        claims:
          - id: a
            action: relations.break
            actors: {parties: [colombia, venezuela], agent: nicolas-maduro}
            evidence: [{source: s1, quote: broke off relations with Bogota in 2019}]
        ```

    Fixed:
        ```yaml
        # s1.txt: " date 2022-11-09 Caracas broke off relations with Bogota in 2019."
        actors:
          - {id: venezuela, kind: state, name: Venezuela, aliases: [Caracas]}
          - {id: colombia, kind: state, name: Colombia, aliases: [Bogota]}
        claims:
          - id: a
            action: relations.break
            actors: {parties: [colombia, venezuela], agent: venezuela}
            evidence: [{source: s1, quote: broke off relations with Bogota in 2019}]
        ```
    """
    demonyms = bool(context.options.get("demonyms", True))
    scope = str(context.options.get("scope", "paragraph"))
    state_scope = str(context.options.get("state_scope", "source"))
    texts = _texts(context)
    corpus = context.corpus

    # Verdicts by (words, wider words, actor, office): claims quoting the same paragraph (or,
    # for a state, the same source) ask the same question. The `Words` are kept alive by
    # `texts`, so their ids stay unique for the run.
    answers: dict[tuple[int, int, str, str | None], str | None] = {}
    unknown = object()

    def named(items: Sequence[ResolvedSpan], ident: str, office: str | None) -> str | None:
        actor = corpus.actor(ident)
        words = texts.scope_words(items, state_scope if actor.kind is ActorKind.STATE else scope)
        # The whole source only matters for an office's state (`actor_grounded`).
        whole = texts.scope_words(items, "source") if office is not None else None
        key = (id(words), id(whole), ident, office)
        found = answers.get(key, unknown)
        if found is unknown:
            found = answers[key] = actor_grounded(
                actor, words, office=office, corpus=corpus, demonyms=demonyms, wider=whole
            )
        assert found is None or isinstance(found, str)
        return found

    for claim in context.claims_by_id():
        items = _evidence(context, claim.id)
        if not items:
            continue
        missing: list[tuple[str, str]] = []
        vouched: dict[str, tuple[str, str]] = {}
        for role, ident, office in _who(claim):
            if not corpus.has_actor(ident):
                continue
            if named(items, ident, office) is not None:
                continue
            peer = _named_by_peer(context, claim, items, ident, office, named)
            if peer is None:
                missing.append((ident, role))
            else:
                vouched[ident] = peer
        if not missing:
            continue
        listed = _join([f"{actor} ({role})" for actor, role in missing])
        whose = "its name appears" if len(missing) == 1 else "their names appear"
        hop = any(link.relation is LinkRelation.DURING for link in claim.links)
        peers = ", nor in that of a claim of its event" if claim.event or hop else ""
        yield Hit(
            kind=Kind.REVIEW,
            message=(
                f"claim {claim.id} names {listed}, but {whose} neither in its evidence nor "
                f"in the {scope} around it{peers} ({cite(context, claim.id)})"
            ),
            claims=(claim.id,),
            details={
                "scope": scope,
                "state_scope": state_scope,
                "missing": [
                    {
                        "actor": actor,
                        "role": role,
                        "names": list(corpus.actor(actor).names()),
                    }
                    for actor, role in missing
                ],
                "named_by_peers": {
                    actor: {"claim": peer, "words": words}
                    for actor, (peer, words) in sorted(vouched.items())
                },
            },
        )


def _named_by_peer(
    context: Context,
    claim: Claim,
    items: Sequence[ResolvedSpan],
    actor: str,
    office: str | None,
    named: Callable[[Sequence[ResolvedSpan], str, str | None], str | None],
) -> tuple[str, str] | None:
    """A claim of the same source whose evidence names `actor` for this claim, one hop.

    Peers are the claims of this claim's event and of the events it is `during`; only their
    evidence in the sources this claim quotes counts. Returns (peer, the words that name it).
    """
    sources = {item.span.source for item in items}
    events = [claim.event] if claim.event else []
    events += sorted(link.event for link in claim.links if link.relation is LinkRelation.DURING)
    for event in events:
        for peer in context.index.events.get(event, ()):
            if peer == claim.id:
                continue
            theirs = [item for item in _evidence(context, peer) if item.span.source in sources]
            if not theirs:
                continue
            words = named(theirs, actor, office)
            if words is not None:
                return peer, words
    return None


def _join(items: Sequence[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def _number(value: float) -> str:
    return f"{value:g}" if value != int(value) else str(int(value))


def _quantity_text(quantity: Quantity) -> str:
    unit = f" {quantity.unit}" if quantity.unit else ""
    return f"{quantity.of} {quantity.comparator.value} {_number(quantity.value)}{unit}"


@rule("CK0203", "grounding.quantity-unsupported", Severity.WARNING)
def quantity_unsupported(context: Context) -> Iterator[Hit]:
    """A claim's quantity whose value its evidence does not write.

    A number in a claim should be one the source prints: a value copied wrong ("15
    activities" for the "16 activities" of the text) makes the claim disagree with its own
    evidence, and a corroboration or conflict built on it says nothing about the sources.
    The rule reads the numbers of each quote and of the sentence around it: digits with
    thousands separators, decimals and scales ("2,219", "$90,000", "1.5 million"), number
    words up to twenty and the tens ("sixteen", "twenty-five"), ordinals ("the third" gives
    3), "a dozen", "month-long" (1), and vague magnitudes ("hundreds", "thousands",
    "hundreds of thousands", "millions"), which give only a lower bound inside them (`>` or
    `>=`: "thousands of civilians" gives `> 1000`, never `= 3000`). The comparator of an
    exact number is not checked: the value is. A claim without anchored evidence is left to
    the provenance rules.

    Example:
        ```yaml
        # s1.txt: " date 2023-05-12 Padrino reported the execution of 16 activities."
        claims:
          - id: a
            action: military-operation
            quantities: [{of: activities, value: 15}]
            evidence: [{source: s1, quote: the execution of 16 activities}]
        ```

    Fixed:
        ```yaml
        claims:
          - id: a
            action: military-operation
            quantities: [{of: activities, value: 16}]
            evidence: [{source: s1, quote: the execution of 16 activities}]
        ```
    """
    sentences = _texts(context)
    for claim in context.claims_by_id():
        if not claim.quantities:
            continue
        items = _evidence(context, claim.id)
        if not items:
            continue
        found: list[Number] = []
        for item in items:
            _, sentence = sentences.around(item)
            found.extend(numbers(sentence))
        for quantity in claim.quantities:
            if quantity_grounded(quantity, found) is not None:
                continue
            written = sorted({number.phrase for number in found})
            said = (
                f"its evidence and the sentence around it write only {_join(written)}"
                if written
                else "neither its evidence nor the sentence around it writes a number"
            )
            yield Hit(
                kind=Kind.FAIL,
                message=(
                    f"claim {claim.id} gives {_quantity_text(quantity)}, but {said} "
                    f"({cite(context, claim.id)})"
                ),
                claims=(claim.id,),
                details={
                    "quantity": {
                        "of": quantity.of,
                        "value": quantity.value,
                        "unit": quantity.unit,
                        "comparator": quantity.comparator.value,
                    },
                    "numbers": [
                        {
                            "text": number.text,
                            "phrase": number.phrase,
                            "low": number.low,
                            "high": number.high,
                            "exact": number.exact,
                        }
                        for number in found
                    ],
                },
            )
