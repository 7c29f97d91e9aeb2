"""The same corpus gives the same report, byte for byte, whatever the order things come in.

Reports name files and lines, so a copy of the seed corpus with renamed files and shuffled
claims is compared after mapping the names back and leaving lines out; everything else
(hash seeds, orders of paths, of data items) must give identical bytes.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

import claimkit
from claimkit._formats import render_github, render_junit, render_sarif

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
FORMATS = ("text", "json", "sarif", "junit", "github")

RENDERERS: dict[str, Callable[[claimkit.Report], str]] = {
    "text": claimkit.render_text,
    "json": claimkit.Report.to_json,
    "sarif": render_sarif,
    "junit": render_junit,
    "github": render_github,
}


def seed_files() -> list[str]:
    """Every file of the seed corpus, relative to the checkout, in sorted order."""
    return sorted(
        os.path.relpath(path, ROOT)
        for path in SEEDS.rglob("*")
        if path.is_file()
        and not any(part.startswith(".") for part in path.relative_to(SEEDS).parts)
    )


RENDER_ALL = """
import json, sys
import claimkit
from claimkit._formats import render_github, render_junit, render_sarif
report = claimkit.check(claimkit.load("seeds"))
renderers = {"text": claimkit.render_text, "json": claimkit.Report.to_json,
             "sarif": render_sarif, "junit": render_junit, "github": render_github}
sys.stdout.write(json.dumps({name: render(report) for name, render in renderers.items()}))
"""


def run_python(*args: str, hash_seed: str) -> str:
    env = dict(os.environ, PYTHONHASHSEED=hash_seed, NO_COLOR="1")
    result = subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        check=False,
        timeout=600,
    )
    assert result.returncode == 0 and not result.stderr, result.stderr
    return result.stdout


def test_every_format_is_byte_identical_across_hash_seeds_and_orders_of_paths() -> None:
    shuffled = seed_files()
    random.Random(8).shuffle(shuffled)
    runs: list[tuple[str, ...]] = [
        ("0", "-c", RENDER_ALL),
        ("12345", "-c", RENDER_ALL),
        ("0", "-m", "claimkit", "check", "--exit-zero", "--format", "json", "seeds"),
        ("777", "-m", "claimkit", "check", "--exit-zero", "--format", "json", *shuffled),
    ]
    with ThreadPoolExecutor(max_workers=len(runs)) as pool:
        first, second, whole, listed = pool.map(
            lambda run: run_python(*run[1:], hash_seed=run[0]), runs
        )
    assert first == second, "a report depends on PYTHONHASHSEED"
    reports = json.loads(first)
    assert set(reports) == set(FORMATS) and all(text.strip() for text in reports.values())
    assert whole == listed == reports["json"], "the report depends on the order of paths"


def render_all(corpus: claimkit.Corpus) -> dict[str, str]:
    report = claimkit.check(corpus)
    return {fmt: render(report) for fmt, render in RENDERERS.items()}


@pytest.fixture(scope="module")
def seed_data(seed_corpus: claimkit.Corpus) -> tuple[dict[str, Any], dict[str, str]]:
    texts = {source.id: source.text for source in seed_corpus.sources}
    return claimkit.dump(seed_corpus), texts


@pytest.fixture(scope="module")
def data_reports(seed_data: tuple[dict[str, Any], dict[str, str]]) -> dict[str, str]:
    data, texts = seed_data
    return render_all(claimkit.corpus_from_data(data, texts=texts))


@pytest.mark.parametrize("seed", [1, 2])
def test_every_format_is_byte_identical_whatever_the_order_of_claims_actors_and_sources(
    seed: int,
    seed_data: tuple[dict[str, Any], dict[str, str]],
    data_reports: dict[str, str],
) -> None:
    data, texts = seed_data
    shuffler = random.Random(seed)
    shuffled = dict(data)
    for section in ("sources", "actors", "actions", "claims"):
        items = list(data[section])
        shuffler.shuffle(items)
        shuffled[section] = items
    reordered_texts = dict(sorted(texts.items(), key=lambda _: shuffler.random()))
    again = render_all(claimkit.corpus_from_data(shuffled, texts=reordered_texts))
    for fmt in FORMATS:
        assert again[fmt] == data_reports[fmt], f"{fmt} depends on the order of the data"


def copy_renamed_and_shuffled(target: Path, seed: int) -> dict[str, str]:
    """Copy the seeds with every file renamed (sorting the other way) and claims shuffled.

    Returns:
        A map from each new file name (relative to `target`) to the seed's old one.
    """
    yaml = YAML()  # round trip: comments and layout stay
    shuffler = random.Random(seed)
    renamed: dict[str, str] = {}
    claim_files = sorted((SEEDS / "claims").glob("*.yaml"))
    (target / "notes").mkdir(parents=True)
    for rank, path in enumerate(claim_files):
        new = f"notes/{chr(ord('z') - rank)}-{path.stem}.yaml"
        document = yaml.load(path.read_text("utf-8"))
        claims = list(document["claims"])
        shuffler.shuffle(claims)
        document["claims"] = claims
        with (target / new).open("w", encoding="utf-8") as handle:
            yaml.dump(document, handle)
        renamed[new] = f"claims/{path.name}"
    sources = yaml.load((SEEDS / "sources.yaml").read_text("utf-8"))
    entries = list(sources["sources"])
    shuffler.shuffle(entries)
    for rank, entry in enumerate(entries):
        new = f"t{9 - rank}-{entry['path']}"
        shutil.copyfile(SEEDS / entry["path"], target / new)
        renamed[new] = entry["path"]
        entry["path"] = new
    sources["sources"] = entries
    with (target / "a-sources.yaml").open("w", encoding="utf-8") as handle:
        yaml.dump(sources, handle)
    shutil.copyfile(SEEDS / "actors.yaml", target / "b-actors.yaml")
    renamed.update({"a-sources.yaml": "sources.yaml", "b-actors.yaml": "actors.yaml"})
    return renamed


def comparable(report: claimkit.Report, root: Path, names: dict[str, str]) -> str:
    """The JSON report with files mapped back to the seeds' names, lines left out, sorted."""
    data = json.loads(report.to_json())
    for finding in data["findings"]:
        for location in finding["locations"]:
            if location.get("file"):
                relative = Path(location["file"]).resolve().relative_to(root.resolve())
                location["file"] = names[relative.as_posix()]
            location.pop("line", None)
    # Findings that tie on rule and claims are ordered by file: new names, new order.
    data["findings"].sort(key=lambda finding: json.dumps(finding, sort_keys=True))
    return json.dumps(data, indent=1, sort_keys=True)


def test_the_report_does_not_depend_on_file_names_file_order_or_claim_order(
    tmp_path: Path, seed_corpus: claimkit.Corpus
) -> None:
    same = {Path(path).relative_to("seeds").as_posix() for path in seed_files()}
    original = comparable(claimkit.check(seed_corpus), SEEDS, {path: path for path in same})
    names = copy_renamed_and_shuffled(tmp_path / "copy", seed=3)
    copy = claimkit.load(tmp_path / "copy")
    assert [claim.id for claim in copy.claims] == [claim.id for claim in seed_corpus.claims]
    assert comparable(claimkit.check(copy), tmp_path / "copy", names) == original
