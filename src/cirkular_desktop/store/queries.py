"""Record queries on the read path: whole records by filter, and ids by their first characters.

The services hand in a plain ``sqlite3`` connection from ``App.snapshot()``
(``store.reader``) and get plain dicts back, exactly as ``UnitOfWork.select``
returns them (a test holds the two to the same results); they build no SQL of
their own. Being plain sqlite3, ``cirkular list`` and ``show`` need neither
SQLAlchemy nor the schema module (design §6: a ``list`` is a whole process
within 8 × ``python -c "import sqlite3"``).

Table and column names come from ``core.records``, never from the caller;
values are always bound parameters.

Imports: core.records, store.search, standard library.
"""

from __future__ import annotations

import json
import sqlite3
from functools import lru_cache
from typing import Any, Mapping, Sequence

from cirkular_desktop.core import records
from cirkular_desktop.core.fields import JSON_KINDS as _JSON_KINDS
from cirkular_desktop.store.search import fts_query

_TEXT_KINDS = (records.TEXT, records.LONGTEXT)


def _columns(spec: records.Table) -> str:
    return ", ".join(["id", *(f.name for f in spec.fields), "deleted", "erased"])


@lru_cache(maxsize=None)
def _plan(spec: records.Table) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """(column names, JSON fields, boolean fields) of a table, worked out once: a list reads thousands of rows."""
    return (("id", *(f.name for f in spec.fields)), tuple(f.name for f in spec.fields if f.kind in _JSON_KINDS),
            tuple(f.name for f in spec.fields if f.kind == records.BOOL))


def _record(spec: records.Table, row: Sequence[Any]) -> dict[str, Any]:
    """A row as the unit of work returns it: JSON fields decoded, booleans as bool."""
    names, json_fields, bool_fields = _plan(spec)
    out = dict(zip(names, row))
    for name in json_fields:
        if out[name] is not None:
            out[name] = json.loads(out[name])
    for name in bool_fields:
        if out[name] is not None:
            out[name] = bool(out[name])
    out["deleted"] = bool(row[-2])
    out["erased"] = bool(row[-1])
    return out


def _has_fts(conn: sqlite3.Connection, table: str) -> bool:
    return conn.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (f"{table}_fts",)).fetchone() is not None


def _condition(conn: sqlite3.Connection, spec: records.Table, where: Mapping[str, Any] | None,
               search: str | None, include_deleted: bool) -> tuple[str, list[Any]]:
    clauses = [] if include_deleted else ["deleted = 0"]
    params: list[Any] = []
    for name, value in (where or {}).items():
        if name != "id":
            spec.field(name)  # unknown field → ValidationError naming it
        if value is None:
            clauses.append(f"{name} IS NULL")
        else:
            clauses.append(f"{name} = ?")
            params.append(value)
    query = fts_query(search or "")
    if query:
        if _has_fts(conn, spec.name):
            clauses.append(f"rowid IN (SELECT rowid FROM {spec.name}_fts WHERE {spec.name}_fts MATCH ?)")
            params.append(query)
        else:
            texts = [f.name for f in spec.fields if f.kind in _TEXT_KINDS]
            clauses.append("(" + " OR ".join(f"{name} LIKE ?" for name in texts) + ")")
            params.extend(f"%{search}%" for _ in texts)
    return " AND ".join(clauses) or "1", params


def select_records(conn: sqlite3.Connection, table: str, *, where: Mapping[str, Any] | None = None,
                   search: str | None = None, include_deleted: bool = False,
                   order_by: Sequence[str] | None = None, descending: bool = False,
                   limit: int | None = None, offset: int = 0) -> list[dict[str, Any]]:
    """Records of ``table`` with equal field values and full-text words, sorted like ``UnitOfWork.select``."""
    spec = records.table(table)
    keys = [*(order_by or (spec.title_field,)), "id"]
    for key in keys[:-1]:
        spec.field(key)
    condition, params = _condition(conn, spec, where, search, include_deleted)
    direction = " DESC" if descending else ""
    sql = (f"SELECT {_columns(spec)} FROM {table} WHERE {condition} "
           f"ORDER BY {', '.join(key + direction for key in keys)}")
    if limit is not None:
        sql += " LIMIT ? OFFSET ?"
        params += [int(limit), max(0, int(offset))]
    return [_record(spec, row) for row in conn.execute(sql, params)]


def count_records(conn: sqlite3.Connection, table: str, *, where: Mapping[str, Any] | None = None,
                  search: str | None = None) -> int:
    spec = records.table(table)
    condition, params = _condition(conn, spec, where, search, False)
    return int(conn.execute(f"SELECT count(*) FROM {table} WHERE {condition}", params).fetchone()[0] or 0)


def get_record(conn: sqlite3.Connection, table: str, record_id: str) -> dict[str, Any] | None:
    """One live record, or None."""
    spec = records.table(table)
    row = conn.execute(f"SELECT {_columns(spec)} FROM {table} WHERE id = ? AND deleted = 0",
                       (record_id,)).fetchone()
    return None if row is None else _record(spec, row)


def ids_starting_with(conn: sqlite3.Connection, table: str, prefix: str, *, limit: int = 2) -> list[str]:
    """Ids of live ``table`` records that start with ``prefix`` (at most ``limit``)."""
    records.table(table)
    # A range on the primary key uses its index; "~" sorts after every character of an id.
    rows = conn.execute(f"SELECT id FROM {table} WHERE id >= ? AND id < ? AND deleted = 0 ORDER BY id LIMIT ?",
                        (prefix, prefix + "~", int(limit)))
    return [row[0] for row in rows]


class RecordReader:
    """``get`` and ``select`` of the unit of work on a read-path connection, for code written against either."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def get(self, table: str, record_id: str, *, include_deleted: bool = False) -> dict[str, Any] | None:
        if include_deleted:
            found = select_records(self.conn, table, where={"id": record_id}, include_deleted=True)
            return found[0] if found else None
        return get_record(self.conn, table, record_id)

    def select(self, table: str, **options: Any) -> list[dict[str, Any]]:
        return select_records(self.conn, table, **options)
