"""The grounding rules (CK0201-CK0203) beyond their cases: messages, details and laws."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

import claimkit
from claimkit._engine import check
from claimkit._findings import Finding, Kind, Severity
from claimkit._rules import registered_rules

RULES = {rule.code: rule for rule in registered_rules(plugins=False)}

ACTORS: list[dict[str, Any]] = [
    {"id": "venezuela", "kind": "state", "name": "Venezuela"},
    {"id": "colombia", "kind": "state", "name": "Colombia"},
    {"id": "fanb", "kind": "organisation", "name": "FANB"},
    {"id": "nicolas-maduro", "kind": "person", "name": "Nicolás Maduro", "aliases": ["Maduro"]},
    {"id": "gustavo-petro", "kind": "person", "name": "Gustavo Petro", "aliases": ["Petro"]},
]


def run(code: str, claims: list[dict[str, Any]], texts: dict[str, str]) -> list[Finding]:
    data = {"claimkit": 1, "actors": ACTORS, "claims": claims}
    corpus = claimkit.corpus_from_data(data, texts=texts)
    return list(check(corpus, rules=[RULES[code]]).findings)


# --- CK0202 ------------------------------------------------------------------------------------

COMMANDERS = (
    " date 2022-11-09 The high command of the FANB is meeting Colombian officers this Wednesday."
    "\n\nFrom San Antonio, the first meeting of border commanders is taking place."
)


def commanders(*, shared: bool = True) -> list[dict[str, Any]]:
    claims = [
        {
            "id": "meeting",
            "action": "meeting",
            "actors": {"participants": ["fanb", "colombia"]},
            "event": "commanders",
            "evidence": [{"source": "s1", "quote": "The high command of the FANB is meeting"}],
        },
        {
            "id": "meeting-place",
            "action": "meeting",
            "actors": {"participants": ["fanb", "gustavo-petro"]},
            "evidence": [
                {"source": "s1", "quote": "the first meeting of border commanders is taking place"}
            ],
        },
    ]
    if shared:
        claims[1]["event"] = "commanders"
    return claims


def test_an_actor_named_by_a_claim_of_the_same_event_is_not_reported_missing() -> None:
    (finding,) = run("CK0202", commanders(), {"s1": COMMANDERS})
    assert finding.claims == ("meeting-place",)
    assert [item["actor"] for item in finding.details["missing"]] == ["gustavo-petro"]
    assert finding.details["named_by_peers"] == {"fanb": {"claim": "meeting", "words": "FANB"}}
    assert "nor in that of a claim of its event" in finding.message


def test_without_an_event_the_actor_is_missing_and_the_message_names_no_peer() -> None:
    (finding,) = run("CK0202", commanders(shared=False), {"s1": COMMANDERS})
    assert [item["actor"] for item in finding.details["missing"]] == ["fanb", "gustavo-petro"]
    assert finding.details["named_by_peers"] == {}
    assert "claim of its event" not in finding.message


# --- CK0203 ------------------------------------------------------------------------------------


def activities(value: float, comparator: str = "=") -> list[dict[str, Any]]:
    return [
        {
            "id": "shield",
            "action": "military-operation",
            "quantities": [{"of": "activities", "value": value, "comparator": comparator}],
            "evidence": [{"source": "s1", "quote": "the execution of 16 activities"}],
        }
    ]


SHIELD = {"s1": " date 2023-05-12 Padrino presented the execution of 16 activities."}


def test_a_count_copied_wrong_names_the_number_the_quote_writes() -> None:
    (finding,) = run("CK0203", activities(15), SHIELD)
    assert (finding.kind, finding.severity) == (Kind.FAIL, Severity.WARNING)
    assert finding.message == (
        "claim shield gives activities = 15, but its evidence and the sentence around it write "
        "only 16 activities (s1: 'the execution of 16 activities')"
    )
    assert finding.details["quantity"] == {
        "of": "activities",
        "value": 15,
        "unit": None,
        "comparator": "=",
    }
    assert finding.details["numbers"][0]["text"] == "16"


def test_the_comparator_of_an_exact_number_is_not_what_is_checked() -> None:
    assert run("CK0203", activities(16, ">="), SHIELD) == []


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 10**7), st.integers(0, 10**7))
def test_a_count_is_supported_exactly_when_the_text_writes_it(written: int, claimed: int) -> None:
    texts = {"s1": f" date 2023-05-12 Padrino presented the execution of {written:,} activities."}
    claims = activities(claimed)
    claims[0]["evidence"] = [{"source": "s1", "quote": f"the execution of {written:,} activities"}]
    assert bool(run("CK0203", claims, texts)) == (written != claimed)
