"""Running the real python-telegram-bot Application against the fake Bot API, and talking to it.

Shared by the front-end tests (stub Rasa) and the end-to-end tests (real Rasa + actions):
:func:`start_bot` / :func:`stop_bot` start and stop the Application the way ``run_polling``
does without taking over the event loop; :class:`Chat` plays one Telegram user — it writes,
presses the buttons the bot actually offered, sends files, and waits until the bot's answer to
that turn is complete.
"""

from __future__ import annotations

import asyncio
import html
import time
from typing import Any

from bot.assistant import Assistant
from bot.config import Settings
from bot.rendering import decode_callback
from bot.telegram_app import TelegramFrontEnd, build_application
from tests.fakes.telegram_api import Call, FakeTelegramAPI

__all__ = ["Chat", "replies_to", "start_bot", "stop_bot", "wait_for"]


async def start_bot(
    api: FakeTelegramAPI,
    settings: Settings,
    assistant: Assistant,
    outbox: Any = None,
    attachments: Any = None,
    payloads: Any = None,
) -> Any:
    """Start the Application as ``run_polling`` would, without taking over the event loop."""
    application = build_application(settings, assistant, outbox, attachments, payloads)
    await application.initialize()
    if application.post_init:
        await application.post_init(application)
    assert application.updater is not None
    await application.updater.start_polling(poll_interval=0.0, timeout=1)
    await application.start()
    return application


async def stop_bot(application: Any) -> None:
    """Stop it again the way ``run_polling`` does."""
    await application.updater.stop()
    await application.stop()
    await application.shutdown()
    if application.post_shutdown:
        await application.post_shutdown(application)


async def wait_for(
    api: FakeTelegramAPI, method: str, count: int = 1, timeout: float = 90.0, **match: Any
) -> list[Call]:
    """Wait (without blocking the event loop) for ``count`` calls the bot made."""
    return await asyncio.to_thread(api.wait_for, method, count, timeout, None, **match)


def replies_to(api: FakeTelegramAPI, chat_id: int) -> list[str]:
    """Texts the bot sent to ``chat_id`` so far (as sent: HTML-escaped)."""
    return [c.params["text"] for c in api.calls_of("sendMessage", chat_id=chat_id)]


class Chat:
    """One Telegram user talking to the running bot, turn by turn."""

    #: A turn is complete when no further message arrived for this long (replies of one turn
    #: are sent back to back; the next turn only starts when the test acts).
    QUIET = 0.6

    def __init__(
        self, api: FakeTelegramAPI, application: Any, user_id: int, language_code: str = "ru"
    ) -> None:
        self.api = api
        self.front: TelegramFrontEnd = application.bot_data["front_end"]
        self.user_id = user_id
        self.language_code = language_code
        self.turn_start = 0  # index of the first message of the latest turn

    # -- what the bot said -------------------------------------------------------------------
    def messages(self) -> list[Call]:
        """Every sendMessage to this user so far."""
        return self.api.calls_of("sendMessage", chat_id=self.user_id)

    def texts(self, start: int = 0) -> list[str]:
        """Unescaped texts of the messages from index ``start`` on."""
        return [html.unescape(c.params["text"]) for c in self.messages()[start:]]

    def buttons(self, start: int | None = None) -> dict[str, tuple[str, str]]:
        """Payload → (title, callback_data) of the keyboards sent from index ``start`` on
        (default: those of the latest turn)."""
        found: dict[str, tuple[str, str]] = {}
        for call in self.messages()[self.turn_start if start is None else start :]:
            markup = call.params.get("reply_markup") or {}
            for row in markup.get("inline_keyboard", []):
                for item in row:
                    decoded = decode_callback(item["callback_data"], self.front.payloads)
                    if decoded is not None:
                        found[decoded[1]] = (item["text"], item["callback_data"])
        return found

    async def _turn(self, before: int, timeout: float) -> list[str]:
        self.turn_start = before
        await wait_for(self.api, "sendMessage", before + 1, timeout, chat_id=self.user_id)
        count = len(self.messages())
        quiet_since = time.monotonic()
        while time.monotonic() - quiet_since < self.QUIET:
            await asyncio.sleep(0.1)
            if len(self.messages()) != count:
                count, quiet_since = len(self.messages()), time.monotonic()
        return self.texts(before)

    # -- what the user does -------------------------------------------------------------------
    async def start(self, language: str) -> None:
        """/start, then the language button of the picker."""
        before = len(self.messages())
        self.api.push_message(self.user_id, "/start", language_code=self.language_code)
        await wait_for(self.api, "sendMessage", before + 1, chat_id=self.user_id)
        edits = len(self.api.calls_of("editMessageText", chat_id=self.user_id))
        data = f"lang:{language}"
        message_id = self.api.message_with_button(self.user_id, data) or 1
        self.api.push_callback(self.user_id, data, message_id, self.language_code)
        await wait_for(self.api, "editMessageText", edits + 1, chat_id=self.user_id)

    async def say(self, text: str, timeout: float = 90.0) -> list[str]:
        """Type ``text``; return the bot's answer to this turn (unescaped messages)."""
        before = len(self.messages())
        self.api.push_message(self.user_id, text, language_code=self.language_code)
        return await self._turn(before, timeout)

    async def press(self, payload: str, timeout: float = 90.0) -> list[str]:
        """Press the button carrying ``payload`` that the bot offered in its latest turn."""
        offered = self.buttons()
        assert payload in offered, f"no button {payload!r}; offered: {sorted(offered)}"
        before = len(self.messages())
        data = offered[payload][1]
        message_id = self.api.message_with_button(self.user_id, data) or 1
        self.api.push_callback(self.user_id, data, message_id, self.language_code)
        return await self._turn(before, timeout)

    async def send_document(
        self, data: bytes, file_name: str, mime_type: str, timeout: float = 90.0
    ) -> list[str]:
        """Send a document; return the bot's answer."""
        before = len(self.messages())
        self.api.push_document(
            self.user_id, data, file_name=file_name, mime_type=mime_type,
            language_code=self.language_code,
        )
        return await self._turn(before, timeout)

    async def send_photo(self, data: bytes, timeout: float = 90.0) -> list[str]:
        """Send a photo; return the bot's answer."""
        before = len(self.messages())
        self.api.push_photo(self.user_id, data, language_code=self.language_code)
        return await self._turn(before, timeout)
