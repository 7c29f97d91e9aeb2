"""What `claimkit check seeds/` says on the seed corpus, and what it says on planted errors.

The verdicts are pinned by code, kind and claims: the one gap to review (the 2008 and 2019
breaks with no restoration between them), the agreements, corroborations and order links
that hold, the inferred publication dates of the three undated articles, and the four
suppressed grounding findings with their reasons. Each planted error
(`tests/seeds_planted/planted.yaml`) is one mistake in a copy of the seeds, and must add
exactly its own conflict or gap.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

import claimkit
from claimkit import Finding, Kind, Report
from claimkit._pin import lock_path, pin, write_lock
from claimkit.cli import main

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
PLANTED = Path(__file__).resolve().parent / "seeds_planted" / "planted.yaml"

S000, S001, S002, S003, S004 = (
    "000_9dff0c60a5b3ba3e",
    "001_b782d8e54c3a1f5c",
    "002_6fddebaef15f143f",
    "003_9e5bfe75848da732",
    "004_166c45b11a889520",
)

Key = tuple[str, str, frozenset[str]]


def key(finding: Finding) -> Key:
    """A finding by code, kind and (unordered) claims."""
    return finding.code, finding.kind.name, frozenset(finding.claims)


def verdicts(report: Report) -> set[Key]:
    """The unsuppressed conflicts, gaps to review and agreements of a report."""
    return {
        key(f) for f in report.findings if f.suppressed is None and f.kind is not Kind.INFORMATIONAL
    }


def problems(report: Report) -> set[Key]:
    """The unsuppressed conflicts and gaps to review of a report."""
    return {
        key(f)
        for f in report.findings
        if f.suppressed is None and f.kind in (Kind.FAIL, Kind.REVIEW)
    }


def one(report: Report, code: str, *claims: str) -> Finding:
    """The one unsuppressed finding of `code` about exactly `claims`."""
    found = [
        f
        for f in report.findings
        if f.code == code and f.suppressed is None and set(f.claims) == set(claims)
    ]
    assert len(found) == 1, f"{code} {claims}: {[f.message for f in found]}"
    return found[0]


def one_suppressed(report: Report, code: str, *claims: str) -> Finding:
    """The one suppressed finding of `code` about exactly `claims`."""
    found = [
        f
        for f in report.findings
        if f.code == code and f.suppressed is not None and set(f.claims) == set(claims)
    ]
    assert len(found) == 1, f"{code} {claims}: {[f.message for f in found]}"
    return found[0]


def inferred(report: Report, source: str) -> Finding:
    """The CK0703 notice of `source`."""
    found = [f for f in report.findings if f.code == "CK0703" and f.details["source"] == source]
    assert len(found) == 1
    return found[0]


@pytest.fixture(scope="module")
def report() -> Report:
    return claimkit.check(claimkit.load(SEEDS))


def k(code: str, kind: str, *claims: str) -> Key:
    return code, kind, frozenset(claims)


EXPECTED = {
    # The one gap to review: two breaks, no restoration between them.
    k(
        "CK0404",
        "REVIEW",
        "s004.venezuela-broke-ties-2008",
        "s000.relations-broken-2019",
        "s003.relations-broken-2019",
    ),
    # Dates that independent sources agree on.
    k("CK0302", "PASS", "s000.relations-broken-2019", "s003.relations-broken-2019"),
    k("CK0302", "PASS", "s000.relations-restored", "s003.relations-restored-ambassadorial"),
    k("CK0302", "PASS", "s001.agreed-border-presence", "s002.agreed-border-presence"),
    k(
        "CK0302",
        "PASS",
        "s001.defence-ministers-meeting",
        "s002.defence-ministers-meeting",
        "s002.third-defence-ministers-meeting",
    ),
    # Timelines that fit one order.
    k(
        "CK0405",
        "PASS",
        "s000.border-closed-since-2015",
        "s000.border-opened-for-trade",
        "s003.border-completely-closed",
        "s003.border-relaxed-2021",
    ),
    k(
        "CK0405",
        "PASS",
        "s000.relations-broken-2019",
        "s000.relations-restored",
        "s002.relations-restored",
        "s003.relations-broken-2019",
        "s003.relations-restored-ambassadorial",
        "s004.venezuela-broke-ties-2008",
    ),
    # Order links that the dates show hold (same day allowed for after and before).
    k("CK0406", "PASS", "s000.relations-restored", "s003.petro-took-power"),
    k("CK0406", "PASS", "s003.relations-restored-ambassadorial", "s000.relations-broken-2019"),
    k("CK0406", "PASS", "s000.ambassadors-appointed", "s000.relations-restored"),
    k("CK0406", "PASS", "s000.border-closed-since-2015", "s000.border-opened-for-trade"),
    k("CK0406", "PASS", "s001.leaders-talks-began", "s001.defence-ministers-meeting"),
    k("CK0406", "PASS", "s002.joint-statement", "s001.defence-ministers-meeting"),
    k("CK0406", "PASS", "s002.press-conference", "s001.defence-ministers-meeting"),
    k("CK0406", "PASS", "s002.velasquez-met-maduro", "s001.defence-ministers-meeting"),
    k("CK0406", "PASS", "s002.third-defence-ministers-meeting", "s003.petro-took-power"),
    # A number that independent sources agree on.
    k("CK0602", "PASS", "s001.bolivarian-shield-activities", "s002.bolivarian-shield-activities"),
    # Events corroborated by independent sources.
    k(
        "CK0701",
        "PASS",
        "s000.petro-inauguration",
        "s002.petro-took-office",
        "s003.petro-took-power",
    ),
    k("CK0701", "PASS", "s000.relations-broken-2019", "s003.relations-broken-2019"),
    k(
        "CK0701",
        "PASS",
        "s000.relations-restored",
        "s002.relations-restored",
        "s003.relations-restored-ambassadorial",
        "s003.restoration-announced",
    ),
    k("CK0701", "PASS", "s001.agreed-border-presence", "s002.agreed-border-presence"),
    k("CK0701", "PASS", "s001.bolivarian-shield-activities", "s002.bolivarian-shield-activities"),
    k("CK0701", "PASS", "s001.communication-channel-planned", "s002.communication-channel-planned"),
    k(
        "CK0701",
        "PASS",
        "s001.defence-ministers-meeting",
        "s002.defence-ministers-meeting",
        "s002.third-defence-ministers-meeting",
    ),
    k(
        "CK0701",
        "PASS",
        "s001.regional-units-meetings-continue",
        "s002.regional-units-meetings-continue",
    ),
}

SUPPRESSED = {
    k("CK0202", "REVIEW", "s000.border-commanders-meeting"),
    k("CK0202", "REVIEW", "s000.border-commanders-meeting-place"),
    k("CK0202", "REVIEW", "s001.regional-units-meetings-continue"),
    k("CK0202", "REVIEW", "s002.regional-units-meetings-continue"),
}


# -- the verdicts on the seeds ----------------------------------------------------------------


def test_the_seeds_have_exactly_the_pinned_conflicts_gaps_and_agreements(report: Report) -> None:
    assert verdicts(report) == EXPECTED


def test_the_seeds_have_no_conflict_and_one_gap_to_review(report: Report) -> None:
    assert not report.by_kind(Kind.FAIL)
    assert not report.failed()
    assert problems(report) == {key for key in EXPECTED if key[1] == "REVIEW"}


def test_the_four_suppressed_grounding_findings_each_give_their_reason(report: Report) -> None:
    suppressed = [f for f in report.findings if f.suppressed is not None]
    assert {key(f) for f in suppressed} == SUPPRESSED
    assert all(len(f.suppressed or "") > 40 for f in suppressed)


def test_the_suppressed_actor_findings_remain_after_peers_of_the_event_are_read(
    report: Report,
) -> None:
    # The FANB of the commanders' meeting is named by the other claim of that event in 000,
    # so only Colombia's forces, which 000 never names, are still missing there; the two
    # regional-units claims have no peer in their own source that names either force.
    missing = {
        f.claims[0]: [item["actor"] for item in f.details["missing"]]
        for f in report.findings
        if f.code == "CK0202"
    }
    assert missing == {
        "s000.border-commanders-meeting": ["colombian-military-police-forces"],
        "s000.border-commanders-meeting-place": ["colombian-military-police-forces"],
        "s001.regional-units-meetings-continue": ["colombian-military-police-forces", "fanb"],
        "s002.regional-units-meetings-continue": ["colombian-military-police-forces", "fanb"],
    }
    place = one_suppressed(report, "CK0202", "s000.border-commanders-meeting-place")
    assert place.details["named_by_peers"]["fanb"]["claim"] == "s000.border-commanders-meeting"


def test_no_seed_quantity_is_unsupported_by_its_words(report: Report) -> None:
    assert not [f for f in report.findings if f.code == "CK0203"]


def test_every_suppression_in_the_seeds_silences_a_finding(report: Report) -> None:
    corpus = claimkit.load(SEEDS)
    silenced = {claim for f in report.findings if f.suppressed for claim in f.claims}
    written = {claim.id for claim in corpus.claims if claim.suppress}
    assert written == silenced


def test_the_articles_that_state_the_2019_break_agree_on_2019(report: Report) -> None:
    found = one(report, "CK0302", "s000.relations-broken-2019", "s003.relations-broken-2019")
    assert found.details["sharpened"] == "2019"
    assert found.details["independent_sources"] == [S000, S003]
    assert found.message.count("'in 2019'") == 2


def test_august_7_and_last_sunday_are_the_same_day_of_the_resumption(report: Report) -> None:
    found = one(
        report, "CK0302", "s000.relations-restored", "s003.relations-restored-ambassadorial"
    )
    assert found.details["sharpened"] == "2022-08-07"
    assert found.details["dates"] == {
        "s000.relations-restored": "2022-08-07",
        "s003.relations-restored-ambassadorial": "2022-08-07",
    }
    assert f"{S000}: 'on August 7'" in found.message
    assert f"{S003}: 'last Sunday'" in found.message


def test_the_resumption_follows_petros_inauguration_and_the_2019_break(report: Report) -> None:
    corpus = claimkit.load(SEEDS)
    tenure = corpus.actor("gustavo-petro").roles_as("president")[0]
    assert str(tenure.start) == "2022-08-07"
    # The inauguration is the day of the resumption, and three sources corroborate it.
    assert (
        corpus.claim("s003.petro-took-power").date == corpus.claim("s000.relations-restored").date
    )
    one(
        report,
        "CK0701",
        "s000.petro-inauguration",
        "s002.petro-took-office",
        "s003.petro-took-power",
    )
    steps = one(
        report,
        "CK0405",
        "s000.relations-broken-2019",
        "s000.relations-restored",
        "s002.relations-restored",
        "s003.relations-broken-2019",
        "s003.relations-restored-ambassadorial",
        "s004.venezuela-broke-ties-2008",
    ).details["steps"]
    assert steps.index("broken 2019") < steps.index("normal 2022-08-07")
    assert not [f for f in report.findings if f.code in ("CK0401", "CK0403")]


def test_the_report_shows_the_resumption_follows_the_inauguration_and_the_2019_break(
    report: Report,
) -> None:
    inauguration = one(report, "CK0406", "s000.relations-restored", "s003.petro-took-power")
    assert inauguration.kind is Kind.PASS
    assert inauguration.message.startswith(
        "relations-restore-2022 (2022-08-07) follows petro-inauguration (2022-08-07, "
    )
    assert inauguration.message.endswith(
        "s000.relations-restored 'following the presidential inauguration of Gustavo Petro'"
    )
    assert inauguration.details["arithmetic"] == "2022-08-07 <= 2022-08-07"
    after_break = one(
        report, "CK0406", "s003.relations-restored-ambassadorial", "s000.relations-broken-2019"
    )
    assert after_break.message.startswith(
        "relations-restore-2022 (2022-08-07) follows relations-break-2019 (2019, "
    )
    assert after_break.details["arithmetic"] == "2019-12-31 <= 2022-08-07"


def test_the_relations_timeline_puts_the_break_before_the_restoration_and_names_its_gap(
    report: Report,
) -> None:
    found = next(f for f in report.findings if f.code == "CK0405" and f.details["gaps"])
    assert found.details["facet"] == "relations"
    assert (
        "in order, relations.break 2008 precedes relations.break 2019, which precedes "
        "relations.restore 2022-08-07: no conflict; 1 gap to review"
    ) in found.message
    assert "coherent" not in found.message


def test_the_border_is_one_coherent_timeline_with_no_conflict(report: Report) -> None:
    found = one(
        report,
        "CK0405",
        "s000.border-closed-since-2015",
        "s000.border-opened-for-trade",
        "s003.border-completely-closed",
        "s003.border-relaxed-2021",
    )
    assert found.details["facet"] == "border"
    assert found.details["sources"] == [S000, S003]
    assert "open for trade 2022-09-26" in found.details["steps"]
    assert "relaxed 2021-10" in found.details["steps"]
    assert found.details["gaps"] == 0
    assert "one coherent timeline" in found.message
    assert "border.relax 2021-10 precedes border.open for trade 2022-09-26" in found.message
    border = {c.id for c in claimkit.load(SEEDS).claims if c.action.startswith("border.")}
    assert not [f for f in report.by_kind(Kind.FAIL) if border & set(f.claims)]
    assert not [f for f in report.by_kind(Kind.REVIEW) if border & set(f.claims)]


def test_the_defence_ministers_meeting_is_corroborated_by_two_articles(report: Report) -> None:
    meeting = ("s001.defence-ministers-meeting", "s002.defence-ministers-meeting")
    agreement = one(report, "CK0302", *meeting, "s002.third-defence-ministers-meeting")
    assert agreement.details["sharpened"] == "2023-05-11"
    assert agreement.details["independent_sources"] == [S001, S002]
    assert f"{S001}: 'this Thursday, May 11'" in agreement.message
    assert f"{S002}: 'this Thursday, May 11'" in agreement.message
    corroborated = one(report, "CK0701", *meeting, "s002.third-defence-ministers-meeting")
    assert "2 independent sources" in corroborated.message
    assert claimkit.load(SEEDS).claim(meeting[0]).place == "caracas"


def test_the_undated_meeting_article_is_dated_by_the_weekday_and_the_minister(
    report: Report,
) -> None:
    dated = {item.source: item for item in report.sources_dated}
    assert dated[S001].inferred and dated[S001].date == "2023-05-11/2023-05-17"
    assert not dated[S002].inferred and dated[S002].date == "2023-05-12"
    trace = inferred(report, S001).details["trace"]
    assert [step["rule"] for step in trace] == ["tenure", "weekday-date", "bounds"]
    assert "'this Thursday, May 11' falls on its weekday in 2023" in trace[1]["detail"]


@pytest.mark.parametrize(
    ("source", "value", "reasons"),
    [
        (S001, "2023-05-11/2023-05-17", ["tenure", "weekday-date", "bounds"]),
        (
            S003,
            "2022-08-08/2022-08-14",
            ["past-report", "tenure", "tenure", "event-anchor", "bounds"],
        ),
        (S004, "2011-09-01/2015-06-30", ["past-report", "tenure", "bounds"]),
    ],
)
def test_each_undated_article_has_its_inferred_date_with_the_reasoning(
    report: Report, source: str, value: str, reasons: list[str]
) -> None:
    found = inferred(report, source)
    assert found.kind is Kind.INFORMATIONAL
    assert found.details["value"] == value
    assert [step["rule"] for step in found.details["trace"]] == reasons
    assert f"it was inferred as {value} from its text" in found.message


def test_only_the_three_undated_articles_have_inferred_dates(report: Report) -> None:
    notices = {f.details["source"] for f in report.findings if f.code == "CK0703"}
    assert notices == {S001, S003, S004}


def test_the_2008_break_is_a_separate_event_with_the_restoration_missing(report: Report) -> None:
    gap = one(
        report,
        "CK0404",
        "s004.venezuela-broke-ties-2008",
        "s000.relations-broken-2019",
        "s003.relations-broken-2019",
    )
    assert gap.kind is Kind.REVIEW
    assert gap.details["earlier"] == {
        "claims": ["s004.venezuela-broke-ties-2008"],
        "date": "2008",
        "state": "broken",
    }
    assert gap.details["later"]["date"] == "2019"
    assert gap.details["missing_actions"] == ["relations.restore"]
    assert not [f for f in report.findings if f.code == "CK0301"]


def test_the_16_activities_are_never_linked_to_the_16_soldiers_killed(report: Report) -> None:
    corpus = claimkit.load(SEEDS)
    soldiers = {c.id for c in corpus.claims if c.event == "apure-soldiers-killed-2021-03"}
    activities = {c.id for c in corpus.claims if c.event == "bolivarian-shield-activities"}
    assert soldiers == {"s003.apure-soldiers-killed"}
    assert activities == {"s001.bolivarian-shield-activities", "s002.bolivarian-shield-activities"}
    for finding in report.findings:
        assert not (soldiers & set(finding.claims) and activities & set(finding.claims)), (
            finding.message
        )


def test_check_seeds_from_the_repository_root_exits_zero(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(ROOT)
    assert main(["check", "seeds"]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "check passed (fail-on: error)"


# -- the README ---------------------------------------------------------------------------------

SUMMARY = re.compile(
    r"claimkit: \d+ claims in 5 sources: 0 conflicts, 1 to review, \d+ agreements, "
    r"\d+ notices, 4 suppressed"
)


def readme_check_command() -> list[str]:
    """The arguments of the `claimkit check ...` at the end of the README's first command."""
    text = (ROOT / "README.md").read_text("utf-8")
    first = re.search(r"```sh\n(.*?)\n```", text, re.DOTALL)
    assert first is not None
    command = first.group(1).split("&&")[-1].split()
    assert command[0].endswith("claimkit")
    return command[1:]


def test_the_readme_main_command_output_begins_with_the_summary(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(ROOT)
    args = readme_check_command()
    assert args == ["check", "seeds/"]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert SUMMARY.fullmatch(out.splitlines()[0])
    assert out.splitlines()[2].startswith("To review (1)")


def test_the_readme_shows_the_summary_the_check_prints(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(ROOT)
    main(["check", "seeds/"])
    summary = capsys.readouterr().out.splitlines()[0]
    assert summary in (ROOT / "README.md").read_text("utf-8")


# -- planted errors -----------------------------------------------------------------------------


def planted_cases() -> list[Any]:
    """The planted errors, one test parameter each, named after what was planted."""
    cases = YAML(typ="safe").load(PLANTED.read_text("utf-8"))
    return [pytest.param(case, id=case["name"].replace(" ", "-")) for case in cases]


def patched_seeds(tmp_path: Path, case: dict[str, Any]) -> Path:
    """A copy of the seeds with the case's patches applied (after pinning, if asked)."""
    target = tmp_path / "seeds"
    shutil.copytree(SEEDS, target)
    for path in target.rglob("*"):
        path.chmod(0o755 if path.is_dir() else 0o644)
    if case.get("pin"):
        corpus = claimkit.load(target)
        lock, unplaced = pin(corpus)
        assert not unplaced
        write_lock(lock_path(corpus), lock)
    for patch in case["patches"]:
        path = target / patch["file"]
        text = path.read_text("utf-8")
        assert text.count(patch["old"]) == 1, f"{patch['file']}: {patch['old']!r}"
        path.write_text(text.replace(patch["old"], patch["new"]), "utf-8")
    return target


def expected(items: Iterable[dict[str, Any]]) -> set[Key]:
    return {(item["code"], item["kind"], frozenset(item["claims"])) for item in items}


def test_the_planted_cases_cover_every_kind_of_planted_error() -> None:
    codes = {e["code"] for case in planted_cases() for e in case.values[0]["expect"]}
    assert {"CK0104", "CK0201", "CK0301", "CK0303", "CK0403", "CK0501", "CK0601"} <= codes


@pytest.mark.parametrize("case", planted_cases())
def test_a_planted_error_adds_exactly_its_finding(
    report: Report, tmp_path: Path, case: dict[str, Any]
) -> None:
    planted = claimkit.check(claimkit.load(patched_seeds(tmp_path, case)))
    seeds = problems(report)
    found = problems(planted)
    assert found - seeds == expected(case["expect"])
    assert seeds <= found
    assert planted.failed()


def test_an_unpatched_pinned_copy_of_the_seeds_checks_like_the_seeds(
    report: Report, tmp_path: Path
) -> None:
    copy = patched_seeds(tmp_path, {"pin": True, "patches": []})
    assert (copy / "claimkit.lock").exists()
    assert verdicts(claimkit.check(claimkit.load(copy))) == verdicts(report)


def test_the_seed_articles_are_byte_for_byte_the_shared_ones() -> None:
    shared = Path(__file__).resolve().parent.parent.parent / "shared" / "seeds"
    if not shared.is_dir():
        pytest.skip(f"{shared} is not here: the shared seeds live in ../shared beside the checkout")
    ours = Path(__file__).resolve().parent.parent / "seeds"
    names = sorted(p.name for p in shared.iterdir() if p.is_file())
    assert names == sorted(p.name for p in ours.glob("*.txt"))
    for name in names:
        assert (ours / name).read_bytes() == (shared / name).read_bytes(), name
