"""Quarantine and export for one device, through the real command.

``import-bundle`` holds a bundle stamped more than a day ahead (exit 0, one
stderr line per held bundle), ``quarantine`` lists and discards, and
``import-bundle --quarantined`` applies held bundles once the clock has caught
up. ``export-bundle --for DEVICE`` sends what that device has not
acknowledged, everything to a device unknown here. The laptop whose clock is
ahead is simulated by shifting ``time.time``/``time.time_ns``.
"""

from __future__ import annotations

import json

import pytest

from cirkular_desktop.services import maintenance
from cirkular_desktop.services.app import open_app

DAY = 24 * 3600


@pytest.fixture
def dirs(tmp_path):
    return {name: tmp_path / name for name in ("fast", "slow", "coordinator")}


@pytest.fixture
def run(cli, dirs):
    def go(where, *args, code=0):
        result = cli(*args, data=dirs[where])
        assert result.code == code, result
        return result
    return go


def _name_device(folder, name):
    with open_app(folder) as app:
        maintenance.set_device_name(app, name)
        return maintenance.device_info(app)["device"]


def _orgs(run, where):
    return sorted(r["name"] for r in json.loads(run(where, "list", "organization", "--format", "json").out))


def _ahead_export(run, clock, path, name="Framtida Trä AB", days=3.0):
    clock.offset = days * DAY
    run("fast", "add", "organization", f"name={name}", "country=SE")
    run("fast", "export-bundle", str(path))
    clock.offset = 0


def test_held_then_applied_when_the_clock_catches_up(run, dirs, clock, tmp_path):
    fast = _name_device(dirs["fast"], "Laptop Säffle")
    run("slow", "add", "organization", "name=Nutida Metall AB", "country=SE")
    ok = tmp_path / "ok.cirkular"
    run("slow", "export-bundle", str(ok))
    ahead = tmp_path / "ahead.cirkular"
    _ahead_export(run, clock, ahead)
    run("coordinator", "init")
    dry = run("coordinator", "import-bundle", str(ahead), str(ok), "--dry-run")
    assert "ahead.cirkular from Laptop Säffle" in dry.out and "would be held" in dry.out and dry.err == ""
    assert not (dirs["coordinator"] / "quarantine").exists()
    result = run("coordinator", "import-bundle", str(ahead), str(ok))
    lines = result.err.strip().splitlines()
    assert len(lines) == 1, result.err
    assert "ahead.cirkular" in lines[0] and f"Laptop Säffle ({fast})" in lines[0]
    assert "2 days 23 hours ahead" in lines[0] or "3 days ahead" in lines[0]
    assert "held in quarantine" in lines[0] and "not applied" in lines[0]
    assert "ok.cirkular" in result.out
    assert _orgs(run, "coordinator") == ["Nutida Metall AB"]
    dump_held = run("coordinator", "dump").out
    listed = run("coordinator", "quarantine").out
    assert "ahead.cirkular" in listed and "Laptop Säffle" in listed and "1 bundle held" in listed
    held = json.loads(run("coordinator", "quarantine", "--format", "json").out)
    assert [h["file_name"] for h in held] == ["ahead.cirkular"] and held[0]["due"] is False
    # Asking early: it stays held and nothing changes.
    early = run("coordinator", "import-bundle", "--quarantined")
    assert "stays in quarantine" in early.err and early.out == ""
    assert run("coordinator", "dump").out == dump_held
    clock.offset = 2.5 * DAY
    assert "due: applied by the next import" in run("coordinator", "quarantine").out
    late = run("coordinator", "import-bundle", "--quarantined")
    assert f"ahead.cirkular from Laptop Säffle ({fast}) was held in quarantine and is applied now" in late.out
    assert _orgs(run, "coordinator") == ["Framtida Trä AB", "Nutida Metall AB"]
    assert "No bundle is held in quarantine." in run("coordinator", "quarantine").out
    assert json.loads(run("coordinator", "quarantine", "--format", "json").out) == []


def test_discard_and_usage(run, dirs, clock, tmp_path):
    ahead = tmp_path / "ahead.cirkular"
    _ahead_export(run, clock, ahead)
    run("coordinator", "init")
    run("coordinator", "import-bundle", str(ahead))
    before = run("coordinator", "dump").out
    bundle_id = json.loads(run("coordinator", "quarantine", "--format", "json").out)[0]["bundle_id"]
    refused = run("coordinator", "quarantine", "discard", "ffffffff", code=1)
    assert len(refused.err.splitlines()) == 1 and "no held bundle" in refused.err
    gone = run("coordinator", "quarantine", "discard", bundle_id[:8])
    assert "Discarded ahead.cirkular" in gone.out
    clock.offset = 3 * DAY
    assert "No bundle is held in quarantine." in run("coordinator", "import-bundle", "--quarantined").out
    assert run("coordinator", "dump").out == before
    assert run("coordinator", "import-bundle", code=2).err.strip().endswith("--quarantined")


def test_export_for_one_device(run, dirs, tmp_path):
    fast = _name_device(dirs["fast"], "Laptop Säffle")
    _name_device(dirs["coordinator"], "Koordinator")
    run("fast", "add", "organization", "name=Säffle Sågverk", "country=SE")
    first = tmp_path / "first.cirkular"
    run("fast", "export-bundle", str(first))
    run("coordinator", "import-bundle", str(first))
    run("coordinator", "add", "organization", "name=Arvika Återbruk", "country=SE")
    # For the laptop: only what it has not acknowledged (the coordinator's own record).
    back = tmp_path / "back.cirkular"
    out = run("coordinator", "export-bundle", str(back), "--for", "laptop säffle").out
    assert "Wrote 1 change" in out and f"For Laptop Säffle ({fast})" in out
    assert "Wrote 1 change" in run("coordinator", "export-bundle", str(back), "--for", fast[:6]).out
    # For a new laptop: everything, which makes it a full copy.
    fresh = tmp_path / "fresh.cirkular"
    out = run("coordinator", "export-bundle", str(fresh), "--for", "Laptop Torsby").out
    assert "Wrote 2 changes" in out and "“Laptop Torsby” is not known here" in out
    run("slow", "import-bundle", str(fresh))
    assert run("slow", "dump").out == run("coordinator", "dump").out
    # The default export is unchanged: what a known peer still lacks.
    refused = run("coordinator", "export-bundle", str(tmp_path / "x.cirkular"), "--for", "Koordinator", code=1)
    assert "is this device" in refused.err and len(refused.err.splitlines()) == 1
    run("coordinator", "export-bundle", str(tmp_path / "x.cirkular"), "--for", "x", "--full", code=2)
