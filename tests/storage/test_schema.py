"""The Alembic migrations create exactly the schema the models describe, on both databases."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, inspect, text

from storage.migrate import upgrade
from storage.models import Base


def _diff(engine: Engine) -> list[object]:
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        return list(compare_metadata(context, Base.metadata))


def test_migrations_match_models(empty_engine: Engine) -> None:
    upgrade(empty_engine)
    assert _diff(empty_engine) == []
    tables = set(inspect(empty_engine).get_table_names())
    assert set(Base.metadata.tables) <= tables


def test_revisions_are_numbered_in_order(empty_engine: Engine) -> None:
    upgrade(empty_engine, "0001_users")
    assert "users" in inspect(empty_engine).get_table_names()
    assert "complaints" not in inspect(empty_engine).get_table_names()
    upgrade(empty_engine)
    with empty_engine.connect() as conn:
        version = conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
    assert version >= "0002_complaints"


def test_upgrade_is_idempotent(empty_engine: Engine) -> None:
    upgrade(empty_engine)
    upgrade(empty_engine)
    assert _diff(empty_engine) == []
