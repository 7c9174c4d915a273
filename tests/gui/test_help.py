"""The user guide: every page in sv, nb and en, links that lead somewhere, and F1 at the current view."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtTest import QTest

from cirkular_desktop import i18n, resources
from cirkular_desktop.gui import help_viewer


@pytest.mark.parametrize("lang", ["en", "sv", "nb"])
def test_every_page_is_written_in_each_language_and_its_links_lead_to_pages(lang):
    folder = resources.resource_path("help", lang)
    names = {topic for topic, _title in help_viewer.TOPICS}
    assert {p.name for p in folder.glob("*.md")} == names
    english = resources.resource_path("help", "en")
    for name in names:
        text = (folder / name).read_text(encoding="utf-8")
        assert text.startswith("# "), f"{lang}/{name} has no title"
        for target in re.findall(r"\]\(([^)#]+)\)", text):
            if not target.startswith("http"):
                assert target in names, f"{lang}/{name} links to {target}"
        if lang != "en":   # written in its language, not a copy of the English page
            assert text != (english / name).read_text(encoding="utf-8")
    assert set(help_viewer.VIEW_TOPICS.values()) <= names


def test_f1_opens_the_guide_at_the_page_of_the_current_view(window, qtbot):
    window.show_page("sync")
    QTest.keyClick(window, Qt.Key.Key_F1)
    guide = window.help_window
    assert guide is not None and guide.isVisible()
    assert guide.current_topic() == "sync.md"
    assert "Export a bundle" in guide.browser.toPlainText()
    assert guide.topics.currentItem().text() == "Sync with bundles"
    window.show_page("conflicts")
    window.show_help()   # the open guide turns to the page of the new view
    assert window.help_window is guide and guide.current_topic() == "conflicts.md"
    guide.show_topic("index.md")
    assert "field-day.md" in guide.browser.toHtml()   # a page links to the others…
    guide.browser.setSource(QUrl("field-day.md"))      # …as a click on the link does
    assert guide.current_topic() == "field-day.md" and guide.topics.currentItem().text() == "The field day"
    assert guide.back_button.isEnabled()
    guide.close()


def test_the_guide_follows_a_language_switch_and_the_visit_opens_the_field_day(window, ctx, app, qtbot):
    from cirkular_desktop.gui.preferences import switch_language
    from cirkular_desktop.services import records, visits

    org = records.add_record(app, "organization", {"name": "Sunne Plåt AB", "country": "SE"}).value
    window.open_visit(visits.start_visit(app, org).value)
    guide = window.show_help()
    assert guide.current_topic() == "field-day.md" and "The field day" in guide.browser.toPlainText()
    try:
        switch_language(ctx, "nb")
        assert "Feltdagen" in guide.browser.toPlainText() and guide.windowTitle().startswith("Brukerveiledning")
        assert guide.topics.item(0).text() == i18n.gettext("Getting started") != "Getting started"
    finally:
        switch_language(ctx, "en")
    window.close_visit()
    guide.close()
