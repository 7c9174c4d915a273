"""A full disk is reported as a full disk, never as a damaged database (issue #14.5).

The data folder is on a small tmpfs filled to the last byte. Every command
either still works or refuses in one line that says the disk is full — never
"damaged" or "restore a backup", advice that would throw away every change
since the backup. Once space is freed, the data is intact.

Mounting needs root; elsewhere the test is skipped and says why.
"""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from cirkular_desktop.services import records as rec
from cirkular_desktop.services.app import open_app


@pytest.fixture
def small_disk(tmp_path):
    mount = tmp_path / "disk"
    mount.mkdir()
    if os.name != "posix" or shutil.which("mount") is None:
        pytest.skip("no mount command here to make a small file system")
    made = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(mount)],
                          capture_output=True, text=True)
    if made.returncode != 0:
        pytest.skip(f"cannot mount a small file system here (needs root): {made.stderr.strip() or 'refused'}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], capture_output=True)


def _fill(folder):
    """A file that takes every byte left (large writes first, then single bytes)."""
    filler = folder / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o644)
    try:
        for size in (1 << 16, 4096, 1):
            try:
                while os.write(fd, b"\0" * size):
                    pass
            except OSError:
                pass
        try:
            os.fsync(fd)
        except OSError:
            pass
    finally:
        os.close(fd)
    return filler


def test_every_command_on_a_full_disk_says_so_and_loses_nothing(cli, small_disk, tmp_path):
    data = small_disk / "data"
    assert cli("init", data=data).code == 0
    with open_app(data) as app:
        for index in range(30):
            rec.add_record(app, "organization", {"name": f"Företag {index}", "country": "SE"})
    incoming = tmp_path / "in.cirkular"
    with open_app(tmp_path / "other") as other:
        for index in range(30):
            rec.add_record(other, "organization", {"name": f"Norsk {index}", "country": "NO"})
        from cirkular_desktop.services import sync

        sync.export_bundle(other, incoming)
    before = cli("dump", data=data).out
    filler = _fill(small_disk)
    commands = [("add", "organization", "name=Ny AB", "country=SE"), ("import-bundle", str(incoming)),
                ("export-bundle", str(small_disk / "out.cirkular")), ("backup",),
                ("list", "organization"), ("check",), ("demo",)]
    writers = commands[:4]   # these must write to the full disk: they cannot succeed
    for args in commands:
        result = cli(*args, data=data)
        if result.code == 0 and args not in writers:
            continue
        assert result.code == 1, (args, result)
        message = result.err.strip()
        assert len(message.splitlines()) == 1, (args, message)
        assert "disk is full" in message, (args, message)
        assert "damaged" not in message and "restore" not in message, (args, message)
    filler.unlink()
    assert cli("check", data=data).code == 0
    assert cli("dump", data=data).out == before
    assert [p.name for p in small_disk.rglob(".*.tmp")] == []
