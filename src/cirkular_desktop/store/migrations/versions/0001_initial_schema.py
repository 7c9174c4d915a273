"""Initial schema: record tables, operation log, conflicts, device metadata, search indexes.

Revision ID: 0001
Revises: 
Create Date: 2026-11-26
"""

from alembic import op
import sqlalchemy as sa


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


FTS_TABLES = ('organization', 'contact', 'visit', 'stream', 'need', 'idea', 'match', 'test_environment')

FTS_STATEMENTS = [
    'CREATE VIRTUAL TABLE organization_fts USING fts5(name, org_number, municipality, sector, notes, search_text, content=\'organization\', content_rowid=\'rowid\', tokenize="unicode61 remove_diacritics 0")',
    'CREATE TRIGGER organization_fts_ai AFTER INSERT ON organization BEGIN INSERT INTO organization_fts(rowid, name, org_number, municipality, sector, notes, search_text) VALUES (new.rowid, new.name, new.org_number, new.municipality, new.sector, new.notes, new.search_text); END',
    "CREATE TRIGGER organization_fts_ad AFTER DELETE ON organization BEGIN INSERT INTO organization_fts(organization_fts, rowid, name, org_number, municipality, sector, notes, search_text) VALUES ('delete', old.rowid, old.name, old.org_number, old.municipality, old.sector, old.notes, old.search_text); END",
    "CREATE TRIGGER organization_fts_au AFTER UPDATE ON organization BEGIN INSERT INTO organization_fts(organization_fts, rowid, name, org_number, municipality, sector, notes, search_text) VALUES ('delete', old.rowid, old.name, old.org_number, old.municipality, old.sector, old.notes, old.search_text); INSERT INTO organization_fts(rowid, name, org_number, municipality, sector, notes, search_text) VALUES (new.rowid, new.name, new.org_number, new.municipality, new.sector, new.notes, new.search_text); END",
    'CREATE VIRTUAL TABLE contact_fts USING fts5(name, email, search_text, content=\'contact\', content_rowid=\'rowid\', tokenize="unicode61 remove_diacritics 0")',
    'CREATE TRIGGER contact_fts_ai AFTER INSERT ON contact BEGIN INSERT INTO contact_fts(rowid, name, email, search_text) VALUES (new.rowid, new.name, new.email, new.search_text); END',
    "CREATE TRIGGER contact_fts_ad AFTER DELETE ON contact BEGIN INSERT INTO contact_fts(contact_fts, rowid, name, email, search_text) VALUES ('delete', old.rowid, old.name, old.email, old.search_text); END",
    "CREATE TRIGGER contact_fts_au AFTER UPDATE ON contact BEGIN INSERT INTO contact_fts(contact_fts, rowid, name, email, search_text) VALUES ('delete', old.rowid, old.name, old.email, old.search_text); INSERT INTO contact_fts(rowid, name, email, search_text) VALUES (new.rowid, new.name, new.email, new.search_text); END",
    'CREATE VIRTUAL TABLE visit_fts USING fts5(notes, search_text, content=\'visit\', content_rowid=\'rowid\', tokenize="unicode61 remove_diacritics 0")',
    'CREATE TRIGGER visit_fts_ai AFTER INSERT ON visit BEGIN INSERT INTO visit_fts(rowid, notes, search_text) VALUES (new.rowid, new.notes, new.search_text); END',
    "CREATE TRIGGER visit_fts_ad AFTER DELETE ON visit BEGIN INSERT INTO visit_fts(visit_fts, rowid, notes, search_text) VALUES ('delete', old.rowid, old.notes, old.search_text); END",
    "CREATE TRIGGER visit_fts_au AFTER UPDATE ON visit BEGIN INSERT INTO visit_fts(visit_fts, rowid, notes, search_text) VALUES ('delete', old.rowid, old.notes, old.search_text); INSERT INTO visit_fts(rowid, notes, search_text) VALUES (new.rowid, new.notes, new.search_text); END",
    'CREATE VIRTUAL TABLE stream_fts USING fts5(title, description, waste_codes, notes, search_text, content=\'stream\', content_rowid=\'rowid\', tokenize="unicode61 remove_diacritics 0")',
    'CREATE TRIGGER stream_fts_ai AFTER INSERT ON stream BEGIN INSERT INTO stream_fts(rowid, title, description, waste_codes, notes, search_text) VALUES (new.rowid, new.title, new.description, new.waste_codes, new.notes, new.search_text); END',
    "CREATE TRIGGER stream_fts_ad AFTER DELETE ON stream BEGIN INSERT INTO stream_fts(stream_fts, rowid, title, description, waste_codes, notes, search_text) VALUES ('delete', old.rowid, old.title, old.description, old.waste_codes, old.notes, old.search_text); END",
    "CREATE TRIGGER stream_fts_au AFTER UPDATE ON stream BEGIN INSERT INTO stream_fts(stream_fts, rowid, title, description, waste_codes, notes, search_text) VALUES ('delete', old.rowid, old.title, old.description, old.waste_codes, old.notes, old.search_text); INSERT INTO stream_fts(rowid, title, description, waste_codes, notes, search_text) VALUES (new.rowid, new.title, new.description, new.waste_codes, new.notes, new.search_text); END",
    'CREATE VIRTUAL TABLE need_fts USING fts5(title, description, waste_codes, notes, search_text, content=\'need\', content_rowid=\'rowid\', tokenize="unicode61 remove_diacritics 0")',
    'CREATE TRIGGER need_fts_ai AFTER INSERT ON need BEGIN INSERT INTO need_fts(rowid, title, description, waste_codes, notes, search_text) VALUES (new.rowid, new.title, new.description, new.waste_codes, new.notes, new.search_text); END',
    "CREATE TRIGGER need_fts_ad AFTER DELETE ON need BEGIN INSERT INTO need_fts(need_fts, rowid, title, description, waste_codes, notes, search_text) VALUES ('delete', old.rowid, old.title, old.description, old.waste_codes, old.notes, old.search_text); END",
    "CREATE TRIGGER need_fts_au AFTER UPDATE ON need BEGIN INSERT INTO need_fts(need_fts, rowid, title, description, waste_codes, notes, search_text) VALUES ('delete', old.rowid, old.title, old.description, old.waste_codes, old.notes, old.search_text); INSERT INTO need_fts(rowid, title, description, waste_codes, notes, search_text) VALUES (new.rowid, new.title, new.description, new.waste_codes, new.notes, new.search_text); END",
    'CREATE VIRTUAL TABLE idea_fts USING fts5(title, description, search_text, content=\'idea\', content_rowid=\'rowid\', tokenize="unicode61 remove_diacritics 0")',
    'CREATE TRIGGER idea_fts_ai AFTER INSERT ON idea BEGIN INSERT INTO idea_fts(rowid, title, description, search_text) VALUES (new.rowid, new.title, new.description, new.search_text); END',
    "CREATE TRIGGER idea_fts_ad AFTER DELETE ON idea BEGIN INSERT INTO idea_fts(idea_fts, rowid, title, description, search_text) VALUES ('delete', old.rowid, old.title, old.description, old.search_text); END",
    "CREATE TRIGGER idea_fts_au AFTER UPDATE ON idea BEGIN INSERT INTO idea_fts(idea_fts, rowid, title, description, search_text) VALUES ('delete', old.rowid, old.title, old.description, old.search_text); INSERT INTO idea_fts(rowid, title, description, search_text) VALUES (new.rowid, new.title, new.description, new.search_text); END",
    'CREATE VIRTUAL TABLE match_fts USING fts5(title, notes, search_text, content=\'match\', content_rowid=\'rowid\', tokenize="unicode61 remove_diacritics 0")',
    'CREATE TRIGGER match_fts_ai AFTER INSERT ON match BEGIN INSERT INTO match_fts(rowid, title, notes, search_text) VALUES (new.rowid, new.title, new.notes, new.search_text); END',
    "CREATE TRIGGER match_fts_ad AFTER DELETE ON match BEGIN INSERT INTO match_fts(match_fts, rowid, title, notes, search_text) VALUES ('delete', old.rowid, old.title, old.notes, old.search_text); END",
    "CREATE TRIGGER match_fts_au AFTER UPDATE ON match BEGIN INSERT INTO match_fts(match_fts, rowid, title, notes, search_text) VALUES ('delete', old.rowid, old.title, old.notes, old.search_text); INSERT INTO match_fts(rowid, title, notes, search_text) VALUES (new.rowid, new.title, new.notes, new.search_text); END",
    'CREATE VIRTUAL TABLE test_environment_fts USING fts5(title, description, search_text, content=\'test_environment\', content_rowid=\'rowid\', tokenize="unicode61 remove_diacritics 0")',
    'CREATE TRIGGER test_environment_fts_ai AFTER INSERT ON test_environment BEGIN INSERT INTO test_environment_fts(rowid, title, description, search_text) VALUES (new.rowid, new.title, new.description, new.search_text); END',
    "CREATE TRIGGER test_environment_fts_ad AFTER DELETE ON test_environment BEGIN INSERT INTO test_environment_fts(test_environment_fts, rowid, title, description, search_text) VALUES ('delete', old.rowid, old.title, old.description, old.search_text); END",
    "CREATE TRIGGER test_environment_fts_au AFTER UPDATE ON test_environment BEGIN INSERT INTO test_environment_fts(test_environment_fts, rowid, title, description, search_text) VALUES ('delete', old.rowid, old.title, old.description, old.search_text); INSERT INTO test_environment_fts(rowid, title, description, search_text) VALUES (new.rowid, new.title, new.description, new.search_text); END",
]


def upgrade() -> None:
    op.create_table('attachment',
    sa.Column('id', sa.Text(), nullable=False),
    sa.Column('owner_table', sa.Text(), nullable=True),
    sa.Column('owner_id', sa.Text(), nullable=True),
    sa.Column('sha256', sa.Text(), nullable=True),
    sa.Column('filename', sa.Text(), nullable=True),
    sa.Column('media_type', sa.Text(), nullable=True),
    sa.Column('size', sa.Integer(), nullable=True),
    sa.Column('caption', sa.Text(), nullable=True),
    sa.Column('deleted', sa.Boolean(), server_default=sa.text('0'), nullable=False),
    sa.Column('erased', sa.Boolean(), server_default=sa.text('0'), nullable=False),
    sa.Column('stamps', sa.Text(), server_default=sa.text("'{}'"), nullable=False),
    sa.Column('first_stamp', sa.Text(), nullable=True),
    sa.Column('last_stamp', sa.Text(), nullable=True),
    sa.Column('search_text', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('conflict',
    sa.Column('id', sa.String(), nullable=False),
    sa.Column('tbl', sa.String(), nullable=False),
    sa.Column('row_id', sa.String(), nullable=False),
    sa.Column('field', sa.String(), nullable=False),
    sa.Column('value', sa.String(), nullable=False),
    sa.Column('stamp', sa.String(), nullable=False),
    sa.Column('winner_value', sa.String(), nullable=True),
    sa.Column('winner_stamp', sa.String(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('conflict', schema=None) as batch_op:
        batch_op.create_index('ix_conflict_row', ['tbl', 'row_id'], unique=False)

    op.create_table('contact',
    sa.Column('id', sa.Text(), nullable=False),
    sa.Column('organization_id', sa.Text(), nullable=True),
    sa.Column('name', sa.Text(), nullable=True),
    sa.Column('role', sa.Text(), nullable=True),
    sa.Column('phone', sa.Text(), nullable=True),
    sa.Column('email', sa.Text(), nullable=True),
    sa.Column('language', sa.Text(), nullable=True),
    sa.Column('consent', sa.Boolean(), nullable=True),
    sa.Column('consent_date', sa.Text(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('deleted', sa.Boolean(), server_default=sa.text('0'), nullable=False),
    sa.Column('erased', sa.Boolean(), server_default=sa.text('0'), nullable=False),
    sa.Column('stamps', sa.Text(), server_default=sa.text("'{}'"), nullable=False),
    sa.Column('first_stamp', sa.Text(), nullable=True),
    sa.Column('last_stamp', sa.Text(), nullable=True),
    sa.Column('search_text', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('contact', schema=None) as batch_op:
        batch_op.create_index('ix_contact_organization_id', ['organization_id'], unique=False)

    op.create_table('idea',
    sa.Column('id', sa.Text(), nullable=False),
    sa.Column('stream_id', sa.Text(), nullable=True),
    sa.Column('need_id', sa.Text(), nullable=True),
    sa.Column('organization_id', sa.Text(), nullable=True),
    sa.Column('title', sa.Text(), nullable=True),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('hierarchy', sa.Text(), nullable=True),
    sa.Column('proposed_by', sa.Text(), nullable=True),
    sa.Column('status', sa.Text(), nullable=True),
    sa.Column('deleted', sa.Boolean(), server_default=sa.text('0'), nullable=False),
    sa.Column('erased', sa.Boolean(), server_default=sa.text('0'), nullable=False),
    sa.Column('stamps', sa.Text(), server_default=sa.text("'{}'"), nullable=False),
    sa.Column('first_stamp', sa.Text(), nullable=True),
    sa.Column('last_stamp', sa.Text(), nullable=True),
    sa.Column('search_text', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('idea', schema=None) as batch_op:
        batch_op.create_index('ix_idea_need_id', ['need_id'], unique=False)
        batch_op.create_index('ix_idea_organization_id', ['organization_id'], unique=False)
        batch_op.create_index('ix_idea_status', ['status'], unique=False)
        batch_op.create_index('ix_idea_stream_id', ['stream_id'], unique=False)

    op.create_table('match',
    sa.Column('id', sa.Text(), nullable=False),
    sa.Column('stream_id', sa.Text(), nullable=True),
    sa.Column('need_id', sa.Text(), nullable=True),
    sa.Column('processor_id', sa.Text(), nullable=True),
    sa.Column('title', sa.Text(), nullable=True),
    sa.Column('stage', sa.Text(), nullable=True),
    sa.Column('rejection_reason', sa.Text(), nullable=True),
    sa.Column('score', sa.Text(), nullable=True),
    sa.Column('reasons', sa.Text(), nullable=True),
    sa.Column('cross_border', sa.Boolean(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('deleted', sa.Boolean(), server_default=sa.text('0'), nullable=False),
    sa.Column('erased', sa.Boolean(), server_default=sa.text('0'), nullable=False),
    sa.Column('stamps', sa.Text(), server_default=sa.text("'{}'"), nullable=False),
    sa.Column('first_stamp', sa.Text(), nullable=True),
    sa.Column('last_stamp', sa.Text(), nullable=True),
    sa.Column('search_text', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('match', schema=None) as batch_op:
        batch_op.create_index('ix_match_need_id', ['need_id'], unique=False)
        batch_op.create_index('ix_match_processor_id', ['processor_id'], unique=False)
        batch_op.create_index('ix_match_stage', ['stage'], unique=False)
        batch_op.create_index('ix_match_stream_id', ['stream_id'], unique=False)

    op.create_table('match_event',
    sa.Column('id', sa.Text(), nullable=False),
    sa.Column('match_id', sa.Text(), nullable=True),
    sa.Column('stage', sa.Text(), nullable=True),
    sa.Column('date', sa.Text(), nullable=True),
    sa.Column('by', sa.Text(), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('deleted', sa.Boolean(), server_default=sa.text('0'), nullable=False),
    sa.Column('erased', sa.Boolean(), server_default=sa.text('0'), nullable=False),
    sa.Column('stamps', sa.Text(), server_default=sa.text("'{}'"), nullable=False),
    sa.Column('first_stamp', sa.Text(), nullable=True),
    sa.Column('last_stamp', sa.Text(), nullable=True),
    sa.Column('search_text', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('match_event', schema=None) as batch_op:
        batch_op.create_index('ix_match_event_date', ['date'], unique=False)
        batch_op.create_index('ix_match_event_match_id', ['match_id'], unique=False)
        batch_op.create_index('ix_match_event_stage', ['stage'], unique=False)

    op.create_table('meta',
    sa.Column('key', sa.String(), nullable=False),
    sa.Column('value', sa.String(), nullable=False),
    sa.PrimaryKeyConstraint('key')
    )
    op.create_table('need',
    sa.Column('id', sa.Text(), nullable=False),
    sa.Column('organization_id', sa.Text(), nullable=True),
    sa.Column('visit_id', sa.Text(), nullable=True),
    sa.Column('contact_id', sa.Text(), nullable=True),
    sa.Column('title', sa.Text(), nullable=True),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('resource_type', sa.Text(), nullable=True),
    sa.Column('material_category', sa.Text(), nullable=True),
    sa.Column('waste_codes', sa.Text(), nullable=True),
    sa.Column('primary_waste_code', sa.Text(), nullable=True),
    sa.Column('low_version', sa.Text(), nullable=True),
    sa.Column('hazard_assessment', sa.Text(), nullable=True),
    sa.Column('physical_form', sa.Text(), nullable=True),
    sa.Column('condition', sa.Text(), nullable=True),
    sa.Column('quantity', sa.Text(), nullable=True),
    sa.Column('unit', sa.Text(), nullable=True),
    sa.Column('basis', sa.Text(), nullable=True),
    sa.Column('batches_per_year', sa.Text(), nullable=True),
    sa.Column('regularity', sa.Text(), nullable=True),
    sa.Column('estimated', sa.Boolean(), nullable=True),
    sa.Column('density', sa.Text(), nullable=True),
    sa.Column('mass_per_item', sa.Text(), nullable=True),
    sa.Column('available_from', sa.Text(), nullable=True),
    sa.Column('available_to', sa.Text(), nullable=True),
    sa.Column('seasonality', sa.Text(), nullable=True),
    sa.Column('quality', sa.Text(), nullable=True),
    sa.Column('contamination', sa.Text(), nullable=True),
    sa.Column('visibility', sa.Text(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('min_lot', sa.Text(), nullable=True),
    sa.Column('current_source', sa.Text(), nullable=True),
    sa.Column('current_price', sa.Text(), nullable=True),
    sa.Column('current_price_currency', sa.Text(), nullable=True),
    sa.Column('current_price_basis', sa.Text(), nullable=True),
    sa.Column('deleted', sa.Boolean(), server_default=sa.text('0'), nullable=False),
    sa.Column('erased', sa.Boolean(), server_default=sa.text('0'), nullable=False),
    sa.Column('stamps', sa.Text(), server_default=sa.text("'{}'"), nullable=False),
    sa.Column('first_stamp', sa.Text(), nullable=True),
    sa.Column('last_stamp', sa.Text(), nullable=True),
    sa.Column('search_text', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('need', schema=None) as batch_op:
        batch_op.create_index('ix_need_contact_id', ['contact_id'], unique=False)
        batch_op.create_index('ix_need_organization_id', ['organization_id'], unique=False)
        batch_op.create_index('ix_need_visit_id', ['visit_id'], unique=False)

    op.create_table('op',
    sa.Column('stamp', sa.String(), nullable=False),
    sa.Column('device', sa.String(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('tbl', sa.String(), nullable=False),
    sa.Column('row_id', sa.String(), nullable=False),
    sa.Column('data', sa.String(), nullable=False),
    sa.Column('seen', sa.String(), nullable=False),
    sa.Column('local', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('stamp'),
    sa.UniqueConstraint('device', 'seq', name='uq_op_device_seq')
    )
    with op.batch_alter_table('op', schema=None) as batch_op:
        batch_op.create_index('ix_op_row', ['tbl', 'row_id'], unique=False)

    op.create_table('organization',
    sa.Column('id', sa.Text(), nullable=False),
    sa.Column('name', sa.Text(), nullable=True),
    sa.Column('country', sa.Text(), nullable=True),
    sa.Column('org_number', sa.Text(), nullable=True),
    sa.Column('kind', sa.Text(), nullable=True),
    sa.Column('municipality', sa.Text(), nullable=True),
    sa.Column('sector', sa.Text(), nullable=True),
    sa.Column('size_class', sa.Text(), nullable=True),
    sa.Column('employees', sa.Integer(), nullable=True),
    sa.Column('roles', sa.Text(), nullable=True),
    sa.Column('address', sa.Text(), nullable=True),
    sa.Column('postcode', sa.Text(), nullable=True),
    sa.Column('city', sa.Text(), nullable=True),
    sa.Column('latitude', sa.Text(), nullable=True),
    sa.Column('longitude', sa.Text(), nullable=True),
    sa.Column('website', sa.Text(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('deleted', sa.Boolean(), server_default=sa.text('0'), nullable=False),
    sa.Column('erased', sa.Boolean(), server_default=sa.text('0'), nullable=False),
    sa.Column('stamps', sa.Text(), server_default=sa.text("'{}'"), nullable=False),
    sa.Column('first_stamp', sa.Text(), nullable=True),
    sa.Column('last_stamp', sa.Text(), nullable=True),
    sa.Column('search_text', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('organization', schema=None) as batch_op:
        batch_op.create_index('ix_organization_country', ['country'], unique=False)

    op.create_table('outcome',
    sa.Column('id', sa.Text(), nullable=False),
    sa.Column('match_id', sa.Text(), nullable=True),
    sa.Column('test_environment_id', sa.Text(), nullable=True),
    sa.Column('period_end', sa.Text(), nullable=True),
    sa.Column('tonnes_diverted', sa.Text(), nullable=True),
    sa.Column('cost_saved', sa.Text(), nullable=True),
    sa.Column('cost_saved_currency', sa.Text(), nullable=True),
    sa.Column('co2e_saved', sa.Text(), nullable=True),
    sa.Column('jobs_created', sa.Integer(), nullable=True),
    sa.Column('jobs_kept', sa.Integer(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('deleted', sa.Boolean(), server_default=sa.text('0'), nullable=False),
    sa.Column('erased', sa.Boolean(), server_default=sa.text('0'), nullable=False),
    sa.Column('stamps', sa.Text(), server_default=sa.text("'{}'"), nullable=False),
    sa.Column('first_stamp', sa.Text(), nullable=True),
    sa.Column('last_stamp', sa.Text(), nullable=True),
    sa.Column('search_text', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('outcome', schema=None) as batch_op:
        batch_op.create_index('ix_outcome_match_id', ['match_id'], unique=False)
        batch_op.create_index('ix_outcome_test_environment_id', ['test_environment_id'], unique=False)

    op.create_table('stream',
    sa.Column('id', sa.Text(), nullable=False),
    sa.Column('organization_id', sa.Text(), nullable=True),
    sa.Column('visit_id', sa.Text(), nullable=True),
    sa.Column('contact_id', sa.Text(), nullable=True),
    sa.Column('title', sa.Text(), nullable=True),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('resource_type', sa.Text(), nullable=True),
    sa.Column('material_category', sa.Text(), nullable=True),
    sa.Column('waste_codes', sa.Text(), nullable=True),
    sa.Column('primary_waste_code', sa.Text(), nullable=True),
    sa.Column('low_version', sa.Text(), nullable=True),
    sa.Column('hazard_assessment', sa.Text(), nullable=True),
    sa.Column('physical_form', sa.Text(), nullable=True),
    sa.Column('condition', sa.Text(), nullable=True),
    sa.Column('quantity', sa.Text(), nullable=True),
    sa.Column('unit', sa.Text(), nullable=True),
    sa.Column('basis', sa.Text(), nullable=True),
    sa.Column('batches_per_year', sa.Text(), nullable=True),
    sa.Column('regularity', sa.Text(), nullable=True),
    sa.Column('estimated', sa.Boolean(), nullable=True),
    sa.Column('density', sa.Text(), nullable=True),
    sa.Column('mass_per_item', sa.Text(), nullable=True),
    sa.Column('available_from', sa.Text(), nullable=True),
    sa.Column('available_to', sa.Text(), nullable=True),
    sa.Column('seasonality', sa.Text(), nullable=True),
    sa.Column('quality', sa.Text(), nullable=True),
    sa.Column('contamination', sa.Text(), nullable=True),
    sa.Column('visibility', sa.Text(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('current_handling', sa.Text(), nullable=True),
    sa.Column('handling_code', sa.Text(), nullable=True),
    sa.Column('hauler', sa.Text(), nullable=True),
    sa.Column('handling_cost', sa.Text(), nullable=True),
    sa.Column('handling_cost_currency', sa.Text(), nullable=True),
    sa.Column('handling_cost_basis', sa.Text(), nullable=True),
    sa.Column('contract_end', sa.Text(), nullable=True),
    sa.Column('business_terms', sa.Text(), nullable=True),
    sa.Column('logistics', sa.Text(), nullable=True),
    sa.Column('legal_status', sa.Text(), nullable=True),
    sa.Column('legal_assessed_by', sa.Text(), nullable=True),
    sa.Column('legal_assessed_on', sa.Text(), nullable=True),
    sa.Column('deleted', sa.Boolean(), server_default=sa.text('0'), nullable=False),
    sa.Column('erased', sa.Boolean(), server_default=sa.text('0'), nullable=False),
    sa.Column('stamps', sa.Text(), server_default=sa.text("'{}'"), nullable=False),
    sa.Column('first_stamp', sa.Text(), nullable=True),
    sa.Column('last_stamp', sa.Text(), nullable=True),
    sa.Column('search_text', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('stream', schema=None) as batch_op:
        batch_op.create_index('ix_stream_contact_id', ['contact_id'], unique=False)
        batch_op.create_index('ix_stream_organization_id', ['organization_id'], unique=False)
        batch_op.create_index('ix_stream_visit_id', ['visit_id'], unique=False)

    op.create_table('submission',
    sa.Column('id', sa.Text(), nullable=False),
    sa.Column('visit_id', sa.Text(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=True),
    sa.Column('template_id', sa.Text(), nullable=True),
    sa.Column('template_version', sa.Integer(), nullable=True),
    sa.Column('answers', sa.Text(), nullable=True),
    sa.Column('submitted_at', sa.Text(), nullable=True),
    sa.Column('submitted_by', sa.Text(), nullable=True),
    sa.Column('deleted', sa.Boolean(), server_default=sa.text('0'), nullable=False),
    sa.Column('erased', sa.Boolean(), server_default=sa.text('0'), nullable=False),
    sa.Column('stamps', sa.Text(), server_default=sa.text("'{}'"), nullable=False),
    sa.Column('first_stamp', sa.Text(), nullable=True),
    sa.Column('last_stamp', sa.Text(), nullable=True),
    sa.Column('search_text', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('submission', schema=None) as batch_op:
        batch_op.create_index('ix_submission_visit_id', ['visit_id'], unique=False)

    op.create_table('test_environment',
    sa.Column('id', sa.Text(), nullable=False),
    sa.Column('match_id', sa.Text(), nullable=True),
    sa.Column('title', sa.Text(), nullable=True),
    sa.Column('place', sa.Text(), nullable=True),
    sa.Column('start_date', sa.Text(), nullable=True),
    sa.Column('end_date', sa.Text(), nullable=True),
    sa.Column('status', sa.Text(), nullable=True),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('evaluation', sa.Text(), nullable=True),
    sa.Column('deleted', sa.Boolean(), server_default=sa.text('0'), nullable=False),
    sa.Column('erased', sa.Boolean(), server_default=sa.text('0'), nullable=False),
    sa.Column('stamps', sa.Text(), server_default=sa.text("'{}'"), nullable=False),
    sa.Column('first_stamp', sa.Text(), nullable=True),
    sa.Column('last_stamp', sa.Text(), nullable=True),
    sa.Column('search_text', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('test_environment', schema=None) as batch_op:
        batch_op.create_index('ix_test_environment_match_id', ['match_id'], unique=False)
        batch_op.create_index('ix_test_environment_status', ['status'], unique=False)

    op.create_table('visit',
    sa.Column('id', sa.Text(), nullable=False),
    sa.Column('organization_id', sa.Text(), nullable=True),
    sa.Column('contact_id', sa.Text(), nullable=True),
    sa.Column('date', sa.Text(), nullable=True),
    sa.Column('visitors', sa.Text(), nullable=True),
    sa.Column('template_id', sa.Text(), nullable=True),
    sa.Column('template_version', sa.Integer(), nullable=True),
    sa.Column('answers', sa.Text(), nullable=True),
    sa.Column('status', sa.Text(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=True),
    sa.Column('next_steps', sa.Text(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('deleted', sa.Boolean(), server_default=sa.text('0'), nullable=False),
    sa.Column('erased', sa.Boolean(), server_default=sa.text('0'), nullable=False),
    sa.Column('stamps', sa.Text(), server_default=sa.text("'{}'"), nullable=False),
    sa.Column('first_stamp', sa.Text(), nullable=True),
    sa.Column('last_stamp', sa.Text(), nullable=True),
    sa.Column('search_text', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('visit', schema=None) as batch_op:
        batch_op.create_index('ix_visit_contact_id', ['contact_id'], unique=False)
        batch_op.create_index('ix_visit_date', ['date'], unique=False)
        batch_op.create_index('ix_visit_organization_id', ['organization_id'], unique=False)
        batch_op.create_index('ix_visit_status', ['status'], unique=False)


    # Full-text search: external-content FTS5 tables kept current by triggers.
    for statement in FTS_STATEMENTS:
        op.execute(statement)


def downgrade() -> None:
    for table in FTS_TABLES:
        op.execute(f"DROP TABLE IF EXISTS {table}_fts")
    with op.batch_alter_table('visit', schema=None) as batch_op:
        batch_op.drop_index('ix_visit_status')
        batch_op.drop_index('ix_visit_organization_id')
        batch_op.drop_index('ix_visit_date')
        batch_op.drop_index('ix_visit_contact_id')

    op.drop_table('visit')
    with op.batch_alter_table('test_environment', schema=None) as batch_op:
        batch_op.drop_index('ix_test_environment_status')
        batch_op.drop_index('ix_test_environment_match_id')

    op.drop_table('test_environment')
    with op.batch_alter_table('submission', schema=None) as batch_op:
        batch_op.drop_index('ix_submission_visit_id')

    op.drop_table('submission')
    with op.batch_alter_table('stream', schema=None) as batch_op:
        batch_op.drop_index('ix_stream_visit_id')
        batch_op.drop_index('ix_stream_organization_id')
        batch_op.drop_index('ix_stream_contact_id')

    op.drop_table('stream')
    with op.batch_alter_table('outcome', schema=None) as batch_op:
        batch_op.drop_index('ix_outcome_test_environment_id')
        batch_op.drop_index('ix_outcome_match_id')

    op.drop_table('outcome')
    with op.batch_alter_table('organization', schema=None) as batch_op:
        batch_op.drop_index('ix_organization_country')

    op.drop_table('organization')
    with op.batch_alter_table('op', schema=None) as batch_op:
        batch_op.drop_index('ix_op_row')

    op.drop_table('op')
    with op.batch_alter_table('need', schema=None) as batch_op:
        batch_op.drop_index('ix_need_visit_id')
        batch_op.drop_index('ix_need_organization_id')
        batch_op.drop_index('ix_need_contact_id')

    op.drop_table('need')
    op.drop_table('meta')
    with op.batch_alter_table('match_event', schema=None) as batch_op:
        batch_op.drop_index('ix_match_event_stage')
        batch_op.drop_index('ix_match_event_match_id')
        batch_op.drop_index('ix_match_event_date')

    op.drop_table('match_event')
    with op.batch_alter_table('match', schema=None) as batch_op:
        batch_op.drop_index('ix_match_stream_id')
        batch_op.drop_index('ix_match_stage')
        batch_op.drop_index('ix_match_processor_id')
        batch_op.drop_index('ix_match_need_id')

    op.drop_table('match')
    with op.batch_alter_table('idea', schema=None) as batch_op:
        batch_op.drop_index('ix_idea_stream_id')
        batch_op.drop_index('ix_idea_status')
        batch_op.drop_index('ix_idea_organization_id')
        batch_op.drop_index('ix_idea_need_id')

    op.drop_table('idea')
    with op.batch_alter_table('contact', schema=None) as batch_op:
        batch_op.drop_index('ix_contact_organization_id')

    op.drop_table('contact')
    with op.batch_alter_table('conflict', schema=None) as batch_op:
        batch_op.drop_index('ix_conflict_row')

    op.drop_table('conflict')
    op.drop_table('attachment')
