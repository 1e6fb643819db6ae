"""Short button ids survive a restart: the id → payload map is kept in ``button_payloads``."""

from __future__ import annotations

from pathlib import Path

from bot.assistant import Assistant
from bot.button_store import SqlPayloadBackend, open_payload_backend
from bot.language import LanguageDetector
from bot.preferences import MemoryPreferenceStore
from bot.rasa_client import RasaClient
from bot.rendering import PayloadStore, decode_callback, short_id
from storage.db import make_engine, make_session_factory
from storage.migrate import upgrade
from tests.bot.conftest import make_settings
from tests.fakes.rasa_stub import RasaStub
from tests.fakes.telegram_api import FakeTelegramAPI
from tests.fakes.telegram_harness import start_bot, stop_bot, wait_for

USER = 5151
LONG = '/file_complaint{"category":"wages_unpaid"}' + "x" * 40  # what the stub offers


class DictBackend:
    """A backend in a dict, counting writes."""

    def __init__(self) -> None:
        self.rows: dict[str, str] = {}
        self.saves = 0

    def save(self, items: dict[str, str]) -> None:
        self.saves += 1
        self.rows.update(items)

    def load(self, short: str) -> str | None:
        return self.rows.get(short)


def test_ids_are_stable_saved_once_and_restored() -> None:
    backend = DictBackend()
    first = PayloadStore(backend=backend)
    data = first.encode(LONG)
    assert data == "k:" + short_id(LONG) and len(data.encode()) <= 64
    assert first.encode(LONG) == data and first.encode("/greet") == "p:/greet"
    first.flush()
    first.flush()  # nothing new: no second write
    assert backend.saves == 1 and backend.rows == {short_id(LONG): LONG}

    restarted = PayloadStore(backend=backend)
    assert decode_callback(data, restarted) is None  # not in this process's memory
    assert restarted.restore(data[2:]) == LONG
    assert decode_callback(data, restarted) == ("payload", LONG)  # now cached
    assert restarted.restore("unknown") is None


def test_sql_backend_round_trip_and_duplicates(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'quqyq.db'}"
    engine = make_engine(url)
    upgrade(engine)
    backend = SqlPayloadBackend(make_session_factory(engine))
    backend.save({"a1": "/x", "b2": "/y"})
    backend.save({"a1": "/x", "c3": "/z"})  # a1 saved by "another process" already
    assert [backend.load(k) for k in ("a1", "b2", "c3", "zz")] == ["/x", "/y", "/z", None]
    engine.dispose()


async def test_a_button_sent_before_a_restart_still_works(
    fake_api: FakeTelegramAPI, rasa_stub: RasaStub, tmp_path: Path, detector: LanguageDetector
) -> None:
    settings = make_settings(tmp_path, fake_api, rasa_stub.url)
    engine = make_engine(settings.database_url)
    upgrade(engine)

    async def run_bot() -> object:
        assistant = Assistant(
            RasaClient(settings.rasa_url, timeout=2), MemoryPreferenceStore(), detector
        )
        return await start_bot(
            fake_api, settings, assistant, payloads=open_payload_backend(settings.database_url)
        )

    application = await run_bot()
    try:
        fake_api.push_message(USER, "мне не платят зарплату")
        (sent,) = await wait_for(fake_api, "sendMessage", 1, 15.0, chat_id=USER)
    finally:
        await stop_bot(application)
    buttons = [b for row in sent.params["reply_markup"]["inline_keyboard"] for b in row]
    data = next(b["callback_data"] for b in buttons if b["callback_data"].startswith("k:"))

    application = await run_bot()  # a new process: empty memory, same database
    try:
        fake_api.push_callback(USER, data, message_id=fake_api.message_with_button(USER, data) or 1)
        await wait_for(fake_api, "sendMessage", 2, 15.0, chat_id=USER)
    finally:
        await stop_bot(application)
    messages = [r["message"] for r in rasa_stub.requests if "webhook" in r["path"]]
    assert messages == ["мне не платят зарплату", LONG]
    answered = fake_api.calls_of("answerCallbackQuery")
    assert answered and all("text" not in c.params for c in answered)  # not "expired"
    engine.dispose()

