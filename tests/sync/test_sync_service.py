"""The sync use cases one by one: what export sends, acknowledgements, cancel, dry run, restore, attachments."""

from __future__ import annotations

import io
import zipfile

import pytest

from cirkular_desktop.errors import BundleError
from cirkular_desktop.services import maintenance
from cirkular_desktop.services import records as rec
from cirkular_desktop.services import sync
from cirkular_desktop.services.app import open_app
from cirkular_desktop.store import blobs
from cirkular_desktop.sync.bundle_reader import open_bundle


@pytest.fixture
def laptop(tmp_path):
    with open_app(tmp_path / "laptop") as app:
        yield app


@pytest.fixture
def coordinator(tmp_path):
    with open_app(tmp_path / "coordinator") as app:
        yield app


def _org(app, name):
    return rec.add_record(app, "organization", {"name": name, "country": "SE"}).value


def _ops_in(path):
    with open_bundle(path) as b:
        return b.manifest.operations


def test_export_sends_only_what_is_new_until_a_peer_acknowledges(laptop, coordinator, tmp_path):
    _org(laptop, "Säffle Trä")
    assert sync.pending_count(laptop) == 1
    first = tmp_path / "1.cirkular"
    sync.export_bundle(laptop, first)
    assert sync.pending_count(laptop) == 0
    _org(laptop, "Torsby Metall")
    second = tmp_path / "2.cirkular"
    sync.export_bundle(laptop, second)
    assert _ops_in(second) == 1                     # only the new change
    sync.import_bundles(coordinator, [second])       # the first bundle was lost on the way
    back = tmp_path / "back.cirkular"
    sync.export_bundle(coordinator, back)
    sync.import_bundles(laptop, [back])              # the laptop learns what the coordinator holds
    third = tmp_path / "3.cirkular"
    sync.export_bundle(laptop, third)
    assert _ops_in(third) == 1                       # the lost change is sent again, nothing else
    sync.import_bundles(coordinator, [third])
    assert rec.dump(coordinator) == rec.dump(laptop)
    full = tmp_path / "full.cirkular"
    sync.export_bundle(laptop, full, full=True)
    assert _ops_in(full) == 2


def test_gap_is_reported_until_the_missing_bundle_arrives(laptop, coordinator, tmp_path):
    paths = []
    for name in ("A", "B", "C"):
        _org(laptop, name)
        paths.append(tmp_path / f"{name}.cirkular")
        sync.export_bundle(laptop, paths[-1])
    report = sync.import_bundles(coordinator, [paths[2], paths[0]]).value
    device = sync.history(laptop)["device"]
    assert report.gaps == {device: [[2, 2]]}
    history = sync.history(coordinator)
    row = next(d for d in history["devices"] if d["device"] == device)
    assert row["missing"] == [[2, 2]] and row["held"] == [[1, 1], [3, 3]]
    assert [e["file_name"] for e in history["entries"]] == ["A.cirkular", "C.cirkular"]   # newest first
    assert sync.import_bundles(coordinator, [paths[1]]).value.gaps == {}


def test_dry_run_reports_exactly_what_the_import_does(laptop, coordinator, tmp_path):
    org = _org(laptop, "Sunne Såg")
    _org(laptop, "Marker Plast")
    start = tmp_path / "start.cirkular"
    sync.export_bundle(laptop, start)
    sync.import_bundles(coordinator, [start])
    rec.set_record(laptop, "organization", org, {"notes": "från laptop"})
    rec.set_record(coordinator, "organization", org, {"notes": "från koordinator"})
    _org(laptop, "Skiptvet Glass")
    more = tmp_path / "more.cirkular"
    sync.export_bundle(laptop, more)
    before = rec.dump(coordinator)
    dry = sync.import_bundles(coordinator, [more], dry_run=True)
    assert dry.changes == frozenset() and rec.dump(coordinator) == before
    real = sync.import_bundles(coordinator, [more])
    assert dry.value.counts == real.value.counts
    assert real.value.counts["new"] == 1 and real.value.counts["conflicting"] == 1
    assert "organization" in real.changes


def test_cancel_changes_nothing(laptop, coordinator, tmp_path):
    for index in range(30):
        _org(laptop, f"Org {index}")
    path = tmp_path / "big.cirkular"
    sync.export_bundle(laptop, path)
    calls = []

    def progress(done, total):
        calls.append((done, total))
        return False

    before = rec.dump(coordinator)
    with pytest.raises(sync.Cancelled):
        sync.import_bundles(coordinator, [path], progress=progress)
    assert calls and rec.dump(coordinator) == before
    assert sync.history(coordinator)["entries"] == []


def test_restore_starts_a_new_incarnation_and_nothing_collides(laptop, coordinator, tmp_path):
    _org(laptop, "Före backup")
    saved = maintenance.backup(laptop, tmp_path / "saved.sqlite")
    _org(laptop, "Efter backup")
    sent = tmp_path / "sent.cirkular"
    sync.export_bundle(laptop, sent)
    sync.import_bundles(coordinator, [sent])
    old_device = sync.history(laptop)["device"]
    maintenance.restore(laptop.paths, saved, laptop)
    with open_app(laptop.paths.data_dir) as restored:
        assert sync.history(restored)["device"] != old_device
        _org(restored, "Efter återställning")       # seq 1 of the new device: no clash with the old one
        again = tmp_path / "again.cirkular"
        sync.export_bundle(restored, again)
        sync.import_bundles(coordinator, [again])
        back = tmp_path / "back.cirkular"
        sync.export_bundle(coordinator, back, full=True)
        sync.import_bundles(restored, [back])
        assert rec.dump(restored) == rec.dump(coordinator)
        names = sorted(r["name"] for r in rec.list_records(restored, "organization"))
        assert names == ["Efter backup", "Efter återställning", "Före backup"]


def test_attachments_travel_once_and_are_checked(laptop, coordinator, tmp_path):
    org = _org(laptop, "Bildföretaget")
    photo = b"\x89PNG\r\n\x1a\n" + b"pretend image bytes" * 50
    sha = blobs.put(laptop.paths.attachments, photo)
    for caption in ("Container", "Samma bild igen"):
        rec.add_record(laptop, "attachment", {"owner_table": "organization", "owner_id": org, "sha256": sha,
                                              "filename": "spill.png", "media_type": "image/png",
                                              "size": len(photo), "caption": caption}, allow_internal=True)
    path = tmp_path / "photos.cirkular"
    summary = sync.export_bundle(laptop, path).value
    assert summary.attachments == 1
    with zipfile.ZipFile(path) as archive:
        assert [n for n in archive.namelist() if n.startswith("attachments/")] == [f"attachments/{sha}"]
    sync.import_bundles(coordinator, [path])
    assert blobs.read(coordinator.paths.attachments, sha) == photo
    assert maintenance.check(coordinator).problems == []


def test_a_bundle_changed_between_check_and_apply_is_refused(laptop, coordinator, tmp_path):
    for index in range(5):
        _org(laptop, f"Org {index}")
    path = tmp_path / "b.cirkular"
    sync.export_bundle(laptop, path)
    original = path.read_bytes()
    bundle = open_bundle(original, keep_ops=0)   # large bundles stream their operations a second time
    with zipfile.ZipFile(io.BytesIO(original)) as archive:
        members = {n: archive.read(n) for n in archive.namelist()}
    members["ops.jsonl"] = members["ops.jsonl"].replace(b"Org 3", b"Org X")
    swapped = io.BytesIO()
    with zipfile.ZipFile(swapped, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    bundle._zip.close()
    bundle._source = io.BytesIO(swapped.getvalue())   # the file changed after it was checked
    bundle._zip = zipfile.ZipFile(bundle._source)
    before = rec.dump(coordinator)
    with pytest.raises(BundleError, match="checksum"):
        with coordinator.uow() as uow:
            uow.apply_remote(op for batch in bundle.operations() for op in batch)
            uow.commit()
    assert rec.dump(coordinator) == before
    bundle.close()


def test_a_large_import_rebuilds_search_and_restores_the_triggers(laptop, coordinator, tmp_path, monkeypatch):
    monkeypatch.setattr(sync, "BULK_MINIMUM", 5)
    for index in range(8):
        _org(laptop, f"Skogsbolag {index}")
    _org(laptop, "Årjängs Återbruk")
    path = tmp_path / "big.cirkular"
    sync.export_bundle(laptop, path)

    def triggers(app):
        with app.uow(write=False) as uow:
            return uow.execute(__import__("sqlalchemy").text(
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name")).all()

    before = triggers(coordinator)
    assert len(before) == 24
    sync.import_bundles(coordinator, [path])
    assert triggers(coordinator) == before
    assert [r["name"] for r in rec.list_records(coordinator, "organization", search="årjä")] == ["Årjängs Återbruk"]
    _org(coordinator, "Efteråt Lokalt")          # the triggers work again for local writes
    assert len(rec.list_records(coordinator, "organization", search="efterå")) == 1
    assert maintenance.check(coordinator).integrity == []
