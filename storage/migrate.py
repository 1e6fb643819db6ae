"""``python -m storage.migrate``: bring the database at DATABASE_URL to the latest schema.

Called by the bootstrap script and safe to run repeatedly (Alembic ``upgrade head``).
"""

from __future__ import annotations

import sys
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine

from storage.db import make_engine

__all__ = ["alembic_config", "main", "upgrade"]

ALEMBIC_INI = Path(__file__).resolve().parent / "alembic.ini"


def alembic_config() -> Config:
    """The Alembic config of quqyq (script location ``storage/migrations``)."""
    return Config(str(ALEMBIC_INI))


def upgrade(engine: Engine | None = None, revision: str = "head") -> None:
    """Upgrade the database of ``engine`` (default: from the environment) to ``revision``."""
    own = engine is None
    engine = engine or make_engine()
    config = alembic_config()
    try:
        with engine.connect() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
            connection.commit()
    finally:
        if own:
            engine.dispose()


def main() -> None:
    """Entry point: upgrade to head and say where (without the password)."""
    engine = make_engine()
    upgrade(engine)
    print(f"database schema up to date: {engine.url.render_as_string(hide_password=True)}",
          file=sys.stderr)
    engine.dispose()


if __name__ == "__main__":
    main()
