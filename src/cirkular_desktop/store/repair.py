"""Repair a damaged database: keep what can be read of the operation log, rebuild the rest, say what was lost.

The operation log is the truth; records, conflicts and the search index are
computed from it. So a repair reads every row of ``op`` and ``meta`` that can
still be read from the damaged file — row by row around pages that cannot —
into a new database, rebuilds every record from those operations, and gives
the database a new device id (as a restore does), so that this laptop's own
changes that were lost but reached others can come back in their bundles.

It reports what it could not get back: per device the change numbers that
should be there and are not (this laptop's own are known from its counter,
others' from what peers said they hold), and of this laptop's own which were
never exported (gone for good) and which others hold (they come back with
the next bundles). The damaged file is kept in the backups folder.

The store does not import ``sync``: what is missing is worked out from the
numbers found here by ``services.maintenance.repair`` (with ``replication.ranges``).

Imports: errors, i18n, fileutil, paths, core.records, store (backup, database, health, identity, meta,
migrate, uow), standard library.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import json
import os
import re
import shutil
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from cirkular_desktop import fileutil
from cirkular_desktop.core import records
from cirkular_desktop.errors import StoreError
from cirkular_desktop.i18n import gettext as _
from cirkular_desktop.paths import AppPaths
from cirkular_desktop.store import backup, health, identity, meta
from cirkular_desktop.store.database import Database

_OP_COLUMNS = ("stamp", "device", "seq", "tbl", "row_id", "data", "seen", "local")
_CHUNK = 1000
_EMPTY_CHUNKS = 100   # without a readable highest row id, scanning stops this many empty chunks past the last row
# A clock stamp (docs/bundle-format.md §3.2): wall ms, counter, device.
_STAMP = re.compile(r"^([0-9]{15})-([0-9]{5})-([0-9a-f]{16})$")
_KEEP_META = ("device_name", meta.HLC_WALL, meta.HLC_COUNTER, meta.INCARNATIONS, meta.SYNC_EXPORTED)


@dataclass
class Repaired:
    """What a repair kept and what it could not get back."""

    safety: Path                                   # the damaged file, kept
    operations: int = 0                            # changes recovered
    unreadable: int = 0                            # rows that could not be read or made no sense
    records: dict[str, int] = field(default_factory=dict)
    lost: dict[str, list[list[int]]] = field(default_factory=dict)      # device -> change numbers missing
    lost_for_good: list[list[int]] = field(default_factory=list)        # of this laptop's, never exported
    held: dict[str, list[int]] = field(default_factory=dict)            # device -> change numbers recovered
    expected: dict[str, int] = field(default_factory=dict)              # device -> highest number there should be
    exported: list[list[int]] = field(default_factory=list)             # this laptop's numbers exported before
    old_device: str = ""
    device: str = ""
    meta_read: bool = True


def _read_rows(conn: sqlite3.Connection, table: str, columns: tuple[str, ...]) -> tuple[list[tuple[Any, ...]], int]:
    """Every row of ``table`` that can be read, by row id, and how many lookups failed."""
    names = ", ".join(columns)
    try:
        top = conn.execute(f"SELECT max(rowid) FROM {table}").fetchone()[0]
    except sqlite3.DatabaseError:
        top = -1   # unknown: scan until well past the last row found
    rows: list[tuple[Any, ...]] = []
    failed = 0
    start, empty = 0, 0
    while (top is not None and top >= 0 and start <= top) or (top == -1 and empty < _EMPTY_CHUNKS):
        end = start + _CHUNK - 1
        try:
            found = conn.execute(f"SELECT rowid, {names} FROM {table} WHERE rowid BETWEEN ? AND ?",
                                 (start, end)).fetchall()
        except sqlite3.DatabaseError:
            found = []
            for rowid in range(start, end + 1):
                try:
                    row = conn.execute(f"SELECT rowid, {names} FROM {table} WHERE rowid = ?", (rowid,)).fetchone()
                except sqlite3.DatabaseError:
                    failed += 1
                    continue
                if row is not None:
                    found.append(row)
        rows += found
        empty = 0 if found else empty + 1
        start = end + 1
    return [row[1:] for row in rows], failed


def _valid_op(row: tuple[Any, ...]) -> bool:
    stamp, device, seq, tbl, row_id, data, seen, _local = row
    found = _STAMP.match(stamp) if isinstance(stamp, str) else None
    if not (found and device == found.group(3) and isinstance(seq, int) and seq >= 1):
        return False
    if tbl not in records.TABLES or not isinstance(row_id, str):
        return False
    try:
        return isinstance(json.loads(data), dict) and isinstance(json.loads(seen), dict)
    except (TypeError, ValueError):
        return False


def _copy_damaged(paths: AppPaths) -> Path:
    """The damaged file (and its write-ahead log) copied byte for byte into the backups folder."""
    stamp = _dt.datetime.now(_dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    safety = paths.backups / f"damaged-{stamp}.sqlite"
    shutil.copy2(paths.database, safety)
    wal = Path(str(paths.database) + "-wal")
    if wal.exists():
        shutil.copy2(wal, Path(str(safety) + "-wal"))
    return safety


def repair(paths: AppPaths, make_id: Callable[[], str], current: Database | None = None) -> Repaired:
    """Rebuild the database of ``paths`` from what can be read of it; the damaged file is kept."""
    if current is not None:
        with contextlib.suppress(StoreError, sqlite3.Error):
            current.checkpoint()
        current.close()
    if not paths.database.exists() or paths.database.stat().st_size == 0:
        raise StoreError(_("there is no database in {folder} to repair").format(folder=paths.data_dir))
    paths.backups.mkdir(parents=True, exist_ok=True)
    safety = _copy_damaged(paths)
    report = Repaired(safety)
    try:   # read from the copy: the live file is not touched until the new one replaces it
        source = sqlite3.connect(str(safety))
    except sqlite3.Error as exc:
        raise StoreError(_("cannot read the damaged database ({reason}); restore a backup instead").format(
            reason=exc)) from None
    try:
        meta_rows, _failed = _read_rows(source, "meta", ("key", "value"))
        op_rows, report.unreadable = _read_rows(source, "op", _OP_COLUMNS)
    except sqlite3.DatabaseError as exc:
        raise StoreError(_("cannot read the damaged database ({reason}); restore a backup instead").format(
            reason=exc)) from None
    finally:
        source.close()
    old = {k: v for k, v in meta_rows if isinstance(k, str) and isinstance(v, str)}
    report.meta_read = meta.DEVICE_ID in old
    report.old_device = old.get(meta.DEVICE_ID, "")
    good = [row for row in op_rows if _valid_op(row)]
    report.unreadable += len(op_rows) - len(good)
    staged = fileutil.temporary_sibling(paths.backups / paths.database.name)   # beside no damage note
    try:
        _build(staged, old, good, make_id, report)
        for suffix in ("-wal", "-shm"):
            with contextlib.suppress(FileNotFoundError):
                os.unlink(str(paths.database) + suffix)
        os.replace(staged, paths.database)
        fileutil.fsync_dir(paths.data_dir)
        health.clear(paths.database)
    finally:
        for suffix in ("", "-wal", "-shm"):
            with contextlib.suppress(FileNotFoundError):
                os.unlink(str(staged) + suffix)
    _losses(old, good, report)
    return report


def _build(staged: Path, old: dict[str, str], ops: list[tuple[Any, ...]], make_id: Callable[[], str],
           report: Repaired) -> None:
    """A new database at ``staged``: migrations, the old bookkeeping, the operations, every record rebuilt."""
    from cirkular_desktop.store import migrate
    from cirkular_desktop.store.uow import UnitOfWork

    database = Database(staged)
    try:
        migrate.upgrade(database.engine)
        with database.write() as conn:
            for key, value in sorted(old.items()):
                if key.startswith("sync.") or key in _KEEP_META:
                    meta.put(conn, key, value)
            if report.old_device:
                meta.put(conn, meta.DEVICE_ID, report.old_device)
            seen_ops: set[tuple[str, int]] = set()
            stamps: set[str] = set()
            rows = []
            for row in ops:
                op_key = (row[1], row[2])
                if op_key in seen_ops or row[0] in stamps:
                    report.unreadable += 1
                    continue
                seen_ops.add(op_key)
                stamps.add(row[0])
                rows.append(row)
            conn.exec_driver_sql("INSERT INTO op (stamp, device, seq, tbl, row_id, data, seen, local) "
                                 "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
            report.operations = len(rows)
            # A new incarnation: this laptop's lost changes that reached others can come back from them.
            report.device = make_id()
            meta.new_incarnation(conn, report.device)
            latest = max((row[0] for row in rows), default=None)
            wall, counter = int(old.get(meta.HLC_WALL, "0") or 0), int(old.get(meta.HLC_COUNTER, "0") or 0)
            if latest is not None and (int(latest[:15]), int(latest[16:21])) > (wall, counter):
                wall, counter = int(latest[:15]), int(latest[16:21])
            meta.put(conn, meta.HLC_WALL, str(wall))
            meta.put(conn, meta.HLC_COUNTER, str(counter))
            if meta.get(conn, meta.DEVICE_NAME) is None:
                meta.put(conn, meta.DEVICE_NAME, "laptop")
            meta.put(conn, identity.BINDING, identity.binding(staged))
        by_table: dict[str, set[str]] = {}
        for row in rows:
            by_table.setdefault(row[3], set()).add(row[4])
        with UnitOfWork(database) as uow:
            for table in records.TABLES:
                ids = sorted(by_table.get(table, ()))
                for start in range(0, len(ids), 500):
                    uow.rematerialize_many(table, ids[start:start + 500])
                if ids:
                    report.records[table] = uow.count(table, include_deleted=False)
            uow.commit()
        database.checkpoint()
    finally:
        database.close()
    problems = backup.integrity_problems(staged)
    if problems:   # pragma: no cover - a new file written just now
        raise StoreError(_("the repaired database failed its integrity check: {problem}").format(problem=problems[0]))


def _losses(old: dict[str, str], ops: list[tuple[Any, ...]], report: Repaired) -> None:
    """The numbers recovered per device, and the highest there should be: this laptop's from its counter,
    others' from what peers said they hold. ``services.maintenance`` works out the gaps."""
    for row in ops:
        report.held.setdefault(row[1], []).append(row[2])
    report.expected = {device: max(seqs) for device, seqs in report.held.items()}
    if report.old_device:
        report.expected[report.old_device] = max(report.expected.get(report.old_device, 0),
                                                 int(old.get(meta.NEXT_SEQ, "1") or 1) - 1)
    for key, value in old.items():
        if key.startswith("sync.ack."):
            with contextlib.suppress(ValueError, TypeError, AttributeError, IndexError):
                for device, rs in json.loads(value).items():
                    if rs:
                        report.expected[device] = max(report.expected.get(device, 0), int(rs[-1][1]))
    with contextlib.suppress(ValueError, AttributeError):
        report.exported = list(json.loads(old.get(meta.SYNC_EXPORTED, "{}")).get(report.old_device, []))
