"""Test setup shared by the whole suite.

Qt runs offscreen. With ``CIRKULAR_BLOCK_QT=1`` PySide6 cannot be imported
at all, which proves the non-GUI suite runs without Qt (design §2); the GUI
tests then skip themselves.
"""

from __future__ import annotations

import importlib.abc
import io
import os
import shutil
import sys
import time
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.pop("CIRKULAR_DATA_DIR", None)


class _BlockQt(importlib.abc.MetaPathFinder):
    def find_spec(self, fullname, path, target=None):  # noqa: D401 - importlib API
        if fullname == "PySide6" or fullname.startswith(("PySide6.", "shiboken6")):
            raise ModuleNotFoundError(f"No module named {fullname!r} (blocked for the Qt-free test run)")
        return None


if os.environ.get("CIRKULAR_BLOCK_QT") == "1":
    sys.meta_path.insert(0, _BlockQt())


@pytest.fixture(autouse=True)
def _english_by_default():
    from cirkular_desktop import i18n

    i18n.set_language("en")
    yield
    i18n.set_language("en")


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture(scope="session")
def empty_database(tmp_path_factory) -> Path:
    """A database file at this release's schema, as ``open_app`` creates it, less its device.

    Creating a database runs every migration (about a third of a second of CPU and a dozen
    fsyncs); a thousand tests open a new one. Each test gets a copy of this file instead. The
    device id, its name and the install binding are removed, so opening the copy takes the path
    of a database that has its schema but no device yet: a new device id and binding of its own,
    exactly as a freshly created database gets (tests/test_conftest_template.py checks this).
    """
    import sqlite3

    from cirkular_desktop import paths as app_paths
    from cirkular_desktop.services.app import open_app
    from cirkular_desktop.store import identity, meta

    folder = tmp_path_factory.mktemp("empty-database") / "data"
    open_app(folder).close()
    database = app_paths.resolve(folder).database
    with sqlite3.connect(database) as conn:
        conn.executemany("DELETE FROM meta WHERE key = ?",
                         [(meta.DEVICE_ID,), (meta.DEVICE_NAME,), (identity.BINDING,)])
    conn.close()
    return database


def with_new_database(data_dir: Path, empty_database: Path) -> Path:
    """Put a copy of ``empty_database`` in ``data_dir`` unless a database is there already (a test
    that put its own, or demo data, keeps it); ``open_app(data_dir)`` then opens it as a new one."""
    from cirkular_desktop import paths as app_paths

    target = app_paths.resolve(data_dir).database
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(empty_database, target)
    return data_dir


@pytest.fixture
def app(data_dir: Path, empty_database: Path):
    from cirkular_desktop.services.app import open_app

    opened = open_app(with_new_database(data_dir, empty_database))
    yield opened
    opened.close()


class CliResult:
    def __init__(self, code: int, out: str, err: str) -> None:
        self.code, self.out, self.err = code, out, err

    def __repr__(self) -> str:
        return f"CliResult(code={self.code}, out={self.out[:200]!r}, err={self.err!r})"


@pytest.fixture
def cli(data_dir: Path):
    """Run ``cirkular`` in-process against the test's data directory."""
    from cirkular_desktop.cli.main import main

    def run(*args: str, lang: str | None = None, data: Path | None = None) -> CliResult:
        out, err = io.StringIO(), io.StringIO()
        argv = ["--data-dir", str(data or data_dir)]
        if lang:
            argv += ["--lang", lang]
        code = main([*argv, *args], out=out, err=err)
        return CliResult(code, out.getvalue(), err.getvalue())

    return run


class FakeClock:
    """How far this computer's clock is set ahead (seconds); a test moves ``offset`` to travel in time."""

    def __init__(self) -> None:
        self.offset = 0.0


@pytest.fixture
def clock(monkeypatch):
    """Shift ``time.time``/``time.time_ns`` by ``clock.offset``: a laptop writing days ahead, a coordinator waiting."""
    real_time, real_ns = time.time, time.time_ns
    fake = FakeClock()
    monkeypatch.setattr(time, "time", lambda: real_time() + fake.offset)
    monkeypatch.setattr(time, "time_ns", lambda: real_ns() + int(fake.offset * 1e9))
    return fake
