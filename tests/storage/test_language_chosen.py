"""Revision 0004_language_chosen: only an explicit choice switches off language detection."""

from __future__ import annotations

from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

from bot.preferences import SqlPreferenceStore
from storage.db import make_session_factory
from storage.migrate import upgrade
from storage.users import get_or_create_user, user_key_for

CHOSE, COMPLAINED = user_key_for(1, "test-salt"), user_key_for(2, "test-salt")


def test_existing_rows_keep_a_choice_only_when_the_bot_made_them(empty_engine: Engine) -> None:
    upgrade(empty_engine, "0003_questionnaires")
    with empty_engine.begin() as conn:
        for key, lang in ((CHOSE, "kk"), (COMPLAINED, "ru")):
            conn.execute(
                text(
                    "INSERT INTO users (user_key, language, consent_personal_data, "
                    "consent_notifications, created_at, updated_at) "
                    "VALUES (:k, :l, false, true, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
                ),
                {"k": key, "l": lang},
            )
        conn.execute(
            text(
                "INSERT INTO complaint_attachments (user_id, sha256, size_bytes, mime_type, "
                "received_at) SELECT id, :h, 10, 'image/jpeg', CURRENT_TIMESTAMP FROM users "
                "WHERE user_key = :k"
            ),
            {"h": "0" * 64, "k": COMPLAINED},
        )
    upgrade(empty_engine)
    store = SqlPreferenceStore(make_session_factory(empty_engine))
    assert store.chosen_language(CHOSE) == "kk"
    assert store.chosen_language(COMPLAINED) is None


def test_rows_made_by_the_complaint_flow_are_not_a_choice(engine: Engine) -> None:
    with Session(engine) as session, session.begin():
        get_or_create_user(session, COMPLAINED, initial_language="ru")
    store = SqlPreferenceStore(make_session_factory(engine))
    assert store.chosen_language(COMPLAINED) is None  # detection stays on
    store.choose_language(COMPLAINED, "en")
    assert store.chosen_language(COMPLAINED) == "en"
    with Session(engine) as session, session.begin():
        get_or_create_user(session, COMPLAINED, chat_id=6)  # a later complaint
    assert store.chosen_language(COMPLAINED) == "en"
    store.forget(COMPLAINED)
    assert store.chosen_language(COMPLAINED) is None
