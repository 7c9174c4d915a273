"""Services build no SQL of their own (issue #18 item 2): the store's modules do.

import-linter keeps SQLAlchemy, SQLModel, Alembic and sqlite3 out of the
services (``database-only-in-store`` in pyproject.toml), but a service can
still run SQL on the read-path connection ``App.snapshot()`` hands it
without importing anything. This test reads every service module and finds
calls that run SQL — ``.execute(…)``, ``.executemany``, ``.executescript``,
``.exec_driver_sql`` and SQLAlchemy's ``text(…)`` — outside the modules
named below, each with the work that should move it into the store. A
planted call proves the check sees one; an allowed module that no longer
runs SQL must leave the list.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SERVICES = Path(__file__).resolve().parents[1] / "src" / "cirkular_desktop" / "services"
RUNS_SQL = {"execute", "executemany", "executescript", "exec_driver_sql"}

# ALLOWED EXCEPTIONS: service modules that still run SQL of their own, and who should move it.
ALLOWED = {
    "codes.py": "code lists (issue #20): industry counts and one record's code fields",
    "demo_folder.py": "first run: 'is the operation log empty' (store.queries could answer)",
    "profile.py": "first run: the same 'is the operation log empty' question",
    "maintenance.py": "sync (issues #14/#15): `check` counts operations and dangling references",
    "matching.py": "workspace/engine (issues #11/#12): candidate rows and the suggestion cache",
    "privacy.py": "privacy (issue #13): erasure searches every operation's data",
}


def sql_calls(source: str) -> list[tuple[int, str]]:
    """(line, call) of every call in ``source`` that runs SQL or builds SQLAlchemy text."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Attribute) and func.attr in RUNS_SQL:
            found.append((node.lineno, func.attr))
        elif isinstance(func, ast.Attribute) and func.attr == "text" and isinstance(func.value, ast.Name) \
                and func.value.id in ("sa", "sqlalchemy"):
            found.append((node.lineno, "sqlalchemy.text"))
    return found


def test_services_run_no_sql_outside_the_named_exceptions():
    offenders = {}
    for path in sorted(SERVICES.glob("*.py")):
        calls = sql_calls(path.read_text(encoding="utf-8"))
        if calls and path.name not in ALLOWED:
            offenders[path.name] = calls
    assert offenders == {}, "move this SQL into store/ (store.queries on the read path): " + repr(offenders)


@pytest.mark.parametrize("name", sorted(ALLOWED))
def test_an_allowed_exception_still_happens(name):
    assert sql_calls((SERVICES / name).read_text(encoding="utf-8")), f"{name} runs no SQL now: remove it from ALLOWED"


@pytest.mark.parametrize("code", [
    "def f(app):\n    with app.snapshot() as conn:\n        return conn.execute('SELECT 1').fetchone()\n",
    "def f(uow):\n    import sqlalchemy as sa\n    return uow.execute(sa.text('SELECT 1'))\n",
    "def f(conn, rows):\n    conn.executemany('INSERT INTO t VALUES (?)', rows)\n",
    "def f(c):\n    return c.exec_driver_sql('PRAGMA x')\n",
])
def test_a_planted_call_is_seen(code):
    assert sql_calls(code)


def test_browse_asks_the_store():
    assert sql_calls((SERVICES / "browse.py").read_text(encoding="utf-8")) == []
