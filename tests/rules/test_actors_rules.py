"""Tests for the actors rules (`claimkit._rules.actors`, CK05) beyond their cases."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from claimkit._engine import check
from claimkit._findings import Finding, Kind, Severity
from claimkit._load import corpus_from_data
from claimkit._model import Corpus
from claimkit._rules import registered_rules

RULES = {rule.code: rule for rule in registered_rules(plugins=False)}

PINZON = {
    "id": "juan-carlos-pinzon",
    "kind": "person",
    "name": "Juan Carlos Pinzón",
    "aliases": ["Pinzon"],
    "roles": [
        {
            "office": "defence-minister",
            "of": "colombia",
            "aliases": ["Defense Minister"],
            "from": "2011-09",
            "to": "2015-06",
        }
    ],
}
ACTORS = [
    {"id": "colombia", "kind": "state", "name": "Colombia"},
    {"id": "venezuela", "kind": "state", "name": "Venezuela"},
    PINZON,
]
TEXT = " date 2022-11-09 In 2022, Defense Minister Juan Carlos Pinzón asked Venezuela for help."
QUOTE = "Defense Minister Juan Carlos Pinzón asked Venezuela"


def request(ident: str, office: str | None = "Defense Minister", **fields: Any) -> dict[str, Any]:
    requester: Any = {"actor": "juan-carlos-pinzon", "as": office} if office else PINZON["id"]
    return {
        "id": ident,
        "action": "cooperation.request",
        "actors": {"requester": requester, "addressee": "venezuela"},
        "evidence": [{"source": "a", "quote": QUOTE}],
        **fields,
    }


def corpus_of(*claims: dict[str, Any], actors: list[Any] = ACTORS, text: str = TEXT) -> Corpus:
    data = {"claimkit": 1, "actors": actors, "claims": list(claims)}
    return corpus_from_data(data, texts={"a": text})


def run(corpus: Corpus, code: str) -> tuple[Finding, ...]:
    return check(corpus, rules=[RULES[code]]).findings


# --- CK0501 actors.outside-tenure ---------------------------------------------------------


def test_defense_minister_pinzon_in_a_claim_dated_2022_conflicts_with_his_tenure() -> None:
    (finding,) = run(corpus_of(request("c1", date="2022")), "CK0501")
    assert (finding.kind, finding.severity, finding.claims) == (Kind.FAIL, Severity.ERROR, ("c1",))
    assert finding.details["date"] == "2022"
    (tenure,) = finding.details["tenures"]
    assert tenure["tenure"] == "2011-09/2015-06"
    assert tenure["relation"] == "after"
    assert tenure["gap_days"] == 2376  # 2015-07-01 .. 2021-12-31
    for part in ("Juan Carlos Pinzón", "Defense Minister", "2022", "2011-09/2015-06", QUOTE):
        assert part in finding.message


def test_a_date_stated_by_the_evidence_alone_is_checked_against_the_tenure() -> None:
    claim = request("c1")
    claim["evidence"] = [{"source": "a", "quote": "In 2022, " + QUOTE}]
    (finding,) = run(corpus_of(claim), "CK0501")
    assert finding.details["date"] == "2022"


def test_an_unknown_date_or_tenure_gives_no_finding() -> None:
    undated = corpus_of(request("c1"), text="Defense Minister Juan Carlos Pinzón asked Venezuela.")
    assert run(undated, "CK0501") == ()
    no_dates = {
        **PINZON,
        "roles": [{"office": "defence-minister", "aliases": ["Defense Minister"]}],
    }
    actors = [*ACTORS[:2], no_dates]
    assert run(corpus_of(request("c1", date="2022"), actors=actors), "CK0501") == ()


def test_an_actor_named_without_an_office_is_not_checked_against_tenures() -> None:
    assert run(corpus_of(request("c1", office=None, date="2022")), "CK0501") == ()


def test_two_terms_in_one_office_conflict_only_with_a_date_between_or_beyond_them() -> None:
    terms = {
        **PINZON,
        "roles": [
            {"office": "defence-minister", "from": "2002", "to": "2006"},
            {"office": "defence-minister", "from": "2010", "to": "2014"},
        ],
    }
    actors = [*ACTORS[:2], terms]
    claims = [
        request(f"c{year}", date=str(year), office="defence-minister") for year in (2008, 2012)
    ]
    (finding,) = run(corpus_of(*claims, actors=actors), "CK0501")
    assert finding.claims == ("c2008",)
    assert [t["tenure"] for t in finding.details["tenures"]] == ["2002/2006", "2010/2014"]
    assert [t["relation"] for t in finding.details["tenures"]] == ["after", "before"]


# --- CK0502 actors.unknown-office ---------------------------------------------------------


def test_a_misspelt_office_is_flagged_with_the_closest_recorded_name() -> None:
    (finding,) = run(corpus_of(request("c1", office="Defence Minster")), "CK0502")
    assert (finding.kind, finding.severity) == (Kind.REVIEW, Severity.WARNING)
    assert finding.details["suggestion"] == "defence minister"
    assert finding.details["offices"] == ["defence-minister"]
    assert "did you mean 'defence minister'?" in finding.message


def test_an_office_named_by_its_alias_in_any_case_or_accents_is_known() -> None:
    claims = [request("c1", office="DEFENSE MINISTER"), request("c2", office="défence-minister")]
    assert run(corpus_of(*claims), "CK0502") == ()


# --- CK0503 actors.ambiguous-alias --------------------------------------------------------

NAMESAKES = [
    {"id": "ivan-duque", "kind": "person", "name": "Iván Duque", "aliases": ["Duque"]},
    {"id": "maria-duque", "kind": "person", "name": "María Duque", "aliases": ["Duqué", "M. D."]},
    {"id": "duque-family", "kind": "group", "name": "The Duques", "aliases": ["duque"]},
    {"id": "md-group", "kind": "group", "name": "MD", "aliases": ["m d"]},
]


def test_a_shared_alias_gives_one_finding_naming_every_actor_and_no_claims() -> None:
    findings = run(corpus_of(actors=NAMESAKES, text="Duque spoke."), "CK0503")
    assert [f.details["name"] for f in findings] == ["duque", "m d"]
    duque, md = findings
    assert duque.details["actors"] == {
        "duque-family": ["duque"],
        "ivan-duque": ["Duque"],
        "maria-duque": ["Duqué"],
    }
    assert (duque.claims, duque.locations, duque.kind) == ((), (), Kind.REVIEW)
    assert "duque-family ('duque') or ivan-duque ('Duque') or maria-duque ('Duqué')" in (
        duque.message
    )
    assert md.details["actors"] == {"maria-duque": ["M. D."], "md-group": ["m d"]}


@given(st.permutations(NAMESAKES))
def test_shared_aliases_are_reported_the_same_whatever_the_order_of_actors(
    actors: list[dict[str, Any]],
) -> None:
    shuffled = run(corpus_of(actors=actors, text="Duque spoke."), "CK0503")
    expected = run(corpus_of(actors=NAMESAKES, text="Duque spoke."), "CK0503")
    assert [f.as_dict() for f in shuffled] == [f.as_dict() for f in expected]


def test_the_seed_actors_share_no_name(seed_corpus: Corpus) -> None:
    assert run(seed_corpus, "CK0503") == ()


def test_the_seed_claims_give_actors_only_offices_they_held_when_they_held_them(
    seed_corpus: Corpus,
) -> None:
    assert run(seed_corpus, "CK0501") == ()
    assert run(seed_corpus, "CK0502") == ()


def test_an_actor_given_an_office_it_never_held_is_not_a_tenure_conflict() -> None:
    corpus = corpus_of(request("c1", office="Foreign Minister", date="2022"))
    assert run(corpus, "CK0501") == ()
    assert len(run(corpus, "CK0502")) == 1
