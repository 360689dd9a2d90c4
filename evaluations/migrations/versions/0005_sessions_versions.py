"""Sessions that survive a refresh, sign-in failures counted per code prefix and source,
a version on every kind of save (a stale save is refused), and a bid's stand-in moderator.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-04 17:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None

VERSIONED = ('panel_scores', 'service_user_views', 'consensus_scores', 'award_details')


def upgrade() -> None:
    op.create_table('panel_sessions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('code_id', sa.Integer(), nullable=True),
    sa.Column('how', sa.String(length=20), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=True),
    sa.Column('handoff_hash', sa.String(length=64), nullable=True),
    sa.Column('handoff_expires_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_seen_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ended_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_panel_sessions_member_id_members')),
    sa.ForeignKeyConstraint(['code_id'], ['sign_in_codes.id'], name=op.f('fk_panel_sessions_code_id_sign_in_codes')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_panel_sessions')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_panel_sessions_token_hash')),
    sa.UniqueConstraint('handoff_hash', name=op.f('uq_panel_sessions_handoff_hash'))
    )
    op.create_index(op.f('ix_panel_sessions_member_id'), 'panel_sessions', ['member_id'])
    with op.batch_alter_table('sign_in_failures') as batch:
        batch.add_column(sa.Column('key_id', sa.String(length=32), nullable=True))
        batch.add_column(sa.Column('source', sa.String(length=64), nullable=True))
    op.create_index(op.f('ix_sign_in_failures_key_id'), 'sign_in_failures', ['key_id'])
    op.create_index(op.f('ix_sign_in_failures_source'), 'sign_in_failures', ['source'])
    for table in VERSIONED:
        op.add_column(table, sa.Column('version', sa.Integer(), server_default='1',
                                       nullable=False))
    op.add_column('bid_files', sa.Column('moderator_id', sa.Integer(), nullable=True))


def downgrade() -> None:
    op.drop_column('bid_files', 'moderator_id')
    for table in VERSIONED:
        op.drop_column(table, 'version')
    op.drop_index(op.f('ix_sign_in_failures_source'), 'sign_in_failures')
    op.drop_index(op.f('ix_sign_in_failures_key_id'), 'sign_in_failures')
    with op.batch_alter_table('sign_in_failures') as batch:
        batch.drop_column('source')
        batch.drop_column('key_id')
    op.drop_index(op.f('ix_panel_sessions_member_id'), 'panel_sessions')
    op.drop_table('panel_sessions')
