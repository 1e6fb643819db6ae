"""No crash reaches the user: every quqyq action runs inside a guard.

On any exception the guard throws away what the action had said so far, sends a short
localized apology with a way on (the current question is asked again by the form, or the main
menu is offered), and returns events that leave the conversation consistent. The log gets the
action name, the exception type and where it happened — never the exception's message, the
request or a slot value, which may hold what the user typed.
"""

from __future__ import annotations

import logging
import traceback
from abc import ABC, abstractmethod
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import language_of, main_topic_buttons
from i18n import _, use_language

__all__ = ["GuardedAction", "apology", "log_failure"]

log = logging.getLogger("actions.guard")


def log_failure(action: str, error: BaseException) -> None:
    """Log that ``action`` failed: exception type and code location only (no values)."""
    frames = traceback.extract_tb(error.__traceback__)[-3:]
    where = " < ".join(f"{f.filename.rsplit('/', 1)[-1]}:{f.lineno} {f.name}" for f in frames)
    log.error("action %s failed with %s at %s", action, type(error).__name__, where)


def apology() -> str:
    """The short message a user gets instead of an error (call inside ``use_language``)."""
    return _("Sorry, something went wrong on my side. Nothing you entered is lost.")


class GuardedAction(Action, ABC):
    """An action whose ``run`` never raises: subclasses implement :meth:`act`."""

    @abstractmethod
    async def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        """What the action does (may raise: the guard answers for it)."""

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        """Run :meth:`act`; on an exception, apologise and recover (see the module doc)."""
        try:
            return await self.act(dispatcher, tracker, domain)
        except Exception as error:  # the guard's whole purpose
            log_failure(self.name(), error)
            dispatcher.messages.clear()
            return self.recover(dispatcher, tracker, domain)

    def recover(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        """What the user gets after a failure: an apology and the main menu; no events.

        Inside a form the rule that ran this action then hands back to the form, which asks
        its question again.
        """
        with use_language(_language(tracker)):
            buttons: list[dict[str, Any]] | None = None
            if not tracker.active_loop_name:
                buttons = main_topic_buttons()
            dispatcher.utter_message(text=apology(), buttons=buttons)
        return []


def _language(tracker: Tracker) -> str:
    try:
        return str(language_of(tracker))
    except Exception:  # a tracker odd enough to break the language lookup still gets an answer
        return "ru"
