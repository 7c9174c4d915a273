"""A backup holds everything needed to restore: the database and its photos (issue #14.4).

Backup → restore into an empty data folder → ``check`` is ok and every
photo is there. A backup of the database only (older backups, the automatic
ones) restores too, and the photos it refers to that are missing are named.
A backup that was altered is refused and changes nothing.
"""

from __future__ import annotations

import io
import json
import zipfile

import pytest

from cirkular_desktop.errors import StoreError
from cirkular_desktop.paths import AppPaths
from cirkular_desktop.services import attachments, maintenance
from cirkular_desktop.services import records as rec
from cirkular_desktop.services.app import open_app
from cirkular_desktop.store import backup as db_backup
from cirkular_desktop.store import full_backup

def _png(index: int) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (4, 3), (index * 40 % 256, 90, 30)).save(out, format="PNG")
    return out.getvalue()


def _with_photos(app, count=3):
    org = rec.add_record(app, "organization", {"name": "Säffle Snickeri", "country": "SE"}).value
    for index in range(count):
        attachments.add_photo(app, "organization", org, data=_png(index), filename=f"bild{index}.png")
    return org


def test_a_backup_restored_into_an_empty_folder_passes_check_with_every_photo(app, tmp_path, cli):
    _with_photos(app)
    before = rec.dump(app)
    (tmp_path / "usb").mkdir()
    saved = maintenance.backup(app, tmp_path / "usb" / "saved.cirkular-backup")
    empty = AppPaths(tmp_path / "new-laptop")
    done = maintenance.restore(empty, saved)
    assert done.full and done.attachments_added == 3 and done.missing_attachments == []
    with open_app(paths=empty) as restored:
        report = maintenance.check(restored)
        assert report.ok, (report.integrity, report.problems)
        assert rec.dump(restored) == before
    result = cli("check", data=empty.data_dir)
    assert result.code == 0 and "the file" not in result.out   # no attachment reported missing


def test_the_cli_backup_and_restore_round_trip(cli, data_dir, tmp_path):
    assert cli("init").code == 0
    with open_app(data_dir) as app:
        _with_photos(app, 2)
        before = rec.dump(app)
    target = tmp_path / "b.cirkular-backup"
    made = cli("backup", "-o", str(target))
    assert made.code == 0 and made.out.strip() == str(target)
    other = tmp_path / "elsewhere"
    restored = cli("restore", str(target), data=other)
    assert restored.code == 0 and "2 photos and documents were put back" in restored.out and restored.err == ""
    with open_app(other) as app:
        assert rec.dump(app) == before


def test_a_database_only_backup_restores_and_names_the_missing_photos(app, tmp_path, cli):
    _with_photos(app, 2)
    app.database.checkpoint()
    old_style = tmp_path / "old.sqlite"
    db_backup.copy_database(app.paths.database, old_style)
    empty = tmp_path / "fresh"
    result = cli("restore", str(old_style), data=empty)
    assert result.code == 0
    assert result.err.startswith("warning: 2 photos the restored database refers to are not in the attachments")
    assert "bild0.png" in result.err and "bild1.png" in result.err and len(result.err.strip().splitlines()) == 1


def _rewritten(source, change):
    out = io.BytesIO()
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            name, data = change(info.filename, src.read(info.filename))
            if name is not None:
                dst.writestr(name, data)
    return out.getvalue()


@pytest.mark.parametrize("change, message", [
    (lambda n, d: (n, d[:-1] + b"\x00") if n.startswith("attachments/") else (n, d), "not a complete"),
    (lambda n, d: (n, d[:-10] + b"0" * 10) if n == "cirkular.sqlite" else (n, d), "not a complete"),
    (lambda n, d: ("../evil" if n.startswith("attachments/") else n, d), "not a complete"),
    (lambda n, d: (None if n == "cirkular-backup.json" else n, d), "not a complete"),
    (lambda n, d: (n, json.dumps(dict(json.loads(d), version=9)).encode()) if n.endswith(".json") else (n, d),
     "newer version"),
], ids=["photo altered", "database altered", "name outside", "manifest missing", "newer format"])
def test_an_altered_backup_is_refused_and_changes_nothing(app, tmp_path, change, message):
    _with_photos(app, 1)
    saved = maintenance.backup(app, tmp_path / "b.cirkular-backup")
    rec.add_record(app, "organization", {"name": "Efter AB", "country": "SE"})
    before = rec.dump(app)
    bad = tmp_path / "bad.cirkular-backup"
    bad.write_bytes(_rewritten(saved, change))
    with pytest.raises(StoreError, match=message):
        maintenance.restore(app.paths, bad, app)
    with open_app(paths=app.paths) as reopened:
        assert rec.dump(reopened) == before


def test_the_backup_lists_every_attachment_file(app, tmp_path):
    _with_photos(app, 2)
    saved = maintenance.backup(app, tmp_path / "b.cirkular-backup")
    with zipfile.ZipFile(saved) as archive:
        names = archive.namelist()
        manifest = json.loads(archive.read(full_backup.MANIFEST))
    assert manifest["format"] == "cirkular-backup" and manifest["attachments"] == 2
    assert len([n for n in names if n.startswith("attachments/")]) == 2 and "cirkular.sqlite" in names
