"""Personal data on disk with the scale-out databases: the app database and Rasa's tracker store
on PostgreSQL. A typed named, confidential and anonymous complaint, then "delete my data":
no file under ``DATA_DIR`` holds what was typed (logs included), Rasa's PostgreSQL events never
hold it, the app database holds it until deletion, and the anonymous complaint joins no user.

Its own stack (action server + Rasa) on PostgreSQL, started for this module.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from sqlalchemy import text

from complaints.receipt import receipt_codes_in
from stack.processes import running_stack
from stack.settings import StackSettings
from storage.db import make_engine
from storage.migrate import upgrade
from storage.users import user_key_for
from tests.conftest import free_port
from tests.e2e.conftest import bot_on
from tests.e2e.test_privacy_on_disk import TYPED, anonymous_complaint, holders, named_complaint
from tests.postgres import drop_database, fresh_database

pytestmark = pytest.mark.rasa

CONFIDENTIAL_NAME = "Бекзат Омаров"
CONFIDENTIAL_PHONE = "+7 777 123 45 67"
TYPED_ALL = (*TYPED, CONFIDENTIAL_NAME, "7771234567")


@pytest.fixture(scope="module")
def pg_stack(
    postgres_server: str, tmp_path_factory: pytest.TempPathFactory, installation_secrets: None
) -> Iterator[tuple[StackSettings, str]]:
    """Action server and Rasa with the app database and the tracker store on PostgreSQL."""
    app_url, app_db = fresh_database(postgres_server)
    tracker_url, tracker_db = fresh_database(postgres_server)
    engine = make_engine(app_url)
    upgrade(engine)
    engine.dispose()
    settings = StackSettings.from_env({
        "DATA_DIR": str(tmp_path_factory.mktemp("pg-stack")),
        "RASA_URL": f"http://127.0.0.1:{free_port()}",
        "ACTIONS_URL": f"http://127.0.0.1:{free_port()}/webhook",
        "RASA_API_TOKEN": os.environ["RASA_API_TOKEN"],
        "QUQYQ_METADATA_KEY": os.environ["QUQYQ_METADATA_KEY"],
        "DATABASE_URL": app_url,
        "RASA_TRACKER_STORE_URL": tracker_url,
    })
    try:
        with running_stack(settings):
            yield settings, app_url
    finally:
        drop_database(postgres_server, app_db)
        drop_database(postgres_server, tracker_db)


def _rows(url: str, sql: str, **params: object) -> list[tuple[object, ...]]:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return [tuple(r) for r in connection.execute(text(sql), params)]
    finally:
        engine.dispose()


async def test_typed_complaints_on_postgres_leave_nothing_personal_behind(
    pg_stack: tuple[StackSettings, str], e2e_detector: object
) -> None:
    stack, app_url = pg_stack
    async with bot_on(stack, app_url, e2e_detector) as bot:  # type: ignore[arg-type]
        named = bot.chat(9911, "kk")
        assert await named_complaint(named)
        confidential = bot.chat(9912, "ru")
        await confidential.start("ru")
        await confidential.say("хочу подать жалобу")
        for answer in ("конфиденциально", "да, согласен", "уволили", "ТОО Ромашка", "не знаю",
                       "Шымкент", "не знаю", "нет", "Уволили без приказа и без расчёта",
                       "Восстановить на работе", CONFIDENTIAL_NAME, CONFIDENTIAL_PHONE,
                       "да, пишите"):
            await confidential.say(answer)
        assert any(receipt_codes_in(t, strict=True) for t in await confidential.say("отправить"))
        code = await anonymous_complaint(bot.chat(9913, "ru"))

        keys = {n: user_key_for(n, bot.settings.user_key_salt) for n in (9911, 9912, 9913)}
        # Nothing typed is in any file under DATA_DIR (logs, endpoints, attachments...).
        assert holders(stack.data_dir, TYPED_ALL) == {}
        # Rasa's events on PostgreSQL: the conversations are there, the typed data is not.
        events = _rows(stack.tracker_store_url, "SELECT sender_id, data FROM events")
        assert {sender for sender, _d in events} >= set(keys.values())
        kept = "\n".join(str(data) for _s, data in events)
        for needle in (*TYPED_ALL, code):
            assert needle not in kept, needle
        # The app database holds the complaints; the chat id only of who said "yes".
        assert _rows(app_url, "SELECT count(*) FROM complaints WHERE iin = :iin",
                     iin=TYPED[1]) == [(1,)]
        chats = dict(_rows(app_url, "SELECT user_key, chat_id FROM users"))
        assert chats.get(keys[9911]) is None and chats.get(keys[9912]) == 9912
        # The anonymous author's row holds only the language they picked; nothing points to it.
        assert chats[keys[9913]] is None
        assert _rows(app_url, "SELECT user_id FROM complaints WHERE receipt_code = :c",
                     c=code) == [(None,)]

        # Delete my data: the conversation leaves Rasa's PostgreSQL, the complaint its data.
        await named.say("/delete")
        await named.press('/delete_my_data{"pick":"erase"}')
        assert _rows(stack.tracker_store_url,
                     "SELECT count(*) FROM events WHERE sender_id = :k", k=keys[9911]) == [(0,)]
        assert _rows(app_url, "SELECT count(*) FROM complaints WHERE iin = :iin OR "
                     "full_name = :name", iin=TYPED[1], name=TYPED[0]) == [(0,)]
        assert _rows(app_url, "SELECT count(*) FROM sealed_texts WHERE user_key = :k",
                     k=keys[9911]) == [(0,)]
        assert holders(stack.data_dir, TYPED_ALL) == {}
