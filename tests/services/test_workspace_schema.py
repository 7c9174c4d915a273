"""Schema 0003: reasons of matches stored as text before are read back into codes, in a database that is
upgraded and in operations that arrive from a laptop still on the older release; the new tables and fields
are reachable through the record services."""

from __future__ import annotations

import json

import pytest

from cirkular_desktop import paths as _paths
from cirkular_desktop.errors import ValidationError
from cirkular_desktop.services import records as services
from cirkular_desktop.services import sync
from cirkular_desktop.services.app import open_app
from cirkular_desktop.store import migrate
from cirkular_desktop.store.database import create_engine

OLD_TEXT = "samma material: Sågspån, kutterspån och flis\ncirka 38 km ifrån varandra\nBra kontakt med mottagaren"
EXPECTED = [{"code": "same_material", "material": "wood.sawdust"}, {"code": "distance", "km": 38},
            {"code": "note", "text": "Bra kontakt med mottagaren"}]
MATCH = "33333333-3333-4333-8333-333333333333"


def test_a_database_of_schema_0002_gets_its_text_reasons_as_codes(tmp_path):
    paths = _paths.AppPaths(tmp_path)
    paths.data_dir.mkdir(parents=True, exist_ok=True)
    engine = create_engine(paths.database)
    migrate.upgrade(engine, "0002")
    with engine.begin() as conn:
        conn.exec_driver_sql("INSERT INTO match (id, stage, reasons, deleted, erased, stamps) "
                             "VALUES (?, 'proposed', ?, 0, 0, '{}')", (MATCH, OLD_TEXT))
    engine.dispose()
    with open_app(tmp_path) as app:
        record = services.get_record(app, "match", MATCH)
    assert record["reasons"] == EXPECTED


def _old_laptop_bundle(tmp_path):
    from tests.sync import sync_kit

    ops = [sync_kit.op(1, MATCH, {"stage": "proposed", "reasons": OLD_TEXT, "_deleted": False}, table="match")]
    path = tmp_path / "old.cirkular"
    path.write_bytes(sync_kit.valid_bundle(ops, schema_version=1))
    return path


def test_text_reasons_from_an_older_laptop_arrive_as_codes(tmp_path, app):
    bundle = _old_laptop_bundle(tmp_path)
    sync.import_bundles(app, [bundle])
    assert services.get_record(app, "match", MATCH)["reasons"] == EXPECTED
    # A later change to the record recomputes it from all its operations: still codes.
    services.set_record(app, "match", MATCH, {"notes": "Ring på måndag"})
    dumped = json.loads(services.dump(app))
    (match,) = dumped["tables"]["match"]
    assert match["reasons"] == EXPECTED and match["notes"] == "Ring på måndag"


def test_new_tables_are_records_like_the_others(app):
    org = services.add_record(app, "organization", {"name": "Säffle kommun", "country": "SE"}).value
    activity = services.add_record(app, "activity", {
        "kind": "study_visit", "title": "Studiebesök hos Moelven", "date": "2026-10-02", "organizer_id": org,
        "participants": f"{org}:4, NO:6"}, from_text=True).value
    stored = services.get_record(app, "activity", activity)
    # A group counted by organization takes the organization's country.
    assert stored["participants"] == [{"count": 4, "country": "SE", "organization_id": org},
                                      {"count": 6, "country": "NO"}]
    with pytest.raises(ValidationError, match="activity.participants: no organization"):
        services.add_record(app, "activity", {"title": "x", "date": "2026-10-02",
                                              "participants": "44444444-4444-4444-8444-444444444444:3"},
                            from_text=True)
    with pytest.raises(ValidationError, match="test_environment.partners: no organization"):
        services.add_record(app, "test_environment", {"title": "Prov", "partners": [MATCH]})
