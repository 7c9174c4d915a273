"""Quarantine (bundle format §8): bundles stamped more than a day ahead are held, not applied, and applied later.

A laptop whose clock runs days ahead is simulated by shifting ``time.time``
and ``time.time_ns`` for the whole process: the laptop writes and exports
while shifted, the coordinator imports at the true time, and later "waits"
by shifting the clock again.
"""

from __future__ import annotations

import json
import time

import pytest

import sync_kit as kit
from cirkular_desktop.errors import BundleError, NotFoundError
from cirkular_desktop.services import quarantine
from cirkular_desktop.services import records as rec
from cirkular_desktop.services import sync
from cirkular_desktop.services.app import open_app
from cirkular_desktop.store.uow import UnitOfWork

DAY = 24 * 3600
PASS = "rätt lösenord 42"


@pytest.fixture
def laptop(tmp_path):
    with open_app(tmp_path / "laptop") as app:
        yield app


@pytest.fixture
def coordinator(tmp_path):
    with open_app(tmp_path / "coordinator") as app:
        rec.add_record(app, "organization", {"name": "Årjäng Återbruk", "country": "SE"})
        yield app


def _names(app):
    return sorted(r["name"] for r in rec.list_records(app, "organization"))


def _ahead_bundle(laptop, clock, path, *, days=3.0, name="Framtida Trä AB", passphrase=None):
    clock.offset = days * DAY
    rec.add_record(laptop, "organization", {"name": name, "country": "SE"})
    sync.export_bundle(laptop, path, passphrase=passphrase)
    clock.offset = 0
    return path


def _normal_bundle(tmp_path, name="ok.cirkular"):
    path = tmp_path / name
    path.write_bytes(kit.valid_bundle())
    return path


def test_a_bundle_stamped_days_ahead_is_held_and_the_others_are_applied(laptop, coordinator, clock, tmp_path):
    ahead = _ahead_bundle(laptop, clock, tmp_path / "ahead.cirkular")
    normal = _normal_bundle(tmp_path)
    before = rec.dump(coordinator)
    report = sync.import_bundles(coordinator, [ahead, normal]).value
    assert [b.file for b in report.bundles] == ["ok.cirkular"]
    assert _names(coordinator) == ["Gränsbygdens Trä AB", "Årjäng Återbruk"]   # the held one is not applied
    assert [(n.status, n.bundle.file_name) for n in report.held] == [(quarantine.HELD, "ahead.cirkular")]
    held = quarantine.held_bundles(coordinator)
    assert len(held) == 1 and held[0]["device"] == sync.history(laptop)["device"]
    assert 2.9 * DAY * 1000 < held[0]["ahead_ms"] <= 3 * DAY * 1000 + 60_000 and not held[0]["due"]
    stored = coordinator.paths.quarantine / (held[0]["bundle_id"] + ".cirkular")
    assert stored.read_bytes() == ahead.read_bytes()            # byte for byte as received
    assert held[0]["sha256"] and held[0]["size"] == ahead.stat().st_size
    # Importing it alone: still held, nothing changes in the records.
    after_first = rec.dump(coordinator)
    assert after_first != before
    report = sync.import_bundles(coordinator, [ahead]).value
    assert [n.status for n in report.held] == [quarantine.HELD]
    assert rec.dump(coordinator) == after_first
    assert len(quarantine.held_bundles(coordinator)) == 1


def test_held_bundle_is_applied_by_a_later_import_once_the_clock_has_caught_up(laptop, coordinator, clock, tmp_path):
    ahead = _ahead_bundle(laptop, clock, tmp_path / "ahead.cirkular")
    sync.import_bundles(coordinator, [ahead])
    held_dump = rec.dump(coordinator)
    clock.offset = 1.0 * DAY    # still two days ahead: an import of something else leaves it held
    report = sync.import_bundles(coordinator, [_normal_bundle(tmp_path)]).value
    assert [n.status for n in report.held] == [quarantine.STILL_HELD]
    assert "Framtida Trä AB" not in _names(coordinator)
    assert rec.dump(coordinator) != held_dump   # the other bundle was applied
    clock.offset = 2.5 * DAY    # now half a day ahead: within the day allowed
    dry = sync.import_bundles(coordinator, [], dry_run=True).value
    assert [n.status for n in dry.held] == [quarantine.APPLIED] and dry.counts["new"] == 1
    assert "Framtida Trä AB" not in _names(coordinator) and len(quarantine.held_bundles(coordinator)) == 1
    report = sync.import_bundles(coordinator, []).value
    assert [n.status for n in report.held] == [quarantine.APPLIED]
    assert [b.file for b in report.bundles] == ["ahead.cirkular"] and report.counts["new"] == 1
    assert "Framtida Trä AB" in _names(coordinator)
    assert quarantine.held_bundles(coordinator) == []
    assert list(coordinator.paths.quarantine.iterdir()) == []
    history = sync.history(coordinator)["entries"]
    assert history[0]["file_name"] == "ahead.cirkular" and history[0]["direction"] == "import"
    # Nothing left to do: with no files and nothing held the import says so.
    with pytest.raises(Exception, match="give at least one bundle file"):
        sync.import_bundles(coordinator, [])


def test_dry_run_holds_nothing(laptop, coordinator, clock, tmp_path):
    ahead = _ahead_bundle(laptop, clock, tmp_path / "ahead.cirkular")
    before_files = kit.files_under(coordinator.paths.data_dir)
    before = rec.dump(coordinator)
    report = sync.import_bundles(coordinator, [ahead], dry_run=True).value
    assert [n.status for n in report.held] == [quarantine.HELD]
    assert kit.files_under(coordinator.paths.data_dir) == before_files
    assert rec.dump(coordinator) == before


def test_encrypted_bundle_stays_encrypted_and_waits_for_its_passphrase(laptop, coordinator, clock, tmp_path):
    ahead = _ahead_bundle(laptop, clock, tmp_path / "sealed.cirkular", name="Hemlig Återvinning AB",
                          passphrase=PASS)
    report = sync.import_bundles(coordinator, [ahead], passphrase=PASS).value
    assert [n.status for n in report.held] == [quarantine.HELD]
    held = quarantine.held_bundles(coordinator)
    assert held[0]["encrypted"]
    stored = coordinator.paths.quarantine / (held[0]["bundle_id"] + ".cirkular")
    assert stored.read_bytes() == ahead.read_bytes() and stored.read_bytes()[:8] == b"CIRKENC1"
    for path in coordinator.paths.data_dir.rglob("*"):   # no plaintext anywhere: no ZIP, no record
        if path.is_file():
            data = path.read_bytes()
            assert "Hemlig".encode() not in data, path
            assert path.name.startswith("cirkular.sqlite") or b"PK\x03\x04" not in data, path
    assert sorted(p.name for p in tmp_path.iterdir()) == ["coordinator", "laptop", "sealed.cirkular"]
    clock.offset = 2.5 * DAY
    report = sync.import_bundles(coordinator, []).value
    assert [(n.status, n.reason) for n in report.held] == [(quarantine.WAITING, "missing")]
    report = sync.import_bundles(coordinator, [], passphrase="ett annat lösenord").value
    assert [(n.status, n.reason) for n in report.held] == [(quarantine.WAITING, "wrong")]
    assert "Hemlig Återvinning AB" not in _names(coordinator)
    assert len(quarantine.held_bundles(coordinator)) == 1
    report = sync.import_bundles(coordinator, [], passphrase=PASS).value
    assert [n.status for n in report.held] == [quarantine.APPLIED]
    assert "Hemlig Återvinning AB" in _names(coordinator)
    assert quarantine.held_bundles(coordinator) == []


def test_discard_removes_a_held_bundle_without_applying_it(laptop, coordinator, clock, tmp_path):
    ahead = _ahead_bundle(laptop, clock, tmp_path / "ahead.cirkular")
    sync.import_bundles(coordinator, [ahead])
    before = rec.dump(coordinator)
    bundle_id = quarantine.held_bundles(coordinator)[0]["bundle_id"]
    with pytest.raises(NotFoundError):
        quarantine.discard(coordinator, "zzzz")
    gone = quarantine.discard(coordinator, bundle_id[:8]).value
    assert gone["bundle_id"] == bundle_id
    assert quarantine.held_bundles(coordinator) == [] and list(coordinator.paths.quarantine.iterdir()) == []
    clock.offset = 3 * DAY
    sync.import_bundles(coordinator, [_normal_bundle(tmp_path)])
    assert "Framtida Trä AB" not in _names(coordinator)
    assert before != rec.dump(coordinator)


def test_a_bundle_ahead_and_broken_is_refused_not_held(coordinator, tmp_path):
    ops = kit.sample_ops()
    ops[1]["stamp"] = kit.stamp(int(time.time() * 1000) + 3 * DAY * 1000)
    ops_bytes = b"".join(kit.line(o) for o in ops)
    raw = kit.with_ops_bytes(ops_bytes, ops)
    manifest = kit.manifest_for(ops_bytes, ops)
    manifest["members"]["ops.jsonl"]["sha256"] = "0" * 64
    broken = kit.build_zip([("manifest.json", json.dumps(manifest).encode()), ("ops.jsonl", ops_bytes)])
    path = tmp_path / "broken.cirkular"
    path.write_bytes(broken)
    before = kit.files_under(coordinator.paths.data_dir)
    with pytest.raises(BundleError, match="checksum|damaged"):
        sync.import_bundles(coordinator, [path])
    assert kit.files_under(coordinator.paths.data_dir) == before
    # The same bundle unbroken is held.
    path.write_bytes(raw)
    assert [n.status for n in sync.import_bundles(coordinator, [path]).value.held] == [quarantine.HELD]


def test_a_failed_import_leaves_nothing_in_quarantine(laptop, coordinator, clock, tmp_path, monkeypatch):
    ahead = _ahead_bundle(laptop, clock, tmp_path / "ahead.cirkular")
    before = rec.dump(coordinator)

    def fail(self):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(UnitOfWork, "commit", fail)
    with pytest.raises(OSError):
        sync.import_bundles(coordinator, [ahead, _normal_bundle(tmp_path)])
    monkeypatch.undo()
    assert rec.dump(coordinator) == before
    assert quarantine.held_bundles(coordinator) == []
    assert not any(coordinator.paths.quarantine.glob("*"))


def test_held_record_is_readable_json(laptop, coordinator, clock, tmp_path):
    ahead = _ahead_bundle(laptop, clock, tmp_path / "ahead.cirkular")
    sync.import_bundles(coordinator, [ahead])
    (record,) = coordinator.paths.quarantine.glob("*.json")
    data = json.loads(record.read_text(encoding="utf-8"))
    assert data["file_name"] == "ahead.cirkular" and data["device"] == sync.history(laptop)["device"]
    assert set(data) >= {"bundle_id", "held_since", "latest_ms", "encrypted", "sha256", "size"}


def test_ahead_text():
    assert quarantine.ahead_text(3 * DAY * 1000 + 4 * 3600 * 1000) == "3 days 4 hours"
    assert quarantine.ahead_text(26 * 3600 * 1000) == "26 hours"
    assert quarantine.ahead_text(2 * DAY * 1000) == "2 days"
    assert quarantine.ahead_text(50 * 60 * 1000) == "50 minutes"


def test_records_that_are_not_ours_are_ignored(laptop, coordinator, clock, tmp_path):
    ahead = _ahead_bundle(laptop, clock, tmp_path / "ahead.cirkular")
    sync.import_bundles(coordinator, [ahead])
    folder = coordinator.paths.quarantine
    (record,) = folder.glob("*.json")
    data = json.loads(record.read_text(encoding="utf-8"))
    (folder / "broken.json").write_text("{not json", encoding="utf-8")
    (folder / "..%2Fevil.json").write_text(json.dumps(dict(data, bundle_id="../evil")), encoding="utf-8")
    (folder / "orphan.cirkular").write_bytes(b"x")
    assert [h["bundle_id"] for h in quarantine.held_bundles(coordinator)] == [data["bundle_id"]]
    clock.offset = 3 * DAY
    assert [n.status for n in sync.import_bundles(coordinator, []).value.held] == [quarantine.APPLIED]
    assert sorted(p.name for p in folder.iterdir()) == ["..%2Fevil.json", "broken.json", "orphan.cirkular"]
