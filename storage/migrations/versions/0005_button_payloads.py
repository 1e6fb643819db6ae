"""button_payloads: short ids of long button payloads, so old buttons survive a restart.

Revision ID: 0005_button_payloads
Revises: 0004_language_chosen
Create Date: 2026-11-22
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0005_button_payloads'
down_revision: str | None = '0004_language_chosen'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('button_payloads',
    sa.Column('short_id', sa.String(length=32), nullable=False),
    sa.Column('payload', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('short_id', name=op.f('pk_button_payloads'))
    )
    with op.batch_alter_table('button_payloads', schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f('ix_button_payloads_created_at'), ['created_at'], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table('button_payloads', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_button_payloads_created_at'))
    op.drop_table('button_payloads')
