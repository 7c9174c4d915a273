"""What the GUI's lists and the organization editor read: pages of rows, counts, one organization's records.

A list shows a page of rows at a time, sorted in SQL and filtered through the
FTS5 index (``store.search.fts_query``: every typed word must start a word of
the record), so typing stays fast with 30,000 streams — nothing here loads a
whole table. Rows are plain dicts of raw values plus resolved display
columns (the organization's name for a stream, tonnes per year); the GUI
formats them in the active language only for the cells it actually paints.

Imports: errors, i18n, core (records, units), store (schema, search) through
the unit of work, services.app, SQLAlchemy.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from decimal import Decimal, InvalidOperation
from typing import Any, Mapping, Sequence

import sqlalchemy as sa

from cirkular_desktop.core import records, units
from cirkular_desktop.errors import ValidationError
from cirkular_desktop.i18n import N_, gettext as _
from cirkular_desktop.services.app import App
from cirkular_desktop.store import schema
from cirkular_desktop.store.search import fts_query

BROWSABLE = ("organization", "visit", "stream", "need", "idea", "match", "contact")
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


_t = schema.RECORD_TABLES


def _tonnes_expression(t: sa.Table) -> Any:
    """Tonnes per year in SQL, for sorting (mirrors ``core.units.tonnes_per_year``).

    Volume and items need density or mass per item; rows that cannot convert sort last.
    """
    q = sa.cast(t.c.quantity, sa.Float)
    mass = sa.case(
        *((t.c.unit == u.code, q * float(u.factor)) for u in units.UNITS if u.kind == units.MASS),
        *((t.c.unit == u.code, q * float(u.factor) * sa.cast(t.c.density, sa.Float))
          for u in units.UNITS if u.kind == units.VOLUME),
        *((t.c.unit == u.code, q * float(u.factor) * sa.cast(t.c.mass_per_item, sa.Float) / 1000.0)
          for u in units.UNITS if u.kind == units.COUNT),
        else_=sa.null())
    per_year = sa.case(
        *((sa.func.coalesce(t.c.basis, "per_year") == basis, float(factor)) for basis, factor in units.PER_YEAR.items()),
        (t.c.basis == "per_batch", sa.cast(t.c.batches_per_year, sa.Float)),
        else_=sa.null())
    return mass * per_year


def _org_name(ref: Any) -> Any:
    org = _t["organization"].alias("org_sort")
    return sa.select(org.c.name).where(org.c.id == ref).scalar_subquery()


def _title_of(table: str, ref: Any) -> Any:
    other = _t[table].alias(f"{table}_sort")
    return sa.select(other.c[records.table(table).title_field]).where(other.c.id == ref).scalar_subquery()


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


@lru_cache(maxsize=None)
def _resolved(table: str) -> dict[str, Any]:
    """SQL expressions for the columns that are not plain fields of the table."""
    t = _t[table]
    out: dict[str, Any] = {}
    if table in ("visit", "stream", "need", "idea", "contact"):
        out["organization"] = _org_name(t.c.organization_id)
    if table in ("stream", "need"):
        out["tonnes_per_year"] = _tonnes_expression(t)
        out["quantity"] = sa.cast(t.c.quantity, sa.Float)
    if table in ("idea", "match"):
        out["stream"] = _title_of("stream", t.c.stream_id)
    if table == "match":
        out["need"] = _title_of("need", t.c.need_id)
    if table == "organization":
        for name, other in (("streams", "stream"), ("visits", "visit")):
            o = _t[other]
            # "+deleted": keeps SQLite on the organization_id index even where an index that
            # starts with "deleted" exists (without ANALYZE it would scan every live stream per row).
            out[name] = (sa.select(sa.func.count()).select_from(o)
                         .where(o.c.organization_id == t.c.id, sa.text(f"+{other}.deleted = 0")).scalar_subquery())
    return out


def _filtered(table: str, statement: Any, search: str | None, where: Mapping[str, Any] | None) -> Any:
    t = _t[table]
    statement = statement.where(t.c.deleted.is_(False))
    spec = records.table(table)
    for name, value in (where or {}).items():
        spec.field(name)  # unknown field → ValidationError naming it
        statement = statement.where(t.c[name].is_(None) if value is None else t.c[name] == value)
    query = fts_query(search or "")
    if query:
        fts = sa.text(f"SELECT rowid FROM {table}_fts WHERE {table}_fts MATCH :q").bindparams(q=query)
        statement = statement.where(sa.literal_column(f"{table}.rowid").in_(fts))
    return statement


def _sort_keys(table: str, sort: str | None, resolved: Mapping[str, Any]) -> list[Any]:
    t = _t[table]
    spec = records.table(table)
    cols = {c.key: c for c in COLUMNS[table]}
    if sort is None:
        sort = "date" if table == "visit" else spec.title_field
    column = cols.get(sort)
    if column is None and not spec.has_field(sort):
        raise ValidationError(_("{table}: cannot sort by “{field}”").format(table=table, field=sort), field=sort)
    if column is not None and not column.sortable:
        raise ValidationError(_("{table}: cannot sort by “{field}”").format(table=table, field=sort), field=sort)
    key = resolved.get(sort, t.c[sort] if spec.has_field(sort) else None)
    required = spec.has_field(sort) and spec.field(sort).required
    if isinstance(key, sa.Column) and spec.field(sort).kind == records.TEXT:
        key = sa.collate(key, "NOCASE")
    if required:
        return [key]  # never empty: a plain key lets SQLite walk an index in order
    # Empty values last in either direction, so the interesting rows come first.
    return [sa.case((key.is_(None), 1), else_=0), key]


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
    t = _t[table]
    spec = records.table(table)
    resolved = _resolved(table)
    wanted = {c.key for c in COLUMNS[table]} | set(_EXTRA_FIELDS.get(table, ()))
    selected = [t.c.id]
    for key in sorted(wanted):
        if key in resolved and key != "quantity":
            selected.append(resolved[key].label(key))
        elif spec.has_field(key):
            selected.append(t.c[key])
    sort_keys = _sort_keys(table, sort, resolved)
    nullable = len(sort_keys) == 2
    order = [k.desc() if descending and (i == 1 or not nullable) else k for i, k in enumerate(sort_keys)]
    rowid = sa.literal_column(f"{table}.rowid")
    # Two steps: the ids of the page in order (the sort touches only the key), then the page's
    # columns — resolved names and tonnes are computed for 100 rows, not for every match.
    ids = _filtered(table, sa.select(rowid), search, where)
    ids = ids.order_by(*order, t.c.id.desc() if descending else t.c.id).limit(limit).offset(max(0, int(offset)))
    with app.uow(write=False) as uow:
        order_of = [r[0] for r in uow.execute(ids)]
        rows: list[dict[str, Any]] = []
        if order_of:
            found = {}
            statement = sa.select(rowid.label("_rowid"), *selected).where(rowid.in_(order_of))
            for row in uow.execute(statement).mappings():
                record = dict(row)
                found[record.pop("_rowid")] = record
            rows = [_plain(table, found[r]) for r in order_of if r in found]
        total, capped = None, False
        if with_total:
            if count_cap is None:
                counted = _filtered(table, sa.select(sa.func.count()).select_from(t), search, where)
            else:
                inner = _filtered(table, sa.select(rowid), search, where).limit(count_cap + 1).subquery()
                counted = sa.select(sa.func.count()).select_from(inner)
            total = int(uow.execute(counted).scalar() or 0)
            if count_cap is not None and total > count_cap:
                total, capped = count_cap, True
    return Page(rows, offset, total, capped)


_JSON_KINDS = frozenset((records.MULTI, records.TAGS, records.WASTECODES, records.MAP))


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
    t = _t[table]
    with app.uow(write=False) as uow:
        return int(uow.execute(_filtered(table, sa.select(sa.func.count()).select_from(t), search,
                                         where)).scalar() or 0)


def counts(app: App, tables: Sequence[str] = BROWSABLE) -> dict[str, int]:
    """Live records per table, for the navigation and the empty states."""
    out: dict[str, int] = {}
    with app.uow(write=False) as uow:
        for table in tables:
            _check_table(table)
            out[table] = uow.count(table)
    return out


def organization_overview(app: App, organization_id: str) -> dict[str, Any]:
    """Everything the organization editor shows: the record, its contacts, visits, streams, needs, ideas."""
    with app.uow(write=False) as uow:
        organization = uow.require("organization", organization_id)
        where = {"organization_id": organization_id}
        visits = uow.select("visit", where=where, order_by=("date",), descending=True)
        streams = uow.select("stream", where=where)
        for stream in streams:
            stream["tonnes_per_year"] = units.tonnes_per_year(stream)
        needs = uow.select("need", where=where)
        for need in needs:
            need["tonnes_per_year"] = units.tonnes_per_year(need)
        return {
            "organization": organization,
            "contacts": uow.select("contact", where=where),
            "visits": visits,
            "streams": streams,
            "needs": needs,
            "ideas": uow.select("idea", where=where),
        }


def visit_heading(app: App, visit_id: str) -> dict[str, Any]:
    """A visit with its organization's name, for titles and the reopen-on-start check."""
    with app.uow(write=False) as uow:
        visit = uow.require("visit", visit_id)
        organization = uow.get("organization", visit["organization_id"], include_deleted=True)
    return {"id": visit_id, "date": visit["date"], "status": visit["status"],
            "organization_id": visit["organization_id"],
            "organization": organization["name"] if organization else ""}


def visit_exists(app: App, visit_id: str) -> bool:
    with app.uow(write=False) as uow:
        return uow.get("visit", visit_id) is not None


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
