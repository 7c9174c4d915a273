"""Applying operations received from other devices: store the new ones, recompute the records they touch.

``apply_remote`` is the write half of an import (``UnitOfWork.apply_remote``
calls it inside the import's one transaction). Operations already held are
skipped; new ones are inserted a batch at a time and the records each batch
touches are recomputed right away, so only record keys are kept across
batches and a large bundle streams in bounded memory.

Most records of a first import are new and arrive as one operation (a full
bundle carries each record's creation). Such a record's row is built
straight from that operation's data — the same row ``merge.fold`` and the
unit of work's materialization would give, without the intermediate state —
and inserted with the others of its batch. Everything else (records held
before, several operations, erasures) goes through
``UnitOfWork._rematerialize_many``, which folds the whole log of the record.

Imports: core.records, store (oplog, schema, search), core.gcpause, replication (hlc, merge, ranges), standard library.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Iterable, Mapping

from cirkular_desktop.core import records
from cirkular_desktop.core.gcpause import paused_gc
from cirkular_desktop.replication import hlc, merge, ranges
from cirkular_desktop.replication.merge import canonical_json
from cirkular_desktop.store import oplog, schema
from cirkular_desktop.store.search import extra_text

if TYPE_CHECKING:  # pragma: no cover
    from cirkular_desktop.store.uow import UnitOfWork

_JSON_KINDS = {records.MULTI, records.TAGS, records.WASTECODES, records.MAP, records.ITEMS, records.REFS}
# What the JSON encoder would escape in a key or stamp; without it a stamps object is written directly.
_ESCAPED = re.compile(r'[\x00-\x1f\\"]')
_CHUNK = 500   # record ids per IN (...) query


@dataclass
class ApplyReport:
    """What applying operations did, per record: for import reports and dry runs."""

    new: set[tuple[str, str]] = field(default_factory=set)
    updated: set[tuple[str, str]] = field(default_factory=set)
    unchanged: set[tuple[str, str]] = field(default_factory=set)
    deleted: set[tuple[str, str]] = field(default_factory=set)
    conflicting: set[tuple[str, str]] = field(default_factory=set)
    ops_new: int = 0
    ops_known: int = 0
    erased: bool = False        # personal data was blanked (the caller checkpoints the WAL)


class HeldDifferently(Exception):
    """A received operation has the origin device and number of one held here, but other content.

    Each device numbers its changes once, so this means a forged or altered
    bundle, or two copies of one data folder writing under the same device id.
    """

    def __init__(self, device: str, seq: int) -> None:
        super().__init__(f"{device}#{seq}")
        self.device = device
        self.seq = seq


def _same_data(stored: str, op: merge.Operation) -> bool:
    """The same field values, allowing for erasure: an erased field reads null on one side or both."""
    if op.data_json is not None and stored == op.data_json:
        return True
    held = json.loads(stored)
    if held.keys() != op.data.keys():
        return False
    return all(a is None or b is None or canonical_json(a) == canonical_json(b)
               for a, b in ((held[k], op.data[k]) for k in held))


def compare_held(conn: Any, ops: list[merge.Operation]) -> None:
    """Raise HeldDifferently for the first of ``ops`` (held here by device and number) whose content differs."""
    by_device: dict[str, dict[int, merge.Operation]] = {}
    for op in ops:
        by_device.setdefault(hlc.device_of(op.stamp), {})[op.seq] = op
    for device in sorted(by_device):
        by_seq = by_device[device]
        numbers = sorted(by_seq)
        for start in range(0, len(numbers), _CHUNK):
            chunk = numbers[start:start + _CHUNK]
            marks = ", ".join("?" * len(chunk))
            for seq, stamp, tbl, row_id, data, seen in conn.exec_driver_sql(
                    f"SELECT seq, stamp, tbl, row_id, data, seen FROM op WHERE device = ? AND seq IN ({marks})",
                    (device, *chunk)):
                op = by_seq[seq]
                same = (stamp == op.stamp and tbl == op.table and row_id == op.row_id
                        and json.loads(seen) == {k: list(v) for k, v in op.seen.items()} and _same_data(data, op))
                if not same:
                    raise HeldDifferently(device, seq)


@dataclass(frozen=True)
class _Shape:
    """A record table's columns as the direct row builder needs them (computed once per table)."""

    insert: str                          # INSERT statement: id, fields, bookkeeping
    names: tuple[str, ...]               # field names in column order
    json_at: tuple[int, ...]             # positions of list fields stored as JSON text
    maps: tuple[tuple[int, str], ...]    # (position, "name.") of map fields, stored one key per operation field


_SHAPES: dict[str, _Shape] = {}


def _shape(table: str) -> _Shape:
    shape = _SHAPES.get(table)
    if shape is None:
        spec = records.table(table)
        names = tuple(f.name for f in spec.fields)
        columns = ", ".join(("id",) + names + schema.BOOKKEEPING)
        marks = ", ".join("?" * (1 + len(names) + len(schema.BOOKKEEPING)))
        shape = _SHAPES[table] = _Shape(
            insert=f"INSERT INTO {table} ({columns}) VALUES ({marks})", names=names,
            json_at=tuple(i for i, f in enumerate(spec.fields) if f.kind in _JSON_KINDS and f.kind != records.MAP),
            maps=tuple((i, f.name + ".") for i, f in enumerate(spec.fields) if f.kind == records.MAP))
    return shape


def stamps_json(keys: list[str], stamp: str, ordered: bool = False) -> str:
    """``canonical_json(dict.fromkeys(keys, stamp))``, written directly when nothing needs escaping.

    ``ordered``: the keys are sorted already (read from canonical JSON).
    """
    if not keys:
        return "{}"
    if not ordered:
        keys = sorted(keys)
    if _ESCAPED.search(stamp) or _ESCAPED.search("".join(keys)):
        return canonical_json(dict.fromkeys(keys, stamp))
    between = '":"' + stamp + '","'
    return '{"' + between.join(keys) + '":"' + stamp + '"}'


def _list_json(value: Any) -> str:
    """``canonical_json`` of a list field's value, written directly for a list of plain strings."""
    if type(value) is list and value:
        try:
            joined = '","'.join(value)
        except TypeError:   # not all strings
            return canonical_json(value)
        if not _ESCAPED.search(joined):
            return '["' + joined + '"]'
    return canonical_json(value)


def single_row(table: str, op: merge.Operation) -> tuple[Any, ...]:
    """The record-table row (id, fields, bookkeeping) of a record whose only operation is ``op``.

    ``op`` erases or purges nothing (those go through the full fold). Equal to
    what ``merge.fold([op])`` materializes; a test compares the two.
    """
    shape = _shape(table)
    data = op.data
    row = list(map(data.get, shape.names))
    for i in shape.json_at:
        value = row[i]
        if type(value) is str:   # an items field written as text before schema 0003
            from cirkular_desktop.core import legacy_reasons

            value = legacy_reasons.items_from_text(value)
        if value is not None:
            row[i] = _list_json(value)
    for i, prefix in shape.maps:
        n = len(prefix)
        items = {k[n:]: v for k, v in data.items() if v is not None and k[:n] == prefix}
        row[i] = canonical_json(items) if items else None
    keys = list(data)
    deleted = False
    if merge.DELETED in data:
        deleted = data[merge.DELETED] is True
        keys.remove(merge.DELETED)
    # The derived search text reads plain fields only (municipality, material, waste codes): ``data`` has them.
    return (op.row_id, *row, deleted, False, stamps_json(keys, op.stamp, op.data_json is not None), op.stamp, op.stamp,
            extra_text(table, data))


def _empty_tables(uow: "UnitOfWork") -> set[str]:
    """Record tables (and the operation log) without a single row: a record exists only if this import wrote it."""
    conn = uow.connection
    return {table for table in (*schema.RECORD_TABLES, "op")
            if conn.exec_driver_sql(f"SELECT 1 FROM {table} LIMIT 1").first() is None}


def apply_remote(uow: "UnitOfWork", ops: Iterable[merge.Operation], *, held: Mapping[str, Any] | None = None,
                 on_progress: Callable[[int], None] | None = None, batch: int = 2000,
                 bulk: bool = False) -> ApplyReport:
    """Merge operations received from elsewhere; recompute every record they touch (see ``_apply``)."""
    with paused_gc():
        return _apply(uow, ops, held=held, on_progress=on_progress, batch=batch, bulk=bulk)


def _apply(uow: "UnitOfWork", ops: Iterable[merge.Operation], *, held: Mapping[str, Any] | None,
           on_progress: Callable[[int], None] | None, batch: int, bulk: bool) -> ApplyReport:
    """Merge operations received from elsewhere; recompute every record they touch.

    Operations already held (same origin device and sequence number, found
    in ``held`` ranges without a query per operation) are skipped, so
    applying a set twice changes nothing. New ones are inserted a batch at
    a time, and the records each batch touches are recomputed right away —
    from the batch itself when they are new — so nothing but the record
    keys is kept across batches. A record touched by several batches is
    recomputed each time; its bucket compares its final state with the
    state before the import. ``on_progress(done)`` is called after each
    batch with the operations read so far; it may raise to cancel (the
    caller rolls back). The clock moves past every stamp received.

    ``bulk`` (an import large compared with what is held): the full-text
    triggers are dropped for the import and each index is rebuilt once at
    the end, in the same transaction — one pass instead of an index update
    per record, which is many times faster and writes far less. Likewise the
    secondary indexes of tables that were empty are built once at the end
    (``_DeferredIndexes``).
    """
    clock = uow.clock
    assert clock is not None
    uow.flush()
    conn = uow.connection
    triggers = _drop_fts_triggers(uow) if bulk else []
    held_ranges = {k: v for k, v in (held or {}).items() if v}
    empty = _empty_tables(uow)
    indexes = _DeferredIndexes(uow, empty if bulk else set())
    tracker = oplog.Tracker()
    known_rows: set[tuple[str, str]] = set()
    pending: list[tuple[Any, ...]] = []
    known: list[merge.Operation] = []    # held already: compared with what is held, a batch at a time
    fresh: dict[str, dict[str, list[merge.Operation]]] = {}
    latest = ""
    ops_new = ops_known = done = 0

    def flush() -> None:
        nonlocal latest
        if known:
            compare_held(conn, known)
            known.clear()
        if not pending:
            return
        conn.exec_driver_sql(
            "INSERT INTO op (stamp, device, seq, tbl, row_id, data, seen, local) VALUES (?, ?, ?, ?, ?, ?, ?, 0)",
            pending)
        pending.clear()
        if latest:
            clock.observe(latest)   # the highest stamp of the batch: the clock keeps only the highest
            latest = ""
        for table in sorted(fresh):
            _recompute(uow, table, fresh[table], tracker, table in empty, indexes)
        fresh.clear()

    for op in ops:
        done += 1
        stamp = op.stamp
        device = hlc.device_of(stamp)
        # A duplicate within one call would hit the op table's unique (device, seq) constraint;
        # bundles are checked for duplicates before they get here.
        have = held_ranges.get(device)
        if have and ranges.contains(have, op.seq):
            ops_known += 1
            known_rows.add((op.table, op.row_id))
            known.append(op)
            if len(known) >= batch:
                flush()
        else:
            ops_new += 1
            if stamp > latest:
                latest = stamp
            pending.append((stamp, device, op.seq, op.table, op.row_id,
                            op.data_json or canonical_json(dict(op.data)),
                            canonical_json({k: sorted(v) for k, v in op.seen.items()}) if op.seen else "{}"))
            fresh.setdefault(op.table, {}).setdefault(op.row_id, []).append(op)
            if not merge.STRIPS.isdisjoint(op.data):
                tracker.erased = True
            if len(pending) >= batch:
                flush()
        if on_progress is not None and done % batch == 0:
            on_progress(done)
    flush()
    indexes.build()
    if triggers:
        _rebuild_fts(uow, triggers)
    if on_progress is not None:
        on_progress(done)
    report = ApplyReport(ops_new=ops_new, ops_known=ops_known, erased=tracker.erased)
    for key, bucket in tracker.bucket.items():
        getattr(report, bucket).add(key)
    report.unchanged |= known_rows - tracker.bucket.keys()
    return report


def _recompute(uow: "UnitOfWork", table: str, rows: Mapping[str, list[merge.Operation]], tracker: oplog.Tracker,
               was_empty: bool, indexes: "_DeferredIndexes") -> None:
    """Recompute the records of one table that a batch touched: new single-operation ones directly."""
    conn = uow.connection
    bucket = tracker.bucket
    ids = sorted(rows)
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start:start + _CHUNK]
        if was_empty:   # nothing held before: a record exists only if an earlier batch wrote it
            existing = {i for i in chunk if (table, i) in bucket}
        else:
            marks = ", ".join("?" * len(chunk))
            existing = {i for (i,) in conn.exec_driver_sql(f"SELECT id FROM {table} WHERE id IN ({marks})",
                                                           tuple(chunk))}
        direct: list[tuple[Any, ...]] = []
        folded: list[str] = []
        for record_id in chunk:
            ops = rows[record_id]
            if len(ops) == 1 and record_id not in existing and merge.STRIPS.isdisjoint(ops[0].data):
                row = single_row(table, ops[0])
                direct.append(row)
                bucket[(table, record_id)] = "deleted" if row[-6] else "new"
            else:
                folded.append(record_id)
        if direct:
            conn.exec_driver_sql(_shape(table).insert, direct)
            uow.changes.add(table)
        if folded:
            if existing:
                indexes.build("op")   # a record written by an earlier batch: its operations are read by record
            uow.rematerialize_many(table, folded, tracker, {i: rows[i] for i in folded})


class _DeferredIndexes:
    """The secondary indexes of tables that were empty, dropped for a bulk load and built once after it.

    Building an index from loaded rows is one sort instead of an update per
    insert. Everything happens in the import's transaction, so a crash or a
    refusal leaves the indexes as they were. An import never reads a record
    table by those indexes (records are found by id, the primary key); the
    operation log's index by record is built as soon as a record written by
    an earlier batch must be recomputed from its operations.
    """

    def __init__(self, uow: "UnitOfWork", tables: set[str]) -> None:
        self._conn = uow.connection
        self._dropped: dict[str, list[str]] = {}
        if not tables:
            return
        for name, sql, table in list(self._conn.exec_driver_sql(
                "SELECT name, sql, tbl_name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
                "ORDER BY name")):
            if table in tables and not sql.upper().startswith("CREATE UNIQUE"):   # constraints stay
                self._conn.exec_driver_sql(f'DROP INDEX "{name}"')
                self._dropped.setdefault(table, []).append(sql)

    def build(self, table: str | None = None) -> None:
        """Create the dropped indexes again: of ``table``, or all."""
        for name in [table] if table is not None else list(self._dropped):
            for sql in self._dropped.pop(name, ()):
                self._conn.exec_driver_sql(sql)


def _drop_fts_triggers(uow: "UnitOfWork") -> list[tuple[str, str]]:
    """Drop the full-text triggers (inside this transaction); returns them to restore."""
    found = [(name, sql) for name, sql in uow.connection.exec_driver_sql(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%\\_fts\\_a_' ESCAPE '\\' "
        "ORDER BY name")]
    for name, _sql in found:
        uow.connection.exec_driver_sql(f'DROP TRIGGER "{name}"')
    return found


def _rebuild_fts(uow: "UnitOfWork", triggers: list[tuple[str, str]]) -> None:
    for table in schema.FTS_TABLES:
        uow.connection.exec_driver_sql(f"INSERT INTO {table}_fts({table}_fts) VALUES ('rebuild')")
    for _name, sql in triggers:
        uow.connection.exec_driver_sql(sql)
