"""Replay nlu/tests/test_eligibility.yml through the real eligibility actions, offline.

``rasa test`` checks the dialogue policy but never runs the action server, so it cannot tell
whether a story's answers really end the form where the story says. This test plays the form's
part (extract the text into the requested slot, run ``validate_eligibility_form``, apply the
events) and checks that the form asks again, ends, and gives a result exactly where each story
says it does.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import create_engine
from sqlalchemy.orm import sessionmaker

from actions.eligibility import result as result_module
from actions.eligibility.domain_file import INTERRUPTING_INTENTS
from actions.eligibility.form import (
    DONE,
    INVALID_COUNT,
    STOPPED,
    ActionEligibilityStart,
    ValidateEligibilityForm,
)
from actions.eligibility.interview import SLOTS, required_slots
from actions.eligibility.result import SUMMARY, ActionEligibilityResult
from storage.base import Base

ROOT = Path(__file__).resolve().parents[2]
DOMAIN: dict[str, Any] = yaml.safe_load((ROOT / "nlu/domain/eligibility.yml").read_text("utf-8"))
STORIES: list[dict[str, Any]] = yaml.safe_load(
    (ROOT / "nlu/tests/test_eligibility.yml").read_text("utf-8")
)["stories"]


@pytest.fixture(autouse=True)
def database(tmp_path: Path) -> Iterator[None]:
    engine = create_engine(f"sqlite:///{tmp_path / 'q.db'}")
    Base.metadata.create_all(engine)
    result_module.use_session_factory(sessionmaker(bind=engine, expire_on_commit=False))
    yield
    result_module.use_session_factory(None)
    engine.dispose()


def _tracker(slots: dict[str, Any], text: str | None, extracted: bool) -> Tracker:
    events: list[dict[str, Any]] = [{"event": "user", "text": text or ""}]
    if extracted:
        events.append({"event": "slot", "name": slots["requested_slot"], "value": text})
    return Tracker(
        "story",
        dict(slots),
        {"text": text, "metadata": {}},
        events,
        False,
        None,
        {},
        "action_listen",
    )


class FormReplay:
    """The form's side of a conversation, driven by the real actions."""

    def __init__(self) -> None:
        self.slots: dict[str, Any] = dict.fromkeys(SLOTS)
        self.slots.update(
            {
                "requested_slot": None,
                INVALID_COUNT: 0,
                STOPPED: False,
                DONE: False,
                "language": "ru",
            }
        )
        self.active = False
        self.results = 0

    def apply(self, events: list[dict[str, Any]]) -> None:
        for event in events:
            if event["event"] == "slot":
                self.slots[event["name"]] = event["value"]

    async def start(self) -> None:
        self.apply(
            await ActionEligibilityStart().run(
                CollectingDispatcher(), _tracker(self.slots, None, False), {}
            )
        )

    def activate(self) -> None:
        needed = required_slots({s: self.slots[s] for s in SLOTS})
        self.slots["requested_slot"] = next((s for s in needed if self.slots[s] is None), None)
        self.active = self.slots["requested_slot"] is not None

    async def answer(self, text: str) -> None:
        requested = self.slots["requested_slot"]
        assert requested, "the story answers while no question is open"
        self.slots[requested] = text
        events = await ValidateEligibilityForm().run(
            CollectingDispatcher(), _tracker(self.slots, text, True), DOMAIN
        )
        self.apply(events)
        self.active = self.slots["requested_slot"] is not None

    async def result(self) -> list[dict[str, Any]]:
        dispatcher = CollectingDispatcher()
        events = await ActionEligibilityResult().run(
            dispatcher, _tracker(self.slots, None, False), DOMAIN
        )
        self.apply(events)
        self.results += 1
        return events


@pytest.mark.parametrize("story", STORIES, ids=[s["story"] for s in STORIES])
async def test_story_matches_what_the_actions_do(story: dict[str, Any]) -> None:
    replay = FormReplay()
    steps = story["steps"]
    pending_text: str | None = None
    pending_intent: str | None = None
    for i, step in enumerate(steps):
        if "user" in step:
            pending_text, pending_intent = step["user"].strip(), step["intent"]
            continue
        if step.get("action") == "action_eligibility_start":
            await replay.start()
        elif step.get("action") == "eligibility_form":
            if pending_text is not None and replay.active:
                if pending_intent in INTERRUPTING_INTENTS:
                    continue  # the form rejects; the rule answers first
                await replay.answer(pending_text)
            elif not replay.active:
                replay.activate()
            pending_text = None
            following = steps[i + 1] if i + 1 < len(steps) else {}
            ends_here = following.get("active_loop", "missing") is None
            assert ends_here == (not replay.active), (
                f"step {i}: the story says the form {'ends' if ends_here else 'goes on'}, "
                f"the actions say it {'goes on' if replay.active else 'ends'} "
                f"(requested {replay.slots['requested_slot']})"
            )
        elif step.get("action") == "action_answer_rights":
            pending_text = None
        elif step.get("action") == "action_eligibility_result":
            events = await replay.result()
            stopped = any(e.get("name") == STOPPED for e in events)
            assert stopped or any(e.get("name") == SUMMARY for e in events)
    assert replay.results >= 1
    assert not replay.active
