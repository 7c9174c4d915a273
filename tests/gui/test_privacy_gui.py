"""Privacy in the app: the notice where consent is asked, export of a person's data, Preferences ▸ Privacy."""

from __future__ import annotations

import datetime as dt
import json

from PySide6.QtWidgets import QFileDialog, QMessageBox

from cirkular_desktop import i18n, settings
from cirkular_desktop.services import records

CONTROLLERS = {"SE": {"name": "Säffle kommun", "org_number": "212000-1926", "address": "Box 500, 661 29 Säffle",
                      "contact": "kommun@saffle.se", "dpo": "dataskydd@saffle.se"},
               "NO": {"name": "Marker kommune", "org_number": "964 947 082", "address": "Postboks 114, 1871 Ørje",
                      "contact": "post@marker.kommune.no", "dpo": "personvern@marker.kommune.no"}}


def test_the_contact_dialog_shows_the_notice_in_the_contacts_language_and_asks_both_consents(ctx, app, qtbot):
    from cirkular_desktop.gui.contact_dialog import ContactDialog

    org = records.add_record(app, "organization", {"name": "Marker Sag", "country": "NO"}).value
    dialog = ContactDialog(ctx, org)
    qtbot.addWidget(dialog)
    text = dialog.notice.toPlainText()
    assert "Datatilsynet" in text and "Hvem har ansvaret" in text       # a Norwegian contact reads nb
    assert "Preferences ▸ Privacy" in text                              # the missing parts, in the user's language
    dialog.form.editors["language"].set_value("sv")
    dialog.form.edited.emit()
    assert "Vem är ansvarig" in dialog.notice.toPlainText() and "Datatilsynet" in dialog.notice.toPlainText()
    assert {"consent_contact", "consent"} <= set(dialog.form.editors)
    settings.save_privacy(app.paths, {"controllers": CONTROLLERS, "last_payment_year": 2028})
    dialog.form.edited.emit()
    assert "Marker kommune" in dialog.notice.toPlainText() and "Preferences" not in dialog.notice.toPlainText()
    assert "2033" in dialog.notice.toPlainText()


def test_export_personal_data_from_the_contacts_tab(window, app, qtbot, tmp_path, monkeypatch):
    org = records.add_record(app, "organization", {"name": "Torsby Trä AB", "country": "SE"}).value
    records.add_record(app, "contact", {"organization_id": org, "name": "Eva Lind", "email": "eva@torsbytra.se"})
    window.open_organization(org)
    panel = window.editor.contacts
    panel.view.selectRow(0)
    target = tmp_path / "eva"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    written = panel.export_person()
    assert written == str(target) + ".json"
    data = json.loads((tmp_path / "eva.json").read_text(encoding="utf-8"))
    assert {f["label"]: f["value"] for f in data["contact"]["fields"]}["E-mail"] == "eva@torsbytra.se"


def test_preferences_privacy_page_saves_says_what_is_missing_and_erases_past_retention(ctx, app, qtbot,
                                                                                      monkeypatch):
    from cirkular_desktop.gui.preferences import PreferencesDialog

    org = records.add_record(app, "organization", {"name": "Sunne Snickeri", "country": "SE"}).value
    old = records.add_record(app, "contact", {"organization_id": org, "name": "Per Olsson"}).value
    dialog = PreferencesDialog(ctx)
    qtbot.addWidget(dialog)
    page = dialog.privacy_page
    assert page.missing.isVisibleTo(page) and "Swedish side: name" in page.missing.text()
    for side, block in CONTROLLERS.items():
        for name, value in block.items():
            page.edits[(side, name)].setText(value)
    page.year.setText("2019")   # out of range: refused, the dialog stays open
    shown = []
    monkeypatch.setattr(ctx, "show_error", lambda parent, exc: shown.append(exc.message))
    dialog.accept()
    assert shown and "2021" in shown[0] and dialog.isVisible() is False and not dialog.result()
    page.year.setText("2021")
    assert not page.missing.isVisibleTo(page)
    page.retention.setText((dt.date.today() - dt.timedelta(days=1)).isoformat())
    dialog.accept()
    stored = settings.privacy(app.paths)
    assert stored["controllers"]["NO"]["name"] == "Marker kommune" and stored["last_payment_year"] == 2021
    # Per Olsson is now kept past the retention date: the page offers to erase him, naming him first.
    dialog = PreferencesDialog(ctx)
    qtbot.addWidget(dialog)
    page = dialog.privacy_page
    assert page.erase_button.isEnabled() and "1 contact person" in page.past.text()
    asked = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda parent, title, text, *a: asked.append(text) or QMessageBox.StandardButton.Yes)
    assert page.erase_past_retention() == 1 and "Per Olsson" in asked[0]
    assert records.get_record(app, "contact", old)["erased"] is True
    assert not page.erase_button.isEnabled()
    i18n.set_language("en")
