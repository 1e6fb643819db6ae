"""sealed_texts: personal data kept in the app database while Rasa carries a reference.

Revision ID: 0006_sealed_texts
Revises: 0005_button_payloads
Create Date: 2026-12-02
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0006_sealed_texts'
down_revision: str | None = '0005_button_payloads'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('sealed_texts',
    sa.Column('token', sa.String(length=64), nullable=False),
    sa.Column('user_key', sa.String(length=64), nullable=False),
    sa.Column('purpose', sa.String(length=16), nullable=False),
    sa.Column('slot', sa.String(length=64), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('token', name=op.f('pk_sealed_texts'))
    )
    with op.batch_alter_table('sealed_texts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sealed_texts_created_at'), ['created_at'],
                              unique=False)
        batch_op.create_index(batch_op.f('ix_sealed_texts_user_key'), ['user_key'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('sealed_texts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sealed_texts_user_key'))
        batch_op.drop_index(batch_op.f('ix_sealed_texts_created_at'))
    op.drop_table('sealed_texts')
