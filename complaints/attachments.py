"""Files received in chat for a complaint draft: quota, metadata stripping, storage on disk.

A photo tells more than its pixels: EXIF carries the GPS position of the flat where it was
taken and the phone's serial; a PDF names its author; a file name is often the person's own.
So a file is checked against the user's quota *before* it is downloaded (:func:`quota_for`),
re-written without metadata (:mod:`complaints.sanitize`) and stored content-addressed under
``DATA_DIR/attachments`` without its name. A draft's files that are never submitted are
deleted by :func:`purge_unlinked_attachments`, or at once when the draft is not open
(:func:`discard_unlinked`).

The caller owns the session and commits. Logs carry ids, sizes and types only.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Final

from babel.numbers import format_decimal
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from complaints.sanitize import sanitize
from complaints.validators import MAX_ATTACHMENT_BYTES, ComplaintValidationError, check_attachment
from i18n import _, current_language
from storage.base import utcnow
from storage.complaints import Attachment
from storage.db import data_dir as default_data_dir
from storage.users import User, get_or_create_user

__all__ = [
    "DAILY_FILES",
    "DRAFT_BYTES",
    "DRAFT_FILES",
    "Quota",
    "attachment_path",
    "check_quota",
    "delete_files_if_unused",
    "discard_unlinked",
    "purge_unlinked_attachments",
    "quota_for",
    "store_attachment",
]

log = logging.getLogger(__name__)

#: Files one draft may hold (the action that links them says the same number).
DRAFT_FILES: Final = 10
#: Bytes all files of a user's open draft may take together.
DRAFT_BYTES: Final = 50 * 1024 * 1024
#: Files one user may send in 24 hours, across drafts (a flood fills the disk, not a case).
DAILY_FILES: Final = 30


@dataclass(frozen=True, slots=True)
class Quota:
    """What a user may still send: files for the draft, bytes for the draft, files today."""

    draft_files: int
    draft_bytes: int
    daily_files: int


def attachment_path(sha256: str, data_dir: Path | None = None) -> Path:
    """Where the bytes of an attachment live: ``DATA_DIR/attachments/ab/abcdef...``."""
    return (data_dir or default_data_dir()) / "attachments" / sha256[:2] / sha256


def quota_for(session: Session, user_key: str, now: datetime | None = None) -> Quota:
    """How much ``user_key`` may still send (unsubmitted files count against the draft)."""
    user_id = session.scalar(select(User.id).where(User.user_key == user_key))
    if user_id is None:
        return Quota(DRAFT_FILES, DRAFT_BYTES, DAILY_FILES)
    pending_files, pending_bytes = session.execute(
        select(func.count(), func.coalesce(func.sum(Attachment.size_bytes), 0)).where(
            Attachment.user_id == user_id, Attachment.complaint_id.is_(None)
        )
    ).one()
    today = session.scalar(
        select(func.count()).where(
            Attachment.user_id == user_id,
            Attachment.received_at >= (now or utcnow()) - timedelta(days=1),
        )
    ) or 0
    return Quota(
        draft_files=max(0, DRAFT_FILES - int(pending_files)),
        draft_bytes=max(0, DRAFT_BYTES - int(pending_bytes)),
        daily_files=max(0, DAILY_FILES - int(today)),
    )


def check_quota(quota: Quota, size_bytes: int | None) -> None:
    """Raise the localized refusal if a file of ``size_bytes`` does not fit ``quota``.

    ``None`` (size not known before the download) checks the file counts only.
    """
    if quota.daily_files <= 0:
        raise ComplaintValidationError(
            "attachment",
            _("You have sent {count} files today, the daily limit. Please send the rest "
              "tomorrow; the complaint can be submitted without waiting.").format(
                count=DAILY_FILES),
        )
    if quota.draft_files <= 0:
        raise ComplaintValidationError(
            "attachment",
            _("A complaint can have at most {count} files.").format(count=DRAFT_FILES),
        )
    if size_bytes is not None and size_bytes > quota.draft_bytes:
        raise ComplaintValidationError(
            "attachment",
            _("The files of one complaint may take {limit} MB together; {left} MB are left. "
              "Please send a smaller file (a photo instead of a scan, for example).").format(
                limit=DRAFT_BYTES // 1024 // 1024,
                left=format_decimal(round(quota.draft_bytes / 1024 / 1024, 1),
                                    locale=current_language()),
            ),
        )


def _write_once(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically (temp file + rename), unless it is there."""
    if path.exists():
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".incoming-")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def store_attachment(
    session: Session,
    *,
    user_key: str,
    data: bytes,
    mime_type: str | None,
    received_at: datetime | None = None,
    data_dir: Path | None = None,
) -> Attachment:
    """Check, clean and store a file received in chat; return its row (not yet linked).

    Raises a localized :class:`ComplaintValidationError` for a file of the wrong type or size,
    one that cannot be made safe (macros, a password, an undecodable image) or one over the
    user's quota. What is stored is the cleaned copy, content-addressed by its SHA-256.
    """
    check_attachment(len(data), mime_type, data[:16])
    check_quota(quota_for(session, user_key, received_at), len(data))
    clean = sanitize(data, check_attachment(len(data), mime_type, data[:16]))
    check_attachment(len(clean.data), clean.mime_type, clean.data[:16])
    if len(clean.data) > MAX_ATTACHMENT_BYTES:  # a re-encoded image may grow: same limit
        check_attachment(len(clean.data), clean.mime_type)
    digest = hashlib.sha256(clean.data).hexdigest()
    _write_once(attachment_path(digest, data_dir), clean.data)
    user = get_or_create_user(session, user_key)
    attachment = Attachment(
        user_id=user.id,
        sha256=digest,
        size_bytes=len(clean.data),
        mime_type=clean.mime_type,
        received_at=received_at or utcnow(),
    )
    session.add(attachment)
    session.flush()
    log.info("attachment %s stored (%d bytes, %s)", attachment.id, len(clean.data),
             clean.mime_type)
    return attachment


def delete_files_if_unused(session: Session, hashes: set[str], data_dir: Path | None) -> int:
    """Delete the files of ``hashes`` no attachment row refers to; return how many."""
    deleted = 0
    for digest in hashes:
        still_used = session.scalar(
            select(func.count()).select_from(Attachment).where(Attachment.sha256 == digest)
        )
        path = attachment_path(digest, data_dir)
        if not still_used and path.exists():
            path.unlink()
            deleted += 1
    return deleted


def discard_unlinked(
    session: Session, attachment_id: int, user_key: str, data_dir: Path | None = None
) -> bool:
    """Delete an attachment of ``user_key`` that joined no complaint (the draft was closed)."""
    attachment = session.scalars(
        select(Attachment)
        .join(User, User.id == Attachment.user_id)
        .where(Attachment.id == attachment_id, User.user_key == user_key,
               Attachment.complaint_id.is_(None))
    ).one_or_none()
    if attachment is None:
        return False
    digest = attachment.sha256
    session.delete(attachment)
    session.flush()
    delete_files_if_unused(session, {digest}, data_dir)
    return True


def purge_unlinked_attachments(
    session: Session, older_than: timedelta = timedelta(days=30), data_dir: Path | None = None
) -> int:
    """Delete files of drafts never submitted (received more than ``older_than`` ago).

    Run periodically (e.g. daily): personal files must not outlive an abandoned draft. Returns
    how many attachment rows were removed.
    """
    stale = session.scalars(
        select(Attachment).where(
            Attachment.complaint_id.is_(None), Attachment.received_at < utcnow() - older_than
        )
    ).all()
    hashes = {a.sha256 for a in stale}
    for attachment in stale:
        session.delete(attachment)
    session.flush()
    files = delete_files_if_unused(session, hashes, data_dir)
    log.info("purged %d unlinked attachments (%d files)", len(stale), files)
    return len(stale)
