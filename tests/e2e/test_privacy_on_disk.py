"""Personal data on disk, looked at where it is: after typed complaints, only the app database
holds what was typed; after "delete my data", not even that, and Rasa's conversation is gone.

Telegram (fake Bot API) → the bot with its sealer → real Rasa with its SQL tracker store →
real actions. The files are read as bytes, the way anyone with access to the server could.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from complaints.receipt import receipt_codes_in
from storage.users import user_key_for
from tests.e2e.conftest import TelegramBot
from tests.fakes.telegram_harness import Chat

pytestmark = pytest.mark.rasa

NAME = "Гүлназ Тұрсынбекова"
IIN = "880315400128"
PHONE = "+7 705 321 09 87"
PHONE_DIGITS = "7053210987"
ADDRESS = "Алматы, Төле би көшесі 202"
DESCRIPTION = "Бригадир Ерболат үш ай жалақыны ұстап қалды, құпия сөйлесу"
REQUEST = "Жалақыны толық төлесін деп сұраймын"
TYPED = (NAME, IIN, PHONE_DIGITS, ADDRESS, DESCRIPTION, REQUEST)


async def named_complaint(chat: Chat) -> list[str]:
    await chat.start("kk")
    await chat.say("шағым бергім келеді")
    for answer in ("өз атымнан", "иә, келісемін", "жалақы төленбейді", "ЖШС Алтын", "білмеймін",
                   "Алматы", "білмеймін", "жоқ", DESCRIPTION, REQUEST, NAME, PHONE, IIN,
                   ADDRESS, "жоқ"):
        await chat.say(answer)
    return await chat.say("жіберу")


async def anonymous_complaint(chat: Chat) -> str:
    """Type an anonymous complaint in Russian; return the receipt code it was shown."""
    await chat.start("ru")
    await chat.say("хочу пожаловаться")
    for answer in ("анонимно", "не платят зарплату", "ТОО Алтын", "не знаю", "Алматы",
                   "не знаю", "нет", "Бригадир не платит зарплату третий месяц",
                   "Выплатить долг"):
        await chat.say(answer)
    replies = await chat.say("отправить")
    codes = [c for text in replies for c in receipt_codes_in(text, strict=True)]
    assert len(codes) == 1, replies
    return codes[0]


def files_under(data_dir: Path) -> list[Path]:
    return [p for p in data_dir.rglob("*") if p.is_file()]


def holders(data_dir: Path, needles: tuple[str, ...]) -> dict[str, list[str]]:
    """Which files under ``data_dir`` contain which of ``needles`` (as UTF-8 bytes)."""
    found: dict[str, list[str]] = {}
    for path in files_under(data_dir):
        data = path.read_bytes()
        hits = [n for n in needles if n.encode("utf-8") in data]
        if hits:
            found[path.name] = hits
    return found


async def test_personal_data_is_only_in_the_app_database_then_nowhere(
    telegram_bot: TelegramBot,
) -> None:
    data_dir = telegram_bot.settings.data_dir
    chat = telegram_bot.chat(9811, "kk")
    replies = await named_complaint(chat)
    assert any("-" in text and "код" in text.lower() for text in replies), replies
    # While the complaint is stored: the typed data is in the app database only.
    found = holders(data_dir, TYPED)
    assert set(found) <= {"quqyq.db", "quqyq.db-wal"}, found
    key = user_key_for(9811, telegram_bot.settings.user_key_salt)
    tracker_db = data_dir / "rasa_tracker.db"
    with sqlite3.connect(tracker_db) as connection:
        rows = connection.execute("SELECT data FROM events WHERE sender_id = ?", (key,)).fetchall()
    assert rows, "the conversation is in Rasa's tracker store"
    with sqlite3.connect(data_dir / "quqyq.db") as connection:
        chats = connection.execute("SELECT chat_id, consent_notifications FROM users "
                                   "WHERE user_key = ?", (key,)).fetchall()
    assert chats == [(None, 0)], "no news asked for: no chat id kept"
    kept = "\n".join(row[0] for row in rows)
    for needle in TYPED:
        assert needle not in kept

    # Delete my data: the conversation leaves Rasa, the complaint loses the personal fields.
    await chat.say("/delete")
    await chat.press('/delete_my_data{"pick":"erase"}')
    with sqlite3.connect(tracker_db) as connection:
        left = connection.execute("SELECT count(*) FROM events WHERE sender_id = ?",
                                  (key,)).fetchone()[0]
    assert left == 0
    with sqlite3.connect(data_dir / "quqyq.db") as connection:
        sealed = connection.execute("SELECT count(*) FROM sealed_texts WHERE user_key = ?",
                                    (key,)).fetchone()[0]
        stored = connection.execute(
            "SELECT full_name, iin, contact, address, description, request FROM complaints "
            "WHERE erased_at IS NOT NULL").fetchall()
    assert sealed == 0
    assert stored and all(value is None for row in stored for value in row)
    # The next message starts a fresh conversation that works.
    assert await chat.say("сәлем")


async def test_a_typed_answer_at_a_personal_question_never_reaches_rasa(
    telegram_bot: TelegramBot,
) -> None:
    chat = telegram_bot.chat(9812, "ru")
    await chat.start("ru")
    await chat.say("хочу подать жалобу")
    for answer in ("конфиденциально", "да, согласен", "уволили", "ТОО Ромашка", "не знаю",
                   "Шымкент", "не знаю", "нет"):
        await chat.say(answer)
    secret = "Меня уволили после того как я пожаловался на Асхата Бекова"
    await chat.say(secret)
    key = user_key_for(9812, telegram_bot.settings.user_key_salt)
    with sqlite3.connect(telegram_bot.settings.data_dir / "rasa_tracker.db") as connection:
        rows = connection.execute("SELECT data FROM events WHERE sender_id = ?", (key,)).fetchall()
    kept = "\n".join(row[0] for row in rows)
    assert "Асхата" not in kept and "sealed:" in kept


def test_every_file_under_data_dir_is_the_operators_alone(telegram_bot: TelegramBot) -> None:
    data_dir = telegram_bot.settings.data_dir
    assert data_dir.stat().st_mode & 0o777 == 0o700
    wider = {
        str(path.relative_to(data_dir)): oct(path.stat().st_mode & 0o777)
        for path in data_dir.rglob("*")
        if path.stat().st_mode & 0o077
    }
    assert not wider, wider


async def test_an_anonymous_complaint_cannot_be_joined_to_its_author(
    telegram_bot: TelegramBot,
) -> None:
    """Typed end to end: the code is shown once, the conversation never holds it (not at the
    receipt, not when the author asks for the status), and no row leads from it to a user."""
    data_dir = telegram_bot.settings.data_dir
    chat = telegram_bot.chat(9813, "ru")
    code = await anonymous_complaint(chat)
    status = await chat.say(f"статус {code.lower()}")
    assert any(code in text for text in status), status

    key = user_key_for(9813, telegram_bot.settings.user_key_salt)
    with sqlite3.connect(data_dir / "rasa_tracker.db") as connection:
        kept = "\n".join(row[0] for row in connection.execute(
            "SELECT data FROM events WHERE sender_id = ?", (key,)))
    assert kept and code not in kept and code.lower() not in kept
    with sqlite3.connect(data_dir / "quqyq.db") as connection:
        row = connection.execute(
            "SELECT user_id, idempotency_key, submitted_at FROM complaints "
            "WHERE receipt_code = ?", (code,)).fetchone()
        user_id, idempotency_key, submitted_at = row
        assert user_id is None and idempotency_key.startswith("anon:")
        assert "00:00:00" in str(submitted_at)  # the day only
        draft_ids = [d for d in kept.split('"') if len(d) == 32 and d.isalnum()]
        assert draft_ids and not any(d in idempotency_key for d in draft_ids)
        # Nothing joins the complaint to the users table: no owner, no file, no outbox row.
        joined = connection.execute(
            "SELECT count(*) FROM complaints c JOIN users u ON c.user_id = u.id "
            "WHERE c.receipt_code = ?", (code,)).fetchone()[0]
        files = connection.execute(
            "SELECT count(*) FROM complaint_attachments a JOIN complaints c "
            "ON a.complaint_id = c.id WHERE c.receipt_code = ? AND a.user_id IS NOT NULL",
            (code,)).fetchone()[0]
        outbox = connection.execute(
            "SELECT count(*) FROM notifications n JOIN complaints c ON n.complaint_id = c.id "
            "WHERE c.receipt_code = ?", (code,)).fetchone()[0]
        waiting = connection.execute(
            "SELECT count(*) FROM sealed_texts WHERE user_key = ?", (key,)).fetchone()[0]
    assert (joined, files, outbox) == (0, 0, 0)
    assert waiting == 0  # the sealed receipt and status were shown and are gone
