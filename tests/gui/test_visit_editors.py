"""The parts of the visit screen: stream editor, pickers, photos, ideas, sections, screenshots."""

from __future__ import annotations

import io

import pytest

pytest.importorskip("PySide6.QtWidgets")

from PIL import Image  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox, QPlainTextEdit  # noqa: E402

from cirkular_desktop import i18n  # noqa: E402
from cirkular_desktop.gui.context import GuiContext  # noqa: E402
from cirkular_desktop.gui.visit.page import VisitPage  # noqa: E402
from cirkular_desktop.gui.visit.pickers import MaterialPicker, WasteCodePicker, hazard_color  # noqa: E402
from cirkular_desktop.services import attachments, records, visits  # noqa: E402

pytestmark = pytest.mark.gui


@pytest.fixture
def visit_id(app):
    org = records.add_record(app, "organization", {"name": "Årjäng Plast AB", "country": "SE"}).value
    return visits.start_visit(app, org).value


@pytest.fixture
def page(app, visit_id, qtbot):
    widget = VisitPage(GuiContext(app), visit_id)
    qtbot.addWidget(widget)
    widget.resize(1280, 820)
    widget.show()
    yield widget
    widget.flush()


def new_stream(page, qtbot, title="Plastic film"):
    page.restore_section("@streams")
    qtbot.mouseClick(page.streams.add_button, Qt.MouseButton.LeftButton)
    editor = page.streams.editor
    qtbot.keyClicks(editor.fields["title"].widget, title)
    editor.flush()
    assert editor.record_id is not None
    return editor


def test_tonnes_per_year_follow_the_quantity_live(page, qtbot):
    editor = new_stream(page, qtbot)
    unit, basis = editor.fields["unit"].widget, editor.fields["basis"].widget
    assert unit.currentData() == "t"  # a new stream starts in the preferred unit
    qtbot.keyClicks(editor.fields["quantity"].widget, "3,5")
    assert editor.tonnes_label.text() == "≈ 3.5 tonnes per year"
    unit.setCurrentIndex(unit.findData("m3"))
    assert editor.fields["density"].isVisibleTo(editor) and "density" in editor.tonnes_label.text()
    qtbot.keyClicks(editor.fields["density"].widget, "0.2")
    assert editor.tonnes_label.text() == "≈ 0.7 tonnes per year"
    basis.setCurrentIndex(basis.findData("per_batch"))
    assert "batches" in editor.tonnes_label.text()
    qtbot.keyClicks(editor.fields["batches_per_year"].widget, "4")
    assert editor.tonnes_label.text() == "≈ 2.8 tonnes per year"
    unit.setCurrentIndex(unit.findData("pcs"))
    assert not editor.fields["density"].isVisibleTo(editor)
    assert "mass per item" in editor.tonnes_label.text()
    editor.flush()
    stored = records.get_record(page.ctx.app, "stream", editor.record_id)
    assert (stored["quantity"], stored["unit"], stored["density"], stored["basis"], stored["batches_per_year"]) == (
        "3.5", "pcs", "0.2", "per_batch", "4")


def test_a_quantity_that_is_not_a_number_does_not_show_the_stored_tonnes(page, qtbot):
    editor = new_stream(page, qtbot)
    qtbot.keyClicks(editor.fields["quantity"].widget, "12")
    editor.flush()
    assert editor.tonnes_label.text() == "≈ 12 tonnes per year"
    qtbot.keyClicks(editor.fields["quantity"].widget, "x")    # "12x": refused when saved, 12 stays stored
    editor.flush()
    assert records.get_record(page.ctx.app, "stream", editor.record_id)["quantity"] == "12"
    assert editor.tonnes_label.text() == "The quantity is not a number yet"
    qtbot.keyClick(editor.fields["quantity"].widget, Qt.Key.Key_Backspace)
    assert editor.tonnes_label.text() == "≈ 12 tonnes per year"


def test_a_refused_value_is_shown_under_its_field_and_the_rest_is_saved(page, qtbot):
    editor = new_stream(page, qtbot)
    qtbot.keyClicks(editor.fields["quantity"].widget, "lots")
    qtbot.keyClicks(editor.fields["hauler"].widget, "Ragn-Sells")
    editor.flush()
    assert not editor.fields["quantity"].error.isHidden() and "lots" in editor.fields["quantity"].error.text()
    assert QApplication.activeModalWidget() is None  # inline, never a dialog
    stored = records.get_record(page.ctx.app, "stream", editor.record_id)
    assert stored["hauler"] == "Ragn-Sells" and stored["quantity"] is None
    editor.fields["quantity"].widget.clear()
    qtbot.keyClicks(editor.fields["quantity"].widget, "2")
    assert editor.fields["quantity"].error.isHidden()


def test_a_new_stream_waits_for_its_title(page, qtbot, app, visit_id):
    page.restore_section("@streams")
    qtbot.mouseClick(page.streams.add_button, Qt.MouseButton.LeftButton)
    editor = page.streams.editor
    qtbot.keyClicks(editor.fields["quantity"].widget, "5")
    editor.flush()
    assert editor.record_id is None and not editor.fields["title"].error.isHidden()
    assert visits.visit_items(app, visit_id, "stream") == []
    qtbot.keyClicks(editor.fields["title"].widget, "Pallets")
    editor.flush()
    assert [(s["title"], s["quantity"]) for s in visits.visit_items(app, visit_id, "stream")] == [("Pallets", "5")]
    assert page.nav.currentItem().text() == "Residual streams (1)"


def test_code_picker_searches_in_the_ui_language_and_marks_hazard(qtbot):
    i18n.set_language("sv")
    picker = WasteCodePicker()
    qtbot.addWidget(picker)
    qtbot.keyClicks(picker.search, "olja")
    picker.refresh()
    items = [picker.tree.topLevelItem(i) for i in range(picker.tree.topLevelItemCount())]
    assert items, "Swedish words find Swedish names"
    hazardous = [i for i in items if i.text(0).endswith("*")]
    assert hazardous and all(i.foreground(0).color() == hazard_color() for i in hazardous)
    assert all(i.text(2) for i in hazardous)
    picker.search.setText("17 02 01")
    picker.refresh()
    wood = picker.tree.topLevelItem(0)
    assert wood.text(0) == "17 02 01" and wood.text(1) == "Trä"
    picker.tree.setCurrentItem(wood)
    assert "17 02 04" in picker.hint.text()  # the mirror pair is named
    qtbot.keyClick(picker.tree, Qt.Key.Key_Return)
    assert picker.chosen == "170201" and picker.result() == picker.DialogCode.Accepted


def test_material_picker_filters_the_tree(qtbot):
    picker = MaterialPicker()
    qtbot.addWidget(picker)
    qtbot.keyClicks(picker.search, "wood")
    picker.refresh()
    assert picker.tree.topLevelItemCount() >= 1
    qtbot.keyClick(picker.search, Qt.Key.Key_Return)  # into the tree, on the first match
    qtbot.keyClick(picker.tree, Qt.Key.Key_Return)
    assert picker.chosen and "wood" in picker.chosen


def test_photos_refuse_non_pictures_inline_and_can_be_removed(page, qtbot, tmp_path, monkeypatch):
    editor = new_stream(page, qtbot)
    text = tmp_path / "notes.txt"
    text.write_text("hello")
    good = tmp_path / "film.jpg"
    Image.new("RGB", (40, 30), "white").save(good)
    assert editor.photos.add_files([text, good]) == 1
    assert "notes.txt" in editor.photos.error.text() and not editor.photos.error.isHidden()
    assert editor.photos.list.count() == 1
    assert "1 photo" in page.streams.list.item(0).text()
    editor.photos.list.setCurrentRow(0)
    editor.photos.remove_selected()
    assert attachments.list_photos(page.ctx.app, "stream", editor.record_id) == []


def test_removing_a_stream_asks_first(page, qtbot, monkeypatch, app, visit_id):
    new_stream(page, qtbot, "Pallets")
    answers = iter([False, True])
    asked = []
    monkeypatch.setattr(type(page.streams), "confirm_remove", lambda pane, title: asked.append(title) or next(answers))
    page.streams.list.setCurrentRow(0)
    qtbot.mouseClick(page.streams.remove_button, Qt.MouseButton.LeftButton)
    assert len(visits.visit_items(app, visit_id, "stream")) == 1
    qtbot.mouseClick(page.streams.remove_button, Qt.MouseButton.LeftButton)
    assert visits.visit_items(app, visit_id, "stream") == []
    assert asked == ["Pallets", "Pallets"]
    assert page.streams.list.count() == 0 and not page.streams.empty.isHidden()


def test_the_remove_question_names_the_stream_and_defaults_to_cancel(page, qtbot):
    new_stream(page, qtbot, "Pallets")
    seen = {}

    def answer(button_text):
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, lambda: answer(button_text))
            return
        seen["text"], seen["default"] = box.text(), box.defaultButton().text()
        next(b for b in box.buttons() if b.text() == button_text).click()

    QTimer.singleShot(0, lambda: answer("Cancel"))
    assert page.streams.confirm_remove("Pallets") is False
    assert "Pallets" in seen["text"] and seen["default"] == "Cancel"
    QTimer.singleShot(0, lambda: answer("Remove"))
    assert page.streams.confirm_remove("Pallets") is True


def test_an_idea_about_a_stream(page, qtbot, app, visit_id):
    editor = new_stream(page, qtbot, "Offcuts")
    stream_id = editor.record_id
    page.restore_section("@ideas")
    qtbot.mouseClick(page.ideas.add_button, Qt.MouseButton.LeftButton)
    ideas = page.ideas.editor
    qtbot.keyClicks(ideas.fields["title"].widget, "Offcuts for the school's woodwork")
    ideas.fields["stream_id"].widget.setCurrentIndex(ideas.fields["stream_id"].widget.findData(stream_id))
    ideas.flush()
    stored = visits.visit_items(app, visit_id, "idea")
    assert [(i["title"], i["stream_id"]) for i in stored] == [("Offcuts for the school's woodwork", stream_id)]


def test_ctrl_page_down_moves_between_sections_even_from_a_text_box(page, qtbot):
    page.restore_section("processes")
    with qtbot.waitActive(page):
        page.activateWindow()
    page.restore_section("streams")
    box = page.findChild(QPlainTextEdit, "q_main_streams")
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert page.current_section() == "resources"
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)
    assert page.current_section() == "processes"
    page.restore_section("company")
    qtbot.keyClick(QApplication.focusWidget() or page, Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)
    assert page.current_section() == "@details"  # the heading between them is skipped
    qtbot.keyClick(QApplication.focusWidget() or page, Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)
    assert page.current_section() == "@details"


def test_screenshots_render_the_visit_without_changing_data(app, qtbot, tmp_path):
    from cirkular_desktop.gui.visit import screenshots
    from cirkular_desktop.services import demo

    demo.add_demo(app, seed=1, scale=1)
    before = records.dump(app)
    some_visit = records.list_records(app, "visit", limit=1)[0]["id"]
    visits.remember_open_visit(app, some_visit, "processes")
    ctx = GuiContext(app)
    files = screenshots.render(ctx, tmp_path / "shots")
    names = {f.name for f in files}
    assert {"visit-questionnaire.png", "stream-editor.png", "code-picker.png"} <= names
    for f in files:
        with Image.open(io.BytesIO(f.read_bytes())) as image:
            assert image.size[0] >= 700 and image.size[1] >= 500
    assert records.dump(app) == before
    assert visits.open_visit_state(app) == {"id": some_visit, "section": "processes"}


def test_changing_the_language_rebuilds_the_page_and_keeps_the_typing(page, qtbot, app, visit_id):
    page.restore_section("company")
    line = page.findChild(QLineEdit, "q_activity")
    line.setFocus()
    qtbot.keyClicks(line, "Plastic moulding")
    page.restore_section("processes")
    i18n.set_language("nb")
    page.ctx.language_changed.emit("nb")
    assert page.current_section() == "processes"
    assert page.finish_button.text() == i18n.gettext("Finish visit")
    assert page.stack.currentWidget().section.title() == "Gå gjennom prosessene"
    assert records.get_record(app, "visit", visit_id)["answers"]["activity"] == "Plastic moulding"
    assert page.questions["activity"].value() == "Plastic moulding"


def test_inside_a_window_the_menu_owns_the_section_keys(app, visit_id, qtbot):
    from PySide6.QtGui import QAction, QKeySequence
    from PySide6.QtWidgets import QMainWindow

    window = QMainWindow()
    qtbot.addWidget(window)
    page = VisitPage(GuiContext(app), visit_id)
    window.setCentralWidget(page)
    action = QAction("Next section", window)
    action.setShortcut(QKeySequence("Ctrl+PgDown"))
    action.triggered.connect(page.next_section)
    window.addAction(action)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    page.restore_section("company")
    target = page.findChild(QLineEdit, "q_activity")
    target.setFocus()
    qtbot.keyClick(target, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert page.current_section() == "processes"  # one step: the key was not ambiguous


def test_waste_codes_hazard_and_the_primary_code(page, qtbot, app):
    editor = new_stream(page, qtbot, "Oily rags")
    editor.codes.add_code("150203")
    editor.codes.add_code("150202")  # absorbents contaminated by hazardous substances: hazardous, mirror
    assert editor.mirror_note.isVisibleTo(editor)
    hazardous_row = editor.codes.list.item(1)
    assert hazardous_row.foreground().color() == hazard_color() and "15 02 02*" in hazardous_row.text()
    editor.codes.list.setCurrentRow(1)
    qtbot.mouseClick(editor.codes.primary_button, Qt.MouseButton.LeftButton)
    editor.flush()
    stored = records.get_record(app, "stream", editor.record_id)
    assert (stored["waste_codes"], stored["primary_waste_code"]) == (["150202", "150203"], "150202")
    assert stored["hazard_assessment"] == "not_assessed"
    assert editor.fields["hazard_assessment"].value() == "not_assessed"
    assert "hazardous" in page.streams.list.item(0).text()


def test_a_stream_save_that_fails_is_kept_and_retried(page, qtbot, app, monkeypatch):
    from cirkular_desktop.services import records as record_services

    editor = new_stream(page, qtbot, "Cardboard")
    real = record_services.set_record
    calls = []

    def flaky(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise OSError("database is busy")
        return real(*args, **kwargs)

    monkeypatch.setattr(record_services, "set_record", flaky)
    qtbot.keyClicks(editor.fields["hauler"].widget, "Stena")
    editor.flush()
    assert editor.pending == {"hauler": "Stena"} and not editor.fields["title"].error.isHidden()
    qtbot.waitUntil(lambda: records.get_record(app, "stream", editor.record_id)["hauler"] == "Stena", timeout=1500)
    assert editor.fields["title"].error.isHidden()


def test_a_picture_can_be_pasted(page, qtbot, app):
    from PySide6.QtGui import QColor, QImage

    editor = new_stream(page, qtbot, "Wood chips")
    image = QImage(60, 40, QImage.Format.Format_RGB32)
    image.fill(QColor("darkgreen"))
    QApplication.clipboard().setImage(image)
    assert editor.photos.paste() == 1
    photos = attachments.list_photos(app, "stream", editor.record_id)
    assert len(photos) == 1 and photos[0]["media_type"] == "image/png" and photos[0]["filename"].endswith(".png")
    QApplication.clipboard().clear()


def test_a_date_is_typed_or_picked_from_the_calendar(page, qtbot, app, visit_id):
    from PySide6.QtCore import QDate

    page.restore_section("contact")
    date = page.questions["follow_up"].date
    assert date.calendar is None  # made only when first opened
    date._prepare_calendar()  # what opening the calendar button does
    date.calendar.clicked.emit(QDate(2027, 3, 31))
    page.flush()
    assert records.get_record(app, "visit", visit_id)["answers"]["follow_up"] == "2027-03-31"
    assert date.text() == "2027-03-31"
    page.restore_section("@details")
    details_date = page.details["date"].widget
    details_date.line.clear()
    qtbot.keyClicks(details_date.line, "2026-02-30")
    page.flush()
    assert not page.details["date"].error.isHidden()
    details_date.line.clear()
    qtbot.keyClicks(details_date.line, "2026-02-27")
    page.flush()
    assert records.get_record(app, "visit", visit_id)["date"] == "2026-02-27"
    assert "27 February 2026" in page.facts_label.text()


def test_a_date_written_day_first_is_understood(page, qtbot, app):
    """Norwegians (and many Swedes) write 1.9.2025; the field stores 2025-09-01 and, once left, shows it as the
    lists do in the user's language (en 01/09/2025, nb 01.09.2025, sv 2025-09-01)."""
    editor = new_stream(page, qtbot)
    line = editor.fields["available_from"].widget.line
    qtbot.keyClicks(line, "1.9.2025")
    editor.flush()
    assert editor.fields["available_from"].error.isHidden()
    assert records.get_record(app, "stream", editor.record_id)["available_from"] == "2025-09-01"
    line.editingFinished.emit()
    from cirkular_desktop.core.display import human_value
    from cirkular_desktop.core import records as record_specs

    assert line.text() == "01/09/2025" == human_value(record_specs.table("stream").field("available_from"),
                                                      "2025-09-01")
    assert line.placeholderText().startswith("e.g. ")
    line.clear()
    qtbot.keyClicks(line, "31.2.2025")  # no such day: refused as typed
    editor.flush()
    assert not editor.fields["available_from"].error.isHidden() and "31.2.2025" in editor.fields[
        "available_from"].error.text()


def test_a_need_has_its_own_help_and_no_stream_only_fields(page, qtbot, app, visit_id):
    """A need names what the organization could use: no waste codes, hazard assessment or contamination, and a
    hint of its own rather than the stream's."""
    from PySide6.QtWidgets import QLabel as _QLabel

    page.restore_section("@needs")
    qtbot.mouseClick(page.needs.add_button, Qt.MouseButton.LeftButton)
    need = page.needs.editor
    hints = [label.text() for label in need.findChildren(_QLabel) if label.isVisibleTo(need)]
    assert any("instead of new material" in text for text in hints)
    assert not any("Name the stream" in text for text in hints)
    for name in ("hazard_assessment", "contamination"):
        assert not need.fields[name].isVisibleTo(need)
    assert not need.codes.isVisibleTo(need) and not need.mirror_note.isVisibleTo(need)
    for name in ("min_lot", "current_source", "current_price", "quality"):
        assert need.fields[name].isVisibleTo(need)
    stream = page.streams.editor
    page.restore_section("@streams")
    qtbot.mouseClick(page.streams.add_button, Qt.MouseButton.LeftButton)
    for name in ("hazard_assessment", "contamination"):
        assert stream.fields[name].isVisibleTo(stream)   # the stream keeps them
    assert stream.codes.isVisibleTo(stream)


def test_a_person_confirms_the_green_list_entry_on_the_stream(page, qtbot):
    editor = new_stream(page, qtbot, "Sågspån")
    qtbot.keyClicks(editor.fields["shipment_entry"].widget, "B9999")
    editor.flush()
    assert not editor.fields["shipment_entry"].error.isHidden()   # not an entry this version knows
    editor.fields["shipment_entry"].widget.clear()
    qtbot.keyClicks(editor.fields["shipment_entry"].widget, "b3050")
    qtbot.keyClicks(editor.fields["shipment_entry_by"].widget, "Anna Lind")
    editor.flush()
    stored = records.get_record(page.ctx.app, "stream", editor.record_id)
    assert stored["shipment_entry"] == "B3050" and stored["shipment_entry_by"] == "Anna Lind"
