"""A throwaway PostgreSQL for the tests: started by ``scripts/postgres.sh`` (which installs it
with apt when missing), one fresh database per use.

If it cannot be started the tests that need it FAIL with the script's message; set
``QUQYQ_SKIP_POSTGRES=1`` to skip them deliberately (e.g. on a laptop without root).
"""

from __future__ import annotations

import os
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

REPO = Path(__file__).resolve().parents[1]


def postgres_server_url() -> Iterator[str]:
    """Start the server, yield the URL of its default database, stop it afterwards."""
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


def fresh_database(server_url: str) -> tuple[str, str]:
    """A new empty database on the server: its URL and name."""
    name = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    url = make_url(server_url).set(database=name).render_as_string(hide_password=False)
    return url, name


def drop_database(server_url: str, name: str) -> None:
    """Drop a database made by :func:`fresh_database`."""
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


