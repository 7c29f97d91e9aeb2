# The quantities family of rules (CK06xx): the numbers claims report about one event.
#
# Quantities are compared only inside one event (an explicit event id) and only when they
# measure the same thing: the key is the folded `of` plus the folded unit, so "16 activities"
# and "16 soldiers" never meet, and neither do "2,219 km" of two different events. Each
# quantity is the range of values it allows (`Quantity.bounds`, comparators respected); within
# a key the disjoint pairs come from the sweep shared with the dates family, O(n log n + k).
# Units are not converted: "2,219 km" and "1,379 mi" are different keys.

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from claimkit._findings import Hit, Kind, Severity
from claimkit._model import Comparator, Modality, Polarity, Quantity, normalize_name
from claimkit._rules._registry import rule
from claimkit._rules.dates import cite, disjoint_pairs

if TYPE_CHECKING:
    from claimkit._engine import Context

__all__ = ["agreement", "incompatible"]

# How far "about N" (`~`) may be from N, as a fraction of N.
_ABOUT = 0.1
_REPORTS = frozenset({Modality.ASSERTED, Modality.REPORTED})
_WORDS = {
    Comparator.EQ: "",
    Comparator.LT: "less than ",
    Comparator.LE: "at most ",
    Comparator.GT: "more than ",
    Comparator.GE: "at least ",
    Comparator.ABOUT: "about ",
}

_Key = tuple[str, str]
_Item = tuple[str, Quantity, tuple[float, float]]


def _number(value: float) -> str:
    if math.isinf(value):
        return "∞" if value > 0 else "-∞"
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,}"


def _json_number(value: float) -> float | int | None:
    if math.isinf(value):
        return None
    return int(value) if float(value).is_integer() else value


def _said(quantity: Quantity) -> str:
    unit = f" {quantity.unit}" if quantity.unit else ""
    return f"{_WORDS[quantity.comparator]}{_number(quantity.value)}{unit}"


def _bounds(bounds: tuple[float, float]) -> list[float | int | None]:
    return [_json_number(bounds[0]), _json_number(bounds[1])]


def _by_key(context: Context, members: Sequence[str]) -> dict[_Key, list[_Item]]:
    """The quantities of the affirmed reports of one event, by (folded of, folded unit)."""
    about = float(context.options.get("about", _ABOUT))
    keyed: dict[_Key, list[_Item]] = defaultdict(list)
    for ident in sorted(members):
        claim = context.claim(ident)
        if claim.polarity is not Polarity.AFFIRMED or claim.modality not in _REPORTS:
            continue
        for quantity in claim.quantities:
            key = (normalize_name(quantity.of), normalize_name(quantity.unit or ""))
            keyed[key].append((ident, quantity, quantity.bounds(about)))
    return dict(sorted(keyed.items()))


@rule("CK0601", "quantities.incompatible", Severity.ERROR, options={"about": _ABOUT})
def incompatible(context: Context) -> Iterator[Hit]:
    """Two reports of one event give numbers for the same thing that cannot both be true.

    Claims that share an `event` id describe one event, so what they count or measure
    must be able to take one value. Each quantity is the range its comparator allows:
    "more than 2000 km" is 2000 and up, "about 90,000" is within 10% of 90,000 (the option
    `about`), "2,219 km" is exactly that; two quantities conflict only when their ranges
    cannot meet. Only quantities of the same thing in the same unit are compared (the `of`
    and the unit, folded), so "16 activities" and "16 soldiers" never meet; each conflicting
    pair is reported as the smallest set that cannot hold. Only affirmed reports count.

    Example:
        ```yaml
        claims:
          - {id: a, action: border.share, actors: {parties: [colombia, venezuela]},
             event: border, quantities: [{of: border length, value: 2219, unit: km}]}
          - {id: b, action: border.share, actors: {parties: [colombia, venezuela]},
             event: border, quantities: [{of: border length, value: 1500, unit: km}]}
        ```

    Fixed:
        ```yaml
        claims:
          - {id: a, action: border.share, actors: {parties: [colombia, venezuela]},
             event: border, quantities: [{of: border length, value: 2219, unit: km}]}
          - {id: b, action: border.share, actors: {parties: [colombia, venezuela]},
             event: border,
             quantities: [{of: border length, value: 2000, unit: km, comparator: ">"}]}
        ```
    """
    for event, members in context.index.events.items():
        for (of, unit), items in _by_key(context, members).items():
            for first, second in disjoint_pairs([bounds for _, _, bounds in items]):
                (a, qa, ba), (b, qb, bb) = items[first], items[second]
                if a == b:
                    continue
                yield Hit(
                    kind=Kind.FAIL,
                    message=(
                        f"two reports of event {event} give {qa.of} values that cannot meet: "
                        f"{_said(qa)} ({cite(context, a)}) allows at most {_number(ba[1])}, "
                        f"{_said(qb)} ({cite(context, b)}) at least {_number(bb[0])}"
                    ),
                    claims=(a, b),
                    details={
                        "event": event,
                        "of": of,
                        "unit": unit or None,
                        "values": {a: _said(qa), b: _said(qb)},
                        "bounds": {a: _bounds(ba), b: _bounds(bb)},
                        "gap": _json_number(bb[0] - ba[1]),
                    },
                )


@rule("CK0602", "quantities.agreement", Severity.INFO, options={"about": _ABOUT})
def agreement(context: Context) -> Iterator[Hit]:
    """Independent sources agree on a number for one event.

    A number two independent sources give (near-identical texts count once) is better
    established than one. For each event (claims sharing an `event` id) and each thing
    counted or measured (the folded `of` and unit), when every affirmed report's range
    meets every other's and the reports come from at least two independent sources, this
    rule reports the agreement and the sharpened range: "more than 2000 km" and "2,219 km"
    agree on 2,219 km. The same number about different things, or about different events,
    never links two claims; one source never agrees with itself.

    Example:
        ```yaml
        claims:
          - {id: a, action: border.share, actors: {parties: [colombia, venezuela]},
             event: border, quantities: [{of: border length, value: 2219, unit: km}],
             evidence: [{source: s1, quote: "2,219 km"}]}
          - {id: b, action: border.share, actors: {parties: [colombia, venezuela]},
             event: border,
             quantities: [{of: border length, value: 2000, unit: km, comparator: ">"}],
             evidence: [{source: s2, quote: "more than 2000 km"}]}
        ```

    Fixed:
        ```yaml
        # An agreement needs no fixing; with a single source there is nothing to report.
        claims:
          - {id: a, action: border.share, actors: {parties: [colombia, venezuela]},
             event: border, quantities: [{of: border length, value: 2219, unit: km}],
             evidence: [{source: s1, quote: "2,219 km"}]}
        ```
    """
    for event, members in context.index.events.items():
        for (of, unit), items in _by_key(context, members).items():
            low = max(bounds[0] for _, _, bounds in items)
            high = min(bounds[1] for _, _, bounds in items)
            if low > high:
                continue
            claims = tuple(dict.fromkeys(ident for ident, _, _ in items))
            sources = context.index.independent(
                source for ident in claims for source in context.claim(ident).sources
            )
            if len(sources) < 2:
                continue
            sharpened = _number(low) if low == high else f"{_number(low)} to {_number(high)}"
            said = items[0][1]
            unit_text = f" {said.unit}" if said.unit else ""
            cited = "; ".join(f"{_said(q)}, {cite(context, ident)}" for ident, q, _ in items)
            yield Hit(
                kind=Kind.PASS,
                message=(
                    f"{len(sources)} independent sources agree the {said.of} of event {event} "
                    f"is {sharpened}{unit_text} ({cited})"
                ),
                claims=claims,
                details={
                    "event": event,
                    "of": of,
                    "unit": unit or None,
                    "values": {ident: _said(q) for ident, q, _ in items},
                    "sharpened": _bounds((low, high)),
                    "independent_sources": list(sources),
                },
            )
