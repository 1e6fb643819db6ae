"""The export audit is append-only in the database itself, on SQLite and on PostgreSQL: raw SQL
that updates, deletes or (PostgreSQL) truncates it fails, and the row stays as written."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, func, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from storage.audit import ExportAudit, record_export


def test_the_database_refuses_to_change_or_remove_an_audit_row(engine: Engine) -> None:
    with Session(engine) as s:
        record_export(s, actor="insp1", format="csv", language="ru", with_personal_data=True,
                      filters={"regions": ["Алматы"]}, row_count=3, sha256="a" * 64,
                      output_path="/tmp/x.csv")
        s.commit()
    statements = ["UPDATE export_audit SET actor = 'someone else'",
                  "DELETE FROM export_audit"]
    if engine.dialect.name == "postgresql":
        statements.append("TRUNCATE export_audit")
    for sql in statements:
        with pytest.raises(IntegrityError, match="append-only"), engine.begin() as connection:
            connection.execute(text(sql))
    with Session(engine) as s:
        assert s.scalar(select(func.count()).select_from(ExportAudit)) == 1
        assert s.scalars(select(ExportAudit.actor)).one() == "insp1"
