# The actors family (CK05): do the offices and names that claims give actors fit the actors?
#
# `outside-tenure` and `unknown-office` look at each participant with an office (`as:`) once,
# against the roles of that one actor: O(participants x roles of the actor).
# `ambiguous-alias` folds every actor's names once into a table keyed by the folded name:
# O(names). Grounding actors in the evidence text is the grounding family's work (CK02).

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from claimkit._findings import Hit, Kind, Severity
from claimkit._model import Claim, Participant, Role, normalize_name
from claimkit._rules._registry import rule

if TYPE_CHECKING:
    from claimkit._engine import Context

__all__ = ["ambiguous_alias", "outside_tenure", "unknown_office"]


def _short(text: str, limit: int = 60) -> str:
    """The text on one line, cut to `limit` characters, in single quotes."""
    flat = " ".join(text.split())
    if len(flat) > limit:
        flat = flat[: limit - 1] + "…"
    return f"'{flat}'"


def _offices(context: Context) -> Iterator[tuple[Claim, Participant]]:
    """Every participant given an office, with its claim, in claim id then written order."""
    for claim in context.claims_by_id():
        for participant in claim.actors:
            if participant.office is not None and context.corpus.has_actor(participant.actor):
                yield claim, participant


def _quoted(context: Context, claim: Claim) -> str:
    quote = context.quote(claim.id)
    return f" ({_short(quote)})" if quote else ""


@rule("CK0501", "actors.outside-tenure", Severity.ERROR)
def outside_tenure(context: Context) -> Iterator[Hit]:
    """An actor acting in an office on a date outside every tenure of that office.

    A claim that names someone in an office ("Defense Minister Juan Carlos Pinzón") says
    they held it on the claim's date. When the date lies certainly outside every recorded
    tenure of that office, either the date is wrong, the office is wrong, or the actor is
    someone else. A claim without a date, or an office whose tenure is not recorded, gives
    no finding: only a certain conflict is reported.

    Example:
        ```yaml
        # juan-carlos-pinzon: defence-minister from 2011-09 to 2015-06
        claims:
          - id: c1
            action: announcement
            actors: {speaker: {actor: juan-carlos-pinzon, as: Defense Minister}}
            date: "2022"
        ```

    Fixed:
        ```yaml
        claims:
          - id: c1
            action: announcement
            actors: {speaker: {actor: juan-carlos-pinzon, as: Defense Minister}}
            date: "2013"
        ```
    """
    for claim, participant in _offices(context):
        when = context.date(claim.id)
        office = participant.office
        assert office is not None
        roles = context.corpus.actor(participant.actor).roles_as(office)
        if when is None or not roles or any(_unknown(role) for role in roles):
            continue
        if any(role.tenure.overlaps(when) is not False for role in roles):
            continue
        actor = context.corpus.actor(participant.actor)
        tenures = [
            (role, "before" if when.before(role.tenure) else "after", when.gap_days(role.tenure))
            for role in roles
        ]
        shown = " and ".join(str(role.tenure) for role, _, _ in tenures)
        gaps = ", ".join(f"{gap} days {relation}" for _, relation, gap in tenures)
        yield Hit(
            kind=Kind.FAIL,
            message=(
                f"claim {claim.id}{_quoted(context, claim)}, dated {when}, has {actor.name} "
                f"({actor.id}) act as {office}, but {actor.name} held that office only "
                f"{shown} ({when} is {gaps} the tenure)"
            ),
            claims=(claim.id,),
            details={
                "claim": claim.id,
                "actor": actor.id,
                "role": participant.role,
                "office": office,
                "date": str(when),
                "tenures": [
                    {
                        "office": role.office,
                        "of": role.of,
                        "tenure": str(role.tenure),
                        "relation": relation,
                        "gap_days": gap,
                    }
                    for role, relation, gap in tenures
                ],
            },
        )


def _unknown(role: Role) -> bool:
    """Whether nothing is known of a role's tenure."""
    return role.start is None and role.end is None and not role.ongoing


@rule("CK0502", "actors.unknown-office", Severity.WARNING)
def unknown_office(context: Context) -> Iterator[Hit]:
    """A claim gives an actor an office the actor never held.

    The office in `as:` is matched (accent- and case-insensitively) against the office id,
    title and aliases of the actor's roles. When none matches, either the claim misnames
    the office (or the actor), or the actor's record lacks the role. It is a gap to review,
    not a proven conflict: an actor file is rarely complete, so add the role (with its
    tenure) or correct the claim.

    Example:
        ```yaml
        # gustavo-petro: president of colombia from 2022-08-07
        claims:
          - id: c1
            action: announcement
            actors: {speaker: {actor: gustavo-petro, as: Defense Minister}}
        ```

    Fixed:
        ```yaml
        claims:
          - id: c1
            action: announcement
            actors: {speaker: {actor: gustavo-petro, as: president}}
        ```
    """
    for claim, participant in _offices(context):
        office = participant.office
        assert office is not None
        actor = context.corpus.actor(participant.actor)
        if actor.roles_as(office):
            continue
        held = sorted({role.office for role in actor.roles})
        names = sorted({normalize_name(name) for role in actor.roles for name in role.names()})
        close = difflib.get_close_matches(normalize_name(office), names, n=1)
        known = f"the roles recorded are {', '.join(held)}" if held else "no roles are recorded"
        hint = f"; did you mean {close[0]!r}?" if close else ""
        yield Hit(
            kind=Kind.REVIEW,
            message=(
                f"claim {claim.id}{_quoted(context, claim)} gives {actor.name} ({actor.id}) "
                f"the office {office!r}, which none of the actor's roles names: {known}{hint}"
            ),
            claims=(claim.id,),
            details={
                "claim": claim.id,
                "actor": actor.id,
                "role": participant.role,
                "office": office,
                "offices": held,
                "suggestion": close[0] if close else None,
            },
        )


@rule("CK0503", "actors.ambiguous-alias", Severity.WARNING)
def ambiguous_alias(context: Context) -> Iterator[Hit]:
    """Two actors share a name or alias.

    Names are matched without accents, case or punctuation, so "Pinzón" and "pinzon" are
    one name. When two actors list the same folded name, a source that uses it could mean
    either, and grounding a claim's actors in its evidence cannot tell them apart. Give each
    actor names that only it answers to (a full name, a title), or drop the shared alias.

    Example:
        ```yaml
        actors:
          - {id: ivan-duque, kind: person, name: Iván Duque, aliases: [Duque]}
          - {id: maria-duque, kind: person, name: María Duque, aliases: [Duque]}
        ```

    Fixed:
        ```yaml
        actors:
          - {id: ivan-duque, kind: person, name: Iván Duque, aliases: [President Duque]}
          - {id: maria-duque, kind: person, name: María Duque, aliases: [Senator Duque]}
        ```
    """
    table: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for actor in sorted(context.corpus.actors, key=lambda a: a.id):
        for name in actor.names():
            folded = normalize_name(name)
            if folded and name not in table[folded][actor.id]:
                table[folded][actor.id].append(name)
    for folded, owners in sorted(table.items()):
        if len(owners) < 2:
            continue
        spelled: dict[str, Any] = {ident: sorted(names) for ident, names in sorted(owners.items())}
        shown = " or ".join(
            f"{ident} ({', '.join(repr(n) for n in names)})" for ident, names in spelled.items()
        )
        yield Hit(
            kind=Kind.REVIEW,
            message=f"the name {folded!r} could mean {shown}: each of these actors lists it",
            details={"name": folded, "actors": spelled},
        )
