"""Rasa's conversations are erased ("delete my data") and purged (idle) in both tracker stores
quqyq configures: SQLite by default, PostgreSQL to scale out."""

from __future__ import annotations

import time
from datetime import timedelta

from sqlalchemy import Engine, text

from storage.conversations import erase_conversation, purge_idle_conversations

ALICE, BOB, CAROL = "a" * 64, "b" * 64, "c" * 64


def _rasa_events(engine: Engine, rows: list[tuple[str, float, str]]) -> str:
    """Rasa 3.6's ``events`` table with ``rows``; return the tracker store URL."""
    with engine.begin() as connection:
        connection.execute(text(
            "CREATE TABLE events (id INTEGER PRIMARY KEY, sender_id VARCHAR(255), "
            "type_name VARCHAR(255), timestamp FLOAT, data TEXT)"))
        for n, (sender, at, data) in enumerate(rows, start=1):
            connection.execute(text(
                "INSERT INTO events (id, sender_id, type_name, timestamp, data) "
                "VALUES (:id, :sender, 'user', :at, :data)"),
                {"id": n, "sender": sender, "at": at, "data": data})
    return engine.url.render_as_string(hide_password=False)


def _senders(engine: Engine) -> list[str]:
    with engine.connect() as connection:
        return sorted({r[0] for r in connection.execute(text("SELECT sender_id FROM events"))})


def test_a_conversation_is_erased_and_idle_ones_are_purged(empty_engine: Engine) -> None:
    now = time.time()
    url = _rasa_events(empty_engine, [
        (ALICE, now, '{"text": "Гүлназ Тұрсынбекова"}'), (ALICE, now - 10, "{}"),
        (BOB, now - 100 * 86400, "{}"), (CAROL, now - 3600, "{}"),
    ])
    assert erase_conversation(url, ALICE) == 2
    assert erase_conversation(url, ALICE) == 0
    assert _senders(empty_engine) == [BOB, CAROL]
    with empty_engine.connect() as connection:
        kept = " ".join(r[0] for r in connection.execute(text("SELECT data FROM events")))
    assert "Гүлназ" not in kept
    assert purge_idle_conversations(url, timedelta(days=90)) == 1
    assert _senders(empty_engine) == [CAROL]
