"""Which copy of a data folder this is: a copied or restored folder takes a new device id when opened.

Sync tells devices apart by their device id, and each device numbers its
changes 1, 2, 3 …. A data folder copied to a second laptop (a new laptop set
up from the old one's files, a file-level restore) would carry the same id:
both copies would number new changes alike, each would take the other's
bundles for its own changes ("0 of them new") and neither would ever receive
the other's edits.

So the database remembers a *binding*: a hash of this computer's machine id
and the identity (inode) of the database file. A copy cannot carry it: a
copied or restored file is a new file, and another computer has another
machine id. Opening a database whose binding differs gives it a new device
id (a new incarnation, like ``cirkular restore``): the old id's changes stay
held and are still exported, the old id is remembered as an earlier id of
this database, and its changes from now on are numbered from 1 under the
new id. A database from an earlier release (no binding yet) is bound as it is.

The same happens when the database holds changes under its own id with a
number it has not reached (a forged bundle imported by an earlier release,
or a clone not caught because it was made before bindings existed): the next
change would collide with them.

Everything here is plain sqlite3 on the read path, so opening stays light.
Imports: store.meta, store.reader, standard library.
"""

from __future__ import annotations

import hashlib
import os
import platform
import sqlite3
import sys
from pathlib import Path
from typing import Any, Callable

from cirkular_desktop.store import meta
from cirkular_desktop.store.reader import BUSY_TIMEOUT_MS, apply_pragmas, damaged

BINDING = "install_binding"


def machine_id() -> str:
    """A stable id of this computer (installation), or its host name where none can be read."""
    if sys.platform.startswith("linux"):
        for path in ("/etc/machine-id", "/var/lib/dbus/machine-id"):
            try:
                text = Path(path).read_text(encoding="ascii").strip()
            except (OSError, UnicodeDecodeError):
                continue
            if text:
                return text
    elif sys.platform == "win32":  # pragma: no cover - exercised on Windows only
        try:
            import winreg

            with winreg.OpenKey(winreg.HKEY_LOCAL_MACHINE, r"SOFTWARE\Microsoft\Cryptography") as key:
                return str(winreg.QueryValueEx(key, "MachineGuid")[0])
        except OSError:
            pass
    return platform.node()


def binding(database: Path) -> str:
    """The binding of the database file at ``database`` on this computer.

    A file system without inode numbers (st_ino 0) binds to the folder's path instead.
    """
    info = os.stat(database)
    where = str(info.st_ino) if info.st_ino else str(Path(database).resolve())
    return hashlib.sha256(f"cirkular-binding\n{machine_id()}\n{where}".encode()).hexdigest()[:32]


def needs_new_device(conn: Any, database: Path) -> str | None:
    """Why this database must take a new device id now ("copied", "ahead"), or None.

    "unbound": a database from before bindings, to be bound as it is.
    """
    device = meta.get(conn, meta.DEVICE_ID)
    if device is None:
        return None
    stored = meta.get(conn, BINDING)
    if stored is not None and stored != binding(database):
        return "copied"
    next_seq = int(meta.get(conn, meta.NEXT_SEQ, "1") or 1)
    row = conn.execute("SELECT max(seq) FROM op WHERE device = ?", (device,)).fetchone()
    if row and row[0] is not None and int(row[0]) >= next_seq:
        return "ahead"
    return "unbound" if stored is None else None


def rebind(conn: Any, database: Path, reason: str, make_id: Callable[[], str]) -> str | None:
    """Act on ``needs_new_device``'s answer in a write transaction; returns the new device id if one was taken."""
    new_device = None
    if reason in ("copied", "ahead"):
        new_device = make_id()
        meta.new_incarnation(conn, new_device)
    meta.put(conn, BINDING, binding(database))
    return new_device


def check_on_open(database: Any, make_id: Callable[[], str]) -> str | None:
    """At open: bind the database, or give it a new device id when it is a copy. Returns the new id, if any.

    A database that cannot be written (read-only media) stays as it is: it
    cannot make changes under the old id either.
    """
    with database.snapshot() as conn:
        reason = needs_new_device(conn, database.path)
    if reason is None:
        return None
    try:
        conn = sqlite3.connect(str(database.path), timeout=BUSY_TIMEOUT_MS / 1000)
    except sqlite3.Error as exc:
        raise damaged(database.path, exc) from None
    try:
        apply_pragmas(conn)
        conn.execute("BEGIN IMMEDIATE")
        reason = needs_new_device(conn, database.path)   # again, inside the write lock
        new_device = rebind(conn, database.path, reason, make_id) if reason else None
        conn.execute("COMMIT")
        return new_device
    except sqlite3.Error as exc:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        if "readonly" in str(exc) or "read-only" in str(exc):
            return None
        raise damaged(database.path, exc) from None
    finally:
        conn.close()
