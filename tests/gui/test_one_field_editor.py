"""One field-editor system (issue #18 item 4): every record editor builds its inputs with ``gui.fields``.

The organization editor, the contact dialog, the visit's details, the stream,
need and idea editors and the matchmaking record dialogs must not build a
line edit, pick list or check box of their own: each input sits inside a
``FieldEditor``, so a field looks, validates and is read aloud the same
everywhere. Every field kind has an editor (or a named editor of its own).
"""

from __future__ import annotations

import dataclasses

import pytest

pytest.importorskip("PySide6.QtWidgets")

from PySide6.QtWidgets import (  # noqa: E402
    QAbstractSpinBox, QCheckBox, QComboBox, QLineEdit, QPlainTextEdit, QRadioButton, QTextEdit, QWidget,
)

from cirkular_desktop.core import fields as core_fields  # noqa: E402
from cirkular_desktop.core import records  # noqa: E402
from cirkular_desktop.gui.fields import FieldEditor  # noqa: E402
from cirkular_desktop.gui.fields.kinds import EDITED_ELSEWHERE, EDITORS  # noqa: E402
from cirkular_desktop.services import records as record_services  # noqa: E402
from cirkular_desktop.services import visits  # noqa: E402

pytestmark = pytest.mark.gui

INPUTS = (QLineEdit, QPlainTextEdit, QTextEdit, QComboBox, QCheckBox, QRadioButton, QAbstractSpinBox)
# Inputs that are not record fields, by the class of the widget that holds them, and why.
NOT_FIELDS = {
    "QuestionWidget": "a questionnaire answer (gui.visit.questions), described by the template, not by core.records",
    "ParticipantsTable": "the rows of an activity's participants (an ITEMS field, see EDITED_ELSEWHERE)",
    "QCalendarWidget": "the calendar of a date field's “Calendar…” button",
}


def _all_kinds() -> set[str]:
    return {value for name, value in vars(core_fields).items() if name.isupper() and isinstance(value, str)}


def test_every_field_kind_has_an_editor_or_says_where_it_is_edited():
    kinds = _all_kinds()
    assert len(kinds) > 20   # the constants were found at all
    assert not set(EDITORS) & set(EDITED_ELSEWHERE)
    assert kinds - set(EDITORS) - set(EDITED_ELSEWHERE) == set()
    used = {f.kind for t in records.TABLES.values() for f in t.fields if not f.internal}
    assert used - set(EDITORS) - set(EDITED_ELSEWHERE) == set()


def test_a_field_kind_without_an_editor_is_refused_in_one_line(monkeypatch, qtbot):
    stream = records.TABLES["stream"]
    odd = records.Field("colour", "colour", "Colour")
    monkeypatch.setitem(records.TABLES, "stream", dataclasses.replace(stream, fields=(*stream.fields, odd)))
    with pytest.raises(LookupError, match="no field editor for the kind 'colour'"):
        FieldEditor("stream", "colour")
    assert "colour" not in _all_kinds() | set(EDITORS)   # nothing above knows it: the first test would fail too


# A value of each kind as stored; shown by the editor and read back it must come out the same.
SAMPLES = {
    records.TEXT: "Spill", records.LONGTEXT: "Rad ett\nrad två", records.EMAIL: "eva@example.se",
    records.PHONE: "+46 70 123 45 67", records.URL: "https://example.se/a", records.INT: 2026,
    records.DECIMAL: "1250.5", records.DATE: "2025-09-01", records.BOOL: True, records.TAGS: ["Eva", "Per"],
    records.CHOICE: "b", records.MULTI: ["a", "b"], records.LANGUAGE: "nb", records.CURRENCY: "NOK",
    records.UNIT: "m3", records.ORGNUMBER: "5560360793", records.MUNICIPALITY: "SE-1782",
    records.INDUSTRY: "16.10", records.NS9431: "1251", records.WASTECODE: "170201",
    records.DATETIME: "2025-09-01T10:00:00+00:00", records.SHIPMENT_ENTRY: "B3020",
    records.REF: "0190a1b2-0000-7000-8000-000000000002", records.REFS: ["0190a1b2-0000-7000-8000-000000000002"],
}
REFERENCED = [("0190a1b2-0000-7000-8000-000000000001", "Årjäng Plast AB"),
              ("0190a1b2-0000-7000-8000-000000000002", "Säffle Snickeri AB")]


@pytest.mark.parametrize("kind", sorted(EDITORS))
def test_each_kind_shows_a_stored_value_and_reads_it_back(kind, monkeypatch, qtbot):
    assert kind in SAMPLES, f"give a stored value of the kind {kind!r} to try its editor with"
    choices = {records.CHOICE: (records.Choice("a", "A"), records.Choice("b", "B")),
               records.MULTI: (records.Choice("a", "A"), records.Choice("b", "B")),
               records.LANGUAGE: records.LANGUAGES}.get(kind, ())
    field = records.Field("probe", kind, "Probe", choices=choices,
                          ref="organization" if kind in (records.REF, records.REFS) else None)
    stream = records.TABLES["stream"]
    monkeypatch.setitem(records.TABLES, "stream", dataclasses.replace(stream, fields=(*stream.fields, field)))
    editor = FieldEditor("stream", "probe")
    qtbot.addWidget(editor)
    edits: list[str] = []
    editor.edited.connect(edits.append)
    editor.set_country("SE")
    if kind in (records.REF, records.REFS):
        editor.set_choices(REFERENCED)   # the records to choose from come from the editor around it
    editor.set_value(SAMPLES[kind], {"country": "SE"})
    assert edits == []   # showing a stored value is not an edit
    if kind == records.INT:
        assert editor.value() == "2026"   # a year has no digit groups
    value, error = editor.check({"country": "SE"})
    assert error is None and value == records.coerce("stream", "probe", SAMPLES[kind], context={"country": "SE"})
    editor.set_error("stream.probe: not like that")
    assert editor.error.text() == "Not like that" and not editor.error.isHidden()
    inputs = editor.kind.inputs()
    if len(inputs) == 1:
        assert inputs[0].accessibleName() == "Probe"
    else:   # a check box per choice: named by the choice, described by the field
        assert [(w.accessibleName(), w.accessibleDescription()) for w in inputs] == [("A", "Probe"), ("B", "Probe")]


def _stray_inputs(root: QWidget) -> list[str]:
    """Inputs under ``root`` that are neither in a FieldEditor nor in a named non-field part."""
    stray = []
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, INPUTS) or isinstance(widget, (QTextEdit, QPlainTextEdit)) and widget.isReadOnly():
            continue   # a text shown to read (a privacy notice, a version's answers) is no input
        holder = widget.parentWidget()
        while holder is not None and holder is not root.parentWidget():
            if isinstance(holder, FieldEditor) or type(holder).__name__ in NOT_FIELDS:
                break
            holder = holder.parentWidget()
        else:
            stray.append(f"{type(widget).__name__} {widget.objectName()!r} {widget.accessibleName()!r}")
    return stray


def _fields_shown(editors: dict) -> set[str]:
    assert editors and all(isinstance(e, FieldEditor) for e in editors.values())
    return set(editors)


def test_every_record_editor_takes_its_inputs_from_the_one_field_editor(ctx, app, qtbot):
    from cirkular_desktop.gui.contact_dialog import ContactDialog
    from cirkular_desktop.gui.matchmaking.record_editor import WorkspaceRecordDialog
    from cirkular_desktop.gui.org_editor import OrganizationEditor
    from cirkular_desktop.gui.visit.idea_editor import IdeaEditor
    from cirkular_desktop.gui.visit.page import VisitPage
    from cirkular_desktop.gui.visit.stream_editor import StreamEditor

    org = record_services.add_record(app, "organization", {"name": "Årjäng Plast AB", "country": "SE"}).value
    visit = visits.start_visit(app, org).value
    editors = {
        "organization": OrganizationEditor(ctx, org),
        "contact": ContactDialog(ctx, org),
        "visit": VisitPage(ctx, visit),
        "stream": StreamEditor(ctx, "stream"),
        "need": StreamEditor(ctx, "need"),
        "idea": IdeaEditor(ctx),
        **{table: WorkspaceRecordDialog(ctx, table) for table in ("test_environment", "outcome", "activity")},
    }
    for widget in editors.values():
        qtbot.addWidget(widget)
    assert {name: _stray_inputs(widget) for name, widget in editors.items()} == {name: [] for name in editors}
    assert "org_number" in _fields_shown(editors["organization"].form.editors)
    assert "email" in _fields_shown(editors["contact"].form.editors)
    assert "date" in _fields_shown(editors["visit"].details)
    assert {"quantity", "unit"} <= _fields_shown(editors["stream"].fields)
    assert "stream_id" in _fields_shown(editors["idea"].fields)
    assert "match_id" in _fields_shown(editors["outcome"].links.editors) | _fields_shown(
        editors["outcome"].form.editors)
    for name in ("contact", "test_environment", "outcome", "activity"):
        editors[name].reject()


def test_the_walk_notices_an_input_built_beside_the_field_editors(ctx, qtbot):
    from cirkular_desktop.gui.visit.idea_editor import IdeaEditor

    editor = IdeaEditor(ctx)
    qtbot.addWidget(editor)
    stray = QLineEdit(editor.widget())
    stray.setObjectName("hand_made")
    assert _stray_inputs(editor) == ["QLineEdit 'hand_made' ''"]
