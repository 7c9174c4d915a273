"""The finished versions of a visit: a list of versions and the answers of the chosen one.

Each finish of a visit freezes its answers as a numbered submission; a
correction makes the next one and old versions stay (design §3). This pane
shows them, and marks the answers that differ from the version before, so a
coordinator sees at a glance what a correction changed.

Imports: PySide6, core (questionnaire), i18n.
"""

from __future__ import annotations

import datetime as _dt
from decimal import Decimal
from typing import Any, Mapping

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView, QHeaderView, QLabel, QSplitter, QTableWidget, QTableWidgetItem, QTextBrowser, QVBoxLayout,
    QWidget,
)

from cirkular_desktop import i18n
from cirkular_desktop.core import questionnaire, units
from cirkular_desktop.gui import theme
from cirkular_desktop.gui.widgets import describe
from cirkular_desktop.i18n import gettext as _


def answer_text(question: questionnaire.Question, value: Any) -> str:
    """A stored answer as a person reads it, in the UI language."""
    if value is None:
        return ""
    t = question.type
    if t == "yesno":
        return _("Yes") if value else _("No")
    if t == "single":
        option = question.option(value)
        return option.label() if option else str(value)
    if t == "multi":
        return ", ".join((o.label() if (o := question.option(v)) else v) for v in value)
    if t == "number" and isinstance(value, Mapping):
        number = i18n.format_decimal(Decimal(value["value"]), max_fraction=6)
        unit = units.get(value.get("unit"))
        return f"{number} {unit.display()}" if unit else number
    if t == "date":
        try:
            return i18n.format_date(_dt.date.fromisoformat(value))
        except ValueError:
            return str(value)
    return str(value)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\n", "<br>")


class HistoryPane(QWidget):
    """Versions on top, the chosen version's answers below."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.template: questionnaire.Template | None = None
        self.submissions: list[dict[str, Any]] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        title = QLabel(_("Versions"))
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        title.setFont(font)
        layout.addWidget(title)
        self.note = QLabel()
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        splitter = QSplitter(Qt.Orientation.Vertical)
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("versions")
        self.table.setHorizontalHeaderLabels([_("Version"), _("Finished"), _("By"), _("Answers")])
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # The person's name takes the spare width, so the count of answers stays beside the other columns
        # instead of being pushed to the far right edge.
        header.setStretchLastSection(False)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.currentCellChanged.connect(lambda row, *_a: self._show(row))
        splitter.addWidget(self.table)
        self.answers = QTextBrowser()
        self.answers.setObjectName("version_answers")
        describe(self.table, _("Versions"), _("Each time the visit was finished; choose one to read its answers"))
        describe(self.answers, _("Answers of the chosen version"), _("Changed answers are marked"))
        splitter.addWidget(self.answers)
        splitter.setSizes([160, 500])
        layout.addWidget(splitter, 1)

    def set_data(self, template: questionnaire.Template, submissions: list[dict[str, Any]]) -> None:
        self.template, self.submissions = template, list(submissions)
        self.table.setRowCount(len(self.submissions))
        for row, sub in enumerate(self.submissions):
            when = sub.get("submitted_at") or ""
            try:
                when = i18n.format_datetime(_dt.datetime.fromisoformat(when).astimezone())
            except ValueError:
                pass
            cells = [str(sub["version"]), when, sub.get("submitted_by") or "",
                     str(len(sub.get("answers") or {}))]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column in (0, 3):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, column, item)
        if self.submissions:
            self.note.setText(_("Each time the visit is finished its answers are kept as a version. A correction "
                                "makes a new version; earlier versions stay as they were."))
            self.table.selectRow(len(self.submissions) - 1)
            self._show(len(self.submissions) - 1)
        else:
            self.note.setText(_("The visit has not been finished yet. When it is, its answers are kept here as "
                                "version 1."))
            self.answers.clear()

    def _show(self, row: int) -> None:
        if self.template is None or not 0 <= row < len(self.submissions):
            return
        sub = self.submissions[row]
        answers = sub.get("answers") or {}
        before = (self.submissions[row - 1].get("answers") or {}) if row > 0 else None
        template = self.template
        if sub.get("template_version") and sub.get("template_version") != template.version:
            try:
                template = questionnaire.load(sub.get("template_id") or template.id, sub["template_version"])
            except Exception:  # noqa: BLE001 - an unknown old template still shows the raw answers below
                pass
        heading = _("Version {version}").format(version=sub["version"])
        removed, changed_word = _("(removed)"), _("changed")
        changed_color = theme.hex_color("mirror")
        html = [f"<h3>{_escape(heading)}</h3>"]
        for section in template.sections:
            rows = []
            for q in section.questions:
                if q.id not in answers and not (before and q.id in before):
                    continue
                text = _escape(answer_text(q, answers.get(q.id))) or f"<i>{_escape(removed)}</i>"
                changed = before is not None and before.get(q.id) != answers.get(q.id)
                mark = f" <span style='color:{changed_color}'>({_escape(changed_word)})</span>" if changed else ""
                rows.append(f"<tr><td width='45%' style='padding:3px 12px 3px 0' valign='top'>"
                            f"<b>{_escape(q.text())}</b></td><td style='padding:3px 0'>{text}{mark}</td></tr>")
            if rows:
                html.append(f"<h4>{_escape(section.title())}</h4><table width='100%'>{''.join(rows)}</table>")
        self.answers.setHtml("".join(html))
