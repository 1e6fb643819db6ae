"""Eligibility questionnaires: canonical answers and scoring results, no personal data.

Revision ID: 0003_questionnaires
Revises: 0002_complaints
Create Date: 2026-11-22
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0003_questionnaires'
down_revision: str | None = '0002_complaints'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('questionnaires',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('language', sa.String(length=2), nullable=False),
    sa.Column('scoring_version', sa.String(length=32), nullable=False),
    sa.Column('work_type', sa.String(length=16), nullable=True),
    sa.Column('migrant', sa.Boolean(), nullable=False),
    sa.Column('eaeu_citizen', sa.Boolean(), nullable=True),
    sa.Column('answers', sa.JSON(), nullable=False),
    sa.Column('violation_score', sa.Float(), nullable=False),
    sa.Column('violation_degree', sa.String(length=16), nullable=False),
    sa.Column('violation_reasons', sa.JSON(), nullable=False),
    sa.Column('employment_score', sa.Float(), nullable=True),
    sa.Column('employment_band', sa.String(length=24), nullable=True),
    sa.Column('guarantees', sa.JSON(), nullable=True),
    sa.Column('professional_score', sa.Float(), nullable=True),
    sa.Column('professional_degree', sa.String(length=16), nullable=True),
    sa.CheckConstraint("language IN ('kk', 'ru', 'en')", name=op.f('ck_questionnaires_language')),
    sa.CheckConstraint("work_type IS NULL OR work_type IN ('platform', 'employee', 'both', 'dk')", name=op.f('ck_questionnaires_work_type')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_questionnaires'))
    )
    with op.batch_alter_table('questionnaires', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_questionnaires_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_questionnaires_violation_degree'), ['violation_degree'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('questionnaires', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_questionnaires_violation_degree'))
        batch_op.drop_index(batch_op.f('ix_questionnaires_created_at'))
    op.drop_table('questionnaires')
