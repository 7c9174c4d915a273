"""Matchmaking reads one record's partners from an index that holds what the score's upper bound needs.

The index by (material category, organization) of 0004 becomes a covering
index that also holds the columns a stream's or need's amount per year is
worked out from (and whether it is live, private, and of which resource
type). One need's or one stream's suggestions then rank thousands of
candidates by the best score each could still reach without reading their
rows, and read whole rows only for the few that could make the list
(``core.matching_search``). No record field changes.

Revision ID: 0012
Revises: 0004
Create Date: 2026-12-07
"""

from alembic import op

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None

AMOUNT = ("quantity", "unit", "basis", "batches_per_year", "density", "mass_per_item")
COLUMNS = {
    "stream": ("material_category", "organization_id", "deleted", "visibility", "resource_type", "condition", *AMOUNT),
    "need": ("material_category", "organization_id", "deleted", "resource_type", *AMOUNT, "min_lot"),
}


def upgrade() -> None:
    for table, columns in COLUMNS.items():
        op.execute(f"DROP INDEX IF EXISTS ix_{table}_material_category")
        op.create_index(f"ix_{table}_matching", table, list(columns))


def downgrade() -> None:
    for table in COLUMNS:
        op.drop_index(f"ix_{table}_matching", table_name=table)
        op.create_index(f"ix_{table}_material_category", table, ["material_category", "organization_id"])
