"""A whole field day chained in the real main window, on a small screen (issue #17).

A new project leader starts Cirkulär on a 1024×600 laptop: says who they are,
registers the organization, starts the visit, adds the contact they meet,
answers the questionnaire, records a residual stream (code, photo and
caption), a need and an idea, finishes the visit, previews and saves the
summary, corrects the stream's quantity from the list the next day, and exports
a bundle that the coordinator imports. Every step goes through the window a
person uses — keys, clicks, menus — and each step starts from where the last
one left off.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

pytest.importorskip("PySide6.QtPdf")

from PIL import Image  # noqa: E402
from PySide6.QtCore import QPoint, Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import (  # noqa: E402
    QApplication, QCheckBox, QDialogButtonBox, QFileDialog, QLineEdit, QPlainTextEdit, QRadioButton,
)

from cirkular_desktop.gui.contact_dialog import ContactDialog  # noqa: E402
from cirkular_desktop.gui.report_preview import PdfPreviewDialog  # noqa: E402
from cirkular_desktop.gui.visit.pickers import WasteCodePicker  # noqa: E402
from cirkular_desktop.services import attachments, browse, sync, visits  # noqa: E402
from cirkular_desktop.services import records as rec  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "reports"))
from report_samples import text_of  # noqa: E402
from tests.gui.modal import when_modal  # noqa: E402

CTRL = Qt.KeyboardModifier.ControlModifier
PASSPHRASE = "Torsby sawmill 2026"


def type_into(qtbot, widget, text):
    widget.setFocus()
    qtbot.keyClicks(widget, text)


def click(qtbot, widget):
    pos = QPoint(8, widget.height() // 2) if isinstance(widget, (QRadioButton, QCheckBox)) else widget.rect().center()
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=pos)


def find(parent, cls, name):
    widget = parent.findChild(cls, name)
    assert widget is not None, name
    return widget


def activate(qtbot, window):
    """Keys go to the active window, as on a desktop (offscreen, activation waits for the events)."""
    QApplication.processEvents()
    window.activateWindow()
    window.raise_()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)


@pytest.mark.slow
def test_a_field_day_from_the_first_start_to_the_coordinators_import(make_window, ctx, app, qtbot, tmp_path,
                                                                      monkeypatch):
    window = make_window(first_start=True)
    window.resize(1024, 600)
    activate(qtbot, window)
    # 1. Who is working here.
    welcome = window.welcome
    type_into(qtbot, welcome.user_name, "Anna Berg")
    click(qtbot, welcome.start_button)
    assert window.current_list() is window.list_pages["organization"]

    # 2. The organization, from the keyboard: Ctrl+N, type, Ctrl+S.
    QTest.keyClick(window, Qt.Key.Key_N, CTRL)
    editor = window.editor
    assert editor is not None and editor.form.editors["country"].value() == "SE"
    type_into(qtbot, editor.form.editors["name"].widget, "Torsby Snickeri AB")
    type_into(qtbot, editor.form.editors["org_number"].widget, "556036-0793")
    type_into(qtbot, editor.form.editors["city"].widget, "Torsby")
    QTest.keyClick(editor.form.editors["city"].widget, Qt.Key.Key_S, CTRL)
    org_id = editor.organization_id
    assert org_id and rec.get_record(app, "organization", org_id)["org_number"] == "5560360793"

    # 3. Start the visit from the editor; the visitor is filled in.
    click(qtbot, editor.visit_button)
    page = window.visit_page
    assert page is not None and window.stack.currentWidget() is page
    visit_id = page.visit_id
    assert rec.get_record(app, "visit", visit_id)["visitors"] == ["Anna Berg"]

    # 4. The person met: a new contact, right from the visit.
    page.restore_section("@details")

    def fill_contact(dialog):
        type_into(qtbot, dialog.form.editors["name"].widget, "Eva Lind")
        click(qtbot, dialog.buttons.button(QDialogButtonBox.StandardButton.Ok))

    when_modal(ContactDialog, fill_contact)
    click(qtbot, find(page, type(page.finish_button), "new_visit_contact"))
    activate(qtbot, window)
    contact_id = rec.get_record(app, "visit", visit_id)["contact_id"]
    assert contact_id and rec.get_record(app, "contact", contact_id)["name"] == "Eva Lind"

    # 5. The questionnaire, section by section.
    page.restore_section("company")
    click(qtbot, find(page, QRadioButton, "q_org_kind_company"))
    type_into(qtbot, find(page, QLineEdit, "q_activity"), "Joinery and windows")
    type_into(qtbot, find(page, QLineEdit, "q_employees"), "14")
    page.restore_section("processes")
    click(qtbot, find(page, QCheckBox, "q_process_areas_production"))
    page.restore_section("streams")
    type_into(qtbot, find(page, QPlainTextEdit, "q_main_streams"), "Offcuts and sawdust")
    type_into(qtbot, find(page, QLineEdit, "q_largest_stream"), "Offcuts")
    type_into(qtbot, find(page, QLineEdit, "q_largest_stream_quantity"), "30")
    page.restore_section("handling")
    click(qtbot, find(page, QRadioButton, "q_pays_for_handling_false"))
    page.restore_section("needs")
    click(qtbot, find(page, QRadioButton, "q_needs_resources_true"))
    type_into(qtbot, find(page, QPlainTextEdit, "q_needs_what"), "Wood chips for the boiler")
    page.restore_section("ideas")
    click(qtbot, find(page, QCheckBox, "q_roles_supplier"))
    page.restore_section("contact")
    click(qtbot, find(page, QRadioButton, "q_consent_contact_true"))
    click(qtbot, find(page, QRadioButton, "q_consent_share_true"))

    # 6. A residual stream with a waste code, a photo and its caption.
    page.restore_section("@streams")
    click(qtbot, page.streams.add_button)
    stream = page.streams.editor
    type_into(qtbot, stream.fields["title"].widget, "Offcuts (joinery)")
    type_into(qtbot, stream.fields["quantity"].widget, "500")
    stream.fields["unit"].widget.setCurrentIndex(stream.fields["unit"].widget.findData("kg"))
    stream.fields["basis"].widget.setCurrentIndex(stream.fields["basis"].widget.findData("per_month"))

    def pick(dialog):
        qtbot.keyClicks(dialog.search, "170201")
        qtbot.keyClick(dialog.search, Qt.Key.Key_Return)
        qtbot.keyClick(dialog.tree, Qt.Key.Key_Return)

    when_modal(WasteCodePicker, pick)
    click(qtbot, stream.codes.add_button)
    stream.flush()
    activate(qtbot, window)   # the picker has closed: the window has the keys again
    photo = tmp_path / "offcuts.png"
    Image.new("RGB", (320, 200), "peru").save(photo)
    assert stream.photos.add_files([photo]) == 1
    stream.photos.list.setFocus()
    stream.photos.list.setCurrentRow(0)
    qtbot.keyClick(stream.photos.list, Qt.Key.Key_F2)
    type_into(qtbot, stream.photos.dialog.caption, "Offcuts by the saw")
    stream.photos.dialog.close()
    stream_id = stream.record_id

    # 7. A need and an idea.
    page.restore_section("@needs")
    click(qtbot, page.needs.add_button)
    need = page.needs.editor
    assert not need.codes.isVisibleTo(need)   # a need has no waste codes
    type_into(qtbot, need.fields["title"].widget, "Wood chips for heating")
    type_into(qtbot, need.fields["quantity"].widget, "40")
    need.flush()
    page.restore_section("@ideas")
    click(qtbot, page.ideas.add_button)
    idea = page.ideas.editor
    type_into(qtbot, idea.fields["title"].widget, "Offcuts to the school's woodwork classes")
    combo = idea.fields["stream_id"].widget
    combo.setCurrentIndex(combo.findData(stream_id))
    idea.flush()

    # 8. Finish with Ctrl+Enter: version 1.
    QTest.keyClick(QApplication.focusWidget() or page, Qt.Key.Key_Return, CTRL)
    visit = rec.get_record(app, "visit", visit_id)
    assert (visit["status"], visit["version"]) == ("completed", 1), page.banner.text()
    assert page.correct_button.isVisible()

    # 9. The summary: Ctrl+P previews it in the participant's language; saved as a PDF.
    QTest.keyClick(window, Qt.Key.Key_P, CTRL)
    previews = [w for w in QApplication.topLevelWidgets() if isinstance(w, PdfPreviewDialog) and w.isVisible()]
    assert len(previews) == 1
    preview = previews[0]
    assert preview.current_language() == "sv"   # a Swedish organization: the summary is in Swedish
    saved = preview.save_document(str(tmp_path / "sammanfattning"))
    text = text_of(saved.read_bytes())
    for expected in ("Torsby Snickeri AB", "Offcuts (joinery)", "Wood chips for heating", "Eva Lind"):
        assert expected in text, expected
    assert preview.height() <= 600 and preview.width() <= 1024   # it fits the small screen
    preview.close()
    window.close_visit()

    # 10. The next day: the quantity corrected from the Residual streams list (Ctrl+3, Enter).
    QTest.keyClick(window, Qt.Key.Key_3, CTRL)
    streams = window.list_pages["stream"]
    assert streams.model.total == 1
    streams.view.setFocus()
    streams.view.selectRow(0)
    QTest.keyClick(streams.view, Qt.Key.Key_Return)
    dialog = next(w for w in QApplication.topLevelWidgets() if w.objectName() == "record_dialog" and w.isVisible())
    quantity = dialog.editor.fields["quantity"].widget
    quantity.selectAll()
    type_into(qtbot, quantity, "650")
    dialog.close()
    assert rec.get_record(app, "stream", stream_id)["quantity"] == "650"
    assert streams.model.data(streams.model.index(0, 0)) == "Offcuts (joinery)"

    # 11. Export for the coordinator: File ▸ Export bundle…, encrypted.
    target = tmp_path / "torsby.cirkular"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    window.actions_["export_bundle"].trigger()
    sync_page = window.pages["sync"]
    assert window.stack.currentWidget() is sync_page and sync_page.path_edit.text() == str(target)
    sync_page.passphrase_edit.setText(PASSPHRASE)
    sync_page.confirm_edit.setText(PASSPHRASE)
    click(qtbot, sync_page.export_button)
    assert target.is_file() and sync.pending_count(app) == 0

    # The coordinator's computer receives the whole day.
    from cirkular_desktop.services.app import open_app

    with open_app(tmp_path / "coordinator") as coordinator:
        sync.import_bundles(coordinator, [target], passphrase=PASSPHRASE)
        got = rec.get_record(coordinator, "visit", visit_id)
        assert (got["status"], got["version"], got["visitors"]) == ("completed", 1, ["Anna Berg"])
        assert got["answers"]["activity"] == "Joinery and windows"
        assert [s["version"] for s in visits.submissions(coordinator, visit_id)] == [1]
        assert rec.get_record(coordinator, "contact", contact_id)["name"] == "Eva Lind"
        received = rec.get_record(coordinator, "stream", stream_id)
        assert (received["quantity"], received["waste_codes"]) == ("650", ["170201"])
        photos = attachments.list_photos(coordinator, "stream", stream_id)
        assert [(p["filename"], p["caption"]) for p in photos] == [("offcuts.png", "Offcuts by the saw")]
        assert [n["title"] for n in visits.visit_items(coordinator, visit_id, "need")] == ["Wood chips for heating"]
        ideas = visits.visit_items(coordinator, visit_id, "idea")
        assert [(i["title"], i["stream_id"]) for i in ideas] == [("Offcuts to the school's woodwork classes",
                                                                  stream_id)]
        assert browse.count(coordinator, "organization") == 1
