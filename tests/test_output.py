"""Output that cannot be written: one line naming the file, exit code 2, the old file intact;
and the command's quick exit, which still flushes everything it wrote."""

from __future__ import annotations

import errno
import gc
import hashlib
import io
import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import claimkit
from claimkit import _export, cli
from claimkit._io import OutputError, atomic_write, emit, replacing

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


def run_process(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "claimkit", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
        cwd=ROOT,
    )


def assert_one_error_line(ran: subprocess.CompletedProcess[str], *parts: str) -> None:
    assert ran.returncode == 2, ran.stderr
    assert "Traceback" not in ran.stderr
    lines = ran.stderr.strip().splitlines()
    assert len(lines) == 1, ran.stderr
    for part in parts:
        assert part in lines[0]


@pytest.mark.parametrize(
    "command",
    [
        ("check", str(SEEDS), "--format", "json"),
        ("check", str(SEEDS), "--format", "sarif"),
        ("schema",),
        ("timeline", str(SEEDS), "--format", "svg"),
    ],
    ids=lambda command: " ".join(command[:1] + command[2:]),
)
def test_output_to_a_missing_directory_is_one_line_naming_the_file(
    tmp_path: Path, command: tuple[str, ...]
) -> None:
    target = tmp_path / "missing" / "out.txt"
    ran = run_process(*command, "-o", str(target))
    assert_one_error_line(ran, f"claimkit {command[0]}: error:", f"cannot write {target}")
    assert "No such file or directory" in ran.stderr
    assert not target.parent.exists()


def test_export_to_a_missing_directory_names_the_file_not_a_temporary_one(
    tmp_path: Path,
) -> None:
    target = tmp_path / "missing" / "claims.csv"
    ran = run_process("export", str(SEEDS), "--to", "csv", "-o", str(target))
    assert_one_error_line(ran, "claimkit export: error:", str(target))
    assert ".tmp" not in ran.stderr


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_a_full_standard_output_is_one_line_and_exit_two() -> None:
    with open("/dev/full", "w", encoding="utf-8") as full:
        ran = subprocess.run(
            [sys.executable, "-m", "claimkit", "check", str(SEEDS), "--format", "json"],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
            cwd=ROOT,
        )
    assert ran.returncode == 2
    assert "Traceback" not in ran.stderr
    assert ran.stderr.strip().splitlines() == [
        "claimkit check: error: cannot write standard output: No space left on device"
    ]


def test_emit_names_standard_output_when_it_cannot_be_written(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    class Full(io.StringIO):
        def write(self, text: str) -> int:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(sys, "stdout", Full())
    with pytest.raises(OutputError, match=r"^cannot write standard output: No space left"):
        emit(iter(["a", "b"]), None)


def test_a_reader_that_went_away_is_left_to_the_caller(monkeypatch: pytest.MonkeyPatch) -> None:
    class Gone(io.StringIO):
        def write(self, text: str) -> int:
            raise BrokenPipeError(errno.EPIPE, "Broken pipe")

    monkeypatch.setattr(sys, "stdout", Gone())
    with pytest.raises(BrokenPipeError):
        emit("text", None)


def test_replacing_puts_the_new_file_in_place_with_the_old_permissions(tmp_path: Path) -> None:
    target = tmp_path / "table.csv"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o640)
    with replacing(target) as temporary:
        assert temporary.parent == tmp_path
        assert temporary != target
        temporary.write_text("new", encoding="utf-8")
        assert target.read_text("utf-8") == "old"  # nothing changes until the block ends
    assert target.read_text("utf-8") == "new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["table.csv"]


def test_a_new_file_gets_the_mode_the_umask_gives(tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        atomic_write(tmp_path / "report.json", "{}\n")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "report.json").stat().st_mode) == 0o640


def test_replacing_leaves_the_old_file_when_the_writer_fails(tmp_path: Path) -> None:
    target = tmp_path / "table.parquet"
    target.write_bytes(b"old")

    def write_half() -> None:
        with replacing(target) as temporary:
            temporary.write_bytes(b"half")
            raise RuntimeError("writer failed")

    with pytest.raises(RuntimeError, match="writer failed"):
        write_half()
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["table.parquet"]


def test_errors_of_the_temporary_file_name_the_target(tmp_path: Path) -> None:
    target = tmp_path / "missing" / "report.json"
    with pytest.raises(FileNotFoundError) as raised:
        atomic_write(target, "text")
    assert raised.value.filename == str(target)
    assert raised.value.errno == errno.ENOENT


def test_an_export_that_fails_half_way_leaves_the_old_tables(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "claims.csv"
    target.write_text("old claims\n", encoding="utf-8")
    rows = _export.claim_rows

    def failing(*args: object, **kwargs: object) -> Iterator[dict[str, object]]:
        source = rows(*args, **kwargs)  # type: ignore[arg-type]
        yield next(source)
        raise RuntimeError("interrupted")

    monkeypatch.setattr(_export, "claim_rows", failing)
    with pytest.raises(RuntimeError, match="interrupted"):
        claimkit.export_corpus(claimkit.load(SEEDS), "csv", target)
    assert target.read_text("utf-8") == "old claims\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["claims.csv"]


def test_web_annotation_export_replaces_the_file_whole_or_not_at_all(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "annotations.jsonld"
    target.write_text("old", encoding="utf-8")
    corpus = claimkit.load(SEEDS)
    (written,) = claimkit.export_corpus(corpus, "web-annotation", target)
    assert written == target
    assert target.read_text("utf-8").startswith("{")
    assert [p.name for p in tmp_path.iterdir()] == ["annotations.jsonld"]
    # A failure at the last step (the rename) leaves the file as it was, and nothing beside.
    target.write_text("old", encoding="utf-8")

    def fail(*_args: object) -> None:
        raise OSError(errno.EIO, os.strerror(errno.EIO))

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError, match=os.strerror(errno.EIO)) as raised:
        claimkit.export_corpus(corpus, "web-annotation", target)
    assert raised.value.filename == str(target)
    assert target.read_text("utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["annotations.jsonld"]


# --- the quick exit ------------------------------------------------------------------------


class _Exited(Exception):
    def __init__(self, code: int) -> None:
        self.code = code


def _exit(code: int) -> None:
    raise _Exited(code)


@pytest.mark.parametrize("code", [0, 1, 2])
def test_run_flushes_the_streams_and_ends_with_main_s_code(
    monkeypatch: pytest.MonkeyPatch, code: int
) -> None:
    out, err = io.StringIO(), io.StringIO()
    flushed: list[str] = []
    monkeypatch.setattr(out, "flush", lambda: flushed.append("out"))
    monkeypatch.setattr(err, "flush", lambda: flushed.append("err"))
    monkeypatch.setattr(sys, "stdout", out)
    monkeypatch.setattr(sys, "stderr", err)
    monkeypatch.setattr(cli, "main", lambda: code)
    monkeypatch.setattr(os, "_exit", _exit)
    with pytest.raises(_Exited) as exited:
        cli.run()
    assert exited.value.code == code
    assert flushed == ["out", "err"]


def test_run_reports_standard_output_that_cannot_be_flushed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    class Full(io.StringIO):
        def flush(self) -> None:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    err = io.StringIO()
    monkeypatch.setattr(sys, "stdout", Full())
    monkeypatch.setattr(sys, "stderr", err)
    monkeypatch.setattr(cli, "main", lambda: 0)
    monkeypatch.setattr(os, "_exit", _exit)
    with pytest.raises(_Exited) as exited:
        cli.run()
    assert exited.value.code == 2
    assert err.getvalue() == (
        "claimkit: error: cannot write standard output: No space left on device\n"
    )


def test_the_command_writes_its_whole_output_before_the_quick_exit(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # More than a pipe holds (64 KiB): the process must flush it all before it ends.
    assert cli.main(["check", str(SEEDS), "--format", "json", "--exit-zero"]) == 0
    expected = capsys.readouterr().out
    assert len(expected.encode("utf-8")) > 1 << 16
    ran = run_process("check", str(SEEDS), "--format", "json", "--exit-zero")
    assert ran.returncode == 0, ran.stderr
    digest = hashlib.sha256(ran.stdout.encode("utf-8")).hexdigest()
    assert digest == hashlib.sha256(expected.encode("utf-8")).hexdigest()


def test_the_command_runs_with_the_collector_off(monkeypatch: pytest.MonkeyPatch) -> None:
    # The process ends at once after `main` (`os._exit`): a full collection over what the
    # command built would free nothing that matters, and cost seconds at a million claims.
    during: list[bool] = []

    def main() -> int:
        during.append(gc.isenabled())
        return 0

    monkeypatch.setattr(cli, "main", main)
    monkeypatch.setattr(os, "_exit", _exit)
    try:
        with pytest.raises(_Exited):
            cli.run()
    finally:
        gc.enable()
    assert during == [False]
