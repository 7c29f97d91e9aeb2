"""Shared fixtures: the seed corpus, and paths to the validators beside the checkout."""

from __future__ import annotations

from pathlib import Path

import pytest

import claimkit

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def seed_corpus() -> claimkit.Corpus:
    """The seed corpus, loaded once."""
    return claimkit.load(SEEDS)


def shared_file(*parts: str) -> Path:
    """A file of ../shared/validators, or skip the test with a visible reason."""
    path = SHARED.joinpath("validators", *parts)
    if not path.exists():
        pytest.skip(
            f"{path} is not here: the official validators live in ../shared beside the checkout"
        )
    return path
