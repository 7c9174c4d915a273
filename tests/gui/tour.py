"""A tour of every view and dialog of the app, for the checks that walk them all (language, fit, accessibility).

``tour(window, ctx)`` shows each in turn in a real main window filled with the
demo data — every page of the navigation with a row selected, a filter that
finds nothing, each tab of the busiest organization, a new organization, the
first-start step, both showcase visits with every section and their stream,
need and idea editors and a photo, a stream edited from its list, the
matchmaking workspace (suggestions, board, match editor, their dialogs), and
the dialogs — and yields ``(widget, where)`` with the widget laid out as a person
would see it. The caller walks the widget; the tour moves on when it asks for
the next one.
"""

from __future__ import annotations

from typing import Any, Iterator

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QListWidget, QTabWidget, QWidget


def settle() -> None:
    for _round in range(3):   # a refilled pane is laid out over a few rounds, as a person would see it
        QCoreApplication.processEvents()


def busiest_organization(ctx: Any) -> str:
    from cirkular_desktop.services import browse

    return browse.list_page(ctx.app, "organization", sort="streams", descending=True, limit=1).rows[0]["id"]


def dialogs(ctx: Any, window: Any, organization_id: str) -> list[Any]:
    """Every dialog a person meets, made fresh (the caller shows, walks and closes each)."""
    from cirkular_desktop.gui.about import AboutDialog
    from cirkular_desktop.gui.contact_dialog import ContactDialog
    from cirkular_desktop.gui.help_viewer import HelpWindow
    from cirkular_desktop.gui.pickers import RecordPicker
    from cirkular_desktop.gui.preferences import PreferencesDialog
    from cirkular_desktop.gui.report_preview import BatchSummariesDialog
    from cirkular_desktop.gui.visit.pickers import MaterialPicker, WasteCodePicker
    from cirkular_desktop.i18n import gettext as _

    picker = WasteCodePicker(suggested=("170201",), taken=(), parent=window)
    picker.search.setText("17 02")
    picker.refresh()
    return [PreferencesDialog(ctx, window), AboutDialog(window), ContactDialog(ctx, organization_id, None, window),
            BatchSummariesDialog(ctx, window), picker, MaterialPicker(None, parent=window),
            RecordPicker(ctx, "organization", _("New visit"), _("Which organization do you visit?"), window),
            HelpWindow(window, "field-day.md")]


def _visit(window: Any, visit_id: str, state: dict[str, bool], rows: int) -> Iterator[tuple[QWidget, str]]:
    window.open_visit(visit_id)
    nav = window.visit_page.findChild(QListWidget, "visit_sections")
    for row in range(nav.count()):
        if nav.item(row).data(Qt.ItemDataRole.UserRole) is None:
            continue
        nav.setCurrentRow(row)
        settle()
        yield window, f"visit section {nav.item(row).text()!r}"
        for items in window.visit_page.findChildren(QListWidget):
            if items.objectName() in ("stream_list", "need_list", "idea_list") and items.isVisible():
                yield from _photo(window, state)   # the first record, shown with the section
                for item_row in range(1, min(items.count(), rows)):   # each record shows other texts
                    items.setCurrentRow(item_row)
                    settle()
                    yield window, f"{items.objectName()} row {item_row}"
                    yield from _photo(window, state)
    window.close_visit()


def _photo(window: Any, state: dict[str, bool]) -> Iterator[tuple[QWidget, str]]:
    """The photo dialog of the shown record's first photo, once (nothing in it is changed)."""
    strips = [strip for strip in window.visit_page.findChildren(QListWidget, "photo_list") if strip.isVisible()]
    if state.get("photo") or not strips or not strips[0].count():
        return
    strips[0].setCurrentRow(0)
    dialog = strips[0].parent().edit_caption()
    if dialog is not None:
        state["photo"] = True
        dialog.show()
        settle()
        yield dialog, type(dialog).__name__
        dialog.close()


def _workspace(window: Any, ctx: Any) -> Iterator[tuple[QWidget, str]]:
    """The matchmaking workspace: one stream's suggestions, a card on the board, the match editor's tabs,
    the reject and stage dialogs, and the editors of a test environment, an outcome and an activity."""
    from cirkular_desktop.gui.matchmaking.dialogs import RejectDialog, StageDialog
    from cirkular_desktop.gui.matchmaking.match_editor import MatchEditor
    from cirkular_desktop.gui.matchmaking.record_editor import WorkspaceRecordDialog
    from cirkular_desktop.services import browse

    window.show_page("matchmaking")
    page = window.pages["matchmaking"]
    if page.shown:
        page.choose("stream", page.shown[0]["stream_id"])
        settle()
        yield window, "matchmaking, one stream"
    window.show_page("pipeline")
    board = window.pages["pipeline"]
    card = next((c for c in board.cards.values() if c["stage"] == "testing"), next(iter(board.cards.values())))
    board.select(card["id"])
    settle()
    yield window, "pipeline with a card"
    made: list[Any] = [RejectDialog(window, card["title"]),
                       StageDialog(window, card["title"], card["stage"], "rejected", "Anna")]
    editor = MatchEditor(ctx, card["id"], window)
    editor.show()
    for index in range(editor.tabs.count()):
        editor.tabs.setCurrentIndex(index)
        settle()
        yield editor, f"match editor tab {index}"
    editor.close()
    editor.deleteLater()
    for table in ("test_environment", "outcome", "activity"):
        rows = browse.list_page(ctx.app, table, limit=1).rows
        made.append(WorkspaceRecordDialog(ctx, table, rows[0]["id"] if rows else None, parent=window))
    for dialog in made:
        dialog.show()
        settle()
        yield dialog, type(dialog).__name__
        dialog.close()
        dialog.deleteLater()


def tour(window: Any, ctx: Any, *, rows: int = 4, state: dict[str, bool] | None = None,
         ) -> Iterator[tuple[QWidget, str]]:
    """Every view and dialog of ``window`` (a MainWindow on the demo data), one after another."""
    from cirkular_desktop.services import visits

    state = {} if state is None else state
    for key in list(window.nav_keys):
        if not window.show_page(key):
            continue
        page = window.list_pages.get(key)
        if page is not None and page.model.rowCount():
            page.view.selectRow(0)
        settle()
        yield window, f"{key} page"
    window.show_page("stream")
    dialog = window.edit_record("stream", window.list_pages["stream"].current_id())   # edited from its list
    settle()
    yield dialog, type(dialog).__name__
    dialog.close()
    window.show_page("organization")
    page = window.list_pages["organization"]
    page.search.setText("zzzzqqq")
    page.apply_filter()
    settle()
    yield window, "organization page, nothing found"
    page.search.clear()
    page.apply_filter()

    busiest = busiest_organization(ctx)
    window.open_organization(busiest)
    tabs = window.editor.findChild(QTabWidget)
    for index in range(tabs.count()):
        tabs.setCurrentIndex(index)
        settle()
        yield window, f"organization editor tab {index}"
    window.close_editor()
    window.new_organization()
    settle()
    yield window, "new organization"
    window.close_editor()
    window.show_welcome()
    settle()
    yield window, "first-start step"
    window.show_page("organization")

    yield from _visit(window, ctx.call(visits.showcase_visit), state, rows)
    yield from _visit(window, ctx.call(visits.showcase_visit, in_progress=True), state, rows)

    yield from _workspace(window, ctx)

    from cirkular_desktop.gui import report_preview

    window.show_page("organization")
    for preview in (report_preview.preview_visit_summary(ctx, ctx.call(visits.showcase_visit), window),
                    report_preview.preview_project_report(ctx, window)):
        settle()
        yield preview, type(preview).__name__
        preview.close()

    for made in dialogs(ctx, window, busiest):
        made.show()
        settle()
        yield made, type(made).__name__
        if isinstance(made, QWidget) and made.findChild(QTabWidget) is not None:
            inner = made.findChild(QTabWidget)
            for index in range(1, inner.count()):
                inner.setCurrentIndex(index)
                settle()
                yield made, f"{type(made).__name__} tab {index}"
        made.close()
        made.deleteLater()
