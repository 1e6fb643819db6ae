"""complaints: anonymous complaints filed before 0009 lose their link to the author.

They were promised anonymity: the user id, the draft id kept as idempotency key (the
conversation holds it), the owner of their files and queued notifications go. Their authors
follow them by receipt code, as every anonymous author now does.

Revision ID: 0011_unlink_anonymous
Revises: 0010_chat_only_on_request
Create Date: 2026-12-02
"""
from collections.abc import Sequence

from alembic import op

revision: str = '0011_unlink_anonymous'
down_revision: str | None = '0010_chat_only_on_request'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ANONYMOUS = "SELECT id FROM complaints WHERE identity_tier = 'anonymous'"


def upgrade() -> None:
    op.execute(f"DELETE FROM notifications WHERE complaint_id IN ({_ANONYMOUS})")
    op.execute(f"UPDATE complaint_attachments SET user_id = NULL "
               f"WHERE complaint_id IN ({_ANONYMOUS})")
    op.execute("UPDATE complaints SET user_id = NULL, "
               "idempotency_key = 'anon:legacy:' || CAST(id AS VARCHAR(20)) "
               "WHERE identity_tier = 'anonymous' AND idempotency_key NOT LIKE 'anon:%'")


def downgrade() -> None:
    pass  # the links are gone on purpose
