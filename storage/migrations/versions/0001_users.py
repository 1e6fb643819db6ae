"""Users and preferences: pseudonymous key, chat id for notifications, language, consents.

Revision ID: 0001_users
Revises: 
Create Date: 2026-11-21
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0001_users'
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('users',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_key', sa.String(length=64), nullable=False),
    sa.Column('chat_id', sa.BigInteger(), nullable=True),
    sa.Column('language', sa.String(length=2), nullable=False),
    sa.Column('consent_personal_data', sa.Boolean(), nullable=False),
    sa.Column('consent_personal_data_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('consent_notifications', sa.Boolean(), nullable=False),
    sa.Column('consent_notifications_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("language IN ('kk', 'ru', 'en')", name=op.f('ck_users_language')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_users')),
    sa.UniqueConstraint('user_key', name=op.f('uq_users_user_key'))
    )


def downgrade() -> None:
    op.drop_table('users')
