"""No crash reaches the user; the forms' domain and rules are what the specs say."""

from __future__ import annotations

import asyncio
import logging
import pickle
from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import ActionExecutor, CollectingDispatcher

from actions.complaints import intake
from actions.eligibility import form as eligibility
from actions.eligibility.interview import FORM as ELIGIBILITY
from actions.forms import domain_file, engine
from actions.forms.engine import ERROR_COUNT, REQUESTED_SLOT
from actions.guard import GuardedAction
from actions.rights import ActionAnswerRights

SECRET = "Ахметов 880315400128 +77015554433"


def _tracker(slots: dict[str, Any], text: str = SECRET, active: str | None = None,
             language: str = "kk") -> Tracker:
    return Tracker(
        sender_id="guard", slots=slots,
        latest_message={"text": text, "intent": {"name": "ask_leave", "confidence": 0.9},
                        "entities": [], "metadata": {"language": language}},
        events=[], paused=False, followup_action=None,
        active_loop={"name": active} if active else {}, latest_action_name="action_listen",
    )


class Exploding(GuardedAction):
    """An action whose work fails with the user's text in the exception message."""

    def name(self) -> str:
        return "action_exploding"

    async def act(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[dict[str, Any]]:
        dispatcher.utter_message(text="half an answer")
        raise ValueError(f"could not convert string to float: {tracker.latest_message['text']}")


def test_a_failing_action_apologises_in_the_users_language_and_logs_no_user_text(
    caplog: pytest.LogCaptureFixture,
) -> None:
    dispatcher = CollectingDispatcher()
    with caplog.at_level(logging.DEBUG):
        events = asyncio.run(Exploding().run(dispatcher, _tracker({}), {}))
    assert events == []
    texts = [m["text"] for m in dispatcher.messages]
    assert texts == ["Кешіріңіз, менің тарапымда ақау болды. Сіз енгізген ештеңе жоғалған жоқ."]
    assert dispatcher.messages[0]["buttons"], "outside a form the main menu is offered"
    assert "action_exploding" in caplog.text and "ValueError" in caplog.text
    for secret in ("880315400128", "Ахметов", "+7701", "convert string"):
        assert secret not in caplog.text


@pytest.mark.parametrize("validator", [eligibility.VALIDATOR, intake.VALIDATOR])
def test_a_failing_validator_asks_again_then_pauses_the_form(
    validator: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    form = validator.form

    def explode(*_args: Any) -> Any:
        raise RuntimeError("boom")

    monkeypatch.setattr(type(form), "answers", lambda self, slots: explode())
    slot = form.slots[1]
    first = CollectingDispatcher()
    events = asyncio.run(validator().run(first, _tracker({REQUESTED_SLOT: slot}, "x",
                                                          form.name), {}))
    updates = {e["name"]: e["value"] for e in events}
    assert updates == {slot: None, ERROR_COUNT: 1, REQUESTED_SLOT: slot}
    assert first.messages
    second = CollectingDispatcher()
    events = asyncio.run(validator().run(
        second, _tracker({REQUESTED_SLOT: slot, ERROR_COUNT: 1}, "x", form.name), {}))
    updates = {e["name"]: e["value"] for e in events}
    assert updates[form.paused_slot] is True and updates[REQUESTED_SLOT] is None


def test_a_question_that_cannot_be_built_offers_a_way_out(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken_layout(*_args: Any) -> Any:
        raise KeyError("a translation is missing")

    monkeypatch.setattr(engine, "layout", broken_layout)
    ask = eligibility.ASK_ACTIONS["elig_wages"]
    dispatcher = CollectingDispatcher()
    asyncio.run(ask().run(dispatcher, _tracker({}, "", ELIGIBILITY.name, "ru"), {}))
    (message,) = dispatcher.messages
    assert "стоп" in message["text"] and message["buttons"]


def test_a_failing_rights_answer_inside_a_form_leaves_the_question_to_the_form() -> None:
    class BrokenKnowledge:
        def primary_entry(self, intent: str) -> Any:
            raise OSError("disk")

    dispatcher = CollectingDispatcher()
    action = ActionAnswerRights(BrokenKnowledge())  # type: ignore[arg-type]
    asyncio.run(action.run(dispatcher, _tracker({}, "демалыс", ELIGIBILITY.name), {}))
    (message,) = dispatcher.messages
    assert message["text"] and not message["buttons"]  # the form asks its question next


def test_every_action_registers_with_the_action_server_and_pickles_by_name() -> None:
    executor = ActionExecutor()
    executor.register_package("actions")
    for form in domain_file.all_forms():
        assert f"validate_{form.name}" in executor.actions
        for slot in form.slots:
            assert f"action_ask_{slot}" in executor.actions
    for cls in (eligibility.VALIDATOR, intake.VALIDATOR, *eligibility.ASK_ACTIONS.values(),
                *intake.ASK_ACTIONS.values()):
        assert pickle.loads(pickle.dumps(cls)) is cls


def test_the_forms_domain_and_rules_are_generated_from_the_specs() -> None:
    for path, text in domain_file.render().items():
        assert path.read_text(encoding="utf-8") == text, (
            f"{path.name} is out of date: run `python -m actions.forms.domain_file`"
        )


def test_every_interruption_has_a_rule_that_returns_to_its_form() -> None:
    rules = domain_file.RULES_FILE.read_text(encoding="utf-8")
    for form in domain_file.all_forms():
        for intent in form.interruptions:
            assert f"rule: {intent} during {form.name}" in rules
