"""The organization editor's code fields: the industry-code picker follows the language, the SME class is shown."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from cirkular_desktop import i18n
from cirkular_desktop.core import industry
from cirkular_desktop.services import records


def _switch(ctx, lang):
    from cirkular_desktop.gui.preferences import switch_language

    switch_language(ctx, lang)
    QCoreApplication.processEvents()


def test_industry_picker_follows_the_language_and_keeps_the_chosen_class(window, app, ctx, qapp):
    org = records.add_record(app, "organization", {"name": "Sågen AB", "country": "SE",
                                                   "industry_code": "16.10"}).value
    window.open_organization(org)
    combo = window.editor.form.editors["industry_code"].widget
    assert combo.currentText() == "16.10 Sawmilling and planing of wood"
    try:
        _switch(ctx, "sv")
        assert combo.currentText() == "16.10 " + industry.get("16.10").name("sv")
        texts = {combo.itemData(i): combo.itemText(i) for i in range(1, combo.count())}
        assert texts["16.10"].startswith("16.10 Sågning")
        # A class without a name of its own shows its division's Swedish name.
        assert texts["01.13"] == "01.13 " + industry.division("01.13").name("sv")
        assert not window.editor.is_dirty()  # relabelling is not an edit
        _switch(ctx, "nb")
        assert combo.currentText().startswith("16.10 Saging")
    finally:
        _switch(ctx, "en")
        window.close_editor()


def test_the_eu_size_class_follows_the_figures_as_they_are_typed(window, app, qtbot):
    window.new_organization()
    editor = window.editor
    form = editor.form.editors
    assert editor.sme_label.text().startswith("Size class (EU definition): Size not known — record employees")
    for name, text in (("employees", "12"), ("annual_turnover", "900 000"), ("financials_currency", "EUR")):
        form[name].widget.setFocus()
        qtbot.keyClicks(form[name].widget, text)
    assert editor.sme_label.text() == ("Size class (EU definition): Small enterprise — from employees and "
                                       "annual turnover")
    form["ownership"].widget.setCurrentIndex(form["ownership"].widget.findData("controlled"))
    assert editor.sme_label.text().startswith("Size class (EU definition): Not an SME — 25 % or more")
    form["ownership"].widget.setCurrentIndex(0)
    form["kind"].widget.setCurrentIndex(form["kind"].widget.findData("municipal"))
    assert "a municipal operation or other public body" in editor.sme_label.text()
    window.close_editor()


def test_organizations_list_filters_by_industry(window, app, ctx, qtbot):
    for name, code in (("Sågen AB", "16.10"), ("Skivan AB", "16.21"), ("Kod AB", "62.01"), ("Okänd AB", None)):
        values = {"name": name, "country": "SE"}
        if code:
            values["industry_code"] = code
        records.add_record(app, "organization", values)
    window.show_page("organization")
    page = window.list_pages["organization"]
    page.refresh()
    combo = page.industry_filter
    assert [combo.itemData(i) for i in range(combo.count())] == [None, "16", "62"]
    assert combo.itemText(1) == "16 " + industry.division("16.10").name("en") + " (2)"
    combo.setCurrentIndex(1)
    assert sorted(r["name"] for r in page.model.rows) == ["Skivan AB", "Sågen AB"]
    assert page.count_label.text() == "2 found"
    try:
        _switch(ctx, "sv")
        assert combo.currentData() == "16"
        assert combo.itemText(1).startswith("16 " + industry.division("16.10").name("sv"))
        assert page.model.total == 2                     # the choice survives the language switch
    finally:
        _switch(ctx, "en")
    combo.setCurrentIndex(0)
    assert page.model.total == 4
