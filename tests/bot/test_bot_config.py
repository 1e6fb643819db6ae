"""Settings come from the environment only; the pseudonymisation salt is never a constant."""

from __future__ import annotations

import stat
from pathlib import Path

from bot.config import load_settings


def test_defaults_and_base_url_forms(tmp_path: Path) -> None:
    settings = load_settings({"DATA_DIR": str(tmp_path)})
    assert settings.telegram_token is None  # → console mode
    assert settings.bot_api_url == "https://api.telegram.org/bot"
    assert settings.bot_file_url == "https://api.telegram.org/file/bot"
    assert settings.rasa_url == "http://127.0.0.1:5005"
    assert settings.database_url == f"sqlite:///{tmp_path / 'quqyq.db'}"
    assert settings.webhook_url is None
    for given in ("http://10.0.0.5:8081", "http://10.0.0.5:8081/", "http://10.0.0.5:8081/bot"):
        env = {"DATA_DIR": str(tmp_path), "TELEGRAM_API_BASE_URL": given}
        assert load_settings(env).bot_api_url == "http://10.0.0.5:8081/bot"


def test_salt_is_generated_once_private_and_reused(tmp_path: Path) -> None:
    first = load_settings({"DATA_DIR": str(tmp_path)}).user_key_salt
    second = load_settings({"DATA_DIR": str(tmp_path)}).user_key_salt
    assert first == second and len(first) == 64
    mode = stat.S_IMODE((tmp_path / "user_key_salt").stat().st_mode)
    assert mode == 0o600
    other = load_settings({"DATA_DIR": str(tmp_path / "other")}).user_key_salt
    assert other != first
    assert (
        load_settings({"DATA_DIR": str(tmp_path), "QUQYQ_USER_KEY_SALT": "x"}).user_key_salt == "x"
    )


def test_webhook_settings(tmp_path: Path) -> None:
    settings = load_settings(
        {
            "DATA_DIR": str(tmp_path),
            "QUQYQ_WEBHOOK_URL": "https://bot.example.kz/tg/hook",
            "PORT": "9000",
            "QUQYQ_WEBHOOK_LISTEN": "0.0.0.0",
        }
    )
    assert (settings.webhook_port, settings.webhook_listen) == (9000, "0.0.0.0")
