"""Streams carry their Annex III/IIIA/IIIB entry of the waste shipment regulation, and who confirmed it when;
streams and needs are indexed by material category and organization, so one record's matchmaking partners
near it are read directly.

Revision ID: 0004
Revises: 0005
Create Date: 2026-12-07
"""

from alembic import op
import sqlalchemy as sa

revision = '0004'
down_revision = '0005'
branch_labels = None
depends_on = None

COLUMNS = ("shipment_entry", "shipment_entry_by", "shipment_entry_on")


def upgrade() -> None:
    with op.batch_alter_table("stream") as batch:
        for name in COLUMNS:
            batch.add_column(sa.Column(name, sa.Text(), nullable=True))
    for table in ("stream", "need"):
        op.create_index(f"ix_{table}_material_category", table, ["material_category", "organization_id"])


def downgrade() -> None:
    for table in ("stream", "need"):
        op.drop_index(f"ix_{table}_material_category", table_name=table)
    with op.batch_alter_table("stream") as batch:
        for name in reversed(COLUMNS):
            batch.drop_column(name)
