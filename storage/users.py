"""Users and their preferences, keyed by a pseudonymous key.

The Telegram user id never reaches analytics tables: a user is identified by
``user_key = HMAC-SHA256(salt, str(telegram_user_id))`` (hex, :func:`user_key_for`), which the
bot sends to Rasa as metadata and the actions store as is. The salt is a secret of the
deployment (``QUQYQ_USER_KEY_SALT``): a plain sha256 of an id could be reversed by hashing every
possible id.
The chat id is stored only so that the bot can deliver notifications (status changes of a
complaint); it is erased with the rest of the user's data.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Mapping
from datetime import datetime
from typing import Final

from sqlalchemy import BigInteger, Boolean, CheckConstraint, Integer, String, false, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column

from storage.base import Base, UTCDateTime, utcnow

__all__ = [
    "SIGNED_FIELDS",
    "User",
    "get_or_create_user",
    "metadata_signature",
    "signature_is_valid",
    "user_key_for",
]


def user_key_for(telegram_user_id: int | str, salt: str) -> str:
    """The pseudonymous key of a user: hex HMAC-SHA256 of the id under the secret ``salt``.

    The one definition: the bot (``bot.preferences.user_key``) and anything that needs a user's
    key compute it here, so a key never differs between components.
    """
    if not salt:
        raise ValueError("a secret salt is required for the pseudonymous user key")
    return hmac.new(salt.encode(), str(telegram_user_id).encode(), hashlib.sha256).hexdigest()


#: The metadata fields the actions trust, and so the ones the bot signs.
SIGNED_FIELDS: Final = ("user_key", "attachment_id")


def metadata_signature(key: str, sender_id: str, metadata: Mapping[str, object]) -> str:
    """The bot's signature on a message's metadata (hex HMAC-SHA256 under ``key``).

    Rasa's REST channel takes any sender and any metadata from whoever can reach it; the actions
    act on a user's data only when this signature proves the bot sent the message. It covers
    the sender id and the :data:`SIGNED_FIELDS`.
    """
    fields = [sender_id] + [str(metadata.get(name) or "") for name in SIGNED_FIELDS]
    message = "\x00".join(["quqyq-metadata", *fields]).encode()
    return hmac.new(key.encode(), message, hashlib.sha256).hexdigest()


def signature_is_valid(key: str, sender_id: str, metadata: Mapping[str, object]) -> bool:
    """Whether ``metadata["signature"]`` is the bot's for this sender (constant time)."""
    signature = metadata.get("signature")
    if not key or not isinstance(signature, str):
        return False
    return hmac.compare_digest(metadata_signature(key, sender_id, metadata), signature)


class User(Base):
    """A person who talked to quqyq: preferences and consents, no name, no Telegram id."""

    __tablename__ = "users"
    __table_args__ = (CheckConstraint("language IN ('kk', 'ru', 'en')", name="language"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_key: Mapped[str] = mapped_column(String(64), unique=True)
    # Kept only to deliver notifications; erased on delete_my_data.
    chat_id: Mapped[int | None] = mapped_column(BigInteger, default=None)
    language: Mapped[str] = mapped_column(String(2), default="ru")
    # True only when the user picked ``language`` themselves (picker, /language, a set_language
    # button). Rows made by the complaint flow carry a default language that must not switch off
    # per-message detection.
    language_chosen: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # Consent to processing personal data (Law of the RK No. 94-V of 21.05.2013): the flag and
    # when it was last given or withdrawn.
    consent_personal_data: Mapped[bool] = mapped_column(Boolean, default=False)
    consent_personal_data_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    # Consent to receive status notifications in Telegram.
    # Asked at the end of a named or confidential complaint; no news without a "yes".
    consent_notifications: Mapped[bool] = mapped_column(Boolean, default=False)
    consent_notifications_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    def set_consent_personal_data(self, granted: bool) -> None:
        """Record consent to personal-data processing (given or withdrawn) with its time."""
        self.consent_personal_data = granted
        self.consent_personal_data_at = utcnow()

    def set_consent_notifications(self, granted: bool) -> None:
        """Record consent to Telegram notifications with its time."""
        self.consent_notifications = granted
        self.consent_notifications_at = utcnow()

    def __repr__(self) -> str:  # never print the chat id
        return f"User(id={self.id!r}, language={self.language!r})"


def get_or_create_user(
    session: Session,
    user_key: str,
    *,
    chat_id: int | None = None,
    language: str | None = None,
    initial_language: str | None = None,
) -> User:
    """The user with ``user_key``, created on first sight; chat id/language updated if given.

    ``initial_language`` is used only when the user is created (e.g. the language of a first
    complaint), never overriding a language the user chose.

    Race-safe across threads and processes: the unique constraint on ``user_key`` decides, the
    losing insert is rolled back to a savepoint and the winner's row is read.
    """
    if not re.fullmatch(r"[0-9a-f]{64}", user_key or ""):
        raise ValueError("user_key must be a lowercase sha256 hex digest")
    for _attempt in range(2):
        user = session.scalars(select(User).where(User.user_key == user_key)).one_or_none()
        if user is not None:
            if chat_id is not None:
                user.chat_id = chat_id
            if language in ("kk", "ru", "en"):
                user.language = language
            return user
        try:
            with session.begin_nested():
                lang = language or initial_language
                user = User(user_key=user_key, chat_id=chat_id, language=lang or "ru")
                session.add(user)
            return user
        except IntegrityError:
            continue  # another process created it a moment ago: read theirs
    raise RuntimeError("could not create or read the user row")
