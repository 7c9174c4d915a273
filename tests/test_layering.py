"""Architecture rules of design §2, checked on the source.

Who may import what is written as import-linter contracts in
``pyproject.toml`` and checked by ``tools/lint_imports.py``, which also counts
modules loaded by name (``importlib.import_module``, ``__import__``). The
contracts: dependencies point down the layers of docs/architecture.md
(reports, store and sync know nothing of each other; the base modules import
nothing above them), the store does not import sync even through another
module (migration scripts included), only ``gui`` imports Qt, only ``store`` reaches the
database (SQLAlchemy, SQLModel, Alembic, sqlite3), and the faces (``cli``,
``gui``) reach data only through ``services``.

A contract that cannot fail is worth nothing, so ``PLANTED`` puts one
violation of each kind into a copy of the package — a relative import, an
import by name, a base module importing upward, reports ↔ sync, store → sync
(directly, from a migration script, through replication), services →
SQLAlchemy, gui → store, core → store, Qt outside gui, a new module outside
the layers, an allowed exception gone stale … — and each must be caught.

Also checked here: every module opens with a docstring and stays small, and
no f-string is passed to gettext.
"""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "cirkular_desktop"
TOOL = ROOT / "tools" / "lint_imports.py"

LAYERS = "Layers: dependencies point down only"
QT = "Only gui imports Qt"
DATABASE = "Only the store reaches the database"
FACES = "The faces (cli, gui) reach data only through services"
STORE_ORDER = "The unit of work uses apply and the operation log, never the reverse"
STORE_OPLOG = "The operation log does not import apply"
GUI_ORDER = "The window's commands use its actions and menus, never the reverse"
STORE_SYNC = "The store does not import sync"
BY_NAME = "name cannot be worked out"
STALE = "No matches for ignored import"

# (what, file to change, code appended to it, what must report it — one contract or a tuple of them —,
#  what the report must name)
PLANTED = [
    ("relative import gui -> store", "gui/about.py", "from ..store import meta as _planted\n", FACES,
     "cirkular_desktop.gui.about"),
    ("relative import in a function, core -> services", "core/units.py",
     "def _planted():\n    from ..services import records\n    return records\n",
     (LAYERS, STORE_SYNC),   # the store imports core.units, which would now reach sync through services
     "cirkular_desktop.core.units"),
    ("import by name, a string", "gui/widgets.py",
     "def _planted():\n    import importlib\n    return importlib.import_module('cirkular_desktop.store.uow')\n",
     FACES, "cirkular_desktop.gui.widgets"),
    ("import by name, a module constant", "reports/charts.py",
     "_PLANTED = 'cirkular_desktop.sync.bundle'\n\ndef _planted():\n    import importlib\n"
     "    return importlib.import_module(_PLANTED)\n", LAYERS, "cirkular_desktop.reports.charts"),
    ("import by name, relative with package=", "core/display.py",
     "def _planted():\n    from importlib import import_module\n"
     "    return import_module('..store.schema', package='cirkular_desktop.core')\n",
     LAYERS, "cirkular_desktop.core.display"),
    ("import by name, __import__ of Qt", "services/demo.py",
     "def _planted():\n    return __import__('PySide6.QtCore')\n", QT, "cirkular_desktop.services.demo"),
    ("import by a name that cannot be worked out", "services/editing.py",
     "def _planted(name):\n    import importlib\n    return importlib.import_module(name)\n", BY_NAME,
     "cirkular_desktop.services.editing"),
    ("base module importing upward: i18n -> core", "i18n.py",
     "def _planted():\n    from cirkular_desktop.core import records\n    return records\n", LAYERS,
     "cirkular_desktop.i18n"),
    ("base module importing upward: paths -> settings", "paths.py",
     "def _planted():\n    from cirkular_desktop import settings\n    return settings\n", LAYERS,
     "cirkular_desktop.paths"),
    ("reports -> sync", "reports/formatting.py", "from cirkular_desktop.sync import bundle as _planted\n", LAYERS,
     "cirkular_desktop.reports.formatting"),
    ("sync -> reports", "sync/crypto.py", "from cirkular_desktop.reports import data as _planted\n", LAYERS,
     "cirkular_desktop.sync.crypto"),
    ("reports -> store", "reports/data.py", "from cirkular_desktop.store import blobs as _planted\n", LAYERS,
     "cirkular_desktop.reports.data"),
    ("sync -> store", "sync/jsontext.py", "from cirkular_desktop.store import blobs as _planted\n", LAYERS,
     "cirkular_desktop.sync.jsontext"),
    ("store -> sync", "store/backup.py",
     "from cirkular_desktop.sync import crypto as _planted\n", (LAYERS, STORE_SYNC), "cirkular_desktop.store.backup"),
    ("store -> sync in a migration script (outside a regular package)",
     "store/migrations/versions/0003_matchmaking_workspace.py",
     "def _planted():\n    from cirkular_desktop.sync import bundle\n    return bundle\n", (LAYERS, STORE_SYNC),
     "cirkular_desktop.store.migrations.versions.0003_matchmaking_workspace"),
    ("store -> sync through replication", "replication/ranges.py",
     "def _planted():\n    from cirkular_desktop.sync import bundle\n    return bundle\n", (LAYERS, STORE_SYNC),
     "cirkular_desktop.replication.ranges"),
    ("replication -> core (siblings)", "replication/hlc.py",
     "from cirkular_desktop.core import records as _planted\n", LAYERS, "cirkular_desktop.replication.hlc"),
    ("store -> services", "store/blobs.py", "from cirkular_desktop.services import app as _planted\n", LAYERS,
     "cirkular_desktop.store.blobs"),
    ("services -> SQLAlchemy", "services/browse.py", "import sqlalchemy as _planted\n", DATABASE,
     "cirkular_desktop.services.browse"),
    ("services -> sqlite3", "services/editing.py", "import sqlite3 as _planted\n", DATABASE,
     "cirkular_desktop.services.editing"),
    ("services -> cli", "services/editing.py", "from cirkular_desktop.cli import output as _planted\n", LAYERS,
     "cirkular_desktop.services.editing"),
    ("gui -> store", "gui/models.py", "from cirkular_desktop.store import meta as _planted\n", FACES,
     "cirkular_desktop.gui.models"),
    ("gui -> SQLAlchemy", "gui/pickers.py", "import sqlalchemy as _planted\n", DATABASE,
     "cirkular_desktop.gui.pickers"),
    ("cli -> store", "cli/output.py", "from cirkular_desktop.store import search as _planted\n", FACES,
     "cirkular_desktop.cli.output"),
    ("cli -> gui", "cli/output.py", "from cirkular_desktop.gui import about as _planted\n", LAYERS,
     "cirkular_desktop.cli.output"),
    ("core -> store", "core/units.py", "from cirkular_desktop.store import search as _planted\n", LAYERS,
     "cirkular_desktop.core.units"),
    ("core -> sqlite3", "core/text.py", "import sqlite3 as _planted\n", DATABASE, "cirkular_desktop.core.text"),
    ("Qt outside gui: core", "core/text.py", "from PySide6 import QtCore as _planted\n", QT,
     "cirkular_desktop.core.text"),
    ("Qt outside gui: cli", "cli/output.py", "import PySide6.QtWidgets as _planted\n", QT,
     "cirkular_desktop.cli.output"),
    ("store circle: the operation log -> the unit of work", "store/oplog.py",
     "def _planted():\n    from cirkular_desktop.store import uow\n    return uow\n", STORE_ORDER,
     "cirkular_desktop.store.oplog"),
    ("store circle: apply -> the unit of work", "store/apply.py",
     "def _planted():\n    from cirkular_desktop.store.uow import UnitOfWork\n    return UnitOfWork\n", STORE_ORDER,
     "cirkular_desktop.store.apply"),
    ("store circle: the operation log -> apply", "store/oplog.py",
     "def _planted():\n    from cirkular_desktop.store import apply\n    return apply\n", STORE_OPLOG,
     "cirkular_desktop.store.oplog"),
    ("gui circle: actions -> commands", "gui/actions.py",
     "def _planted():\n    from cirkular_desktop.gui.commands import WindowCommands\n    return WindowCommands\n",
     GUI_ORDER, "cirkular_desktop.gui.actions"),
    ("a new module outside the layers", "planted.py", '"""A module nobody placed in a layer."""\n', LAYERS,
     "cirkular_desktop.planted"),
]


@pytest.fixture(scope="module")
def pristine(tmp_path_factory) -> Path:
    """A copy of the package and its contracts; each planted test copies it again."""
    base = tmp_path_factory.mktemp("layering") / "tree"
    shutil.copytree(PACKAGE, base / "src" / "cirkular_desktop",
                    ignore=shutil.ignore_patterns("__pycache__", "locale", "*.pyc"))
    shutil.copy2(ROOT / "pyproject.toml", base / "pyproject.toml")
    return base


def lint(tree: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(tree / "src")}
    return subprocess.run([sys.executable, str(TOOL), str(tree / "pyproject.toml")], cwd=tree, env=env,
                          capture_output=True, text=True, timeout=180)


def broken(output: str) -> set[str]:
    """The contracts the report calls BROKEN (a long name may wrap onto the next line)."""
    joined = " ".join(output.split())
    found = set()
    for name in (LAYERS, STORE_SYNC, QT, DATABASE, FACES, STORE_ORDER, STORE_OPLOG, GUI_ORDER):
        after = joined.split(name, 1)[1] if name in joined else ""
        verdicts = [(after.find(word), word) for word in (" KEPT", " BROKEN") if after.find(word) >= 0]
        if verdicts and min(verdicts)[1] == " BROKEN":
            found.add(name)
    return found


def test_the_import_contracts_hold_on_the_source():
    done = subprocess.run([sys.executable, str(TOOL)], cwd=ROOT, capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stdout + done.stderr


def test_an_untouched_copy_passes(pristine):
    done = lint(pristine)
    assert done.returncode == 0, done.stdout + done.stderr


def plant(pristine: Path, folder: Path, path: str, code: str) -> Path:
    tree = folder / "tree"
    shutil.copytree(pristine, tree)
    target = tree / "src" / "cirkular_desktop" / path
    existing = target.read_text(encoding="utf-8") if target.exists() else ""
    target.write_text(existing + "\n" + code, encoding="utf-8")
    return tree


@pytest.fixture(scope="module")
def planted_reports(pristine, tmp_path_factory) -> dict[str, subprocess.CompletedProcess]:
    """Every planted copy linted once, two at a time (each run is a separate Python process)."""
    trees = {what: plant(pristine, tmp_path_factory.mktemp("planted"), path, code)
             for what, path, code, _caught_by, _importer in PLANTED}
    with ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 2)) as pool:
        done = dict(zip(trees, pool.map(lint, trees.values())))
    return done


# The first of these pays for linting every planted copy (one process each) on a shared 2-core machine.
@pytest.mark.timeout(900)
@pytest.mark.parametrize("what, path, code, caught_by, importer", PLANTED, ids=[p[0] for p in PLANTED])
def test_each_kind_of_violation_is_caught(planted_reports, what, path, code, caught_by, importer):
    done = planted_reports[what]
    report = done.stdout + done.stderr
    assert done.returncode == 1, f"{what}: not caught\n{report}"
    assert importer in " ".join(report.split()), f"{what}: the report does not name {importer}\n{report}"
    if caught_by == BY_NAME:
        assert caught_by in report, report
    else:
        expected = set(caught_by) if isinstance(caught_by, tuple) else {caught_by}
        assert broken(report) == expected, f"{what}: expected {sorted(expected)} broken\n{report}"


def test_an_allowed_exception_that_no_longer_happens_is_an_error(pristine, tmp_path):
    """The exceptions the store once had for sync, listed again after the imports moved to replication."""
    tree = plant(pristine, tmp_path, "store/meta.py", "")
    config = tree / "pyproject.toml"
    text = config.read_text(encoding="utf-8")
    contract = '[[tool.importlinter.contracts]]\nid = "layers"\n'
    assert contract in text
    config.write_text(text.replace(contract, contract + 'ignore_imports = [\n'
                                   '    "cirkular_desktop.store.meta -> cirkular_desktop.sync.hlc",\n]\n'),
                      encoding="utf-8")
    done = lint(tree)
    assert done.returncode == 1 and STALE in done.stdout + done.stderr, done.stdout + done.stderr


def all_modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "migrations" not in p.parts or p.name == "env.py")


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
