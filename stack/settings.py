"""Stack settings, read from environment variables only (ARCHITECTURE §1)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from storage.conversations import default_tracker_store_url
from storage.secrets import shared_secret

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class StackSettings:
    """Where the two servers listen and what they use."""

    rasa_url: str
    actions_url: str
    data_dir: Path
    tracker_store_url: str
    redis_url: str | None
    engine_venv: Path
    app_python: Path
    model_path: Path
    #: Token of Rasa's HTTP API (``/model/parse``, trackers); the bot and nlu-check pass it.
    rasa_api_token: str = field(repr=False, default="")
    #: Key of the bot's metadata signature; the action server checks it.
    metadata_key: str = field(repr=False, default="")
    #: The app database of the actions (``DATABASE_URL``); ``None``: SQLite under ``DATA_DIR``.
    database_url: str | None = field(repr=False, default=None)

    @property
    def rasa_port(self) -> int:
        """Port of the Rasa HTTP server."""
        return urlsplit(self.rasa_url).port or 5005

    @property
    def actions_port(self) -> int:
        """Port of the action server."""
        return urlsplit(self.actions_url).port or 5055

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> StackSettings:
        """Build settings from ``env`` (default ``os.environ``) with embedded defaults."""
        env = dict(os.environ if env is None else env)
        data_dir = Path(env.get("DATA_DIR") or ROOT / "var").resolve()
        return cls(
            rasa_url=env.get("RASA_URL", "http://127.0.0.1:5005").rstrip("/"),
            actions_url=env.get("ACTIONS_URL", "http://127.0.0.1:5055/webhook"),
            data_dir=data_dir,
            # Rasa's own tables (conversation trackers) stay apart from app data.
            tracker_store_url=env.get("RASA_TRACKER_STORE_URL")
            or default_tracker_store_url(data_dir),
            redis_url=env.get("REDIS_URL") or None,
            engine_venv=Path(env.get("QUQYQ_ENGINE_VENV") or ROOT / ".venv-engine"),
            app_python=Path(env.get("QUQYQ_APP_PYTHON") or ROOT / ".venv" / "bin" / "python"),
            model_path=Path(env.get("QUQYQ_MODEL") or ROOT / "nlu" / "models" / "quqyq.tar.gz"),
            rasa_api_token=shared_secret("rasa_api_token", env, data_dir),
            metadata_key=shared_secret("metadata_key", env, data_dir),
            database_url=env.get("DATABASE_URL") or None,
        )
