"""Contact consents: (a) being recorded and contacted by the project, with its date.

Consent (b), sharing with matched partners, is the existing ``consent`` column.

Revision ID: 0005
Revises: 0006
Create Date: 2026-12-07
"""

from alembic import op
import sqlalchemy as sa

revision = '0005'
down_revision = '0006'  # chained after main's newest when main was merged in
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN: the table is not rebuilt, so its search index triggers stay as they are.
    op.add_column('contact', sa.Column('consent_contact', sa.Boolean(), nullable=True))
    op.add_column('contact', sa.Column('consent_contact_date', sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('contact') as batch:
        batch.drop_column('consent_contact_date')
        batch.drop_column('consent_contact')
