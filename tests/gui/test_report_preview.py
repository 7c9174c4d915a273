"""Report windows as a person uses them: preview, change language, print, save, batch, export.

Runs offscreen with the worker synchronous (``CIRKULAR_SYNC_WORKER=1``);
file and print dialogs are replaced by their answers.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

pytest.importorskip("PySide6.QtPdf")
os.environ["CIRKULAR_SYNC_WORKER"] = "1"
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "reports"))

from PySide6.QtCore import QDate, Qt  # noqa: E402
from PySide6.QtPrintSupport import QPrinter  # noqa: E402
from PySide6.QtWidgets import QFileDialog, QMessageBox  # noqa: E402
from report_samples import make_database, text_of  # noqa: E402

from cirkular_desktop.gui import report_preview  # noqa: E402

pytestmark = pytest.mark.gui


@pytest.fixture
def ids(app):
    return make_database(app)


def test_preview_shows_the_summary_in_the_participants_language_and_switches(ctx, ids, qtbot, tmp_path):
    dialog = report_preview.preview_visit_summary(ctx, ids["no_visit"])
    qtbot.addWidget(dialog)
    assert dialog.current_language() == "nb"
    assert dialog.document.pageCount() >= 1
    assert dialog.print_button.isEnabled() and dialog.save_button.isEnabled()
    assert "Side 1 av" in text_of(dialog.pdf_bytes)
    dialog.language.setCurrentIndex(dialog.language.findData("en"))
    assert "Page 1 of" in text_of(dialog.pdf_bytes)
    saved = dialog.save_document(str(tmp_path / "sammendrag"))
    assert saved == tmp_path / "sammendrag.pdf" and saved.read_bytes() == dialog.pdf_bytes


def test_save_button_asks_for_a_file(ctx, ids, qtbot, tmp_path, monkeypatch):
    target = tmp_path / "valt.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    dialog = report_preview.preview_project_report(ctx)
    qtbot.addWidget(dialog)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert target.read_bytes().startswith(b"%PDF")
    assert "Säffle Snickeri AB" in text_of(target.read_bytes())
    target.unlink()
    with qtbot.waitActive(dialog):
        dialog.activateWindow()
    qtbot.keyClick(dialog.view, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)   # the same by shortcut
    assert target.exists()


def test_printing_renders_every_page(ctx, ids, qtbot, tmp_path):
    dialog = report_preview.preview_project_report(ctx)
    qtbot.addWidget(dialog)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    printer.setResolution(72)
    assert dialog.print_to(printer) == dialog.document.pageCount() >= 2
    from pypdf import PdfReader

    assert len(PdfReader(tmp_path / "printed.pdf").pages) == dialog.document.pageCount()


def test_unknown_visit_shows_a_message_and_opens_nothing(ctx, ids, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: shown.append(text))
    assert report_preview.preview_visit_summary(ctx, "no-such-visit") is None
    assert shown and "no-such-visit" in shown[0]


def test_batch_dialog_writes_the_summaries_of_the_range(ctx, ids, qtbot, tmp_path, monkeypatch):
    messages = []
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text: messages.append(text))
    dialog = report_preview.BatchSummariesDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.date_from.setDate(QDate(2026, 10, 1))
    dialog.date_to.setDate(QDate(2026, 11, 30))
    dialog.folder.setText(str(tmp_path / "ut"))
    dialog.language.setCurrentIndex(dialog.language.findData("sv"))
    dialog.start()
    assert len(dialog.written) == 2 and all(p.exists() for p in dialog.written)
    assert all("Sida 1 av" in text_of(p.read_bytes()) for p in dialog.written)
    assert "2" in messages[0] and str(tmp_path / "ut") in messages[0]


def test_export_dialog_saves_the_table(ctx, ids, tmp_path, monkeypatch):
    target = tmp_path / "strömmar"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *a, **k: (str(target), "CSV for Excel, UTF-8 (*.csv)"))
    written = report_preview.export_table_dialog(ctx, "stream", None)
    assert written == tmp_path / "strömmar.csv"
    assert written.read_bytes().startswith(b"\xef\xbb\xbf")
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: ("", ""))
    assert report_preview.export_table_dialog(ctx, "stream", None) is None


def test_project_report_preview_has_a_period_and_shows_the_missing_logo(ctx, ids, qtbot):
    dialog = report_preview.preview_project_report(ctx)
    qtbot.addWidget(dialog)
    assert not dialog.warning_label.isHidden() and "Interreg" in dialog.warning_label.text()
    assert "Marker Sag AS" in text_of(dialog.pdf_bytes)
    dialog.period.date_from.setDate(QDate(2026, 11, 1))
    dialog.period.date_to.setDate(QDate(2026, 11, 30))
    dialog.period.limited.setChecked(True)                     # regenerates with the period
    text = text_of(dialog.pdf_bytes)
    assert "Marker Sag AS" not in text and "30 November 2026" in text


def test_saving_a_document_with_replaced_characters_asks_first(ctx, ids, qtbot, tmp_path, monkeypatch):
    from cirkular_desktop.services import records

    records.set_record(ctx.app, "organization", ids["no"], {"name": "Marker Sag \U00010900 AS"})
    dialog = report_preview.preview_visit_summary(ctx, ids["no_visit"])
    qtbot.addWidget(dialog)
    assert "\U00010900" in dialog.replaced and "\U00010900" in dialog.warning_label.text()
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a) or QMessageBox.StandardButton.Cancel)
    assert dialog.save_document(str(tmp_path / "x.pdf")) is None and not (tmp_path / "x.pdf").exists()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Save)
    assert dialog.save_document(str(tmp_path / "x.pdf")) == tmp_path / "x.pdf"
    assert asked


def test_preferences_reports_page_saves_groups_logo_and_contact(ctx, ids, qtbot, tmp_path, monkeypatch):
    from report_samples import png_bytes

    from cirkular_desktop.gui.preferences import PreferencesDialog
    from cirkular_desktop.gui.preferences_reports import ReportsPreferencesDialog
    from cirkular_desktop.services import report_settings

    preferences = PreferencesDialog(ctx)
    qtbot.addWidget(preferences)
    assert preferences.reports_button.isVisibleTo(preferences)
    page = ReportsPreferencesDialog(ctx)
    qtbot.addWidget(page)
    assert page.groups.rowCount() == 3
    page.basis.setCurrentIndex(page.basis.findData("region"))
    for row, members in enumerate(("Säffle", "Torsby, Sunne", "Marker")):
        page.groups.item(row, 2).setText(members)
    logo = tmp_path / "interreg.png"
    logo.write_bytes(png_bytes(200, 60))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(logo), ""))
    page._choose_programme()
    page.contact_fields[0].setText("Anna Berg")
    page.contact_fields[3].setText("anna.berg@saffle.se")
    page.accept()
    stored = report_settings.load(ctx.app)
    assert stored.targets.basis == "region" and stored.targets.groups[1].municipalities == ("SE-1737", "SE-1766")
    assert stored.programme_logo == "programme.png" and stored.contact.email == "anna.berg@saffle.se"
    # A group that names no municipality is refused with one line; nothing is saved.
    errors = []
    monkeypatch.setattr(ctx, "show_error", lambda parent, exc: errors.append(str(exc)))
    page = ReportsPreferencesDialog(ctx)
    qtbot.addWidget(page)
    page.groups.item(0, 2).setText("Atlantis")
    page.accept()
    assert errors and "Atlantis" in errors[0] and report_settings.load(ctx.app).targets == stored.targets
