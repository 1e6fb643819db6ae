"""Per-user preferences the front end needs: the chosen language, the chat to notify.

The chat id is stored only when the user answered "yes, write to me here" at the end of a named
or confidential complaint (the receipt's ``notify_here`` marker), and forgotten after "no" or
"delete my data"; the bot answers only private chats, so it is always a private chat's id.

Behind a small interface (:class:`PreferenceStore`) so the conversation code does not care
whether it runs against the shared database (:class:`SqlPreferenceStore`, the ``users`` table of
``storage/``) or in memory (console without a database, unit tests).

Users are known only by their pseudonymous key (:func:`user_key`): sha256 over a secret salt and
the Telegram id, so the key cannot be reversed by hashing every possible id.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from i18n import Language, normalize_language

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from storage.users import User

__all__ = [
    "MemoryPreferenceStore",
    "PreferenceStore",
    "SqlPreferenceStore",
    "open_preference_store",
    "user_key",
]

logger = logging.getLogger(__name__)


def user_key(telegram_user_id: int | str, salt: str) -> str:
    """The pseudonymous key of a user: :func:`storage.users.user_key_for` (HMAC-SHA256)."""
    from storage.users import user_key_for

    return user_key_for(telegram_user_id, salt)


class PreferenceStore(Protocol):
    """What the front end stores about a user (all methods are quick, blocking calls)."""

    def chosen_language(self, key: str) -> Language | None:
        """The language the user picked explicitly, if any."""

    def choose_language(self, key: str, language: Language) -> None:
        """Remember an explicit language choice."""

    def notify_here(self, key: str, chat_id: int | None) -> None:
        """Keep ``chat_id`` for status news (the user said yes), or forget it (``None``)."""

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

    def choose_language(self, key: str, language: Language) -> None:
        """See :meth:`PreferenceStore.choose_language`."""
        with self._lock:
            self._languages[key] = language

    def notify_here(self, key: str, chat_id: int | None) -> None:
        """See :meth:`PreferenceStore.notify_here`."""
        with self._lock:
            if chat_id is None:
                self._chats.pop(key, None)
            else:
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

    ``users.language`` has a default and the complaint flow creates rows too, so only
    ``users.language_chosen`` (revision ``0004_language_chosen``) says the user picked it.
    """

    def __init__(self, session_factory: Callable[[], Session]) -> None:
        self._sessions = session_factory

    @staticmethod
    def _find(session: Session, key: str) -> User | None:
        from sqlalchemy import select

        from storage.users import User

        return session.scalars(select(User).where(User.user_key == key)).one_or_none()

    def chosen_language(self, key: str) -> Language | None:
        """See :meth:`PreferenceStore.chosen_language`."""
        with self._sessions() as session:
            user = self._find(session, key)
            if user is None or not user.language_chosen:
                return None
            return normalize_language(user.language)

    def choose_language(self, key: str, language: Language) -> None:
        """See :meth:`PreferenceStore.choose_language`."""
        from storage.users import get_or_create_user

        with self._sessions() as session, session.begin():
            user = get_or_create_user(session, key, language=language)
            user.language_chosen = True

    def notify_here(self, key: str, chat_id: int | None) -> None:
        """See :meth:`PreferenceStore.notify_here` (the complaint made the user's row)."""
        with self._sessions() as session, session.begin():
            user = self._find(session, key)
            if user is None:
                return  # no complaint stored: nothing to write about
            user.chat_id = chat_id
            if user.consent_notifications != (chat_id is not None):
                user.set_consent_notifications(chat_id is not None)

    def forget(self, key: str) -> None:
        """See :meth:`PreferenceStore.forget`: the language choice and the chat id go.

        The row stays (its complaints, anonymised by ``delete_my_data``, still point at it).
        """
        with self._sessions() as session, session.begin():
            user = self._find(session, key)
            if user is not None:
                user.chat_id = None
                user.language_chosen = False


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
