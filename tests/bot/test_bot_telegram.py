"""The real python-telegram-bot Application against the fake Bot API and a stub Rasa."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from bot.assistant import Assistant, unavailable_text
from bot.language import LanguageDetector
from bot.outbox import PendingNotification
from bot.preferences import MemoryPreferenceStore
from bot.rasa_client import RasaClient
from bot.rendering import CALLBACK_LIMIT
from tests.bot.conftest import RunningBot, make_settings, start_bot, stop_bot
from tests.fakes.rasa_stub import RasaStub
from tests.fakes.telegram_api import FakeTelegramAPI

USER = 5001


def buttons_of(call: Any) -> list[dict[str, str]]:
    markup = call.params.get("reply_markup") or {}
    return [b for row in markup.get("inline_keyboard", []) for b in row]


async def test_start_offers_language_picker_and_commands(running_bot: RunningBot) -> None:
    api = running_bot.api
    commands = await running_bot.wait_for("setMyCommands", count=3)
    assert {c.params.get("language_code") for c in commands} == {None, "kk", "ru"}
    api.push_message(USER, "/start", language_code="ru")
    (sent,) = await running_bot.wait_for("sendMessage", chat_id=USER)
    assert "Тілді таңдаңыз" in sent.params["text"] and "Выберите язык" in sent.params["text"]
    assert [b["callback_data"] for b in buttons_of(sent)] == ["lang:kk", "lang:ru", "lang:en"]
    assert sent.params["parse_mode"] == "HTML"


async def test_language_button_then_conversation(
    running_bot: RunningBot, rasa_stub: RasaStub
) -> None:
    api = running_bot.api
    api.push_callback(USER, "lang:kk", message_id=api.picker_shown(USER), language_code="ru")
    await running_bot.wait_for("answerCallbackQuery")
    (edited,) = await running_bot.wait_for("editMessageText", chat_id=USER)
    assert edited.params["text"].startswith("Тіл таңдалды")
    # Written in Russian, answered in the chosen Kazakh.
    api.push_message(USER, "Здравствуйте, мне не платят зарплату", language_code="ru")
    (reply,) = await running_bot.wait_for("sendMessage", chat_id=USER)
    assert reply.params["text"].startswith("Сәлем")
    assert rasa_stub.requests[-1]["metadata"]["language"] == "kk"
    assert rasa_stub.requests[-1]["metadata"]["language_source"] == "chosen"
    assert "Здравствуйте" not in str(rasa_stub.requests[-1]["sender"])
    # Buttons: short callback data, a long payload mapped through a short id.
    buttons = buttons_of(reply)
    assert len(buttons) == 2
    assert all(len(b["callback_data"].encode()) <= CALLBACK_LIMIT for b in buttons)
    assert buttons[1]["callback_data"].startswith("k:")
    await running_bot.wait_for("sendChatAction", chat_id=USER)

    # Pressing the long-payload button sends the original payload to Rasa.
    data = buttons[1]["callback_data"]
    api.push_callback(USER, data, message_id=api.message_with_button(USER, data) or 1)
    await running_bot.wait_for("answerCallbackQuery", count=2)
    await running_bot.wait_for("editMessageReplyMarkup", chat_id=USER)
    await running_bot.wait_for("sendMessage", count=2, chat_id=USER)
    assert rasa_stub.requests[-1]["message"].startswith('/file_complaint{"category"')


async def test_detected_language_without_choice(
    running_bot: RunningBot, rasa_stub: RasaStub
) -> None:
    running_bot.api.push_message(USER, "I have not been paid for two months", language_code="ru")
    (reply,) = await running_bot.wait_for("sendMessage", chat_id=USER)
    assert reply.params["text"].startswith("Hello!")
    assert rasa_stub.requests[-1]["metadata"]["language_source"] == "detected"


async def test_rasa_outage_and_recovery(running_bot: RunningBot, rasa_stub: RasaStub) -> None:
    api = running_bot.api
    api.push_callback(USER, "lang:ru", message_id=api.picker_shown(USER))
    await running_bot.wait_for("editMessageText", chat_id=USER)
    for mode in ("empty", "error"):
        rasa_stub.mode = mode
        api.push_message(USER, "мне не платят зарплату")
        sent = await running_bot.wait_for(
            "sendMessage", count=1, chat_id=USER, text=unavailable_text("ru")
        )
        assert sent
    await running_bot.wait_for("sendMessage", count=2, chat_id=USER, text=unavailable_text("ru"))
    rasa_stub.mode = "ok"
    api.push_message(USER, "мне не платят зарплату")
    await running_bot.wait_for("sendMessage", count=3, chat_id=USER)
    assert api.calls_of("sendMessage", chat_id=USER)[-1].params["text"].startswith("Здравствуйте")


async def test_reply_is_escaped_and_split(running_bot: RunningBot, rasa_stub: RasaStub) -> None:
    rasa_stub.long_reply = ("Статья 113 <b>ТК</b> & выплата. " * 150 + "\n\n") * 3
    running_bot.api.push_message(USER, "мне не платят зарплату")
    sent = await running_bot.wait_for("sendMessage", count=2, chat_id=USER)
    texts = [c.params["text"] for c in sent]
    assert all(len(t) <= 4096 for t in texts)
    assert "&lt;b&gt;ТК&lt;/b&gt; &amp;" in texts[0] and "<b>" not in texts[0]
    await asyncio.sleep(0.3)
    calls = running_bot.api.calls_of("sendMessage", chat_id=USER)
    assert "reply_markup" not in calls[0].params and buttons_of(calls[-1])


async def test_commands_answer_in_chosen_language(running_bot: RunningBot) -> None:
    api = running_bot.api
    api.push_callback(USER, "lang:en", message_id=api.picker_shown(USER))
    await running_bot.wait_for("editMessageText", chat_id=USER)
    api.push_message(USER, "/help")
    (help_,) = await running_bot.wait_for("sendMessage", chat_id=USER)
    assert "/privacy" in help_.params["text"] and "labour" in help_.params["text"]
    api.push_message(USER, "/privacy")
    sent = await running_bot.wait_for("sendMessage", count=2, chat_id=USER)
    assert "/delete" in sent[1].params["text"]
    api.push_message(USER, "/language")
    sent = await running_bot.wait_for("sendMessage", count=3, chat_id=USER)
    assert buttons_of(sent[2])[0]["callback_data"] == "lang:kk"


@pytest.mark.parametrize("forged", [
    'p:/delete_my_data{"pick":"erase"}',  # never offered on that message
    "p:/file_complaint",  # offered, but to another user
    'p:/form_answer{"form_value":"submit"}',  # on a message with no keyboard at all
])
async def test_a_button_the_bot_did_not_issue_there_is_refused(
    running_bot: RunningBot, rasa_stub: RasaStub, forged: str
) -> None:
    api = running_bot.api
    mine = api.show_keyboard(USER, ["p:/greet"])
    theirs = api.show_keyboard(USER + 1, ["p:/file_complaint"])
    message_id = {"p:/file_complaint": theirs, 'p:/form_answer{"form_value":"submit"}': 999_999}
    api.push_callback(USER, forged, message_id=message_id.get(forged, mine), language_code="ru")
    (answer,) = await running_bot.wait_for("answerCallbackQuery")
    assert "устарела" in answer.params["text"]  # told to type instead, nothing done
    assert not rasa_stub.requests
    # The button that was issued on that message still works.
    api.push_callback(USER, "p:/greet", message_id=mine, language_code="ru")
    await running_bot.wait_for("answerCallbackQuery", count=2)
    await running_bot.wait_for("sendMessage", chat_id=USER)
    assert [r["message"] for r in rasa_stub.requests if "webhook" in r["path"]] == ["/greet"]


async def test_delete_command_goes_to_rasa(running_bot: RunningBot, rasa_stub: RasaStub) -> None:
    running_bot.api.push_message(USER, "/delete", language_code="kk")
    await running_bot.wait_for("sendMessage", chat_id=USER)
    assert rasa_stub.requests[-1]["message"] == "/delete_my_data"


async def test_expired_button_is_answered(running_bot: RunningBot, rasa_stub: RasaStub) -> None:
    message_id = running_bot.api.show_keyboard(USER, ["k:unknown"])
    running_bot.api.push_callback(USER, "k:unknown", message_id=message_id, language_code="ru")
    (answer,) = await running_bot.wait_for("answerCallbackQuery")
    assert "устарела" in answer.params["text"]
    assert not rasa_stub.requests


async def test_outbox_notifications_are_delivered(
    fake_api: FakeTelegramAPI, rasa_stub: RasaStub, tmp_path: Path, detector: LanguageDetector
) -> None:
    class ListOutbox:
        def __init__(self) -> None:
            self.notes = [PendingNotification(1, USER, "kk", "QX-7F3K", "in_review")]
            self.done: list[int] = []

        def pending(self, limit: int = 50) -> list[PendingNotification]:
            return [n for n in self.notes if n.id not in self.done]

        def delivered(self, notification_id: int) -> None:
            self.done.append(notification_id)

        def failed(self, notification_id: int) -> None:
            raise AssertionError("delivery should not fail")

    outbox = ListOutbox()
    settings = make_settings(tmp_path, fake_api, rasa_stub.url)
    assistant = Assistant(RasaClient(settings.rasa_url), MemoryPreferenceStore(), detector)
    application = await start_bot(fake_api, settings, assistant, outbox)
    try:
        (sent,) = await asyncio.to_thread(fake_api.wait_for, "sendMessage", chat_id=USER)
    finally:
        await stop_bot(application)
    assert "QX-7F3K" in sent.params["text"] and "қаралуда" in sent.params["text"]
    assert outbox.done == [1]


async def test_webhook_mode_receives_updates(
    fake_api: FakeTelegramAPI, rasa_stub: RasaStub, tmp_path: Path, detector: LanguageDetector
) -> None:
    import socket

    import httpx

    from bot.config import load_settings
    from bot.telegram_app import build_application, webhook_options

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    settings = load_settings(
        {
            "TELEGRAM_BOT_TOKEN": fake_api.token,
            "TELEGRAM_API_BASE_URL": fake_api.base_url + "/bot",  # the /bot suffix is tolerated
            "RASA_URL": rasa_stub.url,
            "DATA_DIR": str(tmp_path),
            "QUQYQ_USER_KEY_SALT": "s",
            "QUQYQ_WEBHOOK_URL": f"http://127.0.0.1:{port}/tg/hook",
            "PORT": str(port),
            "QUQYQ_WEBHOOK_SECRET": "sekret",
        }
    )
    assistant = Assistant(RasaClient(settings.rasa_url), MemoryPreferenceStore(), detector)
    application = build_application(settings, assistant)
    await application.initialize()
    assert application.updater is not None
    await application.updater.start_webhook(**webhook_options(settings))
    await application.start()
    try:
        (set_hook,) = await asyncio.to_thread(fake_api.wait_for, "setWebhook")
        assert set_hook.params["url"] == settings.webhook_url
        update = {
            "update_id": 1,
            "message": {
                "message_id": 1,
                "date": 0,
                "chat": {"id": USER, "type": "private"},
                "from": {"id": USER, "is_bot": False, "first_name": "U"},
                "text": "Hello, my salary is late",
            },
        }
        async with httpx.AsyncClient() as client:
            refused = await client.post(settings.webhook_url or "", json=update)
            accepted = await client.post(
                settings.webhook_url or "",
                json=update,
                headers={"X-Telegram-Bot-Api-Secret-Token": "sekret"},
            )
        assert refused.status_code == 403 and accepted.status_code == 200
        (reply,) = await asyncio.to_thread(fake_api.wait_for, "sendMessage", chat_id=USER)
        assert reply.params["text"].startswith("Hello!")
    finally:
        await application.updater.stop()
        await application.stop()
        await application.shutdown()
        await assistant.rasa.aclose()


async def test_e2e_scenario_against_stub(rasa_stub: RasaStub, tmp_path: Path) -> None:
    """The end-to-end scenario (tests/e2e) checked cheaply: same steps, stub instead of Rasa."""
    from tests.e2e.test_telegram_e2e import conversation_flow

    await conversation_flow(rasa_stub.url, tmp_path)


async def test_handler_error_is_logged_without_text_and_user_is_told(
    fake_api: FakeTelegramAPI,
    rasa_stub: RasaStub,
    tmp_path: Path,
    detector: LanguageDetector,
    caplog: Any,
) -> None:
    import logging

    class BrokenAssistant(Assistant):
        async def handle_text(self, *args: Any, **kwargs: Any) -> Any:
            raise RuntimeError("database is gone")

    secret_text = "Мой ИИН 900101300123, зарплату не платят"
    settings = make_settings(tmp_path, fake_api, rasa_stub.url)
    assistant = BrokenAssistant(RasaClient(settings.rasa_url), MemoryPreferenceStore(), detector)
    caplog.set_level(logging.INFO)  # the level the bot runs at (library DEBUG logs show updates)
    application = await start_bot(fake_api, settings, assistant)
    try:
        fake_api.push_message(USER, secret_text, language_code="ru")
        (sent,) = await asyncio.to_thread(fake_api.wait_for, "sendMessage", chat_id=USER)
    finally:
        await stop_bot(application)
    assert sent.params["text"] == unavailable_text("ru")
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert errors and errors[0].exc_info is not None
    assert all("900101300123" not in r.getMessage() for r in caplog.records)
    assert all("900101300123" not in str(r.args) for r in caplog.records)


def test_webhook_mode_refuses_to_start_without_a_secret(tmp_path: Path) -> None:
    from bot.config import load_settings
    from bot.telegram_app import webhook_options

    settings = load_settings({
        "TELEGRAM_BOT_TOKEN": "1:x", "DATA_DIR": str(tmp_path), "QUQYQ_USER_KEY_SALT": "s",
        "QUQYQ_WEBHOOK_URL": "https://quqyq.example/tg/hook",
    })
    with pytest.raises(ValueError, match="QUQYQ_WEBHOOK_SECRET"):
        webhook_options(settings)


async def test_in_a_group_the_bot_only_asks_to_write_privately(
    running_bot: RunningBot, rasa_stub: RasaStub
) -> None:
    group = -100500
    running_bot.api.push_message(USER, "мне не платят зарплату", "ru", group_id=group)
    running_bot.api.push_message(USER, "/start", "ru", group_id=group)
    (note,) = await running_bot.wait_for("sendMessage", chat_id=group)
    assert "личном чате" in note.params["text"]
    await asyncio.sleep(0.5)
    assert len(running_bot.api.calls_of("sendMessage", chat_id=group)) == 1
    assert not [r for r in rasa_stub.requests if "webhook" in r["path"]]  # nothing reached Rasa
