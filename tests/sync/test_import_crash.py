"""Crash test (issue #3): ``kill -9`` at random moments during a large import.

The import use case behind ``cirkular import-bundle`` runs in a subprocess and is killed at a
random moment of its import (timed from the appearance of its pre-import
backup, i.e. while it validates and applies). Afterwards the database passes
``integrity_check`` and holds exactly the state before or after the import —
never part of it. Trials run a few at a time to keep the suite fast.
"""

from __future__ import annotations

import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cirkular_desktop.services import demo, maintenance
from cirkular_desktop.services import records as rec
from cirkular_desktop.services import sync
from cirkular_desktop.services.app import open_app

TRIALS = 30
PARALLEL = 3
_IMPORT = ("import sys\n"
           "from cirkular_desktop.services.app import open_app\n"
           "from cirkular_desktop.services.sync import import_bundles\n"
           "with open_app(sys.argv[1]) as app:\n"
           "    import_bundles(app, [sys.argv[2]])\n")


@pytest.fixture(scope="module")
def scenario(tmp_path_factory):
    root = tmp_path_factory.mktemp("crash")
    with open_app(root / "source") as source:
        demo.add_demo(source, seed=7, scale=1)
        sync.export_bundle(source, root / "large.cirkular")
    with open_app(root / "template") as target:
        rec.add_record(target, "organization", {"name": "Skiptvet Kommune", "country": "NO"})
        before = rec.dump(target)
    shutil.copytree(root / "template", root / "after")
    with open_app(root / "after") as after_app:
        sync.import_bundles(after_app, [root / "large.cirkular"])
        after = rec.dump(after_app)
    assert before != after
    return root, before, after


def _start(root: Path, trial: int) -> tuple[subprocess.Popen, Path]:
    folder = root / f"trial-{trial}"
    shutil.copytree(root / "template", folder)
    # The import use case itself (what ``cirkular import-bundle`` calls), without loading every command.
    process = subprocess.Popen([sys.executable, "-c", _IMPORT, str(folder), str(root / "large.cirkular")],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return process, folder


def _wait_for_backup(process: subprocess.Popen, folder: Path, timeout: float = 60) -> float:
    end = time.monotonic() + timeout
    while time.monotonic() < end and process.poll() is None:
        if any((folder / "backups").glob("auto-*-before-import.sqlite")):
            return time.monotonic()
        time.sleep(0.005)
    return time.monotonic()


def _apply_seconds(root: Path) -> float:
    """How long the subprocess takes from its backup to its exit on this machine, right now."""
    process, folder = _start(root, -1)
    started = _wait_for_backup(process, folder)
    process.wait(timeout=120)
    assert process.returncode == 0
    return max(time.monotonic() - started, 0.05)


@pytest.mark.slow
def test_kill_during_import_leaves_before_or_after(scenario):
    root, before, after = scenario
    window = _apply_seconds(root)
    rng = random.Random(20260921)
    outcomes = {"before": 0, "after": 0}
    killed_while_running = 0
    for start in range(0, TRIALS, PARALLEL):
        batch = [_start(root, trial) for trial in range(start, min(start + PARALLEL, TRIALS))]
        deadlines: dict[int, float] = {}
        alive = set(range(len(batch)))
        give_up = time.monotonic() + 120
        while alive and time.monotonic() < give_up:
            for index in sorted(alive):
                process, folder = batch[index]
                now = time.monotonic()
                if index not in deadlines and any((folder / "backups").glob("auto-*-before-import.sqlite")):
                    deadlines[index] = now + rng.uniform(0, window * 1.1)
                if process.poll() is not None or (index in deadlines and now >= deadlines[index]):
                    if process.poll() is None:
                        killed_while_running += 1
                    process.kill()   # SIGKILL: no cleanup, no atexit, like pulling the plug
                    process.wait()
                    alive.discard(index)
            time.sleep(0.002)
        for _process, folder in batch:
            with open_app(folder) as app:
                assert maintenance.check(app).integrity == []
                state = rec.dump(app)
            assert state in (before, after), f"partial import in {folder}"
            outcomes["before" if state == before else "after"] += 1
            shutil.rmtree(folder)
    assert killed_while_running >= TRIALS // 3, outcomes
    assert outcomes["before"] > 0
