"""Running the rules in forked processes (`check(processes=N)`) gives the one-process report."""

from __future__ import annotations

import multiprocessing
import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, NoReturn

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import claimkit
from claimkit import _engine
from claimkit._findings import Hit, Kind, Severity
from claimkit._formats import render_sarif
from claimkit._rules._registry import BUILTIN
from claimkit.cli import main
from conftest import generated_corpus

ROOT = Path(__file__).resolve().parent.parent
RULES = claimkit.registered_rules(plugins=False)

pytestmark = pytest.mark.skipif(
    "fork" not in multiprocessing.get_all_start_methods(), reason="needs os.fork"
)


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> claimkit.Corpus:
    """A generated corpus of 400 claims: agreements, conflicts, timelines, undated sources."""
    out = tmp_path_factory.mktemp("rule-processes") / "400"
    return claimkit.load(generated_corpus(out, claims=400, seed=5))


def _replaced(code: str, function: Any) -> list[claimkit.Rule]:
    """Every built-in rule, with the function of `code` replaced (still a built-in rule)."""
    return [attrs.evolve(r, function=function) if r.code == code else r for r in RULES]


def _rule_doing(action: Callable[[], object]) -> Callable[[_engine.Context], Iterator[Hit]]:
    """A rule function that calls `action` (to raise, die or wait) and finds nothing."""

    def function(context: _engine.Context) -> Iterator[Hit]:
        action()
        yield from ()

    return function


def _raising(error: BaseException) -> Callable[[], NoReturn]:
    def action() -> NoReturn:
        raise error

    return action


def _no_process(*args: object) -> NoReturn:
    """Stands in for `_engine._Forked` where no process may be started."""
    raise AssertionError("a process was started")


@pytest.mark.parametrize("processes", [2, 3, 8])
def test_the_seeds_checked_with_rules_in_processes_give_the_one_process_report(
    seed_corpus: claimkit.Corpus, processes: int
) -> None:
    one = claimkit.check(seed_corpus)
    assert claimkit.check(seed_corpus, processes=processes).to_json() == one.to_json()


@pytest.mark.parametrize("processes", [2, 3])
def test_a_generated_corpus_checked_with_rules_in_processes_gives_the_one_process_report(
    synthetic: claimkit.Corpus, processes: int
) -> None:
    one = claimkit.check(synthetic)
    many = claimkit.check(synthetic, processes=processes)
    # The corpus has findings of the families run elsewhere, so the trip back is exercised.
    assert {f.rule.split(".")[0] for f in one.findings} - set(_engine._HOME_FAMILIES)
    assert many.findings == one.findings
    assert many.to_json() == one.to_json()
    assert render_sarif(many) == render_sarif(one)


@given(
    chosen=st.lists(st.sampled_from(RULES), unique=True),
    processes=st.integers(min_value=1, max_value=6),
    foreign=st.integers(min_value=0, max_value=2),
)
def test_rule_groups_cover_every_rule_once_and_never_split_a_family(
    chosen: list[claimkit.Rule], processes: int, foreign: int
) -> None:
    # Rules that are not built-in (a plugin's, under codes of their own) may come along.
    plugins = [attrs.evolve(RULES[n], code=f"XX{n:04d}") for n in range(foreign)]
    enabled = sorted([*chosen, *plugins], key=lambda r: r.code)
    groups = _engine._rule_groups(enabled, processes)
    positions = [p for group in groups for p in group]
    assert sorted(positions) == list(range(len(enabled)))
    assert 1 <= len(groups) <= processes
    assert all(group == sorted(group) and group for group in groups[1:])
    for group in groups[1:]:
        for p in group:
            assert BUILTIN[enabled[p].code] == enabled[p]
            assert enabled[p].family not in _engine._HOME_FAMILIES
    # The built-in rules of a family share work, so they run together; a plugin's rule
    # always runs in the caller, whatever its family.
    family_of = {p: enabled[p].family for p in positions if enabled[p] not in plugins}
    assert all(p in groups[0] for p in positions if enabled[p] in plugins)
    for family in set(family_of.values()):
        assert len({n for n, g in enumerate(groups) for p in g if family_of.get(p) == family}) == 1
    if processes == 1:
        assert len(groups) == 1


def test_two_processes_share_the_rules_of_the_built_in_families_between_them() -> None:
    groups = _engine._rule_groups(list(RULES), 2)
    assert len(groups) == 2
    home = {RULES[p].family for p in groups[0]}
    away = {RULES[p].family for p in groups[1]}
    assert home == {"dates", "sources"}
    assert away == {"grounding", "timelines", "quantities", "provenance", "actors"}


@given(
    kind=st.sampled_from(Kind),
    severity=st.none() | st.sampled_from(Severity),
    source=st.none() | st.text(max_size=5),
    claims=st.lists(st.text(min_size=1, max_size=4), max_size=3),
    value=st.integers() | st.floats(allow_nan=False) | st.text(max_size=4) | st.none(),
)
def test_a_hit_sent_between_processes_arrives_equal_and_keeps_its_mark(
    kind: Kind, severity: Severity | None, source: str | None, claims: list[str], value: Any
) -> None:
    hit = Hit(
        kind=kind,
        message="m",
        claims=tuple(claims),
        details={"b": [value], "a": {"x": value}},
        severity=severity,
        source=source,
    )
    back = _engine._row_hit(_engine._hit_row(hit))
    assert back == hit
    assert back.details == hit.details
    assert list(back.details) == list(hit.details)
    assert back._details_alike == hit._details_alike


def test_an_error_in_a_rules_process_is_raised_in_the_caller(
    seed_corpus: claimkit.Corpus,
) -> None:
    def broken() -> NoReturn:
        raise ValueError(f"broken rule in process {os.getpid()}")

    rules = _replaced("CK0201", _rule_doing(broken))
    with pytest.raises(ValueError, match=r"broken rule in process \d+\Z") as raised:
        claimkit.check(seed_corpus, rules=rules, processes=2)
    # It was raised in the other process.
    assert int(str(raised.value).rsplit(" ", 1)[1]) != os.getpid()
    assert not multiprocessing.active_children()


def test_an_error_that_cannot_be_pickled_arrives_as_its_traceback(
    seed_corpus: claimkit.Corpus,
) -> None:
    class LocalError(Exception):
        """Defined in a function: pickle cannot find it by name."""

    broken = _rule_doing(_raising(LocalError("no way back")))
    with pytest.raises(
        RuntimeError, match=r"(?s)process of rules CK0\d+-CK0\d+ failed .*LocalError: no way back"
    ):
        claimkit.check(seed_corpus, rules=_replaced("CK0401", broken), processes=2)


def test_a_rules_process_that_dies_is_an_error_naming_its_exit_code(
    seed_corpus: claimkit.Corpus,
) -> None:
    dies = _rule_doing(lambda: os._exit(7))
    with pytest.raises(
        RuntimeError,
        match=r"process of rules CK0\d+-CK0\d+ ended without sending its result \(exit code 7\)",
    ):
        claimkit.check(seed_corpus, rules=_replaced("CK0601", dies), processes=2)


def test_when_a_rule_of_the_caller_fails_the_other_processes_are_stopped(
    seed_corpus: claimkit.Corpus,
) -> None:
    slow = _rule_doing(lambda: time.sleep(60))
    broken = _rule_doing(_raising(KeyError("home rule")))
    rules = [
        attrs.evolve(r, function=slow if r.code == "CK0201" else broken)
        if r.code in ("CK0201", "CK0301")
        else r
        for r in RULES
    ]
    start = time.monotonic()
    with pytest.raises(KeyError, match="home rule"):
        claimkit.check(seed_corpus, rules=rules, processes=2)
    assert time.monotonic() - start < 30
    assert not multiprocessing.active_children()


def test_without_fork_the_rules_run_in_the_caller(
    seed_corpus: claimkit.Corpus, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_engine, "_can_fork", lambda: False)
    monkeypatch.setattr(_engine, "_Forked", _no_process)
    report = claimkit.check(seed_corpus, processes=4)
    assert report.to_json() == claimkit.check(seed_corpus).to_json()


def test_progress_names_the_caller_s_rules_then_waits_for_the_others(
    seed_corpus: claimkit.Corpus,
) -> None:
    calls: list[tuple[str, int, int]] = []
    claimkit.check(seed_corpus, processes=2, progress=lambda *call: calls.append(call))
    groups = _engine._rule_groups(list(RULES), 2)
    steps = len(RULES) + 2
    named = [label.split()[0] for label, _, _ in calls[2:-2]]
    assert named == [RULES[p].code for p in groups[0]]
    assert calls[-2] == ("rules in other processes", len(groups[0]) + 2, steps)
    assert calls[-1] == ("done", steps, steps)
    assert [done for _, done, _ in calls] == sorted(done for _, done, _ in calls)


def test_by_default_the_cli_runs_the_rules_on_every_core_from_a_size_on(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from claimkit import cli

    monkeypatch.setattr(os, "cpu_count", lambda: 4)
    assert cli.auto_rule_processes(cli.RULE_PROCESSES_MIN_CLAIMS - 1) == 1
    assert cli.auto_rule_processes(cli.RULE_PROCESSES_MIN_CLAIMS) == 4
    monkeypatch.setattr(os, "cpu_count", lambda: None)
    assert cli.auto_rule_processes(cli.RULE_PROCESSES_MIN_CLAIMS) == 1


def test_the_cli_asks_for_rule_processes_unless_told_one_job(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from claimkit import cli

    asked: list[int] = []
    real = _engine.check

    def spy(corpus: claimkit.Corpus, **kwargs: Any) -> claimkit.Report:
        asked.append(kwargs["processes"])
        return real(corpus, **kwargs)

    monkeypatch.setattr(_engine, "check", spy)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    monkeypatch.setattr(cli, "RULE_PROCESSES_MIN_CLAIMS", 10)
    out = tmp_path / "report.json"
    common = ["check", str(ROOT / "seeds"), "--format", "json", "--exit-zero", "-o", str(out)]
    assert main(common) == 0
    written = out.read_bytes()
    assert main([*common, "--jobs", "1"]) == 0
    assert out.read_bytes() == written
    monkeypatch.setattr(cli, "RULE_PROCESSES_MIN_CLAIMS", 10**9)
    assert main(common) == 0
    assert asked == [2, 1, 1]


def test_with_no_rule_enabled_nothing_is_forked_and_nothing_is_found(
    seed_corpus: claimkit.Corpus,
) -> None:
    assert _engine._rule_groups([], 2) == [[]]
    assert claimkit.check(seed_corpus, rules=[], processes=2).findings == ()


def test_the_source_clusters_are_worked_out_in_another_process_while_resolving(
    synthetic: claimkit.Corpus, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from claimkit._index import source_clusters

    given: list[object] = []
    real = _engine.build_index

    def spy(resolved: Any, *, clusters: Any = None) -> Any:
        given.append(clusters)
        return real(resolved, clusters=clusters)

    clustering = _engine._clusters_child
    where = tmp_path / "pid"

    def clusters_child(corpus: claimkit.Corpus) -> dict[str, str]:
        where.write_text(str(os.getpid()), "ascii")
        return clustering(corpus)

    monkeypatch.setattr(_engine, "build_index", spy)
    monkeypatch.setattr(_engine, "_clusters_child", clusters_child)
    claimkit.check(synthetic)
    assert not where.exists()
    claimkit.check(synthetic, processes=2)
    assert given == [None, source_clusters(synthetic.sources)]
    assert int(where.read_text("ascii")) != os.getpid()


def test_an_error_while_clustering_in_another_process_is_raised_in_the_caller(
    seed_corpus: claimkit.Corpus, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(corpus: claimkit.Corpus) -> dict[str, str]:
        raise OSError("clustering went wrong")

    monkeypatch.setattr(_engine, "_clusters_child", broken)
    with pytest.raises(OSError, match="clustering went wrong"):
        claimkit.check(seed_corpus, processes=2)
    assert not multiprocessing.active_children()


def test_when_resolving_fails_the_clustering_process_is_stopped(
    seed_corpus: claimkit.Corpus, monkeypatch: pytest.MonkeyPatch
) -> None:
    def slow(corpus: claimkit.Corpus) -> dict[str, str]:
        time.sleep(60)
        return {}

    def broken(corpus: claimkit.Corpus, **kwargs: object) -> None:
        raise MemoryError("resolving ran out")

    monkeypatch.setattr(_engine, "_clusters_child", slow)
    monkeypatch.setattr(_engine, "resolve", broken)
    start = time.monotonic()
    with pytest.raises(MemoryError, match="resolving ran out"):
        claimkit.check(seed_corpus, processes=2)
    assert time.monotonic() - start < 30
    assert not multiprocessing.active_children()


@pytest.mark.parametrize(
    ("memory", "processes", "allowed"),
    [
        (None, 4, 4),  # nothing known: as asked
        ((1000, 500), 2, 1),  # not room for one more
        ((1000, 1300), 4, 3),  # room for two more
        ((1000, 10**6), 4, 4),
        ((1000, -5), 3, 1),  # a cgroup already past its limit
        ((1000, 10**6), 1, 1),
    ],
)
def test_only_as_many_processes_are_forked_as_the_memory_left_allows(
    monkeypatch: pytest.MonkeyPatch,
    memory: tuple[int, int] | None,
    processes: int,
    allowed: int,
) -> None:
    monkeypatch.setattr(_engine, "_FORKED_SHARE", 0.6)
    monkeypatch.setattr(_engine, "_memory", lambda: memory)
    assert _engine._affordable(processes) == allowed


def test_without_the_memory_for_another_process_the_rules_run_in_the_caller(
    seed_corpus: claimkit.Corpus, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_engine, "_memory", lambda: (10**9, 10**8))
    monkeypatch.setattr(_engine, "_Forked", _no_process)
    report = claimkit.check(seed_corpus, processes=2)
    monkeypatch.undo()
    assert report.to_json() == claimkit.check(seed_corpus).to_json()


@pytest.mark.skipif(not Path("/proc/meminfo").exists(), reason="Linux's /proc")
def test_the_memory_figures_are_read_from_linux() -> None:
    memory = _engine._memory()
    assert memory is not None
    resident, available = memory
    assert 10 * 2**20 < resident < 64 * 2**30
    assert available > 0


@pytest.mark.parametrize("processes", [0, -2])
def test_fewer_than_one_process_is_refused(seed_corpus: claimkit.Corpus, processes: int) -> None:
    with pytest.raises(ValueError, match=f"processes must be at least 1, not {processes}"):
        claimkit.check(seed_corpus, processes=processes)


def test_a_process_running_other_threads_is_not_forked(
    seed_corpus: claimkit.Corpus, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    assert _engine._can_fork()
    release = threading.Event()
    waiting = threading.Thread(target=release.wait)
    waiting.start()
    try:
        assert not _engine._can_fork()
        monkeypatch.setattr(_engine, "_Forked", _no_process)
        report = claimkit.check(seed_corpus, processes=2)
    finally:
        release.set()
        waiting.join()
    monkeypatch.undo()
    assert report.to_json() == claimkit.check(seed_corpus).to_json()


def test_a_forked_process_whose_caller_has_gone_ends_quietly() -> None:
    reader, writer = multiprocessing.Pipe(duplex=False)
    reader.close()
    # Sending to a closed pipe fails; the forked side must end without a traceback.
    _engine._forked_main(writer, "the test process", lambda: list(range(10**5)), ())
    assert writer.closed


def test_ctrl_c_during_a_check_is_one_line_and_the_shell_s_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from claimkit import cli

    def interrupted(corpus: claimkit.Corpus, **kwargs: Any) -> claimkit.Report:
        raise KeyboardInterrupt

    monkeypatch.setattr(_engine, "check", interrupted)
    out = tmp_path / "report.json"
    code = main(["check", str(ROOT / "seeds"), "--format", "json", "-o", str(out)])
    assert code == cli.EXIT_INTERRUPTED == 130
    assert capsys.readouterr().err == "claimkit check: interrupted\n"
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []


def _memo_spy(code: str, seen: list[list[str]]) -> claimkit.Rule:
    """A rule (not a built-in one) that records the keys of the memo it is given."""

    def function(context: _engine.Context) -> Iterator[Hit]:
        seen.append(sorted(context.memo))
        yield from ()

    return attrs.evolve(RULES[0], code=code, name="spy.memo", function=function)


def _with_spies(seen: list[list[str]]) -> list[claimkit.Rule]:
    """Every built-in rule, a spy after the first grounding rule, and one at the end."""
    first = next(n for n, r in enumerate(RULES) if r.family == "grounding")
    spies = _memo_spy("XX0001", seen), _memo_spy("XX0002", seen)
    return [*RULES[: first + 1], spies[0], *RULES[first + 1 :], spies[1]]


def test_a_family_s_memo_entries_are_dropped_once_its_last_rule_has_run(
    seed_corpus: claimkit.Corpus,
) -> None:
    seen: list[list[str]] = []
    report = claimkit.check(seed_corpus, rules=_with_spies(seen))
    during, after = seen
    assert "grounding.texts" in during  # still needed by the grounding rules to come
    assert "dates.reports" not in during  # the date rules come later
    families = {rule.family for rule in RULES}
    assert [key for key in after if key.split(".")[0] in families] == []
    assert report.to_json() == claimkit.check(seed_corpus).to_json()


def test_a_forked_process_drops_a_family_s_memo_entries_after_its_last_rule(
    seed_corpus: claimkit.Corpus,
) -> None:
    seen: list[list[str]] = []
    grounding = [rule for rule in RULES if rule.family == "grounding"]
    rules = [grounding[0], _memo_spy("XX0001", seen), *grounding[1:], _memo_spy("XX0002", seen)]
    resolved = _engine.resolve(seed_corpus)
    index = _engine.build_index(resolved)
    rows = _engine._rules_child(rules, seed_corpus, resolved, index, claimkit.Config())
    assert len(rows) == len(rules)
    during, after = seen
    assert "grounding.texts" in during
    assert "grounding.texts" not in after
