"""``cirkular-desktop --self-test``: the source install passes it, and a broken part makes it fail loudly.

The passing run is a fresh process started the way a person would (the
``main`` of the installed command), with a display platform that cannot work
here, so it also proves the self-test goes offscreen by itself and leaves
the data folder alone. The failing runs break a real dependency of a step (the
catalogs go missing, the database cannot be opened), not the step itself.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cirkular_desktop import i18n, resources
from cirkular_desktop.errors import CirkularError
from cirkular_desktop.gui import qt_i18n, selftest
from cirkular_desktop.gui.main import main

SRC = str(Path(__file__).resolve().parents[2] / "src")
STEPS = len(selftest.STEPS)


@pytest.fixture
def english(qapp):
    yield
    i18n.set_language("en")
    qt_i18n.install(qapp, "en")


def test_the_source_install_passes_its_self_test_in_a_fresh_process(tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="xcb", CIRKULAR_DATA_DIR=str(tmp_path / "data"),
               CIRKULAR_LOG_DIR=str(tmp_path / "logs"))
    for name in ("DISPLAY", "WAYLAND_DISPLAY"):   # a build server: the native plugin is only noted
        env.pop(name, None)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (SRC, env.get("PYTHONPATH")) if p)
    env.pop("CIRKULAR_SYNC_WORKER", None)   # the real worker thread, as in the app
    done = subprocess.run([sys.executable, "-c", "from cirkular_desktop.gui.main import main; "
                           "raise SystemExit(main(['--self-test', '--lang', 'sv']))"],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=240)
    lines = done.stdout.splitlines()
    assert done.returncode == 0, done.stdout + done.stderr
    assert lines[0] == "Självtest av Cirkulär 0.1.0"
    steps = lines[1:-1]
    assert [line.split(" ", 1)[0] for line in steps] == [f"[{n}/{STEPS}]" for n in range(1, STEPS + 1)]
    assert all(line.split(" ")[1] == "ok" for line in steps), steps
    assert lines[-1] == "Självtestet gick igenom"
    assert not (tmp_path / "data").exists()          # the person's data folder is never opened
    assert not list(tmp_path.glob("cirkular-selftest-*"))
    log = (tmp_path / "logs" / "cirkular-desktop.log").read_text(encoding="utf-8")
    assert "Självtestet gick igenom" in log            # the lines reach the log too (windowed builds)


def test_missing_catalogs_fail_the_languages_step_and_the_exit_code(monkeypatch, capsys, english):
    monkeypatch.setattr(resources, "translations_dir", lambda: None)   # a build that forgot the .mo files
    monkeypatch.setattr(i18n, "_catalogs", {})
    assert main(["--self-test", "--lang", "en"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert f"[4/{STEPS}] FAILED Languages: no catalog for sv" in lines
    assert sum(" ok " in line for line in lines) == STEPS - 1        # every other step still ran
    assert lines[-1] == "Self-test failed: Languages"


@pytest.mark.parametrize("broken", ["open", "write"])
def test_a_database_that_fails_fails_its_step_and_skips_what_needs_it(monkeypatch, qapp, english, broken):
    """``write``: what a frozen build once did, when a module python-stdnum imports was left out."""
    from cirkular_desktop.services import app as app_services
    from cirkular_desktop.services import records as record_services

    if broken == "open":
        def fail(*args, **kwargs):
            raise CirkularError("the disk is full")

        monkeypatch.setattr(app_services, "open_app", fail)
        reason = "the disk is full"
    else:
        def fail(*args, **kwargs):
            raise ModuleNotFoundError("No module named 'pydoc'")

        monkeypatch.setattr(record_services, "add_record", fail)
        reason = "No module named 'pydoc'"
    lines: list[str] = []

    class Out:
        def write(self, text: str) -> None:
            lines.extend(t for t in text.splitlines() if t)

        def flush(self) -> None:
            pass

    assert selftest.run_self_test(qapp, Out()) == 1
    by_step = {line.split(" ", 3)[2].rstrip(":"): line for line in lines[1:-1]}
    number = 1 + [step.name for step in selftest.STEPS].index("Database")
    assert by_step["Database"] == f"[{number}/{STEPS}] FAILED Database: {reason}"
    for name in ("PDF", "Encrypted", "Main"):
        assert " SKIPPED " in by_step[name], by_step[name]
    assert " ok " in by_step["Qt"] and " ok " in by_step["Languages"]
    assert lines[-1] == "Self-test failed: Database, PDF, Encrypted bundle, Main window"


def test_the_windowed_path_prints_nothing_when_there_is_no_console(monkeypatch, qapp, english, tmp_path):
    """With sys.stdout missing (a windowed Windows build) the self-test writes only to the log."""
    from cirkular_desktop.gui import applog

    monkeypatch.setattr(sys, "stdout", None)
    monkeypatch.setattr(sys, "stderr", None)
    applog.reset()
    try:
        applog.configure(to_file=True, folder=tmp_path)
        assert isinstance(sys.stdout, applog.LogStream)
        steps = tuple(s for s in selftest.STEPS if s.check in (selftest.step_qt, selftest.step_resources))
        assert selftest.run_self_test(qapp, None, steps) == 0
        print("a stray print from somewhere")
    finally:
        applog.reset()
    log = (tmp_path / applog.LOG_NAME).read_text(encoding="utf-8")
    assert "[1/2] ok Qt" in log and "Self-test passed" in log and "a stray print from somewhere" in log


@pytest.mark.parametrize("display", [True, False])
def test_a_native_platform_plugin_that_cannot_load_fails_only_where_there_is_a_display(monkeypatch, qapp,
                                                                                      display):
    monkeypatch.setattr(selftest, "NATIVE_PLATFORMS", {sys.platform: ("offscreen",)})   # present everywhere
    monkeypatch.setattr(selftest, "_load_problem", lambda path: "libxcb-icccm.so.4: cannot open shared object file")
    monkeypatch.setattr(selftest, "_has_display", lambda: display)
    run = selftest.Run(qt_app=qapp, folder=Path("."), language="en")
    if display:
        with pytest.raises(selftest.StepFailed, match="offscreen platform plugin cannot load: libxcb-icccm"):
            selftest.step_qt(run)
    else:
        assert "offscreen cannot load here (no display, so not needed): libxcb-icccm" in selftest.step_qt(run)


def _run_steps(qapp, *checks) -> list[str]:
    lines: list[str] = []

    class Out:
        def write(self, text: str) -> None:
            lines.extend(t for t in text.splitlines() if t)

        def flush(self) -> None:
            pass

    steps = tuple(s for s in selftest.STEPS if s.check in checks)
    selftest.run_self_test(qapp, Out(), steps)
    return lines


@pytest.fixture
def resources_copy(tmp_path, monkeypatch):
    copy = tmp_path / "resources"
    shutil.copytree(resources.resources_dir(), copy)
    monkeypatch.setattr(resources, "resources_dir", lambda: copy)
    return copy


def test_a_page_of_the_guide_missing_in_one_language_fails_the_guide_step(qapp, english, resources_copy):
    (resources_copy / "help" / "nb" / "sync.md").unlink()     # the app would quietly show the English page
    lines = _run_steps(qapp, selftest.step_help)
    assert lines[1] == "[1/1] FAILED User guide: the guide's page sync.md is missing in nb"   # said in English
    assert lines[-1] == "Self-test failed: User guide"


def test_an_icon_that_does_not_draw_fails_the_images_step(qapp, english, resources_copy):
    from cirkular_desktop.gui import widgets

    (resources_copy / "icons" / "visit.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>", encoding="utf-8")
    if hasattr(widgets.icon, "cache_clear"):
        widgets.icon.cache_clear()
    try:
        lines = _run_steps(qapp, selftest.step_images)
    finally:
        if hasattr(widgets.icon, "cache_clear"):
            widgets.icon.cache_clear()
    assert lines[1] == "[1/1] FAILED Images and icons: icons that do not draw: visit"


def test_a_summary_without_its_fallback_fonts_fails_the_pdf_step(qapp, english, monkeypatch):
    """The PDF step reads which fonts the summary embeds: a build whose emoji font is gone fails it."""
    from cirkular_desktop.reports import fonts

    monkeypatch.setattr(fonts, "FALLBACKS", tuple(f for f in fonts.FALLBACKS if f[0] != "NotoEmoji"))
    monkeypatch.setattr(fonts, "_fallback_chars", {})
    monkeypatch.setattr(fonts, "_font_for", {})
    lines = _run_steps(qapp, selftest.step_database, selftest.step_pdf)
    assert lines[1].startswith("[1/2] ok Database: created in a temporary folder: ")
    assert lines[2] == "[2/2] FAILED PDF: fonts not embedded in the summary: NotoEmoji"
