"""Notifications waiting to be delivered (complaint status changes), read from the outbox table.

The complaint code writes a row to ``notifications`` when an inspector changes a status; the bot
polls here, renders the message in the user's language and marks the row delivered. When the
table does not exist (storage not migrated yet), :func:`open_outbox` returns ``None`` and the
bot simply does not poll.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from complaints.texts import notification_text
from i18n import use_language

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

__all__ = ["Outbox", "PendingNotification", "SqlOutbox", "open_outbox", "render_notification"]

logger = logging.getLogger(__name__)
MAX_ATTEMPTS = 5


@dataclass(frozen=True, slots=True)
class PendingNotification:
    """One message to deliver: where, in which language, about what."""

    id: int
    chat_id: int
    language: str
    receipt_code: str
    status: str
    #: What the inspector wrote with the change (their words, shown as is).
    note: str | None = None


class Outbox(Protocol):
    """Source of pending notifications."""

    def pending(self, limit: int = 50) -> list[PendingNotification]:
        """Undelivered notifications whose user has a chat and consented to notifications."""

    def delivered(self, notification_id: int) -> None:
        """Mark one notification delivered."""

    def failed(self, notification_id: int) -> None:
        """Count a failed delivery attempt (gives up after a few)."""


def render_notification(note: PendingNotification) -> str:
    """The text of a status-change notification in the user's language (complaints' wording)."""
    with use_language(note.language):
        return notification_text(note.receipt_code, note.status, (note.note or "").strip() or None)


class SqlOutbox:
    """The ``notifications`` table of ``storage/``."""

    def __init__(self, session_factory: Callable[[], Session]) -> None:
        self._sessions = session_factory

    def pending(self, limit: int = 50) -> list[PendingNotification]:
        """See :meth:`Outbox.pending`."""
        from sqlalchemy import func, select

        from storage.complaints import Complaint, Notification, StatusEvent
        from storage.users import User

        query = (
            select(
                Notification.id,
                User.chat_id,
                User.language,
                Complaint.receipt_code,
                # The status this notification is about (two quick changes: two messages).
                func.coalesce(StatusEvent.status, Complaint.status),
                StatusEvent.note,
            )
            .join(User, User.id == Notification.user_id)
            .join(Complaint, Complaint.id == Notification.complaint_id)
            .outerjoin(StatusEvent, StatusEvent.id == Notification.status_event_id)
            .where(Notification.delivered_at.is_(None))
            .where(Notification.attempts < MAX_ATTEMPTS)
            .where(User.chat_id.is_not(None))
            .where(User.consent_notifications.is_(True))
            .order_by(Notification.id)
            .limit(limit)
        )
        with self._sessions() as session:
            return [
                PendingNotification(
                    int(r[0]), int(r[1] or 0), str(r[2]), str(r[3]), str(r[4]), r[5] or None
                )
                for r in session.execute(query)
            ]

    def delivered(self, notification_id: int) -> None:
        """See :meth:`Outbox.delivered`."""
        from storage.base import utcnow
        from storage.complaints import Notification

        with self._sessions() as session, session.begin():
            note = session.get(Notification, notification_id)
            if note is not None:
                note.delivered_at = utcnow()
                note.attempts += 1

    def failed(self, notification_id: int) -> None:
        """See :meth:`Outbox.failed`."""
        from storage.complaints import Notification

        with self._sessions() as session, session.begin():
            note = session.get(Notification, notification_id)
            if note is not None:
                note.attempts += 1


def open_outbox(database_url: str) -> Outbox | None:
    """The SQL outbox when the ``notifications`` table exists, else ``None`` (no polling)."""
    try:
        from sqlalchemy import inspect

        from storage.complaints import Notification  # noqa: F401  (the model must exist)
        from storage.db import make_engine, make_session_factory
    except ImportError:
        return None
    engine = make_engine(database_url)
    if not inspect(engine).has_table("notifications"):
        logger.info("no notifications table yet: outbox polling disabled")
        engine.dispose()
        return None
    return SqlOutbox(make_session_factory(engine))
