"""The rule registry: metadata every rule must carry, and third-party rules by entry point."""

from __future__ import annotations

import types
from collections.abc import Iterator
from importlib import metadata

import pytest

import claimkit
from claimkit._rules import registered_rules
from claimkit._rules._registry import FAMILIES, rule

RULES = registered_rules(plugins=False)


def test_every_family_has_rules_and_codes_sit_in_their_family_block() -> None:
    assert {r.family for r in RULES} == set(FAMILIES)
    for item in RULES:
        assert item.code.startswith(FAMILIES[item.family]), item


def test_codes_and_names_are_unique() -> None:
    assert len({r.code for r in RULES}) == len(RULES)
    assert len({r.name for r in RULES}) == len(RULES)


def test_every_rule_documents_its_rationale_and_examples() -> None:
    for item in RULES:
        assert item.summary and item.rationale, item.code
        assert item.example.strip() and item.fixed.strip(), item.code
        assert item.example != item.fixed, item.code


def test_a_rule_without_examples_is_refused() -> None:
    def bare(_context: claimkit.Context) -> Iterator[claimkit.Hit]:
        """Finds nothing.

        No rationale sections here.
        """
        yield from ()

    with pytest.raises(ValueError, match="Example"):
        rule("XX001", "plugin.bare", claimkit.Severity.INFO, registry={})(bare)


def test_a_taken_code_is_refused() -> None:
    table: dict[str, claimkit.Rule] = {}

    def first(_context: claimkit.Context) -> Iterator[claimkit.Hit]:
        """Finds nothing.

        A rationale.

        Example:
            a

        Fixed:
            b
        """
        yield from ()

    rule("XX001", "plugin.first", claimkit.Severity.INFO, registry=table)(first)
    with pytest.raises(ValueError, match="already taken"):
        rule("XX001", "plugin.second", claimkit.Severity.INFO, registry=table)(first)


def _plugin_module() -> types.ModuleType:
    module = types.ModuleType("claimkit_plugin_example")
    table: dict[str, claimkit.Rule] = {}

    def every_claim(context: claimkit.Context) -> Iterator[claimkit.Hit]:
        """Says hello to every claim.

        Plugins register through the `claimkit.rules` entry point group.

        Example:
            claims: [{id: c, action: meeting}]

        Fixed:
            claims: []
        """
        for claim in context.corpus.claims:
            yield claimkit.Hit(kind=claimkit.Kind.INFORMATIONAL, message="hello", claims=[claim.id])

    rule("XX100", "plugin.hello", claimkit.Severity.INFO, registry=table)(every_claim)
    module.hello = table["XX100"]  # type: ignore[attr-defined]
    return module


def test_third_party_rules_register_through_the_entry_point(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    module = _plugin_module()
    point = metadata.EntryPoint("hello", "claimkit_plugin_example", "claimkit.rules")
    monkeypatch.setitem(__import__("sys").modules, "claimkit_plugin_example", module)

    def fake(*, group: str) -> list[metadata.EntryPoint]:
        return [point] if group == "claimkit.rules" else []

    monkeypatch.setattr(metadata, "entry_points", fake)
    rules = registered_rules()
    assert "XX100" in {r.code for r in rules}
    corpus = claimkit.corpus_from_data(
        {"claimkit": 1, "claims": [{"id": "c", "action": "meeting"}]}
    )
    report = claimkit.check(corpus, config=claimkit.Config(select=("XX1",)))
    assert [(f.code, f.claims) for f in report.findings] == [("XX100", ("c",))]
