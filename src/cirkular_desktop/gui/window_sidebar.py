"""The main window's sidebar: the navigation list with a page per entry, names beside the icons where
there is room and icons alone on a small screen.

Imports: PySide6, gui (actions, widgets, window_host).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QLabel, QListWidget, QListWidgetItem, QStyledItemDelegate, QStyleOptionViewItem, QVBoxLayout, QWidget,
)

from cirkular_desktop.gui import actions as _actions
from cirkular_desktop.gui.widgets import fit_list_width, icon
from cirkular_desktop.gui.window_host import WindowHost

# Below this much room beside the named sidebar the sidebar shows its icons only (names in tooltips and
# for screen readers): a 1024×600 netbook or a 1366×768 screen at 125 % keeps its width for the work.
CONTENT_ROOM = 940


def set_kind_property(widget: QWidget, name: str, value: str) -> None:
    """A style property the theme's sheet selects on (``[compact="true"]``); the widget is restyled."""
    if widget.property(name) != value:
        widget.setProperty(name, value)
        widget.style().unpolish(widget)
        widget.style().polish(widget)


class NavDelegate(QStyledItemDelegate):
    """Draws the navigation's entries with their names, or (``compact``) their icons alone."""

    compact = False

    def initStyleOption(self, option: QStyleOptionViewItem, index: Any) -> None:  # noqa: N802 - Qt API
        super().initStyleOption(option, index)
        if self.compact:
            option.text = ""
            option.features &= ~QStyleOptionViewItem.ViewItemFeature.HasDisplay


class WindowSidebar(WindowHost):
    """The sidebar's part of the main window (a mixin of MainWindow)."""

    def _make_sidebar(self) -> QWidget:
        sidebar = QWidget()
        sidebar.setObjectName("sidebar")
        sidebar.setMinimumWidth(190)
        sidebar.setMaximumWidth(280)
        sidebar.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.app_title = QLabel("Cirkulär")
        self.app_title.setObjectName("appTitle")
        self.app_subtitle = QLabel()
        self.app_subtitle.setObjectName("appSubtitle")
        self.app_subtitle.setWordWrap(True)
        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setIconSize(self.nav.iconSize().expandedTo(self.nav.iconSize()))
        self.nav_delegate = NavDelegate(self.nav)
        self.nav.setItemDelegate(self.nav_delegate)
        self.nav_full_width = 190
        self.nav_keys: list[str] = []
        for table in _actions.NAV_TABLES:
            self._add_nav_item(table, table)
        self._add_workspace_nav()
        if _actions.module_available("cirkular_desktop.gui.sync_page"):
            for key, _label, icon_name in _actions.EXTRA_PAGES:
                self._add_nav_item(key, icon_name)
        self.nav.currentRowChanged.connect(self._nav_row_changed)
        layout = QVBoxLayout(sidebar)
        layout.setContentsMargins(0, 0, 0, 8)
        layout.setSpacing(0)
        layout.addWidget(self.app_title)
        layout.addWidget(self.app_subtitle)
        layout.addWidget(self.nav, 1)
        return sidebar

    def _add_nav_item(self, key: str, icon_name: str) -> None:
        item = QListWidgetItem(icon(icon_name), "")
        item.setData(Qt.ItemDataRole.UserRole, key)
        self.nav.addItem(item)
        self.nav_keys.append(key)

    def toggle_sidebar(self) -> None:
        self.sidebar.setVisible(not self.sidebar.isVisible())
        self.actions_["sidebar"].setChecked(self.sidebar.isVisible())

    def _fit_sidebar(self, measure: bool = False) -> None:
        """Names beside the icons where there is room for them and the work; icons only on a small screen."""
        if measure or self.nav_full_width <= 0:
            compact = self.nav_delegate.compact
            self.nav_delegate.compact = False
            self.sidebar.setMaximumWidth(280)
            fit_list_width(self.nav, self.sidebar, 190, 280)
            self.nav_full_width = self.sidebar.minimumWidth()
            self.nav_delegate.compact = compact
        compact = self.width() < self.nav_full_width + CONTENT_ROOM
        if measure or compact != self.nav_delegate.compact:
            self.nav_delegate.compact = compact
            set_kind_property(self.nav, "compact", "true" if compact else "false")
            self.app_title.setVisible(not compact)
            self.app_subtitle.setVisible(not compact)
            if compact:
                for row in range(self.nav.count()):
                    self.nav.item(row).setToolTip(self.nav.item(row).text())
                width = self.nav.sizeHintForColumn(0) + 2 * self.nav.frameWidth() + 2
                self.sidebar.setMinimumWidth(width)
                self.sidebar.setMaximumWidth(width)
            else:
                self.sidebar.setMaximumWidth(280)
                fit_list_width(self.nav, self.sidebar, 190, 280)
            self.nav.doItemsLayout()
        width = self.sidebar.minimumWidth()
        sizes = self.splitter.sizes()
        if not self.sidebar.isHidden() and sizes and (sizes[0] > self.sidebar.maximumWidth() or sizes[0] < width):
            # The splitter gives the sidebar its new width at once (it keeps a share it no longer fits).
            self.splitter.setSizes([width, max(sum(sizes) - width, 0)])
