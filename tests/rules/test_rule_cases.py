"""Every rule's passing and failing cases, kept as data in `tests/rules/cases/*.yaml`.

A case is a small corpus (source texts and corpus-file data) and the exact findings one rule
must produce on it, as (kind, claims) pairs. A rule with no failing case or no passing case
fails `test_every_rule_has_passing_and_failing_cases`.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import attrs
import pytest

import claimkit
from claimkit._engine import check
from claimkit._load import DEFAULT_LIMITS, _read_yaml
from claimkit._rules import registered_rules

CASES = Path(__file__).parent / "cases"


def _read(path: Path) -> Any:
    # claimkit's own YAML reader: dates stay strings, exactly as in corpus files.
    return _read_yaml(path.read_text("utf-8"), path.name, DEFAULT_LIMITS).data


COMMON: dict[str, Any] = _read(CASES / "_common.yaml")


def _cases() -> list[dict[str, Any]]:
    found = []
    for path in sorted(CASES.glob("[!_]*.yaml")):
        for case in _read(path) or []:
            case["file"] = path.name
            found.append(case)
    return found


CASE_LIST = _cases()
RULES = {rule.code: rule for rule in registered_rules(plugins=False)}


def build(case: dict[str, Any]) -> claimkit.Corpus:
    """The corpus of one case: its texts, its data, and the common actors unless it has its own.

    A case may also give `offsets: {"claim#0": [start, end]}`, set on spans after loading, and
    `pinned: {texts: {source: old text}, spans: {"claim#0": [s, e]}}`:
    a lock recorded when the sources had their old texts, to test what changed since.
    """
    data = {"claimkit": 1, **case.get("data", {})}
    if "actors" not in data:
        data["actors"] = COMMON["actors"]
    corpus = claimkit.corpus_from_data(data, texts=case.get("texts", {}))
    offsets = case.get("offsets")
    if offsets:
        # Offsets set in code after loading, as a pipeline building claims might set them;
        # a claim file holding offsets that miss their quote does not load at all.
        claims = []
        for claim in corpus.claims:
            evidence = tuple(
                attrs.evolve(span, start=offsets[key][0], end=offsets[key][1])
                if (key := f"{claim.id}#{index}") in offsets
                else span
                for index, span in enumerate(claim.evidence)
            )
            claims.append(attrs.evolve(claim, evidence=evidence))
        corpus = attrs.evolve(corpus, claims=tuple(claims))
    pinned = case.get("pinned")
    if pinned:
        hashes = {k: claimkit.Source(id=k, text=v).sha256 for k, v in pinned["texts"].items()}
        spans = {}
        for key, (start, end) in pinned.get("spans", {}).items():
            claim, _, index = key.rpartition("#")
            spans[(claim, int(index))] = (start, end)
        corpus = attrs.evolve(corpus, lock=claimkit.Lock.build(hashes, spans))
    return corpus


def found(case: dict[str, Any]) -> Counter[tuple[str, tuple[str, ...]]]:
    report = check(build(case), rules=[RULES[case["rule"]]])
    return Counter((f.kind.value, tuple(sorted(f.claims))) for f in report.findings)


@pytest.mark.parametrize(
    "case", CASE_LIST, ids=[f"{c['rule']}-{c['name'].replace(' ', '-')}" for c in CASE_LIST]
)
def test_rule_case_produces_exactly_its_expected_findings(case: dict[str, Any]) -> None:
    expected = Counter(
        (item["kind"], tuple(sorted(item.get("claims", [])))) for item in case.get("expect", [])
    )
    assert found(case) == expected


def test_every_rule_has_passing_and_failing_cases() -> None:
    failing = {c["rule"] for c in CASE_LIST if c.get("expect")}
    passing = {c["rule"] for c in CASE_LIST if not c.get("expect")}
    missing = sorted(
        f"{code} ({'failing' if code not in failing else 'passing'})"
        for code in RULES
        if code not in failing or code not in passing
    )
    assert not missing, f"rules without cases: {', '.join(missing)}"


def test_every_case_names_a_registered_rule() -> None:
    unknown = sorted({c["rule"] for c in CASE_LIST} - set(RULES))
    assert not unknown
