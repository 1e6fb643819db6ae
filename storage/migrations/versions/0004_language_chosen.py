"""users.language_chosen: an explicit language choice, apart from the default language.

Before this revision the bot counted any ``users`` row as a choice, but the complaint flow also
creates rows (with a default language), which silently switched off language detection for
their authors. Existing rows are marked as chosen only when nothing but the bot could have made
them (no complaint, no attachment): the bot created rows only on a language choice.

Revision ID: 0004_language_chosen
Revises: 0003_questionnaires
Create Date: 2026-11-22
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0004_language_chosen'
down_revision: str | None = '0003_questionnaires'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A plain ADD COLUMN (no batch copy): on SQLite a batch copy drops and re-creates ``users``,
    # which with foreign keys on would cascade-delete every complaint and attachment.
    op.add_column(
        'users',
        sa.Column('language_chosen', sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    op.execute(
        "UPDATE users SET language_chosen = TRUE "
        "WHERE id NOT IN (SELECT user_id FROM complaints WHERE user_id IS NOT NULL) "
        "AND id NOT IN (SELECT user_id FROM complaint_attachments WHERE user_id IS NOT NULL)"
    )


def downgrade() -> None:
    op.drop_column('users', 'language_chosen')  # plain DROP COLUMN, for the same reason
