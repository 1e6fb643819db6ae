"""End to end: complaints filed on Telegram reach the inspectors' exports, and an inspector's
status change reaches the author on Telegram.

Telegram (fake Bot API) → the real Application → real Rasa → real actions → the database the
inspectors' CLI reads. One complaint in Kazakh (anonymous), one in Russian (confidential, with a
PDF sent in the middle of the form). ``quqyq-inspect export`` runs as a separate process in CSV,
XLSX, JSON and PDF and every file is read back; ``quqyq-inspect status`` changes a status and the
bot's outbox loop delivers it to the author's chat.
"""

from __future__ import annotations

import asyncio
import csv
import hashlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from actions.forms import answer_payload as pick
from bot.outbox import PendingNotification, render_notification
from complaints.attachments import attachment_path
from inspector.cli import validate_json_export
from tests.e2e.conftest import TelegramBot
from tests.fakes import files
from tests.fakes.telegram_harness import Chat, wait_for

pytestmark = pytest.mark.rasa

INSPECT = Path(sys.executable).parent / "quqyq-inspect"
CODE = re.compile(r"\b([0-9A-Z]{4}-[0-9A-Z]{4})\b")
#: A real payslip-like PDF whose metadata names its author (the bot must strip it).
PDF_FILE = files.pdf_with_author()
KK_DESCRIPTION = "Жалақы үш ай бойы төленбеді, менеджер жауап бермейді."
RU_DESCRIPTION = "Зарплату не платят три месяца, директор только обещает."
RU_NAME = "Ерлан Ахметов"


async def answer(chat: Chat, value: str) -> list[str]:
    """Press the button for ``value`` when the bot offered one, else type it."""
    if pick(value) in chat.buttons():
        return await chat.press(pick(value))
    return await chat.say(value)


async def file_complaint(chat: Chat, language: str, greeting: str, steps: list[str]) -> str:
    """Pick the language, open the complaint from the greeting's buttons, answer, submit."""
    await chat.start(language)
    await chat.say(greeting)
    await chat.press("/file_complaint")
    for value in steps:
        await answer(chat, value)
    replies = await chat.press(pick("submit"))
    codes = [m for text in replies for m in CODE.findall(text)]
    assert len(set(codes)) == 1, replies
    return codes[0]


def inspect(bot: TelegramBot, *args: str) -> None:
    """Run the inspectors' CLI as its own process on the bot's database."""
    env = dict(os.environ, DATABASE_URL=bot.settings.database_url,
               DATA_DIR=str(bot.settings.data_dir))
    result = subprocess.run(
        [str(INSPECT), *args], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr[-2000:]


async def test_complaints_from_telegram_reach_every_export_and_status_reaches_author(
    telegram_bot: TelegramBot, tmp_path: Path
) -> None:
    kk = telegram_bot.chat(9401, "kk")
    kk_code = await file_complaint(
        kk, "kk", "Сәлеметсіз бе!",
        ["anonymous", "wages_unpaid", "Glovo", "none", "Алматы", "наурыздан мамырға дейін",
         "300 мың теңге", KK_DESCRIPTION, "Қарызды төлеу"],
    )

    ru = telegram_bot.chat(9402, "ru")
    await ru.start("ru")
    await ru.say("Здравствуйте!")
    await ru.press("/file_complaint")
    for value in ("confidential", "yes", "wages_unpaid"):
        await answer(ru, value)
    received = await ru.send_document(PDF_FILE, "расчётный лист.pdf", "application/pdf")
    assert any("1" in text for text in received), received  # "File received. Files attached: 1"
    for value in ("ТОО Ромашка", "971240001315", "Астана", "с марта по май",
                  "450 000 тг", RU_DESCRIPTION, "Выплатить долг по зарплате", RU_NAME,
                  "+77015554433", "yes"):
        await answer(ru, value)
    replies = await ru.press(pick("submit"))
    (ru_code,) = {m for text in replies for m in CODE.findall(text)}
    codes = ["--receipt", kk_code, "--receipt", ru_code]

    # -- CSV ---------------------------------------------------------------------------------
    inspect(telegram_bot, "export", "--format", "csv", "--out", str(tmp_path / "c.csv"),
            "--lang", "ru", *codes)
    with (tmp_path / "c.csv").open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    header, body = rows[0], rows[1:]
    assert len(body) == 2 and {kk_code, ru_code} <= {cell for row in body for cell in row}
    assert any("971240001315" in row for row in body) and header

    # -- XLSX --------------------------------------------------------------------------------
    inspect(telegram_bot, "export", "--format", "xlsx", "--out", str(tmp_path / "c.xlsx"),
            "--lang", "kk", *codes)
    sheet = load_workbook(tmp_path / "c.xlsx", read_only=True).worksheets[0]
    xrows = list(sheet.iter_rows(values_only=True))
    assert xrows[0][0] == "Түбіртек коды"
    by_code = {row[0]: dict(zip(xrows[0], row, strict=True)) for row in xrows[1:]}
    assert set(by_code) == {kk_code, ru_code}
    assert by_code[ru_code]["Сомасы, теңге"] == 450_000
    # The anonymous one leaves coarsened: no exact amount, only its band.
    assert by_code[kk_code]["Сомасы, теңге"] is None
    assert by_code[kk_code]["Сома аралығы, теңге"] == "250000-499999"

    # -- JSON (personal data of the confidential one, none of the anonymous one) --------------
    inspect(telegram_bot, "export", "--format", "json", "--out", str(tmp_path / "c.json"),
            "--with-personal-data", *codes)
    validate_json_export(tmp_path / "c.json")
    doc = {c["receipt_code"]: c for c in json.loads((tmp_path / "c.json").read_text("utf-8"))
           ["complaints"]}
    ru_json, kk_json = doc[ru_code], doc[kk_code]
    assert ru_json["full_name"] == RU_NAME and ru_json["identity_tier"] == "confidential"
    [stored] = [a["sha256"] for a in ru_json["attachments"]]
    kept = attachment_path(stored, telegram_bot.settings.data_dir).read_bytes()
    assert hashlib.sha256(kept).hexdigest() == stored and kept.startswith(b"%PDF")
    for encoding in ("utf-8", "utf-16-be"):  # XMP / document info: the author was stripped
        assert files.SECRET_AUTHOR.encode(encoding) not in kept
    assert kk_json["identity_tier"] == "anonymous" and kk_json["attachments"] == []
    assert kk_json.get("full_name") is None and kk_json["category"] == "wages_unpaid"

    # -- PDF, one per complaint, in the official language of the author's chat ---------------
    for code, lang, needles in (
        (kk_code, "kk", ("Еңбек құқықтарының бұзылуы туралы шағым", "Жалақыны төлемеу", "Glovo",
                         "Алматы", "Анонимді")),
        (ru_code, "ru", ("Жалоба о нарушении трудовых прав", "БИН работодателя", "971240001315",
                         "Зарплату не платят три месяца")),
    ):
        out = tmp_path / f"pdf-{lang}"
        inspect(telegram_bot, "export", "--format", "pdf", "--out", str(out), "--lang", lang,
                "--receipt", code)
        text = " ".join(" ".join(p.extract_text() for p in PdfReader(out / f"{code}.pdf").pages)
                        .split())
        assert code in text and all(needle in text for needle in needles), text[:500]
        assert "Жалақы үш ай бойы" not in text  # an anonymous complaint's free text stays out

    # -- the anonymous author is not written to (nothing links them): they ask with the code
    before = len(kk.messages())
    inspect(telegram_bot, "status", kk_code, "received", "--note", "Тіркелді", "--actor", "e2e")
    await asyncio.sleep(2.0)  # the outbox runs every 0.5 s
    assert len(kk.messages()) == before
    asked = " ".join(await kk.say(f"шағымым {kk_code} қалай?"))
    assert kk_code in asked and "Тіркелді" in asked, asked

    # -- a status change reaches the confidential author in their language via the outbox --
    for chat, code, status, lang, remark in (
        (ru, ru_code, "in_review", "ru", "Запрошены расчётные листы у работодателя"),
    ):
        before = len(chat.messages())
        inspect(telegram_bot, "status", code, status, "--note", remark, "--actor", "e2e")
        await wait_for(telegram_bot.api, "sendMessage", before + 1, 30.0, chat_id=chat.user_id)
        await asyncio.sleep(0.5)
        delivered = chat.texts(before)
        note = PendingNotification(0, chat.user_id, lang, code, status, remark)
        assert delivered == [render_notification(note)], delivered
        assert remark in delivered[0]
