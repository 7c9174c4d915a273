"""The stream editor's code and unit rows: NS 9431 for Norwegian organizations (name beside it, stored), areas."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6.QtWidgets")

from PySide6.QtCore import Qt  # noqa: E402

from cirkular_desktop import i18n  # noqa: E402
from cirkular_desktop.gui.context import GuiContext  # noqa: E402
from cirkular_desktop.gui.visit.page import VisitPage  # noqa: E402
from cirkular_desktop.services import records, visits  # noqa: E402

pytestmark = pytest.mark.gui


def _editor(app, qtbot, country: str):
    org = records.add_record(app, "organization", {"name": f"Sagbruket {country}", "country": country}).value
    page = VisitPage(GuiContext(app), visits.start_visit(app, org).value)
    qtbot.addWidget(page)
    page.resize(1280, 820)
    page.show()
    page.restore_section("@streams")
    qtbot.mouseClick(page.streams.add_button, Qt.MouseButton.LeftButton)
    editor = page.streams.editor
    qtbot.keyClicks(editor.fields["title"].widget, "Kapp")
    editor.flush()
    return page, editor


def test_a_norwegian_stream_takes_an_ns9431_number_and_shows_its_name(app, qtbot):
    with i18n.using_language("nb"):
        page, editor = _editor(app, qtbot, "NO")
        assert editor.ns9431_box.isVisibleTo(editor)
        qtbot.keyClicks(editor.fields["ns9431_code"].widget, "NS 7250")
        assert editor.ns9431_name.text() == "Asbest"
        editor.flush()
        assert records.get_record(app, "stream", editor.record_id)["ns9431_code"] == "7250"
        page.flush()


def test_a_swedish_stream_hides_the_row_until_a_number_is_recorded(app, qtbot):
    page, editor = _editor(app, qtbot, "SE")
    assert not editor.ns9431_box.isVisibleTo(editor)
    page.flush()


def test_an_area_is_shown_as_an_area_in_the_stream_editor(app, qtbot):
    page, editor = _editor(app, qtbot, "SE")
    unit = editor.fields["unit"].widget
    assert unit.findData("m2") >= 0 and unit.findData("ha") >= 0
    unit.setCurrentIndex(unit.findData("ha"))
    qtbot.keyClicks(editor.fields["quantity"].widget, "2")
    # Premises and land are never tonnes: two hectares a year read as 20 000 m².
    assert editor.tonnes_label.text() == "Area, not converted to tonnes: 20,000 m²"
    assert not editor.fields["density"].isVisibleTo(editor)
    editor.flush()
    stored = records.get_record(app, "stream", editor.record_id)
    assert (stored["quantity"], stored["unit"]) == ("2", "ha")
    page.flush()
