"""The Sync and Conflicts views, driven like a person: type, click, read what is shown."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from cirkular_desktop import i18n
from cirkular_desktop.gui import theme
from cirkular_desktop.gui.import_preview import ImportPreviewDialog, PassphraseDialog
from cirkular_desktop.gui.sync_page import ConflictsPage, SyncPage, import_files
from cirkular_desktop.services import records as rec
from cirkular_desktop.services import sync

PASS = "Gransen 2026 ar oppen"  # typed with QTest, which only knows ASCII keys


@pytest.fixture
def page(ctx, qtbot):
    widget = SyncPage(ctx)
    qtbot.addWidget(widget)
    widget.resize(1100, 800)
    widget.show()
    return widget


def _child(parent, kind):
    found = [w for w in QApplication.topLevelWidgets() + parent.findChildren(kind) if isinstance(w, kind)
             and w.isVisible()]
    assert found, f"no visible {kind.__name__}"
    return found[-1]


def test_encrypted_export_then_import_with_preview(ctx, other, page, qtbot, tmp_path):
    org = rec.add_record(ctx.app, "organization", {"name": "Säffle Sågverk AB", "country": "SE"}).value
    rec.add_record(ctx.app, "contact", {"organization_id": org, "name": "Eva Lind"})
    page.refresh()
    assert "2 changes not exported yet" in page.pending_label.text()
    target = tmp_path / "usb" / "from-a.cirkular"
    target.parent.mkdir()
    qtbot.keyClicks(page.path_edit, str(target))
    page.encrypt_check.setChecked(True)
    qtbot.keyClicks(page.passphrase_edit, PASS)
    qtbot.keyClicks(page.confirm_edit, PASS)
    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    assert target.read_bytes()[:8] == b"CIRKENC1"
    assert "0 changes not exported yet" in page.pending_label.text()
    assert page.history_view.rowCount() == 1 and "Exported" in page.history_view.item(0, 1).text()
    assert page.passphrase_edit.text() == ""

    receiver = SyncPage(other)
    qtbot.addWidget(receiver)
    receiver.show()
    import_files(other, [str(target)], receiver)
    asking = _child(receiver, PassphraseDialog)
    qtbot.keyClicks(asking.edit, PASS)
    asking.accept()
    preview = _child(receiver, ImportPreviewDialog)
    assert "New: 2" in preview.summary_label.text()
    assert rec.list_records(other.app, "organization") == []          # a preview changes nothing
    titles = {preview.records_view.item(r, 2).text() for r in range(preview.records_view.rowCount())}
    assert "Säffle Sågverk AB" in titles
    with qtbot.waitSignal(other.records_changed):
        qtbot.mouseClick(preview.import_button, Qt.MouseButton.LeftButton)
    assert rec.dump(other.app) == rec.dump(ctx.app)
    receiver.refresh()
    assert "Imported, encrypted" in receiver.history_view.item(0, 1).text()
    assert receiver.history_view.item(0, 6).text() == "2 new"


def test_mismatched_passphrases_are_shown_inline_and_nothing_is_written(ctx, page, qtbot, tmp_path):
    target = tmp_path / "x.cirkular"
    qtbot.keyClicks(page.path_edit, str(target))
    page.encrypt_check.setChecked(True)
    qtbot.keyClicks(page.passphrase_edit, PASS)
    qtbot.keyClicks(page.confirm_edit, PASS + "!")
    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    assert "differ" in page.export_error.text()
    assert not target.exists()
    page.confirm_edit.clear()
    page.passphrase_edit.clear()
    qtbot.keyClicks(page.passphrase_edit, "kort")
    qtbot.keyClicks(page.confirm_edit, "kort")
    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    assert "too short" in page.export_error.text() and not target.exists()


def test_a_refused_bundle_is_reported_and_changes_nothing(other, qtbot, tmp_path):
    receiver = SyncPage(other)
    qtbot.addWidget(receiver)
    receiver.show()
    bad = tmp_path / "broken.cirkular"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    before = rec.dump(other.app)
    import_files(other, [str(bad)], receiver)
    box = [w for w in receiver.findChildren(type(receiver.window())) if w.objectName() == "importRefused"]
    from PySide6.QtWidgets import QMessageBox
    boxes = [w for w in receiver.findChildren(QMessageBox) if w.objectName() == "importRefused"]
    assert boxes and "broken.cirkular" in boxes[0].text() and not box
    boxes[0].close()
    assert rec.dump(other.app) == before


def test_missing_range_of_a_device_is_highlighted(ctx, other, qtbot, tmp_path):
    paths = []
    for name in ("Torsby Trä", "Sunne Plast", "Marker Metall"):
        rec.add_record(ctx.app, "organization", {"name": name, "country": "SE"})
        paths.append(tmp_path / f"{name}.cirkular")
        sync.export_bundle(ctx.app, paths[-1])
    sync.import_bundles(other.app, [paths[0], paths[2]])
    receiver = SyncPage(other)
    qtbot.addWidget(receiver)
    receiver.show()
    assert receiver.gap_warning.isVisible() and "2" in receiver.gap_warning.text()
    rows = {receiver.devices_view.item(r, 4).text(): r for r in range(receiver.devices_view.rowCount())}
    device = sync.history(ctx.app)["device"]
    cell = receiver.devices_view.item(rows[device], 2)
    assert cell.text() == "2" and cell.background().color() == theme.color("gap_bg")
    sync.import_bundles(other.app, [paths[1]])
    receiver.refresh()
    assert not receiver.gap_warning.isVisible()


def _conflict(ctx, other, tmp_path):
    org = rec.add_record(ctx.app, "organization", {"name": "Rakkestad Sag", "country": "NO"}).value
    first = tmp_path / "first.cirkular"
    sync.export_bundle(ctx.app, first)
    sync.import_bundles(other.app, [first])
    rec.set_record(ctx.app, "organization", org, {"notes": "Har flis"})
    rec.set_record(other.app, "organization", org, {"notes": "Har bark"})
    back = tmp_path / "back.cirkular"
    sync.export_bundle(other.app, back)
    sync.import_bundles(ctx.app, [back])
    return org


def test_conflicts_side_by_side_and_keep_the_other_value(ctx, other, qtbot, tmp_path):
    org = _conflict(ctx, other, tmp_path)
    conflicts = ConflictsPage(ctx)
    qtbot.addWidget(conflicts)
    conflicts.show()
    assert conflicts.view.rowCount() == 1 and conflicts.count_label.text() == "1 conflict"
    shown = {conflicts.current.value.text(), conflicts.other.value.text()}
    assert shown == {"Har flis", "Har bark"}
    assert conflicts.other.origin.text().startswith("by ")
    competing = conflicts.other.value.text()
    with qtbot.waitSignal(ctx.records_changed):
        qtbot.mouseClick(conflicts.other.keep, Qt.MouseButton.LeftButton)
    assert rec.get_record(ctx.app, "organization", org)["notes"] == competing
    assert conflicts.stack.currentWidget() is conflicts.empty
    # The resolution syncs: the other laptop's conflict goes away too.
    settle = tmp_path / "settle.cirkular"
    sync.export_bundle(ctx.app, settle)
    sync.import_bundles(other.app, [settle])
    assert sync.conflicts(other.app) == []
    assert rec.dump(other.app) == rec.dump(ctx.app)


def test_conflict_resolved_by_typing_a_new_value(ctx, other, qtbot, tmp_path):
    org = _conflict(ctx, other, tmp_path)
    conflicts = ConflictsPage(ctx)
    qtbot.addWidget(conflicts)
    conflicts.show()
    conflicts.edit.clear()
    qtbot.keyClicks(conflicts.edit, "current")   # a word that is also a keyword is still just a value here
    qtbot.keyClick(conflicts.edit, Qt.Key.Key_Return)
    assert rec.get_record(ctx.app, "organization", org)["notes"] == "current"
    assert sync.conflicts(ctx.app) == []


def test_deleted_record_conflict_can_only_stay_deleted(ctx, other, qtbot, tmp_path):
    org = rec.add_record(ctx.app, "organization", {"name": "Skiptvet Gjenvinning", "country": "NO"}).value
    first = tmp_path / "first.cirkular"
    sync.export_bundle(ctx.app, first)
    sync.import_bundles(other.app, [first])
    rec.remove_record(ctx.app, "organization", org)
    rec.set_record(other.app, "organization", org, {"notes": "Ny kontakt"})
    back = tmp_path / "back.cirkular"
    sync.export_bundle(other.app, back)
    sync.import_bundles(ctx.app, [back])
    conflicts = ConflictsPage(ctx)
    qtbot.addWidget(conflicts)
    conflicts.show()
    assert conflicts.current.value.text() == "The record was deleted"
    assert not conflicts.other.keep.isEnabled()
    qtbot.mouseClick(conflicts.current.keep, Qt.MouseButton.LeftButton)
    assert sync.conflicts(ctx.app) == []
    assert json.loads(rec.dump(ctx.app))["tables"]["organization"] == [{"deleted": True, "id": org}]


def test_pages_retranslate_when_the_language_changes(ctx, page, qtbot):
    conflicts = ConflictsPage(ctx)
    qtbot.addWidget(conflicts)
    try:
        i18n.set_language("sv")
        ctx.language_changed.emit("sv")
        assert page.heading.text() == i18n.gettext("Sync")
        assert conflicts.heading.text() == i18n.gettext("Conflicts")
        assert page.export_button.text() == i18n.gettext("Export")
    finally:
        i18n.set_language("en")
        ctx.language_changed.emit("en")
    assert page.export_button.text() == "Export"


@pytest.mark.parametrize(("lang", "verb"), [("sv", "Exportera"), ("nb", "Eksporter")])
def test_the_export_button_is_a_verb_in_the_users_language(ctx, page, lang, verb):
    try:
        i18n.set_language(lang)
        ctx.language_changed.emit(lang)
        assert page.export_button.text() == verb
    finally:
        i18n.set_language("en")
        ctx.language_changed.emit("en")


def test_errors_shown_on_the_pages_follow_a_language_switch(ctx, other, page, qtbot, tmp_path):
    qtbot.keyClicks(page.path_edit, str(tmp_path / "x.cirkular"))
    page.encrypt_check.setChecked(True)
    qtbot.keyClicks(page.passphrase_edit, PASS)
    qtbot.keyClicks(page.confirm_edit, PASS + "!")
    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    _conflict(ctx, other, tmp_path)
    conflicts = ConflictsPage(ctx)
    qtbot.addWidget(conflicts)
    conflicts.show()
    conflicts.edit.clear()
    qtbot.mouseClick(conflicts.save_button, Qt.MouseButton.LeftButton)
    assert conflicts.error.text() == "Type a value, or keep one of the two."
    try:
        i18n.set_language("nb")
        ctx.language_changed.emit("nb")
        assert page.export_error.text() == i18n.gettext("The two passphrases differ.") != "The two passphrases differ."
        assert conflicts.error.text() == i18n.gettext("Type a value, or keep one of the two.")
        assert conflicts.error.text() != "Type a value, or keep one of the two."
        # A refusal that came from an attempt is cleared rather than left in the old language.
        page.export_error.setText("kan ikke skrive")
        page._export_error_msgid = None
        ctx.language_changed.emit("nb")
        assert page.export_error.text() == ""
    finally:
        i18n.set_language("en")
        ctx.language_changed.emit("en")


def test_export_is_encrypted_by_default_and_the_keyring_is_offered_only_where_one_exists(ctx, page, qtbot, tmp_path,
                                                                                          monkeypatch):
    from cirkular_desktop.services import passphrases

    assert page.encrypt_check.isChecked() and page.passphrase_edit.isVisibleTo(page)
    # No keyring backend on this machine: the option is there but cannot be ticked, and nothing breaks.
    assert not passphrases.available() and not page.remember_check.isEnabled()
    assert passphrases.remembered(ctx.app) is None and passphrases.remember(ctx.app, "secret words") is False
    rec.add_record(ctx.app, "organization", {"name": "Eda Trä", "country": "SE"})
    target = tmp_path / "default.cirkular"
    page.path_edit.setText(str(target))
    page.passphrase_edit.setText("Gränsen är öppen")
    page.confirm_edit.setText("Gränsen är öppen")
    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    assert target.read_bytes()[:8] == b"CIRKENC1"   # sealed without the user having to ask

    # With a keyring, the passphrase is kept there only when the box is ticked, and comes back next time.
    store: dict = {}

    class Backend:
        priority = 1

        def get_password(self, service, user):
            return store.get((service, user))

        def set_password(self, service, user, value):
            store[(service, user)] = value

        def delete_password(self, service, user):
            store.pop((service, user), None)

    monkeypatch.setattr(passphrases, "_backend", lambda: Backend())
    page._fill_passphrase()
    assert page.remember_check.isEnabled() and not page.remember_check.isChecked()
    for ticked, name in ((False, "plain-choice.cirkular"), (True, "remembered.cirkular")):
        page.remember_check.setChecked(ticked)
        page.path_edit.setText(str(tmp_path / name))
        page.passphrase_edit.setText("Gränsen är öppen")
        page.confirm_edit.setText("Gränsen är öppen")
        qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
        assert bool(store) is ticked
    assert page.passphrase_edit.text() == "Gränsen är öppen" and page.remember_check.isChecked()


def test_a_held_bundle_deleted_by_an_erasure_is_shown_in_the_history(ctx, page):
    from cirkular_desktop.services import quarantine
    from cirkular_desktop.store import oplog

    with ctx.app.uow() as uow:   # as services.quarantine.forget_person notes it
        oplog.log_bundle(uow, {"direction": "dropped", "reason": quarantine.ENCRYPTED,
                               "bundle_id": "0a1b2c3d-0000-4000-8000-000000000001", "device": "b" * 16,
                               "device_name": "Bærbar Marker", "created": "2026-09-21T14:30:00+00:00",
                               "at": "2026-09-22T08:00:00+00:00", "file_name": "marker.cirkular", "operations": 0,
                               "new_operations": 0, "attachments": 0, "encrypted": True, "outcome": {}})
        uow.commit()
    page.refresh()
    assert page.history_view.item(0, 1).text() == "Deleted from quarantine"
    shown = page.history_view.item(0, 6).text()
    assert shown.startswith("marker.cirkular from Bærbar Marker (bbbbbbbbbbbbbbbb)") and "encrypted" in shown
