"""A terminal chat with quqyq through the same path as Telegram (no token needed).

``.venv/bin/python -m bot`` without ``TELEGRAM_BOT_TOKEN`` opens it (Rasa must be running, see
the README). Buttons are shown as numbered options: type the number to press one. ``/language``
picks the language, ``/quit`` (or Ctrl-D) leaves.
"""

from __future__ import annotations

import asyncio
import getpass
import logging
import sys
from collections.abc import Callable
from typing import TextIO

from bot.assistant import Assistant, Button, Turn
from bot.preferences import user_key
from bot.rendering import LANGUAGE_NAMES
from i18n import LANGUAGES, _, use_language

__all__ = ["ConsoleChat", "run_console"]

logger = logging.getLogger(__name__)


class ConsoleChat:
    """One local user talking to the assistant; input/output injectable for tests."""

    def __init__(
        self,
        assistant: Assistant,
        key: str,
        *,
        read: Callable[[str], str] = input,
        out: TextIO = sys.stdout,
    ) -> None:
        self.assistant = assistant
        self.key = key
        self.read = read
        self.out = out
        self.options: list[Button] = []
        self.language = "ru"

    def show(self, turn: Turn) -> None:
        """Print replies; remember their buttons as the numbered options."""
        self.language = turn.language
        self.options = []
        for reply in turn.replies:
            if reply.text:
                print(f"quqyq> {reply.text}", file=self.out)
            for button in reply.buttons:
                self.options.append(button)
                print(f"   [{len(self.options)}] {button.title}", file=self.out)

    async def pick_language(self) -> None:
        """The console's language picker."""
        for number, language in enumerate(LANGUAGES, start=1):
            print(f"   [{number}] {LANGUAGE_NAMES[language]}", file=self.out)
        answer = (await asyncio.to_thread(self.read, "> ")).strip()
        if answer.isdigit() and 1 <= int(answer) <= len(LANGUAGES):
            self.show(await self.assistant.choose_language(self.key, LANGUAGES[int(answer) - 1]))

    async def step(self, line: str) -> bool:
        """Handle one input line; ``False`` when the user wants to leave."""
        text = line.strip()
        if not text:
            return True
        if text in ("/quit", "/exit"):
            return False
        if text in ("/language", "/start"):
            await self.pick_language()
        elif text.isdigit() and 1 <= int(text) <= len(self.options):
            self.show(
                await self.assistant.handle_payload(self.key, self.options[int(text) - 1].payload)
            )
        elif text == "/delete":
            self.show(await self.assistant.handle_payload(self.key, "/delete_my_data"))
        else:
            self.show(await self.assistant.handle_text(self.key, text))
        return True

    async def run(self) -> None:
        """The read–reply loop until /quit or end of input."""
        for language in LANGUAGES:  # the user has not chosen yet: say it in all three
            with use_language(language):
                print(
                    _(
                        "quqyq console. Write your question; type a number to press a button, "
                        "/language to change the language, /quit to leave."
                    ),
                    file=self.out,
                )
        while True:
            try:
                line = await asyncio.to_thread(self.read, "you> ")
            except (EOFError, KeyboardInterrupt):
                print(file=self.out)
                return
            if not await self.step(line):
                return


async def run_console(assistant: Assistant, salt: str) -> None:
    """Chat in the terminal as the local OS user (pseudonymised like a Telegram user)."""
    try:
        if not await assistant.rasa.is_up():
            logger.warning(
                "Rasa does not answer at %s: start it with `.venv/bin/python -m stack` "
                "(replies will say the assistant is unavailable until then)",
                assistant.rasa.base_url,
            )
        chat = ConsoleChat(assistant, user_key(f"console:{getpass.getuser()}", salt))
        await chat.run()
    finally:
        await assistant.rasa.aclose()
