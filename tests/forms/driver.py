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

from actions.forms.engine import REQUESTED_SLOT, AskQuestion, Form, FormValidator


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

    def _tracker(self, text: str, events: list[dict[str, Any]], intent: str, confidence: float
                 ) -> Tracker:
        return Tracker(
            sender_id="driver",
            slots=dict(self.slots),
            latest_message={
                "text": text,
                "intent": {"name": intent, "confidence": confidence},
                "entities": [],
                "metadata": {"language": self.language},
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
        if slot is None:
            self.active = False
            return
        _events, messages = self._run(self.asks[slot](), self._tracker("", [], "", 0.0))
        for message in messages:
            turn.texts.append(message.get("text") or "")
            turn.buttons += message.get("buttons") or []

    def start(self, prefilled: dict[str, Any] | None = None) -> Turn:
        """Activate the form (after its start action set ``prefilled``) and ask the first one."""
        self.slots.update(prefilled or {})
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
        """The user types (or presses) ``text``; ``intent`` is what NLU would classify."""
        assert self.active, "the form is not active"
        requested = self.slots.get(REQUESTED_SLOT)
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
        """The canonical answers so far."""
        return self.form.answers(self.slots)
