"""Every question of both forms answered by typing, in kk, ru and en — and with junk.

Each typed answer must give the right value; anything else must give a re-ask in the user's
language; a rights question that answers nothing must be handed to the rules. Nothing may
raise: the validators are called through ``act`` (the guard's inner method), so an exception
would fail the test instead of being apologised for.
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.complaints import intake
from actions.eligibility import form as eligibility
from actions.eligibility.interview import FORM as ELIGIBILITY
from actions.forms.engine import INVALID_COUNT, REQUESTED_SLOT, Form, FormValidator
from actions.sealing import resolve
from storage import sealed
from tests.forms.typed_answers import JUNK, RIGHTS_QUESTION, TYPED

FORMS: dict[str, tuple[Form, type[FormValidator]]] = {
    ELIGIBILITY.name: (ELIGIBILITY, eligibility.VALIDATOR),
    intake.FORM.name: (intake.FORM, intake.VALIDATOR),
}
SLOT_FORM = {slot: name for name, (form, _v) in FORMS.items() for slot in form.slots}
LANGUAGES = ("kk", "ru", "en")


def validate(
    slot: str, text: str, language: str, intent: str = "form_answer", confidence: float = 0.9
) -> tuple[dict[str, Any], list[str], bool]:
    """Slot updates, messages, and whether the message was handed to the rules."""
    form, validator = FORMS[SLOT_FORM[slot]]
    tracker = Tracker(
        sender_id="typed", slots={REQUESTED_SLOT: slot, slot: text, INVALID_COUNT: 0},
        latest_message={"text": text, "intent": {"name": intent, "confidence": confidence},
                        "entities": [], "metadata": {"language": language}},
        events=[{"event": "action", "name": form.name},
                {"event": "slot", "name": slot, "value": text}],
        paused=False, followup_action=None, active_loop={"name": form.name},
        latest_action_name="action_listen",
    )
    dispatcher = CollectingDispatcher()
    events = asyncio.run(validator().act(dispatcher, tracker, {}))
    updates = {e["name"]: e["value"] for e in events if e.get("event") == "slot"}
    rejected = any(e.get("event") == "action_execution_rejected" for e in events)
    if form.by_slot[slot].personal and updates.get(slot):
        # A personal answer reaches the slot only as a sealed reference; read it back.
        assert sealed.token_of(updates[slot]), updates[slot]
        updates[slot] = resolve(tracker, {slot: updates[slot]})[slot]
    return updates, [str(m.get("text")) for m in dispatcher.messages], rejected


CASES = [(slot, lang, text, expected) for slot, rows in TYPED.items()
         for lang, text, expected in rows]


def test_the_table_covers_every_question_of_both_forms() -> None:
    for form, _validator in FORMS.values():
        missing = [slot for slot in form.slots if slot not in TYPED]
        assert not missing, f"{form.name}: no typed answers for {missing}"
        for slot in form.slots:
            assert {lang for lang, _t, _e in TYPED[slot]} == set(LANGUAGES), slot


@pytest.mark.parametrize(("slot", "language", "text", "expected"), CASES,
                         ids=[f"{s}-{lang}-{t[:20]}" for s, lang, t, _e in CASES])
def test_typed_answer_gives_its_value(slot: str, language: str, text: str, expected: Any) -> None:
    updates, messages, rejected = validate(slot, text, language)
    assert not rejected
    value = updates.get(slot)
    if isinstance(expected, float):
        assert value == pytest.approx(expected), messages
    else:
        assert value == expected, messages
    assert FORMS[SLOT_FORM[slot]][0].by_slot[slot].accepts_value(value)


def _english(slot: str, text: str) -> list[str]:
    return validate(slot, text, "en")[1]


JUNK_CASES = [(slot, LANGUAGES[i % 3], junk) for slot in SLOT_FORM
              for i, junk in enumerate(JUNK)]


@pytest.mark.parametrize(("slot", "language", "text"), JUNK_CASES,
                         ids=[f"{s}-{lang}-{i}" for i, (s, lang, _t) in enumerate(JUNK_CASES)])
def test_junk_is_a_value_or_a_localized_reask_never_an_exception(
    slot: str, language: str, text: str
) -> None:
    form = FORMS[SLOT_FORM[slot]][0]
    question = form.by_slot[slot]
    updates, messages, rejected = validate(slot, text, language)
    assert not rejected
    value = updates.get(slot)
    if value is not None and slot in updates:
        assert question.accepts_value(value), (slot, value)
        if isinstance(value, str):
            assert "\x00" not in value and "\u202e" not in value and len(value) <= 4000
        return
    assert slot in updates and updates[slot] is None, updates
    assert messages, "an unreadable answer must be answered with a re-ask"
    if language != "en":
        assert messages != _english(slot, text), f"re-ask not translated: {messages}"


INTERRUPTIBLE = [
    slot for form, _v in FORMS.values() for slot in form.slots
    if form.by_slot[slot].interruptible
    and slot not in ("complaint_category", "complaint_confirm")  # topics / field names
]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("slot", INTERRUPTIBLE)
def test_a_rights_question_is_handed_to_the_rules_and_fills_nothing(
    slot: str, language: str
) -> None:
    text, intent = RIGHTS_QUESTION[language]
    updates, _messages, rejected = validate(slot, text, language, intent, 0.95)
    assert rejected, updates
    assert updates.get(slot) is None


@pytest.mark.parametrize("slot", ["complaint_description", "complaint_request"])
def test_a_description_full_of_rights_words_is_kept_as_the_answer(slot: str) -> None:
    text = "Мне не платят зарплату уже три месяца, это законно? Директор только обещает."
    updates, _messages, rejected = validate(slot, text, "ru", "ask_wages_unpaid", 0.97)
    assert not rejected and updates[slot] == text


def test_a_topic_question_takes_the_rights_words_as_the_topic() -> None:
    updates, _m, rejected = validate("complaint_category", "мне не платят зарплату", "ru",
                                     "ask_wages_unpaid", 0.9)
    assert not rejected and updates["complaint_category"] == "wages_unpaid"


def test_the_classified_topic_answers_when_no_keyword_does() -> None:
    updates, _m, _r = validate("complaint_category", "меня заставляют работать по ночам", "ru",
                               "ask_working_time", 0.8)
    assert updates["complaint_category"] == "working_time"


@pytest.mark.parametrize(("text", "intent"), [
    ("+7 701 555 44 33", "ask_wages_unpaid"), ("87015554433", "ask_dismissal"),
    ("🙂", "ask_union"),
])
def test_no_letters_never_interrupt_a_closed_question(text: str, intent: str) -> None:
    updates, messages, rejected = validate("complaint_confirm", text, "ru", intent, 0.7)
    assert not rejected and updates.get("complaint_confirm") is None and messages


@pytest.mark.parametrize(("language", "words"), [
    ("ru", {"back": "назад", "skip": "пропустить", "restart": "заново", "stop": "стоп"}),
    ("kk", {"back": "артқа", "skip": "өткізу", "restart": "қайта бастау", "stop": "тоқта"}),
    ("en", {"back": "back", "skip": "skip", "restart": "start over", "stop": "stop"}),
])
def test_navigation_words_in_every_language(language: str, words: dict[str, str]) -> None:
    slot = "elig_wages"
    skip, _m, _r = validate(slot, words["skip"], language)
    assert skip[slot] == "dk"
    stop, _m, _r = validate(slot, words["stop"], language)
    assert stop[ELIGIBILITY.paused_slot] is True and stop[REQUESTED_SLOT] is None
    restart, messages, _r = validate(slot, words["restart"], language)
    assert all(restart[s] is None for s in ELIGIBILITY.slots) and messages
    back, _m, _r = validate(slot, words["back"], language)
    assert back[slot] is None


def test_a_question_that_cannot_be_skipped_says_so() -> None:
    updates, messages, _r = validate("complaint_description", "пропустить", "ru")
    assert updates["complaint_description"] is None
    assert "стоп" in messages[0]


def test_cancel_at_the_summary_is_cancel_not_stop() -> None:
    updates, _m, _r = validate("complaint_confirm", "Отменить", "ru")
    assert updates["complaint_confirm"] == "cancel"
    assert not updates.get(intake.FORM.paused_slot)
