"""Killed runs leave no temporary files for long (issue #14.7).

A process killed while it writes (an export to a USB stick, a restore, a
backup) leaves its hidden temporary file. The next run removes those whose
process is gone: in the data folder and its backups and quarantine folders
at every start, in the attachments folder at ``check``, and beside exports
and backups written elsewhere through the journal kept in the data folder —
as soon as that folder (the USB stick) is there again.

The kills are real: a child process runs the command with a hook that ends
it with ``os._exit`` (no cleanup runs) at the worst moment.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from cirkular_desktop import fileutil
from cirkular_desktop.services import records as rec
from cirkular_desktop.services.app import open_app

HOOKS = {
    # The bundle is complete in the data folder and half copied to the stick.
    "export": ("cirkular_desktop.fileutil", "copy_into_place", """
        def hooked(source, target, journal):
            with fileutil.OutsideWrite(target, journal) as tmp:
                tmp.write_bytes(Path(source).read_bytes()[:100])
                os._exit(9)
    """),
    # The backup is half written beside its target.
    "backup": ("cirkular_desktop.store.full_backup", "write", """
        def hooked(database, attachments, target, info, work):
            target.write(b"PK partial")
            target.flush()
            os._exit(9)
    """),
    # The restored database is staged in the data folder and about to replace the live one.
    "restore": ("cirkular_desktop.store.lifecycle", "os.replace", None),
}


def _killed(data_dir: Path, hook: str, *args: str) -> None:
    module, name, body = HOOKS[hook]
    if body is None:   # die instead of renaming the staged database into place
        patch = textwrap.dedent(f"""
            import os, {module} as target
            target.os = type("os", (), {{"replace": staticmethod(lambda *a: os._exit(9)),
                                         "unlink": os.unlink, "fsync": os.fsync}})
        """)
    else:
        patch = textwrap.dedent(f"""
            import os
            from pathlib import Path
            from cirkular_desktop import fileutil
            import {module} as target
        """) + textwrap.dedent(body) + f"\ntarget.{name} = hooked\n"
    script = patch + textwrap.dedent(f"""
        from cirkular_desktop.cli.main import main
        raise SystemExit(main({["--data-dir", str(data_dir), *args]!r}))
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300)
    assert done.returncode == 9, done.stderr


def _hidden(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob(".*.tmp")) if folder.exists() else []


@pytest.fixture
def filled(cli, data_dir):
    assert cli("init").code == 0
    with open_app(data_dir) as app:
        for index in range(20):
            rec.add_record(app, "organization", {"name": f"Företag {index}", "country": "SE"})


def test_a_killed_export_leaves_nothing_on_the_stick_after_the_next_run(cli, data_dir, tmp_path, filled):
    stick = tmp_path / "usb"
    stick.mkdir()
    _killed(data_dir, "export", "export-bundle", str(stick / "till-koordinatorn.cirkular"))
    assert _hidden(stick) and _hidden(data_dir)            # the partial copy, and the built bundle
    assert cli("list", "organization").code == 0            # any next run
    assert _hidden(stick) == [] and _hidden(data_dir) == []
    assert list((data_dir / "journal").glob("*.json")) == []


def test_a_stick_that_is_not_plugged_in_is_cleaned_when_it_is_back(cli, data_dir, tmp_path, filled):
    stick = tmp_path / "usb"
    stick.mkdir()
    _killed(data_dir, "export", "export-bundle", str(stick / "b.cirkular"))
    away = tmp_path / "in-a-pocket"
    stick.rename(away)                                       # unplugged
    assert cli("list", "organization").code == 0
    assert list((data_dir / "journal").glob("*.json"))     # remembered
    away.rename(stick)                                       # plugged in again
    assert cli("list", "organization").code == 0
    assert _hidden(stick) == [] and list((data_dir / "journal").glob("*.json")) == []


def test_a_killed_backup_to_another_folder_is_cleaned(cli, data_dir, tmp_path, filled):
    elsewhere = tmp_path / "external"
    elsewhere.mkdir()
    _killed(data_dir, "backup", "backup", "-o", str(elsewhere / "b.cirkular-backup"))
    assert _hidden(elsewhere)
    assert cli("list", "organization").code == 0
    assert _hidden(elsewhere) == [] and not (elsewhere / "b.cirkular-backup").exists()


def test_a_killed_restore_leaves_no_temporary_files_in_the_data_folder(cli, data_dir, tmp_path, filled):
    assert cli("backup", "-o", str(tmp_path / "b.cirkular-backup")).code == 0
    before = cli("dump").out
    _killed(data_dir, "restore", "restore", str(tmp_path / "b.cirkular-backup"))
    assert _hidden(data_dir)                                  # the staged database
    assert cli("dump").out == before                          # the live database was not replaced
    assert _hidden(data_dir) == []


def test_a_temporary_file_of_a_running_process_is_kept(tmp_path):
    mine = fileutil.temporary_sibling(tmp_path / "x.cirkular")           # this process is alive
    dead = tmp_path / f".y.cirkular.{_dead_pid()}-abcd1234.tmp"
    dead.write_bytes(b"half")
    other = tmp_path / ".notes.txt.swp"
    other.write_bytes(b"someone else's")
    assert fileutil.sweep(tmp_path) == [dead]
    assert mine.exists() and other.exists()
    old = tmp_path / f".z.cirkular.{os.getpid()}-abcd1234.tmp"
    old.write_bytes(b"")
    os.utime(old, (1, 1))                                                 # more than a day old
    assert fileutil.sweep(tmp_path) == [old]


def _dead_pid() -> int:
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    return int(done.stdout)
