"""The main window as a person uses it: navigation by sidebar, menu and shortcut; first run; demo data;
remembered state; status bar."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest

from cirkular_desktop import settings
from cirkular_desktop.gui.actions import NAV_TABLES
from cirkular_desktop.services import browse

CTRL = Qt.KeyboardModifier.ControlModifier


def shown_table(window):
    page = window.current_list()
    return page.table if page is not None else None


def menu_action(window, menu_key, action_name):
    menu = window.menus[menu_key]
    found = [a for a in menu.actions() if a.objectName() == f"action_{action_name}"]
    assert found, f"{action_name} is not in the {menu_key} menu"
    return found[0]


def test_sidebar_click_shows_each_list(window, qtbot):
    for row, table in enumerate(NAV_TABLES):
        item = window.nav.item(row)
        rect = window.nav.visualItemRect(item)
        qtbot.mouseClick(window.nav.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        assert shown_table(window) == table


@pytest.mark.parametrize("index, table", list(enumerate(NAV_TABLES, start=1)))
def test_shortcut_shows_list(window, index, table):
    QTest.keyClick(window, getattr(Qt.Key, f"Key_{index}"), CTRL)
    assert shown_table(window) == table
    assert window.nav.currentItem().data(Qt.ItemDataRole.UserRole) == table


def test_view_menu_reaches_every_list(window):
    for table in reversed(NAV_TABLES):
        menu_action(window, "view", f"view_{table}").trigger()
        assert shown_table(window) == table


def test_every_action_is_in_a_menu(window):
    in_menus = {a.objectName() for menu in window.menus.values() for a in menu.actions()}
    missing = [name for name in window.actions_.by_name if f"action_{name}" not in in_menus]
    assert missing == []


def test_first_run_says_what_to_do_and_offers_demo_data(window, app, qtbot):
    page = window.list_pages["organization"]
    assert page.stack.currentWidget() is page.empty
    assert "No organizations" in page.empty.heading.text()
    button = page.empty.button("demo")
    assert button is not None and button.isVisible() and button.text() == "Try with demo data…"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)  # worker is synchronous in tests
    demo = window.demo_window   # the demo opens in its own folder and window; the project stays empty
    assert demo is not None and demo.isVisible() and demo.list_pages["organization"].model.total == 40
    assert browse.count(app, "organization") == 0
    demo.close()
    assert window.isVisible() and page.stack.currentWidget() is page.empty


def test_demo_data_from_the_file_menu_opens_the_demo_with_progress(window, app, monkeypatch):
    from cirkular_desktop.gui.context import GuiContext

    seen = []
    real_run = GuiContext.run

    def spying_run(self, fn, *args, **kwargs):
        seen.append(kwargs.get("with_progress"))
        return real_run(self, fn, *args, **kwargs)

    monkeypatch.setattr(GuiContext, "run", spying_run)
    action = menu_action(window, "file", "demo")
    assert action.text() == "Try with &demo data…"
    action.trigger()
    assert True in seen
    demo = window.demo_window
    demo.show_page("stream")
    assert demo.list_pages["stream"].model.total == browse.count(demo.ctx.app, "stream") > 100
    assert browse.count(app, "stream") == 0
    demo.close()


def test_progress_helper_passes_progress_and_cancel(ctx):
    calls = []

    def work(app, *, progress):
        keep_going = progress(1, 4)
        calls.append(keep_going)
        return "done"

    results = []
    ctx.run(work, with_progress=True, on_done=results.append)
    assert results == ["done"] and calls == [True]


def test_progress_helper_reports_errors_to_the_caller(ctx):
    from cirkular_desktop.errors import ValidationError

    def failing(app):
        raise ValidationError("demo.seed: must not be negative", field="seed")

    errors = []
    ctx.run(failing, on_error=errors.append)
    assert isinstance(errors[0], ValidationError)


def test_window_geometry_last_view_and_open_visit_are_remembered(make_window, ctx, filled_app):
    first = make_window()
    first.resize(1000, 640)
    first.show_page("need")
    first.show_page("organization")
    page = first.list_pages["organization"]
    page.view.selectRow(0)
    visit_id = first.start_visit(page.current_id())
    first.close()
    stored = settings.load(filled_app.paths)
    assert stored["open_visit"]["id"] == visit_id

    second = make_window()
    # The offscreen platform may shave a few pixels of frame; the default size is 1280 × 800. Its screen is
    # 800 pixels wide, so a restored width is clamped to the screen and then grown to the window's minimum.
    assert abs(second.height() - 640) <= 8
    assert second.width() <= max(1000, second.minimumSizeHint().width()) + 8
    assert second.visit_page is not None and second.visit_page.visit_id == visit_id
    second.close_visit()
    assert settings.load(filled_app.paths)["open_visit"] is None
    assert shown_table(second) == "organization"


def test_last_list_is_shown_after_a_restart(make_window):
    first = make_window()
    first.show_page("idea")
    first.close()
    second = make_window()
    assert shown_table(second) == "idea"


def test_status_bar_names_data_folder_and_device(window, ctx, app):
    from cirkular_desktop.services import maintenance

    maintenance.set_device_name(app, "Annas laptop")
    ctx.preferences_changed.emit()
    assert str(app.paths.data_dir) in window.status_folder.text()
    assert window.status_device.text() == "Computer: Annas laptop"   # not "device", a unit's word in sv/nb


def test_start_up_fills_only_the_shown_list(ctx, filled_app, make_window, monkeypatch):
    calls = []
    real = browse.list_page

    def counting(app, table, **kwargs):
        calls.append(table)
        return real(app, table, **kwargs)

    monkeypatch.setattr(browse, "list_page", counting)
    window = make_window(restore=False)
    assert calls == ["organization"]
    assert window.list_pages["organization"].model.rowCount() == 40


def test_changes_refresh_the_lists(window, ctx, app):
    from cirkular_desktop.services import records

    ctx.call(records.add_record, "organization", {"name": "Torsby Trä AB", "country": "SE"})
    page = window.list_pages["organization"]
    assert page.model.total == 1
    assert page.model.rows[0]["name"] == "Torsby Trä AB"


def test_next_section_shortcut_reaches_the_open_visit(window, app):
    from cirkular_desktop.services import records

    org = records.add_record(app, "organization", {"name": "Torsby Trä AB", "country": "SE"}).value
    window.start_visit(org)
    page = window.visit_page
    first = page.current_section()
    QTest.keyClick(page, Qt.Key.Key_PageDown, CTRL)
    second = page.current_section()
    assert second != first
    QTest.keyClick(page, Qt.Key.Key_PageUp, CTRL)
    assert page.current_section() == first
    menu_action(window, "view", "next_section").trigger()
    assert page.current_section() == second


def test_dropped_bundles_are_imported(window, tmp_path, monkeypatch):
    from PySide6.QtCore import QMimeData, QPointF, QUrl
    from PySide6.QtGui import QDropEvent

    from cirkular_desktop.gui import sync_page

    imported = []
    monkeypatch.setattr(sync_page, "import_files", lambda ctx, paths, parent: imported.append(paths))
    bundle = tmp_path / "anna.cirkular"
    bundle.write_bytes(b"x")
    other = tmp_path / "photo.jpg"
    other.write_bytes(b"x")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(bundle)), QUrl.fromLocalFile(str(other))])
    event = QDropEvent(QPointF(50, 50), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    window.dropEvent(event)
    assert imported == [[str(bundle)]]


def test_import_from_the_file_menu(window, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    from cirkular_desktop.gui import sync_page

    imported = []
    monkeypatch.setattr(sync_page, "import_files", lambda ctx, paths, parent: imported.append(paths))
    monkeypatch.setattr(QFileDialog, "getOpenFileNames",
                        staticmethod(lambda *a, **k: ([str(tmp_path / "b.cirkular")], "")))
    QTest.keyClick(window, Qt.Key.Key_I, CTRL)
    assert imported == [[str(tmp_path / "b.cirkular")]]


def test_tab_goes_from_the_filter_to_the_list(window, filled_app):
    page = window.list_pages["organization"]
    page.refresh()
    page.focus_search()
    assert page.search.hasFocus()
    QTest.keyClick(page.search, Qt.Key.Key_Tab)
    focused = window.focusWidget()
    assert focused is page.view


def test_print_summary_shortcut_previews_the_selected_or_open_visit(window, filled_app, monkeypatch):
    from cirkular_desktop.gui import report_preview

    shown = []
    monkeypatch.setattr(report_preview, "preview_visit_summary", lambda ctx, visit_id, parent: shown.append(visit_id))
    window.show_page("visit")
    page = window.list_pages["visit"]
    page.view.selectRow(1)
    QTest.keyClick(window, Qt.Key.Key_P, CTRL)
    assert shown == [page.model.rows[1]["id"]]
    window.open_visit(page.model.rows[3]["id"])
    QTest.keyClick(window, Qt.Key.Key_P, CTRL)
    assert shown[-1] == page.model.rows[3]["id"]


def test_reports_and_export_are_in_the_file_menu(window, monkeypatch):
    from cirkular_desktop.gui import report_preview

    calls = []
    monkeypatch.setattr(report_preview, "preview_project_report", lambda ctx, parent: calls.append("project"))
    monkeypatch.setattr(report_preview, "batch_summaries_dialog", lambda ctx, parent: calls.append("batch"))
    monkeypatch.setattr(report_preview, "export_table_dialog", lambda ctx, table, parent: calls.append(table))
    window.show_page("need")
    for name in ("project_report", "batch_summaries", "export_table"):
        menu_action(window, "file", name).trigger()
    assert calls == ["project", "batch", "need"]


def test_status_bar_counts_changes_not_exported(window, ctx, app, qtbot):
    from cirkular_desktop.services import records, sync

    qtbot.waitUntil(lambda: window.status_pending.text().endswith(": 0"), timeout=3000)
    ctx.call(records.add_record, "organization", {"name": "Sunne Bageri AB", "country": "SE"})
    expected = sync.pending_count(app)
    assert expected > 0
    qtbot.waitUntil(lambda: window.status_pending.text().endswith(f": {expected}"), timeout=5000)


def test_window_title_says_where_the_person_is(window, app):
    from cirkular_desktop.services import records

    window.show_page("stream")
    assert window.windowTitle() == "Residual streams — Cirkulär"
    org = records.add_record(app, "organization", {"name": "Torsby Trä AB", "country": "SE"}).value
    window.open_organization(org)
    assert window.windowTitle() == "Torsby Trä AB — Cirkulär"


def test_empty_visit_list_leads_to_the_organizations(window, qtbot):
    window.show_page("visit")
    page = window.list_pages["visit"]
    assert page.stack.currentWidget() is page.empty
    qtbot.mouseClick(page.empty.button("organizations"), Qt.MouseButton.LeftButton)
    assert shown_table(window) == "organization"


def test_ctrl_q_quits_on_every_platform(window, qtbot):
    """Windows and the offscreen platform define no standard Quit key; Ctrl+Q still closes the window."""
    assert QKeySequence("Ctrl+Q") in window.actions_["quit"].shortcuts()
    QTest.keyClick(window, Qt.Key.Key_Q, CTRL)
    qtbot.waitUntil(lambda: not window.isVisible())


@pytest.mark.parametrize("lang", ["en", "sv", "nb"])
def test_each_menu_has_distinct_access_keys(window, ctx, lang):
    """Alt+letter in an open menu must reach one item, in every language."""
    import re

    from PySide6.QtWidgets import QMenu

    from cirkular_desktop import i18n

    try:
        i18n.set_language(lang)
        ctx.language_changed.emit(lang)
        for menu in [window.menuBar(), *window.menuBar().findChildren(QMenu)]:
            keys = [m.group(1).lower() for a in menu.actions() if (m := re.search(r"&(\w)", a.text()))]
            assert len(keys) == len(set(keys)), [a.text() for a in menu.actions()]
    finally:
        i18n.set_language("en")
        ctx.language_changed.emit("en")


def test_backup_suggests_a_dated_file_in_the_backups_folder(window, app, monkeypatch):
    import datetime

    from PySide6.QtWidgets import QFileDialog

    asked = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args: asked.append(args[2]) or ("", ""))
    window.backup_database()
    suggested = Path(asked[0])
    assert suggested.parent == app.paths.backups and suggested.suffix == ".cirkular-backup"
    assert suggested.name.startswith(f"cirkular-{datetime.date.today():%Y%m%d}-")
