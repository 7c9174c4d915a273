"""Photos of a stream or need: thumbnails with captions, add by file dialog or drag-and-drop, remove.

Each photo is stored at once through ``services.attachments`` (by content
hash), so a dropped photo is safe the moment its thumbnail appears. A file
that is not a picture, or is too large, is refused with the service's
message under the strip; other dropped files still go in. The caption (shown
under the thumbnail) is edited in the photo's dialog: double-click, Enter, F2
or "Caption…". Adding, removing and captioning are steps the Edit menu can undo.

Imports: PySide6, services (attachments), errors, i18n, gui (context, fields, undo), gui.visit.photo_dialog.
"""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

from PySide6.QtCore import QBuffer, QIODevice, QSize, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QIcon, QImage, QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView, QApplication, QFileDialog, QHBoxLayout, QLabel, QListView, QListWidget, QListWidgetItem, QPushButton,
    QVBoxLayout, QWidget,
)

from cirkular_desktop.errors import CirkularError
from cirkular_desktop.gui import undo
from cirkular_desktop.gui.context import GuiContext
from cirkular_desktop.gui.fields import error_label
from cirkular_desktop.gui.visit.photo_dialog import PhotoDialog
from cirkular_desktop.gui.widgets import describe, flow_row, set_kind
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
        describe(self.list, _("Photos"), _("F2 writes a caption; Delete removes the selected photos; Ctrl+V pastes one"))
        self.list.setViewMode(QListView.ViewMode.IconMode)
        self.list.setIconSize(QSize(THUMB, THUMB))
        self.list.setGridSize(QSize(THUMB + 24, THUMB + 34))
        self.list.setFlow(QListView.Flow.LeftToRight)
        self.list.setWrapping(False)
        self.list.setWordWrap(True)  # a caption takes two lines under its thumbnail before it is cut
        self.list.setMovement(QListView.Movement.Static)
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setFixedHeight(THUMB + 56)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.list.setAcceptDrops(False)  # the strip takes the drop, so the list's own drag logic stays out
        self.empty = QLabel(_("No photos yet. Drop photos here, paste one (Ctrl+V) or choose “Add photos…”."))
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.setMinimumHeight(THUMB // 2)
        set_kind(self.empty, "dropzone")
        layout.addWidget(self.empty)
        layout.addWidget(self.list)
        self.add_button = QPushButton(_("Add photos…"))
        self.add_button.setObjectName("add_photos")
        self.add_button.clicked.connect(self.choose_files)
        self.caption_button = QPushButton(_("Caption…"))
        self.caption_button.setObjectName("edit_caption")
        self.caption_button.setToolTip(_("Write what the selected photo shows (F2)"))
        self.caption_button.clicked.connect(self.edit_caption)
        self.remove_button = QPushButton(_("Remove photo"))
        self.remove_button.clicked.connect(self.remove_selected)
        self.list.itemSelectionChanged.connect(self._update_buttons)
        layout.addWidget(flow_row(self.add_button, self.caption_button, self.remove_button))
        self.error = error_label()
        layout.addWidget(self.error)
        self.list.itemActivated.connect(self.preview)
        delete = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.list)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete.activated.connect(self.remove_selected)
        paste = QShortcut(QKeySequence(QKeySequence.StandardKey.Paste), self)
        paste.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        paste.activated.connect(self.paste)
        rename = QShortcut(QKeySequence(Qt.Key.Key_F2), self.list)
        rename.setContext(Qt.ShortcutContext.WidgetShortcut)
        rename.activated.connect(self.edit_caption)
        self.dialog: PhotoDialog | None = None
        undo.stack_for(ctx).applied.connect(self._undo_applied)
        self._show_empty()
        self._update_buttons()

    def _update_buttons(self) -> None:
        selected = len(self.list.selectedItems())
        self.remove_button.setEnabled(bool(selected) and self.isEnabled())
        self.caption_button.setEnabled(selected == 1 and self.isEnabled())

    def set_owner(self, table: str | None, record_id: str | None) -> None:
        self.owner = (table, record_id) if table and record_id else None
        self.error.setVisible(False)
        self.reload()

    def reload(self) -> None:
        selected = {item.data(ID_ROLE) for item in self.list.selectedItems()}
        self.list.clear()
        if self.owner is not None:
            for photo in self.ctx.call(attachments.list_photos, *self.owner):
                item = self._add_item(photo)
                item.setSelected(photo["id"] in selected)
        self._show_empty()
        self._update_buttons()

    def _undo_applied(self, table: str, _ids: set[str]) -> None:
        if table == "attachment" and self.owner is not None:
            self.reload()
            self.photos_changed.emit(self.list.count())

    def _show_empty(self) -> None:
        has = self.list.count() > 0
        self.list.setVisible(has)
        self.empty.setVisible(not has)

    def _add_item(self, photo: dict) -> QListWidgetItem:
        pixmap = QPixmap()
        try:
            pixmap.loadFromData(self.ctx.call(attachments.thumbnail, photo["id"], THUMB * 2))
        except CirkularError:
            pass  # a missing or damaged file still shows its name, so it can be removed
        item = QListWidgetItem(QIcon(pixmap) if not pixmap.isNull() else QIcon(),
                               photo.get("caption") or photo["filename"])
        item.setData(ID_ROLE, photo["id"])
        lines = [photo["caption"], photo["filename"]] if photo.get("caption") else [photo["filename"]]
        item.setToolTip("\n".join(lines + [_("Double-click to enlarge, F2 to write a caption")]))
        self.list.addItem(item)
        return item

    def preview(self, item: QListWidgetItem) -> PhotoDialog | None:
        """The photo at a readable size with its caption, on double-click or Enter."""
        try:
            record, data = self.ctx.call(attachments.read_photo, item.data(ID_ROLE))
        except CirkularError as exc:
            self.error.setText(exc.message)
            self.error.setVisible(True)
            return None
        if self.dialog is not None:
            self.dialog.close()
        dialog = PhotoDialog(self.ctx, record, data, self)
        dialog.caption_saved.connect(lambda _id: self.reload())
        dialog.finished.connect(lambda _result: setattr(self, "dialog", None))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog
        dialog.open()
        return dialog

    def edit_caption(self) -> PhotoDialog | None:
        """F2 or "Caption…": the selected photo's dialog with the cursor in its caption."""
        items = self.list.selectedItems() or ([self.list.currentItem()] if self.list.currentItem() else [])
        if len(items) != 1 or not self.isEnabled():
            return None
        dialog = self.preview(items[0])
        if dialog is not None:
            dialog.edit_caption()
        return dialog

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
        errors, added = [], []
        known = {self.list.item(row).data(ID_ROLE) for row in range(self.list.count())}
        for path in paths:
            try:
                attachment_id = self.ctx.call(attachments.add_photo, *self.owner, path=path)
                if attachment_id not in known:  # the same picture twice is kept once
                    added.append((attachment_id, path.name))
                    known.add(attachment_id)
            except CirkularError as exc:
                errors.append(exc.message)
        undo.added(self.ctx, "attachment", [i for i, _name in added], [name for _i, name in added])
        self.error.setText("\n".join(errors))
        self.error.setVisible(bool(errors))
        self.reload()
        self.photos_changed.emit(self.list.count())
        return len(added)

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
        # PySide6 takes the format as text at run time (bytes raise ValueError); its stubs say bytes.
        image.save(buffer, "PNG")  # type: ignore[call-overload]
        name = _("pasted-{date}.png").format(date=_dt.datetime.now().strftime("%Y%m%d-%H%M%S"))
        try:
            attachment_id = self.ctx.call(attachments.add_photo, *self.owner, data=buffer.data().data(),
                                          filename=name)
        except CirkularError as exc:
            self.error.setText(exc.message)
            self.error.setVisible(True)
            return 0
        undo.added(self.ctx, "attachment", [attachment_id], [name])
        self.error.setVisible(False)
        self.reload()
        self.photos_changed.emit(self.list.count())
        return 1

    def remove_selected(self) -> None:
        ids = [item.data(ID_ROLE) for item in self.list.selectedItems()]
        removed = []
        for attachment_id in ids:
            try:
                saved = undo.snapshots(self.ctx, "attachment", [attachment_id])
                self.ctx.call(attachments.remove_photo, attachment_id)
                removed += saved
            except CirkularError as exc:
                self.error.setText(exc.message)
                self.error.setVisible(True)
        undo.removed(self.ctx, "attachment", removed)
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
