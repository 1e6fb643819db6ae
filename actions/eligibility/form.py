"""The eligibility form's actions: start (or resume), and the engine's validator and questions.

* ``action_eligibility_start`` opens a new interview or resumes an interrupted one (answers
  live in slots, so they survive restarts through the tracker store).
* ``validate_eligibility_form`` and ``action_ask_<slot>`` come from the form engine
  (:mod:`actions.forms.engine`): typed answers in kk/ru/en, "back", "skip", "restart", "stop",
  rights questions answered in between, and a position number on each question.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import language_of
from actions.eligibility.interview import DONE, FORM, MAX_QUESTIONS, STOPPED
from actions.forms.engine import ERROR_COUNT, INVALID_COUNT, form_actions
from actions.guard import GuardedAction
from actions.sealing import discard
from i18n import _, use_language

__all__ = ["DONE", "STOPPED", "ActionEligibilityStart", "answers_in"]


def answers_in(tracker: Tracker) -> dict[str, Any]:
    """The interview's canonical answers held in the tracker's slots."""
    return FORM.answers(tracker.slots)


class ActionEligibilityStart(GuardedAction):
    """Open the interview: fresh after a finished one, resumed after an interruption."""

    def name(self) -> str:
        """Action name in the domain."""
        return "action_eligibility_start"

    async def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        """Say how the interview works, or that it continues; reset answers if it was done."""
        answers = answers_in(tracker)
        events: list[EventType] = [
            SlotSet(STOPPED, False), SlotSet(INVALID_COUNT, 0), SlotSet(ERROR_COUNT, 0)
        ]
        with use_language(language_of(tracker)):
            if tracker.get_slot(DONE) or not any(v is not None for v in answers.values()):
                discard(tracker, (tracker.get_slot(slot) for slot in FORM.slots))
                events += [SlotSet(slot, None) for slot in FORM.slots if tracker.get_slot(slot)]
                events.append(SlotSet(DONE, False))
                dispatcher.utter_message(
                    text=_(
                        "Let's check which rights and guarantees apply to you: at most {count} "
                        "short questions. Press a button or answer in your own words. You can "
                        'write "back", "skip", "restart" or "stop" at any time.'
                    ).format(count=MAX_QUESTIONS)
                )
            else:
                dispatcher.utter_message(text=_("Let's continue where we stopped."))
        return events


#: The engine's validator and one ask action per question; the action server registers them.
VALIDATOR, ASK_ACTIONS = form_actions(FORM, globals(), "Eligibility")
