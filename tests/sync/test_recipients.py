"""Export for one recipient device (bundle format §6): what it has not acknowledged, everything if unknown."""

from __future__ import annotations

import pytest

from cirkular_desktop.errors import ValidationError
from cirkular_desktop.services import maintenance, recipients
from cirkular_desktop.services import records as rec
from cirkular_desktop.services import sync
from cirkular_desktop.services.app import open_app
from cirkular_desktop.sync.bundle_reader import open_bundle


@pytest.fixture
def apps(tmp_path):
    opened = {name: open_app(tmp_path / name) for name in ("anna", "olav", "coordinator", "fresh")}
    for name, app in opened.items():
        maintenance.set_device_name(app, name.capitalize())
    yield opened
    for app in opened.values():
        app.close()


def _org(app, name):
    return rec.add_record(app, "organization", {"name": name, "country": "SE"}).value


def _ops(path):
    with open_bundle(path) as b:
        return b.manifest.operations, b.manifest.full


def test_for_a_known_device_only_what_it_has_not_acknowledged(apps, tmp_path):
    anna, olav, coordinator = apps["anna"], apps["olav"], apps["coordinator"]
    _org(anna, "Säffle Sågverk")
    _org(olav, "Skiptvet Plast")
    for app, name in ((anna, "a1"), (olav, "o1")):
        sync.export_bundle(app, tmp_path / f"{name}.cirkular")
        sync.import_bundles(coordinator, [tmp_path / f"{name}.cirkular"])
    _org(coordinator, "Arvika Återbruk")
    summary = sync.export_bundle(coordinator, tmp_path / "for-anna.cirkular", for_device="ANNA").value
    assert summary.recipient == {"device": sync.history(anna)["device"], "name": "Anna", "known": True}
    assert _ops(tmp_path / "for-anna.cirkular") == (2, False)    # Olav's record and the coordinator's
    sync.import_bundles(anna, [tmp_path / "for-anna.cirkular"])
    assert sorted(r["name"] for r in rec.list_records(anna, "organization")) == [
        "Arvika Återbruk", "Skiptvet Plast", "Säffle Sågverk"]
    # By id prefix, and after Anna acknowledges: nothing left for her.
    sync.export_bundle(anna, tmp_path / "a2.cirkular")
    sync.import_bundles(coordinator, [tmp_path / "a2.cirkular"])
    olav_id = sync.history(olav)["device"]
    sync.export_bundle(coordinator, tmp_path / "again.cirkular", for_device=sync.history(anna)["device"][:5])
    assert _ops(tmp_path / "again.cirkular") == (0, False)
    assert {d["device"] for d in recipients.known_devices(coordinator)} == {sync.history(anna)["device"], olav_id}


def test_for_an_unknown_device_everything(apps, tmp_path):
    anna, coordinator, fresh = apps["anna"], apps["coordinator"], apps["fresh"]
    _org(anna, "Säffle Sågverk")
    sync.export_bundle(anna, tmp_path / "a1.cirkular")
    sync.import_bundles(coordinator, [tmp_path / "a1.cirkular"])
    _org(coordinator, "Arvika Återbruk")
    sync.export_bundle(coordinator, tmp_path / "default.cirkular")   # the default export is unchanged
    assert _ops(tmp_path / "default.cirkular") == (1, False)
    summary = sync.export_bundle(coordinator, tmp_path / "new.cirkular", for_device="Laptop Torsby").value
    assert summary.recipient == {"device": None, "name": "Laptop Torsby", "known": False} and summary.full
    assert _ops(tmp_path / "new.cirkular") == (2, True)
    sync.import_bundles(fresh, [tmp_path / "new.cirkular"])
    assert rec.dump(fresh) == rec.dump(coordinator)


def test_this_device_and_ambiguous_names_are_refused(apps, tmp_path):
    anna, olav, coordinator = apps["anna"], apps["olav"], apps["coordinator"]
    maintenance.set_device_name(olav, "Anna")   # two laptops both called Anna
    for app, name in ((anna, "a1"), (olav, "o1")):
        _org(app, name)
        sync.export_bundle(app, tmp_path / f"{name}.cirkular")
        sync.import_bundles(coordinator, [tmp_path / f"{name}.cirkular"])
    with pytest.raises(ValidationError, match="several devices"):
        sync.export_bundle(coordinator, tmp_path / "x.cirkular", for_device="anna")
    with pytest.raises(ValidationError, match="this device"):
        sync.export_bundle(coordinator, tmp_path / "x.cirkular", for_device="Coordinator")
    with pytest.raises(ValidationError, match="this device"):
        sync.export_bundle(coordinator, tmp_path / "x.cirkular", for_device=sync.history(coordinator)["device"])
    with pytest.raises(ValidationError):
        sync.export_bundle(coordinator, tmp_path / "x.cirkular", for_device="  ")
    assert not (tmp_path / "x.cirkular").exists()
