"""Generate a realistic synthetic claimkit corpus for benchmarks.

A corpus of `claims` claims over about `claims / per_source` sources: every claim is one
sentence of an article, written from templates with varied actors and date phrases of mixed
precision ("in 2019", "in August 2019", "on August 7, 2019", "on August 7", "last Sunday"),
and quotes that sentence as its evidence. Actor pairs carry state timelines (relations
broken and restored in turn, borders closed and opened in turn); meetings fill the rest.
Each event is reported by one to four sources under one `event` id, and a known share of
the events reported twice or more gets one report with a disjoint date (a planted
`dates.incompatible` conflict).

The output directory holds `corpus/` (the corpus: `sources/*.txt`, `actors.yaml` and
`claims/*.jsonl`) and `manifest.json` (the parameters, counts and planted event ids).

Usage:
    python benchmarks/generate.py OUT --claims 10000 [--seed 0] [--conflict-rate 0.01]
"""

from __future__ import annotations

import argparse
import bisect
import datetime as dt
import json
import math
import random
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs

__all__ = ["Manifest", "generate"]

_MONTHS = [
    *("January", "February", "March", "April", "May", "June"),
    *("July", "August", "September", "October", "November", "December"),
]
_WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_ONSETS = [
    *("B", "D", "F", "G", "K", "L", "M", "N", "P", "R", "S", "T", "V", "Z"),
    *("Br", "Dr", "Gr", "Kr", "Tr", "Vr", "St", "Sk"),
]
_VOWELS = ["a", "e", "i", "o", "u", "ai", "ei", "ou"]
_CODAS = ["", "", "n", "r", "l", "s", "nd", "rt", "sk"]
_ENDINGS = ["ia", "and", "ovia", "istan", "ora", "esh", "ar", "ania", "ura"]

# Sentence templates by action: `{a}` and `{b}` are actor names, `{when}` a date phrase.
_TEMPLATES: dict[str, tuple[str, ...]] = {
    "relations.break": (
        "{a} broke off diplomatic relations with {b} {when}",
        "{a} severed its diplomatic ties with {b} {when}",
        "The government of {a} cut relations with {b} {when}",
    ),
    "relations.restore": (
        "{a} and {b} restored diplomatic relations {when}",
        "{a} re-established relations with {b} {when}",
        "Diplomatic ties between {a} and {b} were restored {when}",
    ),
    "border.close": (
        "{a} closed its border with {b} {when}",
        "The border between {a} and {b} was shut {when}",
        "{a} sealed the frontier with {b} {when}",
    ),
    "border.open": (
        "{a} reopened its border with {b} {when}",
        "The border between {a} and {b} reopened {when}",
        "{a} lifted the closure of the frontier with {b} {when}",
    ),
    "meeting": (
        "Officials of {a} and {b} met {when}",
        "Delegations from {a} and {b} held a meeting {when}",
        "Ministers of {a} and {b} gathered for talks {when}",
        "Envoys of {a} met their counterparts from {b} {when}",
    ),
}
_ENDS = (".", ", officials said.", ", according to the ministry.", ", a spokesperson confirmed.")
_FILLER = (
    "The statement gave no further details",
    "Analysts expect the dispute to continue",
    "Trade between the two countries has varied widely",
    "Local residents described long queues at the crossings",
    "Neither side responded to requests for comment",
)
# Timelines alternate these pairs of actions.
_CYCLES = (("relations.break", "relations.restore"), ("border.close", "border.open"))

_FIRST_DAY = dt.date(1990, 1, 1).toordinal()
_LAST_DAY = dt.date(2024, 6, 30).toordinal()


@attrs.frozen(kw_only=True)
class Manifest:
    """What was generated.

    Attributes:
        claims: How many claims.
        sources: How many sources.
        actors: How many actors.
        pairs: How many actor pairs carry events.
        events: How many events.
        planted: The event ids given a report with a disjoint date, sorted.
        seed: The random seed.
    """

    claims: int
    sources: int
    actors: int
    pairs: int
    events: int
    planted: tuple[str, ...]
    seed: int


@attrs.define
class _Event:
    ident: str
    action: str
    pair: tuple[int, int]
    day: int  # ordinal
    reports: int
    planted: bool = False


@attrs.define
class _Source:
    ident: str
    day: int  # publication day (ordinal)
    dated: bool
    sentences: list[str] = attrs.field(factory=list)
    seen: set[str] = attrs.field(factory=set)


def _names(count: int, rng: random.Random) -> list[str]:
    """`count` distinct invented country names, none inside another."""
    names: list[str] = []
    folded: list[str] = []
    while len(names) < count:
        name = (
            rng.choice(_ONSETS)
            + rng.choice(_VOWELS)
            + rng.choice(_CODAS)
            + rng.choice("bdgklmnprstv")
            + rng.choice(_ENDINGS)
        )
        low = name.lower()
        if any(low in other or other in low for other in folded):
            continue
        names.append(name)
        folded.append(low)
    return names


def _phrases(event_day: int, source: _Source) -> list[tuple[str, str]]:
    """Date phrases for `event_day` as written in `source`, with their EDTF value."""
    day = dt.date.fromordinal(event_day)
    month = _MONTHS[day.month - 1]
    found = [
        (f"in {day.year}", f"{day.year}"),
        (f"in {month} {day.year}", f"{day.year}-{day.month:02d}"),
        (f"on {month} {day.day}, {day.year}", day.isoformat()),
    ]
    if source.dated:
        published = dt.date.fromordinal(source.day)
        if day.year == published.year and day < published:
            found.append((f"on {month} {day.day}", day.isoformat()))
        if 1 <= source.day - event_day <= 6:
            found.append((f"last {_WEEKDAYS[day.weekday()]}", day.isoformat()))
    return found


def _sentence(
    event: _Event, names: list[str], source: _Source, rng: random.Random, day: int
) -> tuple[str, str]:
    """A sentence reporting `event` in `source`, unique in it, and the EDTF date it states."""
    a, b = (names[i] for i in event.pair)
    if rng.random() < 0.5:
        a, b = b, a
    phrases = _phrases(day, source)
    rng.shuffle(phrases)
    # The day-precision absolute phrase is unique for a pair and action: try it last.
    phrases.sort(key=lambda item: item[0].startswith("on ") and "," in item[0])
    templates = list(_TEMPLATES[event.action])
    rng.shuffle(templates)
    for when, edtf in phrases:
        for template in templates:
            for end in _ENDS:
                text = template.format(a=a, b=b, when=when) + end
                if text not in source.seen:
                    return text, edtf
    raise AssertionError(f"no unique sentence for {event.ident} in {source.ident}")


def _events(claims: int, pairs: list[tuple[int, int]], rng: random.Random) -> Iterator[_Event]:
    """Events without end: timelines per pair (about a third of `claims`), then meetings."""
    total = 0  # an estimate: the caller stops when the claims are written
    counter = 0
    # About a third of the reports are of timeline transitions.
    per_pair = max(1, round(claims / 3 / 2.5 / len(pairs) / len(_CYCLES)))
    for pair in pairs:
        for cycle in _CYCLES:
            day = _FIRST_DAY + rng.randrange(0, 700)
            for step in range(per_pair):
                day += rng.randrange(60, 400)
                if day > _LAST_DAY - 30 or total >= claims / 3:
                    break
                reports = rng.choice((1, 2, 2, 3, 3, 4))
                counter += 1
                total += reports
                yield _Event(
                    ident=f"e{counter:07d}",
                    action=cycle[step % 2],
                    pair=pair,
                    day=day,
                    reports=reports,
                )
    used: dict[tuple[int, int], set[int]] = {}
    while True:
        pair = pairs[rng.randrange(len(pairs))]
        day = rng.randrange(_FIRST_DAY, _LAST_DAY - 30)
        taken = used.setdefault(pair, set())
        if day in taken:
            continue
        taken.add(day)
        counter += 1
        reports = rng.choice((1, 2, 2, 3, 3, 4))
        yield _Event(ident=f"e{counter:07d}", action="meeting", pair=pair, day=day, reports=reports)


def generate(
    out: str | Path,
    *,
    claims: int,
    per_source: int = 25,
    actors: int | None = None,
    conflict_rate: float = 0.01,
    undated_rate: float = 0.1,
    seed: int = 0,
) -> Manifest:
    """Write a synthetic corpus of `claims` claims to `out/corpus` and `out/manifest.json`.

    Args:
        out: The output directory (replaced if it exists).
        claims: How many claims.
        per_source: About how many claims each source holds.
        actors: How many actors (default: enough for one pair per 200 claims).
        conflict_rate: The share of events reported twice or more that get a planted
            disjoint date.
        undated_rate: The share of sources without a publication date.
        seed: The random seed; the same arguments give the same bytes.

    Returns:
        What was generated, with the planted event ids.
    """
    rng = random.Random(seed)
    pair_count = max(3, claims // 200)
    if actors is None:
        actors = max(3, math.ceil((1 + math.sqrt(1 + 8 * pair_count)) / 2))
    names = _names(actors, rng)
    every_pair = [(i, j) for i in range(actors) for j in range(i + 1, actors)]
    rng.shuffle(every_pair)
    pairs = sorted(every_pair[: min(pair_count, len(every_pair))])

    source_count = max(2, round(claims / per_source))
    days = sorted(rng.randrange(_FIRST_DAY + 30, _LAST_DAY) for _ in range(source_count - 1))
    days.append(_LAST_DAY)
    sources = [
        _Source(
            ident=f"s{i:06d}", day=day, dated=i == source_count - 1 or rng.random() >= undated_rate
        )
        for i, day in enumerate(days)
    ]

    records: list[dict[str, Any]] = []
    planted: list[str] = []
    events = 0
    for event in _events(claims, pairs, rng):
        if len(records) >= claims:
            break
        events += 1
        # The first report is fresh news (the next source after the event); the others come
        # from any source of the following three years.
        first = bisect.bisect_right(days, event.day)
        last = max(first + 1, bisect.bisect_right(days, event.day + 1095))
        chosen = [first]
        window = range(first + 1, last)
        if len(window) < event.reports - 1:
            window = range(first + 1, len(sources))
        wanted = min(event.reports, claims - len(records))
        chosen += rng.sample(window, min(len(window), wanted - 1))
        event.reports = len(chosen)
        plant = (
            event.reports >= 2 and event.action == "meeting" and rng.random() < conflict_rate * 2
        )
        for number, index in enumerate(chosen):
            source = sources[index]
            day = event.day
            if plant and number == len(chosen) - 1:
                # Two years earlier: disjoint from every other report, still in the past.
                day = (
                    dt.date.fromordinal(event.day)
                    .replace(year=dt.date.fromordinal(event.day).year - 2, day=1)
                    .toordinal()
                )
                event.planted = True
            text, edtf = _sentence(event, names, source, rng, day)
            source.seen.add(text)
            source.sentences.append(text)
            a, b = sorted(_slug(names[i]) for i in event.pair)
            role = "participants" if event.action == "meeting" else "parties"
            records.append(
                {
                    "id": f"{event.ident}.{number}",
                    "action": event.action,
                    "actors": {role: [a, b]},
                    "date": edtf,
                    "event": event.ident,
                    "evidence": [{"quote": text, "source": source.ident}],
                }
            )
        if event.planted:
            planted.append(event.ident)

    root = Path(out)
    if root.exists():
        shutil.rmtree(root)
    corpus = root / "corpus"
    (corpus / "sources").mkdir(parents=True)
    (corpus / "claims").mkdir()
    used_sources = 0
    for source in sources:
        if not source.sentences:
            continue
        used_sources += 1
        body = list(source.sentences)
        rng.shuffle(body)
        for filler in rng.sample(_FILLER, 2):
            body.insert(rng.randrange(len(body) + 1), filler + ".")
        prefix = f" date {dt.date.fromordinal(source.day).isoformat()} " if source.dated else ""
        paragraphs = []
        while body:
            size = rng.randint(2, 4)
            paragraphs.append(" ".join(body[:size]))
            del body[:size]
        text = prefix + f"Regional report {source.ident}\n\n" + "\n\n".join(paragraphs) + "\n"
        (corpus / "sources" / f"{source.ident}.txt").write_text(text, encoding="utf-8")
    # Claims whose source was never written do not exist: every chosen source has a sentence.
    records.sort(key=lambda item: item["id"])
    chunk = 100_000
    for start in range(0, len(records), chunk):
        path = corpus / "claims" / f"claims-{start // chunk:04d}.jsonl"
        with path.open("w", encoding="utf-8") as handle:
            for item in records[start : start + chunk]:
                handle.write(json.dumps(item, ensure_ascii=False, separators=(",", ":")) + "\n")
    lines = ["claimkit: 1", "actors:"]
    for name in names:
        lines += [f"  - id: {_slug(name)}", "    kind: state", f"    name: {name}"]
    (corpus / "actors.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")

    manifest = Manifest(
        claims=len(records),
        sources=used_sources,
        actors=actors,
        pairs=len(pairs),
        events=events,
        planted=tuple(sorted(planted)),
        seed=seed,
    )
    (root / "manifest.json").write_text(
        json.dumps(attrs.asdict(manifest), indent=2) + "\n", encoding="utf-8"
    )
    return manifest


def _slug(name: str) -> str:
    return name.lower()


def main(argv: list[str] | None = None) -> None:
    """Command line: `python benchmarks/generate.py OUT --claims N`."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out")
    parser.add_argument("--claims", type=int, required=True)
    parser.add_argument("--per-source", type=int, default=25)
    parser.add_argument("--conflict-rate", type=float, default=0.01)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    manifest = generate(
        args.out,
        claims=args.claims,
        per_source=args.per_source,
        conflict_rate=args.conflict_rate,
        seed=args.seed,
    )
    print(json.dumps(attrs.asdict(manifest) | {"planted": len(manifest.planted)}))


if __name__ == "__main__":
    main()
