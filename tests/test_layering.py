"""Architecture rules of design §2, checked on the source: who may import what.

* only ``gui`` imports PySide6;
* ``gui`` never imports the store, SQLAlchemy or SQLModel (it sees plain data);
* ``sync`` and ``reports`` do not reach into the database;
* ``core`` is pure: no store, services, sync, Qt or SQL;
* ``cli`` talks to services, not to the store.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "cirkular_desktop"

RULES = {
    "core": ("PySide6", "shiboken6", "sqlalchemy", "sqlmodel", "alembic", "cirkular_desktop.store",
             "cirkular_desktop.services", "cirkular_desktop.sync", "cirkular_desktop.cli",
             "cirkular_desktop.gui", "cirkular_desktop.reports"),
    "sync": ("PySide6", "shiboken6", "sqlalchemy", "sqlmodel", "alembic", "cirkular_desktop.store",
             "cirkular_desktop.services", "cirkular_desktop.cli", "cirkular_desktop.gui"),
    "reports": ("PySide6", "shiboken6", "sqlalchemy", "sqlmodel", "alembic", "cirkular_desktop.store",
                "cirkular_desktop.services", "cirkular_desktop.cli", "cirkular_desktop.gui"),
    "store": ("PySide6", "shiboken6", "cirkular_desktop.services", "cirkular_desktop.cli",
              "cirkular_desktop.gui", "cirkular_desktop.reports"),
    "services": ("PySide6", "shiboken6", "cirkular_desktop.cli", "cirkular_desktop.gui"),
    "cli": ("PySide6", "shiboken6", "sqlalchemy", "sqlmodel", "alembic", "cirkular_desktop.store",
            "cirkular_desktop.gui"),
    "gui": ("sqlalchemy", "sqlmodel", "alembic", "cirkular_desktop.store", "cirkular_desktop.cli"),
    "": ("PySide6", "shiboken6", "sqlalchemy", "sqlmodel"),  # top-level modules: errors, i18n, paths, ...
}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def layer_of(path: Path) -> str:
    relative = path.relative_to(PACKAGE)
    return relative.parts[0] if len(relative.parts) > 1 else ""


def all_modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "migrations" not in p.parts or p.name == "env.py")


@pytest.mark.parametrize("path", all_modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_module_respects_its_layer(path):
    forbidden = RULES.get(layer_of(path), ())
    bad = sorted(m for m in imported_modules(path) if any(m == f or m.startswith(f + ".") for f in forbidden))
    assert bad == [], f"{path.relative_to(PACKAGE)} imports {bad}"


@pytest.mark.parametrize("path", all_modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_module_opens_with_a_docstring_and_stays_small(path):
    source = path.read_text(encoding="utf-8")
    tree = ast.parse(source)
    if path.name != "__main__.py" and "versions" not in path.parts:
        assert ast.get_docstring(tree), f"{path.name} has no module docstring"
    assert len(source.splitlines()) <= 650 or "versions" in path.parts, f"{path.name} is too long; split it"


def test_no_fstring_inside_gettext():
    """Named placeholders only: an f-string inside _() can never be translated."""
    offenders = []
    for path in all_modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("_", "N_")
                    and node.args and isinstance(node.args[0], ast.JoinedStr)):
                offenders.append(f"{path.name}:{node.lineno}")
    assert offenders == []
