"""Seal the audit log with a key kept outside the database, and record a baseline.

Adds `audit_events.seal` (an HMAC of each event's hash, see `evaluations.audit_key`).
Events written before this held only part of each change's content, so every existing
evaluation gets one `audit_baseline` event holding its covered data as it stands now,
sealed; replay starts from it. Creates the key (beside a SQLite database) if there is none.

Revision ID: 0004
Revises: 0003b
Create Date: 2026-12-04 17:20:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003b'
branch_labels = None
depends_on = None


def upgrade() -> None:
    from evaluations.audit import record_baseline

    op.add_column('audit_events', sa.Column('seal', sa.String(length=64), nullable=True))
    connection = op.get_bind()
    for (evaluation_id,) in connection.execute(sa.text("SELECT id FROM evaluations ORDER BY id")):
        record_baseline(connection, evaluation_id)


def downgrade() -> None:
    op.execute("ALTER TABLE audit_events DROP COLUMN seal")
