"""Queries on the read path: whole records by filter, ids by their first characters, the lists' pages.

The services hand in a plain ``sqlite3`` connection from ``App.snapshot()``
(``store.reader``) and get plain dicts back, exactly as ``UnitOfWork.select``
returns them (a test holds the two to the same results); they build no SQL of
their own. Being plain sqlite3, ``cirkular list`` and ``show`` need neither
SQLAlchemy nor the schema module (design §6: a ``list`` is a whole process
within 8 × ``python -c "import sqlite3"``).

Table and column names come from ``core.records``, never from the caller;
values are always bound parameters.

Imports: core (records, units), store (meta, search), standard library.
"""

from __future__ import annotations

import json
import sqlite3
from functools import lru_cache
from typing import Any, Mapping, Sequence

from cirkular_desktop.core import records, units
from cirkular_desktop.core.fields import JSON_KINDS as _JSON_KINDS
from cirkular_desktop.store import meta
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


# ---------------------------------------------------------------------------------------------
# The lists (``services.browse``): a page of rows sorted and filtered in SQL, resolved columns,
# counts. The service decides which columns a list shows and checks what a person asked for;
# the SQL that answers it is built here.

# Row keys that are computed in SQL rather than read from a field of the table.
TONNES_PER_YEAR = "tonnes_per_year"


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _tonnes_sql(table: str) -> str:
    """Tonnes per year in SQL, for sorting (mirrors ``core.units.tonnes_per_year``).

    Volume and items need density or mass per item; rows that cannot convert sort last.
    """
    q = f"CAST({table}.quantity AS FLOAT)"
    mass = []
    for u in units.UNITS:
        factor = f"{q} * {float(u.factor)!r}"
        if u.kind == units.MASS:
            mass.append(f"WHEN {table}.unit = {_literal(u.code)} THEN {factor}")
    for u in units.UNITS:
        if u.kind == units.VOLUME:
            mass.append(f"WHEN {table}.unit = {_literal(u.code)} THEN {q} * {float(u.factor)!r} "
                        f"* CAST({table}.density AS FLOAT)")
    for u in units.UNITS:
        if u.kind == units.COUNT:
            mass.append(f"WHEN {table}.unit = {_literal(u.code)} THEN ({q} * {float(u.factor)!r} "
                        f"* CAST({table}.mass_per_item AS FLOAT)) / 1000.0")
    per_year = [f"WHEN coalesce({table}.basis, 'per_year') = {_literal(basis)} THEN {float(factor)!r}"
                for basis, factor in units.PER_YEAR.items()]
    per_year.append(f"WHEN {table}.basis = 'per_batch' THEN CAST({table}.batches_per_year AS FLOAT)")
    return f"(CASE {' '.join(mass)} ELSE NULL END) * (CASE {' '.join(per_year)} ELSE NULL END)"


def _title_sql(table: str, other: str, ref: str) -> str:
    alias = "org_sort" if other == "organization" else f"{other}_sort"
    title = records.table(other).title_field
    return f"(SELECT {alias}.{title} FROM {other} AS {alias} WHERE {alias}.id = {table}.{ref})"


def ref_key(f: records.Field) -> str:
    """The row key of a reference's title: ``organizer_id`` → ``organizer``."""
    return f.name[:-3] if f.name.endswith("_id") else f.name


@lru_cache(maxsize=None)
def resolved_columns(table: str) -> dict[str, str]:
    """SQL expressions for the row keys that are not plain fields of the table.

    Every listed reference shows its record's title (``ref_key``); a visit's,
    stream's, need's, idea's and contact's organization by name; streams and
    needs their tonnes per year (``quantity`` as a number, to sort by); an
    organization its counts of streams and visits.
    """
    out: dict[str, str] = {}
    for f in records.table(table).fields:
        if f.listed and f.kind == records.REF and f.ref:
            out[ref_key(f)] = _title_sql(table, f.ref, f.name)
    if table in ("visit", "stream", "need", "idea", "contact"):
        out["organization"] = _title_sql(table, "organization", "organization_id")
    if table in ("stream", "need"):
        out[TONNES_PER_YEAR] = _tonnes_sql(table)
        out["quantity"] = f"CAST({table}.quantity AS FLOAT)"
    if table == "organization":
        for name, other in (("streams", "stream"), ("visits", "visit")):
            # "+deleted": keeps SQLite on the organization_id index even where an index that
            # starts with "deleted" exists (without ANALYZE it would scan every live stream per row).
            out[name] = (f"(SELECT count(*) FROM {other} WHERE {other}.organization_id = {table}.id "
                         f"AND +{other}.deleted = 0)")
    return out


def _list_condition(table: str, search: str | None, where: Mapping[str, Any] | None) -> tuple[str, list[Any]]:
    """The WHERE clause of a list (live records, field equality, full-text words) and its parameters.

    An industry field matches every code under the division or class given
    ("16", "16.1", "16.10"; the service has checked its form).
    """
    clauses = [f"{table}.deleted = 0"]
    params: list[Any] = []
    spec = records.table(table)
    for name, value in (where or {}).items():
        f = spec.field(name)  # unknown field → ValidationError naming it
        if value is None:
            clauses.append(f"{table}.{name} IS NULL")
        elif f.kind == records.INDUSTRY:
            clauses.append(f"{table}.{name} LIKE ?")
            params.append(str(value).strip() + "%")
        else:
            clauses.append(f"{table}.{name} = ?")
            params.append(value)
    query = fts_query(search or "")
    if query:
        clauses.append(f"{table}.rowid IN (SELECT rowid FROM {table}_fts WHERE {table}_fts MATCH ?)")
        params.append(query)
    return " AND ".join(clauses), params


def _sort_keys(table: str, sort: str) -> list[str]:
    spec = records.table(table)
    resolved = resolved_columns(table)
    if sort in resolved:
        key = resolved[sort]
    else:
        key = f"{table}.{sort}"
        if spec.field(sort).kind == records.TEXT:
            key += " COLLATE NOCASE"
    if spec.has_field(sort) and spec.field(sort).required:
        return [key]  # never empty: a plain key lets SQLite walk an index in order
    # Empty values last in either direction, so the interesting rows come first.
    return [f"CASE WHEN ({key}) IS NULL THEN 1 ELSE 0 END", key]


def _dicts(cursor: Any) -> list[dict[str, Any]]:
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def list_page(conn: sqlite3.Connection, table: str, *, keys: Sequence[str], sort: str, descending: bool = False,
              offset: int = 0, limit: int = 100, search: str | None = None,
              where: Mapping[str, Any] | None = None, with_total: bool = True,
              count_cap: int | None = None) -> tuple[list[dict[str, Any]], int | None, bool]:
    """One page of a list: (rows of raw values by key, the filtered count or None, whether it was capped).

    ``keys`` are the row keys wanted: fields of the table or ``resolved_columns``
    (``quantity`` stays the stored text). ``sort`` is one of them, or any
    field. With ``count_cap`` the count stops there (``capped``).
    """
    spec = records.table(table)
    resolved = resolved_columns(table)
    selected = [f"{table}.id AS id"]
    for key in sorted(set(keys)):
        if key in resolved and key != "quantity":
            selected.append(f"{resolved[key]} AS {key}")
        elif spec.has_field(key):
            selected.append(f"{table}.{key} AS {key}")
    sort_keys = _sort_keys(table, sort)
    nullable = len(sort_keys) == 2
    order = [f"{k} DESC" if descending and (i == 1 or not nullable) else k for i, k in enumerate(sort_keys)]
    order.append(f"{table}.id DESC" if descending else f"{table}.id")
    condition, params = _list_condition(table, search, where)
    # Two steps: the ids of the page in order (the sort touches only the key), then the page's
    # columns — resolved names and tonnes are computed for 100 rows, not for every match.
    ids_sql = (f"SELECT {table}.rowid FROM {table} WHERE {condition} ORDER BY {', '.join(order)} "
               "LIMIT ? OFFSET ?")
    order_of = [r[0] for r in conn.execute(ids_sql, [*params, int(limit), max(0, int(offset))])]
    rows: list[dict[str, Any]] = []
    if order_of:
        marks = ", ".join("?" * len(order_of))
        found = {}
        cursor = conn.execute(f"SELECT {table}.rowid AS _rowid, {', '.join(selected)} FROM {table} "
                              f"WHERE {table}.rowid IN ({marks})", order_of)
        for record in _dicts(cursor):
            found[record.pop("_rowid")] = record
        rows = [found[r] for r in order_of if r in found]
    total, capped = None, False
    if with_total:
        if count_cap is None:
            counted = conn.execute(f"SELECT count(*) FROM {table} WHERE {condition}", params)
        else:
            counted = conn.execute(f"SELECT count(*) FROM (SELECT {table}.rowid FROM {table} "
                                   f"WHERE {condition} LIMIT ?)", [*params, int(count_cap) + 1])
        total = int(counted.fetchone()[0] or 0)
        if count_cap is not None and total > count_cap:
            total, capped = int(count_cap), True
    return rows, total, capped


def list_count(conn: sqlite3.Connection, table: str, *, search: str | None = None,
               where: Mapping[str, Any] | None = None) -> int:
    """How many live records pass a list's filter (``list_page``'s WHERE)."""
    condition, params = _list_condition(table, search, where)
    return int(conn.execute(f"SELECT count(*) FROM {table} WHERE {condition}", params).fetchone()[0] or 0)


def live_counts(conn: sqlite3.Connection, tables: Sequence[str]) -> dict[str, int]:
    """Live records per table."""
    for table in tables:
        records.table(table)
    return {table: int(conn.execute(f"SELECT count(*) FROM {table} WHERE {table}.deleted = 0").fetchone()[0])
            for table in tables}


def filled_fields(conn: sqlite3.Connection, table: str, fields: Mapping[str, str]) -> frozenset[str]:
    """The keys of ``fields`` (key → field of ``table``) whose field holds a value in a live record.

    One query with a short ``EXISTS`` per field: each stops at the first filled row. An empty
    text, list or map counts as no value.
    """
    spec = records.table(table)
    for field in fields.values():
        spec.field(field)
    if not fields:
        return frozenset()
    checks = [f"EXISTS(SELECT 1 FROM {table} WHERE deleted = 0 AND {field} IS NOT NULL "
              f"AND {field} NOT IN ('', '[]', '{{}}'))" for field in fields.values()]
    row = conn.execute("SELECT " + ", ".join(checks)).fetchone()
    return frozenset(key for key, filled in zip(fields, row) if filled)


def record_exists(conn: sqlite3.Connection, table: str, record_id: str) -> bool:
    """True when ``table`` has a live record ``record_id``."""
    records.table(table)
    return conn.execute(f"SELECT 1 FROM {table} WHERE id = ? AND deleted = 0", (record_id,)).fetchone() is not None


def visit_heading(conn: sqlite3.Connection, visit_id: str) -> dict[str, Any] | None:
    """A live visit's date, status and organization (id and name), or None."""
    visit = conn.execute("SELECT date, status, organization_id FROM visit WHERE id = ? AND deleted = 0",
                         (visit_id,)).fetchone()
    if visit is None:
        return None
    name = conn.execute("SELECT name FROM organization WHERE id = ?", (visit[2],)).fetchone()
    return {"id": visit_id, "date": visit[0], "status": visit[1], "organization_id": visit[2],
            "organization": name[0] if name else ""}


def unexported_count(conn: sqlite3.Connection) -> dict[str, Any]:
    """This device's id and name, and how many operations written here were never put into a bundle.

    What ``services.sync.pending_count`` reports, read without the ORM: operations written here
    minus the sequence ranges already exported (``meta.SYNC_EXPORTED``, see ``store.oplog``).
    """
    info = dict(conn.execute("SELECT key, value FROM meta WHERE key IN (?, ?, ?)",
                             (meta.DEVICE_ID, meta.DEVICE_NAME, meta.SYNC_EXPORTED)).fetchall())
    done = json.loads(info.get(meta.SYNC_EXPORTED) or "{}")
    pending = 0
    for device, number in conn.execute("SELECT device, count(*) FROM op WHERE local = 1 GROUP BY device"):
        pending += int(number)
        for low, high in done.get(device, []):
            pending -= int(conn.execute(
                "SELECT count(*) FROM op WHERE device = ? AND local = 1 AND seq >= ? AND seq <= ?",
                (device, int(low), int(high))).fetchone()[0])
    return {"device": info.get(meta.DEVICE_ID) or "", "name": info.get(meta.DEVICE_NAME) or "", "pending": pending}
