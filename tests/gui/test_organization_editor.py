"""The organization editor: inline validation, creating and saving, contacts, and starting a visit in two clicks."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from cirkular_desktop import settings
from cirkular_desktop.core import orgnumber
from cirkular_desktop.services import records

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def type_into(qtbot, widget, text):
    widget.setFocus()
    widget.selectAll()
    qtbot.keyClicks(widget, text)


def test_create_organization_with_invalid_then_valid_number(window, app, qtbot):
    QTest.keyClick(window, Qt.Key.Key_N, CTRL)  # File → New organization
    editor = window.editor
    assert editor is not None and editor.organization_id is None
    form = editor.form.editors
    type_into(qtbot, form["name"].widget, "Saffle Snickeri AB")
    assert form["country"].widget.currentData() == "SE"
    type_into(qtbot, form["org_number"].widget, "556036-0794")
    assert form["org_number"].error.isVisible()
    assert "check digit" in form["org_number"].error.text()
    assert not editor.save_button.isEnabled()
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert records.count_records(app, "organization") == 0  # nothing saved while invalid

    type_into(qtbot, form["org_number"].widget, "556036-0793")
    assert not form["org_number"].error.isVisible()
    form["municipality"].widget.setEditText("Säffle")
    assert editor.save_button.isEnabled()
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)

    saved = records.list_records(app, "organization")
    assert len(saved) == 1
    assert saved[0]["org_number"] == "5560360793" and saved[0]["municipality"] == "SE-1785"
    assert saved[0]["id"] == orgnumber.organization_id("SE", "5560360793")
    assert editor.organization_id == saved[0]["id"]
    assert editor.title.text() == "Saffle Snickeri AB"
    assert editor.save_button.text() == "Save"


def test_number_is_checked_against_the_chosen_country(window, qtbot):
    window.new_organization()
    form = window.editor.form.editors
    type_into(qtbot, form["org_number"].widget, "988 077 917")
    assert form["org_number"].error.isVisible()  # a Norwegian number, country still Sweden
    form["country"].widget.setCurrentIndex(form["country"].widget.findData("NO"))
    assert not form["org_number"].error.isVisible()


def test_municipality_list_follows_the_country(window):
    window.new_organization()
    form = window.editor.form.editors
    combo = form["municipality"].widget
    form["country"].widget.setCurrentIndex(form["country"].widget.findData("NO"))
    keys = {combo.itemData(i) for i in range(combo.count())}
    assert "NO-3116" in keys and "SE-1785" not in keys  # Skiptvet, not Säffle
    combo.setEditText("Säffle")
    combo.editTextChanged.emit("Säffle")
    assert form["municipality"].error.isVisible()
    combo.setEditText("Skiptvet")
    combo.editTextChanged.emit("Skiptvet")
    assert not form["municipality"].error.isVisible()


def test_a_duplicate_number_is_shown_under_the_field(window, app, qtbot):
    records.add_record(app, "organization", {"name": "Säffle Snickeri AB", "country": "SE",
                                             "org_number": "5560360793"})
    window.new_organization()
    form = window.editor.form.editors
    type_into(qtbot, form["name"].widget, "Another name")
    type_into(qtbot, form["org_number"].widget, "5560360793")
    assert not window.editor.save()
    assert "registered" in form["org_number"].error.text()
    assert records.count_records(app, "organization") == 1


def test_leaving_the_editor_saves_valid_changes_without_asking(window, app, qtbot):
    org = records.add_record(app, "organization", {"name": "Torsby Trä AB", "country": "SE"}).value
    window.open_organization(org)
    type_into(qtbot, window.editor.form.editors["sector"].widget, "Sawmill")
    QTest.keyClick(window, Qt.Key.Key_4, CTRL)  # go to Needs
    assert window.editor is None
    assert records.get_record(app, "organization", org)["sector"] == "Sawmill"


def test_an_invalid_change_keeps_the_editor_open(window, app, qtbot):
    org = records.add_record(app, "organization", {"name": "Torsby Trä AB", "country": "SE"}).value
    window.open_organization(org)
    type_into(qtbot, window.editor.form.editors["employees"].widget, "many")
    assert window.editor.form.editors["employees"].error.isVisible()
    window.show_page("stream")
    assert window.editor is not None and window.stack.currentWidget() is window.editor
    assert records.get_record(app, "organization", org)["employees"] is None


def test_quitting_with_an_invalid_edit_keeps_it_as_a_draft(make_window, app, qtbot):
    org = records.add_record(app, "organization", {"name": "Torsby Trä AB", "country": "SE"}).value
    first = make_window()
    first.open_organization(org)
    type_into(qtbot, first.editor.form.editors["employees"].widget, "many")
    first.close()
    assert not first.isVisible()  # no question asked
    second = make_window()
    assert second.editor is not None and second.editor.organization_id == org
    employees = second.editor.form.editors["employees"]
    assert employees.widget.text() == "many" and not employees.error.isHidden()


def test_add_a_contact(window, app, qtbot, monkeypatch):
    org = records.add_record(app, "organization", {"name": "Torsby Trä AB", "country": "SE"}).value
    window.open_organization(org)
    panel = window.editor.contacts
    from cirkular_desktop.gui import contact_dialog

    def fill_and_accept(dialog):
        form = dialog.form.editors
        type_into(qtbot, form["name"].widget, "Eva Lind")
        type_into(qtbot, form["email"].widget, "eva@")
        assert not form["email"].error.isHidden()
        type_into(qtbot, form["email"].widget, "eva@torsbytra.se")
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(contact_dialog.ContactDialog, "exec", fill_and_accept)
    contact_id = panel.add()
    assert contact_id is not None
    assert records.get_record(app, "contact", contact_id)["email"] == "eva@torsbytra.se"
    assert panel.model.rowCount() == 1
    assert window.editor.tabs.tabText(0).endswith("(1)")


def test_start_visit_in_two_clicks_from_the_list(window, app, qtbot):
    org = records.add_record(app, "organization", {"name": "Rakkestad Trevare AS", "country": "NO"}).value
    page = window.list_pages["organization"]
    page.refresh()
    rect = page.view.visualRect(page.model.index(0, 0))
    qtbot.mouseClick(page.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())   # click 1
    qtbot.mouseClick(page.visit_button, Qt.MouseButton.LeftButton)                          # click 2
    visits = records.list_records(app, "visit")
    assert len(visits) == 1 and visits[0]["organization_id"] == org
    assert window.visit_page is not None and window.visit_page.visit_id == visits[0]["id"]
    assert window.stack.currentWidget() is window.visit_page
    assert settings.load(app.paths)["open_visit"]["id"] == visits[0]["id"]


def test_start_visit_from_the_editor_and_by_shortcut(window, app, qtbot):
    org = records.add_record(app, "organization", {"name": "Sunne Bageri AB", "country": "SE"}).value
    window.open_organization(org)
    qtbot.mouseClick(window.editor.visit_button, Qt.MouseButton.LeftButton)
    assert window.visit_page is not None
    first = window.visit_page.visit_id
    window.close_visit()
    window.show_page("organization")
    window.list_pages["organization"].select_id(org)
    QTest.keyClick(window, Qt.Key.Key_N, CTRL | SHIFT)
    assert window.visit_page is not None and window.visit_page.visit_id != first
    assert records.count_records(app, "visit") == 2


def test_a_new_contact_speaks_the_organizations_language(ctx, app, qtbot):
    """The summary a contact gets is printed in their language: a Norwegian company's contact starts as nb."""
    from cirkular_desktop.gui.contact_dialog import ContactDialog

    for country, language in (("NO", "nb"), ("SE", "sv")):
        org = records.add_record(app, "organization", {"name": "Hamar Snekkeri", "country": country}).value
        dialog = ContactDialog(ctx, org)
        qtbot.addWidget(dialog)
        assert dialog.form.values()["language"] == language


def test_a_long_field_error_in_the_contact_dialog_is_not_cut_off(ctx, app, qtbot):
    from cirkular_desktop.gui.contact_dialog import ContactDialog

    org = records.add_record(app, "organization", {"name": "Hamar Snekkeri", "country": "NO"}).value
    dialog = ContactDialog(ctx, org)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    email = dialog.form.editors["email"]
    type_into(qtbot, email.widget, "eva.lind.at.hamar.snekkeri@example")
    qtbot.waitUntil(lambda: email.error.isVisible())
    qtbot.waitUntil(lambda: email.error.height() >= email.error.heightForWidth(email.error.width()))
    assert email.error.heightForWidth(email.error.width()) > email.error.fontMetrics().height() * 1.5  # wraps
    dialog.close()


def test_an_error_on_screen_follows_a_language_switch(window, ctx, qtbot):
    from cirkular_desktop import i18n
    from cirkular_desktop.gui.preferences import switch_language

    window.new_organization()
    form = window.editor.form.editors
    type_into(qtbot, form["org_number"].widget, "556036-0794")
    english = form["org_number"].error.text()
    assert "check digit" in english
    try:
        switch_language(ctx, "nb")
        assert form["org_number"].error.text() == i18n.gettext("“{value}” has a wrong check digit").format(
            value="556036-0794") != english
        assert form["org_number"].widget.text() == "556036-0794"  # what was typed stays
    finally:
        switch_language(ctx, "en")


def test_a_consent_date_written_day_first_is_understood(ctx, app, qtbot):
    from cirkular_desktop.gui.contact_dialog import ContactDialog

    org = records.add_record(app, "organization", {"name": "Hamar Snekkeri", "country": "NO"}).value
    dialog = ContactDialog(ctx, org)
    qtbot.addWidget(dialog)
    form = dialog.form.editors
    type_into(qtbot, form["name"].widget, "Kari Nordmann")
    type_into(qtbot, form["consent_date"].widget.line, "26.11.2026")  # the date line beside its calendar
    assert form["consent_date"].error.isHidden()
    dialog.accept()
    assert records.get_record(app, "contact", dialog.saved_id)["consent_date"] == "2026-11-26"


def test_the_number_example_is_one_of_the_chosen_country(window):
    window.new_organization()
    form = window.editor.form.editors
    number, country = form["org_number"].widget, form["country"].widget
    assert number.placeholderText() == "e.g. 556036-0793"  # a new organization starts in Sweden
    country.setCurrentIndex(country.findData("NO"))
    assert number.placeholderText() == "e.g. 988 077 917"
