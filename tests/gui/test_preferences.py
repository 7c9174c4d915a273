"""Preferences (language switched live, device name, default unit), About, and ``--screenshots``."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from cirkular_desktop import i18n, settings
from cirkular_desktop.gui.about import AboutDialog
from cirkular_desktop.gui.preferences import PreferencesDialog
from cirkular_desktop.services import maintenance


def sv(text: str) -> str:
    with i18n.using_language("sv"):
        return i18n.gettext(text)


@pytest.fixture
def english_afterwards():
    yield
    from cirkular_desktop.gui.preferences import install_qt_translations

    i18n.set_language("en")
    install_qt_translations("en")  # Qt's own strings back to English for the next tests


def test_switching_language_retranslates_the_window_without_restart(window, ctx, app, monkeypatch,
                                                                     english_afterwards):
    assert window.menus["file"].title() == "&File"
    assert window.nav.item(0).text() == "Organizations"
    window.show_page("stream")
    opened = []

    def choose_swedish(dialog):
        opened.append(dialog)
        dialog.language.setCurrentIndex(dialog.language.findData("sv"))
        dialog.accept()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(PreferencesDialog, "exec", choose_swedish)
    window.actions_["preferences"].trigger()
    assert opened
    assert i18n.get_language() == "sv"
    assert settings.load(app.paths)["language"] == "sv"
    assert window.menus["file"].title() == sv("&File") != "&File"
    assert window.nav.item(0).text() == sv("Organizations") != "Organizations"
    page = window.list_pages["stream"]
    assert page.title.text() == sv("Residual streams")
    header = page.model.headerData(0, Qt.Orientation.Horizontal)
    assert header == sv("Title")
    assert window.actions_["new_visit"].text() == sv("New &visit…")


def test_device_name_and_default_unit_are_saved(ctx, app, qtbot):
    dialog = PreferencesDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.device_name.setText("Kari, Skiptvet")
    dialog.unit.setCurrentIndex(dialog.unit.findData("m3"))
    dialog.currency.setCurrentIndex(dialog.currency.findData("NOK"))
    dialog.accept()
    assert maintenance.device_info(app)["name"] == "Kari, Skiptvet"
    stored = settings.load(app.paths)
    assert stored["default_unit"] == "m3" and stored["default_currency"] == "NOK"


def test_a_device_name_that_cannot_be_saved_keeps_the_dialog_open(ctx, app, qtbot, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from cirkular_desktop.errors import StoreError

    def refuse(*_args, **_kwargs):
        raise StoreError("The data folder is read-only.")

    shown = []
    monkeypatch.setattr(maintenance, "set_device_name", refuse)
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text, *a: shown.append(text))
    dialog = PreferencesDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.device_name.setText("Kari, Skiptvet")
    dialog.unit.setCurrentIndex(dialog.unit.findData("m3"))
    dialog.accept()
    assert shown == ["The data folder is read-only."]
    assert dialog.isVisible() and dialog.device_name.text() == "Kari, Skiptvet"
    assert settings.load(app.paths).get("default_unit") != "m3"  # nothing half-saved
    dialog.close()


def test_settings_that_cannot_be_written_are_one_line_and_never_stop_the_window(window, ctx, app, qtbot,
                                                                                monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from cirkular_desktop import fileutil

    def full_disk(*_args, **_kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(fileutil, "atomic_write_text", full_disk)
    with i18n.using_language("sv"):
        with pytest.raises(Exception) as caught:
            settings.save(app.paths, {"default_unit": "kg"})
    assert str(caught.value) == sv("cannot save the settings in {path}: {reason}").format(
        path=app.paths.settings, reason=sv("the disk is full"))
    # Where the user was (geometry, last view) is only a convenience: no error, the window goes on.
    window._remember({"last_view": "stream"})
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text, *a: shown.append(text))
    dialog = PreferencesDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.unit.setCurrentIndex(dialog.unit.findData("m3"))
    dialog.accept()
    assert len(shown) == 1 and "\n" not in shown[0] and str(app.paths.settings) in shown[0]
    assert dialog.isVisible()
    dialog.close()


def test_about_names_version_and_licenses(qtbot):
    from cirkular_desktop import __version__

    dialog = AboutDialog()
    qtbot.addWidget(dialog)
    text = dialog.licenses.toPlainText()
    for name in ("Qt", "PySide6", "ReportLab", "DejaVu", "LGPL", "MIT"):
        assert name in text
    assert __version__ in text


def test_screenshots_drop_only_the_offscreen_platforms_noise(qtlog):
    from PySide6.QtCore import qWarning

    from cirkular_desktop.gui.screenshots import quiet_offscreen_warnings

    with quiet_offscreen_warnings():
        qWarning("This plugin does not support propagateSizeHints()")
        qWarning("QPainter::begin: Paint device returned engine == 0")
    qWarning("This plugin does not support propagateSizeHints()")  # outside the screenshots: as before
    assert [r.message for r in qtlog.records] == ["QPainter::begin: Paint device returned engine == 0",
                                                  "This plugin does not support propagateSizeHints()"]


@pytest.mark.slow
def test_screenshots_render_every_view(tmp_path, qapp):
    from cirkular_desktop.gui.main import main

    folder = tmp_path / "shots"
    assert main(["--screenshots", str(folder), "--lang", "nb", "--data-dir", str(tmp_path / "empty")]) == 0
    names = {p.name for p in folder.glob("*.png")}
    expected = {"first-run.png", "organizations.png", "visits.png", "streams.png", "needs.png", "ideas.png",
                "matches.png", "organization-editor.png", "organization-new-invalid.png", "preferences.png"}
    assert expected <= names
    assert all((folder / n).stat().st_size > 5000 for n in expected)
    assert not (tmp_path / "empty" / "cirkular.sqlite").exists()  # demo data went to a temporary folder


def test_screenshots_refuse_a_broken_data_folder_in_one_line(tmp_path, qapp, capsys):
    from cirkular_desktop.gui.main import main

    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "cirkular.sqlite").write_bytes(b"this is not a database" * 100)
    assert main(["--screenshots", str(tmp_path / "shots"), "--data-dir", str(folder)]) == 1
    err = capsys.readouterr().err.strip()
    assert err and "\n" not in err and "cirkular.sqlite" in err


def test_screenshot_window_leaves_settings_alone(ctx, app, qtbot):
    from cirkular_desktop.gui.window import MainWindow

    window = MainWindow(ctx, restore=False, remember=False)
    qtbot.addWidget(window)
    window.show_page("need")
    window.close()
    assert not app.paths.settings.exists()
