"""Autosave: a killed app loses at most the last second of typing, and reopens the visit where it was.

A child process opens the visit offscreen, types like a person (QTest), lets
the event loop run until the autosave timers have written it, says "ready"
and keeps running; the test kills
it with SIGKILL — no close event, no flush, no atexit — and then opens the
same data directory as a restarted app would.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest

pytest.importorskip("PySide6.QtWidgets")
os.environ["CIRKULAR_SYNC_WORKER"] = "1"

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit  # noqa: E402

from cirkular_desktop.gui.context import GuiContext  # noqa: E402
from cirkular_desktop.gui.visit.autosave import Debouncer  # noqa: E402
from cirkular_desktop.gui.visit.page import VisitPage  # noqa: E402
from cirkular_desktop.services import records, visits  # noqa: E402
from cirkular_desktop.services.app import open_app  # noqa: E402

pytestmark = pytest.mark.gui

CHILD = textwrap.dedent("""
    import os, sys, time
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtCore import QCoreApplication, Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit
    from cirkular_desktop.gui.context import GuiContext
    from cirkular_desktop.gui.visit.page import VisitPage
    from cirkular_desktop.services.app import open_app

    qt = QApplication([])
    app = open_app(sys.argv[1])
    page = VisitPage(GuiContext(app), sys.argv[2])
    page.resize(1200, 800)
    page.show()
    page.activateWindow()
    QTest.qWaitForWindowActive(page)
    activity = page.findChild(QLineEdit, "q_activity")
    activity.setFocus()
    QTest.keyClicks(activity, "Sawmill and planing")
    QTest.keyClick(activity, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert page.current_section() == "processes", page.current_section()
    page.restore_section("streams")
    QTest.keyClicks(page.findChild(QPlainTextEdit, "q_main_streams"), "Bark, sawdust")
    page.restore_section("@streams")
    QTest.mouseClick(page.streams.add_button, Qt.MouseButton.LeftButton)
    QTest.keyClicks(page.streams.editor.fields["title"].widget, "Bark heap")
    QTest.keyClicks(page.streams.editor.fields["quantity"].widget, "120")
    from cirkular_desktop.services import records, visits

    def stored():  # written by the autosave timers alone: nothing here flushes
        answers = records.get_record(app, "visit", sys.argv[2])["answers"] or {}
        streams = visits.visit_items(app, sys.argv[2], "stream")
        return answers.get("main_streams") == "Bark, sawdust" and [s["quantity"] for s in streams] == ["120"]

    # How soon is the benchmark's business (budget `autosave`); here only that it happens.
    deadline = time.monotonic() + 60
    while not stored() and time.monotonic() < deadline:
        qt.processEvents()
        time.sleep(0.02)
    print("ready", flush=True)
    QTest.keyClicks(page.findChild(QLineEdit, "q_largest_stream"), "typed just before the crash")
    while True:  # still open with a visit on screen, as when the battery dies
        qt.processEvents()
        time.sleep(0.02)
""")


def test_a_killed_app_keeps_what_was_typed_and_reopens_the_visit(data_dir, tmp_path):
    with open_app(data_dir) as app:
        org = records.add_record(app, "organization", {"name": "Torsby Trä", "country": "SE"}).value
        visit_id = visits.start_visit(app, org).value
    script = tmp_path / "child.py"
    script.write_text(CHILD, encoding="utf-8")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", CIRKULAR_SYNC_WORKER="0")
    child = subprocess.Popen([sys.executable, str(script), str(data_dir), visit_id], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True, env=env)
    try:
        line = child.stdout.readline()
        assert line.strip() == "ready", child.stderr.read() if child.poll() is not None else line
        time.sleep(0.1)
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(10)
        child.stdout.close()
        child.stderr.close()
    assert child.returncode == -signal.SIGKILL

    with open_app(data_dir) as app:
        answers = records.get_record(app, "visit", visit_id)["answers"]
        assert answers["activity"] == "Sawmill and planing"
        assert answers["main_streams"] == "Bark, sawdust"
        # Typed 0.1 s before the kill: inside the debounce, so it may be lost — that is the promise.
        assert answers.get("largest_stream") in (None, "typed just before the crash")
        assert [(s["title"], s["quantity"], s["unit"]) for s in visits.visit_items(app, visit_id, "stream")] == [
            ("Bark heap", "120", "t")]
        assert visits.open_visit_state(app) == {"id": visit_id, "section": "@streams"}


def test_reopening_restores_the_section_and_closing_forgets_the_visit(app, qtbot):
    org = records.add_record(app, "organization", {"name": "Sunne Sågverk", "country": "SE"}).value
    visit_id = visits.start_visit(app, org).value
    ctx = GuiContext(app)
    page = VisitPage(ctx, visit_id)
    qtbot.addWidget(page)
    page.show()
    page.restore_section("handling")
    assert visits.open_visit_state(app) == {"id": visit_id, "section": "handling"}
    page.findChild(QLineEdit, "q_current_hauler").setFocus()
    qtbot.keyClicks(page.findChild(QLineEdit, "q_current_hauler"), "Ragn-Sells")
    # Leaving before the debounce fires still saves: hiding the page flushes.
    page.hide()
    assert records.get_record(app, "visit", visit_id)["answers"]["current_hauler"] == "Ragn-Sells"

    state = visits.open_visit_state(app)
    again = VisitPage(ctx, state["id"])
    qtbot.addWidget(again)
    again.restore_section(state["section"])
    assert again.current_section() == "handling"
    assert again.findChild(QLineEdit, "q_current_hauler").text() == "Ragn-Sells"
    with qtbot.waitSignal(again.closed, timeout=5000):
        qtbot.mouseClick(again.close_button, Qt.MouseButton.LeftButton)
    assert visits.open_visit_state(app) is None


def test_typing_is_stored_within_a_second_and_bad_input_is_shown_inline(app, qtbot):
    org = records.add_record(app, "organization", {"name": "Skiptvet Mek", "country": "NO"}).value
    visit_id = visits.start_visit(app, org).value
    page = VisitPage(GuiContext(app), visit_id)
    qtbot.addWidget(page)
    page.show()
    employees = page.findChild(QLineEdit, "q_employees")
    employees.setFocus()
    qtbot.keyClicks(employees, "many")
    qtbot.keyClicks(page.findChild(QLineEdit, "q_activity"), "Machining")
    # "Within a second" is the debounce below a second plus one write; how long it takes on a real
    # machine is timed by `python -m benchmarks` (budget `autosave`), not asserted on a busy CI machine.
    delays = [d.delay_ms() for d in page.findChildren(Debouncer)]
    assert delays and max(delays) < 1000
    qtbot.waitUntil(lambda: "activity" in (records.get_record(app, "visit", visit_id)["answers"] or {}),
                    timeout=10_000)
    error = page.questions["employees"].error
    assert not error.isHidden() and "many" in error.text()
    organization_id = records.get_record(app, "visit", visit_id)["organization_id"]
    assert records.get_record(app, "organization", organization_id)["employees"] is None
    employees.clear()
    qtbot.keyClicks(employees, "12")
    # The number of employees is kept on the organization (questionnaire v2 binds it there).
    qtbot.waitUntil(lambda: records.get_record(app, "organization", organization_id)["employees"] == 12,
                    timeout=10_000)
    assert error.isHidden()
    assert isinstance(page.findChild(QPlainTextEdit, "q_main_streams"), QPlainTextEdit)


def test_a_failed_save_keeps_the_answer_and_tries_again(app, qtbot, monkeypatch):
    org = records.add_record(app, "organization", {"name": "Eda Bygg", "country": "SE"}).value
    visit_id = visits.start_visit(app, org).value
    page = VisitPage(GuiContext(app), visit_id)
    qtbot.addWidget(page)
    page.show()
    real = visits.save_answers
    failures = []

    def flaky(*args, **kwargs):
        if not failures:
            failures.append(1)
            raise OSError("disk full")
        return real(*args, **kwargs)

    monkeypatch.setattr(visits, "save_answers", flaky)
    line = page.findChild(QLineEdit, "q_activity")
    line.setFocus()
    qtbot.keyClicks(line, "Builders")
    page.flush_answers()
    assert failures and page.pending and not page.banner.isHidden()
    qtbot.waitUntil(lambda: "activity" in (records.get_record(app, "visit", visit_id)["answers"] or {}),
                    timeout=1500)
    assert page.banner.isHidden()
