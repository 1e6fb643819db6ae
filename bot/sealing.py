"""The front end's side of sealed personal data (the contract is in :mod:`actions.sealing`).

Before a message goes to Rasa: if the last reply asked a personal question, what the user
typed (or the value of the answer button pressed) is stored in the app database and Rasa gets
``/form_answer{"form_value": "sealed:<token>"}``. After Rasa answers: a reply whose text is
sealed is shown from the database; the marker of the next personal question is remembered; after
"delete my data" the conversation is erased from Rasa's tracker store.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable
from typing import Any, Final, Protocol

from sqlalchemy import inspect
from sqlalchemy.orm import Session

from storage import sealed
from storage.conversations import erase_conversation
from storage.db import make_engine, make_session_factory

__all__ = [
    "ANSWER_INTENT",
    "MARKER",
    "PLACEHOLDER",
    "STATUS_PAYLOAD",
    "VALUE_ENTITY",
    "MemorySealer",
    "Sealer",
    "SqlSealer",
    "markers",
    "open_sealer",
    "sealable_value",
    "sealed_answer",
]

logger = logging.getLogger(__name__)

#: Contract with actions/sealing.py and actions/forms/question.py (a test checks they agree).
MARKER: Final = "quqyq"
ANSWER_INTENT: Final = "form_answer"
VALUE_ENTITY: Final = "form_value"
#: What Rasa gets for a typed message holding a receipt code (the text rides sealed in the
#: metadata as ``sealed_status``; actions/complaints/status.py opens it).
STATUS_PAYLOAD: Final = "/complaint_status"
#: What Rasa keeps of a sealed reply (actions.sealing.PLACEHOLDER).
PLACEHOLDER: Final = "…"
_ANSWER_RE: Final = re.compile(r"^/" + ANSWER_INTENT + r"(\{.*\})$", re.DOTALL)


def sealed_answer(ref: str) -> str:
    """The payload that answers a personal question with a sealed text."""
    return "/" + ANSWER_INTENT + json.dumps({VALUE_ENTITY: ref}, separators=(",", ":"))


def sealable_value(text: str) -> str | None:
    """What to seal of a message: typed text as it is, an answer button's value; ``None`` for
    another payload (``/request_human`` pressed at a personal question passes as it is)."""
    if not text.startswith("/"):
        return text
    match = _ANSWER_RE.match(text.strip())
    if match is None:
        return None
    try:
        value = json.loads(match[1]).get(VALUE_ENTITY)
    except (ValueError, AttributeError):
        return None
    return value if isinstance(value, str) and not value.startswith("sealed:") else None


class Sealer(Protocol):
    """Where the front end keeps sealed texts (blocking calls, run in a thread)."""

    def pending(self, key: str) -> str | None:
        """The personal question the user's next message answers, if any."""

    def set_pending(self, key: str, slot: str | None) -> None:
        """Remember (or forget) that question."""

    def seal_input(self, key: str, slot: str, text: str) -> str:
        """Store what the user typed; return the reference for Rasa."""

    def open_message(self, key: str, ref: str) -> str | None:
        """The text of a sealed reply (used once), or ``None``."""

    def erase(self, key: str) -> None:
        """Delete the user's sealed texts and their conversation in Rasa's tracker store."""


class MemorySealer:
    """Sealed texts in a dict: the console without a database, and tests."""

    def __init__(self) -> None:
        self.texts: dict[str, tuple[str, str]] = {}
        self.pending_slots: dict[str, str] = {}
        self.erased: list[str] = []

    def pending(self, key: str) -> str | None:
        """See :meth:`Sealer.pending`."""
        return self.pending_slots.get(key)

    def set_pending(self, key: str, slot: str | None) -> None:
        """See :meth:`Sealer.set_pending`."""
        if slot is None:
            self.pending_slots.pop(key, None)
        else:
            self.pending_slots[key] = slot

    def seal_input(self, key: str, slot: str, text: str) -> str:
        """See :meth:`Sealer.seal_input`."""
        ref = f"sealed:memory{len(self.texts):012d}"
        self.texts[ref] = (key, text)
        return ref

    def open_message(self, key: str, ref: str) -> str | None:
        """See :meth:`Sealer.open_message`."""
        owner, text = self.texts.pop(ref, ("", ""))
        return text if owner == key else None

    def erase(self, key: str) -> None:
        """See :meth:`Sealer.erase`."""
        self.texts = {r: v for r, v in self.texts.items() if v[0] != key}
        self.pending_slots.pop(key, None)
        self.erased.append(key)


class SqlSealer:
    """Sealed texts in the app database (:mod:`storage.sealed`)."""

    def __init__(self, session_factory: Callable[[], Session], tracker_store_url: str) -> None:
        self._sessions = session_factory
        self._tracker_store_url = tracker_store_url

    def pending(self, key: str) -> str | None:
        """See :meth:`Sealer.pending`."""
        with self._sessions() as session:
            return sealed.pending_slot(session, key)

    def set_pending(self, key: str, slot: str | None) -> None:
        """See :meth:`Sealer.set_pending`."""
        with self._sessions() as session, session.begin():
            sealed.set_pending(session, key, slot)

    def seal_input(self, key: str, slot: str, text: str) -> str:
        """See :meth:`Sealer.seal_input`."""
        with self._sessions() as session, session.begin():
            return sealed.seal(session, key, "input", text, slot)

    def open_message(self, key: str, ref: str) -> str | None:
        """See :meth:`Sealer.open_message`."""
        with self._sessions() as session, session.begin():
            return sealed.take(session, ref, key)

    def erase(self, key: str) -> None:
        """See :meth:`Sealer.erase`."""
        with self._sessions() as session, session.begin():
            sealed.forget_user(session, key)
        erase_conversation(self._tracker_store_url, key)


def markers(message: dict[str, Any]) -> dict[str, Any]:
    """quqyq's markers in a Rasa reply's ``custom`` part (empty if none)."""
    custom = message.get("custom")
    found = custom.get(MARKER) if isinstance(custom, dict) else None
    return found if isinstance(found, dict) else {}


def open_sealer(database_url: str, tracker_store_url: str) -> Sealer:
    """The SQL sealer on the app database; in memory (logged) when it is not migrated yet."""
    engine = make_engine(database_url)
    if not inspect(engine).has_table("sealed_texts"):
        logger.warning("no sealed_texts table at DATABASE_URL (run python -m storage.migrate): "
                       "personal answers are sealed in memory only")
        engine.dispose()
        return MemorySealer()
    return SqlSealer(make_session_factory(engine), tracker_store_url)
