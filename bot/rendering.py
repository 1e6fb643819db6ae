"""Turn assistant replies into Telegram messages: HTML-escaped text, split at the limit, keyboards.

Messages are sent with ``parse_mode=HTML`` and every piece of text coming from Rasa or from a
user is passed through :func:`escape`, so ``<``, ``>`` and ``&`` in an answer are shown as typed
and can never break (or inject) markup; our own fixed strings may use ``<b>``.

Telegram limits a message to 4096 characters (counted after entity parsing, in UTF-16 code
units) and ``callback_data`` to 64 bytes. Long answers are split on paragraph, then line, then
sentence, then word boundaries; long button payloads are replaced by a short id kept here.
"""

from __future__ import annotations

import html
import re
import secrets
import threading
from collections import OrderedDict
from collections.abc import Sequence
from typing import Final

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.assistant import Button
from i18n import LANGUAGES, Language

__all__ = [
    "CALLBACK_LIMIT",
    "LANGUAGE_NAMES",
    "MESSAGE_LIMIT",
    "PayloadStore",
    "decode_callback",
    "escape",
    "keyboard",
    "language_picker",
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


class PayloadStore:
    """Short ids for button payloads longer than ``callback_data`` allows (bounded, in memory).

    An id outlives a restart only as long as the process does; an expired button gets a polite
    "please type your question" instead of a wrong action.
    """

    def __init__(self, capacity: int = 50_000) -> None:
        self._ids: OrderedDict[str, str] = OrderedDict()
        self._by_payload: dict[str, str] = {}
        self._capacity = capacity
        self._lock = threading.Lock()

    def encode(self, payload: str) -> str:
        """``callback_data`` for ``payload``: ``p:<payload>`` if it fits, else ``k:<id>``."""
        direct = f"p:{payload}"
        if len(direct.encode()) <= CALLBACK_LIMIT:
            return direct
        with self._lock:
            short = self._by_payload.get(payload)
            if short is None:
                short = secrets.token_urlsafe(12)
                self._ids[short] = payload
                self._by_payload[payload] = short
                while len(self._ids) > self._capacity:
                    _, old = self._ids.popitem(last=False)
                    self._by_payload.pop(old, None)
            else:
                self._ids.move_to_end(short)
            return f"k:{short}"

    def lookup(self, short: str) -> str | None:
        """The payload behind a short id, or ``None`` when it expired."""
        with self._lock:
            return self._ids.get(short)


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
