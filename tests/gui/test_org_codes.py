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
