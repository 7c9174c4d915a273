"""The stream and need editors show every field a person may edit (issue #18: a forgotten row hid a field).

Adding a field to ``core.records`` for streams or needs without a row in
``gui/visit/stream_editor.py`` would leave it invisible in the visit and in
the list's edit dialog (which hosts the same editor). Fields the editor fills
from elsewhere are named below with where they come from.
"""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6.QtWidgets")

from cirkular_desktop.core import records  # noqa: E402
from cirkular_desktop.gui.visit.stream_editor import StreamEditor  # noqa: E402

pytestmark = pytest.mark.gui

SHOWN_ELSEWHERE = {
    "organization_id": "the visit's organization (services.visits.add_visit_item)",
    "visit_id": "the visit the editor belongs to",
    "contact_id": "the visit's contact person (services.visits.add_visit_item)",
    "material_category": "its own chooser (StreamEditor.material_button)",
    "waste_codes": "the waste code list (StreamEditor.codes)",
    "primary_waste_code": "the waste code list's “make primary” (StreamEditor.codes)",
}


@pytest.mark.parametrize("table", ["stream", "need"])
def test_every_editable_field_has_a_row(ctx, qtbot, table):
    editor = StreamEditor(ctx, table)
    qtbot.addWidget(editor)
    editable = {f.name for f in records.table(table).fields if not f.internal}
    assert editable - set(editor.fields) - set(SHOWN_ELSEWHERE) == set()
    assert set(editor.fields) <= editable      # nothing edits an internal field or one that does not exist
    assert editor.material_button is not None and editor.codes is not None


def test_a_field_without_a_row_is_noticed(ctx, qtbot, monkeypatch):
    import dataclasses

    stream = records.TABLES["stream"]
    extra = records.Field("nace_code", records.TEXT, "NACE code")
    monkeypatch.setitem(records.TABLES, "stream", dataclasses.replace(stream, fields=(*stream.fields, extra)))
    editor = StreamEditor(ctx, "stream")
    qtbot.addWidget(editor)
    editable = {f.name for f in records.table("stream").fields if not f.internal}
    assert editable - set(editor.fields) - set(SHOWN_ELSEWHERE) == {"nace_code"}
