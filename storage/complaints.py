"""Tables of the complaint domain: complaints, attachments, status history, notification outbox.

Personal data of the author (name, IIN, address, contact, free text) lives only in
``complaints`` columns marked below and in attachment files; ``delete_my_data`` blanks them and
keeps the statistical columns (category, employer, region, period, amount, status).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from complaints.model import CATEGORIES, TEXT_LIMITS, ComplaintStatus, IdentityTier
from storage.base import Base, UTCDateTime, utcnow

__all__ = ["Attachment", "Complaint", "Notification", "StatusEvent", "SubmittedDraft"]


def _in(column: str, values: object) -> str:
    quoted = ", ".join(f"'{v}'" for v in values)  # type: ignore[attr-defined]
    return f"{column} IN ({quoted})"


def _text(field: str) -> String:
    """A column as long as the complaint field's limit (``TEXT_LIMITS``)."""
    return String(TEXT_LIMITS[field])


class Complaint(Base):
    """A submitted complaint (ARCHITECTURE §5)."""

    __tablename__ = "complaints"
    __table_args__ = (
        CheckConstraint(_in("identity_tier", [t.value for t in IdentityTier]), name="tier"),
        CheckConstraint(_in("status", [s.value for s in ComplaintStatus]), name="status"),
        CheckConstraint(_in("category", CATEGORIES), name="category"),
        CheckConstraint("amount_kzt IS NULL OR amount_kzt >= 0", name="amount"),
        Index("ix_complaints_employer_key_submitted", "employer_key", "submitted_at"),
        Index("ix_complaints_submitted_at", "submitted_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    receipt_code: Mapped[str] = mapped_column(String(16), unique=True)
    # Chosen by the intake (one per draft): pressing "submit" twice finds the first row.
    idempotency_key: Mapped[str] = mapped_column(String(128), unique=True)
    # The author; NULL for an anonymous complaint and after delete_my_data (statistics stay).
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True, default=None
    )
    category: Mapped[str] = mapped_column(String(40), index=True)
    employer_name: Mapped[str | None] = mapped_column(_text("employer_name"), default=None)
    employer_bin: Mapped[str | None] = mapped_column(String(12), index=True, default=None)
    platform_name: Mapped[str | None] = mapped_column(_text("platform_name"), default=None)
    # "bin:<BIN>" | "platform:<name>" | "name:<normalised name>": how complaints are grouped.
    employer_key: Mapped[str] = mapped_column(String(320))
    region: Mapped[str | None] = mapped_column(_text("region"), index=True, default=None)
    city: Mapped[str | None] = mapped_column(_text("city"), default=None)
    period_start: Mapped[date | None] = mapped_column(Date, default=None)
    period_end: Mapped[date | None] = mapped_column(Date, default=None)
    amount_kzt: Mapped[int | None] = mapped_column(BigInteger, default=None)
    identity_tier: Mapped[str] = mapped_column(String(16), index=True)
    status: Mapped[str] = mapped_column(String(16), index=True, default="submitted")
    language: Mapped[str] = mapped_column(String(2), default="ru")
    consent_personal_data: Mapped[bool] = mapped_column(Boolean, default=False)
    consent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    # --- personal data (blanked by delete_my_data) ---
    description: Mapped[str | None] = mapped_column(Text, default=None)
    request: Mapped[str | None] = mapped_column(Text, default=None)
    full_name: Mapped[str | None] = mapped_column(_text("full_name"), default=None)
    iin: Mapped[str | None] = mapped_column(String(12), default=None)
    address: Mapped[str | None] = mapped_column(_text("address"), default=None)
    contact: Mapped[str | None] = mapped_column(_text("contact"), default=None)
    # --- bookkeeping ---
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)

    attachments: Mapped[list[Attachment]] = relationship(
        back_populates="complaint", order_by="Attachment.id"
    )
    history: Mapped[list[StatusEvent]] = relationship(
        back_populates="complaint", order_by="StatusEvent.id", cascade="all, delete-orphan"
    )

    def __repr__(self) -> str:  # personal data never in logs or tracebacks
        return f"Complaint(id={self.id!r}, code={self.receipt_code!r}, status={self.status!r})"


class Attachment(Base):
    """A photo or document received in chat; the bytes live under ``DATA_DIR/attachments``.

    Stored when received (the complaint may still be a draft), linked to the complaint on submit.
    The bytes are a copy without metadata and the user's file name is not kept (it is often
    their own name): :mod:`complaints.attachments`.
    """

    __tablename__ = "complaint_attachments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    complaint_id: Mapped[int | None] = mapped_column(
        ForeignKey("complaints.id", ondelete="CASCADE"), index=True, default=None
    )
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True, default=None
    )
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    size_bytes: Mapped[int] = mapped_column(BigInteger)
    mime_type: Mapped[str] = mapped_column(String(100))
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    complaint: Mapped[Complaint | None] = relationship(back_populates="attachments")


class StatusEvent(Base):
    """One entry of a complaint's status history (the first is ``submitted``)."""

    __tablename__ = "complaint_status_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    complaint_id: Mapped[int] = mapped_column(
        ForeignKey("complaints.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[str] = mapped_column(String(16))
    note: Mapped[str | None] = mapped_column(Text, default=None)
    actor: Mapped[str] = mapped_column(String(120), default="system")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    complaint: Mapped[Complaint] = relationship(back_populates="history")


class Notification(Base):
    """Outbox: a message the bot must deliver to a user (e.g. a status change)."""

    __tablename__ = "notifications"
    __table_args__ = (
        UniqueConstraint("status_event_id", name="uq_notifications_status_event_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaints.id", ondelete="CASCADE"))
    status_event_id: Mapped[int | None] = mapped_column(
        ForeignKey("complaint_status_events.id", ondelete="CASCADE"), default=None
    )
    kind: Mapped[str] = mapped_column(String(32), default="status_changed")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None, index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)


class SubmittedDraft(Base):
    """A draft that became an anonymous complaint, kept only to refuse a second submit.

    Holds the SHA-256 of the draft id and nothing else: no complaint id, no time, no user. The
    draft id lives in the conversation; if it led to the complaint row, the conversation would
    name the anonymous author.
    """

    __tablename__ = "submitted_drafts"

    digest: Mapped[str] = mapped_column(String(64), primary_key=True)
