"""Replay every conversation test story of nlu/tests/test_complaints.yml through the real form
logic and actions (``rasa test`` needs a trained model; this runs anywhere): the form asks the
next question after each answer exactly as long as the story says, ends where it says, and the
actions after it succeed. Story metadata ``replay`` (ignored by Rasa): ``refused`` lists slots
whose answer must be refused once (the story answers again), ``status_sender`` makes the status
checks come from another user, who must not see the complaint. ``RECEIPT`` in a user message is
replaced by the receipt code of the story's complaint."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

import actions.complaints as intake
from storage.db import make_engine, make_session_factory
from storage.migrate import upgrade

STORIES = Path(__file__).resolve().parents[2] / "nlu" / "tests" / "test_complaints.yml"
ACTIONS = {
    "action_complaint_start": intake.ActionComplaintStart,
    "action_complaint_submit": intake.ActionComplaintSubmit,
    "action_complaint_status": intake.ActionComplaintStatus,
    "action_delete_my_data": intake.ActionDeleteMyData,
    "action_complaint_attach": intake.ActionComplaintAttach,
}


def _stories() -> list[dict[str, Any]]:
    return list(yaml.safe_load(STORIES.read_text(encoding="utf-8"))["stories"])


def _tracker(
    slots: dict[str, Any], text: str, lang: str, active: bool,
    events: list[dict[str, Any]] | None = None, sender: str = "story",
) -> Tracker:
    return Tracker(
        sender_id=sender, slots=dict(slots),
        latest_message={"text": text, "entities": [], "metadata": {"language": lang}},
        events=list(events or []), paused=False, followup_action=None,
        active_loop={"name": intake.FORM} if active else {}, latest_action_name="action_listen",
    )


def _unfilled(slots: dict[str, Any]) -> list[str]:
    if slots.get("complaint_confirm") == "cancel":
        return []
    return [s for s in intake.required_slots(slots) if slots.get(s) is None]


@pytest.mark.parametrize("story", _stories(), ids=lambda s: s["story"])
async def test_story_replays(
    story: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'q.db'}")
    upgrade(engine)
    factory = make_session_factory(engine)
    monkeypatch.setattr(intake, "_sessions", lambda: factory)
    replay = (story.get("metadata") or {}).get("replay") or {}
    may_refuse: set[str] = set(replay.get("refused", []))
    refused: set[str] = set()
    slots: dict[str, Any] = {}
    events: list[dict[str, Any]] = []
    lang, text, active = "ru", "", False
    expect_form_end = False
    answer_pending = False  # the latest user message is still to be read by the form
    form = intake.ValidateComplaintForm()
    for step in story["steps"]:
        if "slot_was_set" in step:  # set by an earlier feature's action (eligibility result)
            for item in step["slot_was_set"]:
                for name, value in item.items():
                    slots[name] = value
                    events.append({"event": "slot", "name": name, "value": value})
            continue
        if "user" in step:
            text = step["user"].strip().replace("RECEIPT", str(slots.get(intake.RECEIPT)))
            answer_pending = True
            if step["intent"] == "set_language":
                lang = text.split('"language":"')[1][:2]
            continue
        if step.get("active_loop", "") is None:
            assert expect_form_end, f"story ends the form but it still asks {_unfilled(slots)}"
            active = False
            continue
        action = step.get("action")
        if action == intake.FORM:
            if active and answer_pending:  # an answer to the requested slot
                requested = _unfilled(slots)[0]
                dispatcher = CollectingDispatcher()
                updates = getattr(form, f"validate_{requested}")(
                    text, dispatcher, _tracker(slots, text, lang, True), {}
                )
                slots.update(updates)
                if updates.get(requested) is None and requested in may_refuse:
                    refused.add(requested)
                else:
                    assert updates.get(requested) is not None or requested == "complaint_confirm", (
                        f"{requested} refused {text!r}: {dispatcher.messages}"
                    )
            active, answer_pending = True, False
            expect_form_end = not _unfilled(slots)
        elif action in ACTIONS:
            answer_pending = False  # handled by this action; a form step after it re-asks
            dispatcher = CollectingDispatcher()
            other = action == "action_complaint_status" and "status_sender" in replay
            sender = str(replay["status_sender"]) if other else "story"
            done = await ACTIONS[action]().run(
                dispatcher, _tracker(slots, text, lang, active, events, sender), {}
            )
            events.append({"event": "action", "name": action})
            for event in done:
                slots[event["name"]] = event["value"]
                events.append(dict(event))
            assert dispatcher.messages, f"{action} said nothing"
            said = " ".join(str(m.get("text")) for m in dispatcher.messages)
            if action == "action_complaint_status" and slots.get(intake.RECEIPT):
                shown = str(slots[intake.RECEIPT]) in said
                assert shown != other, f"status for {sender}: {said!r}"
    assert refused == may_refuse, f"expected refusals of {may_refuse}, got {refused}"
    engine.dispose()
