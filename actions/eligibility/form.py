"""The eligibility form: start, ask, validate (with back/skip/restart/stop).

* ``action_eligibility_start`` opens a new interview or resumes an interrupted one (answers
  live in slots, so they survive restarts through the tracker store).
* ``action_ask_<slot>`` asks one question with buttons in the user's language; after two
  answers it could not read it adds "Skip" (treated as "don't know").
* ``validate_eligibility_form`` reads free text or button payloads with the parsers, decides
  which questions this worker needs (dynamic ``required_slots``) and handles the navigation
  words.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import button, language_of, publish_ask_actions
from actions.eligibility import harmful
from actions.eligibility.interview import FORM, QUESTIONS, SLOTS, required_slots
from actions.eligibility.parsers import DONT_KNOW, answer_payload, parse_navigation
from i18n import _, use_language

__all__ = [
    "DONE",
    "INVALID_COUNT",
    "STOPPED",
    "ActionEligibilityStart",
    "AskEligibilityQuestion",
    "ValidateEligibilityForm",
    "answers_in",
    "ask_action_name",
]

#: Answers the current question could not be read in a row (re-ask with "Skip" from 2).
INVALID_COUNT = "elig_invalid_count"
#: The worker said "stop": the form ends without a result, answers are kept.
STOPPED = "elig_stopped"
#: The last interview ended with a result; the next start begins a fresh one.
DONE = "elig_done"
#: After this many unreadable answers the question offers "Skip".
SKIP_AFTER_INVALID = 2


def answers_in(tracker: Tracker) -> dict[str, Any]:
    """The interview answers held in the tracker's slots."""
    return {slot: tracker.get_slot(slot) for slot in SLOTS}


def ask_action_name(slot: str) -> str:
    """Name of the action Rasa runs to ask for ``slot``."""
    return f"action_ask_{slot}"


class ActionEligibilityStart(Action):
    """Open the interview: fresh after a finished one, resumed after an interruption."""

    def name(self) -> str:
        """Action name in the domain."""
        return "action_eligibility_start"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        """Say how the interview works, or that it continues; reset answers if it was done."""
        answers = answers_in(tracker)
        events: list[EventType] = [SlotSet(STOPPED, False), SlotSet(INVALID_COUNT, 0)]
        with use_language(language_of(tracker)):
            if tracker.get_slot(DONE) or not any(v is not None for v in answers.values()):
                events += [SlotSet(slot, None) for slot, v in answers.items() if v is not None]
                events.append(SlotSet(DONE, False))
                dispatcher.utter_message(
                    text=_(
                        "Let's check which rights and guarantees apply to you. I will ask a "
                        "few short questions: press a button or answer in your own words. "
                        'You can write "back", "skip", "restart" or "stop" at any time.'
                    )
                )
            else:
                dispatcher.utter_message(text=_("Let's continue where we stopped."))
        return events


class AskEligibilityQuestion(Action, ABC):
    """Ask one interview question (one subclass per slot, generated below)."""

    @property
    @abstractmethod
    def slot(self) -> str:
        """The slot this action asks for."""

    def name(self) -> str:
        """``action_ask_<slot>``: the name Rasa's form looks for."""
        return ask_action_name(self.slot)

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        """Send the question with its answer buttons, "Don't know", "Back" and maybe "Skip"."""
        question = QUESTIONS[self.slot]
        needed = required_slots(answers_in(tracker))
        position = needed.index(self.slot) + 1 if self.slot in needed else 0
        invalid = int(tracker.get_slot(INVALID_COUNT) or 0)
        with use_language(language_of(tracker)):
            text = question.text()
            if position:
                text = f"{position}/{len(needed)}. {text}"
            buttons = [button(o.title(), answer_payload(o.value)) for o in question.options]
            buttons.append(button(_("Don't know"), answer_payload(DONT_KNOW)))
            if invalid >= SKIP_AFTER_INVALID:
                text += "\n" + _(
                    'You can also skip this question: I will count it as "don\'t know".'
                )
                buttons.append(button(_("Skip"), answer_payload("skip")))
            if position > 1:
                buttons.append(button(_("« Back"), answer_payload("back")))
            dispatcher.utter_message(text=text, buttons=buttons)
        return []


#: One ask action per question; the action server registers every Action subclass it finds.
ASK_ACTIONS: dict[str, type[AskEligibilityQuestion]] = publish_ask_actions(
    AskEligibilityQuestion,  # type: ignore[type-abstract]  # subclasses fill in ``slot``
    "AskEligibility_",
    SLOTS,
    globals(),
)


class ValidateEligibilityForm(FormValidationAction):
    """Validate answers, handle navigation, and pick the questions this worker needs."""

    def name(self) -> str:
        """Validator of ``eligibility_form``."""
        return "validate_" + FORM

    async def required_slots(
        self,
        domain_slots: list[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[str]:
        """The branch questions this worker needs; none after "stop" (the form ends)."""
        if tracker.get_slot(STOPPED):
            return []
        return required_slots(answers_in(tracker))

    def validate_answer(
        self, slot: str, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker
    ) -> dict[str, Any]:
        """Slot updates for the text the worker sent as the answer to ``slot``."""
        if not isinstance(value, str):
            return {slot: value}  # already canonical (set by an action or re-validated)
        with use_language(language_of(tracker)):
            navigation = parse_navigation(value)
            if navigation is not None:
                return self._navigate(navigation, slot, dispatcher, tracker)
            answer = QUESTIONS[slot].parse(value)
            if answer is not None and not (slot == harmful.WORK_CLASS and answer == "3"):
                return {slot: answer, INVALID_COUNT: 0}
            invalid = int(tracker.get_slot(INVALID_COUNT) or 0) + 1
            if slot == harmful.WORK_CLASS and answer == "3":
                # Class 3 has four degrees with different guarantees in the List: ask which.
                dispatcher.utter_message(
                    text=_("Class 3 has four degrees: 3.1, 3.2, 3.3 or 3.4. Which one is yours?")
                )
            else:
                dispatcher.utter_message(
                    text=_("Sorry, I did not understand the answer. Please use the buttons.")
                )
            return {slot: None, INVALID_COUNT: invalid}

    @staticmethod
    def _navigate(
        navigation: str, slot: str, dispatcher: CollectingDispatcher, tracker: Tracker
    ) -> dict[str, Any]:
        if navigation == "skip":
            return {slot: DONT_KNOW, INVALID_COUNT: 0}
        if navigation == "stop":
            return {slot: None, STOPPED: True, INVALID_COUNT: 0}
        if navigation == "restart":
            dispatcher.utter_message(text=_("Starting the interview again."))
            return {**dict.fromkeys(SLOTS), INVALID_COUNT: 0}
        # back: forget the previous answer so the form asks it again
        needed = required_slots(answers_in(tracker))
        before = needed[: needed.index(slot)] if slot in needed else needed
        previous = [s for s in before if tracker.get_slot(s) is not None]
        if not previous:
            dispatcher.utter_message(text=_("This is the first question."))
            return {slot: None, INVALID_COUNT: 0}
        return {slot: None, previous[-1]: None, INVALID_COUNT: 0}


def _validator(slot: str) -> Any:
    def validate(
        self: ValidateEligibilityForm,
        value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> dict[str, Any]:
        return self.validate_answer(slot, value, dispatcher, tracker)

    validate.__name__ = f"validate_{slot}"
    validate.__doc__ = f"Validate the answer to ``{slot}``."
    return validate


for _slot in SLOTS:
    setattr(ValidateEligibilityForm, f"validate_{_slot}", _validator(_slot))
