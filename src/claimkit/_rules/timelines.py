# The timelines family (CK04): state timelines per facet and the network of order constraints.
#
# - A facet timeline is `Index.facets[(facet, key actors)]`: the transition claims (`sets`,
#   `after`) and state claims (`holds` over a period) of one facet and actor set. Only claims
#   that say something happened are read: affirmed, asserted or reported (not negated, planned
#   or hypothetical). `_Timeline` gathers them once per key; CK0401, CK0402, CK0404 and CK0405
#   work inside one timeline at a time, never across timelines.
# - Several claims may report one transition (two sources on the 2019 break): `_cluster` merges
#   claims that share an event id, or that have the same action, overlapping scopes and
#   compatible dates, so that a duplicate report is never read as a second transition.
# - Scope: an empty scope covers everything; two non-empty scopes meet when they share a
#   qualifier. A partial state (`relaxed`, option `partial_states`) said of a wider scope does
#   not contradict another state said of a strictly narrower one: a relaxed border can still be
#   closed for trade.
# - CK0403 builds a simple temporal network over day numbers (`date.toordinal()`): two nodes
#   per event (its first and last day; one day for a point event), an origin node for absolute
#   bounds, and an edge per difference constraint `x[v] - x[u] <= w`. Every edge but the
#   absolute bounds weighs 0, so every negative cycle runs through the origin and Bellman-Ford
#   from there (`networkx.find_negative_cycle`) finds one when the constraints cannot all hold.
#   Conflicts among dates and tenures alone belong to the dates and actors families: those
#   claims are set aside first, so every cycle reported here goes through a link. A cycle is
#   shrunk to a minimal set of claims (deletion filter) before it is reported.

from __future__ import annotations

import bisect
import itertools
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

import attrs

from claimkit._dates import PartialDate
from claimkit._findings import Hit, Kind, Severity
from claimkit._index import FacetKey
from claimkit._model import Action, Claim, LinkRelation, Modality, Polarity
from claimkit._rules._registry import rule

if TYPE_CHECKING:
    from claimkit._engine import Context

__all__ = [
    "coherent",
    "gap",
    "incompatible_states",
    "order_holds",
    "out_of_order",
    "unsatisfiable_order",
]

_FACTUAL = frozenset({Modality.ASSERTED, Modality.REPORTED})
_INITIAL_STATES: Mapping[str, str] = {
    "relations": "normal",
    "military-relations": "normal",
    "border": "open",
}
_PARTIAL_STATES: tuple[str, ...] = ("relaxed",)
_OFFICE_ACTIONS: tuple[str, ...] = ("office.take",)

_Days = tuple[date, date]
"""The first and last day a date may be."""


def _factual(claim: Claim) -> bool:
    """Whether a claim says something happened (affirmed, asserted or reported)."""
    return claim.polarity is Polarity.AFFIRMED and claim.modality in _FACTUAL


def _scopes_meet(first: frozenset[str], second: frozenset[str]) -> bool:
    """Whether two scopes share something; an empty scope covers everything."""
    return not first or not second or bool(first & second)


def _compatible_states(
    first: tuple[str, frozenset[str]],
    second: tuple[str, frozenset[str]],
    partial: frozenset[str],
) -> bool:
    """Whether two states can hold together on one day of one facet."""
    (state_a, scope_a), (state_b, scope_b) = first, second
    if state_a == state_b or not _scopes_meet(scope_a, scope_b):
        return True
    for state, scope, narrower in ((state_a, scope_a, scope_b), (state_b, scope_b, scope_a)):
        if state in partial and narrower and (not scope or narrower < scope):
            return True
    return False


def _text(value: PartialDate | None) -> str:
    return "an unknown date" if value is None else str(value)


def _scope_text(scope: frozenset[str]) -> str:
    return f" for {' and '.join(sorted(scope))}" if scope else ""


def _facet_name(key: FacetKey) -> str:
    facet, actors = key
    if len(actors) >= 2:
        return f"{facet} between {', '.join(actors[:-1])} and {actors[-1]}"
    if actors:
        return f"{facet} of {actors[0]}"
    return facet


def _sort_key(value: PartialDate | None) -> tuple[int, date, date, str]:
    if value is None:
        return (1, date.max, date.max, "")
    return (0, value.earliest, value.latest, str(value))


@attrs.frozen
class _Entry:
    """One factual claim on a facet timeline."""

    claim: str
    action: Action
    date: PartialDate | None
    scope: frozenset[str]
    event: str | None

    @property
    def state(self) -> str:
        """The state the claim sets (a transition) or holds (a state claim)."""
        return self.action.sets or self.action.holds or ""


@attrs.frozen
class _Cluster:
    """The claims that report one transition."""

    claims: tuple[str, ...]
    action: Action
    date: PartialDate | None
    scope: frozenset[str]
    events: frozenset[str]
    days: _Days | None = attrs.field(init=False, eq=False)

    @days.default
    def _days(self) -> _Days | None:
        return None if self.date is None else (self.date.earliest, self.date.latest)

    @property
    def state(self) -> str:
        return self.action.sets or ""

    def merge(self, entry: _Entry) -> _Cluster:
        return _Cluster(
            claims=(*self.claims, entry.claim),
            action=self.action,
            date=_sharpen(self.date, entry.date),
            scope=frozenset() if not self.scope or not entry.scope else self.scope | entry.scope,
            events=self.events | ({entry.event} if entry.event else set()),
        )


def _sharpen(first: PartialDate | None, second: PartialDate | None) -> PartialDate | None:
    """The days two reports of one transition share, or their hull when they share none."""
    if first is None or second is None:
        return first if second is None else second
    shared = first.intersection(second)
    if shared is not None:
        return shared
    return PartialDate.span(min(first.earliest, second.earliest), max(first.latest, second.latest))


def _cluster(transitions: Sequence[_Entry]) -> list[_Cluster]:
    """Group the transition claims of one timeline into transitions (see the head comment)."""
    by_event: dict[str, list[_Entry]] = defaultdict(list)
    loose: list[_Entry] = []
    for entry in transitions:
        (by_event[entry.event] if entry.event else loose).append(entry)
    clusters: list[_Cluster] = []
    for event in sorted(by_event):
        members = sorted(by_event[event], key=lambda e: e.claim)
        first = members[0]
        cluster = _Cluster(
            (first.claim,), first.action, first.date, first.scope, frozenset({event})
        )
        for member in members[1:]:
            cluster = cluster.merge(member)
        clusters.append(cluster)
    for entry in sorted(loose, key=lambda e: (_sort_key(e.date), e.claim)):
        days = _days(entry.date)
        for index, cluster in enumerate(clusters):
            if (
                cluster.action.id == entry.action.id
                and days is not None
                and cluster.days is not None
                and cluster.days[0] <= days[1]
                and days[0] <= cluster.days[1]
                and _scopes_meet(cluster.scope, entry.scope)
            ):
                clusters[index] = cluster.merge(entry)
                break
        else:
            clusters.append(
                _Cluster((entry.claim,), entry.action, entry.date, entry.scope, frozenset())
            )
    return sorted(clusters, key=lambda c: (_sort_key(c.date), c.claims))


@attrs.frozen
class _Timeline:
    """The factual transitions and states of one facet key."""

    key: FacetKey
    transitions: tuple[_Entry, ...]
    states: tuple[_Entry, ...]

    @property
    def name(self) -> str:
        return _facet_name(self.key)

    @property
    def entries(self) -> tuple[_Entry, ...]:
        return self.transitions + self.states


def _timelines(context: Context) -> list[_Timeline]:
    """The facet timelines, worked out once per check (kept in the context's per-check memo):
    every rule of this module reads them, none changes them."""
    found = context.memo.get("timelines.timelines")
    if not isinstance(found, list):
        found = context.memo["timelines.timelines"] = list(_each_timeline(context))
    return found


def _memo_hits(
    context: Context, name: str, key: object, compute: Callable[[], Iterable[Hit]]
) -> list[Hit]:
    """The hits `compute` gives, once per check and `key` (a timeline and the options used).

    CK0405 runs the checks of CK0401, CK0402 and CK0404 on every timeline again to decide
    whether it is coherent; with the same options, their hits are the same (hits are frozen).
    """
    table = context.memo.setdefault(f"timelines.{name}", {})
    assert isinstance(table, dict)
    try:
        found = table.get(key)
    except TypeError:  # an option value that cannot be a key: no memo
        return list(compute())
    if found is None:
        found = table[key] = list(compute())
    assert isinstance(found, list)
    return found


def _each_timeline(context: Context) -> Iterator[_Timeline]:
    corpus = context.corpus
    for key, idents in context.index.facets.items():
        transitions: list[_Entry] = []
        states: list[_Entry] = []
        for ident in sorted(idents):
            claim = context.claim(ident)
            if not _factual(claim) or not corpus.has_action(claim.action):
                continue
            action = corpus.action(claim.action)
            entry = _Entry(
                claim=ident,
                action=action,
                date=context.date(ident),
                scope=frozenset(claim.scope),
                event=claim.event,
            )
            if action.is_transition:
                transitions.append(entry)
            elif action.is_state:
                states.append(entry)
        if transitions or states:
            yield _Timeline(key, tuple(transitions), tuple(states))


def _quoted(context: Context, ident: str) -> str:
    """A claim named by its id and, when it has evidence, its first quote."""
    quote = context.quote(ident)
    return f"{ident} '{quote}'" if quote else ident


# ---------------------------------------------------------------------------------------------
# CK0401: transitions out of order


def _out_of_order(
    context: Context, timeline: _Timeline, initial: Mapping[str, str]
) -> Iterator[Hit]:
    facet = timeline.key[0]
    # The entries by the state they set or hold, so that each transition looks only at those
    # of the states it needs, not at the whole timeline (quadratic in a long timeline). The
    # witnesses come grouped by state; only whether there are any, whether all are later,
    # and the earliest (by date and claim id, a total order) matter.
    by_state: dict[str, list[_Entry]] = defaultdict(list)
    for other in timeline.entries:
        by_state[other.state].append(other)
    for entry in timeline.transitions:
        needed = entry.action.after
        if entry.date is None or not needed or initial.get(facet) in needed:
            continue
        witnesses = [
            other
            for state in dict.fromkeys(needed)
            for other in by_state.get(state, ())
            if other.claim != entry.claim
            and not (entry.event and other.event == entry.event)
            and _scopes_meet(entry.scope, other.scope)
        ]
        if not witnesses:
            continue
        if not all(w.date is not None and entry.date.before(w.date) is True for w in witnesses):
            continue
        first = min(witnesses, key=lambda w: (_sort_key(w.date), w.claim))
        assert first.date is not None
        states = " or ".join(needed)
        yield Hit(
            kind=Kind.FAIL,
            message=(
                f"{timeline.name}: {entry.action.id} in {entry.date} "
                f"({_quoted(context, entry.claim)}) "
                f"needs the facet to be {states} first, but the earliest claim that it was "
                f"{states} is {first.date} ({_quoted(context, first.claim)}), certainly later"
                f"{_initial_text(initial.get(facet))}"
            ),
            claims=(entry.claim, first.claim),
            details={
                "facet": facet,
                "actors": list(timeline.key[1]),
                "transition": {
                    "claim": entry.claim,
                    "action": entry.action.id,
                    "date": str(entry.date),
                },
                "needs": list(needed),
                "initial_state": initial.get(facet),
                "earliest_attestation": {
                    "claim": first.claim,
                    "state": first.state,
                    "date": str(first.date),
                },
                "arithmetic": f"{entry.date.latest} < {first.date.earliest}",
                "attestations": sorted(w.claim for w in witnesses),
            },
        )


def _out_of_order_hits(
    context: Context, timeline: _Timeline, initial: Mapping[str, str]
) -> list[Hit]:
    """`_out_of_order`, once per check, timeline and initial states."""
    key = (timeline.key, tuple(sorted(initial.items())))
    return _memo_hits(
        context, "out-of-order", key, lambda: _out_of_order(context, timeline, initial)
    )


def _initial_text(state: str | None) -> str:
    return f", and it cannot follow the initial state {state}" if state else ""


@rule(
    "CK0401",
    "timelines.out-of-order",
    Severity.ERROR,
    options={"initial_states": dict(_INITIAL_STATES)},
)
def out_of_order(context: Context) -> Iterator[Hit]:
    """A transition comes before every claim of the state it needs.

    A transition needs its facet to be in one of its `after` states (a restoration needs
    broken relations). When the corpus attests those states only after the transition, the
    claims cannot be put in an order: relations "restored in 2018" while the only break is in
    2019. The explanation is the transition and the earliest attestation of the state it
    needs. When no claim attests that state at all, the corpus simply does not cover the
    earlier history and nothing is reported; and a transition that can follow its facet's
    initial state (option `initial_states`: relations start `normal`, borders `open`) is never
    out of order, so a break in 2008 followed only by a restoration in 2022 is fine.

    Example:
        ```yaml
        claims:
          - {id: restored, action: relations.restore, actors: {parties: [colombia, venezuela]},
             date: "2018"}
          - {id: broken, action: relations.break, actors: {parties: [colombia, venezuela]},
             date: "2019"}
        ```

    Fixed:
        ```yaml
        claims:
          - {id: restored, action: relations.restore, actors: {parties: [colombia, venezuela]},
             date: "2022"}
          - {id: broken, action: relations.break, actors: {parties: [colombia, venezuela]},
             date: "2019"}
        ```
    """
    initial: Mapping[str, str] = context.options.get("initial_states", _INITIAL_STATES)
    for timeline in _timelines(context):
        yield from _out_of_order_hits(context, timeline, initial)


# ---------------------------------------------------------------------------------------------
# CK0402: incompatible states


def _core(period: PartialDate) -> tuple[date, date] | None:
    """The days a state claim's period certainly covers, or `None` when none is certain."""
    if not period.is_interval:
        return None
    start = period.start
    end = period.end
    first = start.latest if start is not None else date.min if period.open_start else None
    last = end.earliest if end is not None else date.max if period.open_end else None
    if first is None or last is None or first > last:
        return None
    return first, last


def _core_text(core: tuple[date, date]) -> str:
    after = "" if core[0] == date.min else f"after {core[0]}"
    before = "" if core[1] == date.max else f"before {core[1]}"
    return " and ".join(part for part in (after, before) if part) or "a period without ends"


def _incompatible_states(
    context: Context, timeline: _Timeline, partial: frozenset[str]
) -> Iterator[Hit]:
    facet = timeline.key[0]
    states = sorted(
        (s for s in timeline.states if s.date is not None),
        key=lambda s: (_sort_key(s.date), s.claim),
    )
    for index, first in enumerate(states):
        assert first.date is not None
        for second in states[index + 1 :]:
            assert second.date is not None
            if second.date.earliest > first.date.latest:
                break
            if first.date.overlaps(second.date) is not True or _compatible_states(
                (first.state, first.scope), (second.state, second.scope), partial
            ):
                continue
            yield Hit(
                kind=Kind.FAIL,
                message=(
                    f"{timeline.name}: {first.state}{_scope_text(first.scope)} over "
                    f"{first.date} ({_quoted(context, first.claim)}) and "
                    f"{second.state}{_scope_text(second.scope)} over {second.date} "
                    f"({_quoted(context, second.claim)}) cannot both hold: the periods "
                    "certainly overlap"
                ),
                claims=(first.claim, second.claim),
                details={
                    "facet": facet,
                    "actors": list(timeline.key[1]),
                    "states": [
                        {
                            "claim": s.claim,
                            "state": s.state,
                            "scope": sorted(s.scope),
                            "date": str(s.date),
                        }
                        for s in (first, second)
                    ],
                    "overlaps": True,
                },
            )
    moves = sorted(
        (t for t in timeline.transitions if t.date is not None),
        key=lambda t: (_sort_key(t.date), t.claim),
    )
    starts = [t.date.earliest for t in moves if t.date is not None]
    for state in sorted(timeline.states, key=lambda s: s.claim):
        core = None if state.date is None else _core(state.date)
        if core is None:
            continue
        for move in moves[bisect.bisect_right(starts, core[0]) :]:
            assert move.date is not None
            if move.date.earliest >= core[1]:
                break
            if move.date.latest >= core[1] or _compatible_states(
                (state.state, state.scope), (move.state, move.scope), partial
            ):
                continue
            yield Hit(
                kind=Kind.FAIL,
                message=(
                    f"{timeline.name}: {state.state}{_scope_text(state.scope)} over "
                    f"{state.date} ({_quoted(context, state.claim)}), but {move.action.id} set "
                    f"it to {move.state}{_scope_text(move.scope)} in {move.date} "
                    f"({_quoted(context, move.claim)}), certainly inside that period "
                    f"({_core_text(core)})"
                ),
                claims=(state.claim, move.claim),
                details={
                    "facet": facet,
                    "actors": list(timeline.key[1]),
                    "state": {
                        "claim": state.claim,
                        "state": state.state,
                        "scope": sorted(state.scope),
                        "date": str(state.date),
                    },
                    "transition": {
                        "claim": move.claim,
                        "state": move.state,
                        "scope": sorted(move.scope),
                        "date": str(move.date),
                    },
                    "certainly_covered": [core[0].isoformat(), core[1].isoformat()],
                    "arithmetic": f"{core[0]} < {move.date.earliest} and "
                    f"{move.date.latest} < {core[1]}",
                },
            )


@rule(
    "CK0402",
    "timelines.incompatible-states",
    Severity.ERROR,
    options={"partial_states": list(_PARTIAL_STATES)},
)
def incompatible_states(context: Context) -> Iterator[Hit]:
    """Two incompatible states of one facet hold on the same days.

    A state claim says a facet was in a state over a period ("closed since 2015"). Two state
    claims of different states whose periods certainly overlap, with scopes that meet, cannot
    both hold; nor can a state claim and a transition to another state that certainly falls
    strictly inside the period. A transition at the very end of a period is coherent: "closed
    until a relaxation in October 2021" (`/2021-10`) and a relaxation in `2021-10` fit. Scopes
    that do not meet never conflict ("open for trade" and "closed to people"), and a partial
    state (option `partial_states`, `relaxed` by default) of a wider scope does not contradict
    a state of a strictly narrower one.

    Example:
        ```yaml
        claims:
          - {id: closed, action: border.closed, actors: {parties: [colombia, venezuela]},
             date: "2015/2021-10"}
          - {id: opened, action: border.open, actors: {parties: [colombia, venezuela]},
             date: "2018-03"}
        ```

    Fixed:
        ```yaml
        claims:
          - {id: closed, action: border.closed, actors: {parties: [colombia, venezuela]},
             date: "2015/2021-10", scope: [people]}
          - {id: opened, action: border.open, actors: {parties: [colombia, venezuela]},
             date: "2018-03", scope: [trade]}
        ```
    """
    partial = frozenset(context.options.get("partial_states", _PARTIAL_STATES))
    for timeline in _timelines(context):
        yield from _incompatible_hits(context, timeline, partial)


def _incompatible_hits(context: Context, timeline: _Timeline, partial: frozenset[str]) -> list[Hit]:
    """`_incompatible_states`, once per check, timeline and partial states."""
    return _memo_hits(
        context,
        "incompatible-states",
        (timeline.key, partial),
        lambda: _incompatible_states(context, timeline, partial),
    )


# ---------------------------------------------------------------------------------------------
# CK0403: the simple temporal network

_Node = tuple[str, str]
_ORIGIN: _Node = ("", "origin")


@attrs.frozen
class _Constraint:
    """`x[target] - x[source] <= weight`, stated by a claim (`None` for the event's own shape)."""

    source: _Node
    target: _Node
    weight: int
    claim: str | None
    kind: str
    text: str


def _node_name(node: _Node, points: frozenset[str]) -> str:
    key, end = node
    return key if key in points else f"the {end} of {key}"


class _Network:
    """The order constraints of one connected component of linked events."""

    def __init__(
        self, context: Context, keys: Sequence[str], claims: Mapping[str, Sequence[str]]
    ) -> None:
        self.context = context
        self.claims = claims
        self.points = frozenset(key for key in keys if self._is_point(key))
        self.shape: list[_Constraint] = []
        self.own: list[_Constraint] = []
        self.links: list[_Constraint] = []
        for key in keys:
            start, end = (key, "start"), (key, "end")
            self.shape.append(_Constraint(end, start, 0, None, "shape", ""))
            if key in self.points:
                self.shape.append(_Constraint(start, end, 0, None, "shape", ""))
        for key in keys:
            for ident in claims.get(key, ()):
                self._add_claim(key, context.claim(ident))

    def _is_point(self, key: str) -> bool:
        idents = self.claims.get(key, ())
        if not idents:
            return False
        corpus = self.context.corpus
        for ident in idents:
            value = self.context.date(ident)
            claim = corpus.claim(ident)
            if value is not None and value.is_interval:
                return False
            if corpus.has_action(claim.action) and corpus.action(claim.action).is_state:
                return False
        return True

    def name(self, node: _Node) -> str:
        return _node_name(node, self.points)

    def _bound(self, node: _Node, day: date, lower: bool, ident: str, kind: str, why: str) -> None:
        if day in (date.min, date.max):
            return
        said = f"{_quoted(self.context, ident)} {why}"
        if lower:
            text = f"{said} puts {self.name(node)} no earlier than {day}"
            self.own.append(_Constraint(node, _ORIGIN, -day.toordinal(), ident, kind, text))
        else:
            text = f"{said} puts {self.name(node)} no later than {day}"
            self.own.append(_Constraint(_ORIGIN, node, day.toordinal(), ident, kind, text))

    def _add_claim(self, key: str, claim: Claim) -> None:
        start, end = (key, "start"), (key, "end")
        ident = claim.id
        value = self.context.date(ident)
        if value is not None:
            why = f"(dated {value})"
            if not value.is_interval:
                self._bound(start, value.earliest, True, ident, "date", why)
                self._bound(end, value.latest, False, ident, "date", why)
            else:
                for node, part in ((start, value.start), (end, value.end)):
                    if part is not None:
                        self._bound(node, part.earliest, True, ident, "date", why)
                        self._bound(node, part.latest, False, ident, "date", why)
        self._add_tenures(start, end, claim)
        for link in claim.links:
            self._add_link(start, end, claim, link.relation, link.event)

    def _add_tenures(self, start: _Node, end: _Node, claim: Claim) -> None:
        corpus = self.context.corpus
        offices: Sequence[str] = self.context.options.get("office_actions", _OFFICE_ACTIONS)
        for participant in claim.actors:
            if participant.office is None or not corpus.has_actor(participant.actor):
                continue
            roles = corpus.actor(participant.actor).roles_as(participant.office)
            if not roles:
                continue
            who = f"(names {participant.actor} as {participant.office}"
            if all(role.start is not None for role in roles):
                first = min(role.start.earliest for role in roles if role.start is not None)
                self._bound(
                    start, first, True, claim.id, "tenure", f"{who}, in office from {first})"
                )
                if claim.action in offices:
                    last = max(role.start.latest for role in roles if role.start is not None)
                    self._bound(
                        start, last, False, claim.id, "office", f"{who} taking office by {last})"
                    )
            if all(role.end is not None for role in roles):
                last = max(role.end.latest for role in roles if role.end is not None)
                self._bound(end, last, False, claim.id, "tenure", f"{who}, in office until {last})")

    def _add_link(
        self, start: _Node, end: _Node, claim: Claim, relation: LinkRelation, event: str
    ) -> None:
        other_start, other_end = (event, "start"), (event, "end")
        pairs: dict[LinkRelation, list[tuple[_Node, _Node]]] = {
            # (earlier, later): x[earlier] <= x[later]
            LinkRelation.AFTER: [(other_end, start)],
            LinkRelation.BEFORE: [(end, other_start)],
            LinkRelation.SINCE: [(other_start, start), (start, other_end)],
            LinkRelation.UNTIL: [(other_start, end), (end, other_end)],
            LinkRelation.DURING: [(other_start, start), (end, other_end)],
        }
        mine = start[0]
        text = f"{_quoted(self.context, claim.id)} puts {mine} {relation.value} {event}"
        for earlier, later in pairs[relation]:
            self.links.append(_Constraint(later, earlier, 0, claim.id, "link", text))

    def constraints(self, active: frozenset[str], links: bool) -> list[_Constraint]:
        """The constraints of the `active` claims, with the shape of the events they touch."""
        chosen = [c for c in self.own if c.claim in active]
        if links:
            chosen += [c for c in self.links if c.claim in active]
        touched = {node[0] for c in chosen for node in (c.source, c.target) if node != _ORIGIN}
        return [c for c in self.shape if c.source[0] in touched] + chosen

    @staticmethod
    def negative_cycle(constraints: Iterable[_Constraint]) -> list[_Constraint] | None:
        """The constraints of a negative cycle, in cycle order from the origin, or `None`."""
        import networkx as nx

        best: dict[tuple[_Node, _Node], _Constraint] = {}
        for item in constraints:
            pair = (item.source, item.target)
            held = best.get(pair)
            if held is None or (item.weight, item.claim or "", item.kind) < (
                held.weight,
                held.claim or "",
                held.kind,
            ):
                best[pair] = item
        graph = nx.DiGraph()
        graph.add_node(_ORIGIN)
        graph.add_weighted_edges_from(
            (source, target, item.weight) for (source, target), item in sorted(best.items())
        )
        try:
            cycle: list[_Node] = nx.find_negative_cycle(graph, _ORIGIN)
        except nx.NetworkXError:
            return None
        if _ORIGIN in cycle:
            at = cycle.index(_ORIGIN)
            cycle = cycle[at:-1] + cycle[:at] + [_ORIGIN]
        return [best[(a, b)] for a, b in itertools.pairwise(cycle)]

    def conflicts(self) -> Iterator[tuple[list[_Constraint], frozenset[str]]]:
        """Minimal sets of claims whose order constraints, links included, cannot all hold."""
        active = frozenset(i for idents in self.claims.values() for i in idents)
        while True:
            cycle = self.negative_cycle(self.constraints(active, links=False))
            if cycle is None:
                break
            active -= {c.claim for c in cycle if c.claim is not None}
        while True:
            cycle = self.negative_cycle(self.constraints(active, links=True))
            if cycle is None:
                return
            culprits = {c.claim for c in cycle if c.claim is not None}
            for ident in sorted(culprits):
                rest = frozenset(culprits - {ident})
                if self.negative_cycle(self.constraints(rest, links=True)) is not None:
                    culprits.discard(ident)
            minimal = frozenset(culprits)
            found = self.negative_cycle(self.constraints(minimal, links=True))
            if found is None:
                # Shrinking lost the cycle (it also needs the shape of an event that only a
                # dropped claim touches): report the cycle as it was found.
                found, minimal = cycle, frozenset(c.claim for c in cycle if c.claim is not None)
            if not minimal:
                return
            yield found, minimal
            active -= minimal


def _components(context: Context) -> Iterator[tuple[list[str], dict[str, list[str]]]]:
    """Connected components of linked events, with the factual claims of each event key."""
    parent: dict[str, str] = {}

    def find(key: str) -> str:
        parent.setdefault(key, key)
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    keyed: dict[str, list[str]] = defaultdict(list)
    for claim in context.claims_by_id():
        if not claim.links or not _factual(claim):
            continue
        key = claim.event or claim.id
        for link in claim.links:
            first, second = find(key), find(link.event)
            if first != second:
                parent[max(first, second)] = min(first, second)
        if not claim.event:
            keyed[key].append(claim.id)
    for event in sorted(parent):
        for ident in context.index.events.get(event, ()):
            if _factual(context.claim(ident)) and ident not in keyed[event]:
                keyed[event].append(ident)
    groups: dict[str, list[str]] = defaultdict(list)
    for key in sorted(parent):
        groups[find(key)].append(key)
    for root in sorted(groups):
        keys = groups[root]
        yield keys, {key: sorted(keyed.get(key, [])) for key in keys}


def _order_conflicts(context: Context) -> Iterator[Hit]:
    for keys, claims in _components(context):
        network = _Network(context, keys, claims)
        for cycle, culprits in network.conflicts():
            order: list[str] = []
            for item in cycle:
                if item.claim is not None and item.claim not in order:
                    order.append(item.claim)
            clauses: list[str] = []
            for item in cycle:
                if item.text and item.text not in clauses:
                    clauses.append(item.text)
            short = -sum(item.weight for item in cycle)
            named = (
                " and ".join(order)
                if len(order) <= 2
                else f"{', '.join(order[:-1])} and {order[-1]}"
            )
            yield Hit(
                kind=Kind.FAIL,
                message=(
                    f"the order constraints of {named} cannot all hold: {'; '.join(clauses)} "
                    f"(short by {short} day{'s' if short != 1 else ''})"
                ),
                claims=order,
                details={
                    "events": list(keys),
                    "cycle": [
                        {
                            "claim": item.claim,
                            "kind": item.kind,
                            "from": network.name(item.source)
                            if item.source != _ORIGIN
                            else "origin",
                            "to": network.name(item.target) if item.target != _ORIGIN else "origin",
                            "max_days": item.weight
                            if _ORIGIN not in (item.source, item.target)
                            else None,
                            "bound": _bound_text(item),
                        }
                        for item in cycle
                    ],
                    "short_by_days": short,
                    "claims": sorted(culprits),
                },
            )


def _bound_text(item: _Constraint) -> str | None:
    if item.source == _ORIGIN:
        return f"<= {date.fromordinal(item.weight).isoformat()}"
    if item.target == _ORIGIN:
        return f">= {date.fromordinal(-item.weight).isoformat()}"
    return None


@rule(
    "CK0403",
    "timelines.unsatisfiable-order",
    Severity.ERROR,
    options={"office_actions": list(_OFFICE_ACTIONS)},
)
def unsatisfiable_order(context: Context) -> Iterator[Hit]:
    """Order constraints from dates, links and tenures cannot all hold.

    Dates bound each event, links order events ("following Petro's inauguration" is `after:
    petro-inauguration`), and an actor named in an office (`{actor: gustavo-petro, as:
    president}`) puts the claim inside that office's tenure; an office-taking (option
    `office_actions`) happens at the tenure's start. Together these form a simple temporal
    network over days, one per connected group of linked events; a negative cycle means no
    order fits them all. The finding names the smallest set of claims whose constraints form
    the cycle, each with its quote. Conflicts among dates or tenures alone, without a link,
    are left to the dates and actors rules.

    Example:
        ```yaml
        claims:
          - {id: took-office, action: office.take, date: "2022-08-07",
             actors: {holder: {actor: gustavo-petro, as: president}}, event: inauguration}
          - {id: resumed, action: relations.restore, date: "2018",
             actors: {parties: [colombia, venezuela]},
             links: [{relation: after, event: inauguration}]}
        ```

    Fixed:
        ```yaml
        claims:
          - {id: took-office, action: office.take, date: "2022-08-07",
             actors: {holder: {actor: gustavo-petro, as: president}}, event: inauguration}
          - {id: resumed, action: relations.restore, date: "2022-08-07",
             actors: {parties: [colombia, venezuela]},
             links: [{relation: after, event: inauguration}]}
        ```
    """
    yield from _order_conflicts(context)


# ---------------------------------------------------------------------------------------------
# CK0404: gaps


def _days(value: PartialDate | None) -> _Days | None:
    return None if value is None else (value.earliest, value.latest)


def _possibly_between(value: _Days | None, first: _Days, last: _Days) -> bool:
    """Whether `value` may lie between `first` and `last` (`a.before(b)` is `a[1] < b[0]`)."""
    return value is None or not (value[1] < first[0] or last[1] < value[0])


def _certainly_between(value: _Days | None, first: _Days, last: _Days) -> bool:
    return value is not None and first[1] < value[0] and value[1] < last[0]


def _gaps(context: Context, timeline: _Timeline) -> Iterator[Hit]:
    clusters = _cluster(timeline.transitions)
    states = [(s, _days(s.date)) for s in timeline.states]
    for later in clusters:
        if later.days is None or not later.action.after:
            continue
        # The transitions certainly before `later`. One whose last day comes before another's
        # first day has that other certainly between it and `later`, so only the frontier
        # (those reaching the latest first day among them) can open a gap.
        before = [
            c
            for c in clusters
            if c.days is not None
            and c.days[1] < later.days[0]
            and _scopes_meet(c.scope, later.scope)
        ]
        frontier = max((c.days[0] for c in before if c.days is not None), default=None)
        for earlier in before:
            assert earlier.days is not None
            if (
                frontier is None
                or earlier.days[1] < frontier
                or earlier.state in later.action.after
                or _filled(states, clusters, earlier, later)
            ):
                continue
            yield _gap_hit(context, timeline, earlier, later)


def _gap_hit(context: Context, timeline: _Timeline, earlier: _Cluster, later: _Cluster) -> Hit:
    facet = timeline.key[0]
    assert earlier.date is not None
    assert later.date is not None
    missing = sorted(
        action.id
        for action in context.corpus.actions
        if action.facet == facet and action.sets in later.action.after
    )
    needed = " or ".join(later.action.after)
    how = f" ({', '.join(missing)})" if missing else ""
    again = "again " if earlier.state == later.state else ""
    return Hit(
        kind=Kind.REVIEW,
        message=(
            f"{timeline.name}: set to {earlier.state} in {earlier.date} "
            f"({_quoted(context, earlier.claims[0])}) and {again}to {later.state} in "
            f"{later.date} ({_quoted(context, later.claims[0])}), which needs {needed} "
            f"first: no transition to {needed}{how} attested between {earlier.date} "
            f"and {later.date}"
        ),
        claims=earlier.claims + later.claims,
        details={
            "facet": facet,
            "actors": list(timeline.key[1]),
            "earlier": {
                "claims": list(earlier.claims),
                "state": earlier.state,
                "date": str(earlier.date),
            },
            "later": {
                "claims": list(later.claims),
                "state": later.state,
                "date": str(later.date),
                "needs": list(later.action.after),
            },
            "missing_actions": missing,
            "arithmetic": f"{earlier.date.latest} < {later.date.earliest}",
        },
    )


def _filled(
    states: Sequence[tuple[_Entry, _Days | None]],
    clusters: Sequence[_Cluster],
    earlier: _Cluster,
    later: _Cluster,
) -> bool:
    """Whether something attested may lie between two transitions, or a closer pair exists."""
    assert earlier.days is not None
    assert later.days is not None
    for other in clusters:
        if other is earlier or other is later or not _scopes_meet(other.scope, later.scope):
            continue
        if other.state != earlier.state:
            if _possibly_between(other.days, earlier.days, later.days):
                return True
        elif _certainly_between(other.days, earlier.days, later.days):
            return True
    return any(
        state.state in later.action.after
        and _scopes_meet(state.scope, later.scope)
        and _possibly_between(days, earlier.days, later.days)
        for state, days in states
    )


@rule("CK0404", "timelines.gap", Severity.WARNING)
def gap(context: Context) -> Iterator[Hit]:
    """Two transitions follow each other with the transition between them missing.

    Relations broken in 2008 and broken again in 2019 need a restoration in between. The same
    kind of event can happen twice, so this is not a conflict: the corpus does not attest the
    transition between them, and a person should look. A gap is reported only when nothing
    attested (a transition to another state, a state claim of the missing state, an undated
    report) could lie between the two, and only for the closest such pair.

    Example:
        ```yaml
        claims:
          - {id: broken-2008, action: relations.break, actors: {parties: [colombia, venezuela]},
             date: "2008"}
          - {id: broken-2019, action: relations.break, actors: {parties: [colombia, venezuela]},
             date: "2019"}
        ```

    Fixed:
        ```yaml
        claims:
          - {id: broken-2008, action: relations.break, actors: {parties: [colombia, venezuela]},
             date: "2008"}
          - {id: restored-2010, action: relations.restore,
             actors: {parties: [colombia, venezuela]}, date: "2010"}
          - {id: broken-2019, action: relations.break, actors: {parties: [colombia, venezuela]},
             date: "2019"}
        ```
    """
    for timeline in _timelines(context):
        yield from _gap_hits(context, timeline)


def _gap_hits(context: Context, timeline: _Timeline) -> list[Hit]:
    """`_gaps`, once per check and timeline (it reads no option)."""
    return _memo_hits(context, "gaps", timeline.key, lambda: _gaps(context, timeline))


# ---------------------------------------------------------------------------------------------
# CK0405: coherent timelines


def _period_text(value: PartialDate | None) -> str:
    """A date as the timeline summary says it: `since 2015`, `until 2021-10`, `2019`."""
    if value is None or not value.is_interval:
        return _text(value)
    if value.start is None and not value.open_start and value.end is not None:
        return f"until {value.end}"
    if value.end is None and value.start is not None:
        return f"since {value.start}" if value.open_end else f"from {value.start}"
    return str(value)


def _step(state: str, scope: frozenset[str], value: PartialDate | None) -> str:
    return f"{state}{_scope_text(scope)} {_period_text(value)}"


@rule(
    "CK0405",
    "timelines.coherent",
    Severity.INFO,
    options={
        "initial_states": dict(_INITIAL_STATES),
        "partial_states": list(_PARTIAL_STATES),
        "office_actions": list(_OFFICE_ACTIONS),
    },
)
def coherent(context: Context) -> Iterator[Hit]:
    """Independent sources attest one facet timeline that fits one possible order.

    Agreement matters as much as conflict: when at least two independent sources (near
    duplicates count once) report the transitions and states of one facet, and none of their
    claims is in an out-of-order, incompatible-states or unsatisfiable-order conflict, the
    timeline is corroborated. The finding lists the steps in date order and says which
    transition precedes which ("relations.break 2019 precedes relations.restore 2022-08-07").
    A timeline with a gap (CK0404: two breaks with no restoration attested between them) is
    still an agreement, since no claim contradicts another, but it is not called coherent:
    the finding says "no conflict; 1 gap to review" and the gap is reported on its own. Its
    options mirror those of CK0401, CK0402 and CK0403, which it runs to decide.

    Example:
        ```yaml
        claims:
          - {id: closed, action: border.closed, actors: {parties: [colombia, venezuela]},
             date: "2015/2021-10", evidence: [{source: a, quote: closed since 2015}]}
          - {id: opened, action: border.open, actors: {parties: [colombia, venezuela]},
             date: "2022-09-26", evidence: [{source: b, quote: opened on September 26}]}
        ```

    Fixed:
        ```yaml
        # Nothing to fix: the finding reports an agreement.
        claims:
          - {id: closed, action: border.closed, actors: {parties: [colombia, venezuela]},
             date: "2015/2021-10", evidence: [{source: a, quote: closed since 2015}]}
        ```
    """
    initial: Mapping[str, str] = context.options.get("initial_states", _INITIAL_STATES)
    partial = frozenset(context.options.get("partial_states", _PARTIAL_STATES))
    ordered: set[str] | None = None  # claims in CK0403 conflicts, computed when first needed
    for timeline in _timelines(context):
        idents = sorted(entry.claim for entry in timeline.entries)
        sources = context.index.independent(
            source for ident in idents for source in context.claim(ident).sources
        )
        if len(sources) < 2:
            continue
        if ordered is None:
            ordered = {ident for hit in _order_conflicts(context) for ident in hit.claims}
        conflicting = set(ordered)
        for hit in (
            *_out_of_order_hits(context, timeline, initial),
            *_incompatible_hits(context, timeline, partial),
        ):
            conflicting.update(hit.claims)
        if conflicting & set(idents):
            continue
        clusters = _cluster(timeline.transitions)
        steps: list[tuple[tuple[int, date, date, str], str]] = []
        for cluster in clusters:
            steps.append(
                (_sort_key(cluster.date), _step(cluster.state, cluster.scope, cluster.date))
            )
        for entry in timeline.states:
            steps.append((_sort_key(entry.date), _step(entry.state, entry.scope, entry.date)))
        summary = " .. ".join(text for _, text in sorted(steps))
        order, pairs = _order_text(clusters)
        gaps = len(_gap_hits(context, timeline))
        verdict = (
            f"no conflict; {gaps} gap{'s' if gaps != 1 else ''} to review"
            if gaps
            else "one coherent timeline"
        )
        yield Hit(
            kind=Kind.PASS,
            message=(
                f"{timeline.name}: {summary}{order}: {verdict} ({len(idents)} claim"
                f"{'s' if len(idents) != 1 else ''}, {len(sources)} sources)"
            ),
            claims=idents,
            details={
                "facet": timeline.key[0],
                "actors": list(timeline.key[1]),
                "steps": [text for _, text in sorted(steps)],
                "order": pairs,
                "gaps": gaps,
                "sources": list(sources),
            },
            severity=Severity.INFO,
        )


def _transition_text(cluster: _Cluster) -> str:
    return f"{cluster.action.id}{_scope_text(cluster.scope)} {_text(cluster.date)}"


def _order_text(clusters: Sequence[_Cluster]) -> tuple[str, list[dict[str, Any]]]:
    """The transitions in date order as words (`; in order, a precedes b, which ...`) and data.

    Two consecutive transitions are said to precede one another only when their dates
    certainly do (the last day of one before the first day of the next); otherwise the
    words say they may overlap.
    """
    dated = [c for c in clusters if c.days is not None]
    if len(dated) < 2:
        return "", []
    text = _transition_text(dated[0])
    pairs: list[dict[str, Any]] = []
    for index, (earlier, later) in enumerate(itertools.pairwise(dated)):
        assert earlier.days is not None
        assert later.days is not None
        certain = earlier.days[1] < later.days[0]
        verb = "precedes" if certain else "may overlap"
        text += f"{' ' if index == 0 else ', which '}{verb} {_transition_text(later)}"
        pairs.append(
            {
                "earlier": {"action": earlier.action.id, "date": str(earlier.date)},
                "later": {"action": later.action.id, "date": str(later.date)},
                "certain": certain,
                "arithmetic": f"{earlier.days[1]} {'<' if certain else '>='} {later.days[0]}",
            }
        )
    return f"; in order, {text}", pairs


# ---------------------------------------------------------------------------------------------
# CK0406: order links that hold

_ORDERS: Mapping[LinkRelation, str] = {
    LinkRelation.AFTER: "follows",
    LinkRelation.BEFORE: "precedes",
    LinkRelation.SINCE: "runs since",
    LinkRelation.UNTIL: "runs until",
}
# The words that state each order in a quote ("following the inauguration of ...").
_ORDER_WORDS: Mapping[LinkRelation, re.Pattern[str]] = {
    LinkRelation.AFTER: re.compile(r"\b(?:following|after|since|once)\b[^,;]*", re.IGNORECASE),
    LinkRelation.BEFORE: re.compile(r"\b(?:before|prior to|ahead of)\b[^,;]*", re.IGNORECASE),
    LinkRelation.SINCE: re.compile(r"\b(?:since|as of)\b[^,;]*", re.IGNORECASE),
    LinkRelation.UNTIL: re.compile(r"\b(?:until|till)\b[^,;]*", re.IGNORECASE),
}

_Range = tuple[date, date]


def _ends(value: PartialDate) -> tuple[_Range, _Range]:
    """The days the first and the last day of an event dated `value` may be.

    A single date is a point event: its first and last day are one day somewhere in it. An
    interval's ends are its endpoints; an open or unknown end may be any day on that side.
    """
    if not value.is_interval:
        return (value.earliest, value.latest), (value.earliest, value.latest)
    start = value.start
    end = value.end
    first = (start.earliest, start.latest) if start is not None else (date.min, value.latest)
    last = (end.earliest, end.latest) if end is not None else (value.earliest, date.max)
    return first, last


def _order_certain(relation: LinkRelation, mine: PartialDate, theirs: PartialDate) -> str | None:
    """The arithmetic that shows the order certainly holds (same day allowed), or `None`.

    Mirrors the constraints CK0403 adds for each link: `after` puts this event's first day
    on or after the other's last, `before` its last day on or before the other's first, and
    `since`/`until` its first/last day within the other event.
    """
    (my_first, my_last), (their_first, their_last) = _ends(mine), _ends(theirs)
    if relation is LinkRelation.AFTER and their_last[1] <= my_first[0]:
        return f"{their_last[1]} <= {my_first[0]}"
    if relation is LinkRelation.BEFORE and my_last[1] <= their_first[0]:
        return f"{my_last[1]} <= {their_first[0]}"
    for kind, mine_end in ((LinkRelation.SINCE, my_first), (LinkRelation.UNTIL, my_last)):
        if relation is kind and their_first[1] <= mine_end[0] and mine_end[1] <= their_last[0]:
            return f"{their_first[1]} <= {mine_end[0]} and {mine_end[1]} <= {their_last[0]}"
    return None


def _order_quote(context: Context, ident: str, relation: LinkRelation) -> str:
    """The words of a claim's evidence that state the order, or its first quote."""
    claim = context.claim(ident)
    for span in claim.evidence:
        found = _ORDER_WORDS[relation].search(span.quote)
        if found:
            return found.group().strip()
    return context.quote(ident)


def _width(value: PartialDate) -> int:
    return (min(value.latest, date.max) - value.earliest).days


def _peers(context: Context, event: str) -> tuple[str, ...]:
    """The claims of an event: those with that event id, or the claim with that id."""
    found = context.index.events.get(event)
    if found:
        return found
    return (event,) if event in {claim.id for claim in context.corpus.claims} else ()


@rule("CK0406", "timelines.order-holds", Severity.INFO)
def order_holds(context: Context) -> Iterator[Hit]:
    """A claim's order link (after, before, since, until) that the dates show holds.

    A conflict between order links and dates is an error (CK0403); an order that the dates
    confirm is worth showing too, because it is what a reader checks first: the resumption of
    relations on 2022-08-07 "following the presidential inauguration of Gustavo Petro" on
    2022-08-07. For each link of a factual claim with a date, the claims of the linked event
    that have dates are read, and the link is reported as holding when, with the effective
    dates (annotated or stated) and three-valued logic, it holds for every day the dates may
    be; the same day counts for `after` and `before`, as in CK0403. The finding names both
    events, their dates, the claim that dates the other event (the narrowest one) and the
    words that state the order. `during` links are not orders and are not reported.

    Example:
        ```yaml
        claims:
          - {id: took-office, action: office.take, date: "2022-08-07",
             actors: {holder: gustavo-petro}, event: inauguration}
          - {id: resumed, action: relations.restore, date: "2022-08-07",
             actors: {parties: [colombia, venezuela]},
             links: [{relation: after, event: inauguration}]}
        ```

    Fixed:
        ```yaml
        # Nothing to fix: the finding reports an order that holds. Without the resumption's
        # date, the order can be neither confirmed nor reported.
        claims:
          - {id: resumed, action: relations.restore, actors: {parties: [colombia, venezuela]},
             links: [{relation: after, event: inauguration}]}
        ```
    """
    for claim in context.claims_by_id():
        mine = context.date(claim.id)
        if mine is None or not claim.links or not _factual(claim):
            continue
        name = claim.event or claim.id
        for link in sorted(claim.links, key=lambda item: (item.relation.value, item.event)):
            if link.relation not in _ORDERS or link.event == name:
                continue
            best: tuple[int, str, PartialDate, str] | None = None
            for peer in sorted(_peers(context, link.event)):
                theirs = context.date(peer)
                if peer == claim.id or theirs is None or not _factual(context.claim(peer)):
                    continue
                arithmetic = _order_certain(link.relation, mine, theirs)
                if arithmetic is not None and (best is None or _width(theirs) < best[0]):
                    best = (_width(theirs), peer, theirs, arithmetic)
            if best is None:
                continue
            _, peer, theirs, arithmetic = best
            words = _order_quote(context, claim.id, link.relation)
            yield Hit(
                kind=Kind.PASS,
                message=(
                    f"{name} ({mine}) {_ORDERS[link.relation]} {link.event} ({theirs}, "
                    f"{_quoted(context, peer)}): {claim.id} '{words}'"
                ),
                claims=(claim.id, peer),
                details={
                    "relation": link.relation.value,
                    "event": {"name": name, "claim": claim.id, "date": str(mine)},
                    "other": {"name": link.event, "claim": peer, "date": str(theirs)},
                    "words": words,
                    "arithmetic": arithmetic,
                },
                severity=Severity.INFO,
            )
