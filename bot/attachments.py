"""Files sent in chat (photos, documents) on their way into a complaint draft.

The front end checks what Telegram reports (size, type) *before* downloading, downloads, and
hands the bytes to an :class:`AttachmentStore`; the store checks the content again and keeps the
file (SHA-256, time received) under ``DATA_DIR`` through :func:`complaints.service.
store_attachment`. The id it returns goes to Rasa as ``/complaint_attach`` with metadata
``{"attachment_id": <id>}`` — the contract of ``action_complaint_attach``.

Refusals are :class:`complaints.validators.ComplaintValidationError` with a localized message
(raised inside the caller's ``use_language``) that the user sees as is.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

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
    """What Telegram tells us about a file before we download it."""

    file_id: str
    size: int | None
    mime_type: str | None
    filename: str | None = None


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
    """Keeps a received file and returns its id (a blocking call)."""

    def store(self, key: str, data: bytes, mime_type: str | None, filename: str | None) -> int:
        """Check and store ``data`` for the user ``key``; return the attachment id."""


class SqlAttachmentStore:
    """Attachments in the complaint tables of ``storage/``, bytes under ``data_dir``."""

    def __init__(self, session_factory: Callable[[], Session], data_dir: Path) -> None:
        self._sessions = session_factory
        self._data_dir = data_dir

    def store(self, key: str, data: bytes, mime_type: str | None, filename: str | None) -> int:
        """See :meth:`AttachmentStore.store`."""
        from complaints.service import store_attachment

        with self._sessions() as session, session.begin():
            attachment = store_attachment(
                session,
                user_key=key,
                data=data,
                mime_type=mime_type,
                filename=filename,
                data_dir=self._data_dir,
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
