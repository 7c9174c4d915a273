"""The suite's shortcut for new databases (``empty_database`` in tests/conftest.py) gives what
``open_app`` gives on an empty folder: the same schema, the same bookkeeping, and a device of its own.

May import: the standard library, pytest and the store's public modules.
"""
from __future__ import annotations

import sqlite3
from pathlib import Path

from cirkular_desktop import paths as app_paths
from cirkular_desktop.services.app import open_app
from cirkular_desktop.store import identity, meta


def _snapshot(database: Path) -> tuple[list[tuple[str, str]], dict[str, str]]:
    with sqlite3.connect(database) as conn:
        schema = sorted(conn.execute("SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL"))
        values = dict(conn.execute("SELECT key, value FROM meta"))
    conn.close()
    return schema, values


def test_a_copy_opens_like_a_new_database_with_its_own_device(tmp_path, app, empty_database):
    fresh = tmp_path / "fresh"
    open_app(fresh).close()
    app.close()
    fresh_schema, fresh_meta = _snapshot(app_paths.resolve(fresh).database)
    copy_schema, copy_meta = _snapshot(app.paths.database)
    assert copy_schema == fresh_schema
    assert set(copy_meta) == set(fresh_meta)
    assert copy_meta[meta.DEVICE_ID] != fresh_meta[meta.DEVICE_ID]
    for key in (meta.DEVICE_NAME, identity.BINDING):
        assert copy_meta[key]
    assert meta.INCARNATIONS not in copy_meta  # a new database, not a copied one that was re-bound
    assert _snapshot(empty_database)[1].get(meta.DEVICE_ID) is None  # the template itself has no device
