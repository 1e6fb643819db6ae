"""export_audit: an append-only record of every inspector export.

UPDATE and DELETE on export_audit fail in the database itself: SQLite triggers that
RAISE(ABORT), PostgreSQL a plpgsql function raising restrict_violation run by a row trigger
(and a statement trigger for TRUNCATE). Both surface as an integrity error.

SQLite batch mode (render_as_batch) rebuilds a table to alter it and does not copy its
triggers: a later migration that alters export_audit in batch mode must recreate them
(repeat the SQLITE_UP statements below after the batch).

Revision ID: 0007_export_audit
Revises: 0006_sealed_texts
Create Date: 2026-12-02
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0007_export_audit'
down_revision: str | None = '0006_sealed_texts'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

MESSAGE = 'export_audit is append-only'

SQLITE_UP = [
    f"""CREATE TRIGGER export_audit_no_update BEFORE UPDATE ON export_audit
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
    f"""CREATE TRIGGER export_audit_no_delete BEFORE DELETE ON export_audit
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS export_audit_no_delete",
    "DROP TRIGGER IF EXISTS export_audit_no_update",
]
POSTGRESQL_UP = [
    f"""CREATE FUNCTION export_audit_append_only() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION '{MESSAGE} (% refused)', TG_OP USING ERRCODE = 'restrict_violation';
    END
    $$""",
    """CREATE TRIGGER export_audit_no_update_delete BEFORE UPDATE OR DELETE ON export_audit
    FOR EACH ROW EXECUTE FUNCTION export_audit_append_only()""",
    """CREATE TRIGGER export_audit_no_truncate BEFORE TRUNCATE ON export_audit
    FOR EACH STATEMENT EXECUTE FUNCTION export_audit_append_only()""",
]
POSTGRESQL_DOWN = [
    "DROP TRIGGER IF EXISTS export_audit_no_truncate ON export_audit",
    "DROP TRIGGER IF EXISTS export_audit_no_update_delete ON export_audit",
    "DROP FUNCTION IF EXISTS export_audit_append_only()",
]


def _run(statements: dict[str, list[str]]) -> None:
    dialect = op.get_bind().dialect.name
    if dialect not in statements:
        raise NotImplementedError(f'export_audit triggers: unsupported database {dialect!r}')
    for statement in statements[dialect]:
        op.execute(statement)


def _create_triggers() -> None:
    _run({'sqlite': SQLITE_UP, 'postgresql': POSTGRESQL_UP})


def _drop_triggers() -> None:
    _run({'sqlite': SQLITE_DOWN, 'postgresql': POSTGRESQL_DOWN})


def upgrade() -> None:
    op.create_table('export_audit',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor', sa.String(length=120), nullable=False),
    sa.Column('format', sa.String(length=8), nullable=False),
    sa.Column('language', sa.String(length=8), nullable=False),
    sa.Column('with_personal_data', sa.Boolean(), nullable=False),
    sa.Column('filters', sa.Text(), nullable=False),
    sa.Column('row_count', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('output_path', sa.String(length=1000), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_export_audit'))
    )
    with op.batch_alter_table('export_audit', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_export_audit_created_at'), ['created_at'],
                              unique=False)
    _create_triggers()


def downgrade() -> None:
    _drop_triggers()
    with op.batch_alter_table('export_audit', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_export_audit_created_at'))
    op.drop_table('export_audit')
