"""A bundle from a newer Cirkulär is kept, not called damaged (issues #15.9).

An older reader cannot judge the fields, tables and choices a newer schema
adds, so a bundle of a newer bundle format or schema version is held in
quarantine with the message "update Cirkulär to read this bundle"; the
other bundles of the import are applied. Every later import tries it again,
so the first import after the update applies it. Here the newer writer is
faked: a manifest that says schema (or format) one above this version's,
and an encryption envelope of a later version.
"""

from __future__ import annotations

import pytest
import sync_kit as kit

from cirkular_desktop.services import quarantine
from cirkular_desktop.services import records as rec
from cirkular_desktop.services import sync
from cirkular_desktop.services.app import open_app
from cirkular_desktop.sync import bundle

ROW = "6666aaaa-6666-4666-8666-6666666666bb"
OTHER = "7777aaaa-7777-4777-8777-7777777777bb"


def _newer(**manifest) -> bytes:
    ops = [kit.op(1, ROW, {"name": "Framtida AB", "country": "SE", "colour": "grön", "_deleted": False})]
    return kit.valid_bundle(ops, **manifest)


def _known(device="b" * 16) -> bytes:
    ops = [kit.op(1, OTHER, {"name": "Nutida AB", "country": "SE", "_deleted": False}, device=device)]
    return kit.valid_bundle(ops, device=device, created_stamp=kit.stamp(kit.NOW_MS + 5, device=device))


@pytest.mark.parametrize("manifest, needs", [
    ({"schema_version": bundle.SCHEMA_VERSION + 1}, f"schema {bundle.SCHEMA_VERSION + 1}"),
    ({"format_version": bundle.FORMAT_VERSION + 1, "surprise": {"a": 1}}, f"bundle format {bundle.FORMAT_VERSION + 1}"),
], ids=["newer schema", "newer format"])
def test_a_newer_bundle_is_held_with_the_update_message_and_the_others_are_applied(cli, tmp_path, manifest, needs):
    assert cli("init").code == 0
    newer, known = tmp_path / "newer.cirkular", tmp_path / "known.cirkular"
    newer.write_bytes(_newer(**manifest))
    known.write_bytes(_known())
    result = cli("import-bundle", str(newer), str(known))
    assert result.code == 0, result.err
    assert "update Cirkulär to read this bundle" in result.err and needs in result.err
    assert "damaged" not in result.err and "edited" not in result.err
    assert "known.cirkular: 1 change" in result.out
    listed = cli("quarantine")
    assert f"needs a newer Cirkulär ({needs})" in listed.out
    again = cli("import-bundle", "--quarantined")
    assert again.code == 0 and "stays in quarantine" in again.err


def test_the_first_import_after_the_update_applies_it(tmp_path, monkeypatch):
    path = tmp_path / "newer.cirkular"
    ops = [kit.op(1, ROW, {"name": "Framtida AB", "country": "SE", "_deleted": False})]
    path.write_bytes(kit.valid_bundle(ops, schema_version=bundle.SCHEMA_VERSION + 1))
    with open_app(tmp_path / "data") as app:
        report = sync.import_bundles(app, [path]).value
        assert [n.status for n in report.held] == [quarantine.NEWER] and not report.bundles
        held = quarantine.held_bundles(app)
        assert held[0]["kind"] == quarantine.TOO_NEW and not held[0]["due"]
        assert rec.list_records(app, "organization") == []
        monkeypatch.setattr(bundle, "SCHEMA_VERSION", bundle.SCHEMA_VERSION + 1)   # the updated program
        report = sync.import_bundles(app, []).value
        assert [n.status for n in report.held] == [quarantine.APPLIED]
        assert [r["name"] for r in rec.list_records(app, "organization")] == ["Framtida AB"]
        assert quarantine.held_bundles(app) == []


def test_an_envelope_of_a_later_encryption_is_held_too(cli, tmp_path):
    assert cli("init").code == 0
    path = tmp_path / "sealed.cirkular"
    path.write_bytes(b"CIRKENC2" + b"\x00\x10" + b'{"cipher":"x"}' + b"\x00" * 64)
    result = cli("import-bundle", str(path))
    assert result.code == 0 and "update Cirkulär to read this bundle" in result.err
    assert "encryption 2" in result.err
    listed = cli("quarantine", "--format", "json")
    assert '"encrypted": true' in listed.out and '"kind": "newer"' in listed.out
