"""Complaint service: submit (idempotent), status changes with history and notifications,
look-ups by the author, and ``delete_my_data`` (files received in chat: :mod:`.attachments`).

The caller owns the session and commits (``with factory() as s: ...; s.commit()``); each function
only flushes. Functions are safe to run concurrently from several threads or processes: the unique
constraints on ``users.user_key`` and ``complaints.idempotency_key`` decide races, and the losing
insert is rolled back to a savepoint and answered with the winner's row.

Logs carry ids and receipt codes only — never names, IINs, contacts or free text.
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from complaints.attachments import delete_files_if_unused
from complaints.model import (
    CATEGORIES,
    STATUS_TRANSITIONS,
    TEXT_LIMITS,
    ComplaintDraft,
    ComplaintStatus,
    IdentityTier,
)
from complaints.receipt import generate_receipt_code, normalize_receipt_code
from complaints.validators import (
    ComplaintValidationError,
    validate_bin,
    validate_iin,
)
from i18n import _
from storage import sealed
from storage.base import utcnow
from storage.complaints import Attachment, Complaint, Notification, StatusEvent, SubmittedDraft
from storage.users import User, get_or_create_user

__all__ = [
    "AlreadySubmitted",
    "DeletionReport",
    "OutboundNotification",
    "change_status",
    "complaint_for_author",
    "complaints_of_author",
    "delete_my_data",
    "employer_key",
    "get_or_create_user",
    "mark_notification_delivered",
    "pending_notifications",
    "submit_complaint",
    "validate_draft",
]

log = logging.getLogger(__name__)

_RECEIPT_ATTEMPTS = 5


# --- validation of a whole draft ---------------------------------------------------------------


def employer_key(bin_: str | None, platform: str | None, name: str | None) -> str:
    """How complaints about one employer are grouped: BIN, else platform, else the name."""
    if bin_:
        return f"bin:{bin_}"
    if platform:
        return "platform:" + " ".join(platform.lower().split())
    cleaned = re.sub(r"[\"«»“”'`]", "", (name or "").lower())
    # ТОО "Ромашка" == too romashka: drop legal-form prefixes that people add or omit.
    cleaned = re.sub(r"^(тоо|ао|ип|жшс|ақ|ао|llp|jsc|too|ip)\s+", "", cleaned.strip())
    return "name:" + " ".join(cleaned.split())


def _blank(value: str | None) -> str | None:
    value = " ".join((value or "").split())
    return value or None


def validate_draft(draft: ComplaintDraft) -> ComplaintDraft:
    """Check a draft before submission; return a normalised copy or raise the first problem.

    Anonymous drafts lose any personal fields; confidential and named ones need consent to
    personal-data processing (Law of the RK No. 94-V of 21.05.2013).
    """
    d = dataclasses.replace(draft, attachment_ids=list(draft.attachment_ids))
    d.identity_tier = IdentityTier(d.identity_tier)
    if d.category not in CATEGORIES:
        raise ComplaintValidationError("category", _("Please choose what the complaint is about."))
    d.description = " ".join((d.description or "").split())
    if len(d.description) < 10:
        raise ComplaintValidationError(
            "description", _("Please describe what happened in a few sentences.")
        )
    d.employer_name, d.platform_name = _blank(d.employer_name), _blank(d.platform_name)
    d.employer_bin = validate_bin(d.employer_bin or "") if _blank(d.employer_bin) else None
    if not (d.employer_name or d.platform_name or d.employer_bin):
        raise ComplaintValidationError(
            "employer", _("Please name the employer (company name, BIN) or the platform.")
        )
    d.region, d.city, d.request = _blank(d.region), _blank(d.city), _blank(d.request)
    if d.amount_kzt is not None and d.amount_kzt < 0:
        raise ComplaintValidationError("amount", _("The amount must be greater than zero."))
    if d.period_start and d.period_end and d.period_end < d.period_start:
        raise ComplaintValidationError(
            "period", _("The end of the period is before its start. Please check the dates.")
        )
    if d.identity_tier is IdentityTier.ANONYMOUS:
        d.full_name = d.iin = d.address = d.contact = None
        d.notify = False
        return _within_limits(d)
    if not d.consent_personal_data:
        raise ComplaintValidationError(
            "consent",
            _("Without your consent to personal data processing the complaint can only be "
              "anonymous."),
        )
    d.full_name, d.contact = _blank(d.full_name), _blank(d.contact)
    d.address = _blank(d.address)
    if not d.full_name:
        raise ComplaintValidationError("full_name", _("Please enter your full name."))
    if not d.contact:
        raise ComplaintValidationError(
            "contact", _("Please give a phone number or e-mail for the inspector.")
        )
    if d.identity_tier is IdentityTier.NAMED:
        d.iin = validate_iin(d.iin or "")
        if not d.address:
            raise ComplaintValidationError(
                "address", _("An official appeal needs your postal address.")
            )
    else:
        d.iin = validate_iin(d.iin or "") if _blank(d.iin) else None
    return _within_limits(d)


def _within_limits(d: ComplaintDraft) -> ComplaintDraft:
    """Refuse a field longer than the complaint record holds (``TEXT_LIMITS``)."""
    for name, limit in TEXT_LIMITS.items():
        value = getattr(d, name)
        if value is not None and len(value) > limit:
            raise ComplaintValidationError(
                name,
                _("This answer is too long: at most {count} characters. Please shorten it.")
                .format(count=limit),
            )
    return d


# --- submit ------------------------------------------------------------------------------------


class AlreadySubmitted(LookupError):
    """This anonymous draft was submitted before; its complaint cannot be found from the draft."""


def submit_complaint(
    session: Session,
    draft: ComplaintDraft,
    *,
    user_key: str,
    idempotency_key: str,
    chat_id: int | None = None,
) -> Complaint:
    """Validate and store ``draft``; return the complaint (with its receipt code).

    Idempotent: a second call with the same ``idempotency_key`` (the user pressed "submit"
    twice, or the action was retried) returns the first complaint and stores nothing — except
    for an anonymous draft, where it raises :class:`AlreadySubmitted`: an anonymous complaint
    keeps no link to its author, its draft or their chat, so the receipt code is only what was
    shown once (:func:`_submit_anonymous`).
    """
    if not idempotency_key or len(idempotency_key) > 128:
        raise ValueError("idempotency_key must be 1..128 characters")
    existing = _by_idempotency_key(session, idempotency_key)
    if existing is not None:
        return existing
    d = validate_draft(draft)
    if d.identity_tier is IdentityTier.ANONYMOUS:
        return _submit_anonymous(session, d, user_key=user_key, idempotency_key=idempotency_key)
    user = get_or_create_user(
        session, user_key, chat_id=chat_id, initial_language=d.language
    )
    if user.consent_notifications != d.notify:
        user.set_consent_notifications(d.notify)  # the latest answer counts for all of them
    if not d.notify:
        user.chat_id = None  # "no" means no chat kept (the bot stores it only after a "yes")
    attachments = _draft_attachments(session, d, user.id)
    complaint = _insert(session, d, user_id=user.id, idempotency_key=idempotency_key,
                        submitted_at=utcnow())
    if complaint is None:
        existing = _by_idempotency_key(session, idempotency_key)
        assert existing is not None
        log.info("complaint %s: duplicate submit ignored", existing.receipt_code)
        return existing
    _link(session, complaint, attachments, keep_owner=True)
    log.info("complaint %s submitted (%s)", complaint.receipt_code, complaint.identity_tier)
    return complaint


def _submit_anonymous(
    session: Session, d: ComplaintDraft, *, user_key: str, idempotency_key: str
) -> Complaint:
    """Store an anonymous complaint that nothing on the server ties to its author.

    No user row is created or touched, the row has no user id and a random idempotency key,
    its time is the day only (the conversation's own times cannot pick it out), its files lose
    their owner, and the log line has no receipt code. The double submit is refused by the
    digest of the draft id in :class:`SubmittedDraft`, which points nowhere.
    """
    digest = hashlib.sha256(idempotency_key.encode()).hexdigest()
    try:
        with session.begin_nested():
            session.add(SubmittedDraft(digest=digest))
            session.flush()
    except IntegrityError:
        raise AlreadySubmitted(idempotency_key[:8]) from None
    user_id = session.scalars(select(User.id).where(User.user_key == user_key)).one_or_none()
    attachments = _draft_attachments(session, d, user_id) if user_id is not None else ()
    day = utcnow().replace(hour=0, minute=0, second=0, microsecond=0)
    complaint = _insert(session, d, user_id=None, idempotency_key="anon:" + secrets.token_hex(24),
                        submitted_at=day)
    if complaint is None:  # a random key cannot collide: this is a broken database
        raise RuntimeError("could not store the anonymous complaint")
    _link(session, complaint, attachments, keep_owner=False)
    log.info("anonymous complaint submitted")
    return complaint


def _draft_attachments(
    session: Session, d: ComplaintDraft, user_id: int
) -> Sequence[Attachment]:
    """The draft's files that this user sent and no complaint holds yet."""
    if not d.attachment_ids:
        return ()
    return session.scalars(
        select(Attachment).where(
            Attachment.id.in_(d.attachment_ids),
            Attachment.user_id == user_id,
            Attachment.complaint_id.is_(None),
        )
    ).all()


def _insert(
    session: Session, d: ComplaintDraft, *, user_id: int | None, idempotency_key: str,
    submitted_at: datetime,
) -> Complaint | None:
    """Insert the complaint row with a fresh receipt code; ``None`` if the key was taken."""
    for _attempt in range(_RECEIPT_ATTEMPTS):
        complaint = Complaint(
            receipt_code=generate_receipt_code(),
            idempotency_key=idempotency_key,
            user_id=user_id,
            category=d.category,
            employer_name=d.employer_name,
            employer_bin=d.employer_bin,
            platform_name=d.platform_name,
            employer_key=employer_key(d.employer_bin, d.platform_name, d.employer_name),
            region=d.region,
            city=d.city,
            period_start=d.period_start,
            period_end=d.period_end,
            amount_kzt=d.amount_kzt,
            identity_tier=d.identity_tier.value,
            status=ComplaintStatus.SUBMITTED.value,
            language=d.language if d.language in ("kk", "ru", "en") else "ru",
            consent_personal_data=d.consent_personal_data,
            consent_at=submitted_at if d.consent_personal_data else None,
            description=d.description,
            request=d.request,
            full_name=d.full_name,
            iin=d.iin,
            address=d.address,
            contact=d.contact,
            submitted_at=submitted_at,
            updated_at=submitted_at,
        )
        try:
            with session.begin_nested():
                session.add(complaint)
                session.flush()
        except IntegrityError:
            if _by_idempotency_key(session, idempotency_key) is not None:
                return None
            continue  # receipt code collision: draw another
        return complaint
    raise RuntimeError("could not allocate a unique receipt code")


def _link(
    session: Session, complaint: Complaint, attachments: Sequence[Attachment], *, keep_owner: bool
) -> None:
    """The first history entry, and the draft's files moved to the complaint."""
    session.add(StatusEvent(complaint_id=complaint.id, status=complaint.status,
                            created_at=complaint.submitted_at))
    for attachment in attachments:
        attachment.complaint_id = complaint.id
        if not keep_owner:
            attachment.user_id = None
            attachment.received_at = complaint.submitted_at
    session.flush()


def _by_idempotency_key(session: Session, key: str) -> Complaint | None:
    return session.scalars(select(Complaint).where(Complaint.idempotency_key == key)).one_or_none()


# --- status ------------------------------------------------------------------------------------


def _complaint_by_code(session: Session, receipt_code: str) -> Complaint | None:
    code = normalize_receipt_code(receipt_code)
    if code is None:
        return None
    return session.scalars(select(Complaint).where(Complaint.receipt_code == code)).one_or_none()


def change_status(
    session: Session,
    receipt_code: str,
    new_status: str | ComplaintStatus,
    *,
    note: str | None = None,
    actor: str = "inspector",
) -> StatusEvent:
    """Move a complaint to ``new_status``, record it in the history and queue a notification.

    The note is shown to the author together with the new status. Raises ``LookupError`` for an
    unknown code and ``ValueError`` for a transition that is not allowed.
    """
    complaint = _complaint_by_code(session, receipt_code)
    if complaint is None:
        raise LookupError(f"no complaint with receipt code {receipt_code!r}")
    target = ComplaintStatus(new_status)
    current = ComplaintStatus(complaint.status)
    if target not in STATUS_TRANSITIONS[current]:
        allowed = ", ".join(sorted(s.value for s in STATUS_TRANSITIONS[current]))
        raise ValueError(f"cannot go from {current.value} to {target.value} (allowed: {allowed})")
    complaint.status = target.value
    event = StatusEvent(
        complaint_id=complaint.id, status=target.value, note=_blank(note), actor=actor[:120]
    )
    session.add(event)
    session.flush()
    if complaint.user_id is not None:
        user = session.get(User, complaint.user_id)
        if user is not None and user.consent_notifications:
            session.add(
                Notification(
                    user_id=user.id, complaint_id=complaint.id, status_event_id=event.id
                )
            )
            session.flush()
    log.info("complaint %s: %s -> %s", complaint.receipt_code, current.value, target.value)
    return event


def complaint_for_author(session: Session, receipt_code: str, user_key: str) -> Complaint | None:
    """The complaint with ``receipt_code`` if ``user_key`` is its author, else ``None``.

    An anonymous complaint belongs to whoever holds its code (the code is all that links it to
    its author). Someone else's code and an unknown code look the same (no enumeration).
    """
    complaint = _complaint_by_code(session, receipt_code)
    if complaint is None:
        return None
    if complaint.user_id is None:
        anonymous = complaint.identity_tier == IdentityTier.ANONYMOUS.value
        return complaint if anonymous and complaint.erased_at is None else None
    user = session.get(User, complaint.user_id)
    return complaint if user is not None and user.user_key == user_key else None


def complaints_of_author(session: Session, user_key: str, limit: int = 5) -> list[Complaint]:
    """The author's latest complaints, newest first (none of anybody else's)."""
    return list(session.scalars(
        select(Complaint).join(User, Complaint.user_id == User.id)
        .where(User.user_key == user_key).order_by(Complaint.submitted_at.desc()).limit(limit)
    ))


# --- notifications (outbox) --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class OutboundNotification:
    """A message for the bot to deliver: where, in which language, what."""

    notification_id: int
    chat_id: int
    language: str
    receipt_code: str
    status: str
    note: str | None


def pending_notifications(session: Session, limit: int = 100) -> list[OutboundNotification]:
    """Undelivered notifications whose user still has a chat id, oldest first."""
    rows = session.execute(
        select(Notification, User, Complaint, StatusEvent)
        .join(User, Notification.user_id == User.id)
        .join(Complaint, Notification.complaint_id == Complaint.id)
        .join(StatusEvent, Notification.status_event_id == StatusEvent.id)
        .where(Notification.delivered_at.is_(None), User.chat_id.is_not(None))
        .order_by(Notification.id)
        .limit(limit)
    ).all()
    return [
        OutboundNotification(
            notification_id=n.id,
            chat_id=int(u.chat_id or 0),
            language=u.language,
            receipt_code=c.receipt_code,
            status=e.status,
            note=e.note,
        )
        for n, u, c, e in rows
    ]


def mark_notification_delivered(session: Session, notification_id: int) -> None:
    """Record that the bot delivered a notification (it will not be offered again)."""
    notification = session.get(Notification, notification_id)
    if notification is not None:
        notification.delivered_at = utcnow()
        notification.attempts += 1


# --- delete my data ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DeletionReport:
    """What ``delete_my_data`` did (counts only)."""

    complaints_anonymised: int
    attachments_deleted: int
    files_deleted: int
    user_deleted: bool


def delete_my_data(session: Session, user_key: str, data_dir: Path | None = None) -> DeletionReport:
    """Erase a user's personal data and attachments; keep anonymised statistics.

    Complaints keep category, employer, region, period, amount, tier and status (what the
    statistics and the employer risk ranking need) and lose the author link, names, IIN, address,
    contact, free text and inspector notes. Attachment rows and files are deleted (a file shared
    with another user's attachment stays). The user row (chat id, consents) and every sealed text
    of the user (unfinished personal answers) are deleted. The conversation in Rasa's tracker
    store is erased by the front end once Rasa has saved the turn (:mod:`storage.conversations`).
    """
    # Sealed drafts (what was typed at personal questions) go whether or not a row exists.
    sealed.forget_user(session, user_key)
    user = session.scalars(select(User).where(User.user_key == user_key)).one_or_none()
    if user is None:
        return DeletionReport(0, 0, 0, False)
    complaints = session.scalars(select(Complaint).where(Complaint.user_id == user.id)).all()
    complaint_ids = [c.id for c in complaints]
    now = utcnow()
    for c in complaints:
        c.user_id = None
        c.description = c.request = c.full_name = c.iin = c.address = c.contact = None
        c.erased_at = now
    if complaint_ids:
        for event in session.scalars(
            select(StatusEvent).where(StatusEvent.complaint_id.in_(complaint_ids))
        ):
            event.note = None
    owned = select(Attachment).where(
        (Attachment.user_id == user.id)
        | (Attachment.complaint_id.in_(complaint_ids) if complaint_ids else False)
    )
    attachments = session.scalars(owned).all()
    hashes = {a.sha256 for a in attachments}
    for attachment in attachments:
        session.delete(attachment)
    session.execute(delete(Notification).where(Notification.user_id == user.id))
    session.delete(user)
    session.flush()
    files_deleted = delete_files_if_unused(session, hashes, data_dir)
    log.info(
        "user data erased: %d complaints anonymised, %d attachments, %d files",
        len(complaints), len(attachments), files_deleted,
    )
    return DeletionReport(len(complaints), len(attachments), files_deleted, True)
