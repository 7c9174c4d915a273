"""One photo at a readable size with its caption, which is saved as it is typed.

Opened from the photo strip (double-click or Enter on a thumbnail, F2 or
"Caption…"). The caption goes to ``services.attachments.set_caption`` about
400 ms after the typing stops and when the dialog closes; a refused caption
shows its message under the field. Each saved caption is a step the Edit
menu can undo. The caption is what the visit summary prints under the photo.

Imports: PySide6, errors, i18n, services (attachments, records), gui (context, fields, undo), gui.visit.autosave.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from cirkular_desktop.errors import CirkularError
from cirkular_desktop.gui import undo
from cirkular_desktop.gui.context import GuiContext
from cirkular_desktop.gui.visit.autosave import Debouncer
from cirkular_desktop.gui.fields import error_label, short_error
from cirkular_desktop.gui.widgets import set_kind
from cirkular_desktop.i18n import gettext as _
from cirkular_desktop.services import attachments
from cirkular_desktop.services import records as record_services

MAX_SIZE = QSize(960, 640)
MIN_SIZE = QSize(480, 320)   # a small picture (a pasted icon, a thumbnail-sized photo) is enlarged to this


class PhotoDialog(QDialog):
    """The photo, its file name and an editable caption; Close keeps what was typed."""

    caption_saved = Signal(str)   # attachment id

    def __init__(self, ctx: GuiContext, record: dict[str, Any], data: bytes, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.record = dict(record)
        self.setObjectName("photo_dialog")
        self.autosave = Debouncer(self.flush, parent=self)
        layout = QVBoxLayout(self)
        picture = QLabel()
        picture.setObjectName("photo_picture")
        picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        pixmap = QPixmap()
        pixmap.loadFromData(data)
        if not pixmap.isNull():
            if pixmap.width() > MAX_SIZE.width() or pixmap.height() > MAX_SIZE.height():
                pixmap = pixmap.scaled(MAX_SIZE, Qt.AspectRatioMode.KeepAspectRatio,
                                       Qt.TransformationMode.SmoothTransformation)
            elif pixmap.width() < MIN_SIZE.width() and pixmap.height() < MIN_SIZE.height():
                pixmap = pixmap.scaled(MIN_SIZE, Qt.AspectRatioMode.KeepAspectRatio,
                                       Qt.TransformationMode.SmoothTransformation)
            picture.setPixmap(pixmap)
        layout.addWidget(picture, 1)
        form = QFormLayout()
        self.caption = QLineEdit(self.record.get("caption") or "")
        self.caption.setObjectName("photo_caption")
        self.caption.setPlaceholderText(_("What the photo shows, e.g. “Offcuts in the container by the saw”"))
        self.caption.setAccessibleName(_("Caption"))
        self.caption.textEdited.connect(self._edited)
        self.error = error_label()
        box = QVBoxLayout()
        box.setSpacing(2)
        box.addWidget(self.caption)
        box.addWidget(self.error)
        form.addRow(_("Caption"), box)
        self.file_label = QLabel(self.record.get("filename") or "")
        set_kind(self.file_label, "muted")
        form.addRow(_("File"), self.file_label)
        layout.addLayout(form)
        self.note = QLabel(_("The caption is saved as you type and printed under the photo in the visit summary."))
        self.note.setWordWrap(True)
        set_kind(self.note, "muted")
        layout.addWidget(self.note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("Close"))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        undo.stack_for(ctx).about_to_step.connect(self.flush)
        self._update_title()
        self.resize(max(520, min(pixmap.width() + 40, MAX_SIZE.width() + 40)), self.sizeHint().height())

    def _update_title(self) -> None:
        self.setWindowTitle(self.caption.text().strip() or self.record.get("filename") or _("Photo"))

    def _edited(self, _text: str) -> None:
        self.error.setVisible(False)
        self._update_title()
        self.autosave.poke()

    def flush(self) -> None:
        """Write the caption if it differs from the stored one."""
        self.autosave.cancel()
        wanted = self.caption.text().strip() or None
        if wanted == (self.record.get("caption") or None):
            return
        before = dict(self.record)
        try:
            self.ctx.call(attachments.set_caption, self.record["id"], wanted)
            self.record = self.ctx.call(record_services.get_record, "attachment", self.record["id"])
        except CirkularError as exc:
            self.error.setText(short_error(exc.message))
            self.error.setVisible(True)
            return
        undo.record_saved(self.ctx, "attachment", before, self.record)
        self.caption_saved.emit(self.record["id"])

    def edit_caption(self) -> None:
        """Put the cursor in the caption, its text selected (F2, "Caption…")."""
        self.caption.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.caption.selectAll()

    def done(self, result: int) -> None:  # every way out (Close, Esc, the window's ×) saves first
        self.flush()
        super().done(result)
