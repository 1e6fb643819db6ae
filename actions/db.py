"""The one database session factory of the action server (and a way for tests to swap it).

Every action that reads or writes storage takes its sessions from :func:`sessions`: one engine
per process, created on first use from ``DATABASE_URL``.
"""

from __future__ import annotations

from sqlalchemy.orm import Session, sessionmaker

from storage.db import make_session_factory

__all__ = ["sessions", "use"]

_factory: sessionmaker[Session] | None = None


def sessions() -> sessionmaker[Session]:
    """The process's session factory (created from the environment on first use)."""
    global _factory
    if _factory is None:
        _factory = make_session_factory()
    return _factory


def use(factory: sessionmaker[Session] | None) -> None:
    """Point every action at another database (tests), or back to the default with ``None``."""
    global _factory
    _factory = factory
