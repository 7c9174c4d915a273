"""The main window's actions and menus (File, Edit, View, Help): every command reachable from the menu bar.

Actions are made once and retranslated in place on a language switch; the
items of pages loaded on demand (sync page, report previews) are added only
when their modules can be found, so a trimmed build still starts.

Imports: PySide6, i18n, core.records, gui (widgets, undo). ``gui.commands`` imports this module, never the reverse.
"""

from __future__ import annotations

import importlib.util
from functools import partial
from typing import Any, Callable

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QMenuBar

from cirkular_desktop.core import records
from cirkular_desktop.gui.widgets import icon
from cirkular_desktop.i18n import N_, gettext as _

NAV_TABLES = ("organization", "visit", "stream", "need", "idea", "match")
# Pages beside the lists, built from gui.sync_page and gui.conflicts_page when first shown.
EXTRA_PAGES = (("sync", N_("Sync"), "sync"), ("conflicts", N_("Conflicts"), "conflict"))
EDITABLE = ("stream", "need", "idea")   # tables edited in a dialog from their list (Edit ▸ Edit selected…)


def module_available(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except ModuleNotFoundError:
        return False


class EditSelectedState(QObject):
    """The open Edit menu shows "Edit selected…" enabled only where it can act (a stream, need or idea
    list with a row chosen); its shortcut stays live, and does nothing elsewhere, like "Open selected"."""

    def __init__(self, window: Any, action: Any, menu: Any) -> None:
        super().__init__(window)
        self.window, self.action = window, action
        menu.aboutToShow.connect(self.refresh)
        menu.aboutToHide.connect(lambda: action.setEnabled(True))

    def refresh(self) -> None:
        page = self.window.current_list()
        self.action.setEnabled(page is not None and page.table in EDITABLE and bool(page.current_id()))


class Actions:
    """Every QAction of the main window, by name; ``retranslate`` sets their texts again."""

    def __init__(self, window: Any) -> None:
        self.window = window
        self.texts: dict[str, tuple[str, str]] = {}   # name -> (text, tooltip) sources
        self.by_name: dict[str, QAction] = {}

    def add(self, name: str, text: str, slot: Callable[[], Any], shortcut: Any = None, tip: str = "",
            icon_name: str | None = None) -> QAction:
        action = QAction(self.window)
        action.setObjectName(f"action_{name}")
        if shortcut is not None:
            if isinstance(shortcut, (list, tuple)):
                keys = [QKeySequence(s) for s in shortcut]
                action.setShortcuts([k for i, k in enumerate(keys) if k not in keys[:i]])
            else:
                action.setShortcut(QKeySequence(shortcut))
        if icon_name:
            action.setIcon(icon(icon_name))
        action.triggered.connect(lambda _checked=False: slot())
        self.window.addAction(action)  # shortcuts work even while the menu bar is hidden
        self.texts[name] = (text, tip)
        self.by_name[name] = action
        return action

    def __getitem__(self, name: str) -> QAction:
        return self.by_name[name]

    def retranslate(self) -> None:
        for name, (text, tip) in self.texts.items():
            action = self.by_name[name]
            action.setText(_(text))
            shortcut = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            tooltip = _(tip) if tip else _(text).replace("&", "").rstrip("…")
            action.setToolTip(f"{tooltip} ({shortcut})" if shortcut else tooltip)
            action.setStatusTip(_(tip) if tip else "")
        undo_menu = getattr(self.window, "undo_menu", None)
        if undo_menu is not None:
            undo_menu.update()  # "Undo change of Quantity …" rather than the bare word


def build(window: Any) -> tuple[Actions, dict[str, QMenu]]:
    """Make the actions and the menu bar of ``window`` (a MainWindow)."""
    a = Actions(window)
    w = window
    a.add("new_organization", N_("&New organization…"), w.new_organization, QKeySequence.StandardKey.New,
          N_("Register a company or municipal operation"))
    a.add("new_visit", N_("New &visit…"), w.new_visit, "Ctrl+Shift+N",
          N_("Start a mapping visit at the selected organization"))
    reports = module_available("cirkular_desktop.gui.report_preview")
    sync = module_available("cirkular_desktop.gui.sync_page")
    if sync:
        a.add("export_bundle", N_("E&xport bundle…"), w.export_bundle_file, "Ctrl+Shift+S",
              N_("Write the changes others have not received yet to a bundle file (the Sync page)"))
        a.add("import", N_("&Import bundle…"), w.import_bundles, "Ctrl+I",
              N_("Import .cirkular bundle files from other laptops"))
    if reports:
        a.add("print_summary", N_("&Print visit summary…"), w.print_summary, QKeySequence.StandardKey.Print,
              N_("Preview and print the summary of the open or selected visit"))
        a.add("project_report", N_("Project &report…"), w.project_report, None,
              N_("The project's indicators as a PDF"))
        a.add("batch_summaries", N_("Batch &summaries…"), w.batch_summaries, None,
              N_("Summaries of several visits at once"))
        a.add("export_table", N_("&Export table…"), w.export_table, "Ctrl+E",
              N_("Save the current list as a spreadsheet or CSV file"))
    a.add("demo", N_("Try with &demo data…"), w.try_demo, None,
          N_("Made-up organizations, visits and streams from both countries, in a separate demo folder "
             "that is never exported"))
    a.add("backup", N_("&Back up database…"), w.backup_database, None,
          N_("Save a copy of all data to a file of your choice"))
    # Windows has no standard Quit key (and offscreen none at all): Ctrl+Q everywhere, as most apps do.
    a.add("quit", N_("&Quit"), w.close, ["Ctrl+Q", QKeySequence.StandardKey.Quit])

    a.add("undo", N_("&Undo"), w.undo, QKeySequence.StandardKey.Undo, N_("Undo the last change to a record"))
    a.add("redo", N_("&Redo"), w.redo, ["Ctrl+Shift+Z", QKeySequence.StandardKey.Redo],
          N_("Make the undone change again"))
    a.add("edit_record", N_("&Edit selected…"), w.edit_selected, "Ctrl+Shift+E",
          N_("Edit the selected residual stream, need or idea"))
    a.add("find", N_("&Find…"), w.focus_search, QKeySequence.StandardKey.Find,
          N_("Filter the current list as you type"))
    a.add("open", N_("&Open selected"), w.open_selected, "Ctrl+O", N_("Open the selected record"))
    a.add("preferences", N_("&Preferences…"), w.show_preferences, ["Ctrl+,", QKeySequence.StandardKey.Preferences])

    for i, table in enumerate(NAV_TABLES, start=1):
        a.add(f"view_{table}", records.table(table).plural, partial(w.show_page, table), f"Ctrl+{i}",
              icon_name=table)
    for i, (key, label, icon_name) in enumerate(EXTRA_PAGES, start=len(NAV_TABLES) + 1):
        if sync:
            a.add(f"view_{key}", label, partial(w.show_page, key), f"Ctrl+{i}", icon_name=icon_name)
    a.add("next_section", N_("Next &section"), w.next_section, "Ctrl+PgDown",
          N_("Go to the next section of the open visit"))
    a.add("previous_section", N_("Previous s&ection"), w.previous_section, "Ctrl+PgUp",
          N_("Go to the previous section of the open visit"))
    a.add("back", N_("&Back"), w.go_back, "Alt+Left", N_("Back to the list you came from"))
    a.add("columns", N_("Choose &columns…"), w.choose_columns, None,
          N_("Show, hide or reset the columns of the current list (drag a column's header to move it)"))
    a.add("refresh", N_("&Refresh"), w.refresh_current, QKeySequence.StandardKey.Refresh)
    a.add("sidebar", N_("Show &navigation"), w.toggle_sidebar, "Ctrl+B")
    a["sidebar"].setCheckable(True)
    a["sidebar"].setChecked(True)

    a.add("about", N_("&About Cirkulär"), w.show_about)
    a.add("about_qt", N_("About &Qt"), w.show_about_qt)
    a.add("data_folder", N_("Show &data folder"), w.show_data_folder, None,
          N_("Where the database, photos and backups are kept"))
    a.add("help", N_("User &guide"), w.show_help, QKeySequence.StandardKey.HelpContents,
          N_("The guide to the view you are in: the field day, sync, conflicts, privacy (F1)"))
    a.add("shortcuts", N_("&Keyboard shortcuts"), w.show_shortcuts)

    from cirkular_desktop.gui.undo import UndoMenu

    w.undo_menu = UndoMenu(w, a["undo"], a["redo"])
    bar: QMenuBar = w.menuBar()
    menus: dict[str, QMenu] = {}
    layout = {
        "file": (N_("&File"), ["new_organization", "new_visit", None, "export_bundle", "import", "export_table", None,
                               "print_summary", "batch_summaries", "project_report", None, "demo", "backup",
                               None, "quit"]),
        "edit": (N_("&Edit"), ["undo", "redo", None, "find", "open", "edit_record", None, "preferences"]),
        "view": (N_("&View"), [f"view_{t}" for t in NAV_TABLES] + ["view_sync", "view_conflicts", None,
                                                                   "next_section", "previous_section", "back",
                                                                   None, "columns", "refresh", "sidebar"]),
        "help": (N_("&Help"), ["help", "shortcuts", "data_folder", None, "about", "about_qt"]),
    }
    for key, (title, names) in layout.items():
        menu = bar.addMenu("")
        menu.setObjectName(f"menu_{key}")
        menu.setProperty("source_title", title)
        last_was_separator = True
        for name in names:
            if name is None:
                if not last_was_separator:
                    menu.addSeparator()
                    last_was_separator = True
            elif name in a.by_name:
                menu.addAction(a[name])
                last_was_separator = False
        menus[key] = menu
    w.edit_selected_state = EditSelectedState(w, a["edit_record"], menus["edit"])
    if getattr(w, "demo", False):   # the demo's window: its data is never exported, and it is the demo already
        for name in ("demo", "export_bundle"):
            if name in a.by_name:
                a[name].setEnabled(False)
    return a, menus


def retranslate_menus(menus: dict[str, QMenu]) -> None:
    for menu in menus.values():
        menu.setTitle(_(menu.property("source_title")))
