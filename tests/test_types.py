"""Type checking (issue #18 item 6): mypy passes with the project's configuration, and that
configuration checks what it says it checks.

The configuration lives in pyproject.toml ([tool.mypy]). The second test plants, in every package, a
module with one plain type error and one unannotated function, and runs mypy over the planted tree
with the same configuration: a package listed as checked must report the type error, a strict package
must also report the missing annotation, and a package still listed in `ignore_errors` must report
nothing — so a typo in a module pattern, or a strict flag that silently stopped applying, fails here.

May import: the standard library and pytest; runs mypy as a separate process.
"""
from __future__ import annotations

import subprocess
import sys
import tomllib
from fnmatch import fnmatch
from functools import cache
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
# One plain type error and one unannotated function, planted in each package and module.
PLANTED = 'count: int = "three"\n\n\ndef unannotated(value):\n    return value\n'
PACKAGES = ["core", "replication", "store", "sync", "services", "reports", "cli", "gui"]


def _mypy(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--config-file", str(ROOT / "pyproject.toml"), *args],
        cwd=cwd, capture_output=True, text=True, timeout=600,
    )


@cache
def _config() -> dict[str, Any]:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["mypy"]


def _reported(output: str, path: str) -> set[str]:
    """The planted faults mypy reported in the file at ``path``: a type error, a missing annotation."""
    lines = [line for line in output.splitlines() if path in line]
    return {code for code in ("assignment", "no-untyped-def") if any(f"[{code}]" in line for line in lines)}


def _overrides_for(module: str, option: str) -> bool:
    for section in _config().get("overrides", []):
        patterns = section["module"] if isinstance(section["module"], list) else [section["module"]]
        if section.get(option) and any(fnmatch(module, p) or p == module for p in patterns):
            return True
    return False


def test_mypy_passes() -> None:
    result = _mypy(cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def test_configuration_checks_what_it_promises(tmp_path: Path) -> None:
    src = tmp_path / "src" / "cirkular_desktop"
    src.mkdir(parents=True)
    (src / "__init__.py").write_text("")
    planted = []
    for package in PACKAGES:
        (src / package).mkdir()
        (src / package / "__init__.py").write_text("")
        module = src / package / "planted.py"
        module.write_text(PLANTED)
        planted.append(str(module.relative_to(tmp_path)))
    result = _mypy("--cache-dir", str(tmp_path / "cache"), *planted, cwd=tmp_path)
    output = result.stdout + result.stderr
    for package in PACKAGES:
        name = f"cirkular_desktop.{package}.planted"
        ignored = _overrides_for(name, "ignore_errors")
        strict = _overrides_for(name, "disallow_untyped_defs")
        reported = _reported(output, f"{package}/planted.py")
        if ignored:
            expected: set[str] = set()
        elif strict:
            expected = {"assignment", "no-untyped-def"}
        else:
            expected = {"assignment"}
        assert reported == expected, f"{name}: expected {sorted(expected)}, mypy said:\n{output}"
    # The promise itself: the domain and the layers under the faces are strict.
    for package in ("core", "replication", "store", "sync", "services"):
        assert _overrides_for(f"cirkular_desktop.{package}.planted", "disallow_untyped_defs"), package


def test_every_top_level_module_is_checked_strictly(tmp_path: Path) -> None:
    """The modules beside the packages are named one by one in the configuration: a new one (or a
    misspelt name) would go unchecked, so each module of the real tree is planted under its own name."""
    src = tmp_path / "src" / "cirkular_desktop"
    src.mkdir(parents=True)
    (src / "__init__.py").write_text("")
    names = sorted(p.stem for p in (ROOT / "src" / "cirkular_desktop").glob("*.py") if p.stem != "__init__")
    assert {"errors", "i18n", "settings"} <= set(names)
    for name in names:
        (src / f"{name}.py").write_text(PLANTED)
    result = _mypy("--cache-dir", str(tmp_path / "cache"),
                   *(str((src / f"{name}.py").relative_to(tmp_path)) for name in names), cwd=tmp_path)
    output = result.stdout + result.stderr
    for name in names:
        reported = _reported(output, f"cirkular_desktop/{name}.py")
        assert reported == {"assignment", "no-untyped-def"}, f"cirkular_desktop.{name}: mypy said:\n{output}"
