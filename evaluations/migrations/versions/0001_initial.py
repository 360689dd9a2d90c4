"""Create every table of the evaluation store, and make the audit log append-only.

Revision ID: 0001
Revises:
Create Date: 2026-11-29 14:35:18.201128
"""

import sqlalchemy as sa
from alembic import op

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('audit_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('evaluation_id', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('at', sa.String(length=40), nullable=False),
    sa.Column('actor', sa.String(length=200), nullable=False),
    sa.Column('actor_member_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=60), nullable=False),
    sa.Column('data', sa.Text(), nullable=False),
    sa.Column('prev_hash', sa.String(length=64), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_events')),
    sa.UniqueConstraint('evaluation_id', 'seq', name='uq_audit_events_seq')
    )
    op.create_index(op.f('ix_audit_events_evaluation_id'), 'audit_events', ['evaluation_id'], unique=False)
    op.create_table('evaluations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('stage', sa.String(length=20), nullable=False),
    sa.Column('scheme', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('scheme_frozen_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('decided_by', sa.Integer(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_evaluations'))
    )
    op.create_table('sign_in_failures',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sign_in_failures'))
    )
    op.create_index(op.f('ix_sign_in_failures_at'), 'sign_in_failures', ['at'], unique=False)
    op.create_table('bid_files',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('evaluation_id', sa.Integer(), nullable=False),
    sa.Column('reference', sa.String(length=200), nullable=False),
    sa.Column('provider', sa.String(length=300), nullable=False),
    sa.Column('filename', sa.String(length=300), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=False),
    sa.Column('rule_result', sa.JSON(), nullable=False),
    sa.Column('added_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('withdrawn_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['evaluation_id'], ['evaluations.id'], name=op.f('fk_bid_files_evaluation_id_evaluations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_bid_files')),
    sa.UniqueConstraint('evaluation_id', 'reference', name='uq_bid_files_reference')
    )
    op.create_index(op.f('ix_bid_files_evaluation_id'), 'bid_files', ['evaluation_id'], unique=False)
    op.create_table('members',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('evaluation_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('email', sa.String(length=320), nullable=True),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('added_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('removed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['evaluation_id'], ['evaluations.id'], name=op.f('fk_members_evaluation_id_evaluations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_members')),
    sa.UniqueConstraint('evaluation_id', 'name', name='uq_members_name')
    )
    op.create_index(op.f('ix_members_evaluation_id'), 'members', ['evaluation_id'], unique=False)
    op.create_table('consensus_scores',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('evaluation_id', sa.Integer(), nullable=False),
    sa.Column('bid_id', sa.Integer(), nullable=False),
    sa.Column('criterion', sa.String(length=60), nullable=False),
    sa.Column('score', sa.Integer(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('warnings', sa.JSON(), nullable=False),
    sa.Column('saved_by', sa.Integer(), nullable=False),
    sa.Column('saved_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['bid_id'], ['bid_files.id'], name=op.f('fk_consensus_scores_bid_id_bid_files')),
    sa.ForeignKeyConstraint(['evaluation_id'], ['evaluations.id'], name=op.f('fk_consensus_scores_evaluation_id_evaluations')),
    sa.ForeignKeyConstraint(['saved_by'], ['members.id'], name=op.f('fk_consensus_scores_saved_by_members')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consensus_scores')),
    sa.UniqueConstraint('bid_id', 'criterion', name='uq_consensus_scores_cell')
    )
    op.create_index(op.f('ix_consensus_scores_evaluation_id'), 'consensus_scores', ['evaluation_id'], unique=False)
    op.create_table('declarations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('conflicts', sa.JSON(), nullable=False),
    sa.Column('declared_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_declarations_member_id_members')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_declarations')),
    sa.UniqueConstraint('member_id', 'version', name='uq_declarations_version')
    )
    op.create_index(op.f('ix_declarations_member_id'), 'declarations', ['member_id'], unique=False)
    op.create_table('panel_scores',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('evaluation_id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('bid_id', sa.Integer(), nullable=False),
    sa.Column('criterion', sa.String(length=60), nullable=False),
    sa.Column('score', sa.Integer(), nullable=False),
    sa.Column('comment', sa.Text(), nullable=False),
    sa.Column('saved_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['bid_id'], ['bid_files.id'], name=op.f('fk_panel_scores_bid_id_bid_files')),
    sa.ForeignKeyConstraint(['evaluation_id'], ['evaluations.id'], name=op.f('fk_panel_scores_evaluation_id_evaluations')),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_panel_scores_member_id_members')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_panel_scores')),
    sa.UniqueConstraint('member_id', 'bid_id', 'criterion', name='uq_panel_scores_cell')
    )
    op.create_index(op.f('ix_panel_scores_evaluation_id'), 'panel_scores', ['evaluation_id'], unique=False)
    op.create_table('service_user_views',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('evaluation_id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('bid_id', sa.Integer(), nullable=False),
    sa.Column('criterion', sa.String(length=60), nullable=False),
    sa.Column('view', sa.String(length=20), nullable=False),
    sa.Column('comment', sa.Text(), nullable=False),
    sa.Column('saved_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['bid_id'], ['bid_files.id'], name=op.f('fk_service_user_views_bid_id_bid_files')),
    sa.ForeignKeyConstraint(['evaluation_id'], ['evaluations.id'], name=op.f('fk_service_user_views_evaluation_id_evaluations')),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_service_user_views_member_id_members')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_service_user_views')),
    sa.UniqueConstraint('member_id', 'bid_id', 'criterion', name='uq_service_user_views_cell')
    )
    op.create_index(op.f('ix_service_user_views_evaluation_id'), 'service_user_views', ['evaluation_id'], unique=False)
    op.create_table('sign_in_codes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('key_id', sa.String(length=32), nullable=False),
    sa.Column('code_hash', sa.String(length=200), nullable=False),
    sa.Column('issued_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_sign_in_codes_member_id_members')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sign_in_codes')),
    sa.UniqueConstraint('key_id', name=op.f('uq_sign_in_codes_key_id'))
    )
    op.create_index(op.f('ix_sign_in_codes_member_id'), 'sign_in_codes', ['member_id'], unique=False)


    _refuse_audit_changes()


SQLITE_TRIGGERS = [
    f"""CREATE TRIGGER audit_events_no_{verb.lower()} BEFORE {verb} ON audit_events
    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: {verb} refused'); END"""
    for verb in ("UPDATE", "DELETE")
]

POSTGRESQL_TRIGGERS = [
    """CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION 'the audit log is append-only: % refused', TG_OP; END $$""",
    """CREATE TRIGGER audit_events_no_change BEFORE UPDATE OR DELETE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()""",
    """CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
    FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only()""",
]


def _refuse_audit_changes() -> None:
    """The database itself refuses UPDATE and DELETE on the audit log."""
    dialect = op.get_bind().dialect.name
    for statement in SQLITE_TRIGGERS if dialect == "sqlite" else POSTGRESQL_TRIGGERS:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION audit_events_append_only() CASCADE")
    op.drop_index(op.f('ix_sign_in_codes_member_id'), table_name='sign_in_codes')
    op.drop_table('sign_in_codes')
    op.drop_index(op.f('ix_service_user_views_evaluation_id'), table_name='service_user_views')
    op.drop_table('service_user_views')
    op.drop_index(op.f('ix_panel_scores_evaluation_id'), table_name='panel_scores')
    op.drop_table('panel_scores')
    op.drop_index(op.f('ix_declarations_member_id'), table_name='declarations')
    op.drop_table('declarations')
    op.drop_index(op.f('ix_consensus_scores_evaluation_id'), table_name='consensus_scores')
    op.drop_table('consensus_scores')
    op.drop_index(op.f('ix_members_evaluation_id'), table_name='members')
    op.drop_table('members')
    op.drop_index(op.f('ix_bid_files_evaluation_id'), table_name='bid_files')
    op.drop_table('bid_files')
    op.drop_index(op.f('ix_sign_in_failures_at'), table_name='sign_in_failures')
    op.drop_table('sign_in_failures')
    op.drop_table('evaluations')
    op.drop_index(op.f('ix_audit_events_evaluation_id'), table_name='audit_events')
    op.drop_table('audit_events')
