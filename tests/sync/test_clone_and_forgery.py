"""A copied data folder, a forged bundle in this laptop's name, and two versions of one change (issue #14.1).

A data folder copied to a second laptop (or restored from a file copy) must
not share its device id with the original: it takes a new id when opened,
keeping everything it holds, so the two laptops exchange all their edits.
A bundle carrying changes under the importer's own device id that it never
made is refused, and so is a change whose (device, number) is held here with
other content. An older release could have let such a bundle in: a database
holding its own changes beyond its counter takes a new id when opened, so
local edits work again.
"""

from __future__ import annotations

import shutil

import pytest
import sqlalchemy as sa
import sync_kit as kit

from cirkular_desktop.errors import BundleError
from cirkular_desktop.services import maintenance
from cirkular_desktop.services import records as rec
from cirkular_desktop.services import sync
from cirkular_desktop.services.app import open_app
from cirkular_desktop.store import identity, meta

ROW = "33333333-3333-4333-8333-333333333333"


def _device(app) -> str:
    return maintenance.device_info(app)["device"]


def test_a_cloned_data_folder_takes_a_new_device_id_and_both_laptops_end_with_all_edits(tmp_path):
    with open_app(tmp_path / "a") as a:
        org = rec.add_record(a, "organization", {"name": "Säffle Snickeri", "country": "SE"}).value
        rec.set_record(a, "organization", org, {"notes": "före kopian"})
        original = _device(a)
    shutil.copytree(tmp_path / "a", tmp_path / "b")          # the new laptop set up from the old one's files
    with open_app(tmp_path / "a") as a, open_app(tmp_path / "b") as b:
        assert _device(a) == original                          # the original keeps its id
        assert _device(b) != original                          # the copy takes a new one ...
        with b.uow(write=False) as uow:
            assert original in (uow.meta_get(meta.INCARNATIONS) or "")   # ... and remembers the old
        assert rec.dump(a) == rec.dump(b)                      # nothing of what it held is lost
        rec.set_record(a, "organization", org, {"sector": "trä"})
        rec.set_record(b, "organization", org, {"city": "Säffle"})
        rec.add_record(b, "organization", {"name": "Torsby Plast", "country": "SE"})
        sync.export_bundle(a, tmp_path / "from-a.cirkular")
        sync.export_bundle(b, tmp_path / "from-b.cirkular")
        into_b = sync.import_bundles(b, [tmp_path / "from-a.cirkular"]).value
        into_a = sync.import_bundles(a, [tmp_path / "from-b.cirkular"]).value
        assert into_b.bundles[0].new_operations == 1 and into_a.bundles[0].new_operations == 2
        assert rec.dump(a) == rec.dump(b)
        record = rec.get_record(a, "organization", org)
        assert (record["sector"], record["city"], record["notes"]) == ("trä", "Säffle", "före kopian")
        assert len(rec.list_records(a, "organization")) == 2


def test_opening_the_same_folder_again_keeps_its_device_id(tmp_path):
    with open_app(tmp_path / "a") as a:
        first = _device(a)
    with open_app(tmp_path / "a") as a:
        assert _device(a) == first
        rec.add_record(a, "organization", {"name": "Eda Trä", "country": "SE"})
    moved = tmp_path / "moved"
    (tmp_path / "a").rename(moved)                               # a move keeps the file: same laptop, same id
    with open_app(moved) as a:
        assert _device(a) == first


def test_a_restored_database_is_bound_where_it_was_restored(tmp_path):
    with open_app(tmp_path / "a") as a:
        rec.add_record(a, "organization", {"name": "Eda Trä", "country": "SE"})
        backup = maintenance.backup(a, tmp_path / "b.zip")
        maintenance.restore(a.paths, backup, a)
    with open_app(tmp_path / "a") as a:
        restored = _device(a)
    with open_app(tmp_path / "a") as a:
        assert _device(a) == restored                          # bound at restore: no second new id


def _forged(own: str, seq: int) -> bytes:
    ops = [kit.op(seq, ROW, {"name": "Falsk AB", "country": "SE", "_deleted": False}, device=own)]
    return kit.valid_bundle(ops, device=own, created_stamp=kit.stamp(kit.NOW_MS + 100, device=own),
                            holds={own: [[1, seq]]})


def test_a_bundle_in_this_laptops_own_name_that_it_never_made_is_refused(tmp_path):
    with open_app(tmp_path / "a") as a:
        org = rec.add_record(a, "organization", {"name": "Säffle Snickeri", "country": "SE"}).value
        own = _device(a)
        before = rec.dump(a)
        path = tmp_path / "forged.cirkular"
        path.write_bytes(_forged(own, 2))
        with pytest.raises(BundleError) as refused:
            sync.import_bundles(a, [path])
        assert "own device id" in str(refused.value) and "forged.cirkular" in str(refused.value)
        assert rec.dump(a) == before
        rec.set_record(a, "organization", org, {"notes": "fortfarande skrivbar"})   # local edits still work


def test_a_held_change_with_other_content_is_refused(tmp_path):
    other = "e" * 16
    first = [kit.op(1, ROW, {"name": "Årjängs Såg", "country": "SE", "_deleted": False}, device=other)]
    second = [kit.op(1, ROW, {"name": "Årjängs Såg AB", "country": "SE", "_deleted": False}, device=other)]
    with open_app(tmp_path / "a") as a:
        (tmp_path / "1.cirkular").write_bytes(kit.valid_bundle(first, device=other,
                                                               created_stamp=kit.stamp(kit.NOW_MS + 9, device=other)))
        (tmp_path / "2.cirkular").write_bytes(kit.valid_bundle(second, device=other,
                                                               created_stamp=kit.stamp(kit.NOW_MS + 9, device=other)))
        sync.import_bundles(a, [tmp_path / "1.cirkular"])
        before = rec.dump(a)
        with pytest.raises(BundleError) as refused:
            sync.import_bundles(a, [tmp_path / "2.cirkular"])
        assert f"change 1 of device {other} differs" in str(refused.value)
        assert rec.dump(a) == before
        sync.import_bundles(a, [tmp_path / "1.cirkular"])    # the same change again is fine


def test_a_database_holding_its_own_changes_beyond_its_counter_takes_a_new_device_id(tmp_path):
    """What an earlier release left after importing a forged bundle: every local edit failed."""
    with open_app(tmp_path / "a") as a:
        own = _device(a)
        with a.uow() as uow:   # as the forged operation would have been stored
            uow.execute(sa.text("INSERT INTO op (stamp, device, seq, tbl, row_id, data, seen, local) "
                                "VALUES (:stamp, :device, 5, 'organization', :row, '{\"name\":\"x\"}', '{}', 0)"),
                        {"stamp": kit.stamp(device=own), "device": own, "row": ROW})
            uow.commit()
    with open_app(tmp_path / "a") as a:
        assert _device(a) != own
        rec.add_record(a, "organization", {"name": "Eda Trä", "country": "SE"})


def test_the_binding_depends_on_the_file_and_the_machine(tmp_path, monkeypatch):
    db = tmp_path / "x.sqlite"
    db.write_bytes(b"")
    copy = tmp_path / "y.sqlite"
    shutil.copy(db, copy)
    assert identity.binding(db) == identity.binding(db)
    assert identity.binding(db) != identity.binding(copy)
    bound = identity.binding(db)
    monkeypatch.setattr(identity, "machine_id", lambda: "another laptop")
    assert identity.binding(db) != bound
