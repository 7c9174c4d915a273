"""Organizations' permit to take in waste (asked by the questionnaire, issue #20 item 7).

Revision ID: 0011
Revises: 0004
Create Date: 2026-12-10
"""

from alembic import op
import sqlalchemy as sa

revision = '0011'
down_revision = '0004'
branch_labels = None
depends_on = None

COLUMNS = ("waste_permit", "waste_permit_scope")


def upgrade() -> None:
    # Plain ADD COLUMN: the table is not rebuilt, so its search index triggers stay as they are.
    for name in COLUMNS:
        op.add_column('organization', sa.Column(name, sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('organization') as batch:
        for name in reversed(COLUMNS):
            batch.drop_column(name)
