"""Backups and restore: round trip compared with dump; bad backup files refused."""

from __future__ import annotations

import pytest

from cirkular_desktop.errors import StoreError
from cirkular_desktop.services import maintenance
from cirkular_desktop.services import records as services
from cirkular_desktop.services.app import open_app
from cirkular_desktop.store import backup


def test_backup_and_restore_round_trip(app, tmp_path):
    services.add_record(app, "organization", {"name": "Före AB", "country": "SE"})
    before = services.dump(app)
    device_before = maintenance.device_info(app)["device"]
    saved = maintenance.backup(app, tmp_path / "copy.sqlite")
    services.add_record(app, "organization", {"name": "Efter AS", "country": "NO"})
    assert services.dump(app) != before
    maintenance.restore(app.paths, saved, app)
    with open_app(paths=app.paths) as reopened:
        assert services.dump(reopened) == before
        # A restored database is a new incarnation of the device.
        assert maintenance.device_info(reopened)["device"] != device_before


def test_automatic_backups_rotate(app):
    for _ in range(backup.KEEP_AUTOMATIC + 3):
        backup.automatic_backup(app.paths.database, app.paths.backups, "test")
    assert len(list(app.paths.backups.glob("auto-*.sqlite"))) == backup.KEEP_AUTOMATIC


def test_restore_refuses_bad_files_and_changes_nothing(app, tmp_path):
    services.add_record(app, "organization", {"name": "Kvar AB", "country": "SE"})
    before = services.dump(app)
    text = tmp_path / "notes.txt"
    text.write_text("hello")
    for bad, message in [(tmp_path / "missing.sqlite", "no such"), (text, "not a Cirkulär backup")]:
        with pytest.raises(StoreError, match=message):
            maintenance.restore(app.paths, bad, None)
    assert services.dump(app) == before
