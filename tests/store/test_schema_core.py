"""The write path is SQLAlchemy Core only: an edit loads no ORM, SQLModel, pydantic or encryption (issue #18 item 8).

The GUI's memory after its first edit was +76 MB over a bare window, of the
+80 MB allowed at start: the bookkeeping tables were SQLModel classes (the ORM
and pydantic came with them) and the store borrowed a helper from the bundle
reader (and with it ``cryptography``). These tests hold the tables to the DDL
the migrations create, and check in a fresh process what one edit loads.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys

from cirkular_desktop.store import schema

HEAVY_FOR_AN_EDIT = ("sqlmodel", "pydantic", "sqlalchemy.orm", "cryptography", "alembic", "reportlab")


def _columns(conn: sqlite3.Connection, table: str) -> list[tuple]:
    return [(name, kind.upper(), bool(notnull), bool(pk)) for _cid, name, kind, notnull, _default, pk
            in conn.execute(f"PRAGMA table_info({table})")]


def test_the_bookkeeping_tables_are_what_the_migrations_create(app):
    with app.snapshot() as conn:
        for table in (schema.META, schema.OP, schema.CONFLICT):
            expected = [(c.name, str(c.type.compile()).upper(), not c.nullable, c.primary_key) for c in table.columns]
            assert _columns(conn, table.name) == expected, table.name
            indexes = {row[1] for row in conn.execute(f"PRAGMA index_list({table.name})") if row[3] == "c"}
            assert {i.name for i in table.indexes} <= indexes


def test_the_tables_are_core_tables():
    import sqlalchemy as sa

    assert all(isinstance(t, sa.Table) for t in schema.metadata.tables.values())
    assert schema.OP.c.seen.default.arg == "{}" and schema.OP.c.local.default.arg is False


def test_one_edit_loads_no_orm_nor_encryption(tmp_path, cli):
    cli("add", "organization", "name=Torsby Trä AB", "country=SE")
    data = tmp_path / "data"
    script = (
        "import json, sys\n"
        "from cirkular_desktop.services.app import open_app\n"
        "from cirkular_desktop.services import browse, records\n"
        f"app = open_app({str(data)!r}, create=False)\n"
        "row = browse.list_page(app, 'organization').rows[0]\n"
        "records.set_record(app, 'organization', row['id'], {'notes': 'edited'})\n"
        "assert records.get_record(app, 'organization', row['id'])['notes'] == 'edited'\n"
        "app.close()\n"
        "print(json.dumps(sorted(sys.modules)))\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    loaded = json.loads(done.stdout.strip().splitlines()[-1])
    heavy = [m for m in loaded if any(m == h or m.startswith(h + ".") for h in HEAVY_FOR_AN_EDIT)]
    assert heavy == []
