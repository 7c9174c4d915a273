"""The user guide inside the app: short pages in sv, nb and en, offline, opened by F1 at the current view.

The pages are Markdown files in ``resources/help/<language>/`` (one per topic,
the same file names in every language; a page missing in a language falls back
to English). ``TOPICS`` lists them in reading order and ``topic_for`` says which
page belongs to what the person is looking at, so F1 on the Sync page opens the
page about sync. Links between pages are ordinary Markdown links ("sync.md");
links to the web open in the browser.

Imports: PySide6, i18n, resources, gui.widgets.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QKeySequence, QShortcut, QTextDocument
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QHBoxLayout, QListWidget, QListWidgetItem, QPushButton, QTextBrowser, QVBoxLayout,
    QWidget,
)

from cirkular_desktop import i18n, resources
from cirkular_desktop.gui.widgets import SidePaneSplitter, describe, fit_to_window
from cirkular_desktop.i18n import N_, gettext as _

# (file, title) in reading order; the titles are translated where shown.
TOPICS = (
    ("index.md", N_("Getting started")),
    ("field-day.md", N_("The field day")),
    ("organizations.md", N_("Organizations and contacts")),
    ("streams.md", N_("Residual streams, needs and ideas")),
    ("lists.md", N_("Lists, search and columns")),
    ("sync.md", N_("Sync with bundles")),
    ("conflicts.md", N_("Conflicts")),
    ("privacy.md", N_("Personal data and privacy")),
    ("matching.md", N_("Matchmaking and test environments")),
)
# What the person is looking at → the page F1 opens.
VIEW_TOPICS = {
    "welcome": "index.md", "organization": "organizations.md", "organization_editor": "organizations.md",
    "visit": "field-day.md", "open_visit": "field-day.md", "stream": "streams.md", "need": "streams.md",
    "idea": "streams.md", "match": "matching.md", "matchmaking": "matching.md", "pipeline": "matching.md",
    "test_environment": "matching.md", "outcome": "matching.md", "activity": "matching.md",
    "sync": "sync.md", "conflicts": "conflicts.md",
}


def topic_for(view: str | None) -> str:
    return VIEW_TOPICS.get(view or "", "index.md")


def help_folder(lang: str | None = None) -> Path:
    """The guide's folder in the user's language (English where there is none)."""
    chosen = lang or i18n.get_language()
    folder = resources.resource_path("help", chosen)
    return folder if folder.is_dir() else resources.resource_path("help", "en")


def page_path(topic: str, lang: str | None = None) -> Path:
    path = help_folder(lang) / topic
    return path if path.is_file() else resources.resource_path("help", "en", topic)


class HelpWindow(QDialog):
    """The user guide: the topics beside the page; F1 again, Esc or Close to leave."""

    def __init__(self, parent: QWidget | None = None, topic: str = "index.md") -> None:
        super().__init__(parent)
        self.setObjectName("helpWindow")
        self.setWindowFlag(Qt.WindowType.WindowContextHelpButtonHint, False)
        self.topics = QListWidget()
        self.topics.setObjectName("helpTopics")
        self.topics.setWordWrap(True)
        self.browser = QTextBrowser()
        self.browser.setObjectName("helpPage")
        self.browser.setOpenExternalLinks(True)
        self.browser.setOpenLinks(True)
        self.browser.sourceChanged.connect(self._source_changed)
        splitter = SidePaneSplitter(0.28, 150, 260)
        splitter.addWidget(self.topics)
        splitter.addWidget(self.browser)
        splitter.setStretchFactor(1, 1)
        self.back_button = QPushButton()
        self.back_button.setObjectName("helpBack")
        self.back_button.clicked.connect(self.browser.backward)
        self.browser.backwardAvailable.connect(self.back_button.setEnabled)
        self.back_button.setEnabled(False)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.close_button = buttons.button(QDialogButtonBox.StandardButton.Close)
        bottom = QHBoxLayout()
        bottom.addWidget(self.back_button)
        bottom.addStretch(1)
        bottom.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addLayout(bottom)
        self.topics.currentItemChanged.connect(self._topic_chosen)
        again = QShortcut(QKeySequence(Qt.Key.Key_F1), self)
        again.activated.connect(self.close)
        self.lang = ""
        self.retranslate()
        self.show_topic(topic)
        fit_to_window(self, 880, 620)

    def retranslate(self) -> None:
        """Titles, buttons and the page in the active language (the page shown stays the same topic)."""
        current = self.current_topic() if self.lang else None
        self.lang = i18n.get_language()
        self.setWindowTitle(_("User guide — Cirkulär"))
        self.back_button.setText(_("Back"))
        self.close_button.setText(_("Close"))
        self.topics.blockSignals(True)
        self.topics.clear()
        for topic, title in TOPICS:
            item = QListWidgetItem(_(title))
            item.setData(Qt.ItemDataRole.UserRole, topic)
            item.setToolTip(_(title))
            self.topics.addItem(item)
        self.topics.blockSignals(False)
        describe(self.topics, _("Topics of the user guide"), _("Choose a topic to read it"))
        self.browser.setAccessibleName(_("User guide page"))
        self.browser.setSearchPaths([str(help_folder()), str(resources.resource_path("help", "en"))])
        if current:
            self.show_topic(current)

    def show_topic(self, topic: str) -> None:
        path = page_path(topic)
        self.browser.setSource(QUrl.fromLocalFile(str(path)), QTextDocument.ResourceType.MarkdownResource)

    def current_topic(self) -> str:
        return Path(self.browser.source().toLocalFile() or self.browser.source().path()).name or "index.md"

    def _topic_chosen(self, item: QListWidgetItem | None, _previous: Any) -> None:
        if item is not None and item.data(Qt.ItemDataRole.UserRole) != self.current_topic():
            self.show_topic(item.data(Qt.ItemDataRole.UserRole))

    def _source_changed(self, url: QUrl) -> None:
        name = Path(url.toLocalFile() or url.path()).name
        for row in range(self.topics.count()):
            if self.topics.item(row).data(Qt.ItemDataRole.UserRole) == name:
                self.topics.blockSignals(True)
                self.topics.setCurrentRow(row)
                self.topics.blockSignals(False)
                break
        title = self.browser.documentTitle()
        self.browser.setAccessibleDescription(title)


def show_help(window: Any, view: str | None) -> HelpWindow:
    """Open (or bring forward) the guide at the page for ``view``; it stays open beside the work."""
    dialog = getattr(window, "help_window", None)
    if dialog is None:
        dialog = HelpWindow(window, topic_for(view))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.destroyed.connect(lambda *_args: setattr(window, "help_window", None))
        window.help_window = dialog
        if hasattr(window, "ctx"):
            window.ctx.language_changed.connect(dialog.retranslate)   # disconnected when the guide closes
    else:
        dialog.show_topic(topic_for(view))
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()
    return dialog

