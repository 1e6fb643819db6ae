"""Engine configuration: SQLite pragmas, URL handling, users and consents on both databases."""

from __future__ import annotations

import hashlib
import hmac
from pathlib import Path

import pytest
from sqlalchemy import Engine, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.preferences import user_key
from storage.db import database_url, make_engine
from storage.users import User, get_or_create_user, user_key_for


def test_default_url_is_sqlite_under_data_dir(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("DATA_DIR", str(tmp_path / "data"))
    assert database_url() == f"sqlite:///{tmp_path / 'data' / 'quqyq.db'}"
    assert (tmp_path / "data").is_dir()


def test_postgres_url_uses_psycopg3() -> None:
    engine = make_engine("postgresql://u:p@127.0.0.1:1/db")
    assert engine.url.drivername == "postgresql+psycopg"
    engine.dispose()


def test_sqlite_has_wal_and_foreign_keys(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'x.db'}")
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
    engine.dispose()


def test_user_key_is_salted_hmac_of_the_id_not_the_id() -> None:
    key = user_key_for(123456789, "test-salt")
    assert key == hmac.new(b"test-salt", b"123456789", hashlib.sha256).hexdigest()
    assert key != hashlib.sha256(b"123456789").hexdigest()  # not reversible by trying ids
    assert "123456789" not in key and key != user_key_for(123456789, "other-salt")
    assert key == user_key(123456789, "test-salt")  # the bot computes the very same key
    with pytest.raises(ValueError):
        user_key_for(1, "")


def test_users_consents_and_uniqueness(engine: Engine) -> None:
    key = user_key_for(42, "test-salt")
    with Session(engine) as s:
        user = get_or_create_user(s, key, chat_id=42, language="kk")
        user.set_consent_personal_data(True)
        s.commit()
    with Session(engine) as s:
        user = s.scalars(select(User).where(User.user_key == key)).one()
        assert user.consent_personal_data and user.consent_personal_data_at is not None
        assert user.consent_personal_data_at.tzinfo is not None
        assert user.language == "kk" and user.chat_id == 42
        assert get_or_create_user(s, key).id == user.id
        s.add(User(user_key=key))
        with pytest.raises(IntegrityError):
            s.flush()


def test_foreign_keys_enforced(engine: Engine) -> None:
    from storage.complaints import StatusEvent

    with Session(engine) as s:
        s.add(StatusEvent(complaint_id=999_999, status="submitted"))
        with pytest.raises(IntegrityError):
            s.flush()
