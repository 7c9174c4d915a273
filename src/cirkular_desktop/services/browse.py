"""What the GUI's lists and the organization editor read: pages of rows, counts, one organization's records.

A list shows a page of rows at a time, sorted in SQL and filtered through the
FTS5 index (``store.search.fts_query``: every typed word must start a word of
the record), so typing stays fast with 30,000 streams — nothing here loads a
whole table. Rows are plain dicts of raw values plus resolved display
columns (the organization's name for a stream, tonnes per year); the GUI
formats them in the active language only for the cells it actually paints.

The SQL is the store's (``store.queries``: parameterised, on the read path
``App.snapshot``, the standard library's sqlite3), so showing a list never
loads SQLAlchemy or the ORM: start-up and memory stay small (design §6). This
module decides what a list shows and checks what a person asked for (table,
sort, filters); it builds no SQL of its own.

Imports: errors, i18n, core (records, units, display, fields), store.queries, services.app.
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
from cirkular_desktop.core import fields as field_kinds   # field_kinds.TEXT…; ORGNUMBER below is a cell format
from cirkular_desktop.core.fields import JSON_KINDS as _JSON_KINDS
from cirkular_desktop.errors import NotFoundError, ValidationError
from cirkular_desktop.i18n import N_, gettext as _
from cirkular_desktop.services.app import App
from cirkular_desktop.store import queries

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
_NUMERIC = frozenset((field_kinds.DECIMAL, field_kinds.INT))
# Fields whose cell shows a value computed from the row (core.display.list_cell): an organization's
# size class by the EU definition, from its figures when they settle it.
_COMPUTED_CELLS = frozenset({("organization", "size_class")})
_TEXTUAL = frozenset((field_kinds.TEXT, field_kinds.LONGTEXT))


# The row key of a reference's title (``organizer_id`` → ``organizer``): the store names the column so.
ref_key = queries.ref_key


def _field_column(table: str, f: records.Field) -> Column:
    if f.kind == field_kinds.REF:
        return Column(ref_key(f), f.label, TITLE)      # what it points at, by its title
    if f.name == "quantity" and "unit" in records.table(table).field_names:
        return Column(f.name, f.label, QUANTITY, numeric=True)   # "12.5 t per year": unit and basis with it
    if f.kind == field_kinds.ORGNUMBER:
        return Column(f.name, f.label, ORGNUMBER)
    if f.internal and f.kind == field_kinds.INT:
        return Column(f.name, f.label, COUNT, numeric=True)
    if (table, f.name) in _COMPUTED_CELLS:   # shows what is computed from the row: SQL cannot sort by it
        return Column(f.name, f.label, sortable=False)
    # A municipality is stored as its code: sorting by it would look random.
    return Column(f.name, f.label, sortable=f.kind != field_kinds.MUNICIPALITY, numeric=f.kind in _NUMERIC)


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

    The store answers with one short ``EXISTS`` per column (``store.queries.filled_fields``).
    """
    _check_table(table)
    spec = records.table(table)
    sources: dict[str, str] = {}
    always: set[str] = set()
    for column in COLUMNS[table]:
        field = column.key
        if column.format == TITLE and not spec.has_field(field):
            field = f"{column.key}_id"
        field = _SOURCE_FIELD.get(field, field)
        if column.format == COUNT or not spec.has_field(field):
            always.add(column.key)
            continue
        sources[column.key] = field
    if not sources:
        return frozenset(always)
    with app.snapshot() as conn:
        return frozenset(always | queries.filled_fields(conn, table, sources))


def _check_table(table: str) -> None:
    if table not in LISTED:
        raise ValidationError(_("unknown table “{table}”; choose one of: {choices}").format(
            table=table, choices=", ".join(LISTED)), field="table")


@lru_cache(maxsize=None)
def _kinds(table: str) -> dict[str, str]:
    return {f.name: f.kind for f in records.table(table).fields}


def _checked_where(table: str, where: Mapping[str, Any] | None) -> dict[str, Any]:
    """``where`` with its fields checked (unknown → ValidationError) and industry prefixes validated."""
    spec = records.table(table)
    out: dict[str, Any] = {}
    for name, value in (where or {}).items():
        f = spec.field(name)  # unknown field → ValidationError naming it
        # An industry filter names a division ("16"), group ("16.1") or class ("16.10"): every
        # code under it matches, a national fifth digit included (the store's LIKE).
        out[name] = _industry_prefix(value) if value is not None and f.kind == field_kinds.INDUSTRY else value
    return out


def _industry_prefix(value: Any) -> str:
    text = str(value).strip()
    if not re.fullmatch(r"[0-9]{2}(\.[0-9]{1,3})?", text):
        raise ValidationError(_("“{value}” is not an industry division or class (e.g. 16 or 16.10)").format(
            value=text[:40]), field="industry_code")
    return text


def _sort_key(table: str, sort: str | None) -> str:
    """The column or field a list sorts by, checked: a column that cannot sort is refused."""
    spec = records.table(table)
    cols = {c.key: c for c in COLUMNS[table]}
    if sort is None:
        sort = "date" if table == "visit" else spec.title_field
    column = cols.get(sort)
    if (column is None and not spec.has_field(sort)) or (column is not None and not column.sortable):
        raise ValidationError(_("{table}: cannot sort by “{field}”").format(table=table, field=sort), field=sort)
    if column is not None and not spec.has_field(sort) and sort not in queries.resolved_columns(table):
        raise ValidationError(_("{table}: cannot sort by “{field}”").format(table=table, field=sort), field=sort)
    return sort


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
    key = _sort_key(table, sort)
    checked = _checked_where(table, where)
    wanted = {c.key for c in COLUMNS[table]} | set(_EXTRA_FIELDS.get(table, ()))
    with app.snapshot() as conn:
        rows, total, capped = queries.list_page(
            conn, table, keys=sorted(wanted), sort=key, descending=descending, offset=offset, limit=limit,
            search=search, where=checked, with_total=with_total, count_cap=count_cap)
    return Page([_plain(table, row) for row in rows], offset, total, capped)


def _plain(table: str, row: dict[str, Any]) -> dict[str, Any]:
    """JSON columns decoded, booleans as bool, tonnes per year exact (from ``core.units``)."""
    kinds = _kinds(table)
    for key, value in row.items():
        if value is None:
            continue
        kind = kinds.get(key)
        if kind in _JSON_KINDS and isinstance(value, str):
            row[key] = json.loads(value)
        elif kind == field_kinds.BOOL:
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
    value: Any = row.get(column.key)   # of the column's kind: text, a number, a list…
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
    checked = _checked_where(table, where)
    with app.snapshot() as conn:
        return queries.list_count(conn, table, search=search, where=checked)


def counts(app: App, tables: Sequence[str] = BROWSABLE) -> dict[str, int]:
    """Live records per table, for the navigation and the empty states."""
    for table in tables:
        _check_table(table)
    with app.snapshot() as conn:
        return queries.live_counts(conn, tables)


def _not_found(table: str, record_id: str) -> NotFoundError:
    return NotFoundError(_("{table}: no record with id “{id}”").format(table=table, id=record_id), field="id")


def organization_overview(app: App, organization_id: str) -> dict[str, Any]:
    """Everything the organization editor shows: the record, its contacts, visits, streams, needs, ideas."""
    with app.snapshot() as conn:
        found = queries.select_records(conn, "organization", where={"id": organization_id})
        if not found:
            raise _not_found("organization", organization_id)
        where = {"organization_id": organization_id}
        visits = queries.select_records(conn, "visit", where=where, order_by=("date",), descending=True)
        streams = queries.select_records(conn, "stream", where=where)
        needs = queries.select_records(conn, "need", where=where)
        contacts = queries.select_records(conn, "contact", where=where)
        ideas = queries.select_records(conn, "idea", where=where)
    for row in (*streams, *needs):
        row["tonnes_per_year"] = units.tonnes_per_year(row)
    return {"organization": found[0], "contacts": contacts, "visits": visits, "streams": streams,
            "needs": needs, "ideas": ideas}


def visit_heading(app: App, visit_id: str) -> dict[str, Any]:
    """A visit with its organization's name, for titles and the reopen-on-start check."""
    with app.snapshot() as conn:
        found = queries.visit_heading(conn, visit_id)
    if found is None:
        raise _not_found("visit", visit_id)
    return found


def visit_exists(app: App, visit_id: str) -> bool:
    with app.snapshot() as conn:
        return queries.record_exists(conn, "visit", visit_id)


def status_bar(app: App) -> dict[str, Any]:
    """What the status bar shows: this device's id and name, and how many changes were never exported.

    The count is what ``services.sync.pending_count`` reports, read without the ORM
    (``store.queries.unexported_count``).
    """
    with app.snapshot() as conn:
        return queries.unexported_count(conn)


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
