"""Code fields: organizations' industry code and EU SME data; NS 9431 number on streams and needs.

Revision ID: 0006
Revises: 0003
Create Date: 2026-12-08
"""

from alembic import op
import sqlalchemy as sa

revision = '0006'
down_revision = '0003'
branch_labels = None
depends_on = None

ORGANIZATION_COLUMNS = ("industry_code", "annual_turnover", "balance_sheet_total", "financials_currency",
                        "ownership")


def upgrade() -> None:
    # Plain ADD COLUMN: the tables are not rebuilt, so their search index triggers stay as they are.
    # The new codes reach search through the derived search_text, not through new index columns.
    for name in ORGANIZATION_COLUMNS:
        op.add_column('organization', sa.Column(name, sa.Text(), nullable=True))
    for table in ('stream', 'need'):
        op.add_column(table, sa.Column('ns9431_code', sa.Text(), nullable=True))


def downgrade() -> None:
    for table in ('stream', 'need'):
        with op.batch_alter_table(table) as batch:
            batch.drop_column('ns9431_code')
    with op.batch_alter_table('organization') as batch:
        for name in reversed(ORGANIZATION_COLUMNS):
            batch.drop_column(name)
