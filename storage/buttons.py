"""Button payloads too long for Telegram's 64-byte ``callback_data``, under their short id.

The bot sends ``k:<id>`` instead of the payload and keeps ``id → payload`` here, so a button
still works after the bot restarts (or on another replica). Payloads are Rasa intents with small
entities chosen by our actions (e.g. a topic or a prefilled value), never a user's free text.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base, UTCDateTime, utcnow

__all__ = ["ButtonPayload"]


class ButtonPayload(Base):
    """One short id and the payload it stands for."""

    __tablename__ = "button_payloads"

    short_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    payload: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
