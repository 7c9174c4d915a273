"""Photos of a stream or need: thumbnails, add by file dialog or drag-and-drop, remove.

Each photo is stored at once through ``services.attachments`` (by content
hash), so a dropped photo is safe the moment its thumbnail appears. A file
that is not a picture, or is too large, is refused with the service's
message under the strip; other dropped files still go in.

Imports: PySide6, services (attachments), errors, i18n, gui.context, gui.visit.fields.
"""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

from PySide6.QtCore import QBuffer, QIODevice, QSize, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QIcon, QImage, QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView, QApplication, QDialog, QDialogButtonBox, QFileDialog, QHBoxLayout, QLabel, QListView, QListWidget, QListWidgetItem, QPushButton,
    QVBoxLayout, QWidget,
)

from cirkular_desktop.errors import CirkularError
from cirkular_desktop.gui.context import GuiContext
from cirkular_desktop.gui.visit.fields import error_label
from cirkular_desktop.i18n import gettext as _
from cirkular_desktop.services import attachments

THUMB = 120
ID_ROLE = Qt.ItemDataRole.UserRole
IMAGE_FILTER = "*.jpg *.jpeg *.png *.gif *.webp *.bmp *.tif *.tiff"


class PhotoStrip(QWidget):
    """Thumbnails of one record's photos; accepts dropped image files."""

    photos_changed = Signal(int)   # how many photos the record has now

    def __init__(self, ctx: GuiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.owner: tuple[str, str] | None = None
        self.setAcceptDrops(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.list = QListWidget()
        self.list.setObjectName("photo_list")
        self.list.setViewMode(QListView.ViewMode.IconMode)
        self.list.setIconSize(QSize(THUMB, THUMB))
        self.list.setGridSize(QSize(THUMB + 24, THUMB + 34))
        self.list.setFlow(QListView.Flow.LeftToRight)
        self.list.setWrapping(False)
        self.list.setMovement(QListView.Movement.Static)
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setFixedHeight(THUMB + 56)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.list.setAcceptDrops(False)  # the strip takes the drop, so the list's own drag logic stays out
        self.empty = QLabel(_("No photos yet. Drop photos here, paste one (Ctrl+V) or choose “Add photos…”."))
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setMinimumHeight(THUMB // 2)
        self.empty.setStyleSheet("color: palette(placeholder-text); border: 2px dashed palette(mid);"
                                 " border-radius: 6px; padding: 12px;")
        layout.addWidget(self.empty)
        layout.addWidget(self.list)
        buttons = QHBoxLayout()
        self.add_button = QPushButton(_("Add photos…"))
        self.add_button.setObjectName("add_photos")
        self.add_button.clicked.connect(self.choose_files)
        self.remove_button = QPushButton(_("Remove photo"))
        self.remove_button.clicked.connect(self.remove_selected)
        self.remove_button.setEnabled(False)
        self.list.itemSelectionChanged.connect(
            lambda: self.remove_button.setEnabled(bool(self.list.selectedItems()) and self.isEnabled()))
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.error = error_label()
        layout.addWidget(self.error)
        self.list.itemActivated.connect(self.preview)
        delete = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.list)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete.activated.connect(self.remove_selected)
        paste = QShortcut(QKeySequence(QKeySequence.StandardKey.Paste), self)
        paste.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        paste.activated.connect(self.paste)
        self._show_empty()

    def set_owner(self, table: str | None, record_id: str | None) -> None:
        self.owner = (table, record_id) if table and record_id else None
        self.error.setVisible(False)
        self.reload()

    def reload(self) -> None:
        self.list.clear()
        if self.owner is not None:
            for photo in self.ctx.call(attachments.list_photos, *self.owner):
                self._add_item(photo)
        self._show_empty()

    def _show_empty(self) -> None:
        has = self.list.count() > 0
        self.list.setVisible(has)
        self.empty.setVisible(not has)

    def _add_item(self, photo: dict) -> None:
        pixmap = QPixmap()
        try:
            pixmap.loadFromData(self.ctx.call(attachments.thumbnail, photo["id"], THUMB * 2))
        except CirkularError:
            pass  # a missing or damaged file still shows its name, so it can be removed
        item = QListWidgetItem(QIcon(pixmap) if not pixmap.isNull() else QIcon(), photo["filename"])
        item.setData(ID_ROLE, photo["id"])
        item.setToolTip((photo.get("caption") or photo["filename"]) + "\n" + _("Double-click to enlarge"))
        self.list.addItem(item)

    def preview(self, item: QListWidgetItem) -> None:
        """The photo at a readable size, on double-click or Enter."""
        try:
            record, data = self.ctx.call(attachments.read_photo, item.data(ID_ROLE))
        except CirkularError as exc:
            self.error.setText(exc.message)
            self.error.setVisible(True)
            return
        pixmap = QPixmap()
        pixmap.loadFromData(data)
        dialog = QDialog(self)
        dialog.setWindowTitle(record.get("caption") or record["filename"])
        layout = QVBoxLayout(dialog)
        picture = QLabel()
        picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        if not pixmap.isNull():
            picture.setPixmap(pixmap.scaled(QSize(960, 720), Qt.AspectRatioMode.KeepAspectRatio,
                                            Qt.TransformationMode.SmoothTransformation)
                              if pixmap.width() > 960 or pixmap.height() > 720 else pixmap)
        layout.addWidget(picture)
        caption = QLabel(" · ".join(p for p in (record.get("caption"), record["filename"]) if p))
        caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(caption)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("Close"))
        buttons.rejected.connect(dialog.reject)
        layout.addWidget(buttons)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    # --- adding ----------------------------------------------------------------------------------------

    def choose_files(self) -> None:
        names, _filter = QFileDialog.getOpenFileNames(
            self, _("Add photos"), str(Path.home()), _("Pictures") + f" ({IMAGE_FILTER})")
        self.add_files([Path(n) for n in names])

    def add_files(self, paths: list[Path]) -> int:
        """Attach each file; returns how many were added. Refusals are shown under the strip."""
        if not paths:
            return 0
        if self.owner is None:
            self._needs_owner()
            return 0
        errors, added = [], 0
        for path in paths:
            try:
                self.ctx.call(attachments.add_photo, *self.owner, path=path)
                added += 1
            except CirkularError as exc:
                errors.append(exc.message)
        self.error.setText("\n".join(errors))
        self.error.setVisible(bool(errors))
        self.reload()
        self.photos_changed.emit(self.list.count())
        return added

    def _needs_owner(self) -> None:
        self.error.setText(_("Give the stream a title first; then photos can be added."))
        self.error.setVisible(True)

    def paste(self) -> int:
        """Ctrl+V: photo files copied in a file manager, or a picture copied from another program."""
        mime = QApplication.clipboard().mimeData()
        if mime is None:
            return 0
        if self.owner is None:
            self._needs_owner()
            return 0
        if mime.hasUrls():
            return self.add_files([Path(u.toLocalFile()) for u in mime.urls() if u.isLocalFile()])
        if not mime.hasImage():
            return 0
        image = QImage(mime.imageData())
        buffer = QBuffer()
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buffer, "PNG")
        name = _("pasted-{date}.png").format(date=_dt.datetime.now().strftime("%Y%m%d-%H%M%S"))
        try:
            self.ctx.call(attachments.add_photo, *self.owner, data=bytes(buffer.data()), filename=name)
        except CirkularError as exc:
            self.error.setText(exc.message)
            self.error.setVisible(True)
            return 0
        self.error.setVisible(False)
        self.reload()
        self.photos_changed.emit(self.list.count())
        return 1

    def remove_selected(self) -> None:
        ids = [item.data(ID_ROLE) for item in self.list.selectedItems()]
        for attachment_id in ids:
            try:
                self.ctx.call(attachments.remove_photo, attachment_id)
            except CirkularError as exc:
                self.error.setText(exc.message)
                self.error.setVisible(True)
        if ids:
            self.reload()
            self.photos_changed.emit(self.list.count())

    # --- drag and drop ------------------------------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt API
        if self.isEnabled() and event.mimeData().hasUrls() and any(
                u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event) -> None:  # noqa: N802 - Qt API
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt API
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.add_files(paths)
