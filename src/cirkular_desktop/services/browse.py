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
from dataclasses import dataclass
from functools import lru_cache
from decimal import Decimal, InvalidOperation
from typing import Any, Mapping, Sequence

from cirkular_desktop.core import records, units
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


_STREAM_COLUMNS = (
    Column("title", N_("Title"), stretch=True),
    Column("organization", N_("Organization"), TITLE),
    Column("material_category", N_("Material category")),
    Column("waste_codes", N_("Waste codes")),
    Column("quantity", N_("Quantity"), QUANTITY, numeric=True),
    Column("tonnes_per_year", N_("Tonnes per year"), TONNES, numeric=True),
)

COLUMNS: dict[str, tuple[Column, ...]] = {
    "organization": (
        Column("name", N_("Name"), stretch=True),
        Column("country", N_("Country")),
        Column("org_number", N_("Organisation number"), ORGNUMBER),
        Column("municipality", N_("Municipality"), sortable=False),
        Column("kind", N_("Kind")),
        Column("size_class", N_("Size class")),
        Column("streams", N_("Streams"), COUNT, numeric=True),
        Column("visits", N_("Visits"), COUNT, numeric=True),
    ),
    "visit": (
        Column("date", N_("Date")),
        Column("organization", N_("Organization"), TITLE, stretch=True),
        Column("visitors", N_("Visitors")),
        Column("status", N_("Status")),
        Column("version", N_("Versions"), COUNT, numeric=True),
    ),
    "stream": _STREAM_COLUMNS,
    "need": _STREAM_COLUMNS,
    "idea": (
        Column("title", N_("Title"), stretch=True),
        Column("stream", N_("Residual stream"), TITLE),
        Column("organization", N_("Organization"), TITLE),
        Column("hierarchy", N_("Waste hierarchy level")),
        Column("status", N_("Status")),
    ),
    "match": (
        Column("title", N_("Title"), stretch=True),
        Column("stream", N_("Residual stream (have)"), TITLE),
        Column("need", N_("Need (want)"), TITLE),
        Column("stage", N_("Stage")),
        Column("cross_border", N_("Across the border")),
    ),
    "test_environment": (
        Column("title", N_("Title"), stretch=True),
        Column("match", N_("Match"), TITLE),
        Column("status", N_("Status")),
        Column("start_date", N_("Starts")),
        Column("end_date", N_("Ends")),
    ),
    "outcome": (
        Column("year", N_("Year"), numeric=True),
        Column("match", N_("Match"), TITLE, stretch=True),
        Column("tonnes_diverted", N_("Tonnes diverted"), numeric=True),
        Column("diverted_from", N_("Diverted from")),
        Column("co2e_saved", N_("CO₂e avoided (tonnes)"), numeric=True),
    ),
    "activity": (
        Column("date", N_("Date")),
        Column("title", N_("Title"), stretch=True),
        Column("kind", N_("Kind")),
        Column("organizer", N_("Organizer"), TITLE),
        Column("place", N_("Place")),
    ),
    "contact": (
        Column("name", N_("Name"), stretch=True),
        Column("role", N_("Role")),
        Column("phone", N_("Phone")),
        Column("email", N_("E-mail")),
        Column("language", N_("Language")),
        Column("consent", N_("Consent")),
    ),
}

# Record fields every row carries besides its columns (for formatting and actions).
_EXTRA_FIELDS = {
    "organization": ("country",),
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


def _check_table(table: str) -> None:
    if table not in BROWSABLE:
        raise ValidationError(_("unknown table “{table}”; choose one of: {choices}").format(
            table=table, choices=", ".join(BROWSABLE)), field="table")


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
    if table in ("visit", "stream", "need", "idea", "contact"):
        out["organization"] = _title_sql(table, "organization", "organization_id")
    if table in ("stream", "need"):
        out["tonnes_per_year"] = _tonnes_sql(table)
        out["quantity"] = f"CAST({table}.quantity AS FLOAT)"
    if table in ("idea", "match"):
        out["stream"] = _title_sql(table, "stream", "stream_id")
    if table == "match":
        out["need"] = _title_sql(table, "need", "need_id")
    if table in ("test_environment", "outcome"):
        out["match"] = _title_sql(table, "match", "match_id")
    if table == "activity":
        out["organizer"] = _title_sql(table, "organization", "organizer_id")
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
        spec.field(name)  # unknown field → ValidationError naming it
        if value is None:
            clauses.append(f"{table}.{name} IS NULL")
        else:
            clauses.append(f"{table}.{name} = ?")
            params.append(value)
    query = fts_query(search or "")
    if query:
        clauses.append(f"{table}.rowid IN (SELECT rowid FROM {table}_fts WHERE {table}_fts MATCH ?)")
        params.append(query)
    return " AND ".join(clauses), params


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


_JSON_KINDS = frozenset((records.MULTI, records.TAGS, records.WASTECODES, records.MAP, records.ITEMS, records.REFS))


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
