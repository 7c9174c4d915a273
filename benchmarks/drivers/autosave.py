"""Time the visit screen's autosave: from the last keystroke to the answer stored in the database.

The visit screen promises that what is typed is stored within about a second
(debounce, then one write on the GUI's worker), so a killed laptop loses at
most the last second of typing. This driver opens a visit on a fresh data
folder offscreen with the app's real worker thread, types an answer like a
person (QTest), and polls the database every 10 ms until the answer is there:
one sample per answer typed. CPU time of the process over the same span is
reported beside it. It replaces the timing assertion the GUI test once made.

Imports: PySide6, cirkular_desktop (gui.visit, services), benchmarks.harness.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.pop("CIRKULAR_SYNC_WORKER", None)   # the real worker thread, as in the app

from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication, QLineEdit  # noqa: E402

from benchmarks.harness import emit  # noqa: E402

POLL_S = 0.010
GIVE_UP_S = 30.0


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scratch", required=True)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    from cirkular_desktop.gui.context import GuiContext
    from cirkular_desktop.gui.visit.page import VisitPage
    from cirkular_desktop.services import records, visits
    from cirkular_desktop.services.app import open_app

    qt_app = QApplication([])
    app = open_app(Path(tempfile.mkdtemp(prefix="autosave-", dir=args.scratch)) / "data")
    organization = records.add_record(app, "organization", {"name": "Torsby Trä AB", "country": "SE"}).value
    visit_id = visits.start_visit(app, organization).value
    page = VisitPage(GuiContext(app), visit_id)
    page.resize(1200, 800)
    page.show()
    qt_app.processEvents()
    field = page.findChild(QLineEdit, "q_activity")
    field.setFocus()
    samples: list[float] = []
    cpu: list[float] = []
    for number in range(args.repeat):
        text = f"Sågverk och hyvleri {number}"
        field.selectAll()
        QTest.keyClicks(field, text)
        started, started_cpu = time.perf_counter(), time.process_time()
        while (records.get_record(app, "visit", visit_id)["answers"] or {}).get("activity") != text:
            if time.perf_counter() - started > GIVE_UP_S:
                raise SystemExit(f"the answer was not stored within {GIVE_UP_S:.0f} s")
            qt_app.processEvents()
            time.sleep(POLL_S)
        samples.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    emit({"stored_s": samples, "cpu_s": cpu, "poll_s": POLL_S})
    os._exit(0)  # skip Qt's tear-down: nothing of it is measured


if __name__ == "__main__":
    raise SystemExit(main())
