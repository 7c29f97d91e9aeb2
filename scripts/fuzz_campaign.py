"""A long fuzz campaign over claimkit's loaders, dates, temporal resolver and anchoring.

Not part of CI. It runs the properties of `tests/test_fuzz.py` again and again, each time
with a new seed and `CLAIMKIT_FUZZ_EXAMPLES` examples, until the time is up, and counts the
inputs hypothesis tried. Failures are printed with hypothesis's reproduction (the failing
example and its `@reproduce_failure` blob) and the campaign goes on with the other tests.

    python scripts/fuzz_campaign.py --minutes 10 --examples 5000
"""

from __future__ import annotations

import argparse
import os
import random
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TESTS = ROOT / "tests" / "test_fuzz.py"
COUNTS = re.compile(r"(\d+) passing, (\d+) failing, and (\d+) invalid")


def test_names() -> list[str]:
    """The property tests of tests/test_fuzz.py (those driven by hypothesis)."""
    text = TESTS.read_text("utf-8")
    return re.findall(r"@given\([\s\S]*?\)\ndef (test_\w+)", text)


def run_once(name: str, examples: int, seed: int) -> tuple[int, int, str]:
    """Run one property; return (inputs tried, failures, output when it failed)."""
    env = dict(os.environ, CLAIMKIT_FUZZ_EXAMPLES=str(examples))
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            f"{TESTS}::{name}",
            f"--hypothesis-seed={seed}",
            "--hypothesis-show-statistics",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    tried = sum(sum(int(n) for n in match) for match in COUNTS.findall(result.stdout))
    failed = 0 if result.returncode == 0 else 1
    return tried, failed, result.stdout[-6000:] if failed else ""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--examples", type=int, default=5000, help="examples per run")
    parser.add_argument("--seed", type=int, default=None, help="seed of the seeds")
    args = parser.parse_args()
    seeds = random.Random(args.seed)
    names = test_names()
    deadline = time.monotonic() + args.minutes * 60
    totals = dict.fromkeys(names, 0)
    failures: dict[str, list[str]] = {}
    rounds = 0
    while time.monotonic() < deadline:
        rounds += 1
        for name in names:
            if time.monotonic() >= deadline:
                break
            seed = seeds.randrange(2**32)
            tried, failed, output = run_once(name, args.examples, seed)
            totals[name] += tried
            print(
                f"round {rounds} {name} seed={seed}: {tried} inputs" + (" FAILED" if failed else "")
            )
            if failed:
                failures.setdefault(name, []).append(f"seed {seed}:\n{output}")
            sys.stdout.flush()
    print("\ninputs tried per property:")
    for name, count in totals.items():
        print(f"  {count:>9}  {name}")
    print(f"  {sum(totals.values()):>9}  in all, {rounds} round(s)")
    for name, outputs in failures.items():
        print(f"\n=== {name}: {len(outputs)} failing run(s)\n{outputs[0]}")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
