"""Check the seed corpus annotations by hand, independently of claimkit's loader.

Not a test: a script an annotator runs while editing `seeds/`:

    python tests/support/check_seed_quotes.py            # from the repository root
    python tests/support/check_seed_quotes.py --verbose  # also list every claim

It reads `seeds/sources.yaml`, `seeds/actors.yaml`, `seeds/claims/*.yaml` and the shipped
vocabulary `src/claimkit/vocabularies/diplomacy.yaml` with ruamel.yaml and verifies that:

- every file is a corpus file (`claimkit: 1`) with only the keys the file format allows;
- ids (sources, actors, actions, claims) are well formed and unique;
- every evidence quote occurs in its source exactly once, or exactly once after its
  `prefix` / `suffix` / `occurrence` are applied;
- every actor, place, speaker, office (`as:`), action, role and linked event exists, required
  roles are filled and reported speech has a speaker;
- dates are EDTF of the shapes claimkit reads, and a claim's date can fall in the tenure of
  every office it names;
- the seed texts are byte-for-byte the shared originals (when `../shared/seeds` exists).

Exit status 0 when everything holds, 1 otherwise.
"""

from __future__ import annotations

import argparse
import calendar
import datetime as dt
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
VOCABULARY = ROOT / "src" / "claimkit" / "vocabularies" / "diplomacy.yaml"
SHARED_SEEDS = ROOT.parent / "shared" / "seeds"

TOP_KEYS = {"claimkit", "defaults", "sources", "actors", "actions", "claims"}
SOURCE_KEYS = {"id", "path", "title", "outlet", "url", "language", "published"}
ACTOR_KEYS = {"id", "kind", "name", "aliases", "wikidata", "roles"}
ROLE_KEYS = {"office", "of", "title", "aliases", "from", "to"}
ACTION_KEYS = {
    "id",
    "label",
    "roles",
    "required",
    "facet",
    "key",
    "sets",
    "holds",
    "after",
    "description",
}
CLAIM_KEYS = {
    "id",
    "action",
    "actors",
    "date",
    "place",
    "quantities",
    "scope",
    "polarity",
    "modality",
    "speaker",
    "event",
    "links",
    "evidence",
    "suppress",
    "note",
}
SPAN_KEYS = {"quote", "source", "prefix", "suffix", "occurrence"}
QUANTITY_KEYS = {"of", "value", "comparator", "unit"}
LINK_KEYS = {"relation", "event"}
KINDS = {"person", "organisation", "state", "place", "group", "other"}
COMPARATORS = {"=", "<", "<=", ">", ">=", "~"}
POLARITIES = {"affirmed", "negated"}
MODALITIES = {"asserted", "reported", "planned", "hypothetical"}
RELATIONS = {"after", "before", "since", "until", "during"}
ID_RE = re.compile(r"\A[a-z0-9][a-z0-9._-]*\Z")
SOURCE_ID_RE = re.compile(r"\A[A-Za-z0-9][A-Za-z0-9._-]*\Z")
POINT_RE = re.compile(r"\A(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?\Z")

errors: list[str] = []
warnings: list[str] = []


def error(where: str, message: str) -> None:
    errors.append(f"{where}: {message}")


def warn(where: str, message: str) -> None:
    warnings.append(f"{where}: {message}")


def read_yaml(path: Path) -> dict[str, Any]:
    yaml = YAML(typ="safe", pure=True)
    # claimkit reads timestamps as strings; do the same so `2022-11-09` stays EDTF text.
    yaml.constructor.add_constructor(
        "tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node)
    )
    data = yaml.load(path.read_text("utf-8"))
    rel = path.relative_to(ROOT)
    if not isinstance(data, dict):
        error(str(rel), "not a mapping")
        return {}
    if data.get("claimkit") != 1:
        error(str(rel), f"'claimkit' must be 1, got {data.get('claimkit')!r}")
    extra = set(data) - TOP_KEYS
    if extra:
        error(str(rel), f"unknown top-level keys {sorted(extra)}")
    return data


def check_keys(where: str, item: Any, allowed: set[str], required: set[str]) -> bool:
    if not isinstance(item, dict):
        error(where, f"expected a mapping, got {item!r}")
        return False
    extra = set(item) - allowed
    if extra:
        error(where, f"unknown keys {sorted(extra)}")
    missing = required - set(item)
    if missing:
        error(where, f"missing keys {sorted(missing)}")
    return True


def fold(name: str) -> str:
    """Accent-, case- and punctuation-insensitive form of a name."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    return " ".join(re.sub(r"[^\w]+", " ", text).split())


# --- EDTF (the subset claimkit reads) -------------------------------------------------------


def point_range(text: str) -> tuple[dt.date, dt.date]:
    match = POINT_RE.match(text)
    if not match:
        raise ValueError(f"{text!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
    year = int(match.group(1))
    if match.group(3):
        day = dt.date(year, int(match.group(2)), int(match.group(3)))
        return day, day
    if match.group(2):
        month = int(match.group(2))
        last = calendar.monthrange(year, month)[1]
        return dt.date(year, month, 1), dt.date(year, month, last)
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def date_range(value: Any) -> tuple[dt.date, dt.date]:
    """The earliest and latest day a date (point or interval) may cover."""
    text = str(value)
    if "/" not in text:
        return point_range(text)
    left, right = text.split("/", 1)
    if left in ("", "..") and right in ("", ".."):
        raise ValueError(f"{text!r}: an interval needs at least one end")
    start = dt.date.min if left in ("", "..") else point_range(left)[0]
    end = dt.date.max if right in ("", "..") else point_range(right)[1]
    if start > end:
        raise ValueError(f"{text!r}: start after end")
    return start, end


def check_date(where: str, value: Any) -> tuple[dt.date, dt.date] | None:
    if isinstance(value, bool) or not isinstance(value, str | int):
        error(where, f"expected an EDTF string, got {value!r}")
        return None
    try:
        return date_range(value)
    except ValueError as exc:
        error(where, str(exc))
        return None


# --- Quotes --------------------------------------------------------------------------------


def find_all(text: str, quote: str) -> list[int]:
    found, start = [], text.find(quote)
    while start != -1:
        found.append(start)
        start = text.find(quote, start + 1)
    return found


def anchor(where: str, text: str, span: dict[str, Any]) -> int | None:
    quote = span.get("quote")
    if not isinstance(quote, str) or not quote:
        error(where, "a span needs a non-empty 'quote'")
        return None
    if quote != quote.strip():
        warn(where, "quote has leading or trailing whitespace")
    hits = find_all(text, quote)
    if not hits:
        folded = [i for i in range(len(text)) if fold(text[i : i + len(quote)]) == fold(quote)]
        hint = f" (matches folded at {folded[:3]})" if folded else ""
        error(where, f"quote not found in source: {quote!r}{hint}")
        return None
    prefix, suffix, occurrence = span.get("prefix"), span.get("suffix"), span.get("occurrence")
    if prefix is not None:
        hits = [h for h in hits if text[:h].endswith(prefix)]
    if suffix is not None:
        hits = [h for h in hits if text[h + len(quote) :].startswith(suffix)]
    if occurrence is not None:
        if not isinstance(occurrence, int) or occurrence < 1:
            error(where, f"occurrence must be a positive integer, got {occurrence!r}")
            return None
        hits = hits[occurrence - 1 : occurrence]
    if len(hits) != 1:
        how = "after prefix/suffix/occurrence " if {prefix, suffix, occurrence} != {None} else ""
        error(where, f"quote occurs {len(hits)} times {how}in source: {quote!r}")
        return None
    return hits[0]


# --- The corpus ----------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--verbose", action="store_true", help="list every claim")
    args = parser.parse_args()

    # Seed texts, unchanged.
    texts = {p.stem: p.read_text("utf-8") for p in sorted(SEEDS.glob("*.txt"))}
    if SHARED_SEEDS.is_dir():
        for path in sorted(SHARED_SEEDS.glob("*.txt")):
            ours = SEEDS / path.name
            if not ours.exists() or ours.read_bytes() != path.read_bytes():
                error(str(ours.relative_to(ROOT)), "differs from the shared original")

    # Sources.
    sources_file = SEEDS / "sources.yaml"
    source_ids: set[str] = set()
    for i, src in enumerate(read_yaml(sources_file).get("sources", [])):
        where = f"seeds/sources.yaml: sources[{i}]"
        if not check_keys(where, src, SOURCE_KEYS, {"id"}):
            continue
        sid = src["id"]
        if not SOURCE_ID_RE.match(str(sid)) or sid in source_ids:
            error(where, f"bad or duplicate source id {sid!r}")
        source_ids.add(sid)
        path = sources_file.parent / src.get("path", f"{sid}.txt")
        if not path.is_file():
            error(where, f"no text file {path.relative_to(ROOT)}")
        if "published" in src:
            check_date(f"{where}.published", src["published"])
            head = re.match(r"\A date (\d{4}-\d{2}-\d{2}) ", texts.get(sid, ""))
            if head and head.group(1) != str(src["published"]):
                error(where, f"published {src['published']} but the text says {head.group(1)}")
    missing_meta = set(texts) - source_ids
    if missing_meta:
        warn("seeds/sources.yaml", f"texts without metadata: {sorted(missing_meta)}")
    source_ids |= set(texts)

    # Actors.
    actors: dict[str, dict[str, Any]] = {}
    alias_owner: dict[str, str] = {}
    actor_data = read_yaml(SEEDS / "actors.yaml").get("actors", [])
    for i, actor in enumerate(actor_data):
        where = f"seeds/actors.yaml: actors[{i}]"
        if not check_keys(where, actor, ACTOR_KEYS, {"id", "kind", "name"}):
            continue
        aid = actor["id"]
        if not ID_RE.match(str(aid)):
            error(where, f"bad actor id {aid!r}")
        if aid in actors:
            error(where, f"duplicate actor id {aid!r}")
        actors[aid] = actor
        if actor["kind"] not in KINDS:
            error(where, f"unknown kind {actor['kind']!r}")
        for name in [actor["name"], *actor.get("aliases", [])]:
            key = fold(name)
            if key in alias_owner and alias_owner[key] != aid:
                error(where, f"name {name!r} also belongs to {alias_owner[key]!r}")
            alias_owner[key] = aid
    for i, actor in enumerate(actor_data):
        for j, role in enumerate(actor.get("roles", []) if isinstance(actor, dict) else []):
            where = f"seeds/actors.yaml: actors[{i}].roles[{j}]"
            if not check_keys(where, role, ROLE_KEYS, {"office"}):
                continue
            if role.get("of") is not None and role["of"] not in actors:
                error(where, f"unknown actor {role['of']!r} in 'of'")
            for key in ("from", "to"):
                if key in role and str(role[key]) != "..":
                    check_date(f"{where}.{key}", role[key])

    def tenure(role: dict[str, Any]) -> tuple[dt.date, dt.date]:
        start = date_range(role["from"])[0] if "from" in role else dt.date.min
        end = dt.date.max if str(role.get("to", "..")) == ".." else date_range(role["to"])[1]
        return start, end

    def offices(aid: str, office: str) -> list[dict[str, Any]]:
        wanted = fold(office)
        found = []
        for role in actors.get(aid, {}).get("roles", []):
            names = [
                role["office"].replace("-", " "),
                role.get("title") or "",
                *role.get("aliases", []),
            ]
            if wanted in {fold(n) for n in names if n}:
                found.append(role)
        return found

    # Actions.
    actions: dict[str, dict[str, Any]] = {}
    for i, action in enumerate(read_yaml(VOCABULARY).get("actions", [])):
        where = f"{VOCABULARY.relative_to(ROOT)}: actions[{i}]"
        if not check_keys(where, action, ACTION_KEYS, {"id", "label"}):
            continue
        if action["id"] in actions:
            error(where, f"duplicate action id {action['id']!r}")
        actions[action["id"]] = action
        roles = set(action.get("roles", []))
        if not set(action.get("required", [])) <= roles:
            error(where, "required roles must be among its roles")
        if action.get("facet"):
            if action.get("key") not in roles:
                error(where, "a facet needs a 'key' that is one of its roles")
            if ("sets" in action) == ("holds" in action):
                error(where, "a facet action has either 'sets' or 'holds'")
            if "after" in action and "sets" not in action:
                error(where, "'after' only goes with 'sets'")
        elif {"key", "sets", "holds", "after"} & set(action):
            error(where, "'key', 'sets', 'holds' and 'after' need a 'facet'")

    # Claims: first pass collects event ids.
    claim_files = sorted((SEEDS / "claims").glob("*.yaml"))
    loaded = [(path, read_yaml(path)) for path in claim_files]
    events: dict[str, list[str]] = defaultdict(list)
    for _path, data in loaded:
        for claim in data.get("claims", []):
            if isinstance(claim, dict) and claim.get("event"):
                events[claim["event"]].append(claim.get("id", "?"))

    claim_ids: set[str] = set()
    per_file: Counter[str] = Counter()
    used_actors: set[str] = set()
    used_actions: Counter[str] = Counter()
    for path, data in loaded:
        rel = str(path.relative_to(ROOT))
        default_source = (data.get("defaults") or {}).get("source")
        if data.get("defaults") and set(data["defaults"]) - {"source"}:
            error(rel, f"unknown defaults {sorted(set(data['defaults']) - {'source'})}")
        if default_source is not None and default_source not in source_ids:
            error(rel, f"defaults.source {default_source!r} is not a source")
        for i, claim in enumerate(data.get("claims", [])):
            where = f"{rel}: claims[{i}]"
            if not check_keys(where, claim, CLAIM_KEYS, {"id", "action", "evidence"}):
                continue
            cid = claim["id"]
            where = f"{rel}: {cid}"
            per_file[rel] += 1
            if not ID_RE.match(cid):
                error(where, "bad claim id")
            if cid in claim_ids:
                error(where, "duplicate claim id")
            claim_ids.add(cid)
            if not cid.startswith(f"s{path.stem}."):
                error(where, f"claim ids in {path.name} start with 's{path.stem}.'")

            action = actions.get(claim["action"])
            used_actions[claim["action"]] += 1
            if action is None:
                error(where, f"unknown action {claim['action']!r}")
                action = {"roles": [], "required": []}

            date = None
            if "date" in claim:
                date = check_date(f"{where}.date", claim["date"])
                if not isinstance(claim["date"], str):
                    warn(where, "quote dates in YAML")

            filled: set[str] = set()
            for role, fill in (claim.get("actors") or {}).items():
                if role not in action.get("roles", []):
                    error(where, f"role {role!r} is not a role of {claim['action']}")
                filled.add(role)
                for item in fill if isinstance(fill, list) else [fill]:
                    if isinstance(item, str):
                        aid, office = item, None
                    elif (
                        isinstance(item, dict) and set(item) <= {"actor", "as"} and "actor" in item
                    ):
                        aid, office = item["actor"], item.get("as")
                    else:
                        error(where, f"{role}: expected an actor id or {{actor, as}}, got {item!r}")
                        continue
                    used_actors.add(aid)
                    if aid not in actors:
                        error(where, f"{role}: unknown actor {aid!r}")
                        continue
                    if office is not None:
                        held = offices(aid, office)
                        if not held:
                            error(where, f"{role}: {aid} holds no office {office!r}")
                        elif date is not None and not any(
                            date[0] <= tenure(r)[1] and tenure(r)[0] <= date[1] for r in held
                        ):
                            error(
                                where,
                                f"{role}: {claim['date']} is outside {aid}'s tenure as {office}",
                            )
            missing = set(action.get("required", [])) - filled
            if missing:
                error(where, f"required roles not filled: {sorted(missing)}")

            place = claim.get("place")
            if place is not None:
                used_actors.add(place)
                if place not in actors:
                    error(where, f"unknown place {place!r}")
                elif actors[place]["kind"] != "place":
                    error(where, f"place {place!r} is a {actors[place]['kind']}, not a place")
            speaker = claim.get("speaker")
            if speaker is not None:
                used_actors.add(speaker)
                if speaker not in actors:
                    error(where, f"unknown speaker {speaker!r}")
            modality = claim.get("modality", "asserted")
            if modality not in MODALITIES:
                error(where, f"unknown modality {modality!r}")
            if modality == "reported" and speaker is None:
                error(where, "reported speech needs a speaker")
            if speaker is not None and modality != "reported":
                warn(where, "a speaker on a claim that is not reported speech")
            if claim.get("polarity", "affirmed") not in POLARITIES:
                error(where, f"unknown polarity {claim['polarity']!r}")
            for j, quantity in enumerate(claim.get("quantities", [])):
                qwhere = f"{where}.quantities[{j}]"
                if check_keys(qwhere, quantity, QUANTITY_KEYS, {"of", "value"}):
                    if quantity.get("comparator", "=") not in COMPARATORS:
                        error(qwhere, f"unknown comparator {quantity['comparator']!r}")
                    if not isinstance(quantity["value"], int | float):
                        error(qwhere, "value must be a number")
            scope = claim.get("scope", [])
            if not isinstance(scope, list) or not all(isinstance(s, str) for s in scope):
                error(where, "scope is a list of strings")
            for j, link in enumerate(claim.get("links", [])):
                lwhere = f"{where}.links[{j}]"
                if check_keys(lwhere, link, LINK_KEYS, LINK_KEYS):
                    if link["relation"] not in RELATIONS:
                        error(lwhere, f"unknown relation {link['relation']!r}")
                    if link["event"] not in events:
                        error(lwhere, f"unknown event {link['event']!r}")
                    if link["event"] == claim.get("event"):
                        error(lwhere, "a claim's event cannot be linked to itself")
            if claim.get("links") and not claim.get("event"):
                warn(where, "links on a claim without an event id")

            evidence = claim.get("evidence")
            if not isinstance(evidence, list) or not evidence:
                error(where, "evidence must be a non-empty list of spans")
                evidence = []
            for j, span in enumerate(evidence):
                swhere = f"{where}.evidence[{j}]"
                if not check_keys(swhere, span, SPAN_KEYS, {"quote"}):
                    continue
                sid = span.get("source", default_source)
                if sid is None or sid not in texts:
                    error(swhere, f"unknown source {sid!r}")
                    continue
                anchor(swhere, texts[sid], span)
            if args.verbose:
                print(f"{cid:50} {claim['action']:28} {claim.get('date', '-')}")

    # Events shared across articles, and what is left unused.
    shared = {e: ids for e, ids in events.items() if len({i.split(".")[0] for i in ids}) > 1}
    unused_actors = sorted(set(actors) - used_actors)
    unused_actions = sorted(set(actions) - set(used_actions))

    for line in warnings:
        print("warning:", line)
    for line in errors:
        print("error:", line)
    print()
    for rel, count in sorted(per_file.items()):
        print(f"{rel}: {count} claims")
    print(
        f"claims: {sum(per_file.values())}, actors: {len(actors)}, actions: {len(actions)} "
        f"({len(used_actions)} used)"
    )
    print("events shared across articles:")
    for event, ids in sorted(shared.items()):
        print(f"  {event}: {', '.join(sorted(ids))}")
    if unused_actors:
        print("actors no claim names (fine when an article names them):", ", ".join(unused_actors))
    if unused_actions:
        print("vocabulary actions no seed claim uses:", ", ".join(unused_actions))
    print("OK" if not errors else f"{len(errors)} error(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
