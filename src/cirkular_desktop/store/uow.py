"""Unit of work: one use case's transaction, and the only way records change.

Every write records a field operation in the log, stamped by the device's
hybrid logical clock, in the same transaction as the change to the record
table and the clock itself (design §4), so sync sees every change and a crash
leaves either all of a use case or none of it. The block rolls back unless
``commit()`` is called::

    with UnitOfWork(database) as uow:
        stream_id = uow.create("stream", values)
        uow.commit()

Values handed in are already validated by the services (``core.records``);
records come back as plain dicts, never ORM objects.

Imports: errors, i18n, core.records, store.*, replication.merge, SQLAlchemy.
"""

from __future__ import annotations

import json
import uuid
from typing import Any, Callable, Iterable, Iterator, Mapping, Sequence

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from cirkular_desktop.core import records
from cirkular_desktop.errors import ConflictError, NotFoundError, StoreError
from cirkular_desktop.i18n import gettext as _
from cirkular_desktop.core import legacy_reasons
from cirkular_desktop.replication import hlc, merge
from cirkular_desktop.replication.merge import canonical_json
from cirkular_desktop.store import health, meta, oplog, schema
from cirkular_desktop.store import apply as _apply
from cirkular_desktop.store.apply import ApplyReport as ApplyReport  # re-exported: services import it from here
from cirkular_desktop.store.database import Database, damaged
from cirkular_desktop.store.search import extra_text, fts_query

_op = schema.OP
_conflict = schema.CONFLICT
_JSON_KINDS = {records.MULTI, records.TAGS, records.WASTECODES, records.MAP, records.ITEMS, records.REFS}


def _to_column(kind: str, value: Any) -> Any:
    if value is None:
        return None
    if kind in _JSON_KINDS:
        return canonical_json(value)
    return value


def _from_column(kind: str, value: Any) -> Any:
    if value is None:
        return None
    if kind in _JSON_KINDS:
        return json.loads(value)
    if kind == records.BOOL:
        return bool(value)
    return value


_PLANS: dict[str, tuple[tuple[str, str], ...]] = {}


def _plan(spec: records.Table) -> tuple[tuple[str, str], ...]:
    """(field, kind) of a table, computed once: materializing thousands of records walks it each time."""
    plan = _PLANS.get(spec.name)
    if plan is None:
        plan = _PLANS[spec.name] = tuple((f.name, f.kind) for f in spec.fields)
    return plan


def flatten(table: str, values: Mapping[str, Any]) -> dict[str, Any]:
    """Field values as operation data: a map field becomes one entry per key."""
    spec = records.table(table)
    data: dict[str, Any] = {}
    for name, value in values.items():
        if spec.field(name).kind == records.MAP:
            for key, item in (value or {}).items():
                data[f"{name}.{key}"] = item
        else:
            data[name] = value
    return data


class UnitOfWork:
    """A transaction on the database with the record-level operations services need."""

    def __init__(self, database: Database, *, write: bool = True) -> None:
        self.database = database
        self.write = write
        self.changes: set[str] = set()
        self._conn_cm: Any = None
        self._tx: Any = None
        self.conn: Connection | None = None
        self._committed = False
        self._clock: hlc.Clock | None = None
        self._next_seq = 0
        self._pending_ops: list[dict[str, Any]] = []
        self._pending_rows: dict[str, list[dict[str, Any]]] = {}

    # --- transaction ------------------------------------------------------------------------

    def __enter__(self) -> "UnitOfWork":
        if self.write:
            health.refuse_if_damaged(self.database.path)   # a damaged file is not written to (or exported from)
        self._conn_cm = self.database.engine.connect()
        conn = self._conn_cm.__enter__()
        if self.write:
            conn = conn.execution_options(cirkular_write=True)
        self.conn = conn
        self._tx = conn.begin()
        if self.write:
            self._clock = meta.load_clock(conn)
            self._next_seq = int(meta.get(conn, meta.NEXT_SEQ, "1") or 1)
        return self

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
        try:
            if self._tx is not None and self._tx.is_active:
                self._tx.rollback()
        finally:
            self._conn_cm.__exit__(exc_type, exc, tb)
            self.conn = None
        if isinstance(exc, sa.exc.OperationalError) and "locked" in str(exc):
            raise StoreError(_("the database is busy in another program; try again")) from None
        if isinstance(exc, sa.exc.DatabaseError):
            health.note_failure(self.database.path, exc.orig or exc)
            raise damaged(self.database.path, exc.orig or exc) from None

    def commit(self) -> None:
        self._flush()
        if self.write and self._clock is not None:
            meta.save_clock(self._c, self._clock)
            meta.put(self._c, meta.NEXT_SEQ, str(self._next_seq))
        self._tx.commit()
        self._committed = True

    @property
    def _c(self) -> Connection:
        if self.conn is None:
            raise RuntimeError("unit of work used outside its with-block")
        return self.conn

    # --- for the store's own modules (store.apply, store.oplog, store.repair) ----------------------
    # They used to reach into the private members below; these name what they may use.

    @property
    def connection(self) -> Connection:
        """The open connection of this unit of work (raises outside its with-block)."""
        return self._c

    @property
    def clock(self) -> hlc.Clock | None:
        """The device's clock (``replication.hlc``) of a write unit of work; None for a read."""
        return self._clock

    def flush(self) -> None:
        """Write the operations and rows still pending, before a statement that must see them."""
        self._flush()

    def new_op(self, table: str, record_id: str, data: Mapping[str, Any],
               seen: Mapping[str, Sequence[str]]) -> dict[str, Any]:
        """A new local operation's row, stamped now (not yet written: see ``insert_ops``)."""
        return self._new_op(table, record_id, data, seen)

    def insert_ops(self, ops: list[dict[str, Any]]) -> None:
        self._insert_ops(ops)

    def rematerialize_many(self, table: str, record_ids: Sequence[str], tracker: "oplog.Tracker | None" = None,
                           fresh: Mapping[str, list[merge.Operation]] | None = None) -> dict[str, merge.RowState]:
        """Recompute many records of one table (``_rematerialize_many``)."""
        return self._rematerialize_many(table, record_ids, tracker, fresh)

    @property
    def device(self) -> str:
        return meta.get(self._c, meta.DEVICE_ID) or ""

    def meta_get(self, key: str, default: str | None = None) -> str | None:
        return meta.get(self._c, key, default)

    def meta_put(self, key: str, value: str) -> None:
        meta.put(self._c, key, value)

    def execute(self, statement: Any, params: Any = None) -> Any:
        """Run a statement in this transaction (for services' own queries)."""
        self._flush()
        return self._c.execute(statement, params) if params is not None else self._c.execute(statement)

    # --- reads --------------------------------------------------------------------------------

    def _record(self, spec: records.Table, row: Mapping[Any, Any]) -> dict[str, Any]:
        out = {"id": row["id"]}
        for f in spec.fields:
            out[f.name] = _from_column(f.kind, row[f.name])
        out["deleted"] = bool(row["deleted"])
        out["erased"] = bool(row["erased"])
        return out

    def get(self, table: str, record_id: str, *, include_deleted: bool = False) -> dict[str, Any] | None:
        self._flush()
        spec = records.table(table)
        t = schema.RECORD_TABLES[table]
        row = self._c.execute(sa.select(t).where(t.c.id == record_id)).mappings().first()
        if row is None or (row["deleted"] and not include_deleted):
            return None
        return self._record(spec, row)

    def require(self, table: str, record_id: str) -> dict[str, Any]:
        found = self.get(table, record_id)
        if found is None:
            raise NotFoundError(_("{table}: no record with id “{id}”").format(table=table, id=record_id),
                                field="id")
        return found

    def stamps(self, table: str, record_id: str) -> dict[str, str]:
        self._flush()
        t = schema.RECORD_TABLES[table]
        text = self._c.execute(sa.select(t.c.stamps).where(t.c.id == record_id)).scalar()
        return json.loads(text) if text else {}

    def row_times(self, table: str, record_id: str) -> tuple[str | None, str | None]:
        self._flush()
        t = schema.RECORD_TABLES[table]
        row = self._c.execute(sa.select(t.c.first_stamp, t.c.last_stamp).where(t.c.id == record_id)).first()
        return (row[0], row[1]) if row else (None, None)

    def select(self, table: str, *, where: Mapping[str, Any] | None = None, search: str | None = None,
               include_deleted: bool = False, order_by: Sequence[str] | None = None,
               descending: bool = False, limit: int | None = None, offset: int = 0) -> list[dict[str, Any]]:
        spec = records.table(table)
        statement = self._select_statement(table, sa.select(schema.RECORD_TABLES[table]), where=where,
                                           search=search, include_deleted=include_deleted)
        t = schema.RECORD_TABLES[table]
        keys = [t.c[name] for name in (order_by or (spec.title_field,))] + [t.c.id]
        statement = statement.order_by(*(k.desc() if descending else k for k in keys))
        if limit is not None:
            statement = statement.limit(limit).offset(offset)
        rows = self.execute(statement).mappings().all()
        return [self._record(spec, row) for row in rows]

    def count(self, table: str, *, where: Mapping[str, Any] | None = None, search: str | None = None,
              include_deleted: bool = False) -> int:
        t = schema.RECORD_TABLES[table]
        statement = self._select_statement(table, sa.select(sa.func.count()).select_from(t), where=where,
                                           search=search, include_deleted=include_deleted)
        return int(self.execute(statement).scalar() or 0)

    def _select_statement(self, table: str, statement: Any, *, where: Mapping[str, Any] | None,
                          search: str | None, include_deleted: bool) -> Any:
        t = schema.RECORD_TABLES[table]
        if not include_deleted:
            statement = statement.where(t.c.deleted.is_(False))
        for name, value in (where or {}).items():
            statement = statement.where(t.c[name] == value)
        query = fts_query(search or "")
        if query:
            if table in schema.FTS_TABLES:
                rowids = sa.text(f"SELECT rowid FROM {table}_fts WHERE {table}_fts MATCH :q").bindparams(q=query)
                statement = statement.where(sa.literal_column("rowid").in_(rowids))
            else:
                like = f"%{search}%"
                spec = records.table(table)
                statement = statement.where(sa.or_(*(t.c[f.name].like(like) for f in spec.fields
                                                     if f.kind in (records.TEXT, records.LONGTEXT))))
        return statement

    def all_rows(self, table: str) -> Iterator[dict[str, Any]]:
        """Every record including deleted ones, ordered by id (for dumps and exports)."""
        spec = records.table(table)
        t = schema.RECORD_TABLES[table]
        for row in self.execute(sa.select(t).order_by(t.c.id)).mappings():
            yield self._record(spec, row)

    # --- local writes ---------------------------------------------------------------------------

    def _new_op(self, table: str, record_id: str, data: Mapping[str, Any],
                seen: Mapping[str, Sequence[str]]) -> dict[str, Any]:
        assert self._clock is not None, "write operations need a write unit of work"
        stamp = self._clock.tick()
        seq = self._next_seq
        self._next_seq += 1
        op = {"stamp": stamp, "device": self._clock.device, "seq": seq, "tbl": table, "row_id": record_id,
              "data": canonical_json(dict(data)),
              "seen": canonical_json({k: sorted(set(v)) for k, v in seen.items() if v}), "local": True}
        self.changes.add(table)
        return op

    def create(self, table: str, values: Mapping[str, Any], *, record_id: str | None = None) -> str:
        """Add a record (values already validated); returns its id."""
        spec = records.table(table)
        record_id = record_id or str(uuid.uuid4())
        if record_id in self._pending_ids(table) or self._exists(table, record_id):
            raise ConflictError(_("{table}: a record with id “{id}” already exists").format(
                table=table, id=record_id), field="id")
        data = flatten(table, values)
        data[merge.DELETED] = False
        op = self._new_op(table, record_id, data, {})
        self._pending_ops.append(op)
        row = {"id": record_id, "deleted": False, "erased": False,
               "stamps": canonical_json({name: op["stamp"] for name in data if name not in merge.SPECIAL}),
               "first_stamp": op["stamp"], "last_stamp": op["stamp"]}
        for f in spec.fields:
            row[f.name] = _to_column(f.kind, values.get(f.name))
        row["search_text"] = extra_text(table, values)
        self._pending_rows.setdefault(table, []).append(row)
        return record_id

    def _pending_ids(self, table: str) -> set[str]:
        return {row["id"] for row in self._pending_rows.get(table, ())}

    def _exists(self, table: str, record_id: str) -> bool:
        t = schema.RECORD_TABLES[table]
        return self._c.execute(sa.select(t.c.id).where(t.c.id == record_id)).first() is not None

    def update(self, table: str, record_id: str, values: Mapping[str, Any],
               *, resolves: Mapping[str, Sequence[str]] | None = None) -> set[str]:
        """Change fields of a live record; returns the fields whose value changed.

        ``resolves`` adds stamps of conflicting values the user has now seen,
        which settles those conflicts everywhere the operation travels.
        """
        spec = records.table(table)
        current = self.require(table, record_id)
        stamps = self.stamps(table, record_id)
        current_flat = flatten(table, {k: current[k] for k in values})
        wanted = flatten(table, values)
        for f in spec.fields:  # keys dropped from a map are written as None
            if f.kind == records.MAP and f.name in values:
                for key in current_flat:
                    if key.startswith(f.name + ".") and key not in wanted:
                        wanted[key] = None
        data = {k: v for k, v in wanted.items()
                if canonical_json(v) != canonical_json(current_flat.get(k)) or (resolves and k in resolves)}
        if not data:
            return set()
        seen = self.seen_stamps(table, record_id, data)
        for name in data:
            if resolves and name in resolves:
                seen[name] = seen.get(name, []) + list(resolves[name])
        op = self._new_op(table, record_id, data, seen)
        self._insert_ops([op])
        new_values = dict(current)
        new_values.update(values)
        stamps.update({name: op["stamp"] for name in data})
        t = schema.RECORD_TABLES[table]
        update = {f.name: _to_column(f.kind, new_values.get(f.name)) for f in spec.fields if f.name in values}
        update.update(stamps=canonical_json(stamps), last_stamp=op["stamp"],
                      search_text=extra_text(table, new_values))
        self._c.execute(sa.update(t).where(t.c.id == record_id).values(**update))
        if self._has_conflicts(table, record_id):
            self.rematerialize(table, record_id)
        return {name.split(".", 1)[0] for name in data}

    def seen_stamps(self, table: str, record_id: str, names: Iterable[str] | None = None) -> dict[str, list[str]]:
        """What an edit of ``names`` (every field: None) has seen: for ``seen`` of its operation.

        Per field, the stamps of every value of it held here — the current
        one and any earlier value that is no conflict, e.g. an identical value
        written concurrently that lost — except those another held operation
        lists already (they are superseded everywhere that operation goes) and
        the values still kept as conflicts (an edit does not resolve them).
        Listing only the current value would make the earlier identical one a
        conflict on every other copy (docs/bundle-format.md §3.3).
        """
        ops = self.ops_for_row(table, record_id)
        covered_all: set[str] = set()
        covered: dict[str, set[str]] = {}
        writers: dict[str, list[str]] = {}
        for op in ops:
            for name, stamps in op.seen.items():
                (covered_all if name == merge.ALL_FIELDS else covered.setdefault(name, set())).update(stamps)
            for name in op.data:
                if name not in merge.SPECIAL:
                    writers.setdefault(name, []).append(op.stamp)
        open_conflicts: dict[str, set[str]] = {}
        for name, stamp in self._c.execute(sa.select(_conflict.c.field, _conflict.c.stamp).where(
                _conflict.c.tbl == table, _conflict.c.row_id == record_id)):
            open_conflicts.setdefault(name, set()).add(stamp)
        out: dict[str, list[str]] = {}
        for name in (writers if names is None else names):
            skip = covered_all | covered.get(name, set()) | open_conflicts.get(name, set())
            out[name] = sorted(s for s in writers.get(name, ()) if s not in skip)
        return out

    def delete(self, table: str, record_id: str) -> None:
        self.require(table, record_id)
        seen = sorted({s for stamps in self.seen_stamps(table, record_id).values() for s in stamps})
        op = self._new_op(table, record_id, {merge.DELETED: True}, {merge.ALL_FIELDS: seen})
        self._insert_ops([op])
        self.rematerialize(table, record_id)

    def erase(self, table: str, record_id: str, fields: Iterable[str]) -> None:
        """Blank personal fields for good: in the record and in every stored operation.

        A name may be one key of a map field (``answers.contact_name``).
        """
        names = sorted(set(fields))
        current = self.get(table, record_id, include_deleted=True)
        if current is None:
            raise NotFoundError(_("{table}: no record with id “{id}”").format(table=table, id=record_id),
                                field="id")
        data: dict[str, Any] = {name: None for name in names}
        data[merge.ERASE] = names
        op = self._new_op(table, record_id, data, self.seen_stamps(table, record_id, names))
        self._insert_ops([op])
        self.rematerialize(table, record_id)
        if table in schema.FTS_TABLES:
            # Deleted FTS entries linger in old index segments until merged.
            self._c.exec_driver_sql(f"INSERT INTO {table}_fts({table}_fts) VALUES ('optimize')")

    def redact(self, table: str, record_id: str, values: Mapping[str, Any]) -> None:
        """Replace field values for good: ``values`` (flat names, ``answers.q1`` for a map key) are written,
        and every value written to those fields before, here or in any bundle, is purged (``merge.PURGE``).
        Later edits of the fields are kept as usual."""
        names = sorted(values)
        if self.get(table, record_id, include_deleted=True) is None:
            raise NotFoundError(_("{table}: no record with id “{id}”").format(table=table, id=record_id),
                                field="id")
        data: dict[str, Any] = dict(values)
        data[merge.PURGE] = names
        op = self._new_op(table, record_id, data, self.seen_stamps(table, record_id, names))
        self._insert_ops([op])
        self.rematerialize(table, record_id)
        if table in schema.FTS_TABLES:
            self._c.exec_driver_sql(f"INSERT INTO {table}_fts({table}_fts) VALUES ('optimize')")

    def resolve_conflicts_on_deleted(self, table: str, record_id: str, stamps: Sequence[str]) -> None:
        """Acknowledge edits made elsewhere to a record deleted here: it stays deleted."""
        op = self._new_op(table, record_id, {merge.DELETED: True}, {merge.ALL_FIELDS: list(stamps)})
        self._insert_ops([op])
        self.rematerialize(table, record_id)

    # --- operations and materialization ---------------------------------------------------------

    def _flush(self) -> None:
        if self.conn is None:
            return
        if self._pending_ops:
            ops, self._pending_ops = self._pending_ops, []
            self._c.execute(_op.insert(), ops)
        if self._pending_rows:
            rows, self._pending_rows = self._pending_rows, {}
            for table, batch in rows.items():
                self._c.execute(schema.RECORD_TABLES[table].insert(), batch)

    def _insert_ops(self, ops: list[dict[str, Any]]) -> None:
        self._flush()
        self._c.execute(_op.insert(), ops)

    def _has_conflicts(self, table: str, record_id: str) -> bool:
        return self._c.execute(sa.select(_conflict.c.id).where(
            _conflict.c.tbl == table, _conflict.c.row_id == record_id).limit(1)).first() is not None

    def ops_for_row(self, table: str, record_id: str) -> list[merge.Operation]:
        return self._ops_for_rows(table, [record_id]).get(record_id, [])

    def _ops_for_rows(self, table: str, record_ids: Sequence[str]) -> dict[str, list[merge.Operation]]:
        self._flush()
        out: dict[str, list[merge.Operation]] = {}
        rows = self._c.execute(sa.select(_op.c.row_id, _op.c.stamp, _op.c.seq, _op.c.data, _op.c.seen).where(
            _op.c.tbl == table, _op.c.row_id.in_(list(record_ids)))).all()
        for r in rows:
            out.setdefault(r.row_id, []).append(merge.Operation(
                r.stamp, table, r.row_id, json.loads(r.data),
                {k: tuple(v) for k, v in json.loads(r.seen).items()}, r.seq))
        return out

    def rematerialize(self, table: str, record_id: str) -> merge.RowState | None:
        """Recompute a record and its conflicts from every operation on it."""
        states = self._rematerialize_many(table, [record_id])
        return states.get(record_id)

    def _materialized(self, spec: records.Table, state: merge.RowState) -> dict[str, Any]:
        """The record-table row for a folded state (field columns plus bookkeeping)."""
        found = state.values
        values: dict[str, Any] = {}
        row: dict[str, Any] = {}
        for name, kind in _plan(spec):
            value: Any
            if kind == records.MAP:
                prefix = name + "."
                items = {k[len(prefix):]: v for k, v in found.items() if k.startswith(prefix) and v is not None}
                value = dict(sorted(items.items())) if items else None
            else:
                value = found.get(name)
                if kind == records.ITEMS and isinstance(value, str):
                    value = legacy_reasons.items_from_text(value)  # written as text before schema 0003
            values[name] = value
            row[name] = canonical_json(value) if value is not None and kind in _JSON_KINDS else value
        row.update(deleted=state.deleted, erased=state.erased, stamps=canonical_json(state.stamps),
                   first_stamp=state.first_stamp, last_stamp=state.last_stamp,
                   search_text=extra_text(spec.name, values))
        return row

    def _rematerialize_many(self, table: str, record_ids: Sequence[str], tracker: "oplog.Tracker | None" = None,
                            fresh: Mapping[str, list[merge.Operation]] | None = None) -> dict[str, merge.RowState]:
        """Recompute many records of one table with a handful of statements (imports touch thousands).

        ``fresh``: operations just inserted, per record. A record that has no
        row yet has no other operations (every record with operations is
        materialized in the same transaction), so its operations are taken
        from ``fresh`` instead of being read back. With ``tracker`` each record
        is classified against its state before the import (see ``_Tracker``).
        """
        spec = records.table(table)
        t = schema.RECORD_TABLES[table]
        ids = list(record_ids)
        existing = {r["id"]: r for r in self._c.execute(sa.select(t).where(t.c.id.in_(ids))).mappings()}
        from_db = [i for i in ids if fresh is None or i in existing or i not in fresh]
        ops_by_row = self._ops_for_rows(table, from_db) if from_db else {}
        if fresh is not None:
            for i in ids:
                if i not in existing and i in fresh:
                    ops_by_row[i] = fresh[i]
        conflicts_before: dict[str, set[str]] = {}
        if existing:
            for conflict_id, row_id in self._c.execute(sa.select(_conflict.c.id, _conflict.c.row_id).where(
                    _conflict.c.tbl == table, _conflict.c.row_id.in_(list(existing)))):
                conflicts_before.setdefault(row_id, set()).add(conflict_id)
        columns = [f.name for f in spec.fields] + list(schema.BOOKKEEPING)
        inserts: list[tuple[Any, ...]] = []
        updates: list[tuple[Any, ...]] = []
        purges: list[tuple[str, str]] = []
        conflict_rows: list[dict[str, Any]] = []
        states: dict[str, merge.RowState] = {}
        for record_id in ids:
            ops = ops_by_row.get(record_id)
            if not ops:
                continue
            state = oplog.fold_one(ops[0]) if len(ops) == 1 else merge.fold(ops)
            states[record_id] = state
            if state.erased_fields or state.purged:
                for op in ops:
                    stripped = merge.strip_erased(op, state.erased_fields, state.purged)
                    if stripped is not op:
                        purges.append((canonical_json(dict(stripped.data)), op.stamp))
            row = self._materialized(spec, state)
            values = tuple(row[c] for c in columns)
            before = existing.get(record_id)
            if before is None:
                inserts.append((record_id, *values))
            else:
                updates.append((*values, record_id))
            for c in state.conflicts:
                conflict_rows.append({"id": c.id, "tbl": c.table, "row_id": c.row_id, "field": c.field,
                                      "value": canonical_json(c.value), "stamp": c.stamp,
                                      "winner_value": canonical_json(c.winner_value),
                                      "winner_stamp": c.winner_stamp})
            if tracker is not None:
                key = (table, record_id)
                if key not in tracker.bucket and before is not None:   # first touch of a record held before
                    tracker.first[key] = self._record(spec, before)
                    tracker.old_conflicts |= conflicts_before.get(record_id, set())
                if key not in tracker.first:
                    tracker.bucket[key] = "deleted" if state.deleted else "new"
                else:
                    tracker.bucket[key] = tracker.classify(key, self._record(spec, dict(row, id=record_id)), state)
        if purges:
            self._c.exec_driver_sql("UPDATE op SET data = ? WHERE stamp = ?", purges)
            if tracker is not None:
                tracker.erased = True
        if inserts:
            names = ", ".join(["id", *columns])
            marks = ", ".join("?" * (len(columns) + 1))
            self._c.exec_driver_sql(f"INSERT INTO {table} ({names}) VALUES ({marks})", inserts)
        if updates:
            sets = ", ".join(f"{c} = ?" for c in columns)
            self._c.exec_driver_sql(f"UPDATE {table} SET {sets} WHERE id = ?", updates)
        if conflicts_before:
            self._c.execute(sa.delete(_conflict).where(_conflict.c.tbl == table,
                                                       _conflict.c.row_id.in_(list(conflicts_before))))
        if conflict_rows:
            self._c.execute(_conflict.insert(), conflict_rows)
        if states:
            self.changes.add(table)
        return states

    def _purge(self, table: str, record_id: str, ops: list[merge.Operation], erased: Iterable[str]) -> None:
        for op in ops:
            stripped = merge.strip_erased(op, erased)
            if stripped is not op:
                self._c.execute(sa.update(_op).where(_op.c.stamp == op.stamp).values(
                    data=canonical_json(dict(stripped.data))))

    def apply_remote(self, ops: Iterable[merge.Operation], *, held: Mapping[str, Any] | None = None,
                     on_progress: Callable[[int], None] | None = None, batch: int = 2000,
                     bulk: bool = False) -> ApplyReport:
        """Merge operations received from elsewhere in this transaction (see ``store.apply.apply_remote``)."""
        return _apply.apply_remote(self, ops, held=held, on_progress=on_progress, batch=batch, bulk=bulk)

    def conflicts(self, *, table: str | None = None, record_id: str | None = None) -> list[dict[str, Any]]:
        statement = sa.select(_conflict)
        if table is not None:
            statement = statement.where(_conflict.c.tbl == table)
        if record_id is not None:
            statement = statement.where(_conflict.c.row_id == record_id)
        rows = self.execute(statement.order_by(_conflict.c.tbl, _conflict.c.row_id,
                                               _conflict.c.field, _conflict.c.stamp)).mappings()
        return [dict(r, value=json.loads(r["value"]),
                     winner_value=json.loads(r["winner_value"]) if r["winner_value"] else None) for r in rows]
