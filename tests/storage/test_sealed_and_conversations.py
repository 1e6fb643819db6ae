"""Sealed texts (owner checks, used once, purged) and Rasa's conversations (erased, purged)."""

from __future__ import annotations

import os
import sqlite3
import time
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from storage import sealed
from storage.base import utcnow
from storage.conversations import erase_conversation, purge_idle_conversations
from storage.db import make_engine, make_session_factory
from storage.files import private_dir, restrict
from storage.migrate import upgrade

ALICE, BOB = "a" * 64, "b" * 64


@pytest.fixture
def sessions(tmp_path: Path) -> sessionmaker[Session]:
    engine = make_engine(f"sqlite:///{tmp_path / 'q.db'}")
    upgrade(engine)
    return make_session_factory(engine)


def test_a_sealed_input_is_read_once_and_only_by_its_owner(sessions: sessionmaker[Session]) -> None:
    with sessions() as session, session.begin():
        ref = sealed.seal(session, ALICE, "input", "880315400128", "complaint_iin")
    assert sealed.token_of(ref) and len(ref) > 24
    with sessions() as session, session.begin():
        assert sealed.take(session, ref, BOB) is None  # someone else's reference
    with sessions() as session, session.begin():
        assert sealed.take(session, ref, ALICE) == "880315400128"
    with sessions() as session, session.begin():
        assert sealed.take(session, ref, ALICE) is None  # used once
    assert sealed.token_of("sealed:short") is None and sealed.token_of(12) is None


def test_answers_resolve_for_their_owner_and_go_with_delete_my_data(
    sessions: sessionmaker[Session],
) -> None:
    with sessions() as session, session.begin():
        mine = sealed.seal(session, ALICE, "answer", "Ахметов Ерлан", "complaint_full_name")
        theirs = sealed.seal(session, BOB, "answer", "Bob", "complaint_full_name")
        sealed.set_pending(session, ALICE, "complaint_iin")
    with sessions() as session:
        assert sealed.resolve(session, [mine, theirs, "x"], ALICE) == {mine: "Ахметов Ерлан"}
        assert sealed.pending_slot(session, ALICE) == "complaint_iin"
    with sessions() as session, session.begin():
        sealed.set_pending(session, ALICE, None)
        assert sealed.forget_user(session, ALICE) == 1
    with sessions() as session:
        assert sealed.resolve(session, [mine], ALICE) == {}
        assert sealed.resolve(session, [theirs], BOB) == {theirs: "Bob"}
        assert sealed.pending_slot(session, ALICE) is None


def test_old_sealed_texts_are_purged(sessions: sessionmaker[Session]) -> None:
    with sessions() as session, session.begin():
        ref = sealed.seal(session, ALICE, "input", "old")
        session.get(sealed.SealedText, sealed.token_of(ref)).created_at = utcnow() - timedelta(
            days=31)
        sealed.seal(session, ALICE, "input", "new")
    with sessions() as session, session.begin():
        assert sealed.purge_older_than(session, utcnow() - timedelta(days=30)) == 1


def _rasa_events(path: Path, rows: list[tuple[str, float, str]]) -> None:
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE events (id INTEGER PRIMARY KEY, sender_id VARCHAR(255), "
                           "type_name VARCHAR(255), timestamp FLOAT, data TEXT)")
        connection.executemany("INSERT INTO events (sender_id, type_name, timestamp, data) "
                               "VALUES (?, 'user', ?, ?)", rows)


def test_a_conversation_is_erased_from_the_file_itself(tmp_path: Path) -> None:
    db = tmp_path / "rasa_tracker.db"
    now = time.time()
    _rasa_events(db, [(ALICE, now, '{"text": "Гүлназ Тұрсынбекова"}'), (BOB, now, "{}")])
    url = f"sqlite:///{db}"
    assert erase_conversation(url, ALICE) == 1
    assert erase_conversation(url, ALICE) == 0
    with sqlite3.connect(db) as connection:
        assert connection.execute("SELECT sender_id FROM events").fetchall() == [(BOB,)]
    # secure_delete and a truncated write-ahead log: the text is gone from the bytes on disk.
    for path in tmp_path.iterdir():
        assert "Гүлназ".encode() not in path.read_bytes(), path.name


def test_idle_conversations_are_purged(tmp_path: Path) -> None:
    db = tmp_path / "rasa_tracker.db"
    now = time.time()
    _rasa_events(db, [(ALICE, now - 100 * 86400, "{}"), (ALICE, now - 95 * 86400, "{}"),
                      (BOB, now - 100 * 86400, "{}"), (BOB, now - 3600, "{}")])
    assert purge_idle_conversations(f"sqlite:///{db}", timedelta(days=90)) == 1
    with sqlite3.connect(db) as connection:
        assert {r[0] for r in connection.execute("SELECT sender_id FROM events")} == {BOB}
    assert purge_idle_conversations(f"sqlite:///{tmp_path / 'none.db'}", timedelta(days=1)) == 0


def test_data_dir_is_private_and_new_files_too(tmp_path: Path) -> None:
    wide = tmp_path / "var"
    wide.mkdir(mode=0o755)
    previous = os.umask(0o022)
    try:
        restrict(wide)
        assert wide.stat().st_mode & 0o777 == 0o700
        (wide / "export.csv").write_text("x")
        assert (wide / "export.csv").stat().st_mode & 0o777 == 0o600
        assert private_dir(wide / "logs").stat().st_mode & 0o777 == 0o700
    finally:
        os.umask(previous)
        restrict()
