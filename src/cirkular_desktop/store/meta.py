"""Device-local metadata kept in the ``meta`` table: device id and name, clock, counters.

None of it appears in ``dump``: it describes this copy of the data, not the
data. The functions take either a SQLAlchemy connection (the unit of work)
or a plain sqlite3 connection (the read path, ``store.reader``), so reading
the device name does not load SQLAlchemy. Imports: store.reader, replication.hlc.
"""

from __future__ import annotations

import platform
from typing import Any, Callable

from cirkular_desktop.replication import hlc
from cirkular_desktop.store.reader import run

Connection = Any  # a SQLAlchemy Connection or a sqlite3.Connection

DEVICE_ID = "device_id"
DEVICE_NAME = "device_name"
HLC_WALL = "hlc_wall"
HLC_COUNTER = "hlc_counter"
NEXT_SEQ = "next_seq"
INCARNATIONS = "previous_devices"
# The sequence ranges already put into bundles (kept by store.oplog, read by the status bar without the ORM).
SYNC_EXPORTED = "sync.exported"


def get(conn: Connection, key: str, default: str | None = None) -> str | None:
    row = run(conn, "SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return default if row is None or row[0] is None else row[0]


def put(conn: Connection, key: str, value: str) -> None:
    run(conn, "INSERT INTO meta(key, value) VALUES (?, ?) "
              "ON CONFLICT(key) DO UPDATE SET value = excluded.value", (key, value))


def ensure_device(conn: Connection, make_id: Callable[[], str]) -> str:
    device = get(conn, DEVICE_ID)
    if device is None:
        device = make_id()
        put(conn, DEVICE_ID, device)
        put(conn, DEVICE_NAME, platform.node() or "laptop")
        put(conn, HLC_WALL, "0")
        put(conn, HLC_COUNTER, "0")
        put(conn, NEXT_SEQ, "1")
    return device


def new_incarnation(conn: Connection, device: str) -> None:
    """Give a restored database a fresh device id; the old ids are remembered."""
    old = get(conn, DEVICE_ID)
    previous = get(conn, INCARNATIONS, "") or ""
    if old:
        previous = ",".join(x for x in (previous, old) if x)
        put(conn, INCARNATIONS, previous)
    put(conn, DEVICE_ID, device)
    put(conn, NEXT_SEQ, "1")


def load_clock(conn: Connection) -> hlc.Clock:
    return hlc.Clock(get(conn, DEVICE_ID) or "", int(get(conn, HLC_WALL, "0") or 0),
                     int(get(conn, HLC_COUNTER, "0") or 0))


def save_clock(conn: Connection, clock: hlc.Clock) -> None:
    put(conn, HLC_WALL, str(clock.wall))
    put(conn, HLC_COUNTER, str(clock.counter))
