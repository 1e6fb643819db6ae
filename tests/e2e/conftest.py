"""End-to-end fixtures: the real Application on the fake Bot API, wired to the session's real
Rasa + action server and to the same database the actions write (migrated once)."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import pytest

from bot.assistant import Assistant
from bot.attachments import open_attachment_store
from bot.button_store import open_payload_backend
from bot.config import Settings, load_settings
from bot.language import LanguageDetector
from bot.outbox import open_outbox
from bot.preferences import SqlPreferenceStore
from bot.rasa_client import RasaClient
from bot.sealing import SqlSealer
from stack.settings import StackSettings
from storage.db import make_engine, make_session_factory
from storage.migrate import upgrade
from tests.fakes.telegram_api import FakeTelegramAPI
from tests.fakes.telegram_harness import Chat, start_bot, stop_bot


@pytest.fixture(scope="session")
def stack_database(rasa_stack: StackSettings) -> str:
    """The database the action server uses (``$DATA_DIR/quqyq.db``), migrated to head."""
    url = f"sqlite:///{rasa_stack.data_dir / 'quqyq.db'}"
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    return url


@pytest.fixture(scope="session")
def e2e_detector() -> LanguageDetector:
    """One language detector for the session (lingua loads once)."""
    return LanguageDetector()


@dataclass
class TelegramBot:
    """The running bot: the fake API, the Application, its settings and database."""

    api: FakeTelegramAPI
    application: Any
    settings: Settings

    def chat(self, user_id: int, language_code: str = "ru") -> Chat:
        """A Telegram user talking to this bot."""
        return Chat(self.api, self.application, user_id, language_code)


@contextlib.asynccontextmanager
async def bot_on(
    stack: StackSettings, database_url: str, detector: LanguageDetector
) -> AsyncIterator[TelegramBot]:
    """The whole production wiring (SQL preferences, outbox, attachments, sealer) of a bot on
    the fake Bot API, against ``stack`` and its app database."""
    with FakeTelegramAPI() as api:
        settings = load_settings(
            {
                "TELEGRAM_BOT_TOKEN": api.token,
                "TELEGRAM_API_BASE_URL": api.base_url,
                "RASA_URL": stack.rasa_url,
                "RASA_TIMEOUT": "60",
                "DATA_DIR": str(stack.data_dir),
                "DATABASE_URL": database_url,
                "QUQYQ_USER_KEY_SALT": "e2e",
                "QUQYQ_OUTBOX_INTERVAL": "0.5",
            }
        )
        engine = make_engine(database_url)
        assistant = Assistant(
            RasaClient(settings.rasa_url, timeout=settings.rasa_timeout),
            SqlPreferenceStore(make_session_factory(engine)),
            detector,
            sealer=SqlSealer(make_session_factory(engine), stack.tracker_store_url),
        )
        application = await start_bot(
            api,
            settings,
            assistant,
            open_outbox(database_url),
            open_attachment_store(database_url, settings.data_dir),
            open_payload_backend(database_url),
        )
        try:
            yield TelegramBot(api, application, settings)
        finally:
            await stop_bot(application)
            engine.dispose()


@pytest.fixture
async def telegram_bot(
    rasa_stack: StackSettings, stack_database: str, e2e_detector: LanguageDetector
) -> AsyncIterator[TelegramBot]:
    """The bot against the session's stack (SQLite app database and tracker store)."""
    async with bot_on(rasa_stack, stack_database, e2e_detector) as bot:
        yield bot
