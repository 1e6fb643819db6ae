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
from typing import Any, Final, Literal

from bot.attachments import ATTACH_PAYLOAD
from bot.language import Detection, LanguageDetector, default_detector
from bot.preferences import PreferenceStore
from bot.rasa_client import RasaClient, RasaMetadata, RasaUnavailable
from bot.sealing import (
    PLACEHOLDER,
    STATUS_PAYLOAD,
    Sealer,
    markers,
    sealable_value,
    sealed_answer,
)
from complaints.model import draft_is_open
from complaints.receipt import receipt_codes_in
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


#: Typed payloads that keep their meaning: Rasa's reset.
TYPED_PAYLOADS: Final = frozenset({"/restart"})


def as_typed(text: str) -> str:
    """``text`` as words for Rasa: a leading ``/`` (Rasa's payload syntax) becomes ``∕``."""
    stripped = text.strip()
    if stripped.startswith("/") and stripped not in TYPED_PAYLOADS:
        return "\u2215" + stripped[1:]
    return text


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
        sealer: Sealer | None = None,
    ) -> None:
        self.rasa = rasa
        self.preferences = preferences
        self.sealer = sealer
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

    async def choose_language(self, key: str, language: str) -> Turn:
        """Store an explicit choice and confirm it in that language."""
        lang = normalize_language(language)
        if lang is None:
            raise ValueError(f"unsupported language {language!r}")
        await asyncio.to_thread(self.preferences.choose_language, key, lang)
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
    async def _explicit_choice(self, key: str, text: str) -> Language | None:
        """Store a ``/set_language{...}`` choice before Rasa sees it; return the language."""
        language = language_choice_in(text)
        if language is not None:
            await asyncio.to_thread(self.preferences.choose_language, key, language)
            self._choices.put(key, language)
        return language

    async def handle_text(
        self, key: str, text: str, hint: str | None = None, *, chat_id: int | None = None
    ) -> Turn:
        """A typed message: decide the language, ask Rasa, return the replies.

        Typed text is never a Rasa payload: ``/delete_my_data{"pick":"erase"}`` typed is words,
        not the confirmation button (only ``/restart``, Rasa's own reset, passes).
        """
        chosen = await self._explicit_choice(key, text)
        typed = as_typed(text)
        if chosen is not None:
            return await self._exchange(key, typed, chosen, "chosen", typed=True, chat_id=chat_id)
        language, source, _detection = await self.decide_language(key, text, hint)
        return await self._exchange(key, typed, language, source, typed=True, chat_id=chat_id)

    async def handle_payload(
        self, key: str, payload: str, hint: str | None = None, *, chat_id: int | None = None
    ) -> Turn:
        """A button press: the payload goes to Rasa in the conversation's language."""
        chosen = await self._explicit_choice(key, payload)
        if chosen is not None:
            return await self._exchange(key, payload, chosen, "chosen", chat_id=chat_id)
        language, source, _detection = await self.decide_language(key, None, hint)
        # The user may have erased their data through this button; re-read the choice next time.
        self._choices.pop(key, None)
        return await self._exchange(key, payload, language, source, chat_id=chat_id)

    async def draft_open(self, key: str) -> bool:
        """Whether the user has a complaint draft open (asked of Rasa; raises if it is down)."""
        return draft_is_open(await self.rasa.slots(key))

    async def handle_attachment(
        self, key: str, attachment_id: int | None, hint: str | None = None
    ) -> Turn:
        """A stored file: ``/complaint_attach`` with its id in the metadata (actions' contract).

        Without an id (no draft open, nothing was downloaded) the action tells the user how
        to start a complaint.
        """
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
        typed: bool = False,
        chat_id: int | None = None,
    ) -> Turn:
        self._remember(key, language)
        metadata: RasaMetadata = {"language": language, "language_source": source, "user_key": key}
        if attachment_id is not None:
            metadata["attachment_id"] = attachment_id
        pending = await asyncio.to_thread(self.sealer.pending, key) if self.sealer else None
        try:
            if pending is not None and text != ATTACH_PAYLOAD:
                text = await self._seal(key, pending, text, metadata)
            elif typed and self.sealer is not None and receipt_codes_in(text, strict=True):
                # A receipt code may be an anonymous complaint's only link to its author: the
                # conversation store must not keep it next to the sender.
                ref = await asyncio.to_thread(self.sealer.seal_input, key, "receipt_code", text)
                metadata["sealed_status"] = ref
                text = STATUS_PAYLOAD
            messages = await self.rasa.send(key, text, metadata)
        except RasaUnavailable as exc:
            # No message text in logs: only what failed.
            logger.warning("Rasa unavailable: %s", exc)
            return Turn(language, source, [Reply(unavailable_text(language))], rasa_ok=False)
        replies = await self._unsealed(key, messages, pending, language, chat_id)
        if not replies:
            return Turn(language, source, [Reply(unavailable_text(language))], rasa_ok=False)
        return Turn(language, source, replies)

    async def _seal(self, key: str, slot: str, text: str, metadata: RasaMetadata) -> str:
        """What Rasa gets for an answer to a personal question: a reference, never the text.

        Rasa's classifier is asked about the text first (``/model/parse`` stores nothing), so
        the form can still tell "сколько дней отпуска?" from a name.
        """
        value = sealable_value(text)
        if value is None or self.sealer is None:
            return text
        parsed = await self.rasa.parse(value, dict(metadata))
        intent = parsed.get("intent") or {}
        metadata["sealed_intent"] = str(intent.get("name") or "")
        metadata["sealed_confidence"] = float(intent.get("confidence") or 0.0)
        ref = await asyncio.to_thread(self.sealer.seal_input, key, slot, value)
        return sealed_answer(ref)

    async def _unsealed(
        self, key: str, messages: list[dict[str, Any]], pending: str | None, language: Language,
        chat_id: int | None = None,
    ) -> list[Reply]:
        """Replies with sealed texts opened; remember the next personal question; keep or
        forget the chat for status news; erase the conversation after "delete my data"."""
        replies: list[Reply] = []
        next_pending: str | None = None
        erase = False
        for message in messages:
            marker = markers(message)
            replies += replies_from_rasa([message])
            if marker.get("seal"):
                next_pending = str(marker["seal"])
            if "notify_here" in marker:
                # The one place a chat id is stored: the user said "yes, write to me here".
                chat = chat_id if marker["notify_here"] is True else None
                await asyncio.to_thread(self.preferences.notify_here, key, chat)
            erase = erase or bool(marker.get("erase_conversation"))
            ref = marker.get("sealed_message")
            if ref and self.sealer is not None:
                shown = await asyncio.to_thread(self.sealer.open_message, key, str(ref))
                text = shown if shown is not None else unavailable_text(language)
                if replies and replies[-1].text == PLACEHOLDER:
                    replies[-1] = Reply(text, replies[-1].buttons)
                else:
                    replies.append(Reply(text))
        if self.sealer is not None:
            if erase:
                # Rasa has saved the turn by now: the rows can go without being written back.
                await asyncio.to_thread(self.sealer.erase, key)
                await self.forget(key)
            elif next_pending != pending:
                await asyncio.to_thread(self.sealer.set_pending, key, next_pending)
        return replies
