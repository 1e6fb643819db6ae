"""Settings of the Telegram front end, read only from the environment.

In development (``QUQYQ_ENV`` unset or not ``production``) the project root's ``.env`` is loaded
first; real environment variables win. Without ``TELEGRAM_BOT_TOKEN`` the bot runs as a console
chat. Shared secrets (:mod:`storage.secrets`) are made once under ``DATA_DIR``.

| variable | default | meaning |
|---|---|---|
| ``TELEGRAM_BOT_TOKEN`` | — | bot token; absent → console mode |
| ``TELEGRAM_API_BASE_URL`` | ``https://api.telegram.org`` | Bot API server (self-hosted, test) |
| ``RASA_URL`` | ``http://127.0.0.1:5005`` | Rasa server (REST channel and ``/model/parse``) |
| ``RASA_TIMEOUT`` | ``20`` | seconds to wait for Rasa before the "try again" reply |
| ``DATABASE_URL`` / ``DATA_DIR`` | ``sqlite:///$DATA_DIR/quqyq.db`` / ``./var`` | storage |
| ``QUQYQ_USER_KEY_SALT`` | made once in ``$DATA_DIR/user_key_salt`` | pseudonym secret |
| ``RASA_API_TOKEN`` | made once in ``$DATA_DIR/rasa_api_token`` | Rasa HTTP API token |
| ``QUQYQ_METADATA_KEY`` | made once in ``$DATA_DIR/metadata_key`` | signs message metadata |
| ``QUQYQ_ENV`` | ``development`` | ``production``: no ``.env`` file is read |
| ``QUQYQ_WEBHOOK_URL`` | — | public HTTPS URL → webhook mode instead of polling |
| ``QUQYQ_WEBHOOK_LISTEN`` / ``PORT`` | ``127.0.0.1`` / ``8443`` | webhook server address |
| ``QUQYQ_WEBHOOK_SECRET`` | — | ``secret_token`` Telegram must send with each update |
| ``QUQYQ_OUTBOX_INTERVAL`` | ``15`` | seconds between checks for pending notifications |
| ``RASA_TRACKER_STORE_URL`` | ``sqlite:///$DATA_DIR/rasa_tracker.db`` | Rasa's conversations
  (erased by "delete my data") |
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from dotenv import load_dotenv

from storage.conversations import default_tracker_store_url
from storage.secrets import data_dir_of, shared_secret

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
    rasa_api_token: str
    metadata_key: str
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


def load_settings(env: Mapping[str, str] | None = None, *, dotenv: bool = True) -> Settings:
    """Read the settings from ``env`` (default: ``os.environ`` after loading ``.env``)."""
    if env is None:
        if dotenv and os.environ.get("QUQYQ_ENV", "development") != "production":
            # Development only, and only the project's own file: never one found in a parent
            # directory or the working directory of whoever starts the bot.
            load_dotenv(REPO_ROOT / ".env", override=False)
        env = os.environ
    data_dir = data_dir_of(env)
    database_url = env.get("DATABASE_URL") or f"sqlite:///{data_dir / 'quqyq.db'}"
    return Settings(
        telegram_token=env.get("TELEGRAM_BOT_TOKEN") or None,
        telegram_api_base_url=_api_root(env.get("TELEGRAM_API_BASE_URL")),
        rasa_url=(env.get("RASA_URL") or "http://127.0.0.1:5005").rstrip("/"),
        rasa_timeout=float(env.get("RASA_TIMEOUT") or 20),
        data_dir=data_dir,
        database_url=database_url,
        user_key_salt=shared_secret("user_key_salt", env, data_dir),
        rasa_api_token=shared_secret("rasa_api_token", env, data_dir),
        metadata_key=shared_secret("metadata_key", env, data_dir),
        webhook_url=env.get("QUQYQ_WEBHOOK_URL") or None,
        webhook_listen=env.get("QUQYQ_WEBHOOK_LISTEN") or "127.0.0.1",
        webhook_port=int(env.get("PORT") or 8443),
        webhook_secret=env.get("QUQYQ_WEBHOOK_SECRET") or None,
        outbox_interval=float(env.get("QUQYQ_OUTBOX_INTERVAL") or 15),
        tracker_store_url=env.get("RASA_TRACKER_STORE_URL")
        or default_tracker_store_url(data_dir.resolve()),
    )
