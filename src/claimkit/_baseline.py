# Baselines: findings a team has accepted, so that only new ones fail a build.
#
# A baseline file is JSON listing finding fingerprints (rule code, claims and quotes hashed;
# never line numbers), each with the rule and message for people reading the diff.

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import attrs

from claimkit._io import atomic_write
from claimkit._report import Report, dumps_indented
from claimkit.errors import ConfigError

__all__ = ["apply_baseline", "read_baseline", "write_baseline"]

BASELINE_VERSION = 1


def write_baseline(path: str | os.PathLike[str], report: Report) -> int:
    """Record every unsuppressed finding of `report` in a baseline file; return how many."""
    entries = sorted(
        {
            f.fingerprint: {"code": f.code, "rule": f.rule, "message": f.message}
            for f in report.findings
            if f.suppressed is None
        }.items()
    )
    data = {"claimkit-baseline": BASELINE_VERSION, "findings": dict(entries)}
    # `json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False)`, faster.
    atomic_write(path, dumps_indented(data) + "\n")
    return len(entries)


def read_baseline(path: str | os.PathLike[str]) -> frozenset[str]:
    """The fingerprints recorded in a baseline file.

    Raises:
        ConfigError: The file cannot be read or is not a baseline.
    """
    shown = os.fspath(path)
    try:
        data: Any = json.loads(Path(path).read_text("utf-8"))
    except OSError as exc:
        raise ConfigError(f"cannot read baseline: {exc.strerror}", file=shown) from None
    except json.JSONDecodeError as exc:
        raise ConfigError(f"malformed baseline: {exc.msg}", file=shown, line=exc.lineno) from None
    if not isinstance(data, dict) or data.get("claimkit-baseline") != BASELINE_VERSION:
        raise ConfigError(f"not a claimkit baseline of version {BASELINE_VERSION}", file=shown)
    findings = data.get("findings", {})
    if not isinstance(findings, dict):
        raise ConfigError("'findings' must map fingerprints to descriptions", file=shown)
    return frozenset(findings)


def apply_baseline(report: Report, fingerprints: frozenset[str]) -> Report:
    """The report without the findings recorded in the baseline (they are counted)."""
    kept = tuple(f for f in report.findings if f.fingerprint not in fingerprints)
    kept_report = attrs.evolve(report, findings=kept, baselined=len(report.findings) - len(kept))
    return report._keeping_marks(kept_report)
