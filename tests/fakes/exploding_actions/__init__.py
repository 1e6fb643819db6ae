"""An action package for the action-server error test: one action that raises unguarded.

It imports :mod:`actions` as the real package would be imported, so quqyq's action-server
plugin (:mod:`actions.server_errors`) is installed exactly as in production.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action

import actions  # noqa: F401 - installs the error answer without details


class ActionExplode(Action):
    """Raises with the user's text in the message, as an unguarded bug would."""

    def name(self) -> str:
        return "action_explode"

    async def run(self, dispatcher: Any, tracker: Any, domain: Any) -> list[Any]:
        raise ValueError("could not convert string to float: " + tracker.latest_message["text"])
