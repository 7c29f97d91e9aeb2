"""Shared fixtures: the seed corpus, generated corpora, and the validators beside the checkout."""

from __future__ import annotations

import functools
import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

import claimkit

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def seed_corpus() -> claimkit.Corpus:
    """The seed corpus, loaded once."""
    return claimkit.load(SEEDS)


@functools.cache
def generator() -> ModuleType:
    """`benchmarks/generate.py`, imported once (it is a script, not part of the package)."""
    spec = importlib.util.spec_from_file_location(
        "bench_generate", ROOT / "benchmarks" / "generate.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def generated_corpus(out: Path, *, claims: int, seed: int) -> Path:
    """Generate a benchmark corpus of `claims` claims under `out`; the corpus directory."""
    generator().generate(out, claims=claims, seed=seed)
    return out / "corpus"


def shared_file(*parts: str) -> Path:
    """A file of ../shared/validators, or skip the test with a visible reason."""
    path = SHARED.joinpath("validators", *parts)
    if not path.exists():
        pytest.skip(
            f"{path} is not here: the official validators live in ../shared beside the checkout"
        )
    return path
