"""The first start and the demo as a new project leader meets them (issue #17).

Who is working (the person's and the computer's names, and where they show),
"Try with demo data" in a folder and window of its own that is never exported
— proved by exporting the project's data after the demo and reading what the
bundle holds — and the defaults that follow the user.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from cirkular_desktop import settings
from cirkular_desktop.errors import ConflictError
from cirkular_desktop.services import browse, demo_folder, maintenance, profile, visits
from cirkular_desktop.services import records as rec
from cirkular_desktop.services import sync


def _type(qtbot, field, text):
    field.setFocus()
    field.selectAll()
    qtbot.keyClicks(field, text)


def test_a_fresh_folder_starts_by_asking_who_is_working(make_window, ctx, app, qtbot):
    window = make_window(first_start=True)
    page = window.welcome
    assert page is not None and window.stack.currentWidget() is page
    assert window.current_list() is None
    _type(qtbot, page.user_name, "Anna Berg")
    assert page.computer_name.text() == "Anna Berg's laptop"   # it follows the name until typed itself
    _type(qtbot, page.computer_name, "Annas dator, Saffle")
    qtbot.mouseClick(page.start_button, Qt.MouseButton.LeftButton)

    assert window.current_list() is window.list_pages["organization"]
    assert settings.load(app.paths)["user_name"] == "Anna Berg"
    assert maintenance.device_info(app)["name"] == "Annas dator, Saffle"
    assert window.status_device.text() == "Computer: Annas dator, Saffle"

    org = ctx.call(rec.add_record, "organization", {"name": "Säffle Snickeri AB", "country": "SE"})
    visit_id = window.start_visit(org)
    assert rec.get_record(app, "visit", visit_id)["visitors"] == ["Anna Berg"]   # the visitor is filled in
    window.close_visit()

    again = make_window(first_start=True)   # asked once only
    assert again.welcome is None and again.current_list() is not None


def test_later_puts_it_off_and_a_bad_name_is_refused_in_one_line(make_window, app, qtbot):
    window = make_window(first_start=True)
    page = window.welcome
    _type(qtbot, page.user_name, "x" * 90)   # the field stops at 80; the service checks too
    assert len(page.user_name.text()) == 80
    page.user_name.setText("Anna\x07Berg")
    page.start()
    assert page.error.isVisible() and "control character" in page.error.text()
    assert settings.load(app.paths).get("user_name") is None and window.stack.currentWidget() is page
    qtbot.mouseClick(page.later_button, Qt.MouseButton.LeftButton)
    assert window.current_list() is window.list_pages["organization"]
    assert profile.who(app)["welcomed"] and not profile.needs_welcome(app)


def test_a_folder_with_data_is_not_a_first_start(filled_app, make_window):
    assert profile.needs_welcome(filled_app) is False   # it has records: someone has worked here
    assert make_window(first_start=True).welcome is None


def _visible_windows():
    return [w for w in QApplication.topLevelWidgets() if w.isVisible() and w.objectName() == "mainWindow"]


@pytest.mark.slow
def test_demo_data_opens_apart_and_never_reaches_the_projects_bundle(make_window, ctx, app, qtbot, tmp_path):
    from cirkular_desktop.services.app import open_app

    window = make_window(first_start=True)
    qtbot.mouseClick(window.welcome.demo_button, Qt.MouseButton.LeftButton)   # synchronous worker in tests
    demo = window.demo_window
    assert demo is not None and demo.isVisible() and not window.isVisible()
    assert demo.demo_banner is not None and demo.demo_banner.isVisible()
    assert "DEMO" in demo.demo_banner.label.text() and demo.windowTitle().startswith("DEMO")
    demo_app = demo.ctx.app
    assert demo_app.paths.data_dir == app.paths.data_dir / "demo" and demo_folder.is_demo(demo_app)
    assert browse.count(demo_app, "organization") == 40 and demo.list_pages["organization"].model.total == 40
    assert browse.count(app, "organization") == 0 and sync.pending_count(app) == 0   # nothing in the project
    demo_ids = {row["id"] for table in ("organization", "stream", "visit")
                for row in browse.list_page(demo_app, table, limit=2000).rows}

    # The demo is never exported: not offered in its window, and refused by the service (the CLI's too).
    assert not demo.actions_["export_bundle"].isEnabled() and not demo.actions_["demo"].isEnabled()
    demo.show_page("sync")
    assert not demo.pages["sync"].export_button.isEnabled()
    with pytest.raises(ConflictError, match="demo"):
        sync.export_bundle(demo_app, tmp_path / "demo.cirkular")
    assert not (tmp_path / "demo.cirkular").exists()

    qtbot.mouseClick(demo.demo_banner.leave_button, Qt.MouseButton.LeftButton)
    assert window.isVisible() and window.demo_window is None and _visible_windows() == [window]

    # Back in the project: one organization of its own, exported through the Sync page.
    window.welcome.user_name.setText("Kari Dahl")
    window.welcome.start()
    ctx.call(rec.add_record, "organization", {"name": "Marker Sagbruk AS", "country": "NO"})
    window.show_page("sync")
    page = window.pages["sync"]
    page.path_edit.setText(str(tmp_path / "project.cirkular"))
    assert page.encrypt_check.isChecked()   # encrypted by default: it carries personal data
    page.passphrase_edit.setText("skogen i Värmland")
    page.confirm_edit.setText("skogen i Värmland")
    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    assert (tmp_path / "project.cirkular").is_file()

    with open_app(tmp_path / "coordinator") as coordinator:
        sync.import_bundles(coordinator, [tmp_path / "project.cirkular"], passphrase="skogen i Värmland")
        received = {table: browse.list_page(coordinator, table, limit=2000).rows
                    for table in ("organization", "stream", "visit", "need", "idea", "contact")}
    assert [row["name"] for row in received["organization"]] == ["Marker Sagbruk AS"]
    assert all(not rows for table, rows in received.items() if table != "organization")
    assert not demo_ids & {row["id"] for rows in received.values() for row in rows}

    # Trying the demo again opens the same folder, already made (no second copy of the data).
    window.try_demo()
    assert browse.count(window.demo_window.ctx.app, "organization") == 40
    window.demo_window.close()
    assert window.isVisible()


def test_demo_folder_is_refused_over_other_data(app, tmp_path):
    from cirkular_desktop.paths import AppPaths
    from cirkular_desktop.services.app import open_app

    with open_app(tmp_path / "data" / "demo") as other:
        rec.add_record(other, "organization", {"name": "Real AB", "country": "SE"})
        with pytest.raises(ConflictError):
            demo_folder.prepare(other)
        assert not demo_folder.is_demo(other)
    assert demo_folder.demo_paths(AppPaths(tmp_path / "data")).data_dir == tmp_path / "data" / "demo"


def test_a_new_organizations_country_follows_the_language_then_the_last_one(make_window, ctx, app):
    from cirkular_desktop import i18n

    try:
        i18n.set_language("nb")
        assert profile.default_country(app) == "NO"
        i18n.set_language("sv")
        assert profile.default_country(app) == "SE"
        window = make_window()
        window.new_organization()
        form = window.editor.form
        assert form.editors["country"].value() == "SE"
        form.editors["name"].widget.setText("Halden Gjenvinning AS")
        form.editors["country"].set_raw("NO")
        assert window.editor.save()
        window.close_editor()
        window.new_organization()
        assert window.editor.form.editors["country"].value() == "NO"   # the last one registered here
        window.close_editor()
    finally:
        i18n.set_language("en")


def test_start_visit_without_a_known_name_lists_no_visitor(app):
    org = rec.add_record(app, "organization", {"name": "Torsby Trä AB", "country": "SE"}).value
    assert "visitors" not in {k for k, v in rec.get_record(app, "visit", visits.start_visit(app, org).value).items()
                              if v}
    profile.set_who(app, user_name="Ola Nordmann", computer_name="")
    assert rec.get_record(app, "visit", visits.start_visit(app, org).value)["visitors"] == ["Ola Nordmann"]
    assert rec.get_record(app, "visit", visits.start_visit(app, org, visitors=[]).value).get("visitors") in (None, [])
