"""submitted_drafts: the double-submit guard of anonymous complaints (a digest, no link).

Revision ID: 0009_submitted_drafts
Revises: 0008_attachment_filename
Create Date: 2026-12-02
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0009_submitted_drafts'
down_revision: str | None = '0008_attachment_filename'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'submitted_drafts',
        sa.Column('digest', sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint('digest', name=op.f('pk_submitted_drafts')),
    )


def downgrade() -> None:
    op.drop_table('submitted_drafts')
