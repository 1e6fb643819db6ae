"""complaint_attachments: drop ``filename`` (a file's name is often its sender's name).

Revision ID: 0008_attachment_filename
Revises: 0007_export_audit
Create Date: 2026-12-02
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0008_attachment_filename'
down_revision: str | None = '0007_export_audit'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('complaint_attachments', schema=None) as batch_op:
        batch_op.drop_column('filename')


def downgrade() -> None:
    with op.batch_alter_table('complaint_attachments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('filename', sa.String(length=255), nullable=True))
