"""Engine and session factory, configured only from the environment.

``DATABASE_URL`` selects the database (default: ``sqlite:///$DATA_DIR/quqyq.db``, with
``DATA_DIR`` defaulting to ``<repo>/var``). PostgreSQL works with a psycopg 3 URL such as
``postgresql+psycopg://user:pass@127.0.0.1:5432/quqyq`` (``postgresql://`` is rewritten to use
psycopg 3, the driver we install).

SQLite is tuned for several processes (bot, action server, inspector CLI) sharing one file:
WAL journal (readers do not block the writer), foreign keys on, a 30 s busy timeout, and
``BEGIN IMMEDIATE`` for transactions so that two writers queue up instead of failing with
"database is locked" when one upgrades a read lock. Read-only work (exports) can ask for a
deferred transaction with ``engine.execution_options(sqlite_begin="DEFERRED")`` so it never takes
the write lock.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.orm import Session, sessionmaker

__all__ = [
    "data_dir",
    "database_url",
    "forget_deleted_pages",
    "make_engine",
    "make_session_factory",
]

REPO_ROOT = Path(__file__).resolve().parent.parent
SQLITE_BUSY_TIMEOUT_MS = 30_000


def data_dir() -> Path:
    """``DATA_DIR`` (default ``<repo>/var``), created if missing."""
    path = Path(os.environ.get("DATA_DIR") or REPO_ROOT / "var")
    path.mkdir(parents=True, exist_ok=True)
    return path


def database_url() -> str:
    """``DATABASE_URL`` or the default SQLite file under ``DATA_DIR``."""
    url = os.environ.get("DATABASE_URL")
    if url:
        return url
    return f"sqlite:///{data_dir() / 'quqyq.db'}"


def _normalise(url: str) -> str:
    """Use psycopg 3 for bare ``postgresql://`` URLs (psycopg2 is not installed)."""
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


def _unicode_lower(value: object) -> object:
    return value.lower() if isinstance(value, str) else value


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Take transaction control away from pysqlite so BEGIN/SAVEPOINT are ours (the
        # documented SQLAlchemy recipe; savepoints are needed by idempotent inserts).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        # Deleted rows are overwritten, not left in free pages: "delete my data" means gone
        # from the file too (the write-ahead log is truncated by forget_deleted_pages).
        cursor.execute("PRAGMA secure_delete=ON")
        cursor.close()
        # SQLite's built-in lower() only knows ASCII; Kazakh/Russian filters need Unicode, the
        # way PostgreSQL's lower() behaves.
        dbapi_connection.create_function("lower", 1, _unicode_lower, deterministic=True)

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        mode = connection.get_execution_options().get("sqlite_begin", "IMMEDIATE")
        if mode not in ("IMMEDIATE", "DEFERRED", "EXCLUSIVE"):
            raise ValueError(f"unknown sqlite_begin mode {mode!r}")
        connection.exec_driver_sql(f"BEGIN {mode}")


def make_engine(url: str | None = None, **kwargs: Any) -> Engine:
    """Create the engine for ``url`` (default: :func:`database_url`)."""
    target = _normalise(url or database_url())
    parsed = make_url(target)
    # An error message must never carry the values of a statement (a name, an IIN).
    kwargs.setdefault("hide_parameters", True)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        connect_args = kwargs.pop("connect_args", {})
        connect_args.setdefault("timeout", SQLITE_BUSY_TIMEOUT_MS / 1000)
        # Threads of one process (action server) share the pool; each connection is used by one
        # thread at a time, which is what pysqlite's check is guarding against.
        connect_args.setdefault("check_same_thread", False)
        engine = create_engine(target, connect_args=connect_args, **kwargs)
        _configure_sqlite(engine)
        return engine
    kwargs.setdefault("pool_pre_ping", True)
    return create_engine(target, **kwargs)


def make_session_factory(engine: Engine | None = None) -> sessionmaker[Session]:
    """A session factory bound to ``engine`` (default: a new engine from the environment).

    Objects stay usable after commit (``expire_on_commit=False``) because actions hand them to
    reply-building code after the transaction ends.
    """
    return sessionmaker(bind=engine or make_engine(), expire_on_commit=False)


def forget_deleted_pages(bind: Engine | Connection) -> None:
    """After deleting personal data: on SQLite, fold the write-ahead log into the database and
    truncate it, so no older copy of a deleted row stays in ``*.db-wal`` (secure_delete has
    already zeroed the rows in the database). Nothing to do on PostgreSQL (VACUUM reclaims it).
    """
    engine = bind.engine if isinstance(bind, Connection) else bind
    if engine.dialect.name != "sqlite":
        return
    # Outside any transaction (SQLAlchemy would open one, and a checkpoint cannot run in it).
    raw = engine.raw_connection()
    try:
        raw.cursor().execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        raw.close()
