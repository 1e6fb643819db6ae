"""Turn assistant replies into Telegram messages: HTML-escaped text, split at the limit, keyboards.

Messages are sent with ``parse_mode=HTML`` and every piece of text coming from Rasa or from a
user is passed through :func:`escape`, so ``<``, ``>`` and ``&`` in an answer are shown as typed
and can never break (or inject) markup; our own fixed strings may use ``<b>``.

Telegram limits a message to 4096 characters (counted after entity parsing, in UTF-16 code
units) and ``callback_data`` to 64 bytes. Long answers are split on paragraph, then line, then
sentence, then word boundaries; long button payloads are replaced by a short id kept here.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
import threading
from collections import OrderedDict
from collections.abc import Sequence
from typing import Final, Protocol

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.assistant import Button
from i18n import LANGUAGES, Language

__all__ = [
    "CALLBACK_LIMIT",
    "LANGUAGE_NAMES",
    "MESSAGE_LIMIT",
    "PayloadBackend",
    "PayloadStore",
    "decode_callback",
    "escape",
    "keyboard",
    "language_picker",
    "short_id",
    "split_text",
    "utf16_len",
]

MESSAGE_LIMIT: Final = 4096
CALLBACK_LIMIT: Final = 64
LANGUAGE_NAMES: Final[dict[Language, str]] = {"kk": "Қазақша", "ru": "Русский", "en": "English"}

_SENTENCE_END = re.compile(r"(?<=[.!?…:;])\s+")


def escape(text: str) -> str:
    """Escape text for ``parse_mode=HTML`` (quotes are fine outside attributes)."""
    return html.escape(text, quote=False)


def utf16_len(text: str) -> int:
    """Length as Telegram counts it (UTF-16 code units: emoji count twice)."""
    return len(text.encode("utf-16-le")) // 2


def _pieces(text: str, limit: int, separators: Sequence[re.Pattern[str] | str]) -> list[str]:
    """Split ``text`` into pieces whose escaped length is ≤ ``limit``, coarsest boundary first."""
    if utf16_len(escape(text)) <= limit:
        return [text]
    if not separators:
        # No boundary left (one enormous word): cut on characters.
        out, current = [], ""
        for char in text:
            if utf16_len(escape(current + char)) > limit:
                out.append(current)
                current = ""
            current += char
        return [*out, current] if current else out
    sep, rest = separators[0], separators[1:]
    parts = sep.split(text) if isinstance(sep, re.Pattern) else text.split(sep)
    joiner = " " if isinstance(sep, re.Pattern) else sep
    chunks: list[str] = []
    current = ""
    for part in parts:
        candidate = f"{current}{joiner}{part}" if current else part
        if utf16_len(escape(candidate)) <= limit:
            current = candidate
            continue
        if current:
            chunks.append(current)
        if utf16_len(escape(part)) <= limit:
            current = part
        else:
            sub = _pieces(part, limit, rest)
            chunks.extend(sub[:-1])
            current = sub[-1] if sub else ""
    if current:
        chunks.append(current)
    return chunks


def split_text(text: str, limit: int = MESSAGE_LIMIT) -> list[str]:
    """Split plain ``text`` so that each escaped piece fits one Telegram message."""
    pieces = _pieces(text.strip(), limit, ["\n\n", "\n", _SENTENCE_END, " "])
    return [p.strip() for p in pieces if p.strip()]


class PayloadBackend(Protocol):
    """Where short ids outlive the process (the ``button_payloads`` table); blocking calls."""

    def save(self, items: dict[str, str]) -> None:
        """Keep ``short id → payload`` pairs (an id already kept is left alone)."""

    def load(self, short: str) -> str | None:
        """The payload of ``short``, if it was ever kept."""


def short_id(payload: str) -> str:
    """The short id of ``payload``: the same in every process, so restarts agree on it."""
    digest = hashlib.sha256(payload.encode()).digest()
    return base64.urlsafe_b64encode(digest).decode("ascii")[:22]  # 132 bits, 24 bytes with k:


class PayloadStore:
    """Short ids for button payloads longer than ``callback_data`` allows.

    Kept in a bounded memory map and, with a ``backend``, also in storage: the front end calls
    :meth:`flush` (in a thread) before sending a keyboard and :meth:`restore` when a pressed id
    is not in memory, so a button sent before a restart still works. Without a backend an id
    lives as long as the process; an unknown id gets a polite "please type your question"
    instead of a wrong action.
    """

    def __init__(self, capacity: int = 50_000, backend: PayloadBackend | None = None) -> None:
        self._ids: OrderedDict[str, str] = OrderedDict()
        self._capacity = capacity
        self._lock = threading.Lock()
        self.backend = backend
        self._unsaved: dict[str, str] = {}

    def _remember(self, short: str, payload: str) -> None:
        self._ids[short] = payload
        self._ids.move_to_end(short)
        while len(self._ids) > self._capacity:
            self._ids.popitem(last=False)

    def encode(self, payload: str) -> str:
        """``callback_data`` for ``payload``: ``p:<payload>`` if it fits, else ``k:<id>``."""
        direct = f"p:{payload}"
        if len(direct.encode()) <= CALLBACK_LIMIT:
            return direct
        short = short_id(payload)
        with self._lock:
            if short not in self._ids and self.backend is not None:
                self._unsaved[short] = payload
            self._remember(short, payload)
        return f"k:{short}"

    def lookup(self, short: str) -> str | None:
        """The payload behind a short id in memory, or ``None`` (expired or another process)."""
        with self._lock:
            return self._ids.get(short)

    def flush(self) -> None:
        """Write the ids made since the last flush to the backend (blocking; call in a thread)."""
        with self._lock:
            items, self._unsaved = self._unsaved, {}
        if items and self.backend is not None:
            try:
                self.backend.save(items)
            except Exception:
                with self._lock:  # try again with the next keyboard; the button works meanwhile
                    self._unsaved.update(items)
                raise

    def restore(self, short: str) -> str | None:
        """The payload of ``short`` from memory, else from the backend (blocking)."""
        payload = self.lookup(short)
        if payload is not None or self.backend is None:
            return payload
        payload = self.backend.load(short)
        if payload is not None:
            with self._lock:
                self._remember(short, payload)
        return payload


def decode_callback(data: str, store: PayloadStore) -> tuple[str, str] | None:
    """Parse ``callback_data`` into ``("lang", code)`` or ``("payload", payload)``."""
    kind, _, value = data.partition(":")
    if kind == "lang" and value in LANGUAGES:
        return "lang", value
    if kind == "p" and value:
        return "payload", value
    if kind == "k":
        payload = store.lookup(value)
        return ("payload", payload) if payload else None
    return None


def keyboard(buttons: Sequence[Button], store: PayloadStore) -> InlineKeyboardMarkup | None:
    """Rasa buttons as an inline keyboard: two per row when titles are short, else one."""
    if not buttons:
        return None
    items = [
        InlineKeyboardButton(b.title[:64] or b.payload[:64], callback_data=store.encode(b.payload))
        for b in buttons
    ]
    per_row = 2 if all(len(b.title) <= 18 for b in buttons) else 1
    rows = [items[i : i + per_row] for i in range(0, len(items), per_row)]
    return InlineKeyboardMarkup(rows)


def language_picker() -> InlineKeyboardMarkup:
    """The Қазақша / Русский / English keyboard of /start and /language."""
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(LANGUAGE_NAMES[lang], callback_data=f"lang:{lang}")
                for lang in LANGUAGES
            ]
        ]
    )
