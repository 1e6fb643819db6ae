"""Console mode and the NLU check command go through the same path as Telegram."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from bot.assistant import Assistant
from bot.console import ConsoleChat
from bot.language import LanguageDetector
from bot.nlu_check import check_lines
from bot.rasa_client import RasaClient
from tests.fakes.rasa_stub import RasaStub

ROOT = Path(__file__).resolve().parents[2]


def reader(lines: list[str]) -> Callable[[str], str]:
    """An ``input`` replacement: the lines, then end of input (like Ctrl-D)."""
    pending = iter(lines)

    def read(_prompt: str) -> str:
        line = next(pending, None)
        if line is None:
            raise EOFError
        return line

    return read


async def test_console_chat_with_numbered_buttons_and_language(
    assistant: Assistant, rasa_stub: RasaStub
) -> None:
    lines = ["Маған жалақы төленбеді", "1", "/language", "3", "hello", "/quit", "never sent"]
    out = io.StringIO()
    chat = ConsoleChat(assistant, "c" * 64, read=reader(lines), out=out)
    await chat.run()
    text = out.getvalue()
    assert "quqyq> Сәлем!" in text  # detected Kazakh
    assert "[1] Wages" in text and "[2] Complaint" in text
    assert [r["message"] for r in rasa_stub.requests] == [
        "Маған жалақы төленбеді",
        "/ask_wages_unpaid",
        "hello",
    ]
    assert "Language set: English" in text
    assert rasa_stub.requests[-1]["metadata"]["language_source"] == "chosen"


async def test_console_survives_rasa_outage(assistant: Assistant, rasa_stub: RasaStub) -> None:
    rasa_stub.mode = "empty"
    out = io.StringIO()
    chat = ConsoleChat(assistant, "c" * 64, read=reader(["мне не платят зарплату"]), out=out)
    await chat.run()
    assert "через минуту" in out.getvalue()


async def test_nlu_check_prints_json_lines(rasa_stub: RasaStub, detector: LanguageDetector) -> None:
    out = io.StringIO()
    client = RasaClient(rasa_stub.url, timeout=2)
    try:
        await check_lines(["жалақы төленбеді", "", "zarplatu ne platyat"], client, detector, out)
    finally:
        await client.aclose()
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [r["language"] for r in rows] == ["kk", "ru"]
    assert rows[0]["intent"] == "ask_wages_unpaid" and rows[0]["confidence"] == 0.91
    assert len(rows[0]["intent_ranking"]) == 3
    assert set(rows[0]) >= {"text", "language", "intent", "confidence", "intent_ranking"}


def test_nlu_check_command_reports_missing_rasa(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "RASA_URL": "http://127.0.0.1:9",
        "DATA_DIR": str(tmp_path),
        "QUQYQ_USER_KEY_SALT": "x",
    }
    result = subprocess.run(
        [sys.executable, "-m", "bot.nlu_check"],
        input="hello\n",
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=60,
    )
    assert result.returncode == 2
    assert "Rasa is not available" in result.stderr and "Traceback" not in result.stderr


def test_the_console_shows_only_the_conversation_and_logs_go_to_the_log_file(
    tmp_path: Path,
) -> None:
    env = {
        **os.environ,
        "RASA_URL": "http://127.0.0.1:9",  # nothing listens: every reply is "unavailable"
        "DATA_DIR": str(tmp_path),
        "QUQYQ_USER_KEY_SALT": "x",
        "TELEGRAM_BOT_TOKEN": "",
    }
    result = subprocess.run(
        [sys.executable, "-m", "bot"],
        input="Маған жалақы төленбеді\n",
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert "quqyq>" in result.stdout
    for line in result.stdout.splitlines():
        assert " WARNING " not in line and " INFO " not in line and "bot.assistant" not in line
    log = (tmp_path / "logs" / "bot.log").read_text(encoding="utf-8")
    assert "Rasa" in log and "жалақы" not in log
