"""Fixtures for storage tests on SQLite and on a real PostgreSQL (``postgres_server`` of the
root conftest: started once per session by ``scripts/postgres.sh``)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from storage.db import make_engine
from storage.migrate import upgrade
from tests.postgres import drop_database, fresh_database


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """An engine on a brand-new, empty database of each kind."""
    if request.param == "sqlite":
        engine = make_engine(f"sqlite:///{tmp_path / 'quqyq.db'}")
        yield engine
        engine.dispose()
        return
    server = request.getfixturevalue("postgres_server")
    url, name = fresh_database(server)
    engine = make_engine(url, pool_size=10, max_overflow=60)
    try:
        yield engine
    finally:
        engine.dispose()
        drop_database(server, name)


@pytest.fixture
def engine(empty_engine: Engine) -> Engine:
    """An engine on a fresh database migrated to head."""
    upgrade(empty_engine)
    return empty_engine
