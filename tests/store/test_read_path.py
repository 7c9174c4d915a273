"""The read path: opening and listing use plain sqlite3; the SQLAlchemy engine appears on the first unit of work."""

from __future__ import annotations

import sqlite3

import pytest

from cirkular_desktop.errors import StoreError
from cirkular_desktop.services import browse, maintenance, records
from cirkular_desktop.services import sync as sync_services
from cirkular_desktop.services.app import open_app
from cirkular_desktop.store import meta, oplog, version
from cirkular_desktop.store.reader import Reader


def _organization(app, name="Säffle Snickeri AB"):
    return records.add_record(app, "organization", {"name": name, "country": "SE"}).value


def test_reopening_a_current_database_reads_without_the_engine(data_dir):
    with open_app(data_dir) as app:  # a new database: created through Alembic and the engine
        assert app.database.engine_loaded
        org = _organization(app)
    with open_app(data_dir) as app:
        assert not app.database.engine_loaded
        assert browse.list_page(app, "organization").rows[0]["id"] == org
        assert browse.count(app, "organization") == 1 and browse.counts(app)["organization"] == 1
        assert browse.organization_overview(app, org)["organization"]["name"] == "Säffle Snickeri AB"
        assert maintenance.device_info(app)["device"]
        assert browse.status_bar(app)["pending"] > 0
        assert not app.database.engine_loaded
        _organization(app, "Rakkestad Trevare AS")  # the first write makes the engine
        assert app.database.engine_loaded
        assert browse.count(app, "organization") == 2  # and the read path sees the committed write


def test_read_path_pragmas_match_the_engine(app):
    _organization(app)
    with app.snapshot() as conn:
        fast = [conn.execute(f"PRAGMA {name}").fetchone()[0]
                for name in ("journal_mode", "synchronous", "foreign_keys", "secure_delete", "busy_timeout")]
    with app.database.read() as conn:
        engine = [conn.exec_driver_sql(f"PRAGMA {name}").scalar()
                  for name in ("journal_mode", "synchronous", "foreign_keys", "secure_delete", "busy_timeout")]
    assert fast == engine == ["wal", 2, 1, 1, 10_000]


def test_status_bar_counts_what_sync_counts(app, tmp_path):
    assert oplog.EXPORTED == meta.SYNC_EXPORTED   # the key store.queries.unexported_count reads
    _organization(app)
    status = browse.status_bar(app)
    assert status["pending"] == sync_services.pending_count(app) > 0
    assert status["device"] == maintenance.device_info(app)["device"]
    sync_services.export_bundle(app, tmp_path / "first.cirkular")
    assert browse.status_bar(app)["pending"] == sync_services.pending_count(app) == 0
    _organization(app, "Rakkestad Trevare AS")
    assert browse.status_bar(app)["pending"] == sync_services.pending_count(app) == 1


def test_a_snapshot_ends_its_transaction_even_when_the_block_fails(app):
    reader = Reader(app.database.path)
    with pytest.raises(ValueError):
        with reader.snapshot() as conn:
            conn.execute("SELECT count(*) FROM organization").fetchone()
            raise ValueError("not the database's fault")
    with reader.snapshot() as again:  # the same connection, reused, outside any transaction before BEGIN
        assert again.in_transaction
    assert reader._idle and not reader._idle[0].in_transaction
    reader.close()
    assert reader._idle == []


def test_a_damaged_database_is_a_one_line_error_on_the_read_path(app):
    reader = Reader(app.database.path)
    with pytest.raises(StoreError, match="damaged"):
        with reader.snapshot() as conn:
            conn.execute("SELECT * FROM no_such_table")
    reader.close()


def test_stored_revision_on_plain_sqlite(app):
    with app.snapshot() as conn:
        assert version.stored_revision(conn) == version.HEAD
    with sqlite3.connect(":memory:") as empty:
        assert version.stored_revision(empty) is None


def test_read_path_records_equal_the_unit_of_work_s(app):
    from cirkular_desktop.services import visits

    org = records.add_record(app, "organization", {"name": "Säffle Snickeri AB", "country": "SE",
                                                   "org_number": "556036-0793", "roles": ["supplier"]},
                             from_text=True).value
    records.add_record(app, "contact", {"organization_id": org, "name": "Eva Lind"})
    visit = visits.start_visit(app, org).value
    for title, unit in (("Spån", "t"), ("Bark", "m3")):
        records.add_record(app, "stream", {"organization_id": org, "title": title, "quantity": "3", "unit": unit,
                                           "waste_codes": ["030105"]})
    overview = browse.organization_overview(app, org)
    with app.uow(write=False) as uow:
        assert overview["organization"] == uow.require("organization", org)
        assert overview["contacts"] == uow.select("contact", where={"organization_id": org})
        assert overview["visits"] == uow.select("visit", where={"organization_id": org}, order_by=("date",),
                                                descending=True)
        streams = uow.select("stream", where={"organization_id": org})
    assert [{k: v for k, v in s.items() if k != "tonnes_per_year"} for s in overview["streams"]] == streams
    assert browse.visit_heading(app, visit)["organization"] == "Säffle Snickeri AB"
