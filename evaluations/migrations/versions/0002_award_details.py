"""Award details for the decision's documents, and drafted or approved consensus reasons.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29 15:20:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('award_details',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('evaluation_id', sa.Integer(), nullable=False),
    sa.Column('details', sa.JSON(), nullable=False),
    sa.Column('saved_by', sa.Integer(), nullable=False),
    sa.Column('saved_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['evaluation_id'], ['evaluations.id'], name=op.f('fk_award_details_evaluation_id_evaluations')),
    sa.ForeignKeyConstraint(['saved_by'], ['members.id'], name=op.f('fk_award_details_saved_by_members')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_award_details')),
    sa.UniqueConstraint('evaluation_id', name=op.f('uq_award_details_evaluation_id'))
    )
    op.add_column('consensus_scores', sa.Column('reason_status', sa.String(length=20),
                                                server_default='approved', nullable=False))
    op.add_column('consensus_scores', sa.Column('approved_by', sa.Integer(), nullable=True))
    op.add_column('consensus_scores', sa.Column('approved_at', sa.DateTime(timezone=True),
                                                nullable=True))


def downgrade() -> None:
    op.drop_column('consensus_scores', 'approved_at')
    op.drop_column('consensus_scores', 'approved_by')
    op.drop_column('consensus_scores', 'reason_status')
    op.drop_table('award_details')
