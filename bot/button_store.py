"""Short button ids kept in the ``button_payloads`` table (see :class:`bot.rendering.PayloadStore`).

Ids are derived from the payload (:func:`bot.rendering.short_id`), so two bot processes that
save the same payload write the same row; the loser of that race simply ignores the conflict.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

__all__ = ["SqlPayloadBackend", "open_payload_backend"]

logger = logging.getLogger(__name__)


class SqlPayloadBackend:
    """``PayloadBackend`` on the shared database."""

    def __init__(self, session_factory: Callable[[], Session]) -> None:
        self._sessions = session_factory

    def save(self, items: dict[str, str]) -> None:
        """See :meth:`bot.rendering.PayloadBackend.save`."""
        from sqlalchemy import select
        from sqlalchemy.exc import IntegrityError

        from storage.buttons import ButtonPayload

        with self._sessions() as session, session.begin():
            known = set(
                session.scalars(
                    select(ButtonPayload.short_id).where(ButtonPayload.short_id.in_(list(items)))
                )
            )
            for short, payload in items.items():
                if short in known:
                    continue
                try:
                    with session.begin_nested():
                        session.add(ButtonPayload(short_id=short, payload=payload))
                except IntegrityError:
                    continue  # another process saved the same id (same payload) a moment ago

    def load(self, short: str) -> str | None:
        """See :meth:`bot.rendering.PayloadBackend.load`."""
        from storage.buttons import ButtonPayload

        with self._sessions() as session:
            row = session.get(ButtonPayload, short)
            return row.payload if row is not None else None


def open_payload_backend(database_url: str) -> SqlPayloadBackend | None:
    """The SQL backend when ``button_payloads`` exists, else ``None`` (ids kept in memory)."""
    try:
        from sqlalchemy import inspect

        from storage.db import make_engine, make_session_factory
    except ImportError:
        return None
    engine = make_engine(database_url)
    if not inspect(engine).has_table("button_payloads"):
        logger.warning("no button_payloads table (run python -m storage.migrate): "
                       "long buttons stop working after a restart")
        engine.dispose()
        return None
    return SqlPayloadBackend(make_session_factory(engine))
