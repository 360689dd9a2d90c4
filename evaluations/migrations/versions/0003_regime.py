"""The regime an evaluation runs under, chosen when it is created (default the PSR).

Existing evaluations become PSR evaluations: council drug and alcohol treatment is a PSR
procurement (award-records.md §6).

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-04 17:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('evaluations', sa.Column('regime', sa.String(length=20),
                                           server_default='psr', nullable=False))


def downgrade() -> None:
    op.drop_column('evaluations', 'regime')
