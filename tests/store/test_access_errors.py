"""A database that may not be opened or written is not called damaged, and system reasons are translated.

Telling someone whose data folder is merely read-only that the database is
damaged and should be restored from a backup could make them overwrite good
data; these pin down the messages that replace that.

Imports: sqlite3, cirkular_desktop (i18n, paths, store).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from cirkular_desktop import i18n
from cirkular_desktop.errors import StoreError
from cirkular_desktop.paths import AppPaths
from cirkular_desktop.store import lifecycle
from cirkular_desktop.store.reader import damaged


@pytest.mark.parametrize("reason", ["unable to open database file", "attempt to write a readonly database"])
def test_no_access_is_not_damage(reason):
    message = str(damaged(Path("/data/cirkular.sqlite"), sqlite3.OperationalError(reason)))
    assert "read-only or not accessible" in message and "/data/cirkular.sqlite" in message
    assert "damaged" not in message and "restore" not in message


def test_a_full_disk_is_not_damage():
    message = str(damaged(Path("/data/cirkular.sqlite"), sqlite3.OperationalError("database or disk is full")))
    assert "disk is full" in message and "restore" not in message


def test_real_damage_still_says_restore():
    message = str(damaged(Path("/d/c.sqlite"), sqlite3.DatabaseError("database disk image is malformed")))
    assert "damaged" in message and "cirkular restore" in message


def test_the_system_reason_is_in_the_users_language(tmp_path):
    folder = tmp_path / "data"
    folder.write_text("not a folder")          # the data folder is a file
    with i18n.using_language("sv"):
        with pytest.raises(StoreError) as caught:
            lifecycle.open_database(AppPaths(folder))
        message = str(caught.value)
    assert "File exists" not in message and "Not a directory" not in message
    assert str(folder) in message and "\n" not in message
