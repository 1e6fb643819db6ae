"""Fixtures for the front-end tests: a stub Rasa, the fake Bot API, the real Application."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.assistant import Assistant
from bot.config import Settings, load_settings
from bot.language import LanguageDetector
from bot.preferences import MemoryPreferenceStore
from bot.rasa_client import RasaClient
from tests.fakes.rasa_stub import RasaStub
from tests.fakes.telegram_api import Call, FakeTelegramAPI
from tests.fakes.telegram_harness import start_bot, stop_bot

__all__ = ["RunningBot", "make_settings", "start_bot", "stop_bot"]


@pytest.fixture(scope="session")
def detector() -> LanguageDetector:
    """One detector for the session (lingua models load once)."""
    return LanguageDetector()


@pytest.fixture
def rasa_stub() -> Iterator[RasaStub]:
    """A stub Rasa server answering in the metadata language."""
    with RasaStub() as stub:
        yield stub


@pytest.fixture
def fake_api() -> Iterator[FakeTelegramAPI]:
    """The fake Telegram Bot API server."""
    with FakeTelegramAPI() as api:
        yield api


def make_settings(tmp_path: Path, api: FakeTelegramAPI | None, rasa_url: str) -> Settings:
    """Settings pointing at the fakes, with a private DATA_DIR."""
    env = {
        "RASA_URL": rasa_url,
        "RASA_TIMEOUT": "2",
        "DATA_DIR": str(tmp_path),
        "QUQYQ_USER_KEY_SALT": "test-salt",
    }
    if api is not None:
        env |= {"TELEGRAM_BOT_TOKEN": api.token, "TELEGRAM_API_BASE_URL": api.base_url}
    return load_settings(env)


@pytest.fixture
async def assistant(rasa_stub: RasaStub, detector: LanguageDetector) -> AsyncIterator[Assistant]:
    """An assistant talking to the stub Rasa, preferences in memory."""
    client = RasaClient(rasa_stub.url, timeout=2)
    yield Assistant(client, MemoryPreferenceStore(), detector)
    await client.aclose()


class RunningBot:
    """The real python-telegram-bot Application polling the fake API, plus helpers."""

    def __init__(self, api: FakeTelegramAPI, application: Any, assistant: Assistant) -> None:
        self.api = api
        self.application = application
        self.assistant = assistant

    async def wait_for(self, method: str, count: int = 1, **match: Any) -> list[Call]:
        """Wait (without blocking the event loop) for calls the bot made."""
        return await asyncio.to_thread(self.api.wait_for, method, count, **match)


@pytest.fixture
async def running_bot(
    fake_api: FakeTelegramAPI, rasa_stub: RasaStub, tmp_path: Path, detector: LanguageDetector
) -> AsyncIterator[RunningBot]:
    """The real Application against the fake Bot API and the stub Rasa."""
    settings = make_settings(tmp_path, fake_api, rasa_stub.url)
    assistant = Assistant(
        RasaClient(settings.rasa_url, timeout=settings.rasa_timeout),
        MemoryPreferenceStore(),
        detector,
    )
    application = await start_bot(fake_api, settings, assistant)
    try:
        yield RunningBot(fake_api, application, assistant)
    finally:
        await stop_bot(application)
