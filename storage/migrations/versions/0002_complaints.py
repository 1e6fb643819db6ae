"""Complaints, attachments, status history and the notification outbox.

Revision ID: 0002_complaints
Revises: 0001_users
Create Date: 2026-11-21
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0002_complaints'
down_revision: str | None = '0001_users'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('complaints',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('receipt_code', sa.String(length=16), nullable=False),
    sa.Column('idempotency_key', sa.String(length=128), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('category', sa.String(length=40), nullable=False),
    sa.Column('employer_name', sa.String(length=300), nullable=True),
    sa.Column('employer_bin', sa.String(length=12), nullable=True),
    sa.Column('platform_name', sa.String(length=120), nullable=True),
    sa.Column('employer_key', sa.String(length=320), nullable=False),
    sa.Column('region', sa.String(length=120), nullable=True),
    sa.Column('city', sa.String(length=120), nullable=True),
    sa.Column('period_start', sa.Date(), nullable=True),
    sa.Column('period_end', sa.Date(), nullable=True),
    sa.Column('amount_kzt', sa.BigInteger(), nullable=True),
    sa.Column('identity_tier', sa.String(length=16), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('language', sa.String(length=2), nullable=False),
    sa.Column('consent_personal_data', sa.Boolean(), nullable=False),
    sa.Column('consent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('request', sa.Text(), nullable=True),
    sa.Column('full_name', sa.String(length=300), nullable=True),
    sa.Column('iin', sa.String(length=12), nullable=True),
    sa.Column('address', sa.String(length=500), nullable=True),
    sa.Column('contact', sa.String(length=200), nullable=True),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('erased_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("category IN ('employment_status', 'algorithmic_management', 'wages_unpaid', 'minimum_wage', 'working_time', 'leave', 'dismissal', 'employment_contract', 'harmful_conditions', 'safety_injury', 'social_protection', 'migrant_permit', 'migrant_rights', 'discrimination_harassment', 'ai_at_work', 'union', 'other')", name=op.f('ck_complaints_category')),
    sa.CheckConstraint("identity_tier IN ('anonymous', 'confidential', 'named')", name=op.f('ck_complaints_tier')),
    sa.CheckConstraint("status IN ('submitted', 'received', 'in_review', 'needs_info', 'resolved', 'rejected')", name=op.f('ck_complaints_status')),
    sa.CheckConstraint('amount_kzt IS NULL OR amount_kzt >= 0', name=op.f('ck_complaints_amount')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_complaints_user_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_complaints')),
    sa.UniqueConstraint('idempotency_key', name=op.f('uq_complaints_idempotency_key')),
    sa.UniqueConstraint('receipt_code', name=op.f('uq_complaints_receipt_code'))
    )
    with op.batch_alter_table('complaints', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_complaints_category'), ['category'], unique=False)
        batch_op.create_index(batch_op.f('ix_complaints_employer_bin'), ['employer_bin'], unique=False)
        batch_op.create_index('ix_complaints_employer_key_submitted', ['employer_key', 'submitted_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_complaints_identity_tier'), ['identity_tier'], unique=False)
        batch_op.create_index(batch_op.f('ix_complaints_region'), ['region'], unique=False)
        batch_op.create_index(batch_op.f('ix_complaints_status'), ['status'], unique=False)
        batch_op.create_index('ix_complaints_submitted_at', ['submitted_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_complaints_user_id'), ['user_id'], unique=False)

    op.create_table('complaint_attachments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('complaint_id', sa.Integer(), nullable=True),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('size_bytes', sa.BigInteger(), nullable=False),
    sa.Column('mime_type', sa.String(length=100), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=True),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['complaint_id'], ['complaints.id'], name=op.f('fk_complaint_attachments_complaint_id_complaints'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_complaint_attachments_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_complaint_attachments'))
    )
    with op.batch_alter_table('complaint_attachments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_complaint_attachments_complaint_id'), ['complaint_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_complaint_attachments_sha256'), ['sha256'], unique=False)
        batch_op.create_index(batch_op.f('ix_complaint_attachments_user_id'), ['user_id'], unique=False)

    op.create_table('complaint_status_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('complaint_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('actor', sa.String(length=120), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['complaint_id'], ['complaints.id'], name=op.f('fk_complaint_status_events_complaint_id_complaints'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_complaint_status_events'))
    )
    with op.batch_alter_table('complaint_status_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_complaint_status_events_complaint_id'), ['complaint_id'], unique=False)

    op.create_table('notifications',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('complaint_id', sa.Integer(), nullable=False),
    sa.Column('status_event_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('delivered_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['complaint_id'], ['complaints.id'], name=op.f('fk_notifications_complaint_id_complaints'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['status_event_id'], ['complaint_status_events.id'], name=op.f('fk_notifications_status_event_id_complaint_status_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_notifications_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notifications')),
    sa.UniqueConstraint('status_event_id', name='uq_notifications_status_event_id')
    )
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_notifications_delivered_at'), ['delivered_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_notifications_user_id'), ['user_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_notifications_user_id'))
        batch_op.drop_index(batch_op.f('ix_notifications_delivered_at'))

    op.drop_table('notifications')
    with op.batch_alter_table('complaint_status_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_complaint_status_events_complaint_id'))

    op.drop_table('complaint_status_events')
    with op.batch_alter_table('complaint_attachments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_complaint_attachments_user_id'))
        batch_op.drop_index(batch_op.f('ix_complaint_attachments_sha256'))
        batch_op.drop_index(batch_op.f('ix_complaint_attachments_complaint_id'))

    op.drop_table('complaint_attachments')
    with op.batch_alter_table('complaints', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_complaints_user_id'))
        batch_op.drop_index('ix_complaints_submitted_at')
        batch_op.drop_index(batch_op.f('ix_complaints_status'))
        batch_op.drop_index(batch_op.f('ix_complaints_region'))
        batch_op.drop_index(batch_op.f('ix_complaints_identity_tier'))
        batch_op.drop_index('ix_complaints_employer_key_submitted')
        batch_op.drop_index(batch_op.f('ix_complaints_employer_bin'))
        batch_op.drop_index(batch_op.f('ix_complaints_category'))

    op.drop_table('complaints')
