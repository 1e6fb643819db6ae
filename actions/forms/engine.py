"""The form engine: one way to ask, read, re-ask, navigate and interrupt, for every form.

A :class:`Form` is data — its questions, the path a user takes through them, the slot that marks
it paused. :func:`form_actions` turns it into the Rasa actions the form needs:

* ``validate_<form>`` reads each answer. In this order: a navigation word for the whole
  message ("назад", "skip", "заново", "тоқта"); the answer itself (button, option words typed
  in any language, the question's reader); and only if the text is no answer to this question,
  an interruption — a rights question, a request for a person… — which is handed to the rules
  (``ActionExecutionRejected``) that answer it and come back to the same question. Anything else
  gets the question's hint and the question again; after two misses the question offers "Skip".
* ``action_ask_<slot>`` asks one question with its buttons.

Every slot mapping is ``from_text`` for every intent (``nlu/domain/forms.yml``): the engine, not
the intent classifier, decides whether a message answers the question, so "не платят зарплату"
answers "what is the complaint about?" instead of interrupting it, and no answer can land in
another question's slot. Only canonical values (see :mod:`actions.forms.question`) count as
answers; raw text found in a slot is ignored, so no path decision ever sees it.

Both actions run inside :class:`actions.guard.GuardedAction`: a failure apologises and asks the
same question again; a second failure in a row pauses the form (answers kept), so nothing can
lock a conversation.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping, MutableMapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Final

from rasa_sdk import Tracker
from rasa_sdk.events import ActionExecutionRejected, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import Button, button, language_of, metadata_of
from actions.forms import typed
from actions.forms.question import Answers, Question, Refusal, answer_payload, is_payload
from actions.forms.question import payload_value as _payload_value
from actions.guard import GuardedAction, apology
from actions.sealing import discard, resolve, seal_answer, seal_marker, take_input, utter_sealed
from i18n import _, use_language
from knowledge.base import RIGHTS_INTENTS
from storage import sealed

__all__ = [
    "COMMON_INTERRUPTIONS",
    "CONTEXT",
    "ERROR_COUNT",
    "INVALID_COUNT",
    "REQUESTED_SLOT",
    "SKIP_AFTER_INVALID",
    "AskQuestion",
    "Form",
    "FormValidator",
    "form_actions",
    "layout",
    "replaced_personal",
    "resolved_answers",
]

REQUESTED_SLOT: Final = "requested_slot"
#: Answers to the current question the engine could not read, in a row.
INVALID_COUNT: Final = "form_invalid_count"
#: Failures of the validation action in a row (the second pauses the form).
ERROR_COUNT: Final = "form_error_count"
#: What a refusal left for the next answer to the same question ("3" after "class 3?": the
#: answer "2" then means 3.2, not class 2).
CONTEXT: Final = "form_context"
#: After this many unreadable answers the question offers "Skip" (when it can be skipped).
SKIP_AFTER_INVALID: Final = 2
#: How sure the classifier must be that a message which answers nothing is an interruption.
INTERRUPT_CONFIDENCE: Final = 0.6
#: The same for free-text questions, where the message must also look like a question.
FREE_TEXT_INTERRUPT_CONFIDENCE: Final = 0.8
#: How sure the classifier must be for its intent to answer a question (``Question.from_intent``).
INTENT_ANSWER_CONFIDENCE: Final = 0.5
#: Said at a question, "goodbye" pauses the form like "stop" does.
GOODBYE_INTENT: Final = "goodbye"
#: Interruption intent -> the action that answers it before the form asks its question again
#: (rules in ``nlu/data/rules/forms.yml``). Every form hands these over; a form may add more.
COMMON_INTERRUPTIONS: Final[dict[str, str]] = {
    **dict.fromkeys(RIGHTS_INTENTS, "action_answer_rights"),
    "ask_more": "action_answer_rights",
    "request_human": "action_request_human",
    "ask_capabilities": "action_capabilities",
    "set_language": "action_set_language",
    "complaint_status": "action_complaint_status",
    "delete_my_data": "action_delete_my_data",
}

#: Builds the question's text and buttons when the default layout does not fit (the
#: complaint's summary, say); ``None`` falls back to the default.
Renderer = Callable[[Question, Answers, Tracker], "tuple[str, list[Button]] | None"]
#: Extra slot updates after an answer was accepted (slot, value, the text typed, answers so
#: far, dispatcher).
FollowUp = Callable[[str, Any, str, Mapping[str, Any], CollectingDispatcher], dict[str, Any]]


@dataclass(frozen=True)
class Form:
    """A Rasa form as data; see the module docstring for how the engine runs it."""

    name: str
    questions: tuple[Question, ...]
    #: The questions this user needs now, in order, from the canonical answers so far.
    path: Callable[[Answers], list[str]]
    #: Bool slot: "stop" (or a repeated failure) ends the form with the answers kept.
    paused_slot: str
    #: Intent -> action of the rule that answers it and returns to the form.
    interruptions: Mapping[str, str]
    #: At most this many questions on any path: lower-priority questions give way first.
    max_questions: int | None = None
    #: Prefix questions with their position on the user's path ("3. ...").
    numbered: bool = False
    back_button: bool = False
    follow_up: FollowUp | None = None
    render: Renderer | None = None
    #: Slots besides the questions that "restart" clears.
    restart_slots: tuple[str, ...] = ()

    @cached_property
    def by_slot(self) -> dict[str, Question]:
        """Question of each slot."""
        return {q.slot: q for q in self.questions}

    @property
    def slots(self) -> tuple[str, ...]:
        """Every question slot, in declaration order (the domain's ``required_slots``)."""
        return tuple(q.slot for q in self.questions)

    def answers(self, slots: Mapping[str, Any]) -> dict[str, Any]:
        """The canonical answers among ``slots``; anything else counts as not answered."""
        return {
            q.slot: (slots.get(q.slot) if q.canonical(slots.get(q.slot)) else None)
            for q in self.questions
        }

    def required(self, answers: Answers) -> list[str]:
        """The user's path: :attr:`path`, shortened to :attr:`max_questions` by priority.

        Answered questions always stay; among the others, the lowest priority, latest on the
        path, gives way first (a priority-1 question only when nothing else is left to drop).
        """
        path = self.path(answers)
        excess = len(path) - (self.max_questions or len(path))
        if excess <= 0:
            return path
        droppable = sorted(
            (
                (self.by_slot[slot].priority, i)
                for i, slot in enumerate(path)
                if answers.get(slot) is None
            ),
            reverse=True,
        )
        dropped = {path[i] for _priority, i in droppable[:excess]}
        return [slot for slot in path if slot not in dropped]

    def next_slot(self, answers: Answers) -> str | None:
        """The first question of the path still unanswered (``None``: the form is done)."""
        return next((s for s in self.required(answers) if answers.get(s) is None), None)

    def position(self, slot: str, answers: Answers) -> int:
        """1-based position of ``slot`` on the user's path (0 if it is not on it)."""
        path = self.required(answers)
        return path.index(slot) + 1 if slot in path else 0

    def cleared(self) -> dict[str, Any]:
        """Slot updates that forget every answer ("restart", a new draft)."""
        return {**dict.fromkeys(self.slots), **dict.fromkeys(self.restart_slots),
                INVALID_COUNT: 0, ERROR_COUNT: 0, CONTEXT: None, self.paused_slot: False}


def replaced_personal(form: Form, tracker: Tracker, updates: Mapping[str, Any]) -> list[Any]:
    """The sealed references of personal answers that ``updates`` clear or replace."""
    return [
        tracker.get_slot(slot)
        for slot, value in updates.items()
        if slot in form.by_slot and form.by_slot[slot].personal
        and sealed.token_of(tracker.get_slot(slot)) and value != tracker.get_slot(slot)
    ]


def resolved_answers(form: Form, tracker: Tracker) -> dict[str, Any]:
    """The form's canonical answers with the personal ones read back from the app database."""
    return resolve(tracker, form.answers(tracker.slots))


def _intent(tracker: Tracker) -> tuple[str, float]:
    intent = (tracker.latest_message or {}).get("intent") or {}
    return str(intent.get("name") or ""), float(intent.get("confidence") or 0.0)


def _looks_like_question(text: str) -> bool:
    if "?" in text:
        return True
    message = typed.words(text)
    return bool(message) and any(
        typed.contains(message, entry, within=1) for entry in typed.lexicon("question")
    )


class FormValidator(GuardedAction, ABC):
    """``validate_<form>``: reads the answer to the requested question (module doc).

    Abstract: :func:`form_actions` makes one concrete subclass per form.
    """

    @property
    @abstractmethod
    def form(self) -> Form:
        """The form this validator reads answers for."""

    def name(self) -> str:
        """Rasa calls the validator of ``<form>`` by this name."""
        return "validate_" + self.form.name

    async def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        """Validate what Rasa extracted since the user's message; name the next question."""
        form = self.form
        answers = form.answers(tracker.slots)
        requested = tracker.get_slot(REQUESTED_SLOT)
        candidates = tracker.slots_to_validate()
        updates: dict[str, Any] = {}
        if int(tracker.get_slot(ERROR_COUNT) or 0):
            updates[ERROR_COUNT] = 0
        # Values set since the user's message (prefill at activation, the typed answer): raw
        # text in a slot other than the one asked is no answer.
        for slot, value in candidates.items():
            if slot in form.by_slot and slot != requested and not form.by_slot[slot].canonical(
                value
            ):
                updates[slot] = None
        answered_now = (
            requested in form.by_slot
            and requested in candidates
            and tracker.active_loop_name == form.name
        )
        if answered_now:
            text = str((tracker.latest_message or {}).get("text") or "")
            with use_language(language_of(tracker)):
                outcome = self._read(form.by_slot[requested], text, answers, tracker, dispatcher)
            if outcome is None:  # an interruption: the rules answer it, then the form resumes
                return [SlotSet(requested, None), ActionExecutionRejected(form.name)]
            updates.update(outcome)
        for slot, value in updates.items():
            if slot in form.by_slot:
                answers[slot] = value if form.by_slot[slot].canonical(value) else None
        # A personal answer cleared or replaced (back, restart, edit, consent withdrawn) leaves
        # the app database too, not only the slot.
        discard(tracker, replaced_personal(form, tracker, updates))
        paused = bool(updates.get(form.paused_slot))
        next_slot = None if paused else form.next_slot(answers)
        return [SlotSet(k, v) for k, v in updates.items()] + [SlotSet(REQUESTED_SLOT, next_slot)]

    def _read(
        self,
        question: Question,
        text: str,
        answers: dict[str, Any],
        tracker: Tracker,
        dispatcher: CollectingDispatcher,
    ) -> dict[str, Any] | None:
        """Slot updates for ``text`` as the answer to ``question``; ``None``: interruption."""
        intent, confidence = _intent(tracker)
        if sealed.token_of(_payload_value(text) if is_payload(text) else None):
            # The front end sealed what was typed at a personal question: read that text here,
            # with what the classifier said of it (the front end asked; Rasa never kept it).
            unsealed = take_input(tracker, _payload_value(text))
            if unsealed is None:
                return self._reask(question, None, tracker, dispatcher)
            text = unsealed
            metadata = metadata_of(tracker)
            intent = str(metadata.get("sealed_intent") or "")
            confidence = float(metadata.get("sealed_confidence") or 0.0)
        navigation = _navigation(text)
        if navigation is not None and not question.names_option(text):
            return self._navigate(navigation, question, answers, dispatcher)
        if question.free_text and self._interrupts(question, text, intent, confidence):
            return None
        sure_intent = intent if confidence >= INTENT_ANSWER_CONFIDENCE else None
        context = tracker.get_slot(CONTEXT)
        try:
            value = question.answer(text, sure_intent, str(context) if context else None)
        except Refusal as refusal:
            # "сколько дней отпуска?" at the amount question is refused as an amount, but it
            # plainly is a question for the rules.
            if _looks_like_question(text) and self._interrupts(question, text, intent, confidence):
                return None
            reask = self._reask(question, str(refusal), tracker, dispatcher)
            return {**reask, CONTEXT: refusal.context}
        if value is not None:
            stored = seal_answer(tracker, question.slot, value) if question.personal else value
            updates: dict[str, Any] = {question.slot: stored, INVALID_COUNT: 0, CONTEXT: None}
            if self.form.follow_up is not None:
                updates.update(self.form.follow_up(
                    question.slot, value, text, {**answers, **updates}, dispatcher
                ))
            return updates
        if not question.free_text and self._interrupts(question, text, intent, confidence):
            return None
        if intent == GOODBYE_INTENT and confidence >= FREE_TEXT_INTERRUPT_CONFIDENCE:
            return self._navigate("stop", question, answers, dispatcher)
        return self._reask(question, None, tracker, dispatcher)

    def _interrupts(self, question: Question, text: str, intent: str, confidence: float) -> bool:
        """The message is one of the form's interruptions rather than an answer."""
        if intent not in self.form.interruptions:
            return False
        if is_payload(text):
            return True
        if question.free_text:
            return (
                question.interruptible
                and confidence >= FREE_TEXT_INTERRUPT_CONFIDENCE
                and _looks_like_question(text)
            )
        return confidence >= INTERRUPT_CONFIDENCE and any(c.isalpha() for c in text)

    def _reask(
        self,
        question: Question,
        message: str | None,
        tracker: Tracker,
        dispatcher: CollectingDispatcher,
    ) -> dict[str, Any]:
        invalid = int(tracker.get_slot(INVALID_COUNT) or 0) + 1
        if message is None:
            message = (
                question.hint()
                if question.hint is not None
                else _("Sorry, I did not understand the answer. Press a button or answer in "
                       "your own words.")
            )
        dispatcher.utter_message(text=message)
        return {question.slot: None, INVALID_COUNT: invalid}

    def _navigate(
        self,
        navigation: typed.Navigation,
        question: Question,
        answers: Answers,
        dispatcher: CollectingDispatcher,
    ) -> dict[str, Any]:
        return {**self._navigation_updates(navigation, question, answers, dispatcher),
                CONTEXT: None}

    def _navigation_updates(
        self,
        navigation: typed.Navigation,
        question: Question,
        answers: Answers,
        dispatcher: CollectingDispatcher,
    ) -> dict[str, Any]:
        form = self.form
        if navigation == "stop":
            return {question.slot: None, form.paused_slot: True, INVALID_COUNT: 0}
        if navigation == "restart":
            dispatcher.utter_message(text=_("Starting again from the first question."))
            return form.cleared()
        if navigation == "skip":
            if question.skip is None:
                dispatcher.utter_message(
                    text=_('This question cannot be skipped. Answer it, or write "stop" to '
                           "pause: your answers are kept.")
                )
                return {question.slot: None}
            return {question.slot: question.skip, INVALID_COUNT: 0}
        path = form.required(answers)
        before = path[: path.index(question.slot)] if question.slot in path else path
        previous = [slot for slot in before if answers.get(slot) is not None]
        if not previous:
            dispatcher.utter_message(text=_("This is the first question."))
            return {question.slot: None, INVALID_COUNT: 0}
        return {question.slot: None, previous[-1]: None, INVALID_COUNT: 0}

    def recover(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        """Ask the same question again; after a second failure in a row, pause the form."""
        form = self.form
        requested = tracker.get_slot(REQUESTED_SLOT)
        errors = int(tracker.get_slot(ERROR_COUNT) or 0) + 1
        events: list[EventType] = []
        if requested in form.by_slot:
            events.append(SlotSet(requested, None))
        with use_language(language_of(tracker)):
            if errors < 2 and requested in form.by_slot:
                dispatcher.utter_message(text=apology() + " " + _("Let's try this question again."))
                return [*events, SlotSet(ERROR_COUNT, errors), SlotSet(REQUESTED_SLOT, requested)]
            dispatcher.utter_message(text=apology())
        return [*events, SlotSet(form.paused_slot, True), SlotSet(ERROR_COUNT, 0),
                SlotSet(REQUESTED_SLOT, None)]


def _navigation(text: str) -> typed.Navigation | None:
    value = _payload_value(text) if is_payload(text) else None
    if value in typed.NAVIGATIONS:
        return value
    return None if is_payload(text) else typed.navigation(text)


def layout(
    form: Form, question: Question, answers: Answers, tracker: Tracker
) -> tuple[str, list[Button]]:
    """The default text and buttons of a question (call inside ``use_language``).

    Options as buttons, then "Don't know" / "Skip" where the question has them, "Skip" and a
    way out after two unreadable answers, "« Back" after the first question of a numbered form.
    """
    text = question.text()
    position = form.position(question.slot, answers)
    if form.numbered and position:
        text = f"{position}. {text}"
    buttons = [button(o.title(), answer_payload(o.value)) for o in question.button_options()]
    if question.dont_know_button and question.skip is not None:
        buttons.append(button(_("Don't know"), answer_payload(question.skip)))
    if question.skip_button and question.skip is not None:
        buttons.append(button(_("Skip"), answer_payload("skip")))
    if int(tracker.get_slot(INVALID_COUNT) or 0) >= SKIP_AFTER_INVALID:
        if question.skip is not None and not question.skip_button:
            text += "\n" + (
                _('You can also skip this question: I will count it as "don\'t know".')
                if question.skip == typed.DONT_KNOW
                else _("You can also skip this question.")
            )
            buttons.append(button(_("Skip"), answer_payload("skip")))
        else:
            text += "\n" + _('To pause, write "stop": your answers are kept.')
    if form.back_button and position > 1:
        buttons.append(button(_("« Back"), answer_payload("back")))
    return text, buttons


class AskQuestion(GuardedAction, ABC):
    """``action_ask_<slot>``: one question with its buttons (one subclass per slot)."""

    @property
    @abstractmethod
    def form(self) -> Form:
        """The form the question belongs to."""

    @property
    @abstractmethod
    def slot(self) -> str:
        """The slot the question fills."""

    def name(self) -> str:
        """The name Rasa's form looks for."""
        return "action_ask_" + self.slot

    async def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        """Send the question in the user's language."""
        question = self.form.by_slot[self.slot]
        answers = self.form.answers(tracker.slots)
        with use_language(language_of(tracker)):
            rendered = self.form.render(question, answers, tracker) if self.form.render else None
            text, buttons = rendered or layout(self.form, question, answers, tracker)
            if question.shows_personal:
                utter_sealed(dispatcher, tracker, text, buttons, seal=self.slot)
            else:
                dispatcher.utter_message(
                    text=text, buttons=buttons or None,
                    json_message=seal_marker(self.slot) if question.personal else None,
                )
        return []

    def recover(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        """The question could not be built: apologise and offer the way out."""
        with use_language(language_of(tracker)):
            dispatcher.utter_message(
                text=apology() + " " + _('Write your answer again, or "stop" to pause.'),
                buttons=[button(_("Stop"), answer_payload("stop"))],
            )
        return []


def form_actions(
    form: Form, namespace: MutableMapping[str, Any], prefix: str
) -> tuple[type[FormValidator], dict[str, type[AskQuestion]]]:
    """The validator and one ask action per question, published in ``namespace``.

    The action server registers every Action subclass it finds and pickles them by name
    (Sanic spawns its workers), so each class must be an attribute of its module.
    """
    module = namespace["__name__"]
    validator = type(
        prefix + "Validator",
        (FormValidator,),
        {"form": form, "__module__": module, "__doc__": f"Validator of ``{form.name}``."},
    )
    namespace[validator.__name__] = validator
    asks: dict[str, type[AskQuestion]] = {}
    for slot in form.slots:
        cls = type(
            f"{prefix}Ask_{slot}",
            (AskQuestion,),
            {"form": form, "slot": slot, "__module__": module, "__doc__": f"Ask ``{slot}``."},
        )
        namespace[cls.__name__] = cls
        asks[slot] = cls
    return validator, asks
