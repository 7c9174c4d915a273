"""A coordinator's day in the app: suggestions for a stream, accept one, reject one (it does not come back),
move the match along the pipeline board by keyboard to testing, create a test environment, implement it with
an outcome, and see the figures where the project report takes them from."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from cirkular_desktop.services import pipeline, workspace_views
from tests.gui.modal import when_modal
from cirkular_desktop.services import records as services


def click_ok(qtbot, buttons: QDialogButtonBox, which=QDialogButtonBox.StandardButton.Ok) -> None:
    button = buttons.button(which)
    assert button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


@pytest.fixture
def stream_with_choices(filled_app, ctx):
    """A stream with at least two suggestions."""
    for row in ctx.call(workspace_views.suggestion_rows, per_need=3):
        found = ctx.call(workspace_views.suggestion_rows, stream_id=row["stream_id"])
        if len(found) >= 2:
            return row["stream_id"]
    pytest.skip("the demo data has no stream with two suggestions")


def test_a_coordinators_day_in_the_app(stream_with_choices, ctx, make_window, qtbot):
    from cirkular_desktop.gui.matchmaking.dialogs import RejectDialog, StageDialog
    from cirkular_desktop.gui.matchmaking.match_editor import MatchEditor
    from cirkular_desktop.gui.matchmaking.record_editor import WorkspaceRecordDialog

    window = make_window(restore=False)
    nav_keys = window.nav_keys
    assert {"matchmaking", "pipeline", "test_environment", "outcome", "activity"} <= set(nav_keys)
    window.nav.setCurrentRow(nav_keys.index("matchmaking"))
    page = window.pages["matchmaking"]
    assert window.stack.currentWidget() is page
    page.choose("stream", stream_with_choices)
    assert page.shown and all(r["stream_id"] == stream_with_choices for r in page.shown)
    assert page.detail.bars.count() >= 2 * 4            # a bar and its label per component
    assert page.detail.reasons.text()

    # Accept the best suggestion.
    page.table.selectRow(0)
    accepted = page.current()
    qtbot.mouseClick(page.detail.accept_button, Qt.MouseButton.LeftButton)
    match_id = page.last_match_id
    match = ctx.call(services.get_record, "match", match_id)
    assert match["stage"] == "proposed" and match["reasons"] == accepted["reasons"]
    assert all(r["need_id"] != accepted["need_id"] for r in page.shown)

    # Reject the next one with a reason from the list and a few words.
    page.table.selectRow(0)
    dropped = page.current()

    def reject(dialog: RejectDialog) -> None:
        assert not dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
        dialog.reason.setCurrentIndex(dialog.reason.findData("distance"))
        qtbot.keyClicks(dialog.note, "Too far for two tonnes")
        click_ok(qtbot, dialog.buttons)

    when_modal(RejectDialog, reject)
    qtbot.mouseClick(page.detail.reject_button, Qt.MouseButton.LeftButton)
    assert all(r["need_id"] != dropped["need_id"] for r in page.shown)     # it does not come back
    page.refresh()
    assert all(r["need_id"] != dropped["need_id"] for r in page.shown)

    # Along the board by keyboard: proposed → contacted → assessed → testing, each with a note.
    window.nav.setCurrentRow(nav_keys.index("pipeline"))
    board = window.pages["pipeline"]
    assert board.select(match_id)
    for stage in ("contacted", "assessed", "testing"):
        def note(dialog: StageDialog, stage=stage) -> None:
            dialog.by.setText("Anna Lind")
            qtbot.keyClicks(dialog.note, f"Nu {stage}")
            click_ok(qtbot, dialog.buttons)

        when_modal(StageDialog, note)
        qtbot.keyClick(board.columns[board.cards[match_id]["stage"]], Qt.Key.Key_Right,
                       Qt.KeyboardModifier.ControlModifier)
        assert board.cards[match_id]["stage"] == stage
    assert "Anna Lind" in board.history.text() and "Nu testing" in board.history.text()

    # The match editor: a test environment, then implemented with an outcome.
    editor = MatchEditor(ctx, match_id, window)
    editor.show()

    def test_environment(dialog: WorkspaceRecordDialog) -> None:
        qtbot.keyClicks(dialog.form.editors["title"].widget, "Provleverans 10 t")
        dialog.form.editors["status"].widget.setCurrentIndex(dialog.form.editors["status"].widget.findData("running"))
        dialog.partners.item(0).setCheckState(Qt.CheckState.Checked)
        click_ok(qtbot, dialog.findChild(QDialogButtonBox), QDialogButtonBox.StandardButton.Save)

    when_modal(WorkspaceRecordDialog, test_environment)
    qtbot.mouseClick(editor.new_test, Qt.MouseButton.LeftButton)
    assert editor.tests.count() == 1 and "Provleverans 10 t" in editor.tests.item(0).text()
    qtbot.keyClicks(editor.next_step, "Skriva avtal")
    click_ok(qtbot, editor.buttons, QDialogButtonBox.StandardButton.Save)
    assert ctx.call(services.get_record, "match", match_id)["next_step"] == "Skriva avtal"

    for stage in ("agreed", "implemented"):
        when_modal(StageDialog, lambda d: click_ok(qtbot, d.buttons))
        board.select(match_id)
        qtbot.keyClick(board.columns[board.cards[match_id]["stage"]], Qt.Key.Key_Right,
                       Qt.KeyboardModifier.ControlModifier)
    assert board.cards[match_id]["stage"] == "implemented"

    editor = MatchEditor(ctx, match_id, window)
    editor.show()

    def outcome(dialog: WorkspaceRecordDialog) -> None:
        for name, text in (("year", "2026"), ("tonnes_diverted", "12,5"), ("co2e_factor", "0,4"),
                           ("co2e_factor_source", "IVL 2019")):
            qtbot.keyClicks(dialog.form.editors[name].widget, text)
        route = dialog.form.editors["diverted_from"].widget
        route.setCurrentIndex(route.findData("incineration"))
        click_ok(qtbot, dialog.findChild(QDialogButtonBox), QDialogButtonBox.StandardButton.Save)

    when_modal(WorkspaceRecordDialog, outcome)
    qtbot.mouseClick(editor.new_outcome, Qt.MouseButton.LeftButton)
    assert editor.outcomes.count() == 1 and "2026" in editor.outcomes.item(0).text()
    editor.close()

    # The figures the project report sums.
    from cirkular_desktop.services import reports

    data = ctx.call(reports.project_data)
    mine = [o for o in data.outcomes if o["match_id"] == match_id]
    assert [(o["tonnes_diverted"], o["co2e_saved"], o["year"]) for o in mine] == [("12.5", "5", 2026)]
    assert any(t["match_id"] == match_id and t["status"] == "running" for t in data.test_environments)
    events = ctx.call(pipeline.show, match_id)["history"]
    assert [e["stage"] for e in events] == ["proposed", "contacted", "assessed", "testing", "agreed", "implemented"]


def test_a_move_to_rejected_on_the_board_needs_a_reason_and_a_note(filled_app, ctx, make_window, qtbot):
    from cirkular_desktop.gui.matchmaking.dialogs import StageDialog

    window = make_window(restore=False)
    window.show_page("pipeline")
    board = window.pages["pipeline"]
    match_id = next(iter(board.cards.values()))["id"] if board.cards else None
    if match_id is None or board.cards[match_id]["stage"] == "rejected":
        match_id = next(c["id"] for c in board.cards.values() if c["stage"] != "rejected")
    seen = {}

    def refuse_then_fill(dialog: StageDialog) -> None:
        ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
        seen["blocked"] = not ok.isEnabled() and bool(dialog.hint.text())
        dialog.reason.setCurrentIndex(dialog.reason.findData("cost"))
        qtbot.keyClicks(dialog.note, "Too costly to ship")
        click_ok(qtbot, dialog.buttons)

    when_modal(StageDialog, refuse_then_fill)
    board.move_match(match_id, "rejected")
    assert seen["blocked"]
    match = ctx.call(services.get_record, "match", match_id)
    assert match["stage"] == "rejected" and match["rejection_reason"] == "cost"
    assert board.cards[match_id]["stage"] == "rejected"


def test_the_window_title_names_the_workspace_page_in_the_users_language(ctx, make_window, qapp):
    from cirkular_desktop import i18n
    from cirkular_desktop.gui import qt_i18n
    from cirkular_desktop.gui.preferences import switch_language

    window = make_window(restore=False)
    expected = {"matchmaking": "Matchmaking", "pipeline": "Pipeline", "test_environment": "Test environments",
                "outcome": "Outcomes", "activity": "Activities"}
    for key, label in expected.items():
        window.nav.setCurrentRow(window.nav_keys.index(key))
        assert window.stack.currentWidget() is window.pages[key]
        assert window.windowTitle() == f"{label} — Cirkulär" == f"{window.nav.currentItem().text()} — Cirkulär"
    try:
        switch_language(ctx, "sv")
        assert window.windowTitle() == "Insatser — Cirkulär"       # follows a language switch
        window.show_page("pipeline")
        assert window.windowTitle() == f"{window.nav.currentItem().text()} — Cirkulär" != "Cirkulär"
    finally:
        i18n.set_language("en")
        qt_i18n.install(qapp, "en")


def test_edits_in_the_match_editor_and_the_workspace_editors_are_undone_and_redone(filled_app, ctx, make_window,
                                                                                   qtbot):
    from cirkular_desktop.gui import undo
    from cirkular_desktop.gui.matchmaking.match_editor import MatchEditor
    from cirkular_desktop.gui.matchmaking.record_editor import WorkspaceRecordDialog

    window = make_window(restore=False)
    undo_action, redo_action = window.actions_["undo"], window.actions_["redo"]
    match = next(m for m in ctx.call(services.list_records, "match") if m["stage"] != "rejected")
    old_step = match.get("next_step")

    # The match editor: a field saved, then Edit ▸ Undo and Redo.
    editor = MatchEditor(ctx, match["id"], window)
    editor.show()
    editor.next_step.setText("Ring mottagaren om provlast")
    click_ok(qtbot, editor.buttons, QDialogButtonBox.StandardButton.Save)
    assert ctx.call(services.get_record, "match", match["id"])["next_step"] == "Ring mottagaren om provlast"
    assert undo_action.text().startswith("&Undo change of Next step in")
    undo_action.trigger()
    assert ctx.call(services.get_record, "match", match["id"]).get("next_step") == old_step
    redo_action.trigger()
    assert ctx.call(services.get_record, "match", match["id"])["next_step"] == "Ring mottagaren om provlast"

    # A test environment made from the match editor: undo removes it, and the editor shows that at once.
    editor = MatchEditor(ctx, match["id"], window)
    editor.show()
    before = editor.tests.count()

    def new_test(dialog: WorkspaceRecordDialog) -> None:
        qtbot.keyClicks(dialog.form.editors["title"].widget, "Provlast 2 t")
        click_ok(qtbot, dialog.findChild(QDialogButtonBox), QDialogButtonBox.StandardButton.Save)

    when_modal(WorkspaceRecordDialog, new_test)
    qtbot.mouseClick(editor.new_test, Qt.MouseButton.LeftButton)
    assert editor.tests.count() == before + 1
    assert undo.stack_for(ctx).undoText() == "adding “Provlast 2 t”"
    editor.activateWindow()
    qtbot.waitUntil(editor.isActiveWindow, timeout=3000)
    qtbot.keyClick(editor.tests, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)   # Ctrl+Z inside the editor
    assert editor.tests.count() == before
    assert not [t for t in ctx.call(services.list_records, "test_environment") if t["title"] == "Provlast 2 t"]
    redo_action.trigger()
    assert editor.tests.count() == before + 1
    editor.close()

    # An outcome and an activity changed in their editors: undo puts the stored values back.
    done = next(m for m in ctx.call(services.list_records, "match") if m["stage"] == "implemented")
    outcome = services.add_record(filled_app, "outcome", {"match_id": done["id"], "year": 2026,
                                                          "tonnes_diverted": "10", "co2e_factor": "0.5"}).value
    dialog = WorkspaceRecordDialog(ctx, "outcome", outcome, parent=window)
    dialog.form.editors["tonnes_diverted"].widget.setText("12")
    dialog.save()
    assert dialog.result() == dialog.DialogCode.Accepted
    stored = ctx.call(services.get_record, "outcome", outcome)
    assert (stored["tonnes_diverted"], stored["co2e_saved"]) == ("12", "6")
    undo_action.trigger()
    stored = ctx.call(services.get_record, "outcome", outcome)
    assert (stored["tonnes_diverted"], stored["co2e_saved"]) == ("10", "5")   # the computed CO2e with it

    activity = next(iter(ctx.call(services.list_records, "activity")))
    dialog = WorkspaceRecordDialog(ctx, "activity", activity["id"], parent=window)
    dialog.participants.add_row({"country": "NO", "count": 7})
    dialog.form.editors["title"].widget.setText("Ny titel")
    dialog.save()
    changed = ctx.call(services.get_record, "activity", activity["id"])
    assert changed["title"] == "Ny titel" and {"country": "NO", "count": 7} in changed["participants"]
    undo_action.trigger()
    back = ctx.call(services.get_record, "activity", activity["id"])
    assert back["title"] == activity["title"] and back["participants"] == activity["participants"]


class _PlatformDrag:
    """What a desktop's drag-and-drop loop does once a drag has started: the pointer enters the column under
    it, moves over it and lets go there, and Qt delivers those events with the dragged data. The offscreen
    platform the tests run on has no such loop (its drag ends at once, dropping nothing), so this stands in
    for it; everything before (pressing and moving the mouse on the card) and after (the drop) is the app's."""

    target: Any = None

    def __init__(self, source) -> None:
        self.source, self.data = source, None

    def setMimeData(self, data) -> None:  # noqa: N802 - QDrag API
        self.data = data

    def exec(self, actions, *_default):
        from PySide6.QtCore import QPointF
        from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent

        viewport = self.target.viewport()
        where = viewport.rect().center()
        left, none = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
        enter = QDragEnterEvent(QPointF(where), actions, self.data, left, none)
        QApplication.sendEvent(viewport, enter)
        assert enter.isAccepted(), "the column refuses the card"
        QApplication.sendEvent(viewport, QDragMoveEvent(QPointF(where), actions, self.data, left, none))
        QApplication.sendEvent(viewport, QDropEvent(QPointF(where), actions, self.data, left, none))
        return Qt.DropAction.MoveAction


def test_a_card_is_moved_to_another_stage_by_dragging_it_with_the_mouse(filled_app, ctx, make_window, qtbot,
                                                                       monkeypatch):
    from PySide6.QtCore import QPoint
    from PySide6.QtTest import QTest

    from cirkular_desktop.gui.matchmaking import board as board_module
    from cirkular_desktop.gui.matchmaking.dialogs import StageDialog

    window = make_window(restore=False)
    window.show_page("pipeline")
    board = window.pages["pipeline"]
    card = next(c for c in board.cards.values() if c["stage"] == "proposed")
    source, target = board.columns["proposed"], board.columns["assessed"]
    row = next(i for i in range(source.count()) if source.item(i).data(Qt.ItemDataRole.UserRole) == card["id"])
    source.scrollToItem(source.item(row))
    monkeypatch.setattr(_PlatformDrag, "target", target)
    monkeypatch.setattr(board_module, "QDrag", _PlatformDrag)

    def note(dialog: StageDialog) -> None:
        dialog.by.setText("Anna Lind")
        qtbot.keyClicks(dialog.note, "Prover redan hos mottagaren")
        click_ok(qtbot, dialog.buttons)

    when_modal(StageDialog, note)
    # Press on the card and move the mouse past the drag distance, through the window as a mouse does.
    handle = window.windowHandle()
    start = source.viewport().mapTo(window, source.visualItemRect(source.item(row)).center())
    QTest.mousePress(handle, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    for step in range(1, 8):
        QTest.mouseMove(handle, start + QPoint(6 * step, 2 * step))
    QTest.mouseRelease(handle, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start + QPoint(42, 14))

    match = ctx.call(services.get_record, "match", card["id"])
    assert match["stage"] == "assessed"
    assert board.cards[card["id"]]["stage"] == "assessed"
    assert any(target.item(i).data(Qt.ItemDataRole.UserRole) == card["id"] for i in range(target.count()))
    last = ctx.call(pipeline.show, card["id"])["history"][-1]
    assert (last["from_stage"], last["stage"], last["by"], last["note"]) == (
        "proposed", "assessed", "Anna Lind", "Prover redan hos mottagaren")

    # Dropped back on its own column, a card stays where it is and nothing is recorded.
    monkeypatch.setattr(_PlatformDrag, "target", target)
    events = len(ctx.call(pipeline.show, card["id"])["history"])
    row = next(i for i in range(target.count()) if target.item(i).data(Qt.ItemDataRole.UserRole) == card["id"])
    start = target.viewport().mapTo(window, target.visualItemRect(target.item(row)).center())
    QTest.mousePress(handle, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    for step in range(1, 8):
        QTest.mouseMove(handle, start + QPoint(0, 3 * step))
    QTest.mouseRelease(handle, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start + QPoint(0, 21))
    assert len(ctx.call(pipeline.show, card["id"])["history"]) == events
    assert ctx.call(services.get_record, "match", card["id"])["stage"] == "assessed"


def test_filters_narrow_the_suggestions_and_flags_come_with_the_caution(filled_app, ctx, make_window):
    window = make_window(restore=False)
    window.show_page("matchmaking")
    page = window.pages["matchmaking"]
    total = len(page.rows)
    assert total > 10 and len(page.shown) == total
    assert page.count.text() == f"{total} of {total} suggestions"

    page.cross_only.setChecked(True)
    assert page.shown and all(r["cross_border"] for r in page.shown)
    assert len(page.shown) < total                      # the demo region has pairs on one side too
    page.cross_only.setChecked(False)

    page.country.setCurrentIndex(page.country.findData("NO"))
    assert page.shown and all("NO" in (r["supplier_country"], r["receiver_country"]) for r in page.shown)
    assert len(page.shown) < total
    page.country.setCurrentIndex(0)

    from cirkular_desktop.core import materials

    wood = page.material.findData("wood")
    assert wood > 0
    page.material.setCurrentIndex(wood)
    assert page.shown and all(materials.get(r["material"]).top == "wood" for r in page.shown)
    page.material.setCurrentIndex(0)

    place = page.municipality.itemData(1)
    page.municipality.setCurrentIndex(1)
    assert page.shown and all(place in (r["supplier_municipality"], r["receiver_municipality"]) for r in page.shown)
    page.municipality.setCurrentIndex(0)
    assert len(page.shown) == total

    # A suggestion with border flags shows them with the caution naming the authorities; one without, neither.
    flagged = next(i for i, r in enumerate(page.shown) if r["flags"])
    page.table.selectRow(flagged)
    assert page.detail.flags.text().startswith("⚑ ")
    assert "Naturvårdsverket" in page.detail.caution.text() and "Miljødirektoratet" in page.detail.caution.text()
    plain = [i for i, r in enumerate(page.shown) if not r["flags"]]
    if plain:
        page.table.selectRow(plain[0])
        assert page.detail.flags.text() == "" and page.detail.caution.text() == ""


def test_the_match_editor_keeps_contacts_next_step_processor_notes_and_photos(filled_app, ctx, make_window, qtbot,
                                                                           tmp_path):
    from PySide6.QtGui import QColor, QImage

    from cirkular_desktop.gui.matchmaking.match_editor import MatchEditor
    from cirkular_desktop.services import attachments

    window = make_window(restore=False)
    match = next(m for m in ctx.call(services.list_records, "match")
                 if (lambda c: c["supplier_contacts"] and c["receiver_contacts"])(
                     ctx.call(workspace_views.match_context, m["id"])))
    editor = MatchEditor(ctx, match["id"], window)
    editor.show()
    supplier = editor.data["supplier_contacts"][-1]
    receiver = editor.data["receiver_contacts"][-1]
    editor.supplier_contact.setCurrentIndex(editor.supplier_contact.findData(supplier["id"]))
    editor.receiver_contact.setCurrentIndex(editor.receiver_contact.findData(receiver["id"]))
    processor = editor.data["organizations"][0]["id"]
    editor.processor.setCurrentIndex(editor.processor.findData(processor))
    for widget in (editor.next_step, editor.next_owner, editor.next_due):
        widget.clear()
    qtbot.keyClicks(editor.next_step, "Provlast 2 t")
    qtbot.keyClicks(editor.next_owner, "Ingrid Haugland")
    qtbot.keyClicks(editor.next_due, "31.12.2026")              # day first, as written in both countries
    editor.notes.setPlainText("Mottagaren vill se ett prov först.")
    image = QImage(40, 30, QImage.Format.Format_RGB32)
    image.fill(QColor("peru"))
    picture = tmp_path / "prov.png"
    image.save(str(picture))
    assert editor.photos.add_files([picture]) == 1
    click_ok(qtbot, editor.buttons, QDialogButtonBox.StandardButton.Save)

    stored = ctx.call(services.get_record, "match", match["id"])
    assert (stored["supplier_contact_id"], stored["receiver_contact_id"], stored["processor_id"]) == (
        supplier["id"], receiver["id"], processor)
    assert (stored["next_step"], stored["next_step_owner"], stored["next_step_due"], stored["notes"]) == (
        "Provlast 2 t", "Ingrid Haugland", "2026-12-31", "Mottagaren vill se ett prov först.")
    assert [p["filename"] for p in ctx.call(attachments.list_photos, "match", match["id"])] == ["prov.png"]

    # What may go to the partner names only contacts who agreed to be shared.
    editor = MatchEditor(ctx, match["id"], window)
    text = editor.partner_text.toPlainText()
    assert "Provlast 2 t" in text
    for contact in editor.data["supplier_contacts"] + editor.data["receiver_contacts"]:
        if contact["id"] in (supplier["id"], receiver["id"]):
            assert (contact["name"] in text) == bool(contact["shared"]), contact
    editor.close()


def test_a_rejection_is_taken_back_from_the_board(filled_app, ctx, make_window):
    window = make_window(restore=False)
    row = ctx.call(workspace_views.suggestion_rows, per_need=1)[0]
    dropped = ctx.call(pipeline.reject, row["stream_id"], row["need_id"], "distance", note="För långt")
    in_pipeline = next(m for m in ctx.call(services.list_records, "match") if m["stage"] == "assessed")
    ctx.call(pipeline.set_stage, in_pipeline["id"], "rejected", note="Dyrt", reason="cost")
    window.show_page("pipeline")
    board = window.pages["pipeline"]
    assert board.cards[dropped]["stage"] == board.cards[in_pipeline["id"]]["stage"] == "rejected"

    # Straight from the suggestions: forgotten, and suggested again.
    board.unreject(dropped)
    assert dropped not in board.cards
    assert "suggested again" in board.message.text()
    again = ctx.call(workspace_views.suggestion_rows, need_id=row["need_id"])
    assert any(r["stream_id"] == row["stream_id"] for r in again)

    # From the pipeline: back to the stage it had, recorded as a move.
    board.unreject(in_pipeline["id"])
    assert board.cards[in_pipeline["id"]]["stage"] == "assessed"
    assert board.selected_id() == in_pipeline["id"]
    last = ctx.call(pipeline.show, in_pipeline["id"])["history"][-1]
    assert (last["from_stage"], last["stage"]) == ("rejected", "assessed")

    # A card that is not rejected (any more) is refused in one line, nothing changed.
    board.unreject(in_pipeline["id"])
    assert board.message.text() == "match: this pair is not rejected"
    assert board.cards[in_pipeline["id"]]["stage"] == "assessed"


@pytest.mark.parametrize("table", ["outcome", "activity", "test_environment"])
def test_the_workspace_editors_fields_start_on_one_line(ctx, qtbot, table):
    """References, participants and the other fields are separate forms: their fields still line up."""
    from cirkular_desktop.gui.matchmaking.record_editor import WorkspaceRecordDialog

    dialog = WorkspaceRecordDialog(ctx, table)
    qtbot.addWidget(dialog)
    dialog.resize(900, 600)
    dialog.show()
    qtbot.waitExposed(dialog)
    editors = [*dialog.links.editors.values(), *dialog.form.editors.values()]
    starts = {e.widget.mapTo(dialog, e.widget.rect().topLeft()).x() for e in editors
              if e.widget.isVisibleTo(dialog) and e.widget.parentWidget() is not None}
    if dialog.participants is not None:
        starts.add(dialog.participants.mapTo(dialog, dialog.participants.rect().topLeft()).x())
    assert len(editors) > 3 and len(starts) == 1, starts
    dialog.close()
