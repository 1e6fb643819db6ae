"""``python -m bot`` / ``quqyq-bot``: the Telegram bot when a token is set, else a console chat."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

from bot.assistant import Assistant
from bot.config import load_settings
from bot.outbox import open_outbox
from bot.preferences import open_preference_store
from bot.rasa_client import RasaClient
from bot.sealing import open_sealer
from storage.files import restrict

__all__ = ["main"]


def configure_logging(data_dir: Path, *, console: bool) -> None:
    """Log to ``DATA_DIR/logs/bot.log``; in Telegram mode to stderr as well.

    The console chat's terminal shows only the conversation: a log line printed between two
    replies would read as part of the chat.
    """
    log_dir = data_dir / "logs"
    log_dir.mkdir(parents=True, exist_ok=True)
    handlers: list[logging.Handler] = [logging.FileHandler(log_dir / "bot.log", encoding="utf-8")]
    if not console:
        handlers.append(logging.StreamHandler())
    logging.basicConfig(
        format="%(asctime)s %(name)s %(levelname)s %(message)s",
        level=logging.INFO,
        handlers=handlers,
        force=True,
    )
    logging.getLogger("httpx").setLevel(logging.WARNING)


def main() -> None:
    """Start quqyq's front end from the environment."""
    settings = load_settings()
    restrict(settings.data_dir)
    configure_logging(settings.data_dir, console=not settings.telegram_token)
    assistant = Assistant(
        RasaClient(
            settings.rasa_url,
            timeout=settings.rasa_timeout,
            api_token=settings.rasa_api_token,
            metadata_key=settings.metadata_key,
        ),
        open_preference_store(settings.database_url),
        sealer=open_sealer(settings.database_url, settings.tracker_store_url),
    )
    assistant.detector.warm_up()
    if settings.telegram_token:
        from bot.attachments import open_attachment_store
        from bot.button_store import open_payload_backend
        from bot.telegram_app import run

        run(
            settings,
            assistant,
            open_outbox(settings.database_url),
            open_attachment_store(settings.database_url, settings.data_dir),
            open_payload_backend(settings.database_url),
        )
    else:
        from bot.console import run_console

        asyncio.run(run_console(assistant, settings.user_key_salt))


if __name__ == "__main__":
    main()
