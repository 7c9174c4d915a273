"""Photo captions, a new contact from inside a visit, editing streams/needs/ideas from their lists, Undo/Redo.

Driven as a person would: keys, clicks, shortcuts, offscreen with the worker synchronous.
"""

from __future__ import annotations

import io

import pytest

pytest.importorskip("PySide6.QtWidgets")

from PIL import Image  # noqa: E402
from PySide6.QtCore import QPoint, Qt, QTimer  # noqa: E402
from PySide6.QtGui import QTextCursor  # noqa: E402
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLineEdit  # noqa: E402

from cirkular_desktop import i18n  # noqa: E402
from cirkular_desktop.gui import undo  # noqa: E402
from cirkular_desktop.gui.contact_dialog import ContactDialog  # noqa: E402
from cirkular_desktop.gui.record_dialog import RecordDialog  # noqa: E402
from cirkular_desktop.gui.visit.page import VisitPage  # noqa: E402
from cirkular_desktop.gui.visit.photo_dialog import PhotoDialog  # noqa: E402
from cirkular_desktop.services import attachments, records, reports, visits  # noqa: E402

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def visit_id(app):
    org = records.add_record(app, "organization", {"name": "Arvika Trä AB", "country": "SE"}).value
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


def new_stream(page, qtbot, title):
    page.restore_section("@streams")
    qtbot.mouseClick(page.streams.add_button, Qt.MouseButton.LeftButton)
    editor = page.streams.editor
    qtbot.keyClicks(editor.fields["title"].widget, title)
    editor.flush()
    assert editor.record_id is not None
    return editor


def picture(tmp_path, name="pallets.png", color="peru"):
    path = tmp_path / name
    Image.new("RGB", (200, 120), color).save(path)
    return path


def open_dialogs(cls):
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, cls) and w.isVisible()]


# --- captions --------------------------------------------------------------------------------------


def test_caption_is_written_in_the_photo_dialog_shown_under_the_thumbnail_and_printed(page, app, visit_id, qtbot,
                                                                                     tmp_path):
    editor = new_stream(page, qtbot, "Pallets")
    strip = editor.photos
    assert strip.add_files([picture(tmp_path)]) == 1
    assert not strip.caption_button.isEnabled()  # nothing selected yet
    strip.list.setFocus()
    strip.list.setCurrentRow(0)
    assert strip.caption_button.isEnabled()
    qtbot.keyClick(strip.list, Qt.Key.Key_F2)
    dialog = strip.dialog
    assert isinstance(dialog, PhotoDialog) and dialog.isVisible()
    qtbot.waitUntil(dialog.caption.hasFocus, timeout=2000)
    qtbot.keyClicks(dialog.caption, "Broken pallets by the loading bay")
    photo_id = strip.list.item(0).data(Qt.ItemDataRole.UserRole)
    # autosave: stored about 400 ms after the typing stops, without closing the dialog
    qtbot.waitUntil(lambda: records.get_record(app, "attachment", photo_id)["caption"]
                    == "Broken pallets by the loading bay", timeout=2000)
    assert strip.list.item(0).text() == "Broken pallets by the loading bay"
    qtbot.keyClicks(dialog.caption, "!")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # closing writes what waits
    assert not dialog.isVisible()
    assert records.get_record(app, "attachment", photo_id)["caption"] == "Broken pallets by the loading bay!"
    assert "pallets.png" in strip.list.item(0).toolTip()
    # the visit summary prints the caption under the photo
    from pypdf import PdfReader

    pdf = reports.visit_summary_pdf(app, visit_id, "en")
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "Broken pallets by the loading bay!" in text


def test_double_click_opens_the_photo_with_its_caption_and_undo_restores_the_old_caption(page, ctx, app, qtbot,
                                                                                          tmp_path):
    editor = new_stream(page, qtbot, "Pallets")
    strip = editor.photos
    strip.add_files([picture(tmp_path)])
    item = strip.list.item(0)
    photo_id = item.data(Qt.ItemDataRole.UserRole)
    rect = strip.list.visualItemRect(item)
    qtbot.mouseClick(strip.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(strip.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    dialog = strip.dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.keyClicks(dialog.caption, "Before")
    dialog.close()
    assert records.get_record(app, "attachment", photo_id)["caption"] == "Before"
    stack = undo.stack_for(ctx)
    assert stack.undoText() == "change of Caption in “pallets.png”"
    stack.undo()
    assert records.get_record(app, "attachment", photo_id)["caption"] is None
    assert strip.list.item(0).text() == "pallets.png"
    stack.redo()
    assert strip.list.item(0).text() == "Before"


def test_a_refused_caption_shows_its_reason_and_keeps_the_stored_one(page, app, qtbot, tmp_path, monkeypatch):
    from cirkular_desktop.errors import ValidationError

    editor = new_stream(page, qtbot, "Pallets")
    strip = editor.photos
    strip.add_files([picture(tmp_path)])
    strip.list.setCurrentRow(0)
    dialog = strip.edit_caption()

    def refuse(*_args, **_kwargs):
        raise ValidationError("attachment.caption: too long", field="caption")

    monkeypatch.setattr(attachments, "set_caption", refuse)
    qtbot.keyClicks(dialog.caption, "x")
    dialog.flush()
    assert dialog.error.isVisible() and "too long" in dialog.error.text().lower()
    monkeypatch.undo()
    dialog.close()
    assert records.get_record(app, "attachment", strip.list.item(0).data(Qt.ItemDataRole.UserRole))["caption"] == "x"


# --- a new contact from the visit ---------------------------------------------------------------------------


def fill_contact_dialog_when_it_opens(qtbot, name, accept=True):
    def act():
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, ContactDialog):
            QTimer.singleShot(20, act)
            return
        line = dialog.form.editors["name"].widget
        line.setFocus()
        qtbot.keyClicks(line, name)
        button = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok if accept
                                       else QDialogButtonBox.StandardButton.Cancel)
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    QTimer.singleShot(0, act)


def test_new_contact_from_the_visit_details_becomes_the_visits_contact(page, app, visit_id, qtbot):
    page.restore_section("@details")
    button = page.findChild(type(page.finish_button), "new_visit_contact")
    assert button is not None and button.isVisible()
    fill_contact_dialog_when_it_opens(qtbot, "Lena Holm")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    visit = records.get_record(app, "visit", visit_id)
    contacts = records.list_records(app, "contact", where={"organization_id": visit["organization_id"]})
    assert [c["name"] for c in contacts] == ["Lena Holm"]
    assert visit["contact_id"] == contacts[0]["id"]
    assert page.details["contact_id"].widget.currentText() == "Lena Holm"
    assert "Lena Holm" in page.facts_label.text()
    # Cancel adds nobody and leaves the choice alone
    fill_contact_dialog_when_it_opens(qtbot, "Nobody", accept=False)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert len(records.list_records(app, "contact", where={"organization_id": visit["organization_id"]})) == 1
    assert records.get_record(app, "visit", visit_id)["contact_id"] == contacts[0]["id"]


# --- editing from the lists --------------------------------------------------------------------------------


def stream_row(window, filled_app, *, completed: bool):
    page = window.list_pages["stream"]
    window.show_page("stream")
    page.refresh()
    for row in range(page.model.rowCount()):
        record = records.get_record(filled_app, "stream", page.model.id_at(row))
        if not record.get("visit_id"):
            continue
        visit = records.get_record(filled_app, "visit", record["visit_id"])
        if (visit["status"] == "completed") == completed:
            return page, row, record
    pytest.skip("the demo data has no such stream")


def test_enter_on_a_stream_row_opens_its_editor_and_typing_is_saved(window, filled_app, qtbot):
    page, row, record = stream_row(window, filled_app, completed=False)
    page.view.setFocus()
    page.select_id(record["id"])
    qtbot.keyClick(page.view, Qt.Key.Key_Return)
    dialogs = open_dialogs(RecordDialog)
    assert len(dialogs) == 1
    dialog = dialogs[0]
    assert dialog.editor.record_id == record["id"]
    assert "in progress" in dialog.where.text()
    title = dialog.editor.fields["title"].widget
    title.setFocus()
    title.end(False)
    qtbot.keyClicks(title, " (sorted)")
    qtbot.waitUntil(lambda: records.get_record(filled_app, "stream", record["id"])["title"]
                    == record["title"] + " (sorted)", timeout=2000)
    assert record["title"] + " (sorted)" in dialog.windowTitle()
    qtbot.keyClick(title, Qt.Key.Key_Return)  # Enter in a field opens no picker and does not close
    assert dialog.isVisible() and QApplication.activeModalWidget() in (None, dialog)
    # Ctrl+Z in the title field is the field's own undo (Qt's): the typing goes back there first
    qtbot.keyClick(title, Qt.Key.Key_Z, CTRL)
    assert title.text() != record["title"] + " (sorted)"
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    stored = records.get_record(filled_app, "stream", record["id"])["title"]
    assert stored == title.text()  # what the field shows when closed is what is stored


def test_a_stream_of_a_finished_visit_is_edited_as_in_the_finished_visit(window, filled_app, qtbot):
    page, row, record = stream_row(window, filled_app, completed=True)
    page.select_id(record["id"])
    detail = window.details["stream"]
    assert detail.edit_button.isVisible()
    qtbot.mouseClick(detail.edit_button, Qt.MouseButton.LeftButton)
    dialog = open_dialogs(RecordDialog)[0]
    assert "finished" in dialog.where.text() and "Correct…" in dialog.where.text()
    assert dialog.editor.isEnabled()
    notes = dialog.editor.fields["notes"].widget
    notes.setFocus()
    notes.moveCursor(QTextCursor.MoveOperation.End)   # demo notes may already hold text
    qtbot.keyClicks(notes, "Checked again")
    qtbot.mouseClick(dialog.visit_button, Qt.MouseButton.LeftButton)  # "Open visit" saves and goes there
    assert not dialog.isVisible()
    assert records.get_record(filled_app, "stream", record["id"])["notes"].endswith("Checked again")
    assert window.visit_page is not None and window.visit_page.visit_id == record["visit_id"]
    visit = records.get_record(filled_app, "visit", record["visit_id"])
    assert visit["status"] == "completed"  # the questionnaire's versions are untouched


def test_ideas_and_needs_open_in_their_editor_from_the_edit_menu(window, filled_app, qtbot):
    def shown_enabled():
        window.menus["edit"].aboutToShow.emit()  # what the open Edit menu shows
        enabled = window.actions_["edit_record"].isEnabled()
        window.menus["edit"].aboutToHide.emit()
        return enabled

    window.show_page("organization")
    window.list_pages["organization"].view.selectRow(0)
    assert not shown_enabled()  # organizations open in their own editor
    for table in ("idea", "need"):
        window.show_page(table)
        page = window.list_pages[table]
        page.refresh()
        page.view.clearSelection()
        assert not shown_enabled()
        page.view.selectRow(0)
        assert shown_enabled()
        window.actions_["edit_record"].trigger()
        dialog = open_dialogs(RecordDialog)[0]
        assert dialog.editor.record_id == page.current_id()
        assert dialog.editor.fields["title"].value() == records.get_record(filled_app, table, page.current_id())["title"]
        dialog.close()


def test_an_idea_about_the_whole_organization_can_be_edited_from_its_list(window, app, ctx, qtbot):
    org = records.add_record(app, "organization", {"name": "Kil Bygg AB", "country": "SE"}).value
    idea = records.add_record(app, "idea", {"title": "Tool library", "organization_id": org}).value
    dialog = window.edit_record("idea", idea)
    assert dialog.visit is None and not dialog.visit_button.isVisible()
    line = dialog.editor.fields["title"].widget
    line.setFocus()
    line.end(False)
    qtbot.keyClicks(line, " for tenants")
    dialog.close()
    assert records.get_record(app, "idea", idea)["title"] == "Tool library for tenants"


# --- undo and redo ------------------------------------------------------------------------------------------


def test_edit_menu_undoes_and_redoes_a_field_edit_through_the_services(window, filled_app, ctx, qtbot):
    page, row, record = stream_row(window, filled_app, completed=False)
    undo_action, redo_action = window.actions_["undo"], window.actions_["redo"]
    assert not undo_action.isEnabled() and undo_action.text() == "&Undo"
    dialog = window.edit_record("stream", record["id"])
    quantity = dialog.editor.fields["quantity"].widget
    quantity.setFocus()
    quantity.selectAll()
    qtbot.keyClicks(quantity, "12")
    dialog.close()
    assert records.get_record(filled_app, "stream", record["id"])["quantity"] == "12"
    assert undo_action.isEnabled()
    assert undo_action.text() == f"&Undo change of Quantity in “{record['title']}”"
    assert [a.text() for a in window.menus["edit"].actions()][:2] == [undo_action.text(), redo_action.text()]
    page.view.setFocus()
    qtbot.keyClick(page.view, Qt.Key.Key_Z, CTRL)  # outside a text field Ctrl+Z is the app's undo
    assert records.get_record(filled_app, "stream", record["id"])["quantity"] == record["quantity"]
    assert redo_action.isEnabled() and not undo_action.isEnabled()
    qtbot.keyClick(page.view, Qt.Key.Key_Z, CTRL | SHIFT)
    assert records.get_record(filled_app, "stream", record["id"])["quantity"] == "12"
    # The texts follow the language
    from cirkular_desktop.gui.preferences import switch_language

    try:
        switch_language(ctx, "sv")
        assert undo_action.text().startswith("&Ångra ändring av Mängd")
    finally:
        switch_language(ctx, "en")


def test_undo_does_not_overwrite_a_change_made_since(window, filled_app, ctx, qtbot):
    page, row, record = stream_row(window, filled_app, completed=False)
    dialog = window.edit_record("stream", record["id"])
    notes = dialog.editor.fields["notes"].widget
    notes.setFocus()
    qtbot.keyClicks(notes, "mine")
    dialog.close()
    records.set_record(filled_app, "stream", record["id"], {"notes": "someone else's"})  # e.g. an import
    window.actions_["undo"].trigger()
    assert records.get_record(filled_app, "stream", record["id"])["notes"] == "someone else's"
    assert "changed again since" in window.statusBar().currentMessage()
    assert not window.actions_["undo"].isEnabled()  # the step is gone, not left to fail again


def test_undo_brings_back_a_removed_stream_with_its_photos_and_later_edits_follow_it(page, ctx, app, visit_id, qtbot,
                                                                                   tmp_path, monkeypatch):
    editor = new_stream(page, qtbot, "Sawdust")
    editor.photos.add_files([picture(tmp_path, "dust.png"), picture(tmp_path, "bin.png", "gray")])
    editor.photos.list.setCurrentRow(0)
    dialog = editor.photos.edit_caption()
    qtbot.keyClicks(dialog.caption, "Dust bin")
    dialog.close()
    monkeypatch.setattr(type(page.streams), "confirm_remove", lambda self, title: True)  # the person says Remove
    page.streams.list.setCurrentRow(0)
    page.streams.list.setFocus()
    qtbot.keyClick(page.streams.list, Qt.Key.Key_Delete)
    assert visits.visit_items(app, visit_id, "stream") == []
    stack = undo.stack_for(ctx)
    assert stack.undoText() == "removal of “Sawdust”"
    stack.undo()
    streams = visits.visit_items(app, visit_id, "stream")
    assert [s["title"] for s in streams] == ["Sawdust"]
    photos = attachments.list_photos(app, "stream", streams[0]["id"])
    assert sorted((p["filename"], p["caption"]) for p in photos) == [("bin.png", None), ("dust.png", "Dust bin")]
    assert page.streams.list.count() == 1 and page.streams.editor.record_id == streams[0]["id"]
    assert page.streams.editor.photos.list.count() == 2
    # the caption edit made before the removal follows the record to its new id
    stack.undo()
    assert attachments.list_photos(app, "stream", streams[0]["id"])[0]["caption"] is None
    stack.redo()
    stack.redo()  # removes it again
    assert visits.visit_items(app, visit_id, "stream") == []
    assert page.streams.list.count() == 0


def test_undo_of_adding_a_stream_and_of_a_photo(page, ctx, app, visit_id, qtbot, tmp_path):
    editor = new_stream(page, qtbot, "Metal shavings")
    editor.photos.add_files([picture(tmp_path)])
    stack = undo.stack_for(ctx)
    assert stack.undoText() == "adding “pallets.png”"
    stack.undo()
    assert editor.photos.list.count() == 0
    assert stack.undoText() == "adding “Metal shavings”"
    stack.undo()
    assert visits.visit_items(app, visit_id, "stream") == []
    assert page.streams.list.count() == 0
    stack.redo()
    stack.redo()
    streams = visits.visit_items(app, visit_id, "stream")
    assert [s["title"] for s in streams] == ["Metal shavings"]
    assert [p["filename"] for p in attachments.list_photos(app, "stream", streams[0]["id"])] == ["pallets.png"]


def test_removing_a_contact_can_be_undone_but_erasure_cannot(window, app, ctx, qtbot, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    org = records.add_record(app, "organization", {"name": "Eda Metall AB", "country": "SE"}).value
    records.add_record(app, "contact", {"organization_id": org, "name": "Per Lund", "phone": "070-1234567"})
    window.open_organization(org)
    panel = window.editor.contacts
    panel.view.selectRow(0)
    monkeypatch.setattr(QMessageBox, "exec", lambda self: self.setProperty("x", 1) or 0)
    monkeypatch.setattr(QMessageBox, "clickedButton",
                        lambda self: next(b for b in self.buttons()
                                          if self.buttonRole(b) == QMessageBox.ButtonRole.DestructiveRole))
    assert panel.remove()
    assert records.list_records(app, "contact", where={"organization_id": org}) == []
    assert window.actions_["undo"].text() == "&Undo removal of “Per Lund”"
    window.actions_["undo"].trigger()
    back = records.list_records(app, "contact", where={"organization_id": org})
    assert [(c["name"], c["phone"]) for c in back] == [("Per Lund", "070-1234567")]
    assert panel.model.rowCount() == 1


def test_the_stack_starts_empty_for_another_data_folder(ctx, app, tmp_path, qtbot):
    from cirkular_desktop.services.app import open_app

    stack = undo.stack_for(ctx)
    org = records.add_record(app, "organization", {"name": "Åmål Glas AB", "country": "SE"}).value
    contact = records.add_record(app, "contact", {"organization_id": org, "name": "Eva"}).value
    before = records.get_record(app, "contact", contact)
    records.set_record(app, "contact", contact, {"name": "Eva Ek"})
    undo.record_saved(ctx, "contact", before, records.get_record(app, "contact", contact))
    assert stack.count() == 1
    other = open_app(tmp_path / "other")
    try:
        ctx.app = other
        assert undo.stack_for(ctx) is stack and stack.count() == 0
    finally:
        ctx.app = app
        other.close()


def test_typing_back_what_was_there_leaves_nothing_to_undo(page, ctx, app, qtbot):
    editor = new_stream(page, qtbot, "Glass")
    stack = undo.stack_for(ctx)
    count = stack.count()
    notes = editor.fields["notes"].widget
    notes.setFocus()
    qtbot.keyClicks(notes, "x")
    editor.flush()
    qtbot.keyClick(notes, Qt.Key.Key_Backspace)
    editor.flush()
    assert stack.count() == count  # merged into one step, which cancelled out
    assert isinstance(editor.fields["title"].widget, QLineEdit)
    assert i18n.get_language() == "en"


def test_visit_details_are_undone_and_the_page_shows_the_stored_value(page, ctx, app, visit_id, qtbot):
    page.restore_section("@details")
    notes = page.details["notes"].widget
    notes.setFocus()
    qtbot.keyClicks(notes, "Call back in May")
    page.flush_details()
    assert records.get_record(app, "visit", visit_id)["notes"] == "Call back in May"
    stack = undo.stack_for(ctx)
    assert stack.undoText().startswith("change of Notes in “visit of ")
    stack.undo()
    assert records.get_record(app, "visit", visit_id)["notes"] is None
    assert page.details["notes"].value() == ""
    stack.redo()
    assert page.details["notes"].value() == "Call back in May"


def test_right_click_on_a_row_offers_edit(window, filled_app, qtbot):
    from PySide6.QtWidgets import QMenu

    window.show_page("need")
    page = window.list_pages["need"]
    page.refresh()
    page.view.selectRow(1)
    pos = page.view.visualRect(page.model.index(1, 0)).center()
    page.view.customContextMenuRequested.emit(pos)
    menu = next(m for m in page.findChildren(QMenu) if m.isVisible())
    assert [a.text() for a in menu.actions()] == ["Edit…"]
    menu.actions()[0].trigger()
    menu.close()
    dialog = open_dialogs(RecordDialog)[0]
    assert dialog.editor.record_id == page.model.id_at(1)
    dialog.close()


def test_an_organizations_saved_change_is_undone_and_shown(window, app, ctx, qtbot):
    org = records.add_record(app, "organization", {"name": "Säffle Bygg AB", "country": "SE"}).value
    window.open_organization(org)
    editor = window.editor
    name = editor.form.editors["name"].widget
    name.setFocus()
    name.end(False)
    qtbot.keyClicks(name, " & Son")
    assert editor.save()
    assert records.get_record(app, "organization", org)["name"] == "Säffle Bygg AB & Son"
    name.clearFocus()
    window.actions_["undo"].trigger()
    assert records.get_record(app, "organization", org)["name"] == "Säffle Bygg AB"
    assert name.text() == "Säffle Bygg AB"


def test_questionnaire_answers_are_undone_and_redone_one_question_at_a_time(page, ctx, app, visit_id, qtbot):
    """Undo covers the questionnaire: a typed answer and a chosen one are steps of their own; a finished visit
    keeps its answers (they change only through a correction)."""
    template = visits.template_for(records.get_record(app, "visit", visit_id))
    text_q = next(q for s in template.sections for q in s.questions
                  if q.type == "text" and not q.show_if and not q.record_field)
    radio_q = next(q for s in template.sections for q in s.questions
                   if q.type == "single" and 2 <= len(q.options) <= 6 and not q.show_if
                   and not q.record_field)
    page.focus_question(text_q.id)
    qtbot.keyClicks(page.questions[text_q.id].line, "Sawmill")
    page.flush()
    page.focus_question(radio_q.id)
    buttons = page.questions[radio_q.id]._buttons.buttons()
    # on the indicator: a radio button wider than its label takes clicks only on the indicator and label
    qtbot.mouseClick(buttons[1], Qt.MouseButton.LeftButton, pos=QPoint(6, buttons[1].height() // 2))
    page.flush()
    stored = lambda: records.get_record(app, "visit", visit_id).get("answers") or {}  # noqa: E731
    assert stored()[text_q.id] == "Sawmill" and stored()[radio_q.id] == radio_q.options[1].value

    stack = undo.stack_for(ctx)
    assert stack.undoText().startswith("answer to “")
    stack.undo()   # the choice
    assert radio_q.id not in stored() and stored()[text_q.id] == "Sawmill"
    assert page.questions[radio_q.id].value() is None   # the page shows what is stored
    stack.undo()   # the typing
    assert text_q.id not in stored() and page.questions[text_q.id].value() == ""
    stack.redo()
    stack.redo()
    assert stored()[text_q.id] == "Sawmill" and stored()[radio_q.id] == radio_q.options[1].value
    assert page.questions[text_q.id].value() == "Sawmill"

    # An answer changed elsewhere since (another laptop, an import) is kept; the step says why and goes.
    visits.save_answers(app, visit_id, {radio_q.id: radio_q.options[0].value})
    failures = []
    stack.failed.connect(failures.append)
    stack.undo()
    assert stored()[radio_q.id] == radio_q.options[0].value and failures and "changed again since" in failures[0]
    assert stack.undoText().startswith("answer to “") and text_q.text()[:20] in stack.undoText()
