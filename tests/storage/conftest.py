"""Fixtures for storage tests on SQLite and on a real PostgreSQL.

PostgreSQL is started once per session by ``scripts/postgres.sh`` (which installs it with apt when
missing) and stopped at the end. If it cannot be started the tests FAIL with the script's message;
set ``QUQYQ_SKIP_POSTGRES=1`` to skip them deliberately (e.g. on a laptop without root).
"""

from __future__ import annotations

import os
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from storage.db import make_engine
from storage.migrate import upgrade

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """URL of a throwaway PostgreSQL server (its default test database)."""
    if os.environ.get("QUQYQ_SKIP_POSTGRES") == "1":
        pytest.skip("QUQYQ_SKIP_POSTGRES=1: PostgreSQL tests skipped on purpose")
    result = subprocess.run(
        [str(REPO / "scripts" / "postgres.sh"), "start"],
        capture_output=True, text=True, timeout=900, check=False,
    )
    values = dict(
        line.split("=", 1) for line in result.stdout.splitlines() if "=" in line
    )
    if result.returncode != 0 or "DATABASE_URL" not in values:
        pytest.fail(
            "could not start PostgreSQL with scripts/postgres.sh "
            f"(exit {result.returncode}):\n{result.stderr[-2000:]}\n"
            "Install the Debian package 'postgresql' or set QUQYQ_SKIP_POSTGRES=1 to skip.",
            pytrace=False,
        )
    try:
        yield values["DATABASE_URL"]
    finally:
        subprocess.run(
            [str(REPO / "scripts" / "postgres.sh"), "stop", values["PGDATA"]],
            capture_output=True, timeout=120, check=False,
        )


def _fresh_postgres_database(server_url: str) -> tuple[str, str]:
    name = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    url = make_url(server_url).set(database=name).render_as_string(hide_password=False)
    return url, name


def _drop_postgres_database(server_url: str, name: str) -> None:
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """An engine on a brand-new, empty database of each kind."""
    if request.param == "sqlite":
        engine = make_engine(f"sqlite:///{tmp_path / 'quqyq.db'}")
        yield engine
        engine.dispose()
        return
    server = request.getfixturevalue("postgres_server")
    url, name = _fresh_postgres_database(server)
    engine = make_engine(url, pool_size=10, max_overflow=60)
    try:
        yield engine
    finally:
        engine.dispose()
        _drop_postgres_database(server, name)


@pytest.fixture
def engine(empty_engine: Engine) -> Engine:
    """An engine on a fresh database migrated to head."""
    upgrade(empty_engine)
    return empty_engine
