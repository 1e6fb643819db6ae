"""Files sent in chat (photos, documents) on their way into a complaint draft.

Before anything is downloaded the front end checks what Telegram reports (size, type), that the
user has a complaint draft open (asked of Rasa) and that the file fits the user's quota
(:meth:`AttachmentStore.quota`). Then it downloads and hands the bytes to the store, which
checks the content again, strips metadata and keeps the file without its name under
``DATA_DIR`` (:func:`complaints.attachments.store_attachment`). The id it returns goes to Rasa
as ``/complaint_attach`` with signed metadata ``{"attachment_id": <id>}`` — the contract of
``action_complaint_attach``.

Refusals are :class:`complaints.validators.ComplaintValidationError` with a localized message
(raised inside the caller's ``use_language``) that the user sees as is.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from complaints.attachments import Quota, quota_for, store_attachment
from complaints.validators import check_attachment

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

__all__ = [
    "ATTACH_PAYLOAD",
    "AttachmentStore",
    "IncomingFile",
    "SqlAttachmentStore",
    "open_attachment_store",
    "precheck",
]

logger = logging.getLogger(__name__)

#: The message Rasa receives for a stored file (intent ``complaint_attach``).
ATTACH_PAYLOAD = "/complaint_attach"


@dataclass(frozen=True, slots=True)
class IncomingFile:
    """What Telegram tells us about a file before we download it (its name is not kept)."""

    file_id: str
    size: int | None
    mime_type: str | None


def precheck(incoming: IncomingFile) -> None:
    """Refuse a file Telegram already reports as too large, empty or of a wrong type.

    Raises the localized ``ComplaintValidationError`` (call inside ``use_language``). An unknown
    size is let through: the bytes are checked again after the download.
    """
    if incoming.size is not None:
        check_attachment(incoming.size, incoming.mime_type)
    else:
        check_attachment(1, incoming.mime_type)  # the type only; the size is checked later


class AttachmentStore(Protocol):
    """Keeps received files (blocking calls)."""

    def quota(self, key: str) -> Quota:
        """What the user ``key`` may still send."""

    def store(self, key: str, data: bytes, mime_type: str | None) -> int:
        """Check, clean and store ``data`` for the user ``key``; return the attachment id."""


class SqlAttachmentStore:
    """Attachments in the complaint tables of ``storage/``, bytes under ``data_dir``."""

    def __init__(self, session_factory: Callable[[], Session], data_dir: Path) -> None:
        self._sessions = session_factory
        self._data_dir = data_dir

    def quota(self, key: str) -> Quota:
        """See :meth:`AttachmentStore.quota`."""
        with self._sessions() as session:
            return quota_for(session, key)

    def store(self, key: str, data: bytes, mime_type: str | None) -> int:
        """See :meth:`AttachmentStore.store`."""
        with self._sessions() as session, session.begin():
            attachment = store_attachment(
                session, user_key=key, data=data, mime_type=mime_type, data_dir=self._data_dir
            )
            return int(attachment.id)


def open_attachment_store(database_url: str, data_dir: Path) -> AttachmentStore | None:
    """The SQL store when the attachments table exists, else ``None`` (files are declined)."""
    try:
        from sqlalchemy import inspect

        from storage.db import make_engine, make_session_factory
    except ImportError:
        return None
    engine = make_engine(database_url)
    if not inspect(engine).has_table("complaint_attachments"):
        logger.warning("no complaint_attachments table (run python -m storage.migrate)")
        engine.dispose()
        return None
    return SqlAttachmentStore(make_session_factory(engine), data_dir)
