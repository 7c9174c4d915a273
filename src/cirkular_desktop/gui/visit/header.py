"""The top of the visit screen: who was visited and when, status, progress, Finish/Correct/Close.

A plain widget: the page fills it (``show_status``, the labels) and connects
its buttons. A banner under it carries the page's messages, e.g. which
required questions are still open, in green for news and red for trouble.

Imports: PySide6, i18n.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QProgressBar, QPushButton, QVBoxLayout

from cirkular_desktop.gui.widgets import set_kind
from cirkular_desktop.i18n import gettext as _

STATUS_KINDS = {"completed": "badge_done", "correction": "badge_correction", "draft": "badge_draft"}


class VisitHeader(QFrame):
    """Organization, facts line, status badge, progress bar, buttons and a message banner."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("visit_header")
        self.setStyleSheet("#visit_header { background: palette(alternate-base);"
                           " border-bottom: 1px solid palette(mid); }")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(20, 12, 20, 10)
        outer.setSpacing(4)
        top = QHBoxLayout()
        self.org_label = QLabel()
        self.org_label.setObjectName("visit_organization")
        font = self.org_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.org_label.setFont(font)
        top.addWidget(self.org_label)
        self.status_label = QLabel()
        self.status_label.setObjectName("visit_status")
        top.addWidget(self.status_label)
        top.addStretch(1)
        self.saved_label = QLabel()
        set_kind(self.saved_label, "muted")
        top.addWidget(self.saved_label)
        self.finish_button = QPushButton(_("Finish visit"))
        self.finish_button.setObjectName("finish_visit")
        self.finish_button.setToolTip(_("Check the required questions and keep the answers as a version "
                                        "(Ctrl+Enter)"))
        self.correct_button = QPushButton(_("Correct…"))
        self.correct_button.setObjectName("correct_visit")
        self.correct_button.setToolTip(_("Reopen the finished visit; finishing it again makes a new version"))
        self.close_button = QPushButton(_("Close visit"))
        self.close_button.setObjectName("close_visit")
        for button in (self.finish_button, self.correct_button, self.close_button):
            top.addWidget(button)
        outer.addLayout(top)
        self.facts_label = QLabel()
        self.facts_label.setObjectName("visit_facts")
        self.facts_label.setWordWrap(True)
        outer.addWidget(self.facts_label)
        progress_row = QHBoxLayout()
        self.progress = QProgressBar()
        self.progress.setObjectName("visit_progress")
        self.progress.setTextVisible(False)
        self.progress.setFixedHeight(8)
        self.progress.setMaximumWidth(360)
        progress_row.addWidget(self.progress)
        self.progress_label = QLabel()
        progress_row.addWidget(self.progress_label)
        progress_row.addStretch(1)
        outer.addLayout(progress_row)
        self.banner = QLabel()
        self.banner.setObjectName("visit_banner")
        self.banner.setWordWrap(True)
        self.banner.setVisible(False)
        outer.addWidget(self.banner)

    def show_status(self, completed: bool, version: int) -> None:
        """The status badge and which of Finish / Correct is offered."""
        if completed:
            text, kind = _("Finished · version {version}").format(version=version), STATUS_KINDS["completed"]
        elif version:
            text = _("Correction in progress · will be version {version}").format(version=version + 1)
            kind = STATUS_KINDS["correction"]
        else:
            text, kind = _("In progress"), STATUS_KINDS["draft"]
        self.status_label.setText(text)
        set_kind(self.status_label, kind)
        self.finish_button.setVisible(not completed)
        self.correct_button.setVisible(completed)

    def banner_message(self, text: str, *, error: bool = False, rich: bool = False) -> None:
        """Show ``text`` (plain, or HTML with links when ``rich``); an empty text hides the banner."""
        self.banner.setTextFormat(Qt.TextFormat.RichText if rich else Qt.TextFormat.PlainText)
        self.banner.setText(text)
        self.banner.setStyleSheet("margin-top: 4px;")
        set_kind(self.banner, "error" if error else "ok")
        self.banner.setVisible(bool(text))
