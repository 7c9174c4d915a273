"""Table definitions (SQLAlchemy Core): the bookkeeping tables, and the record tables built from core.records.

Record tables (organization, stream, ...) hold the *materialized* state of
the operation log: one column per field plus bookkeeping columns. They are
generated from ``core.records`` so the field list lives in one place; the
migrations spell them out and a test checks both agree. Record tables have
no SQL foreign keys on purpose: operations from several laptops can arrive in
any order, so a stream may briefly refer to an organization that has not
arrived yet; references are checked by the services and by ``check``.

Imports: core.records, SQLAlchemy (Core only: no ORM, no SQLModel).
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from cirkular_desktop.core import records

# Plain SQLAlchemy Core tables: the first edit of a session loads no ORM, SQLModel or pydantic
# (issue #18 item 8: the GUI's memory after one edit). The bookkeeping tables were SQLModel classes
# once; these are the same columns, types, defaults and constraints (tests/store/test_schema_core.py).
metadata = sa.MetaData()

# Bookkeeping columns on every record table (not part of dumps).
BOOKKEEPING = ("deleted", "erased", "stamps", "first_stamp", "last_stamp", "search_text")

# Device-local settings of this database: device id, clock, sequence counters.
META = sa.Table(
    "meta", metadata,
    sa.Column("key", sa.String(), primary_key=True),
    sa.Column("value", sa.String(), nullable=False),
)

# One field operation: the unit of change capture and of sync.
OP = sa.Table(
    "op", metadata,
    sa.Column("stamp", sa.String(), primary_key=True),
    sa.Column("device", sa.String(), nullable=False),
    sa.Column("seq", sa.Integer(), nullable=False),
    sa.Column("tbl", sa.String(), nullable=False),
    sa.Column("row_id", sa.String(), nullable=False),
    sa.Column("data", sa.String(), nullable=False),               # canonical JSON object: field -> value
    sa.Column("seen", sa.String(), nullable=False, default="{}"),  # canonical JSON object: field -> [stamps]
    sa.Column("local", sa.Boolean(), nullable=False, default=False),  # written on this device (not received)
    sa.UniqueConstraint("device", "seq", name="uq_op_device_seq"),
    sa.Index("ix_op_row", "tbl", "row_id"),
)

# A concurrent value that lost to the winner and waits for review (derived from the log).
CONFLICT = sa.Table(
    "conflict", metadata,
    sa.Column("id", sa.String(), primary_key=True),
    sa.Column("tbl", sa.String(), nullable=False),
    sa.Column("row_id", sa.String(), nullable=False),
    sa.Column("field", sa.String(), nullable=False),
    sa.Column("value", sa.String(), nullable=False),               # canonical JSON
    sa.Column("stamp", sa.String(), nullable=False),
    sa.Column("winner_value", sa.String(), nullable=True),
    sa.Column("winner_stamp", sa.String(), nullable=False),
    sa.Index("ix_conflict_row", "tbl", "row_id"),
)


def _column_type(kind: str) -> sa.types.TypeEngine[Any]:
    if kind == records.INT:
        return sa.Integer()
    if kind == records.BOOL:
        return sa.Boolean()
    return sa.Text()


LIVE_TITLE_INDEXES = {"organization": "name", "stream": "title", "need": "title"}


_AMOUNT = ("quantity", "unit", "basis", "batches_per_year", "density", "mass_per_item")
MATCHING_INDEXES = {
    "stream": ("material_category", "organization_id", "deleted", "visibility", "resource_type", "condition", *_AMOUNT),
    "need": ("material_category", "organization_id", "deleted", "resource_type", *_AMOUNT, "min_lot"),
}


def _record_table(spec: records.Table) -> sa.Table:
    columns = [sa.Column("id", sa.Text(), primary_key=True)]
    for f in spec.fields:
        columns.append(sa.Column(f.name, _column_type(f.kind), nullable=True))
    columns += [
        sa.Column("deleted", sa.Boolean(), nullable=False, server_default=sa.text("0")),
        sa.Column("erased", sa.Boolean(), nullable=False, server_default=sa.text("0")),
        sa.Column("stamps", sa.Text(), nullable=False, server_default=sa.text("'{}'")),
        sa.Column("first_stamp", sa.Text(), nullable=True),
        sa.Column("last_stamp", sa.Text(), nullable=True),
        sa.Column("search_text", sa.Text(), nullable=True),
    ]
    indexes = []
    for f in spec.fields:
        if f.kind == records.REF or f.name in ("date", "stage", "status", "country"):
            indexes.append(sa.Index(f"ix_{spec.name}_{f.name}", f.name))
    if spec.name in MATCHING_INDEXES:
        # Matchmaking ranks one record's partners by category and organization from the index alone:
        # it holds what the best score still possible needs (migration 0012, core.matching_search).
        indexes.append(sa.Index(f"ix_{spec.name}_matching", *MATCHING_INDEXES[spec.name]))
    table = sa.Table(spec.name, metadata, *columns, *indexes)
    if spec.name in LIVE_TITLE_INDEXES:
        # Lists show live records sorted by title, case-insensitively: this index lets SQLite
        # walk them in order and stop after one page instead of sorting the whole table.
        title = LIVE_TITLE_INDEXES[spec.name]
        sa.Index(f"ix_{spec.name}_live_{title}", table.c.deleted, sa.text(f"{title} COLLATE NOCASE"), table.c.id)
    return table



RECORD_TABLES: dict[str, sa.Table] = {name: _record_table(spec) for name, spec in records.TABLES.items()}

# Full-text search (FTS5, external content): the searchable fields plus derived text.
FTS_TOKENIZER = "unicode61 remove_diacritics 0"


def fts_columns(table_name: str) -> tuple[str, ...]:
    spec = records.TABLES[table_name]
    return tuple(f.name for f in spec.fields if f.searchable) + ("search_text",)


def fts_statements(table_name: str) -> list[str]:
    """DDL for a record table's FTS index and the triggers that keep it current."""
    cols = fts_columns(table_name)
    col_list = ", ".join(cols)
    new_vals = ", ".join(f"new.{c}" for c in cols)
    old_vals = ", ".join(f"old.{c}" for c in cols)
    fts = f"{table_name}_fts"
    return [
        f"CREATE VIRTUAL TABLE {fts} USING fts5({col_list}, content='{table_name}', "
        f"content_rowid='rowid', tokenize=\"{FTS_TOKENIZER}\")",
        f"CREATE TRIGGER {table_name}_fts_ai AFTER INSERT ON {table_name} BEGIN "
        f"INSERT INTO {fts}(rowid, {col_list}) VALUES (new.rowid, {new_vals}); END",
        f"CREATE TRIGGER {table_name}_fts_ad AFTER DELETE ON {table_name} BEGIN "
        f"INSERT INTO {fts}({fts}, rowid, {col_list}) VALUES ('delete', old.rowid, {old_vals}); END",
        f"CREATE TRIGGER {table_name}_fts_au AFTER UPDATE ON {table_name} BEGIN "
        f"INSERT INTO {fts}({fts}, rowid, {col_list}) VALUES ('delete', old.rowid, {old_vals}); "
        f"INSERT INTO {fts}(rowid, {col_list}) VALUES (new.rowid, {new_vals}); END",
    ]


FTS_TABLES = ("organization", "contact", "visit", "stream", "need", "idea", "match", "test_environment")
