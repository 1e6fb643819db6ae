"""Rasa's conversations in its SQL tracker store: erased on "delete my data", purged when idle.

Rasa keeps each conversation as rows of its ``events`` table (``sender_id``, ``timestamp`` in
Unix seconds, the event as JSON). It has no endpoint that deletes a conversation, so quqyq
deletes the rows itself — after Rasa has saved the turn, or Rasa would write the whole
conversation back from memory. The same URL configures Rasa (``RASA_TRACKER_STORE_URL``):
SQLite by default, PostgreSQL to scale out.
"""

from __future__ import annotations

import time
from datetime import timedelta
from functools import cache
from pathlib import Path

from sqlalchemy import Column, Float, MetaData, String, Table, delete, func, inspect, select
from sqlalchemy.engine import Engine

from storage.db import forget_deleted_pages, make_engine

__all__ = ["default_tracker_store_url", "erase_conversation", "purge_idle_conversations"]

_metadata = MetaData()
#: The columns of Rasa 3.6's SQLTrackerStore table that quqyq reads (Rasa owns the table).
_events = Table(
    "events",
    _metadata,
    Column("sender_id", String(255)),
    Column("timestamp", Float),
)


def default_tracker_store_url(data_dir: Path) -> str:
    """Where Rasa keeps conversations when ``RASA_TRACKER_STORE_URL`` is not set."""
    return "sqlite:///" + str(data_dir / "rasa_tracker.db")


@cache
def _engine(url: str) -> Engine:
    return make_engine(url)


def _has_events(engine: Engine) -> bool:
    return inspect(engine).has_table("events")


def erase_conversation(tracker_store_url: str, sender_id: str) -> int:
    """Delete every event of ``sender_id``; return how many rows went."""
    engine = _engine(tracker_store_url)
    if not _has_events(engine):
        return 0
    with engine.begin() as connection:
        result = connection.execute(delete(_events).where(_events.c.sender_id == sender_id))
    forget_deleted_pages(engine)
    return int(result.rowcount or 0)


def purge_idle_conversations(tracker_store_url: str, idle_for: timedelta) -> int:
    """Delete conversations whose last event is older than ``idle_for``; return how many."""
    engine = _engine(tracker_store_url)
    if not _has_events(engine):
        return 0
    cutoff = time.time() - idle_for.total_seconds()
    idle = (
        select(_events.c.sender_id)
        .group_by(_events.c.sender_id)
        .having(func.max(_events.c.timestamp) < cutoff)
    )
    with engine.begin() as connection:
        senders = [row[0] for row in connection.execute(idle)]
        for start in range(0, len(senders), 500):
            chunk = senders[start : start + 500]
            connection.execute(delete(_events).where(_events.c.sender_id.in_(chunk)))
    forget_deleted_pages(engine)
    return len(senders)
