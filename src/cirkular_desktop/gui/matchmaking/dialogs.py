"""Small questions of the workspace: why a pair is rejected, and the note of a stage change.

Imports: PySide6, i18n, core.records, gui.widgets.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QPlainTextEdit, QVBoxLayout, QWidget,
)

from cirkular_desktop.core import match_text, records
from cirkular_desktop.gui.widgets import WrapLabel
from cirkular_desktop.i18n import gettext as _


class RejectDialog(QDialog):
    """A reason from the short list plus free text; OK only when there is a reason."""

    def __init__(self, parent: QWidget | None, what: str) -> None:
        super().__init__(parent)
        self.setObjectName("rejectDialog")
        self.setWindowTitle(_("Reject"))
        intro = WrapLabel(_("Why is “{what}” rejected? The pair will not be suggested again.").format(what=what))
        self.reason = QComboBox()
        self.reason.setObjectName("rejectReason")
        self.reason.addItem(_("Choose a reason…"), None)
        for choice in records.REJECTION_REASONS:
            self.reason.addItem(_(choice.label), choice.value)
        self.note = QPlainTextEdit()
        self.note.setObjectName("rejectNote")
        self.note.setTabChangesFocus(True)
        self.note.setFixedHeight(80)
        form = QFormLayout()
        form.addRow(_("Reason"), self.reason)
        form.addRow(_("More about it"), self.note)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Reject"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.reason.currentIndexChanged.connect(self._update)
        self.note.textChanged.connect(self._update)
        self._update()
        self.resize(440, self.sizeHint().height())

    def _update(self) -> None:
        ok = self.reason.currentData() is not None and (
            self.reason.currentData() != "other" or bool(self.note.toPlainText().strip()))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)

    def values(self) -> tuple[str, str | None]:
        return self.reason.currentData(), (self.note.toPlainText().strip() or None)


class StageDialog(QDialog):
    """The note of a move to another stage (and who made it); a move to *rejected* needs a reason."""

    def __init__(self, parent: QWidget | None, title: str, before: str, after: str, who: str) -> None:
        super().__init__(parent)
        self.setObjectName("stageDialog")
        self.setWindowTitle(_("Move to another stage"))
        self.after = after
        intro = WrapLabel(_("“{title}”: {before} → {after}").format(
            title=title, before=match_text.stage_label(before), after=match_text.stage_label(after)))
        self.by = QLineEdit(who)
        self.by.setObjectName("stageBy")
        self.note = QPlainTextEdit()
        self.note.setObjectName("stageNote")
        self.note.setTabChangesFocus(True)
        self.note.setFixedHeight(80)
        form = QFormLayout()
        form.addRow(_("By"), self.by)
        self.reason = QComboBox()
        self.reason.setObjectName("stageReason")
        if after == "rejected":
            self.reason.addItem(_("Choose a reason…"), None)
            for choice in records.REJECTION_REASONS:
                self.reason.addItem(_(choice.label), choice.value)
            form.addRow(_("Reason"), self.reason)
        else:
            self.reason.hide()
        form.addRow(_("Note"), self.note)
        self.hint = QLabel()
        self.hint.setObjectName("fieldError")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.hint)
        layout.addWidget(self.buttons)
        self.note.textChanged.connect(self._update)
        self.reason.currentIndexChanged.connect(self._update)
        self._update()
        self.resize(440, self.sizeHint().height())

    def _update(self) -> None:
        missing = self.after == "rejected" and (self.reason.currentData() is None
                                                 or not self.note.toPlainText().strip())
        self.hint.setText(_("Say why the match is rejected.") if missing else "")
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not missing)

    def values(self) -> dict[str, str | None]:
        return {"note": self.note.toPlainText().strip() or None, "by": self.by.text().strip() or None,
                "reason": self.reason.currentData() if self.after == "rejected" else None}
