"""Sealed texts: personal data kept in the app database while Rasa sees only a reference.

Rasa's tracker store keeps every message, slot and reply of a conversation. What a worker types
at a personal question (name, IIN, contact, address, what happened, what they ask for, migrant
status) and the replies that repeat it (the complaint summary, the check's result) must not
land there. So they live here, and Rasa carries ``sealed:<token>``:

* ``input`` — the raw text typed at a personal question, stored by the bot before anything is
  sent to Rasa; the form's validator takes (reads and deletes) it.
* ``answer`` — the validated answer (an IIN, a normalised phone), read back by the summary and
  the submission; deleted on submit, on "delete my data" and by the retention purge.
* ``message`` — a reply holding personal data, stored by an action; the bot takes it and shows
  it instead of the placeholder Rasa keeps.
* ``pending`` — which personal question the bot must seal the next message for.

Tokens are random (no enumeration) and every read checks the owner's pseudonymous key.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterable
from datetime import datetime
from typing import Final, Literal

from sqlalchemy import String, Text, delete, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from storage.base import Base, UTCDateTime, utcnow

__all__ = [
    "PREFIX",
    "Purpose",
    "SealedText",
    "discard",
    "forget_user",
    "pending_slot",
    "purge_older_than",
    "reference",
    "resolve",
    "seal",
    "set_pending",
    "take",
    "token_of",
]

#: How Rasa (slots, payloads, replies) refers to a sealed text.
PREFIX: Final = "sealed:"
Purpose = Literal["input", "answer", "message", "pending"]
_TOKEN_RE: Final = re.compile(r"^sealed:([A-Za-z0-9_-]{16,64})$")


class SealedText(Base):
    """One sealed text, owned by one pseudonymous user."""

    __tablename__ = "sealed_texts"

    token: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_key: Mapped[str] = mapped_column(String(64), index=True)
    purpose: Mapped[str] = mapped_column(String(16))
    slot: Mapped[str | None] = mapped_column(String(64), default=None)
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


def reference(token: str) -> str:
    """The reference Rasa carries for ``token``."""
    return PREFIX + token


def token_of(value: object) -> str | None:
    """The token in a reference ``sealed:<token>``, else ``None``."""
    match = _TOKEN_RE.match(value) if isinstance(value, str) else None
    return match[1] if match else None


def seal(session: Session, user_key: str, purpose: Purpose, text: str,
         slot: str | None = None) -> str:
    """Store ``text`` for ``user_key``; return the reference (``sealed:<token>``)."""
    token = secrets.token_urlsafe(18)
    session.add(SealedText(token=token, user_key=user_key, purpose=purpose, slot=slot, text=text))
    session.flush()
    return reference(token)


def _owned(session: Session, ref: object, user_key: str) -> SealedText | None:
    token = token_of(ref)
    if token is None:
        return None
    row = session.get(SealedText, token)
    return row if row is not None and row.user_key == user_key else None


def take(session: Session, ref: object, user_key: str) -> str | None:
    """The text behind ``ref`` if ``user_key`` owns it, deleted on the way (used once)."""
    row = _owned(session, ref, user_key)
    if row is None:
        return None
    session.delete(row)
    return row.text


def resolve(session: Session, refs: Iterable[object], user_key: str) -> dict[str, str]:
    """Reference → text for the references ``user_key`` owns (kept; answers are read often)."""
    tokens = {t for t in (token_of(r) for r in refs) if t}
    if not tokens:
        return {}
    rows = session.scalars(
        select(SealedText).where(SealedText.token.in_(tokens), SealedText.user_key == user_key)
    )
    return {reference(row.token): row.text for row in rows}


def discard(session: Session, refs: Iterable[object], user_key: str) -> int:
    """Delete the sealed texts behind ``refs`` that ``user_key`` owns; return how many."""
    tokens = {t for t in (token_of(r) for r in refs) if t}
    if not tokens:
        return 0
    result = session.execute(
        delete(SealedText).where(SealedText.token.in_(tokens), SealedText.user_key == user_key)
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def set_pending(session: Session, user_key: str, slot: str | None) -> None:
    """Remember (or forget, with ``None``) the personal question the next message answers."""
    session.execute(
        delete(SealedText).where(SealedText.user_key == user_key, SealedText.purpose == "pending")
    )
    if slot is not None:
        seal(session, user_key, "pending", "", slot)


def pending_slot(session: Session, user_key: str) -> str | None:
    """The personal question whose answer the bot must seal, if one is open."""
    return session.scalars(
        select(SealedText.slot).where(
            SealedText.user_key == user_key, SealedText.purpose == "pending"
        )
    ).first()


def forget_user(session: Session, user_key: str) -> int:
    """Delete every sealed text of ``user_key`` (delete my data); return how many."""
    result = session.execute(delete(SealedText).where(SealedText.user_key == user_key))
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def purge_older_than(session: Session, cutoff: datetime) -> int:
    """Delete sealed texts created before ``cutoff`` (drafts never finished); return how many."""
    result = session.execute(delete(SealedText).where(SealedText.created_at < cutoff))
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
