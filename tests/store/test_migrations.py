"""Migrations: every revision applies to an empty database, models agree with them,
older databases are upgraded after a backup, newer ones are refused."""

from __future__ import annotations

import sqlite3

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from cirkular_desktop import paths as _paths
from cirkular_desktop.errors import StoreError
from cirkular_desktop.store import lifecycle, migrate, schema
from cirkular_desktop.store.database import create_engine


def test_upgrade_empty_database_through_every_revision(tmp_path):
    engine = create_engine(tmp_path / "db.sqlite")
    for revision in migrate.revisions():
        migrate.upgrade(engine, revision)
        with engine.connect() as conn:
            assert migrate.current(conn) == revision
    engine.dispose()


def test_models_agree_with_migrations(tmp_path):
    engine = create_engine(tmp_path / "db.sqlite")
    migrate.upgrade(engine)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), schema.metadata)
    engine.dispose()
    # FTS shadow tables are made by raw SQL and unknown to the metadata; Alembic cannot compare
    # indexes on expressions (COLLATE NOCASE) on SQLite: those are checked below instead.
    expression_indexes = {f"ix_{t}_live_{c}" for t, c in schema.LIVE_TITLE_INDEXES.items()}
    relevant = [d for d in diff if not (d[0] == "remove_table" and "_fts" in d[1].name)
                and not (d[0] in ("add_index", "remove_index") and d[1].name in expression_indexes)]
    assert relevant == []


def test_list_indexes_sort_titles_without_case(tmp_path):
    engine = create_engine(tmp_path / "db.sqlite")
    migrate.upgrade(engine)
    with engine.connect() as conn:
        for table, column in schema.LIVE_TITLE_INDEXES.items():
            info = conn.exec_driver_sql(f"PRAGMA index_xinfo(ix_{table}_live_{column})").all()
            keys = [(row[2], row[4]) for row in info if row[5]]  # (column, collation) of key columns
            assert keys == [("deleted", "BINARY"), (column, "NOCASE"), ("id", "BINARY")]
            plan = " ".join(str(row[-1]) for row in conn.exec_driver_sql(
                f"EXPLAIN QUERY PLAN SELECT id FROM {table} WHERE deleted = 0 "
                f"ORDER BY {column} COLLATE NOCASE, id LIMIT 100").all())
            assert f"ix_{table}_live_{column}" in plan and "TEMP B-TREE" not in plan
    engine.dispose()


def test_newer_database_is_refused(tmp_path):
    paths = _paths.AppPaths(tmp_path)
    lifecycle.open_database(paths).close()
    with sqlite3.connect(paths.database) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_future'")
    with pytest.raises(StoreError, match="newer version"):
        lifecycle.open_database(paths)


def test_older_database_is_backed_up_then_upgraded(tmp_path, monkeypatch):
    paths = _paths.AppPaths(tmp_path)
    lifecycle.open_database(paths).close()
    # Pretend the file is at an older revision by adding a newer head after the real ones.
    from cirkular_desktop.store import version

    real = migrate.revisions()
    monkeypatch.setattr(version, "HEAD", "9999_fake")
    monkeypatch.setattr(migrate, "head", lambda: "9999_fake")
    monkeypatch.setattr(migrate, "revisions", lambda: [*real, "9999_fake"])
    upgraded = []
    monkeypatch.setattr(migrate, "upgrade", lambda engine, target="head": upgraded.append(target))
    lifecycle.open_database(paths).close()
    assert upgraded == ["head"]
    assert list(paths.backups.glob("auto-*-before-upgrade.sqlite"))


def test_not_sqlite_and_damaged_files_give_clear_errors(tmp_path):
    paths = _paths.AppPaths(tmp_path)
    paths.data_dir.mkdir(exist_ok=True)
    paths.database.write_bytes(b"this is a text file, not a database\n" * 10)
    with pytest.raises(StoreError, match="not a Cirkulär database"):
        lifecycle.open_database(paths)
    lifecycle_paths = _paths.AppPaths(tmp_path / "two")
    lifecycle.open_database(lifecycle_paths).close()
    data = bytearray(lifecycle_paths.database.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)  # keep the header, wreck the schema page
    lifecycle_paths.database.write_bytes(bytes(data))
    with pytest.raises(StoreError, match="damaged"):
        lifecycle.open_database(lifecycle_paths)


def test_pragmas_are_set(app):
    with app.uow(write=False) as uow:
        get = lambda name: uow.execute(sa.text(f"PRAGMA {name}")).scalar()  # noqa: E731
        assert get("journal_mode") == "wal"
        assert get("synchronous") == 2  # FULL
        assert get("foreign_keys") == 1
        assert get("secure_delete") == 1
        assert get("busy_timeout") >= 1000


def test_head_constant_matches_the_newest_migration():
    from cirkular_desktop.store import version

    assert version.HEAD == migrate.head()


def test_opening_a_current_database_does_not_load_alembic(tmp_path):
    import subprocess
    import sys

    lifecycle.open_database(_paths.AppPaths(tmp_path)).close()
    code = ("import sys\nfrom cirkular_desktop import paths\nfrom cirkular_desktop.store import lifecycle\n"
            f"lifecycle.open_database(paths.resolve({str(tmp_path)!r})).close()\n"
            "print('alembic' in sys.modules)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"
