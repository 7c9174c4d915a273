"""A whole visit driven as a person would: click, type, shortcuts, the code picker, a dropped photo, finish.

Runs offscreen with the worker synchronous (``CIRKULAR_SYNC_WORKER=1``).
"""

from __future__ import annotations

import os

import pytest

pytest.importorskip("PySide6.QtWidgets")
os.environ["CIRKULAR_SYNC_WORKER"] = "1"

from PIL import Image  # noqa: E402
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QTimer, QUrl  # noqa: E402
from PySide6.QtGui import QDragEnterEvent, QDropEvent  # noqa: E402
from PySide6.QtWidgets import QApplication, QCheckBox, QLineEdit, QPlainTextEdit, QRadioButton  # noqa: E402

from cirkular_desktop.gui.visit.page import VisitPage  # noqa: E402
from cirkular_desktop.gui.visit.pickers import WasteCodePicker  # noqa: E402
from cirkular_desktop.services import attachments, records, visits  # noqa: E402

pytestmark = pytest.mark.gui
CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def visit_id(app):
    org = records.add_record(app, "organization", {"name": "Säffle Snickeri AB", "country": "SE"}).value
    return visits.start_visit(app, org, visitors=["Anna Berg"]).value


@pytest.fixture
def page(ctx, visit_id, qtbot):
    widget = VisitPage(ctx, visit_id)
    qtbot.addWidget(widget)
    widget.resize(1280, 820)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget
    widget.flush()


def stored_answers(app, visit_id):
    return records.get_record(app, "visit", visit_id)["answers"] or {}


def find(page, cls, name):
    widget = page.findChild(cls, name)
    assert widget is not None, name
    return widget


def type_into(qtbot, widget, text):
    widget.setFocus()
    qtbot.keyClicks(widget, text)


def click(qtbot, widget):
    """Click where a person would: a radio button or check box on its indicator, a button in its middle."""
    if isinstance(widget, (QRadioButton, QCheckBox)):
        pos = QPoint(8, widget.height() // 2)
    else:
        pos = widget.rect().center()
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=pos)


def next_section(qtbot, page):
    qtbot.keyClick(QApplication.focusWidget() or page, Qt.Key.Key_PageDown, CTRL)


def pick_code_when_dialog_opens(qtbot, text):
    """The picker is modal: type into it as soon as it shows, then Enter twice (into the list, choose)."""
    def act():
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, WasteCodePicker):
            QTimer.singleShot(20, act)
            return
        qtbot.keyClicks(dialog.search, text)
        qtbot.keyClick(dialog.search, Qt.Key.Key_Return)
        qtbot.keyClick(dialog.tree, Qt.Key.Key_Return)
    QTimer.singleShot(0, act)


def drop_files(widget, paths):
    """Drag files from a file manager onto ``widget``.

    Qt delivers drop events only during a real drag, which offscreen tests
    cannot start, so the widget's handlers get the events a drag would send.
    """
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    point = QPointF(widget.rect().center())
    enter = QDragEnterEvent(point, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    widget.dragEnterEvent(enter)
    assert enter.isAccepted()
    drop = QDropEvent(point, Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
    widget.dropEvent(drop)
    assert drop.isAccepted()


def test_a_whole_visit(app, page, visit_id, qtbot, tmp_path):
    assert page.current_section() == "company"
    assert page.findChild(QRadioButton, "q_org_kind_company").isVisible()

    # The organization
    click(qtbot, find(page, QRadioButton, "q_org_kind_company"))
    type_into(qtbot, find(page, QLineEdit, "q_activity"), "Joinery and windows")
    type_into(qtbot, find(page, QLineEdit, "q_employees"), "14")
    qtbot.waitUntil(lambda: stored_answers(app, visit_id).get("activity") == "Joinery and windows", timeout=1500)
    # Employees and kind are answered on the organization's record, not copied into the answers.
    organization_id = records.get_record(app, "visit", visit_id)["organization_id"]
    organization = records.get_record(app, "organization", organization_id)
    assert (organization["employees"], organization["kind"]) == (14, "company")
    assert "employees" not in stored_answers(app, visit_id) and "org_kind" not in stored_answers(app, visit_id)

    # Processes: a conditional question appears with its area and disappears without it
    next_section(qtbot, page)
    assert page.current_section() == "processes"
    production = find(page, QCheckBox, "q_process_areas_production")
    residues = page.questions["production_residues"]
    assert residues.isHidden()
    click(qtbot, production)
    assert not residues.isHidden()
    click(qtbot, production)
    assert residues.isHidden()
    click(qtbot, production)
    type_into(qtbot, find(page, QPlainTextEdit, "q_production_residues"), "Offcuts, sawdust, paint sludge")

    # Finishing now fails: the required questions are marked and the first is focused
    click(qtbot, page.finish_button)
    assert page.banner.isVisible() and "required" in page.banner.text()
    assert page.current_section() == "streams"
    assert not page.questions["main_streams"].error.isHidden()
    assert QApplication.focusWidget() is find(page, QPlainTextEdit, "q_main_streams")
    assert records.get_record(app, "visit", visit_id)["status"] == "draft"
    assert "href='contact_name'" in page.banner.text()  # each missing question is a link to it
    page.banner.linkActivated.emit("contact_name")
    assert page.current_section() == "contact" and QApplication.focusWidget() is find(page, QLineEdit, "q_contact_name")
    page.banner.linkActivated.emit("main_streams")

    type_into(qtbot, QApplication.focusWidget(), "Offcuts and sawdust")
    assert page.questions["largest_stream_quantity"].isHidden()
    type_into(qtbot, find(page, QLineEdit, "q_largest_stream"), "Offcuts")
    assert not page.questions["largest_stream_quantity"].isHidden()
    type_into(qtbot, find(page, QLineEdit, "q_largest_stream_quantity"), "30")

    page.restore_section("handling")
    click(qtbot, find(page, QRadioButton, "q_pays_for_handling_true"))
    assert page.questions["handling_currency"].isHidden()
    type_into(qtbot, find(page, QLineEdit, "q_handling_cost"), "45000")
    assert not page.questions["handling_currency"].isHidden()  # required once a cost is given
    click(qtbot, find(page, QRadioButton, "q_handling_currency_SEK"))
    page.restore_section("needs")
    click(qtbot, find(page, QRadioButton, "q_needs_resources_false"))
    page.restore_section("ideas")
    click(qtbot, find(page, QCheckBox, "q_roles_supplier"))
    page.restore_section("contact")
    type_into(qtbot, find(page, QLineEdit, "q_contact_name"), "Eva Lind")
    click(qtbot, find(page, QRadioButton, "q_consent_contact_true"))
    click(qtbot, find(page, QRadioButton, "q_consent_share_true"))

    # Two residual streams, one with a code from the picker and a dropped photo
    page.restore_section("@streams")
    click(qtbot, find(page, type(page.streams.add_button), "add_stream"))
    editor = page.streams.editor
    type_into(qtbot, editor.fields["title"].widget, "Offcuts (joinery)")
    type_into(qtbot, editor.fields["quantity"].widget, "500")
    editor.fields["unit"].widget.setCurrentIndex(editor.fields["unit"].widget.findData("kg"))
    editor.fields["basis"].widget.setCurrentIndex(editor.fields["basis"].widget.findData("per_month"))
    assert editor.tonnes_label.text() == "≈ 6 tonnes per year"
    pick_code_when_dialog_opens(qtbot, "170201")
    click(qtbot, editor.codes.add_button)
    assert editor.codes.codes == ["170201"]
    assert editor.mirror_note.isVisible()  # 17 02 01 is a mirror entry: assess the hazard
    qtbot.waitUntil(lambda: editor.record_id is not None, timeout=1500)
    photo = tmp_path / "offcuts.png"
    Image.new("RGB", (320, 200), "peru").save(photo)
    drop_files(editor.photos, [photo])
    assert editor.photos.list.count() == 1, editor.photos.error.text()
    first_id = editor.record_id

    click(qtbot, page.streams.add_button)
    assert editor.record_id is None
    type_into(qtbot, editor.fields["title"].widget, "Paint sludge")
    type_into(qtbot, editor.fields["quantity"].widget, "0.4")
    qtbot.waitUntil(lambda: editor.record_id not in (None, first_id), timeout=1500)

    # Finish: all saved, version 1
    click(qtbot, page.finish_button)
    visit = records.get_record(app, "visit", visit_id)
    assert (visit["status"], visit["version"]) == ("completed", 1)
    # The answers about the contact person live on the contact record, not in the answers
    contact = records.get_record(app, "contact", visit["contact_id"])
    assert (contact["name"], contact["consent_contact"], contact["consent"]) == ("Eva Lind", True, True)
    assert not {"contact_name", "consent_share", "consent_contact"} & set(visit["answers"])
    streams = visits.visit_items(app, visit_id, "stream")
    assert [(s["title"], s["quantity"], s["unit"], s["basis"], s["waste_codes"]) for s in streams] == [
        ("Offcuts (joinery)", "500", "kg", "per_month", ["170201"]),
        ("Paint sludge", "0.4", "t", "per_year", None)]
    assert streams[0]["hazard_assessment"] == "not_assessed"
    assert [p["filename"] for p in attachments.list_photos(app, "stream", first_id)] == ["offcuts.png"]
    answers = visit["answers"]
    assert answers["handling_cost"] == {"value": "45000", "unit": None} and answers["handling_currency"] == "SEK"
    assert answers["process_areas"] == ["production"]
    assert page.correct_button.isVisible() and not page.finish_button.isVisible()
    assert not page.questions["activity"].input.isEnabled()
    assert page.streams.list.count() == 2 and "photo" in page.streams.list.item(0).text()

    # A correction makes version 2; version 1 stays
    click(qtbot, page.correct_button)
    type_into(qtbot, find(page, QLineEdit, "q_activity"), " and doors")
    click(qtbot, page.finish_button)
    history = visits.submissions(app, visit_id)
    assert [(s["version"], s["answers"]["activity"]) for s in history] == [
        (1, "Joinery and windows"), (2, "Joinery and windows and doors")]
    page.restore_section("@history")
    assert page.history.table.rowCount() == 2
    assert "changed" in page.history.answers.toPlainText()
