"""The one conversation path shared by Telegram and the console.

Given a user's pseudonymous key and a text (or a button payload), decide the reply language
(explicit choice → per-message detection → the conversation's previous language → Telegram's
hint), send the message to Rasa with that language as metadata, and return the replies as plain
data (text + buttons). Front ends only render what comes back.

When Rasa or the action server is down, slow or answers ``[]``, the user gets a short localized
"try again in a minute" reply — never a traceback — and the next message tries Rasa again.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any, Literal

from bot.attachments import ATTACH_PAYLOAD
from bot.language import Detection, LanguageDetector, default_detector
from bot.preferences import PreferenceStore
from bot.rasa_client import RasaClient, RasaMetadata, RasaUnavailable
from i18n import Language, _, normalize_language, use_language

__all__ = ["Assistant", "Button", "Reply", "Turn", "unavailable_text"]

logger = logging.getLogger(__name__)

MetadataSource = Literal["chosen", "detected", "hint"]

_SET_LANGUAGE_RE = re.compile(r"^\s*/set_language\s*(\{.*\})\s*$", re.DOTALL)


def language_choice_in(text: str) -> Language | None:
    """The language of a ``/set_language{"language":"kk"}`` payload (pressed or typed), else None.

    Such a payload is an explicit choice, exactly like the /start picker.
    """
    match = _SET_LANGUAGE_RE.match(text)
    if match is None:
        return None
    try:
        entities = json.loads(match[1])
    except ValueError:
        return None
    return normalize_language(entities.get("language")) if isinstance(entities, dict) else None


@dataclass(frozen=True, slots=True)
class Button:
    """A button offered with a reply: what it says and what it sends back."""

    title: str
    payload: str


@dataclass(frozen=True, slots=True)
class Reply:
    """One message for the user."""

    text: str
    buttons: tuple[Button, ...] = ()


@dataclass(frozen=True, slots=True)
class Turn:
    """The outcome of one user message: the language used and the replies."""

    language: Language
    language_source: MetadataSource
    replies: list[Reply] = field(default_factory=list)
    rasa_ok: bool = True


def unavailable_text(language: str) -> str:
    """The short "temporarily unavailable" message in ``language``."""
    with use_language(language):
        return _(
            "Sorry, I cannot answer right now: the assistant is temporarily unavailable. "
            "Please try again in a minute."
        )


def replies_from_rasa(messages: list[dict[str, Any]]) -> list[Reply]:
    """Rasa REST messages → replies (text and buttons; images as their link)."""
    replies: list[Reply] = []
    for message in messages:
        text = str(message.get("text") or "")
        if message.get("image"):
            text = f"{text}\n{message['image']}".strip()
        buttons = tuple(
            Button(str(b.get("title") or b.get("payload")), str(b.get("payload") or b.get("title")))
            for b in message.get("buttons") or []
            if isinstance(b, dict) and (b.get("payload") or b.get("title"))
        )
        if text or buttons:
            replies.append(Reply(text, buttons))
    return replies


class _Recent(OrderedDict[str, tuple[Language | None, float]]):
    """A bounded LRU of per-user values with their time (for the chosen-language cache)."""

    def __init__(self, capacity: int) -> None:
        super().__init__()
        self.capacity = capacity

    def put(self, key: str, value: Language | None) -> None:
        self[key] = (value, time.monotonic())
        self.move_to_end(key)
        while len(self) > self.capacity:
            self.popitem(last=False)


class Assistant:
    """Language decision + Rasa round trip, front-end independent."""

    CHOICE_TTL = 60.0  # seconds a cached choice is trusted (another process may erase it)

    def __init__(
        self,
        rasa: RasaClient,
        preferences: PreferenceStore,
        detector: LanguageDetector | None = None,
        *,
        capacity: int = 100_000,
    ) -> None:
        self.rasa = rasa
        self.preferences = preferences
        self.detector = detector or default_detector()
        self._previous: OrderedDict[str, Language] = OrderedDict()
        self._choices = _Recent(capacity)
        self._capacity = capacity

    # -- language -------------------------------------------------------------------------
    async def chosen_language(self, key: str) -> Language | None:
        """The user's explicit choice (cached briefly; the store may be a database)."""
        cached = self._choices.get(key)
        if cached is not None and time.monotonic() - cached[1] < self.CHOICE_TTL:
            return cached[0]
        language = await asyncio.to_thread(self.preferences.chosen_language, key)
        self._choices.put(key, language)
        return language

    def previous_language(self, key: str) -> Language | None:
        """The language of the user's last turn in this process."""
        return self._previous.get(key)

    def _remember(self, key: str, language: Language) -> None:
        self._previous[key] = language
        self._previous.move_to_end(key)
        while len(self._previous) > self._capacity:
            self._previous.popitem(last=False)

    async def decide_language(
        self, key: str, text: str | None, hint: str | None = None
    ) -> tuple[Language, MetadataSource, Detection | None]:
        """Explicit choice wins; else detection on ``text``; a payload (no text) keeps context."""
        chosen = await self.chosen_language(key)
        if chosen is not None:
            return chosen, "chosen", None
        previous = self.previous_language(key)
        if text is None:
            language = previous or normalize_language(hint)
            if language is not None:
                return language, ("detected" if previous else "hint"), None
            detection = self.detector.detect("", hint=hint)
        else:
            detection = self.detector.detect(text, previous=previous, hint=hint)
        source: MetadataSource = (
            "detected" if detection.source in ("detected", "previous") else "hint"
        )
        return detection.language, source, detection

    async def choose_language(self, key: str, language: str, chat_id: int | None = None) -> Turn:
        """Store an explicit choice and confirm it in that language."""
        lang = normalize_language(language)
        if lang is None:
            raise ValueError(f"unsupported language {language!r}")
        await asyncio.to_thread(self.preferences.choose_language, key, lang, chat_id)
        self._choices.put(key, lang)
        self._remember(key, lang)
        with use_language(lang):
            text = _(
                "Language set: English. Ask me about your work: unpaid wages, contracts, "
                "dismissal, leave, platform work — or type /help."
            )
        return Turn(lang, "chosen", [Reply(text)])

    async def forget(self, key: str) -> None:
        """Drop what this front end keeps about the user (after they deleted their data)."""
        await asyncio.to_thread(self.preferences.forget, key)
        self._choices.pop(key, None)
        self._previous.pop(key, None)

    # -- conversation ---------------------------------------------------------------------
    async def _explicit_choice(self, key: str, text: str, chat_id: int | None) -> Language | None:
        """Store a ``/set_language{...}`` choice before Rasa sees it; return the language."""
        language = language_choice_in(text)
        if language is not None:
            await asyncio.to_thread(self.preferences.choose_language, key, language, chat_id)
            self._choices.put(key, language)
        return language

    async def handle_text(
        self, key: str, text: str, hint: str | None = None, *, chat_id: int | None = None
    ) -> Turn:
        """A typed message: decide the language, ask Rasa, return the replies."""
        chosen = await self._explicit_choice(key, text, chat_id)
        if chosen is not None:
            return await self._exchange(key, text, chosen, "chosen")
        language, source, _detection = await self.decide_language(key, text, hint)
        return await self._exchange(key, text, language, source)

    async def handle_payload(
        self, key: str, payload: str, hint: str | None = None, *, chat_id: int | None = None
    ) -> Turn:
        """A button press: the payload goes to Rasa in the conversation's language."""
        chosen = await self._explicit_choice(key, payload, chat_id)
        if chosen is not None:
            return await self._exchange(key, payload, chosen, "chosen")
        language, source, _detection = await self.decide_language(key, None, hint)
        # The user may have erased their data through this button; re-read the choice next time.
        self._choices.pop(key, None)
        return await self._exchange(key, payload, language, source)

    async def handle_attachment(
        self, key: str, attachment_id: int, hint: str | None = None
    ) -> Turn:
        """A stored file: ``/complaint_attach`` with its id in the metadata (actions' contract)."""
        language, source, _detection = await self.decide_language(key, None, hint)
        return await self._exchange(
            key, ATTACH_PAYLOAD, language, source, attachment_id=attachment_id
        )

    async def _exchange(
        self,
        key: str,
        text: str,
        language: Language,
        source: MetadataSource,
        *,
        attachment_id: int | None = None,
    ) -> Turn:
        self._remember(key, language)
        metadata: RasaMetadata = {"language": language, "language_source": source, "user_key": key}
        if attachment_id is not None:
            metadata["attachment_id"] = attachment_id
        try:
            messages = await self.rasa.send(key, text, metadata)
        except RasaUnavailable as exc:
            # No message text in logs: only what failed.
            logger.warning("Rasa unavailable: %s", exc)
            return Turn(language, source, [Reply(unavailable_text(language))], rasa_ok=False)
        replies = replies_from_rasa(messages)
        if not replies:
            return Turn(language, source, [Reply(unavailable_text(language))], rasa_ok=False)
        return Turn(language, source, replies)
