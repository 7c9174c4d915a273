"""Start-up stays light (no ORM, migrations, cryptography, PDF code or Babel at the first list); the UI language.

The import check starts the real app (``gui.main.main``) in a fresh Python
process, offscreen, on a data folder with records, and looks at
``sys.modules`` once the first list has painted its rows and the deferred
status-bar work has had time to run. Timing is measured by the benchmarks.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

pytest.importorskip("PySide6")

# Babel too: the first list formats its numbers with gui.models.number, and dates are not on it.
HEAVY = ("sqlalchemy", "sqlmodel", "pydantic", "alembic", "cryptography", "reportlab", "babel")
LAZY_GUI = ("cirkular_desktop.gui.preferences", "cirkular_desktop.gui.sync_page", "cirkular_desktop.gui.conflicts_page",
            "cirkular_desktop.gui.report_preview", "cirkular_desktop.gui.about", "cirkular_desktop.gui.visit",
            "cirkular_desktop.store.uow", "cirkular_desktop.store.schema", "cirkular_desktop.services.sync")

CHILD = textwrap.dedent("""
    import json, os, sys
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication, QTableView

    qt_app = QApplication(sys.argv[:1])

    class Watcher(QObject):
        painted = False

        def eventFilter(self, obj, event):
            if not self.painted and event.type() == QEvent.Type.Paint:
                view = obj.parent() if obj is not None else None
                if isinstance(view, QTableView) and obj is view.viewport() and view.model().rowCount() > 0:
                    self.painted = True
                    QTimer.singleShot(500, self.report)  # let the deferred status-bar work run too
            return False

        def report(self):
            print("MODULES " + json.dumps(sorted(sys.modules)), flush=True)
            os._exit(0)

    watcher = Watcher()
    qt_app.installEventFilter(watcher)
    QTimer.singleShot(60_000, lambda: os._exit(3))
    from cirkular_desktop.gui import main
    main.main(["--data-dir", sys.argv[1], "--lang", "sv"])
    os._exit(4)
""")


@pytest.fixture
def filled_data_dir(tmp_path: Path) -> Path:
    from cirkular_desktop.services import records
    from cirkular_desktop.services.app import open_app

    data = tmp_path / "data"
    with open_app(data) as app:
        org = records.add_record(app, "organization", {"name": "Säffle Snickeri AB", "country": "SE"}).value
        records.add_record(app, "stream", {"organization_id": org, "title": "Spån", "quantity": "3", "unit": "t"})
    return data


def _modules_at_first_list(data: Path) -> list[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env.pop("CIRKULAR_SYNC_WORKER", None)  # the real worker thread, as in the app
    src = str(Path(__file__).resolve().parents[2] / "src")
    env["PYTHONPATH"] = os.pathsep.join(p for p in (src, env.get("PYTHONPATH")) if p)
    done = subprocess.run([sys.executable, "-c", CHILD, str(data)], env=env, capture_output=True, text=True,
                          timeout=120)
    for line in done.stdout.splitlines():
        if line.startswith("MODULES "):
            return json.loads(line[len("MODULES "):])
    raise AssertionError(f"the app did not paint a filled list (exit {done.returncode}): {done.stderr[-2000:]}")


def test_first_filled_list_loads_no_orm_migrations_crypto_pdf_or_babel(filled_data_dir):
    modules = _modules_at_first_list(filled_data_dir)
    assert "cirkular_desktop.gui.window" in modules and "cirkular_desktop.services.browse" in modules
    heavy = sorted(m for m in modules if m.split(".")[0] in HEAVY)
    assert heavy == []
    lazy = sorted(m for m in modules if any(m == name or m.startswith(name + ".") for name in LAZY_GUI))
    assert lazy == []


@pytest.fixture
def no_language_environment(monkeypatch):
    from cirkular_desktop import i18n

    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setattr(i18n, "_platform_locales", lambda: [])


def test_ui_language_comes_from_the_desktop_when_the_environment_says_nothing(no_language_environment):
    from cirkular_desktop.gui.main import choose_language

    assert choose_language(None, None, lambda: ["nb-NO", "en-US"]) == "nb"
    assert choose_language(None, None, lambda: ["sv-SE"]) == "sv"
    assert choose_language(None, None, lambda: ["de-DE", "fr-FR"]) == "en"
    assert choose_language(None, None, lambda: []) == "en"


def test_explicit_and_saved_language_win_without_asking_qt(no_language_environment, monkeypatch):
    from cirkular_desktop.gui.main import choose_language

    def not_asked() -> list[str]:
        raise AssertionError("the desktop's languages are only asked when nothing else decided")

    assert choose_language("sv", "nb", not_asked) == "sv"
    assert choose_language(None, "nb", not_asked) == "nb"
    monkeypatch.setenv("LANG", "sv_SE.UTF-8")
    assert choose_language(None, None, lambda: ["nb-NO"]) == "sv"  # the environment still comes first
