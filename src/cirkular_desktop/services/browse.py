"""What the GUI's lists and the organization editor read: pages of rows, counts, one organization's records.

A list shows a page of rows at a time, sorted in SQL and filtered through the
FTS5 index (``store.search.fts_query``: every typed word must start a word of
the record), so typing stays fast with 30,000 streams — nothing here loads a
whole table. Rows are plain dicts of raw values plus resolved display
columns (the organization's name for a stream, tonnes per year); the GUI
formats them in the active language only for the cells it actually paints.

The queries are parameterised SQL on the read path (``App.snapshot``, the
standard library's sqlite3), so showing a list never loads SQLAlchemy or the
ORM: start-up and memory stay small (design §6). Table and column names in
the SQL come from ``core.records``, never from the caller; values are bound.

Imports: errors, i18n, core (records, units), store (meta, search), services.app.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from decimal import Decimal, InvalidOperation
from typing import Any, Mapping, Sequence

from cirkular_desktop import i18n
from cirkular_desktop.core import display, records, units
from cirkular_desktop.core.fields import JSON_KINDS as _JSON_KINDS
from cirkular_desktop.errors import NotFoundError, ValidationError
from cirkular_desktop.i18n import N_, gettext as _
from cirkular_desktop.services.app import App
from cirkular_desktop.store import meta
from cirkular_desktop.store.search import fts_query

BROWSABLE = ("organization", "visit", "stream", "need", "idea", "match", "contact", "test_environment", "outcome",
             "activity")
DEFAULT_PAGE = 100
MAX_PAGE = 2000

# How a cell is formatted (the GUI does it, lazily): a record field of the table,
# the resolved title of a referenced record, a quantity triple, tonnes per year,
# an organisation number in the country's way, or a plain integer.
FIELD, TITLE, QUANTITY, TONNES, ORGNUMBER, COUNT = "field", "title", "quantity", "tonnes", "orgnumber", "count"


@dataclass(frozen=True)
class Column:
    """One column of a list: what it shows and whether it sorts in SQL."""

    key: str                 # key in the row dict
    label: str               # English source, marked with N_; translate where shown
    format: str = FIELD
    sortable: bool = True
    numeric: bool = False    # right-aligned
    stretch: bool = False    # takes the spare width


@dataclass(frozen=True)
class Page:
    rows: list[dict[str, Any]]
    offset: int
    total: int | None        # filtered count; None when not asked for
    capped: bool = False     # more than ``total`` rows match (the count stopped at the cap)


# Columns a list shows besides the fields marked ``listed`` in core.records (the one definition of
# what a list shows, GUI and CLI alike), each placed after the column named first (None: at the end).
_TONNES = Column("tonnes_per_year", N_("Tonnes per year"), TONNES, numeric=True)
COMPUTED: dict[str, tuple[tuple[str | None, Column], ...]] = {
    "organization": ((None, Column("streams", N_("Streams"), COUNT, numeric=True)),
                     (None, Column("visits", N_("Visits"), COUNT, numeric=True))),
    "stream": (("quantity", _TONNES),),
    "need": (("quantity", _TONNES),),
}
_NUMERIC = frozenset((records.DECIMAL, records.INT))
# Fields whose cell shows a value computed from the row (core.display.list_cell): an organization's
# size class by the EU definition, from its figures when they settle it.
_COMPUTED_CELLS = frozenset({("organization", "size_class")})
_TEXTUAL = frozenset((records.TEXT, records.LONGTEXT))


def ref_key(f: records.Field) -> str:
    """The row key of a reference's title: ``organizer_id`` → ``organizer``."""
    return f.name[:-3] if f.name.endswith("_id") else f.name


def _field_column(table: str, f: records.Field) -> Column:
    if f.kind == records.REF:
        return Column(ref_key(f), f.label, TITLE)      # what it points at, by its title
    if f.name == "quantity" and "unit" in records.table(table).field_names:
        return Column(f.name, f.label, QUANTITY, numeric=True)   # "12.5 t per year": unit and basis with it
    if f.kind == records.ORGNUMBER:
        return Column(f.name, f.label, ORGNUMBER)
    if f.internal and f.kind == records.INT:
        return Column(f.name, f.label, COUNT, numeric=True)
    if (table, f.name) in _COMPUTED_CELLS:   # shows what is computed from the row: SQL cannot sort by it
        return Column(f.name, f.label, sortable=False)
    # A municipality is stored as its code: sorting by it would look random.
    return Column(f.name, f.label, sortable=f.kind != records.MUNICIPALITY, numeric=f.kind in _NUMERIC)


def _columns_of(table: str) -> tuple[Column, ...]:
    """The listed fields, the title field first, then the computed columns; the first text column stretches."""
    spec = records.table(table)
    listed = sorted((f for f in spec.fields if f.listed), key=lambda f: f.name != spec.title_field)
    out = [_field_column(table, f) for f in listed]
    for after, column in COMPUTED.get(table, ()):
        place = next((i + 1 for i, c in enumerate(out) if c.key == after), len(out))
        out.insert(place, column)
    for i, column in enumerate(out):
        if column.format == TITLE or (spec.has_field(column.key) and spec.field(column.key).kind in _TEXTUAL):
            out[i] = replace(column, stretch=True)
            break
    return tuple(out)


# The GUI's lists and every table of the CLI's ``list``.
LISTED = (*BROWSABLE, *(t for t in records.CLI_TABLES if t not in BROWSABLE))
COLUMNS: dict[str, tuple[Column, ...]] = {table: _columns_of(table) for table in LISTED}

# Record fields every row carries besides its columns (for formatting and actions).
_EXTRA_FIELDS = {
    "organization": ("country", "employees", "annual_turnover", "balance_sheet_total", "financials_currency",
                     "ownership"),
    "visit": ("organization_id", "status"),
    "stream": ("organization_id", "unit", "basis", "density", "mass_per_item", "batches_per_year"),
    "need": ("organization_id", "unit", "basis", "density", "mass_per_item", "batches_per_year"),
    "idea": ("stream_id", "organization_id"),
    "match": ("stream_id", "need_id"),
    "contact": ("organization_id",),
    "test_environment": ("match_id",),
    "outcome": ("match_id",),
    "activity": ("organizer_id",),
}


def columns(table: str) -> tuple[Column, ...]:
    _check_table(table)
    return COLUMNS[table]


# Where a computed column takes its value from, to tell whether it is ever filled (a referenced
# record's title comes from the "<column>_id" field).
_SOURCE_FIELD = {"tonnes_per_year": "quantity"}


def filled_columns(app: App, table: str) -> frozenset[str]:
    """The list's columns that hold a value in at least one live record (an always-empty one is not shown).

    One query with a short ``EXISTS`` per column: each stops at the first filled row.
    """
    _check_table(table)
    spec = records.table(table)
    checks: dict[str, str] = {}
    always: set[str] = set()
    for column in COLUMNS[table]:
        field = column.key
        if column.format == TITLE and not spec.has_field(field):
            field = f"{column.key}_id"
        field = _SOURCE_FIELD.get(field, field)
        if column.format == COUNT or not spec.has_field(field):
            always.add(column.key)
            continue
        checks[column.key] = (f"EXISTS(SELECT 1 FROM {table} WHERE deleted = 0 AND {field} IS NOT NULL "
                              f"AND {field} NOT IN ('', '[]', '{{}}'))")
    if not checks:
        return frozenset(always)
    with app.snapshot() as conn:
        row = conn.execute("SELECT " + ", ".join(checks.values())).fetchone()
    return frozenset(always | {key for key, filled in zip(checks, row) if filled})


def _check_table(table: str) -> None:
    if table not in LISTED:
        raise ValidationError(_("unknown table “{table}”; choose one of: {choices}").format(
            table=table, choices=", ".join(LISTED)), field="table")


@lru_cache(maxsize=None)
def _kinds(table: str) -> dict[str, str]:
    return {f.name: f.kind for f in records.table(table).fields}


# Where the operation log keeps the ranges already put into bundles (``store.oplog.EXPORTED``).
_EXPORTED_KEY = meta.SYNC_EXPORTED


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


@lru_cache(maxsize=None)
def _resolved(table: str) -> dict[str, str]:
    """SQL expressions for the columns that are not plain fields of the table."""
    out: dict[str, str] = {}
    for f in records.table(table).fields:   # every listed reference shows its record's title
        if f.listed and f.kind == records.REF and f.ref:
            out[ref_key(f)] = _title_sql(table, f.ref, f.name)
    if table in ("visit", "stream", "need", "idea", "contact"):
        out["organization"] = _title_sql(table, "organization", "organization_id")
    if table in ("stream", "need"):
        out["tonnes_per_year"] = _tonnes_sql(table)
        out["quantity"] = f"CAST({table}.quantity AS FLOAT)"
    if table == "organization":
        for name, other in (("streams", "stream"), ("visits", "visit")):
            # "+deleted": keeps SQLite on the organization_id index even where an index that
            # starts with "deleted" exists (without ANALYZE it would scan every live stream per row).
            out[name] = (f"(SELECT count(*) FROM {other} WHERE {other}.organization_id = {table}.id "
                         f"AND +{other}.deleted = 0)")
    return out


def _filtered(table: str, search: str | None, where: Mapping[str, Any] | None) -> tuple[str, list[Any]]:
    """The WHERE clause of a list (live records, field equality, full-text words) and its parameters."""
    clauses = [f"{table}.deleted = 0"]
    params: list[Any] = []
    spec = records.table(table)
    for name, value in (where or {}).items():
        f = spec.field(name)  # unknown field → ValidationError naming it
        if value is None:
            clauses.append(f"{table}.{name} IS NULL")
        elif f.kind == records.INDUSTRY:
            # An industry filter names a division ("16"), group ("16.1") or class ("16.10"): every
            # code under it matches, a national fifth digit included.
            clauses.append(f"{table}.{name} LIKE ?")
            params.append(_industry_prefix(value) + "%")
        else:
            clauses.append(f"{table}.{name} = ?")
            params.append(value)
    query = fts_query(search or "")
    if query:
        clauses.append(f"{table}.rowid IN (SELECT rowid FROM {table}_fts WHERE {table}_fts MATCH ?)")
        params.append(query)
    return " AND ".join(clauses), params


def _industry_prefix(value: Any) -> str:
    text = str(value).strip()
    if not re.fullmatch(r"[0-9]{2}(\.[0-9]{1,3})?", text):
        raise ValidationError(_("“{value}” is not an industry division or class (e.g. 16 or 16.10)").format(
            value=text[:40]), field="industry_code")
    return text


def _sort_keys(table: str, sort: str | None, resolved: Mapping[str, str]) -> list[str]:
    spec = records.table(table)
    cols = {c.key: c for c in COLUMNS[table]}
    if sort is None:
        sort = "date" if table == "visit" else spec.title_field
    column = cols.get(sort)
    if column is None and not spec.has_field(sort):
        raise ValidationError(_("{table}: cannot sort by “{field}”").format(table=table, field=sort), field=sort)
    if column is not None and not column.sortable:
        raise ValidationError(_("{table}: cannot sort by “{field}”").format(table=table, field=sort), field=sort)
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


def list_page(app: App, table: str, *, search: str | None = None, sort: str | None = None,
              descending: bool = False, offset: int = 0, limit: int = DEFAULT_PAGE,
              where: Mapping[str, Any] | None = None, with_total: bool = True,
              count_cap: int | None = None) -> Page:
    """One page of a list: rows sorted in SQL and filtered by the full-text index.

    ``with_total`` also counts every row that passes the filter (the list's record count);
    with ``count_cap`` the count stops there (``Page.capped``), which keeps a one-letter
    filter over 30,000 streams as fast as a long one.
    """
    _check_table(table)
    limit = max(1, min(int(limit), MAX_PAGE))
    spec = records.table(table)
    resolved = _resolved(table)
    wanted = {c.key for c in COLUMNS[table]} | set(_EXTRA_FIELDS.get(table, ()))
    selected = [f"{table}.id AS id"]
    for key in sorted(wanted):
        if key in resolved and key != "quantity":
            selected.append(f"{resolved[key]} AS {key}")
        elif spec.has_field(key):
            selected.append(f"{table}.{key} AS {key}")
    sort_keys = _sort_keys(table, sort, resolved)
    nullable = len(sort_keys) == 2
    order = [f"{k} DESC" if descending and (i == 1 or not nullable) else k for i, k in enumerate(sort_keys)]
    order.append(f"{table}.id DESC" if descending else f"{table}.id")
    condition, params = _filtered(table, search, where)
    # Two steps: the ids of the page in order (the sort touches only the key), then the page's
    # columns — resolved names and tonnes are computed for 100 rows, not for every match.
    ids_sql = (f"SELECT {table}.rowid FROM {table} WHERE {condition} ORDER BY {', '.join(order)} "
               "LIMIT ? OFFSET ?")
    with app.snapshot() as conn:
        order_of = [r[0] for r in conn.execute(ids_sql, [*params, limit, max(0, int(offset))])]
        rows: list[dict[str, Any]] = []
        if order_of:
            marks = ", ".join("?" * len(order_of))
            found = {}
            cursor = conn.execute(f"SELECT {table}.rowid AS _rowid, {', '.join(selected)} FROM {table} "
                                  f"WHERE {table}.rowid IN ({marks})", order_of)
            for record in _dicts(cursor):
                found[record.pop("_rowid")] = record
            rows = [_plain(table, found[r]) for r in order_of if r in found]
        total, capped = None, False
        if with_total:
            if count_cap is None:
                counted = conn.execute(f"SELECT count(*) FROM {table} WHERE {condition}", params)
            else:
                counted = conn.execute(f"SELECT count(*) FROM (SELECT {table}.rowid FROM {table} "
                                       f"WHERE {condition} LIMIT ?)", [*params, count_cap + 1])
            total = int(counted.fetchone()[0] or 0)
            if count_cap is not None and total > count_cap:
                total, capped = count_cap, True
    return Page(rows, offset, total, capped)




def _plain(table: str, row: dict[str, Any]) -> dict[str, Any]:
    """JSON columns decoded, booleans as bool, tonnes per year exact (from ``core.units``)."""
    kinds = _kinds(table)
    for key, value in row.items():
        if value is None:
            continue
        kind = kinds.get(key)
        if kind in _JSON_KINDS and isinstance(value, str):
            row[key] = json.loads(value)
        elif kind == records.BOOL:
            row[key] = bool(value)
    if table in ("stream", "need"):
        row["tonnes_per_year"] = units.tonnes_per_year(row)
    return row


def list_rows(app: App, table: str, *, search: str | None = None) -> list[dict[str, Any]]:
    """Every row of a list, sorted as the list sorts it (the CLI's ``list`` prints them all)."""
    rows: list[dict[str, Any]] = []
    while True:
        page = list_page(app, table, search=search, offset=len(rows), limit=MAX_PAGE, with_total=False)
        rows.extend(page.rows)
        if len(page.rows) < MAX_PAGE:
            return rows


def cell_text(table: str, column: Column, row: Mapping[str, Any]) -> str:
    """One cell as a person reads it in the active language (the CLI's table; the GUI has a faster twin)."""
    value = row.get(column.key)
    if (value is None or value == "") and (table, column.key) not in _COMPUTED_CELLS:
        return ""
    if column.format == TITLE:
        return str(value)
    if column.format == COUNT:
        return i18n.format_decimal(Decimal(int(value)))
    if column.format == ORGNUMBER:
        from cirkular_desktop.core import orgnumber

        return orgnumber.format_number(row.get("country") or "", value)
    if column.format == TONNES:
        return i18n.format_decimal(Decimal(value), max_fraction=2)
    spec = records.table(table)
    if column.format == QUANTITY:
        unit = units.get(row.get("unit"))
        basis = spec.field("basis").choice_label(row.get("basis") or "per_year")
        return _("{quantity} {unit} {basis}").format(quantity=i18n.format_decimal(Decimal(str(value))),
                                                      unit=unit.display() if unit else "", basis=basis)
    return display.list_cell(table, spec.field(column.key), row) if spec.has_field(column.key) else str(value)


def count(app: App, table: str, *, search: str | None = None, where: Mapping[str, Any] | None = None) -> int:
    """How many live records pass the filter."""
    _check_table(table)
    condition, params = _filtered(table, search, where)
    with app.snapshot() as conn:
        return int(conn.execute(f"SELECT count(*) FROM {table} WHERE {condition}", params).fetchone()[0] or 0)


def counts(app: App, tables: Sequence[str] = BROWSABLE) -> dict[str, int]:
    """Live records per table, for the navigation and the empty states."""
    out: dict[str, int] = {}
    for table in tables:
        _check_table(table)
    with app.snapshot() as conn:
        for table in tables:
            out[table] = int(conn.execute(f"SELECT count(*) FROM {table} WHERE {table}.deleted = 0").fetchone()[0])
    return out


def _record(spec: records.Table, row: Mapping[str, Any]) -> dict[str, Any]:
    """A record as the unit of work returns it: JSON fields decoded, booleans as bool."""
    out: dict[str, Any] = {"id": row["id"]}
    for f in spec.fields:
        value = row[f.name]
        if value is not None and f.kind in _JSON_KINDS:
            value = json.loads(value)
        elif value is not None and f.kind == records.BOOL:
            value = bool(value)
        out[f.name] = value
    out["deleted"] = bool(row["deleted"])
    out["erased"] = bool(row["erased"])
    return out


def _records(conn: Any, table: str, where: Mapping[str, Any], *, order_by: Sequence[str] | None = None,
             descending: bool = False, include_deleted: bool = False) -> list[dict[str, Any]]:
    """Whole records of one table with equal field values, sorted like ``UnitOfWork.select``."""
    spec = records.table(table)
    names = ", ".join(["id", *(f.name for f in spec.fields), "deleted", "erased"])
    clauses = [] if include_deleted else ["deleted = 0"]
    params: list[Any] = []
    for name, value in where.items():
        if name != "id":
            spec.field(name)  # unknown field → ValidationError naming it
        clauses.append(f"{name} = ?")
        params.append(value)
    direction = " DESC" if descending else ""
    keys = ", ".join(f"{key}{direction}" for key in (*(order_by or (spec.title_field,)), "id"))
    condition = " AND ".join(clauses) or "1"
    cursor = conn.execute(f"SELECT {names} FROM {table} WHERE {condition} ORDER BY {keys}", params)
    return [_record(spec, row) for row in _dicts(cursor)]


def _not_found(table: str, record_id: str) -> NotFoundError:
    return NotFoundError(_("{table}: no record with id “{id}”").format(table=table, id=record_id), field="id")


def organization_overview(app: App, organization_id: str) -> dict[str, Any]:
    """Everything the organization editor shows: the record, its contacts, visits, streams, needs, ideas."""
    with app.snapshot() as conn:
        found = _records(conn, "organization", {"id": organization_id})
        if not found:
            raise _not_found("organization", organization_id)
        where = {"organization_id": organization_id}
        visits = _records(conn, "visit", where, order_by=("date",), descending=True)
        streams = _records(conn, "stream", where)
        for stream in streams:
            stream["tonnes_per_year"] = units.tonnes_per_year(stream)
        needs = _records(conn, "need", where)
        for need in needs:
            need["tonnes_per_year"] = units.tonnes_per_year(need)
        return {
            "organization": found[0],
            "contacts": _records(conn, "contact", where),
            "visits": visits,
            "streams": streams,
            "needs": needs,
            "ideas": _records(conn, "idea", where),
        }


def visit_heading(app: App, visit_id: str) -> dict[str, Any]:
    """A visit with its organization's name, for titles and the reopen-on-start check."""
    with app.snapshot() as conn:
        visit = conn.execute("SELECT date, status, organization_id FROM visit WHERE id = ? AND deleted = 0",
                             (visit_id,)).fetchone()
        if visit is None:
            raise _not_found("visit", visit_id)
        name = conn.execute("SELECT name FROM organization WHERE id = ?", (visit[2],)).fetchone()
    return {"id": visit_id, "date": visit[0], "status": visit[1], "organization_id": visit[2],
            "organization": name[0] if name else ""}


def visit_exists(app: App, visit_id: str) -> bool:
    with app.snapshot() as conn:
        return conn.execute("SELECT 1 FROM visit WHERE id = ? AND deleted = 0", (visit_id,)).fetchone() is not None


def status_bar(app: App) -> dict[str, Any]:
    """What the status bar shows: this device's id and name, and how many changes were never exported.

    The count is what ``services.sync.pending_count`` reports, read without the ORM: operations
    written here minus the sequence ranges already put into bundles.
    """
    with app.snapshot() as conn:
        info = dict(conn.execute("SELECT key, value FROM meta WHERE key IN (?, ?, ?)",
                                 (meta.DEVICE_ID, meta.DEVICE_NAME, _EXPORTED_KEY)).fetchall())
        done = json.loads(info.get(_EXPORTED_KEY) or "{}")
        pending = 0
        for device, number in conn.execute("SELECT device, count(*) FROM op WHERE local = 1 GROUP BY device"):
            pending += int(number)
            for low, high in done.get(device, []):
                pending -= int(conn.execute(
                    "SELECT count(*) FROM op WHERE device = ? AND local = 1 AND seq >= ? AND seq <= ?",
                    (device, int(low), int(high))).fetchone()[0])
    return {"device": info.get(meta.DEVICE_ID) or "", "name": info.get(meta.DEVICE_NAME) or "", "pending": pending}


def total_tonnes(rows: Sequence[Mapping[str, Any]]) -> Decimal:
    """Sum of the known tonnes per year of some stream rows (unknown ones left out)."""
    total = Decimal(0)
    for row in rows:
        value = row.get("tonnes_per_year")
        if value is None:
            continue
        try:
            total += Decimal(value)
        except (InvalidOperation, TypeError):
            continue
    return total
