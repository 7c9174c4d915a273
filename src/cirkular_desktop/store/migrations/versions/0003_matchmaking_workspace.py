"""Matchmaking workspace: a match keeps its suggestion as data; test environments, outcomes, activities.

- match: the score's components, border flags, the rule set and the date the
  flags were computed, a rejection note beside the reason code, contacts on
  both sides, and the next step with who and when; its reasons become a list
  of codes with values (text written before is read back, see
  ``core.legacy_reasons``, lines that fit no code kept as notes);
- match_event: the stage it came from and the moment it was recorded;
- test_environment: an idea instead of a match, the place as an organization,
  the partners, notes;
- outcome: the year, the route the tonnes were diverted from, revenue, the
  CO₂e factor used and its source;
- activity: competence activities (lectures, study visits, workshops…).

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02
"""

import json
from typing import Any

from alembic import op
import sqlalchemy as sa

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

def _bookkeeping() -> list[sa.Column[Any]]:
    return [
        sa.Column('deleted', sa.Boolean(), server_default=sa.text('0'), nullable=False),
        sa.Column('erased', sa.Boolean(), server_default=sa.text('0'), nullable=False),
        sa.Column('stamps', sa.Text(), server_default=sa.text("'{}'"), nullable=False),
        sa.Column('first_stamp', sa.Text(), nullable=True),
        sa.Column('last_stamp', sa.Text(), nullable=True),
        sa.Column('search_text', sa.Text(), nullable=True),
    ]

NEW_COLUMNS = {
    'match': (('rejection_note', sa.Text()), ('components', sa.Text()), ('flags', sa.Text()),
              ('rule_set', sa.Text()), ('flags_checked_on', sa.Text()), ('supplier_contact_id', sa.Text()),
              ('receiver_contact_id', sa.Text()), ('next_step', sa.Text()), ('next_step_owner', sa.Text()),
              ('next_step_due', sa.Text())),
    'match_event': (('from_stage', sa.Text()), ('at', sa.Text())),
    'test_environment': (('idea_id', sa.Text()), ('place_organization_id', sa.Text()), ('partners', sa.Text()),
                         ('notes', sa.Text())),
    'outcome': (('year', sa.Integer()), ('diverted_from', sa.Text()), ('revenue', sa.Text()),
                ('revenue_currency', sa.Text()), ('co2e_factor', sa.Text()), ('co2e_factor_source', sa.Text())),
}
NEW_INDEXES = {
    'match': ('supplier_contact_id', 'receiver_contact_id'),
    'test_environment': ('idea_id', 'place_organization_id'),
}


def _reasons_as_items() -> None:
    """Reasons stored as text become the list of items the field now holds."""
    from cirkular_desktop.core import legacy_reasons
    from cirkular_desktop.replication.merge import canonical_json

    conn = op.get_bind()
    rows = conn.exec_driver_sql("SELECT id, reasons FROM match WHERE reasons IS NOT NULL").all()
    for record_id, text in rows:
        try:
            parsed = json.loads(text)
        except ValueError:
            parsed = None
        if isinstance(parsed, list) and all(isinstance(x, dict) for x in parsed):
            continue
        items = legacy_reasons.items_from_text(text)
        conn.exec_driver_sql("UPDATE match SET reasons = ? WHERE id = ?",
                             (canonical_json(items) if items else None, record_id))


def upgrade() -> None:
    for table, columns in NEW_COLUMNS.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            for name, kind in columns:
                batch_op.add_column(sa.Column(name, kind, nullable=True))
            for name in NEW_INDEXES.get(table, ()):
                batch_op.create_index(f'ix_{table}_{name}', [name], unique=False)
    op.create_table('activity',
    sa.Column('id', sa.Text(), nullable=False),
    sa.Column('kind', sa.Text(), nullable=True),
    sa.Column('title', sa.Text(), nullable=True),
    sa.Column('date', sa.Text(), nullable=True),
    sa.Column('place', sa.Text(), nullable=True),
    sa.Column('organizer_id', sa.Text(), nullable=True),
    sa.Column('participants', sa.Text(), nullable=True),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=True),
    *_bookkeeping(),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('activity', schema=None) as batch_op:
        batch_op.create_index('ix_activity_date', ['date'], unique=False)
        batch_op.create_index('ix_activity_organizer_id', ['organizer_id'], unique=False)
    _reasons_as_items()


def downgrade() -> None:
    with op.batch_alter_table('activity', schema=None) as batch_op:
        batch_op.drop_index('ix_activity_organizer_id')
        batch_op.drop_index('ix_activity_date')
    op.drop_table('activity')
    for table, columns in NEW_COLUMNS.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            for name in NEW_INDEXES.get(table, ()):
                batch_op.drop_index(f'ix_{table}_{name}')
            for name, _kind in columns:
                batch_op.drop_column(name)
