# The consistency rules, one module per family; `_registry` holds the machinery.
# `registered_rules()` imports the family modules on first use, so importing claimkit (or
# this package) does not import every rule.

from __future__ import annotations

import inspect
from collections.abc import Iterable
from typing import Any

from claimkit._rules._registry import BUILTIN, Rule

__all__ = ["registered_rules"]


def _load_builtin() -> None:
    # Importing a family module registers its rules.
    from claimkit._rules import (  # noqa: F401
        actors,
        dates,
        grounding,
        provenance,
        quantities,
        sources,
        timelines,
    )


def _load_plugins() -> dict[str, Rule]:
    from importlib.metadata import entry_points

    found: dict[str, Rule] = {}
    for entry in sorted(entry_points(group="claimkit.rules"), key=lambda e: e.name):
        loaded = entry.load()
        rules: Iterable[Any] = loaded if isinstance(loaded, list | tuple) else [loaded]
        if inspect.ismodule(loaded):
            rules = [v for v in vars(loaded).values() if isinstance(v, Rule)]
        for item in rules:
            if not isinstance(item, Rule):
                raise TypeError(f"entry point {entry.name!r} gave {item!r}, not a claimkit Rule")
            found[item.code] = item
    return found


def registered_rules(*, plugins: bool = True) -> tuple[Rule, ...]:
    """Every known rule, built-in and (if `plugins`) from entry points, sorted by code.

    Raises:
        ValueError: A plugin rule reuses a built-in code.
    """
    _load_builtin()
    rules = dict(BUILTIN)
    if plugins:
        for code, item in _load_plugins().items():
            if code in rules:
                raise ValueError(f"plugin rule {item.name} reuses the code {code}")
            rules[code] = item
    return tuple(sorted(rules.values(), key=lambda r: r.code))
