"""Where the visit page comes from, and what stands in for it when its module cannot be loaded.

The visit itself (questionnaire, stream editor, code picker, photos, autosave)
lives in ``gui.visit.page.VisitPage(ctx, visit_id, parent)``. It is imported
only when a visit opens, so start-up stays cheap; when the module is not
installed a placeholder with the same small interface (``visit_id``,
``current_section()``, ``restore_section()``, ``closed``) shows the visit's
heading so every path through the app still works.

Imports: PySide6, i18n, services (browse), gui.widgets (gui.visit.page when a visit opens).
"""

from __future__ import annotations

import importlib.util
from typing import TYPE_CHECKING, Any, Union

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from cirkular_desktop import i18n
from cirkular_desktop.gui.widgets import heading_label
from cirkular_desktop.i18n import gettext as _
from cirkular_desktop.services import browse

if TYPE_CHECKING:  # pragma: no cover - annotations only: the visit page loads when a visit opens
    from cirkular_desktop.gui.visit.page import VisitPage

VISIT_PAGE_MODULE = "cirkular_desktop.gui.visit.page"
# What the window holds while a visit is open: either has ``visit_id``, ``closed``, ``current_section()``
# and ``restore_section()``.
VisitPageWidget = Union["VisitPage", "VisitPlaceholder"]


def visit_page_available() -> bool:
    try:
        return importlib.util.find_spec(VISIT_PAGE_MODULE) is not None
    except ModuleNotFoundError:  # the gui.visit package itself is missing
        return False


def make_visit_page(ctx: Any, visit_id: str, parent: QWidget | None = None) -> VisitPageWidget:
    """The real visit page when it is installed, else the placeholder."""
    if visit_page_available():
        module = importlib.import_module(VISIT_PAGE_MODULE)
        page: VisitPage = module.VisitPage(ctx, visit_id, parent)
        return page
    return VisitPlaceholder(ctx, visit_id, parent)


class VisitPlaceholder(QWidget):
    """Stands in for the visit page: the visit's heading and a way back."""

    closed = Signal()

    def __init__(self, ctx: Any, visit_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("visitPlaceholder")
        self.ctx = ctx
        self.visit_id = visit_id
        self._section = ""
        self.title = heading_label()
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.back = QPushButton()
        self.back.clicked.connect(self.closed.emit)
        top = QHBoxLayout()
        top.addWidget(self.back)
        top.addSpacing(8)
        top.addWidget(self.title)
        top.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 12)
        layout.addLayout(top)
        layout.addSpacing(16)
        layout.addWidget(self.text, 0, Qt.AlignmentFlag.AlignTop)
        layout.addStretch(1)
        ctx.language_changed.connect(self.retranslate)
        self.retranslate()

    def current_section(self) -> str:
        return self._section

    def restore_section(self, section_id: str) -> None:
        self._section = section_id or ""

    def retranslate(self, *args: Any) -> None:
        heading = browse.visit_heading(self.ctx.app, self.visit_id)
        import datetime as _dt

        date = i18n.format_date(_dt.date.fromisoformat(heading["date"])) if heading["date"] else ""
        self.title.setText(_("Visit at {organization}, {date}").format(
            organization=heading["organization"], date=date))
        self.back.setText(_("← Back"))
        self.text.setText(_("The visit has been saved. The questionnaire and the stream editor are not "
                            "installed in this build of Cirkulär."))
