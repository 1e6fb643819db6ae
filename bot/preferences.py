"""Per-user preferences the front end needs: the chosen language, the chat to notify, consents.

Behind a small interface (:class:`PreferenceStore`) so the conversation code does not care
whether it runs against the shared database (:class:`SqlPreferenceStore`, the ``users`` table of
``storage/``) or in memory (console without a database, unit tests).

Users are known only by their pseudonymous key (:func:`user_key`): sha256 over a secret salt and
the Telegram id, so the key cannot be reversed by hashing every possible id.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from i18n import Language, normalize_language

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

__all__ = [
    "MemoryPreferenceStore",
    "PreferenceStore",
    "SqlPreferenceStore",
    "open_preference_store",
    "user_key",
]

logger = logging.getLogger(__name__)


def user_key(telegram_user_id: int | str, salt: str) -> str:
    """The pseudonymous key of a user: hex sha256 (HMAC) of the id under the secret salt."""
    return hmac.new(salt.encode(), str(telegram_user_id).encode(), hashlib.sha256).hexdigest()


class PreferenceStore(Protocol):
    """What the front end stores about a user (all methods are quick, blocking calls)."""

    def chosen_language(self, key: str) -> Language | None:
        """The language the user picked explicitly, if any."""

    def choose_language(self, key: str, language: Language, chat_id: int | None = None) -> None:
        """Remember an explicit language choice (and the chat to notify)."""

    def remember_chat(self, key: str, chat_id: int) -> None:
        """Keep the chat id current for notifications (only for users already stored)."""

    def forget(self, key: str) -> None:
        """Erase everything stored about the user (after delete_my_data)."""


class MemoryPreferenceStore:
    """Preferences in a dict: console mode without a database, and tests."""

    def __init__(self) -> None:
        self._languages: dict[str, Language] = {}
        self._chats: dict[str, int] = {}
        self._lock = threading.Lock()

    def chosen_language(self, key: str) -> Language | None:
        """See :meth:`PreferenceStore.chosen_language`."""
        return self._languages.get(key)

    def choose_language(self, key: str, language: Language, chat_id: int | None = None) -> None:
        """See :meth:`PreferenceStore.choose_language`."""
        with self._lock:
            self._languages[key] = language
            if chat_id is not None:
                self._chats[key] = chat_id

    def remember_chat(self, key: str, chat_id: int) -> None:
        """See :meth:`PreferenceStore.remember_chat`."""
        with self._lock:
            if key in self._languages:
                self._chats[key] = chat_id

    def forget(self, key: str) -> None:
        """See :meth:`PreferenceStore.forget`."""
        with self._lock:
            self._languages.pop(key, None)
            self._chats.pop(key, None)

    def chat_of(self, key: str) -> int | None:
        """The chat id stored for ``key`` (tests)."""
        return self._chats.get(key)


class SqlPreferenceStore:
    """Preferences in the ``users`` table of ``storage/`` (SQLite by default, PostgreSQL too).

    ``users.language`` has a default, so a row alone does not prove a choice: when the model has
    a ``language_chosen`` flag it decides; otherwise a row counts as a choice because the bot
    creates rows only when the user picks a language.
    """

    def __init__(self, session_factory: Callable[[], Session]) -> None:
        from storage.users import User

        self._sessions = session_factory
        self._user = User
        self._has_chosen_flag = hasattr(User, "language_chosen")
        self._chat_cache: dict[str, int] = {}  # skip a write per message when nothing changed

    def _find(self, session: Session, key: str) -> object | None:
        from sqlalchemy import select

        return session.scalars(select(self._user).where(self._user.user_key == key)).one_or_none()

    def chosen_language(self, key: str) -> Language | None:
        """See :meth:`PreferenceStore.chosen_language`."""
        with self._sessions() as session:
            user = self._find(session, key)
            if user is None:
                return None
            if self._has_chosen_flag and not getattr(user, "language_chosen", False):
                return None
            return normalize_language(getattr(user, "language", None))

    def choose_language(self, key: str, language: Language, chat_id: int | None = None) -> None:
        """See :meth:`PreferenceStore.choose_language`."""
        from storage.users import get_or_create_user

        with self._sessions() as session, session.begin():
            user = get_or_create_user(session, key, chat_id=chat_id, language=language)
            if self._has_chosen_flag:
                user.language_chosen = True  # type: ignore[attr-defined]
        if chat_id is not None:
            self._chat_cache[key] = chat_id

    def remember_chat(self, key: str, chat_id: int) -> None:
        """See :meth:`PreferenceStore.remember_chat`."""
        if self._chat_cache.get(key) == chat_id:
            return
        with self._sessions() as session, session.begin():
            user = self._find(session, key)
            if user is None:
                return  # not stored yet (no choice, no complaint): nothing to notify; ask later
            if getattr(user, "chat_id", None) != chat_id:
                user.chat_id = chat_id  # type: ignore[attr-defined]
        self._chat_cache[key] = chat_id

    def forget(self, key: str) -> None:
        """See :meth:`PreferenceStore.forget`: the language choice and the chat id go."""
        self._chat_cache.pop(key, None)
        with self._sessions() as session, session.begin():
            user = self._find(session, key)
            if user is not None:
                user.chat_id = None  # type: ignore[attr-defined]
                if self._has_chosen_flag:
                    user.language_chosen = False  # type: ignore[attr-defined]
                else:
                    session.delete(user)


def open_preference_store(database_url: str) -> PreferenceStore:
    """The SQL store when ``storage/`` and its ``users`` table are there, else memory (logged)."""
    try:
        from sqlalchemy import inspect

        from storage.db import make_engine, make_session_factory

        engine = make_engine(database_url)
        if not inspect(engine).has_table("users"):
            logger.warning(
                "no users table at DATABASE_URL (run python -m storage.migrate): "
                "language choices are kept in memory only"
            )
            engine.dispose()
            return MemoryPreferenceStore()
        return SqlPreferenceStore(make_session_factory(engine))
    except ImportError:
        logger.warning("storage package not available: language choices kept in memory only")
        return MemoryPreferenceStore()
