"""Sync view import flows driven like a person: drop files, retry a passphrase, held bundles, export recipient.

Drops are real Qt events (QDragEnterEvent / QDropEvent with file URLs) sent
to the Sync page or the main window. A laptop whose clock runs days ahead is
simulated by shifting ``time.time`` and ``time.time_ns``.
"""

from __future__ import annotations

import warnings

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QMessageBox

from cirkular_desktop.gui.import_preview import ImportPreviewDialog, PassphraseDialog, import_files
from cirkular_desktop.gui.sync_page import SyncPage
from cirkular_desktop.services import quarantine
from cirkular_desktop.services import records as rec
from cirkular_desktop.services import sync
from cirkular_desktop.sync.bundle_reader import open_bundle

PASS = "Gransen 2026 ar oppen"  # typed with QTest, which only knows ASCII keys
DAY = 24 * 3600


@pytest.fixture
def receiver(other, qtbot):
    page = SyncPage(other)
    qtbot.addWidget(page)
    page.resize(1100, 800)
    page.show()
    return page


def _visible(kind, name=None):
    found = [w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()
             and (name is None or w.objectName() == name)]
    return found


def _one(kind, name=None):
    found = _visible(kind, name)
    assert found, f"no visible {kind.__name__} {name or ''}"
    return found[-1]


def _drop(widget, *paths):
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)   # PySide marks this (still documented) constructor
        enter = QDragEnterEvent(QPoint(40, 40), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                                Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, enter)
    accepted = enter.isAccepted()
    drop = QDropEvent(QPointF(40, 40), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, drop)
    return accepted


def _bundle_from(ctx, tmp_path, name="from-a.cirkular", **kwargs):
    org = rec.add_record(ctx.app, "organization", {"name": "Säffle Sågverk AB", "country": "SE"}).value
    rec.add_record(ctx.app, "contact", {"organization_id": org, "name": "Eva Lind"})
    path = tmp_path / name
    sync.export_bundle(ctx.app, path, **kwargs)
    return path


def test_dropping_a_bundle_on_the_sync_page_previews_then_imports(ctx, other, receiver, qtbot, tmp_path):
    path = _bundle_from(ctx, tmp_path)
    assert _drop(receiver, path)
    preview = _one(ImportPreviewDialog)
    assert "New: 2" in preview.summary_label.text() and "from-a.cirkular" in preview.bundles_label.text()
    assert rec.list_records(other.app, "organization") == []
    with qtbot.waitSignal(other.records_changed):
        qtbot.mouseClick(preview.import_button, Qt.MouseButton.LeftButton)
    assert rec.dump(other.app) == rec.dump(ctx.app)
    assert receiver.history_view.rowCount() == 1


def test_dropping_a_file_that_is_not_a_bundle_says_so_in_one_line(other, receiver, tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("Besök hos Säffle Sågverk\n", encoding="utf-8")
    before = rec.dump(other.app)
    files_before = sorted(p.name for p in other.app.paths.data_dir.rglob("*") if "-wal" not in p.name)
    assert _drop(receiver, notes)
    box = _one(QMessageBox, "importRefused")
    assert "notes.txt" in box.text() and "not a Cirkulär bundle" in box.text() and "\n" not in box.text()
    assert not _visible(ImportPreviewDialog)
    box.close()
    assert rec.dump(other.app) == before
    assert sorted(p.name for p in other.app.paths.data_dir.rglob("*") if "-wal" not in p.name) == files_before


def test_dropping_on_the_main_window(window, other, tmp_path, qtbot):
    path = _bundle_from(other, tmp_path, "from-b.cirkular")
    _drop(window, path)
    preview = _one(ImportPreviewDialog)
    with qtbot.waitSignal(window.ctx.records_changed):
        qtbot.mouseClick(preview.import_button, Qt.MouseButton.LeftButton)
    assert rec.dump(window.ctx.app) == rec.dump(other.app)
    broken = tmp_path / "broken.cirkular"
    broken.write_bytes(b"this is no bundle at all")
    before = rec.dump(window.ctx.app)
    _drop(window, broken)
    box = _one(QMessageBox, "importRefused")
    assert "broken.cirkular" in box.text() and len(box.text().splitlines()) == 1
    box.close()
    assert rec.dump(window.ctx.app) == before
    # Any other file dropped on the window gets the same one-line refusal, not silence.
    notes = tmp_path / "notes.txt"
    notes.write_text("Besök hos Säffle Sågverk\n", encoding="utf-8")
    _drop(window, notes)
    box = _one(QMessageBox, "importRefused")
    assert "notes.txt" in box.text() and "not a Cirkulär bundle" in box.text() and "\n" not in box.text()
    box.close()
    assert rec.dump(window.ctx.app) == before


def test_wrong_passphrase_asks_again_without_choosing_the_file_again(ctx, other, receiver, qtbot, tmp_path):
    path = _bundle_from(ctx, tmp_path, passphrase=PASS)
    import_files(other, [str(path)], receiver)
    asking = _one(PassphraseDialog)
    assert not asking.error.isVisible()
    qtbot.keyClicks(asking.edit, "not the passphrase")
    asking.accept()
    again = _one(PassphraseDialog)
    assert again is not asking and again.error.isVisible()
    assert again.error.text() == "Wrong passphrase. Try again, or cancel."
    assert not _visible(QMessageBox, "importRefused") and not _visible(ImportPreviewDialog)
    qtbot.keyClicks(again.edit, PASS)
    again.accept()
    preview = _one(ImportPreviewDialog)
    with qtbot.waitSignal(other.records_changed):
        qtbot.mouseClick(preview.import_button, Qt.MouseButton.LeftButton)
    assert rec.dump(other.app) == rec.dump(ctx.app)


def test_wrong_passphrase_then_cancel_changes_nothing(ctx, other, receiver, qtbot, tmp_path):
    path = _bundle_from(ctx, tmp_path, passphrase=PASS)
    before = rec.dump(other.app)
    import_files(other, [str(path)], receiver)
    asking = _one(PassphraseDialog)
    qtbot.keyClicks(asking.edit, "fel fel fel fel")
    asking.accept()
    again = _one(PassphraseDialog)
    assert "Wrong passphrase" in again.error.text()
    again.reject()
    assert not _visible(PassphraseDialog) and not _visible(ImportPreviewDialog)
    assert rec.dump(other.app) == before


def test_a_bundle_stamped_ahead_is_held_listed_and_discarded(ctx, other, receiver, qtbot, tmp_path, clock):
    clock.offset = 3 * DAY
    path = _bundle_from(ctx, tmp_path, "ahead.cirkular")
    clock.offset = 0
    before = rec.dump(other.app)
    import_files(other, [str(path)], receiver)
    preview = _one(ImportPreviewDialog)
    assert "ahead.cirkular" in preview.held_label.text() and "would be held" in preview.held_label.text()
    assert preview.import_button.isEnabled()
    qtbot.mouseClick(preview.import_button, Qt.MouseButton.LeftButton)
    done = _one(QMessageBox, "importDone")
    assert "held in quarantine" in done.text()
    done.close()
    assert rec.dump(other.app) == before
    box = receiver.held_box
    assert box.isVisible() and box.view.rowCount() == 1
    assert box.view.item(0, 1).text() == "ahead.cirkular" and box.view.item(0, 4).text() == "Held"
    assert "day" in box.view.item(0, 3).text() and not box.apply_button.isEnabled()
    assert not box.discard_button.isEnabled()
    box.view.selectRow(0)
    qtbot.mouseClick(box.discard_button, Qt.MouseButton.LeftButton)
    confirm = _one(QMessageBox, "confirmDiscard")
    assert "ahead.cirkular" in confirm.text()
    qtbot.mouseClick(confirm.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)
    assert quarantine.held_bundles(other.app) == []
    assert not box.isVisible()
    assert rec.dump(other.app) == before


def test_held_encrypted_bundle_is_applied_later_with_its_passphrase(ctx, other, receiver, qtbot, tmp_path, clock):
    clock.offset = 3 * DAY
    path = _bundle_from(ctx, tmp_path, "sealed.cirkular", passphrase=PASS)
    clock.offset = 0
    sync.import_bundles(other.app, [path], passphrase=PASS)
    clock.offset = 2.5 * DAY
    receiver.refresh()
    box = receiver.held_box
    assert box.view.item(0, 4).text() == "Due: waits for its passphrase" and box.apply_button.isEnabled()
    qtbot.mouseClick(box.apply_button, Qt.MouseButton.LeftButton)
    asking = _one(PassphraseDialog)
    assert "sealed.cirkular" in asking.label.text()
    qtbot.keyClicks(asking.edit, "not the passphrase")
    asking.accept()
    again = _one(PassphraseDialog)
    assert again.error.text() == "Wrong passphrase. Try again, or cancel."
    qtbot.keyClicks(again.edit, PASS)
    again.accept()
    preview = _one(ImportPreviewDialog)
    assert "would be applied now" in preview.held_label.text() and "New: 2" in preview.summary_label.text()
    with qtbot.waitSignal(other.records_changed):
        qtbot.mouseClick(preview.import_button, Qt.MouseButton.LeftButton)
    assert rec.dump(other.app) == rec.dump(ctx.app)
    assert quarantine.held_bundles(other.app) == [] and not box.isVisible()


def test_export_recipient_choice(ctx, other, receiver, qtbot, tmp_path):
    first = _bundle_from(ctx, tmp_path)
    sync.import_bundles(other.app, [first])
    rec.add_record(other.app, "organization", {"name": "Arvika Återbruk", "country": "SE"})
    receiver.refresh()
    combo = receiver.recipient_combo
    laptop = sync.history(ctx.app)["device"]
    labels = [combo.itemText(i) for i in range(combo.count())]
    assert len(labels) == 3 and laptop in labels[1] and "everything" in labels[2]

    receiver.encrypt_check.setChecked(False)   # on by default; this test reads the manifest

    def export(index, name):
        combo.setCurrentIndex(index)
        receiver.path_edit.clear()
        target = tmp_path / name
        qtbot.keyClicks(receiver.path_edit, str(target))
        qtbot.mouseClick(receiver.export_button, Qt.MouseButton.LeftButton)
        with open_bundle(target) as b:
            return b.manifest.operations, b.manifest.full

    assert export(1, "for-laptop.cirkular") == (1, False)       # only what the laptop has not acknowledged
    assert export(2, "for-new.cirkular") == (3, True)           # a new device: everything
    assert combo.currentIndex() == 2                            # the choice survives the refresh after export


@pytest.mark.parametrize(("lang", "verb"), [("sv", "Importera"), ("nb", "Importer")])
def test_the_import_button_is_a_verb_in_the_users_language(ctx, other, receiver, qtbot, tmp_path, lang, verb):
    from cirkular_desktop import i18n

    path = _bundle_from(ctx, tmp_path)
    i18n.set_language(lang)
    assert _drop(receiver, path)
    preview = _one(ImportPreviewDialog)
    assert preview.import_button.text() == verb
    preview.reject()


def test_the_preview_counts_show_whole_column_headings_in_a_long_language(ctx, other, receiver, tmp_path):
    from cirkular_desktop import i18n

    path = _bundle_from(ctx, tmp_path)
    i18n.set_pseudo(True)  # about 30 % longer than English, like a long translation
    assert _drop(receiver, path)
    preview = _one(ImportPreviewDialog)
    header = preview.table_counts.horizontalHeader()
    for col in range(1, header.count()):
        assert header.sectionSize(col) >= header.sectionSizeHint(col), preview.table_counts.horizontalHeaderItem(
            col).text()
    preview.reject()
