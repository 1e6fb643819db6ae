"""Replay every conversation test story of both forms through the real actions, offline.

``rasa test`` checks the dialogue policy but never runs the action server, so it cannot tell
whether a story's answers really end the form where the story says, or whether the engine really
hands a message to the rules. This test plays Rasa's part with :class:`FormDriver` and the real
actions, and checks for every user message of every story:

* an answer the story gives to the form is read (or refused, when the story's metadata
  ``replay.refused`` lists the slot), and the form goes on or ends exactly where the story says;
* a message the story answers with another action first (a rights question, a request for a
  person, a file) is handed over by the engine (``ActionExecutionRejected``), not eaten;
* the actions after the form (result, submit, status, delete) run and say something; the
  status of a complaint is shown to its author and to nobody else (``replay.status_sender``).

``RECEIPT`` in a story message stands for the receipt code of the story's complaint.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
import yaml
from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.orm import Session, sessionmaker

import actions.complaints.draft as draft
from actions.complaints import attach, intake, privacy, status, submit
from actions.eligibility import form as eligibility
from actions.eligibility.interview import FORM as ELIGIBILITY_FORM
from actions.eligibility.result import ActionEligibilityResult
from actions.navigation import ActionOutsideForm
from tests.forms.driver import FormDriver

ROOT = Path(__file__).resolve().parents[2]
STORY_FILES = ("test_eligibility.yml", "test_complaints.yml")
DRIVERS = {
    ELIGIBILITY_FORM.name: (ELIGIBILITY_FORM, eligibility.VALIDATOR, eligibility.ASK_ACTIONS),
    intake.FORM.name: (intake.FORM, intake.VALIDATOR, intake.ASK_ACTIONS),
}
ACTIONS: dict[str, type[Action]] = {
    cls().name(): cls
    for cls in (
        eligibility.ActionEligibilityStart, ActionEligibilityResult, intake.ActionComplaintStart,
        submit.ActionComplaintSubmit, status.ActionComplaintStatus,
        privacy.ActionDeleteMyData, attach.ActionComplaintAttach, ActionOutsideForm,
    )
}
STARTS = {"action_eligibility_start": ELIGIBILITY_FORM.name,
          "action_complaint_start": intake.FORM.name}


def _stories() -> list[tuple[str, dict[str, Any]]]:
    found = []
    for name in STORY_FILES:
        data = yaml.safe_load((ROOT / "nlu" / "tests" / name).read_text(encoding="utf-8"))
        found += [(name, story) for story in data["stories"]]
    return found


@pytest.fixture(autouse=True)
def database(fresh_actions_database: sessionmaker[Session]) -> sessionmaker[Session]:
    """This file's tests each get a database of their own."""
    return fresh_actions_database


class Conversation:
    """The slots of one story's conversation and the actions run on them."""

    def __init__(self) -> None:
        self.slots: dict[str, Any] = {}
        self.events: list[dict[str, Any]] = []
        self.language = "ru"
        self.driver: FormDriver | None = None

    def tracker(self, text: str, intent: str, sender: str = "story") -> Tracker:
        active = self.driver is not None and self.driver.active
        return Tracker(
            sender_id=sender, slots=dict(self.slots),
            latest_message={"text": text, "intent": {"name": intent, "confidence": 1.0},
                            "entities": [], "metadata": {"language": self.language}},
            events=list(self.events), paused=False, followup_action=None,
            active_loop={"name": self.driver.form.name} if active and self.driver else {},
            latest_action_name="action_listen",
        )

    def run(self, name: str, text: str, intent: str, sender: str = "story") -> str:
        dispatcher = CollectingDispatcher()
        events = asyncio.run(ACTIONS[name]().run(dispatcher, self.tracker(text, intent, sender),
                                                  {}))
        self.events.append({"event": "action", "name": name})
        for event in events:
            if event.get("event") == "slot":
                self.slots[event["name"]] = event["value"]
            self.events.append(dict(event))
        said = " ".join(str(m.get("text")) for m in dispatcher.messages)
        assert said.strip(), f"{name} said nothing"
        return said


@pytest.mark.parametrize("story", [s for _f, s in _stories()],
                         ids=[f"{f}: {s['story']}" for f, s in _stories()])
def test_story_replays_through_the_real_actions(story: dict[str, Any]) -> None:
    replay = (story.get("metadata") or {}).get("replay") or {}
    may_refuse: set[str] = set(replay.get("refused", []))
    refused: set[str] = set()
    talk = Conversation()
    steps = story["steps"]
    pending: tuple[str, str] | None = None
    starting: str | None = None
    for i, step in enumerate(steps):
        following = steps[i + 1] if i + 1 < len(steps) else {}
        if "slot_was_set" in step:
            for item in step["slot_was_set"]:
                for name, value in item.items():
                    if name != "requested_slot":
                        talk.slots[name] = value
                        talk.events.append({"event": "slot", "name": name, "value": value})
            continue
        if "user" in step:
            text = step["user"].strip().replace("RECEIPT", str(talk.slots.get(draft.RECEIPT)))
            pending = (text, step["intent"])
            if step["intent"] == "set_language" and '"language":"' in text:
                talk.language = text.split('"language":"')[1][:2]
            continue
        if "active_loop" in step:
            continue
        action = step["action"]
        driver = talk.driver
        if action in DRIVERS:
            if starting == action:  # the form's first run after its start action
                form, validator, asks = DRIVERS[action]
                talk.driver = FormDriver(form, validator, asks, talk.language,
                                         slots=talk.slots)
                talk.driver.start()
                starting = None
            elif pending is not None:
                assert driver is not None and driver.active, f"step {i}: no form to answer"
                requested = driver.requested
                turn = driver.say(*pending, confidence=1.0)
                assert not turn.interrupted, f"step {i}: {pending[0]!r} was handed to the rules"
                if driver.slots.get(requested) is None and requested != "complaint_confirm" \
                        and driver.active and driver.requested == requested:
                    assert requested in may_refuse, f"step {i}: {requested} refused {pending}"
                    refused.add(requested)
            talk.slots = talk.driver.slots if talk.driver else talk.slots
            pending = None
            ends = following.get("active_loop", "missing") is None
            active = talk.driver is not None and talk.driver.active
            assert ends == (not active), (
                f"step {i}: the story says the form {'ends' if ends else 'goes on'}, the engine "
                f"asks {talk.driver.requested if talk.driver else None}"
            )
            continue
        if pending is not None and driver is not None and driver.active:
            turn = driver.say(*pending, confidence=1.0)
            assert turn.interrupted, f"step {i}: {pending[0]!r} was read as an answer"
        if action in STARTS:
            starting = STARTS[action]
        if action in ACTIONS:
            text, intent = pending or ("", "")
            other = action == "action_complaint_status" and "status_sender" in replay
            sender = str(replay["status_sender"]) if other else "story"
            said = talk.run(action, text, intent, sender)
            if talk.driver is not None:
                talk.driver.slots = talk.slots
            if action == "action_complaint_status" and talk.slots.get(draft.RECEIPT):
                assert (str(talk.slots[draft.RECEIPT]) in said) != other, said
        pending = None
    assert refused == may_refuse, f"expected refusals of {may_refuse}, got {refused}"
