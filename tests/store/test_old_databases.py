"""Every released schema has a fixture database that this version must open.

The fixture is copied into a fresh data directory and opened the way the app
opens any database (backup, then migrate). Every record and value of the
fixture's dump must still be there; new columns may add keys.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from cirkular_desktop.services import maintenance
from cirkular_desktop.services import records as services
from cirkular_desktop.services.app import open_app

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
RELEASED = sorted(FIXTURES.glob("db-schema-*.sqlite"))


@pytest.mark.parametrize("fixture", RELEASED, ids=lambda p: p.stem)
def test_old_database_opens_with_its_data(fixture, tmp_path):
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    shutil.copy(fixture, data_dir / "cirkular.sqlite")
    expected = json.loads(fixture.with_suffix(".dump.json").read_text(encoding="utf-8"))
    with open_app(data_dir) as app:
        dumped = json.loads(services.dump(app))
        report = maintenance.check(app)
    assert report.ok, (report.integrity, report.problems)
    for table, rows in expected["tables"].items():
        current = {row["id"]: row for row in dumped["tables"][table]}
        for row in rows:
            assert row["id"] in current, (table, row["id"])
            for key, value in row.items():
                assert current[row["id"]][key] == value, (table, row["id"], key)


def test_there_is_a_fixture_for_the_first_release():
    from cirkular_desktop.store import migrate

    assert (FIXTURES / f"db-schema-{migrate.revisions()[0]}.sqlite") in RELEASED
