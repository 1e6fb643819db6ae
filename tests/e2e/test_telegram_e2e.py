"""End to end: Telegram (fake Bot API) → real python-telegram-bot Application → real Rasa → actions.

One user per language presses the language button, writes, and gets an answer in that language;
then Rasa becomes unreachable mid-conversation (a cut TCP proxy between bot and Rasa), the user
gets the localized "try again" message, and the bot answers again once Rasa is back.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from bot.assistant import Assistant, unavailable_text
from bot.config import load_settings
from bot.language import LanguageDetector
from bot.preferences import MemoryPreferenceStore
from bot.rasa_client import RasaClient
from tests.fakes.tcp_proxy import TcpProxy
from tests.fakes.telegram_api import FakeTelegramAPI
from tests.fakes.telegram_harness import replies_to, start_bot, stop_bot, wait_for

pytestmark = pytest.mark.rasa

USERS = {
    "kk": (9101, "Сәлеметсіз бе! Маған үш ай бойы жалақы төленбеді"),
    "ru": (9102, "Здравствуйте! Мне уже три месяца не платят зарплату"),
    "en": (9103, "Hello! I have not been paid for three months"),
}


async def test_three_languages_outage_and_recovery(rasa_stack: Any, tmp_path: Path) -> None:
    await conversation_flow(rasa_stack.rasa_url, tmp_path)


async def conversation_flow(rasa_url: str, tmp_path: Path) -> None:
    """The scenario, against any Rasa (the real one here; a stub in tests/bot)."""
    target = urlsplit(rasa_url)
    proxy = await TcpProxy(target.hostname or "127.0.0.1", target.port or 5005).start()
    detector = LanguageDetector()
    with FakeTelegramAPI() as api:
        settings = load_settings(
            {
                "TELEGRAM_BOT_TOKEN": api.token,
                "TELEGRAM_API_BASE_URL": api.base_url,
                "RASA_URL": proxy.url,
                "RASA_TIMEOUT": "60",
                "DATA_DIR": str(tmp_path),
                "QUQYQ_USER_KEY_SALT": "e2e",
            }
        )
        assistant = Assistant(
            RasaClient(settings.rasa_url, timeout=settings.rasa_timeout),
            MemoryPreferenceStore(),
            detector,
        )
        application = await start_bot(api, settings, assistant)
        try:
            for language, (user, text) in USERS.items():
                api.push_message(user, "/start", language_code="ru")
                await wait_for(api, "sendMessage", chat_id=user)
                data = f"lang:{language}"
                api.push_callback(user, data, message_id=api.message_with_button(user, data) or 1)
                await wait_for(api, "editMessageText", chat_id=user)
                api.push_message(user, text, language_code="ru")
                await wait_for(api, "sendMessage", count=2, chat_id=user)
                await asyncio.sleep(1.0)  # a reply may come in several messages
                answers = replies_to(api, user)[1:]
                assert answers and unavailable_text(language) not in answers, answers
                # Judged on all of the answer together: a single message may be a name or a link.
                assert detector.detect("\n".join(answers)).language == language, answers

            # Outage mid-conversation: Rasa unreachable → the localized "try again".
            user, text = USERS["ru"]
            before = len(replies_to(api, user))
            await proxy.cut()
            api.push_message(user, text)
            await wait_for(api, "sendMessage", count=before + 1, chat_id=user)
            assert replies_to(api, user)[before] == unavailable_text("ru")

            # Rasa is back: the same user gets a real answer again.
            await proxy.restore()
            before = len(replies_to(api, user))
            api.push_message(user, text)
            await wait_for(api, "sendMessage", count=before + 1, chat_id=user)
            assert replies_to(api, user)[before] != unavailable_text("ru")
            assert detector.detect(replies_to(api, user)[before]).language == "ru"
        finally:
            await stop_bot(application)
            await proxy.cut()
