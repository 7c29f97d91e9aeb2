"""The public API: one front (`claimkit`), sorted and complete, each name in one place."""

from __future__ import annotations

import inspect
import subprocess
import sys
import types

import claimkit


def test_all_is_sorted_and_unique() -> None:
    assert list(claimkit.__all__) == sorted(set(claimkit.__all__))


def test_every_name_in_all_exists() -> None:
    missing = [name for name in claimkit.__all__ if not hasattr(claimkit, name)]
    assert not missing


def test_no_public_name_is_left_out_of_all() -> None:
    public = {
        name
        for name, value in vars(claimkit).items()
        if not name.startswith("_") and not isinstance(value, types.ModuleType)
    }
    assert public <= set(claimkit.__all__), sorted(public - set(claimkit.__all__))


def test_public_objects_live_in_private_modules_and_have_docstrings() -> None:
    for name in claimkit.__all__:
        value = getattr(claimkit, name)
        if name == "__version__" or not (inspect.isclass(value) or inspect.isfunction(value)):
            continue
        module = value.__module__
        assert module == "claimkit.errors" or module.startswith("claimkit._"), (name, module)
        assert inspect.getdoc(value), f"{name} has no docstring"


def test_importing_claimkit_is_light() -> None:
    code = (
        "import sys, claimkit; heavy = ['pytest', 'hypothesis', 'ruamel', 'networkx', "
        "'claimkit._rules.dates', 'claimkit._rules.timelines', 'claimkit.pytest_plugin']; "
        "print(','.join(m for m in heavy if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_the_version_is_shown_by_the_command_line() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "claimkit", "--version"], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == f"claimkit {claimkit.__version__}"
