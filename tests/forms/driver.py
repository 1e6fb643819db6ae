"""Drive a form through its real engine actions the way Rasa's form loop does, without Rasa.

For each user message: Rasa's ``from_text`` mapping puts the text into the requested slot, the
form calls ``validate_<form>`` with that candidate, applies the events, and asks the requested
question with ``action_ask_<slot>``; a manual rejection hands the message to the rules (here:
recorded as an interruption, then the form asks again). Tests use it to type whole interviews
in every language without a trained model; the e2e tests do the same through the real stack.
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

import actions.db as actions_db
from actions.common import user_key_of
from actions.forms import answer_payload, payload_value
from actions.forms.engine import REQUESTED_SLOT, AskQuestion, Form, FormValidator
from actions.forms.question import is_payload
from actions.sealing import MARKER, resolve, seal_answer
from storage import sealed
from tests.fakes.signing import signed


def run_sync(coroutine: Coroutine[Any, Any, Any]) -> Any:
    """Run an action's coroutine to its end, also from inside an async test."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


@dataclass
class Turn:
    """What one user message produced."""

    texts: list[str]
    buttons: list[dict[str, str]]
    interrupted: bool = False


@dataclass
class FormDriver:
    """One user filling ``form``; ``slots`` is the conversation's memory."""

    form: Form
    validator: type[FormValidator]
    asks: dict[str, type[AskQuestion]]
    language: str = "ru"
    slots: dict[str, Any] = field(default_factory=dict)
    active: bool = False
    history: list[Turn] = field(default_factory=list)
    #: The personal question whose answer the next message is (set by the question's marker).
    seal_next: str | None = None
    front_end_seals: bool = True
    #: The pseudonymous key the front end sends as metadata (``None``: derived from the sender,
    #: as for any other Rasa client); who owns the texts the driver and the actions seal.
    user_key: str | None = None

    def _tracker(self, text: str, events: list[dict[str, Any]], intent: str, confidence: float
                 ) -> Tracker:
        return Tracker(
            sender_id="driver",
            slots=dict(self.slots),
            latest_message={
                "text": text,
                "intent": {"name": intent, "confidence": confidence},
                "entities": [],
                "metadata": signed("driver", {
                    "language": self.language,
                    **({"user_key": self.user_key} if self.user_key else {})}),
            },
            events=events,
            paused=False,
            followup_action=None,
            active_loop={"name": self.form.name} if self.active else {},
            latest_action_name="action_listen",
        )

    def _run(self, action: Any, tracker: Tracker) -> tuple[list[dict[str, Any]], list[dict]]:
        dispatcher = CollectingDispatcher()
        events = run_sync(action.run(dispatcher, tracker, {}))
        return events, dispatcher.messages

    def _apply(self, events: list[dict[str, Any]]) -> bool:
        rejected = False
        for event in events:
            if event.get("event") == "slot":
                self.slots[event["name"]] = event["value"]
            elif event.get("event") == "action_execution_rejected":
                rejected = True
        return rejected

    def _ask(self, turn: Turn) -> None:
        slot = self.slots.get(REQUESTED_SLOT)
        self.seal_next = None
        if slot is None:
            self.active = False
            return
        tracker = self._tracker("", [], "", 0.0)
        _events, messages = self._run(self.asks[slot](), tracker)
        for message in messages:
            turn.texts.append(self._shown(message, tracker))
            turn.buttons += message.get("buttons") or []
            marker = (message.get("custom") or {}).get(MARKER) or {}
            self.seal_next = marker.get("seal") or self.seal_next

    @staticmethod
    def _shown(message: dict[str, Any], tracker: Tracker) -> str:
        """What the front end shows: a sealed reply's stored text instead of the placeholder."""
        ref = ((message.get("custom") or {}).get(MARKER) or {}).get("sealed_message")
        if ref is None:
            return str(message.get("text") or "")
        with actions_db.sessions()() as session, session.begin():
            return sealed.take(session, ref, user_key_of(tracker)) or ""

    def start(self, prefilled: dict[str, Any] | None = None) -> Turn:
        """Activate the form (after its start action set ``prefilled``) and ask the first one.

        Personal answers among ``prefilled`` are sealed, as the form itself would keep them.
        """
        tracker = self._tracker("", [], "", 0.0)
        prefilled = {
            slot: (seal_answer(tracker, slot, value)
                   if value is not None and slot in self.form.by_slot
                   and self.form.by_slot[slot].personal and not sealed.token_of(value)
                   else value)
            for slot, value in (prefilled or {}).items()
        }
        self.slots.update(prefilled)
        events = [{"event": "action", "name": self.form.name}] + [
            {"event": "slot", "name": k, "value": v} for k, v in (prefilled or {}).items()
        ]
        got, messages = self._run(self.validator(), self._tracker("", events, "", 0.0))
        self._apply(got)
        self.active = True
        turn = Turn([m.get("text") or "" for m in messages], [])
        self._ask(turn)
        self.history.append(turn)
        return turn

    def say(self, text: str, intent: str = "form_answer", confidence: float = 0.9) -> Turn:
        """The user types (or presses) ``text``; ``intent`` is what NLU would classify.

        At a personal question the driver does what the front end does: it seals the text and
        sends Rasa only the reference (``seal=False`` in :attr:`front_end_seals` turns it off).
        """
        assert self.active, "the form is not active"
        requested = self.slots.get(REQUESTED_SLOT)
        if self.seal_next and self.front_end_seals and self._sealable(text):
            with actions_db.sessions()() as session, session.begin():
                ref = sealed.seal(session, user_key_of(self._tracker("", [], "", 0.0)), "input",
                                  self._unwrapped(text), self.seal_next)
            text, intent, confidence = answer_payload(ref), "form_answer", 1.0
        self.slots[requested] = text  # Rasa's from_text mapping
        events = [
            {"event": "action", "name": self.form.name},
            {"event": "slot", "name": requested, "value": text},
        ]
        got, messages = self._run(self.validator(), self._tracker(text, events, intent,
                                                                 confidence))
        rejected = self._apply(got)
        turn = Turn([m.get("text") or "" for m in messages], [], interrupted=rejected)
        if not rejected:
            self._ask(turn)
        else:  # the rule answers the interruption, then the form asks the same question
            self._ask(turn)
        self.history.append(turn)
        return turn

    @property
    def requested(self) -> str | None:
        """The question the form asks now (``None``: the form ended)."""
        return self.slots.get(REQUESTED_SLOT) if self.active else None

    def answers(self) -> dict[str, Any]:
        """The canonical answers so far, personal ones read back from the app database."""
        return resolve(self._tracker("", [], "", 0.0), self.form.answers(self.slots))

    @staticmethod
    def _sealable(text: str) -> bool:
        """What the front end seals: typed text, or the value of an answer button."""
        return not is_payload(text) or payload_value(text) is not None

    @staticmethod
    def _unwrapped(text: str) -> str:
        return str(payload_value(text)) if is_payload(text) else text
