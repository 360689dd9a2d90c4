"""A service-user representative's yes to quoting each view in public documents.

Revision ID: 0003b
Revises: 0003
Create Date: 2026-12-04 17:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0003b'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Views saved before this column asked nobody: none of them may be quoted.
    op.add_column('service_user_views', sa.Column('consent_to_quote', sa.Boolean(),
                                                  server_default=sa.false(), nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('service_user_views') as table:
        table.drop_column('consent_to_quote')
