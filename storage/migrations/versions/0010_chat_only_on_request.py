"""users: keep a chat id only for users who asked for status news.

Earlier versions stored every user's chat id and assumed consent to notifications. From now on
the chat id is kept only after a "yes" at the end of a complaint; users who were never asked
(``consent_notifications_at`` is empty) lose the chat id and the assumed consent.

Revision ID: 0010_chat_only_on_request
Revises: 0009_submitted_drafts
Create Date: 2026-12-02
"""
from collections.abc import Sequence

from alembic import op

revision: str = '0010_chat_only_on_request'
down_revision: str | None = '0009_submitted_drafts'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute(
        "UPDATE users SET chat_id = NULL, consent_notifications = false "
        "WHERE consent_notifications_at IS NULL"
    )


def downgrade() -> None:
    pass  # the chat ids are gone; nothing to restore
