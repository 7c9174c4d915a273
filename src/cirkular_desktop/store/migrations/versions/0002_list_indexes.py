"""List indexes: live records by title (case-insensitive), for paged, sorted lists.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27
"""

from alembic import op
import sqlalchemy as sa

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

LIVE_TITLE_INDEXES = {"organization": "name", "stream": "title", "need": "title"}


def upgrade() -> None:
    for table, title in LIVE_TITLE_INDEXES.items():
        op.create_index(f"ix_{table}_live_{title}", table, ["deleted", sa.text(f"{title} COLLATE NOCASE"), "id"])
    # Fresh statistics so the planner prefers these indexes for list pages.
    op.execute("ANALYZE")


def downgrade() -> None:
    for table, title in LIVE_TITLE_INDEXES.items():
        op.drop_index(f"ix_{table}_live_{title}", table_name=table)
