"""Settings of the Telegram front end, read only from the environment.

A ``.env`` file in the working directory is loaded for development (real environment variables
win). No secret has a default: without ``TELEGRAM_BOT_TOKEN`` the bot runs as a console chat.

| variable | default | meaning |
|---|---|---|
| ``TELEGRAM_BOT_TOKEN`` | — | bot token; absent → console mode |
| ``TELEGRAM_API_BASE_URL`` | ``https://api.telegram.org`` | Bot API server (self-hosted, test) |
| ``RASA_URL`` | ``http://127.0.0.1:5005`` | Rasa server (REST channel and ``/model/parse``) |
| ``RASA_TIMEOUT`` | ``20`` | seconds to wait for Rasa before the "try again" reply |
| ``DATABASE_URL`` / ``DATA_DIR`` | ``sqlite:///$DATA_DIR/quqyq.db`` / ``./var`` | storage |
| ``QUQYQ_USER_KEY_SALT`` | made once in ``$DATA_DIR/user_key_salt`` | pseudonym secret |
| ``QUQYQ_WEBHOOK_URL`` | — | public HTTPS URL → webhook mode instead of polling |
| ``QUQYQ_WEBHOOK_LISTEN`` / ``PORT`` | ``127.0.0.1`` / ``8443`` | webhook server address |
| ``QUQYQ_WEBHOOK_SECRET`` | — | ``secret_token`` Telegram must send with each update |
| ``QUQYQ_OUTBOX_INTERVAL`` | ``15`` | seconds between checks for pending notifications |
| ``RASA_TRACKER_STORE_URL`` | ``sqlite:///$DATA_DIR/rasa_tracker.db`` | Rasa's conversations
  (erased by "delete my data") |
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from dotenv import load_dotenv

from storage.conversations import default_tracker_store_url

__all__ = ["DEFAULT_TELEGRAM_API", "Settings", "load_settings"]

DEFAULT_TELEGRAM_API = "https://api.telegram.org"
REPO_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything the bot process needs to know about its surroundings."""

    telegram_token: str | None
    telegram_api_base_url: str
    rasa_url: str
    rasa_timeout: float
    data_dir: Path
    database_url: str
    user_key_salt: str
    webhook_url: str | None
    webhook_listen: str
    webhook_port: int
    webhook_secret: str | None
    outbox_interval: float
    tracker_store_url: str

    @property
    def bot_api_url(self) -> str:
        """``base_url`` for python-telegram-bot (the token is appended by the library)."""
        return f"{self.telegram_api_base_url}/bot"

    @property
    def bot_file_url(self) -> str:
        """``base_file_url`` for python-telegram-bot."""
        return f"{self.telegram_api_base_url}/file/bot"


def _api_root(value: str | None) -> str:
    """Accept ``https://host``, ``https://host/`` or ``https://host/bot`` alike."""
    root = (value or DEFAULT_TELEGRAM_API).strip().rstrip("/")
    return root.removesuffix("/bot")


def _salt(env: Mapping[str, str], data_dir: Path) -> str:
    """The pseudonymisation salt: from the environment, else created once under DATA_DIR.

    Without a secret salt a sha256 of a Telegram id is reversible by trying every id.
    """
    if env.get("QUQYQ_USER_KEY_SALT"):
        return env["QUQYQ_USER_KEY_SALT"]
    path = data_dir / "user_key_salt"
    if path.exists():
        return path.read_text(encoding="ascii").strip()
    data_dir.mkdir(parents=True, exist_ok=True)
    salt = secrets.token_hex(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(salt)
    return salt


def load_settings(env: Mapping[str, str] | None = None, *, dotenv: bool = True) -> Settings:
    """Read the settings from ``env`` (default: ``os.environ`` after loading ``.env``)."""
    if env is None:
        if dotenv:
            load_dotenv(override=False)
        env = os.environ
    data_dir = Path(env.get("DATA_DIR") or REPO_ROOT / "var")
    database_url = env.get("DATABASE_URL") or f"sqlite:///{data_dir / 'quqyq.db'}"
    return Settings(
        telegram_token=env.get("TELEGRAM_BOT_TOKEN") or None,
        telegram_api_base_url=_api_root(env.get("TELEGRAM_API_BASE_URL")),
        rasa_url=(env.get("RASA_URL") or "http://127.0.0.1:5005").rstrip("/"),
        rasa_timeout=float(env.get("RASA_TIMEOUT") or 20),
        data_dir=data_dir,
        database_url=database_url,
        user_key_salt=_salt(env, data_dir),
        webhook_url=env.get("QUQYQ_WEBHOOK_URL") or None,
        webhook_listen=env.get("QUQYQ_WEBHOOK_LISTEN") or "127.0.0.1",
        webhook_port=int(env.get("PORT") or 8443),
        webhook_secret=env.get("QUQYQ_WEBHOOK_SECRET") or None,
        outbox_interval=float(env.get("QUQYQ_OUTBOX_INTERVAL") or 15),
        tracker_store_url=env.get("RASA_TRACKER_STORE_URL")
        or default_tracker_store_url(data_dir.resolve()),
    )
