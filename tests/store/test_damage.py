"""A database that fails its integrity check is not written to or exported from (issue #14.8).

Bytes overwritten in the middle of the file: ``check`` fails and marks the
database; from then on every write and every export is refused in one line
that names restore and repair; reading still works. ``repair`` rebuilds the
database from what can be read of its operation log and says what was lost;
``restore`` brings a backup back. Either lifts the mark.
"""

from __future__ import annotations

import sqlite3

import pytest

from cirkular_desktop.services import maintenance
from cirkular_desktop.services import records as rec
from cirkular_desktop.services.app import open_app
from cirkular_desktop.store import health


def _has_dbstat() -> bool:
    conn = sqlite3.connect(":memory:")
    try:
        conn.execute("SELECT * FROM dbstat LIMIT 1")
        return True
    except sqlite3.Error:
        return False
    finally:
        conn.close()


pytestmark = pytest.mark.skipif(not _has_dbstat(), reason="this SQLite has no dbstat table to find a page to damage")


def _overwrite_a_page_of(database, table: str) -> None:
    """Overwrite most of one leaf page of ``table`` (in the middle of the file) with garbage."""
    conn = sqlite3.connect(database)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        pages = [r[0] for r in conn.execute("SELECT pageno FROM dbstat WHERE name = ? AND pagetype = 'leaf' "
                                            "ORDER BY pageno", (table,))]
        size = conn.execute("PRAGMA page_size").fetchone()[0]
    finally:
        conn.close()
    page = pages[len(pages) // 2]
    with open(database, "r+b") as handle:
        handle.seek((page - 1) * size + 16)
        handle.write(b"\xa5" * (size - 32))


@pytest.fixture
def filled(cli, data_dir, tmp_path):
    assert cli("init").code == 0
    with open_app(data_dir) as app:
        for index in range(300):
            rec.add_record(app, "organization", {"name": f"Företag {index:03d} med ett ganska långt namn",
                                                 "country": "SE", "notes": "spån och bark " * 8})
        before = rec.dump(app)
    return before


def test_a_damaged_database_refuses_writes_and_exports_until_repaired(cli, data_dir, tmp_path, filled):
    exported = cli("export-bundle", str(tmp_path / "sent.cirkular"))   # what reached the coordinator
    assert exported.code == 0
    assert cli("add", "organization", "name=Ej exporterad AB", "country=SE").code == 0
    _overwrite_a_page_of(data_dir / "cirkular.sqlite", "op")
    checked = cli("check")
    assert checked.code == 1 and "repair" in checked.err and len(checked.err.strip().splitlines()) == 1
    assert health.marked(data_dir / "cirkular.sqlite") is not None
    for args in (("add", "organization", "name=Ny AB", "country=SE"),
                 ("export-bundle", str(tmp_path / "out.cirkular"), "--full"),
                 ("backup", "-o", str(tmp_path / "b.cirkular-backup"))):
        refused = cli(*args)
        assert refused.code == 1, args
        assert "cirkular restore" in refused.err and "cirkular repair" in refused.err, refused.err
        assert len(refused.err.strip().splitlines()) == 1
    assert not (tmp_path / "out.cirkular").exists()
    repaired = cli("repair")
    assert repaired.code == 0, repaired.err
    assert "Lost: changes" in repaired.out and "made on this laptop" in repaired.out
    assert "were never exported: they are gone for good" in repaired.out
    assert cli("check").code == 0
    assert health.marked(data_dir / "cirkular.sqlite") is None
    assert cli("add", "organization", "name=Ny AB", "country=SE").code == 0
    back = cli("import-bundle", str(tmp_path / "sent.cirkular"))   # the exported ones come back
    assert back.code == 0, back.err
    names = {r["name"] for r in _organizations(data_dir)}
    assert {f"Företag {i:03d} med ett ganska långt namn" for i in range(300)} <= names
    assert "Ny AB" in names and "Ej exporterad AB" not in names   # the one never exported is the one lost


def _organizations(data_dir):
    with open_app(data_dir) as app:
        return rec.list_records(app, "organization")


def test_damage_to_a_record_table_alone_is_repaired_without_loss(cli, data_dir, filled):
    _overwrite_a_page_of(data_dir / "cirkular.sqlite", "organization")
    assert cli("check").code == 1
    repaired = cli("repair")
    assert repaired.code == 0 and "Nothing was lost." in repaired.out, repaired.out
    assert cli("check").code == 0
    assert cli("dump").out == filled                       # every record rebuilt from the log


def test_restore_lifts_the_mark(cli, data_dir, tmp_path, filled):
    assert cli("backup", "-o", str(tmp_path / "good.cirkular-backup")).code == 0
    _overwrite_a_page_of(data_dir / "cirkular.sqlite", "op")
    assert cli("check").code == 1
    assert cli("restore", str(tmp_path / "good.cirkular-backup")).code == 0
    assert cli("check").code == 0 and cli("dump").out == filled
    assert cli("add", "organization", "name=Ny AB", "country=SE").code == 0


def test_reading_still_works_while_marked(cli, data_dir, filled):
    with open_app(data_dir) as app:
        health.mark(app.paths.database, ["On tree page 7 cell 2: invalid page number"])
        assert rec.list_records(app, "organization", limit=3)
        with pytest.raises(Exception, match="cirkular repair"):
            maintenance.set_device_name(app, "Ny")
