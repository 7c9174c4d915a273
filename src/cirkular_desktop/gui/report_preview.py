"""Report windows: PDF preview with print and save, batch summaries, table export.

``preview_visit_summary`` and ``preview_project_report`` open a window that
shows the document inside the app (QtPdf), lets the user pick the
document's language (and, for the project report, the reporting period),
print through the system print dialog (each page is rendered by
QPdfDocument at the printer's resolution) and save the PDF. What the
services warn about (the programme's logo is missing, characters no font
can draw) is shown above the document, and saving a document with
replaced characters asks first.
``batch_summaries_dialog`` writes summaries for every visit in a date range
with progress and cancel; ``export_table_dialog`` saves a table as .xlsx or
.csv. Documents are made by the services on the worker (``GuiContext.run``).

Imports: PySide6, i18n, errors, services (reports, exports), gui.context.
"""

from __future__ import annotations

import datetime as _dt
from pathlib import Path
from typing import Any, Callable

from PySide6.QtCore import QBuffer, QByteArray, QDate, QIODevice, QRect, QSize, QStandardPaths, Qt
from PySide6.QtGui import QKeySequence, QPainter, QShortcut
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDateEdit, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QHBoxLayout, QLabel,
    QLineEdit, QMessageBox, QPushButton, QToolButton, QVBoxLayout, QWidget,
)

from cirkular_desktop import i18n
from cirkular_desktop.errors import CirkularError
from cirkular_desktop.gui.context import GuiContext
from cirkular_desktop.gui.widgets import fit_to_window
from cirkular_desktop.i18n import gettext as _
from cirkular_desktop.services import exports, reports

# Each language named in itself, so a Norwegian participant's language is findable in a Swedish UI.
LANGUAGE_NAMES = (("sv", "Svenska"), ("nb", "Norsk bokmål"), ("en", "English"))
PRINT_DPI_LIMIT = 300   # pages are rendered as images; more than this only costs memory


def _language_combo(selected: str | None, *, with_default: str | None = None) -> QComboBox:
    combo = QComboBox()
    if with_default is not None:
        combo.addItem(with_default, None)
    for code, name in LANGUAGE_NAMES:
        combo.addItem(name, code)
    index = combo.findData(selected) if selected else 0
    combo.setCurrentIndex(max(index, 0))
    return combo


def _documents_dir() -> str:
    return QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation) or str(Path.home())


class PdfPreviewDialog(QDialog):
    """Shows a generated PDF; the language box regenerates it; Print and Save act on what is shown."""

    def __init__(self, ctx: GuiContext, title: str, make_pdf: Callable[..., bytes], language: str,
                 file_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.make_pdf = make_pdf
        self.file_name = file_name
        self.pdf_bytes: bytes = b""
        self.warnings: tuple[str, ...] = ()
        self.replaced = ""
        self._buffer: QBuffer | None = None
        self.period: PeriodChoice | None = None   # the project report's period, when the preview offers one
        self.setWindowTitle(title)
        fit_to_window(self, 820, 960)   # never taller than the window: a 1024×600 screen (issue #17)

        self.language = _language_combo(language)
        self.language.setToolTip(_("The language the document is printed in"))
        self.pages_label = QLabel()
        self.print_button = QPushButton(_("&Print…"))
        self.save_button = QPushButton(_("&Save as PDF…"))
        zoom_in, zoom_out = QToolButton(), QToolButton()
        zoom_in.setText("+")
        zoom_out.setText("−")
        zoom_in.setToolTip(_("Zoom in"))
        zoom_out.setToolTip(_("Zoom out"))
        fit = QToolButton()
        fit.setText(_("Fit width"))

        self.document = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setPageSpacing(12)

        bar = QHBoxLayout()
        label = QLabel(_("&Language:"))
        label.setBuddy(self.language)
        bar.addWidget(label)
        bar.addWidget(self.language)
        bar.addSpacing(12)
        bar.addWidget(zoom_out)
        bar.addWidget(zoom_in)
        bar.addWidget(fit)
        self.extra_bar = QHBoxLayout()      # room for choices a document adds (the report's period)
        bar.addLayout(self.extra_bar)
        bar.addStretch(1)
        bar.addWidget(self.pages_label)
        self.warning_label = QLabel()
        self.warning_label.setObjectName("reportWarnings")
        self.warning_label.setWordWrap(True)
        self.warning_label.setStyleSheet("QLabel#reportWarnings { background: #FFF4E5; color: #663C00; "
                                         "border: 1px solid #F0C36D; padding: 6px; }")
        self.warning_label.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.print_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.warning_label)
        layout.addWidget(self.view, 1)
        layout.addWidget(buttons)

        self.language.currentIndexChanged.connect(lambda _i: self.regenerate())
        self.print_button.clicked.connect(self.print_document)
        self.save_button.clicked.connect(self.save_document)
        zoom_in.clicked.connect(lambda: self._zoom(1.25))
        zoom_out.clicked.connect(lambda: self._zoom(0.8))
        fit.clicked.connect(lambda: self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth))
        # The usual keys of a document window: Ctrl+P prints, Ctrl+S saves, Ctrl +/- zoom.
        for keys, slot in ((QKeySequence.StandardKey.Print, self._print_if_ready),
                           (QKeySequence.StandardKey.Save, self._save_if_ready),
                           (QKeySequence.StandardKey.ZoomIn, lambda: self._zoom(1.25)),
                           (QKeySequence.StandardKey.ZoomOut, lambda: self._zoom(0.8))):
            QShortcut(QKeySequence(keys), self).activated.connect(slot)
        self._set_ready(False)
        self.regenerate()

    # --- generating ----------------------------------------------------------------------------------

    def current_language(self) -> str:
        return self.language.currentData()

    def regenerate(self) -> None:
        self._set_ready(False)
        self.pages_label.setText(_("Preparing the document…"))
        self.ctx.run(self.make_pdf, self.current_language(), on_done=self.show_pdf, on_error=self._failed,
                     parent=self)

    def show_pdf(self, data: Any) -> None:
        # A service's Document (PDF and warnings), or plain PDF bytes.
        self.warnings = tuple(getattr(data, "warnings", ()))
        self.replaced = getattr(data, "replaced", "")
        data = getattr(data, "pdf", data)
        self.warning_label.setText("\n".join("⚠ " + w for w in self.warnings))
        self.warning_label.setVisible(bool(self.warnings))
        self.pdf_bytes = data
        self.document.close()
        buffer = QBuffer(self)
        buffer.setData(QByteArray(data))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        old, self._buffer = self._buffer, buffer  # the document reads from the buffer while it is shown
        self.document.load(buffer)
        if old is not None:
            old.deleteLater()
        pages = self.document.pageCount()
        self.pages_label.setText(i18n.ngettext("{count} page", "{count} pages", pages).format(count=pages))
        self._set_ready(pages > 0)

    def _failed(self, exc: BaseException) -> None:
        self.pages_label.setText(_("The document could not be made."))
        self.ctx.show_error(self, exc)

    def _set_ready(self, ready: bool) -> None:
        self.print_button.setEnabled(ready)
        self.save_button.setEnabled(ready)

    def _print_if_ready(self) -> None:
        if self.print_button.isEnabled():
            self.print_document()

    def _save_if_ready(self) -> None:
        if self.save_button.isEnabled():
            self.save_document()

    def _zoom(self, factor: float) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(max(0.25, min(self.view.zoomFactor() * factor, 5.0)))

    # --- saving and printing ----------------------------------------------------------------------------

    def save_document(self, path: str | None = None) -> Path | None:
        if not path:
            path, _filter = QFileDialog.getSaveFileName(
                self, _("Save as PDF"), str(Path(_documents_dir()) / self.file_name), _("PDF documents (*.pdf)"))
        if not path:
            return None
        if self.replaced and QMessageBox.question(
                self, _("Save as PDF"),
                _("Some characters cannot be printed by any font and show as “�” in the document: {chars}\n\n"
                  "Save it anyway?").format(chars=" ".join(self.replaced)),
                QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel) != QMessageBox.StandardButton.Save:
            return None
        target = Path(path)
        if target.suffix.lower() != ".pdf":
            target = target.with_name(target.name + ".pdf")
        try:
            reports.write_file(target, self.pdf_bytes)
        except CirkularError as exc:
            QMessageBox.warning(self, _("Save as PDF"), str(exc))
            return None
        return target

    def print_document(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.windowTitle())
        printer.setFromTo(1, self.document.pageCount())
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(_("Print"))
        dialog.setMinMax(1, self.document.pageCount())
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.print_to(printer)

    def print_to(self, printer: QPrinter) -> int:
        """Render the chosen pages onto ``printer``; returns the number of pages printed."""
        count = self.document.pageCount()
        first, last = printer.fromPage() or 1, printer.toPage() or count
        first, last = max(1, first), min(count, last)
        painter = QPainter()
        if not painter.begin(printer):
            QMessageBox.warning(self, _("Print"), _("The printer could not be started."))
            return 0
        printed = 0
        try:
            dpi = min(printer.resolution(), PRINT_DPI_LIMIT)
            for index in range(first - 1, last):
                if printed:
                    printer.newPage()
                points = self.document.pagePointSize(index)
                image = self.document.render(index, QSize(round(points.width() * dpi / 72),
                                                          round(points.height() * dpi / 72)))
                area = painter.viewport()
                # Fit the page into the printable area keeping its proportions.
                scale = min(area.width() / image.width(), area.height() / image.height())
                width, height = round(image.width() * scale), round(image.height() * scale)
                target = QRect(area.x() + (area.width() - width) // 2, area.y(), width, height)
                painter.drawImage(target, image)
                printed += 1
        finally:
            painter.end()
        return printed


def preview_visit_summary(ctx: GuiContext, visit_id: str, parent: QWidget | None = None) -> PdfPreviewDialog | None:
    """Open the preview of a visit's summary, in the participant's language to begin with."""
    try:
        info = ctx.call(reports.visit_summary_info, visit_id)
    except CirkularError as exc:
        ctx.show_error(parent, exc)
        return None
    title = _("Visit summary: {organization}").format(organization=info["organization"])

    def make(app: Any, lang: str) -> Any:
        return reports.visit_summary_document(app, visit_id, lang)

    dialog = PdfPreviewDialog(ctx, title, make, info["language"], info["file_name"], parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog


def _day(date: QDate) -> _dt.date:
    return _dt.date(date.year(), date.month(), date.day())


class PeriodChoice(QWidget):
    """"Reporting period" with a from and a to date; unchecked means every record."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        today = QDate.currentDate()
        self.limited = QCheckBox(_("&Period:"))
        self.limited.setToolTip(_("Count only the visits, test environments and outcomes of this period"))
        self.date_from = QDateEdit(QDate(today.year(), 1, 1))
        self.date_to = QDateEdit(today)
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setEnabled(False)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.limited)
        row.addWidget(self.date_from)
        row.addWidget(QLabel("–"))
        row.addWidget(self.date_to)
        self.limited.toggled.connect(self.date_from.setEnabled)
        self.limited.toggled.connect(self.date_to.setEnabled)

    def period(self) -> tuple[_dt.date | None, _dt.date | None]:
        if not self.limited.isChecked():
            return None, None
        return _day(self.date_from.date()), _day(self.date_to.date())


def preview_project_report(ctx: GuiContext, parent: QWidget | None = None) -> PdfPreviewDialog:
    """Open the preview of the project report in the language of the user interface, for every record."""
    lang = i18n.get_language()
    name = _("project-report-{date}.pdf").format(date=_dt.date.today().isoformat())
    choice = PeriodChoice()

    def make(app: Any, chosen: str) -> Any:
        start, end = choice.period()
        return reports.project_report_document(app, chosen, date_from=start, date_to=end)

    dialog = PdfPreviewDialog(ctx, _("Project report"), make, lang, name, parent)
    choice.setParent(dialog)
    dialog.period = choice
    dialog.extra_bar.addSpacing(12)
    dialog.extra_bar.addWidget(choice)
    choice.limited.toggled.connect(lambda _checked: dialog.regenerate())
    for signal in (choice.date_from.dateChanged, choice.date_to.dateChanged):
        # A date that is not in use changes nothing in the document.
        signal.connect(lambda *_args: dialog.regenerate() if choice.limited.isChecked() else None)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog


class BatchSummariesDialog(QDialog):
    """Date range, folder and language for writing many visit summaries at once."""

    def __init__(self, ctx: GuiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.written: list[Path] = []
        self.setWindowTitle(_("Summaries for a range of visits"))
        today = QDate.currentDate()
        self.date_from = QDateEdit(QDate(today.year(), today.month(), 1))
        self.date_to = QDateEdit(today)
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.folder = QLineEdit(str(Path(_documents_dir()) / _("Visit summaries")))
        browse = QPushButton(_("&Browse…"))
        browse.clicked.connect(self._browse)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(browse)
        self.language = _language_combo(None, with_default=_("Each participant's own language"))
        form = QFormLayout()
        form.addRow(_("&From:"), self.date_from)
        form.addRow(_("&To:"), self.date_to)
        folder_label = QLabel(_("&Folder:"))
        folder_label.setBuddy(self.folder)   # a row holding a layout gets no buddy by itself
        form.addRow(folder_label, folder_row)
        form.addRow(_("&Language:"), self.language)
        note = QLabel(_("One PDF is written for every visit dated in the range, named by date and organization. "
                        "Files of the same name are replaced."))
        note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("&Write summaries"))
        buttons.accepted.connect(self.start)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        self.setMinimumWidth(560)
        layout.addWidget(buttons)

    def _browse(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, _("Folder for the summaries"), self.folder.text())
        if chosen:
            self.folder.setText(chosen)

    def start(self) -> None:
        start = self.date_from.date().toPython()
        end = self.date_to.date().toPython()
        folder = self.folder.text().strip()
        if not folder:
            QMessageBox.warning(self, self.windowTitle(), _("Choose a folder for the summaries."))
            return
        self.ctx.run(reports.batch_summaries, start, end, folder, self.language.currentData(),
                     with_progress=True, progress_title=_("Writing visit summaries…"), parent=self,
                     on_done=self._done)

    def _done(self, paths: list[Path]) -> None:
        self.written = list(paths)
        folder = self.folder.text().strip()
        if paths:
            message = i18n.ngettext("{count} summary was written to {folder}.",
                                    "{count} summaries were written to {folder}.", len(paths)).format(
                count=len(paths), folder=folder)
        else:
            message = _("No visits are dated in that range; nothing was written.")
        QMessageBox.information(self, self.windowTitle(), message)
        if paths:
            self.accept()


def batch_summaries_dialog(ctx: GuiContext, parent: QWidget | None = None) -> BatchSummariesDialog:
    dialog = BatchSummariesDialog(ctx, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


def export_table_dialog(ctx: GuiContext, table: str, parent: QWidget | None = None) -> Path | None:
    """Ask where to save ``table`` (.xlsx or .csv) and export it on the worker; returns the chosen path."""
    from cirkular_desktop.core import records

    xlsx, csv_filter = _("Excel workbook (*.xlsx)"), _("CSV for Excel, UTF-8 (*.csv)")
    suggested = Path(_documents_dir()) / (_(records.table(table).plural) + ".xlsx")
    path, chosen_filter = QFileDialog.getSaveFileName(parent, _("Export table"), str(suggested),
                                                      ";;".join((xlsx, csv_filter)), xlsx)
    if not path:
        return None
    target = Path(path)
    if target.suffix.lower() not in exports.FORMATS:
        target = target.with_name(target.name + (".csv" if chosen_filter == csv_filter else ".xlsx"))

    def done(written: Path) -> None:
        status = getattr(parent, "statusBar", None)
        if callable(status):
            status().showMessage(_("Exported to {file}").format(file=written), 8000)

    ctx.run(exports.export_table, table, target, on_done=done, parent=parent)
    return target


__all__ = ["PdfPreviewDialog", "BatchSummariesDialog", "preview_visit_summary", "preview_project_report",
           "batch_summaries_dialog", "export_table_dialog"]
