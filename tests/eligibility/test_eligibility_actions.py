"""Eligibility actions: the form engine's validator and questions, the start and result actions.

The interview is played with :class:`tests.forms.driver.FormDriver` (Rasa's form loop without
Rasa) over the real ``validate_eligibility_form`` and ``action_ask_<slot>`` actions; the start
and result actions run against rasa_sdk Trackers with a CollectingDispatcher. Covered: answers
stored canonically, re-asks in the user's language, "Skip" after two misses, navigation, the
questions each branch needs (never more than 12), the result equal to what ``scoring`` returns,
and the row saved without personal data. The migrant questions are personal: their slots hold
sealed references (:mod:`storage.sealed`), the result reads them back, and the result message
and the summary reach Rasa only sealed (the tests read their stored text, as the bot shows it).
"""

from __future__ import annotations

import json
import pickle
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session, sessionmaker

import actions.db as actions_db
from actions import guard
from actions.eligibility import harmful
from actions.eligibility.assessment import assess
from actions.eligibility.form import (
    ASK_ACTIONS,
    DONE,
    STOPPED,
    VALIDATOR,
    ActionEligibilityStart,
)
from actions.eligibility.interview import (
    FORM,
    MAX_QUESTIONS,
    QUESTIONS,
    SLOTS,
    answers_of,
    required_slots,
)
from actions.eligibility.result import SUMMARY, ActionEligibilityResult
from actions.forms.engine import INVALID_COUNT, REQUESTED_SLOT
from actions.forms.question import answer_payload
from actions.sealing import MARKER, PLACEHOLDER, resolve, seal_answer, seal_marker
from i18n import use_language
from scoring import (
    employment_relationship,
    guarantees,
    professional_indicators_from_answers,
    violation_risk,
)
from storage import sealed
from storage.base import Base
from storage.questionnaires import Questionnaire
from tests.forms.driver import FormDriver, Turn

COURIER = {
    "elig_work_type": "platform",
    "elig_citizenship": "KZ",
    "elig_contract_type": "sole_trader",
    "elig_platform_sets_price": "yes",
    "elig_sanctions_for_refusal": "yes",
    "elig_ratings_affect_orders": "yes",
    "elig_gps_control": "yes",
    "elig_automatic_dispatch": "yes",
    "elig_wages": "ok",
    "elig_dismissal_threats": "no",
}
MIGRANT = {
    "elig_work_type": "employee",
    "elig_citizenship": "UZ",
    "elig_harmful": "no",
    "elig_work_permit": "no",
    "elig_registration": "yes",
    "elig_passport_held": "yes",
    "elig_written_contract": "no",
    "elig_wages": "unpaid",
    "elig_overtime": "none",
    "elig_leave_given": "dk",
    "elig_dismissal_threats": "yes",
}
#: Every harmful-work question answered (more than one interview asks: the 12-question cut
#: keeps answered questions), so the proposal estimate has its inputs.
HARMFUL = {
    "elig_work_type": "employee",
    "elig_citizenship": "KZ",
    "elig_harmful": "yes",
    "elig_work_class": "3.2",
    "elig_on_list": 12,
    "elig_exposure_share": 0.6,
    "elig_injuries": "minor",
    "elig_equipment": "worn",
    "elig_ppe": "partial",
    "elig_colleagues_ill": "dk",
    "elig_guarantees_given": "no",
    "elig_written_contract": "yes",
    "elig_wages": "ok",
    "elig_overtime": "unpaid",
    "elig_leave_given": "yes",
    "elig_dismissal_threats": "no",
}
#: The migrant status questions: personal, so their slots hold only sealed references.
PERSONAL = ("elig_work_permit", "elig_registration", "elig_passport_held")
EMPLOYEE_KZ = {"elig_work_type": "employee", "elig_citizenship": "KZ"}
HARMFUL_START = {**EMPLOYEE_KZ, "elig_harmful": "yes"}
LANGUAGES = ("kk", "ru", "en")


@pytest.fixture(autouse=True)
def crashes_fail_the_test(monkeypatch: pytest.MonkeyPatch) -> None:
    """The guard would turn an exception into an apology; here it must fail the test."""

    def reraise(action: str, error: BaseException) -> None:
        raise error

    monkeypatch.setattr(guard, "log_failure", reraise)


def interview(language: str = "ru", **answered: Any) -> FormDriver:
    """A started interview; ``answered`` are slots already filled (as after a resume)."""
    driver = FormDriver(FORM, VALIDATOR, ASK_ACTIONS, language)
    driver.start(prefilled=answered or None)
    return driver


def payloads(turn: Turn) -> list[str]:
    return [b["payload"] for b in turn.buttons]


def hint_of(slot: str, language: str) -> str:
    """The question's re-ask hint in ``language``."""
    hint = QUESTIONS[slot].hint
    assert hint is not None
    with use_language(language):
        return hint()


def make_tracker(slots: dict[str, Any], *, language: str = "ru") -> Tracker:
    """A tracker after the form ended (or before it started), with ``slots`` set."""
    values: dict[str, Any] = dict.fromkeys(SLOTS)
    values.update({"language": language, INVALID_COUNT: 0, STOPPED: False, DONE: False})
    values.update(slots)
    return Tracker(
        "test-user",
        values,
        {"text": "", "intent": {"name": "form_answer"}, "metadata": {"language": language}},
        [{"event": "user", "text": "hi"}],
        False,
        None,
        {},
        "action_listen",
    )


def sealed_slots(slots: dict[str, Any]) -> dict[str, Any]:
    """``slots`` as the form keeps them: personal answers sealed (for the test user)."""
    tracker = make_tracker({})
    return {
        slot: (seal_answer(tracker, slot, value)
               if slot in PERSONAL and value is not None and not sealed.token_of(value)
               else value)
        for slot, value in slots.items()
    }


def resolved(values: dict[str, Any]) -> dict[str, Any]:
    """``values`` with the test user's sealed references read back from the app database."""
    return resolve(make_tracker({}), values)


def answers_for(slots: dict[str, Any]) -> dict[str, Any]:
    """The answers the result action scores for ``slots`` (personal ones sealed, then read
    back), as :class:`ActionEligibilityResult` does."""
    return resolved(answers_of(sealed_slots(slots)))


def stored_text(ref: object) -> str:
    """The text behind a sealed reference of the test user (kept, unlike the bot's take)."""
    assert sealed.token_of(ref), f"not a sealed reference: {ref!r}"
    text = resolved({"ref": ref})["ref"]
    assert text is not None, f"nothing stored for {ref!r}"
    return str(text)


def shown_text(message: dict[str, Any]) -> str:
    """What the bot shows of a result message: the stored text Rasa's placeholder stands for."""
    assert message["text"] == PLACEHOLDER
    return stored_text(message["custom"][MARKER]["sealed_message"])


def summary_in(events: list[dict[str, Any]]) -> dict[str, Any]:
    """The ``elig_summary`` the result set: a sealed reference to JSON, decoded."""
    ref = next(e["value"] for e in events if e.get("name") == SUMMARY)
    summary: dict[str, Any] = json.loads(stored_text(ref))
    return summary


# --- reading answers ----------------------------------------------------------------------------


#: After "is your work harmful?": yes and "don't know" ask the class, no goes on to the contract.
NEXT_AFTER_HARMFUL = {"yes": "elig_work_class", "dk": "elig_work_class",
                      "no": "elig_written_contract"}


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("kk", "иә", "yes"),
        ("kk", "joq", "no"),
        ("kk", "білмеймін", "dk"),
        ("ru", "неа", "no"),
        ("ru", "ага", "yes"),
        ("ru", "хз", "dk"),
        ("en", "yep", "yes"),
        ("en", "dunno", "dk"),
    ],
)
def test_free_text_answers_are_stored_canonically(
    language: str, text: str, expected: str
) -> None:
    driver = interview(language, **EMPLOYEE_KZ)
    assert driver.requested == "elig_harmful"
    turn = driver.say(text)
    assert driver.slots["elig_harmful"] == expected  # the value, not the text typed
    assert driver.slots[INVALID_COUNT] == 0
    assert len(turn.texts) == 1 and turn.texts[0].startswith("4. ")  # next question, no hint
    assert driver.requested == NEXT_AFTER_HARMFUL[expected]


def test_shares_are_stored_as_floats() -> None:
    driver = interview(**HARMFUL_START, elig_work_class="3.2", elig_on_list=12,
                       elig_guarantees_given="no")
    assert driver.requested == "elig_exposure_share"
    driver.say("половину смены")
    assert driver.slots["elig_exposure_share"] == 0.5
    assert type(driver.slots["elig_exposure_share"]) is float


def test_button_payload_fills_the_slot_and_moves_to_the_next_question() -> None:
    driver = interview()
    assert driver.requested == "elig_work_type"
    turn = driver.say(answer_payload("platform"))
    assert driver.slots["elig_work_type"] == "platform"
    assert driver.requested == "elig_citizenship"
    assert turn.texts[0].startswith("2. ")
    assert answer_payload("KG") in payloads(turn)


def test_share_buttons_carry_numbers() -> None:
    driver = interview(elig_work_type="platform", elig_citizenship="KZ",
                       elig_contract_type="none", elig_platform_sets_price="yes",
                       elig_sanctions_for_refusal="no", elig_ratings_affect_orders="yes",
                       elig_gps_control="no", elig_automatic_dispatch="yes")
    assert driver.requested == "elig_income_share"
    turn = driver.say("zzz")  # re-asked: the buttons are the question's
    assert '/form_answer{"form_value":0.5}' in payloads(turn)
    driver.say(answer_payload(0.5))
    assert driver.slots["elig_income_share"] == 0.5


@pytest.mark.parametrize(
    ("text", "code", "migrant_questions"),
    [
        ("кыргыз", "KG", ["elig_registration", "elig_passport_held"]),  # EAEU: no permit
        ("өзбекпін", "UZ", ["elig_work_permit", "elig_registration", "elig_passport_held"]),
        ("Tajikistan", "TJ", ["elig_work_permit", "elig_registration", "elig_passport_held"]),
        ("Қазақстан", "KZ", []),
    ],
)
def test_citizenship_decides_the_migrant_branch(
    text: str, code: str, migrant_questions: list[str]
) -> None:
    driver = interview(elig_work_type="employee")
    assert driver.requested == "elig_citizenship"
    driver.say(text)
    assert driver.slots["elig_citizenship"] == code
    assert driver.requested == "elig_harmful"
    path = FORM.required({**driver.answers(), "elig_harmful": "no"})
    migrant = ["elig_work_permit", "elig_registration", "elig_passport_held"]
    assert [slot for slot in path if slot in migrant] == migrant_questions


@pytest.mark.parametrize("language", LANGUAGES)
def test_unreadable_answer_is_re_asked_and_counted(language: str) -> None:
    driver = interview(language, **EMPLOYEE_KZ)
    turn = driver.say("фывапролд")
    assert driver.slots["elig_harmful"] is None
    assert driver.slots[INVALID_COUNT] == 1
    assert driver.requested == "elig_harmful"
    hint, question = turn.texts
    assert hint == hint_of("elig_harmful", language)
    if language != "en":
        assert hint != hint_of("elig_harmful", "en")  # the hint is in the user's language
    assert question.startswith("3. ")  # the same question again
    driver.say("qwerty")
    assert driver.slots[INVALID_COUNT] == 2


@pytest.mark.parametrize("language", LANGUAGES)
def test_after_two_unreadable_answers_the_question_offers_skip(language: str) -> None:
    driver = interview(language, **EMPLOYEE_KZ)
    first = driver.say("???x")
    assert answer_payload("skip") not in payloads(first)
    assert answer_payload("dk") in payloads(first)  # "don't know" is always there
    second = driver.say("zzz")
    assert driver.slots[INVALID_COUNT] == 2
    assert answer_payload("skip") in payloads(second)
    driver.say(answer_payload("skip"))  # pressing Skip stores "don't know"
    assert driver.slots["elig_harmful"] == "dk"
    assert driver.slots[INVALID_COUNT] == 0
    assert driver.requested == "elig_work_class"  # "don't know" harmful: the class decides


def test_typed_skip_counts_as_dont_know() -> None:
    driver = interview(**EMPLOYEE_KZ)
    driver.say("пропустить")
    assert driver.slots["elig_harmful"] == "dk"


@pytest.mark.parametrize(("language", "text"), [("ru", "3 класс"), ("ru", "вредный"),
                                                ("kk", "3"), ("en", "class 3")])
def test_class_three_without_degree_asks_for_the_degree(language: str, text: str) -> None:
    driver = interview(language, **HARMFUL_START)
    assert driver.requested == "elig_work_class"
    turn = driver.say(text)
    assert driver.slots["elig_work_class"] is None
    assert driver.requested == "elig_work_class"
    assert driver.slots[INVALID_COUNT] == 1
    assert "3.1" in turn.texts[0] and "3.4" in turn.texts[0]
    if language != "en":
        assert "degree" not in turn.texts[0]  # translated
    driver.say("3.2")
    assert driver.slots["elig_work_class"] == "3.2"


def test_the_degree_typed_after_the_degree_question_is_read_as_class_three() -> None:
    driver = interview(**HARMFUL_START)
    driver.say("3 класс")
    driver.say("2")
    assert driver.slots["elig_work_class"] == "3.2"


# --- navigation ---------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["назад", "артқа", "back", answer_payload("back")])
def test_back_forgets_the_previous_answer(text: str) -> None:
    driver = interview(**EMPLOYEE_KZ)
    driver.say(text)
    assert driver.slots["elig_citizenship"] is None
    assert driver.slots["elig_work_type"] == "employee"
    assert driver.requested == "elig_citizenship"


def test_back_at_the_first_question_says_so() -> None:
    driver = interview("en")
    turn = driver.say("back")
    assert turn.texts[0] == "This is the first question."
    assert driver.requested == "elig_work_type"


def test_back_button_only_after_the_first_question() -> None:
    first = interview().history[-1]
    assert answer_payload("back") not in payloads(first)
    assert answer_payload("back") in payloads(interview(**EMPLOYEE_KZ).history[-1])


def test_restart_clears_every_answer() -> None:
    driver = interview("kk", **EMPLOYEE_KZ)
    turn = driver.say("қайта бастау")
    assert driver.slots["elig_work_type"] is None and driver.slots["elig_citizenship"] is None
    assert driver.requested == "elig_work_type"
    assert len(turn.texts) == 2 and turn.texts[1].startswith("1. ")


@pytest.mark.parametrize("text", ["stop", "стоп", "тоқта"])
def test_stop_ends_the_form_and_keeps_the_answers(text: str) -> None:
    driver = interview(**EMPLOYEE_KZ)
    driver.say(text)
    assert driver.slots[STOPPED] is True
    assert driver.slots[REQUESTED_SLOT] is None and driver.requested is None  # form ends
    assert driver.answers()["elig_work_type"] == "employee"
    assert driver.answers()["elig_citizenship"] == "KZ"


async def test_start_resumes_an_interrupted_interview_and_resets_a_finished_one() -> None:
    resumed = CollectingDispatcher()
    events = await ActionEligibilityStart().run(
        resumed, make_tracker({"elig_work_type": "employee"}, language="en"), {}
    )
    assert SlotSet("elig_work_type", None) not in events
    assert SlotSet(STOPPED, False) in events
    assert resumed.messages[0]["text"] == "Let's continue where we stopped."
    fresh = CollectingDispatcher()
    events = await ActionEligibilityStart().run(
        fresh, make_tracker({**MIGRANT, DONE: True}, language="en"), {}
    )
    assert SlotSet("elig_work_type", None) in events
    assert SlotSet("elig_citizenship", None) in events
    assert SlotSet(DONE, False) in events
    assert f"at most {MAX_QUESTIONS} short questions" in fresh.messages[0]["text"]


# --- personal answers (migrant status) ----------------------------------------------------------


def test_only_the_migrant_status_questions_are_personal() -> None:
    assert tuple(slot for slot in SLOTS if QUESTIONS[slot].personal) == PERSONAL


@pytest.mark.parametrize("slot", PERSONAL)
async def test_migrant_questions_ask_the_front_end_to_seal_the_answer(slot: str) -> None:
    dispatcher = CollectingDispatcher()
    tracker = make_tracker({**sealed_slots(MIGRANT), slot: None, REQUESTED_SLOT: slot})
    await ASK_ACTIONS[slot]().run(dispatcher, tracker, {})
    (message,) = dispatcher.messages
    assert message["custom"] == seal_marker(slot)
    assert message["text"] != PLACEHOLDER  # the question itself is no personal data


def test_migrant_answers_reach_their_slots_only_as_references() -> None:
    driver = interview("ru", elig_work_type="employee", elig_citizenship="UZ",
                       elig_harmful="no")
    typed = {
        "elig_work_permit": ("нет", "no"),
        "elig_registration": (answer_payload("yes"), "yes"),
        "elig_passport_held": ("хз", "dk"),
    }
    for slot, (text, expected) in typed.items():
        assert driver.requested == slot
        assert driver.seal_next == slot  # the question carried the seal marker
        driver.say(text)
        ref = driver.slots[slot]
        assert sealed.token_of(ref), f"{slot} holds {ref!r}"
        assert driver.answers()[slot] == expected  # the answer is in the app database
    assert driver.requested == "elig_written_contract"
    assert driver.seal_next is None  # the next question is not personal
    kept = {driver.slots[slot] for slot in PERSONAL}
    assert not {"yes", "no", "dk", "нет", "хз"} & kept
    # the form's answers (what the actions pass around) are the references too
    assert {answers_of(driver.slots)[slot] for slot in PERSONAL} == kept


def test_an_unsealed_migrant_status_in_a_slot_is_no_answer() -> None:
    # a raw value there came from Rasa's text mapping or a forged payload, not from the form
    answers = answers_of(MIGRANT)
    assert all(answers[slot] is None for slot in PERSONAL)
    assert required_slots(MIGRANT)[:4] == [*list(MIGRANT)[:3], "elig_work_permit"]
    assert {slot: answers_for(MIGRANT)[slot] for slot in PERSONAL} == {
        slot: MIGRANT[slot] for slot in PERSONAL
    }


# --- which questions each branch asks -----------------------------------------------------------


def test_profile_questions_come_first() -> None:
    assert required_slots(dict.fromkeys(SLOTS)) == [
        "elig_work_type",
        "elig_citizenship",
        "elig_harmful",
    ]


def test_courier_path_stops_once_the_band_is_decided() -> None:
    needed = required_slots({**dict.fromkeys(SLOTS), **COURIER})
    assert needed == list(COURIER)  # 10 questions, the other indicators cannot change the band
    assert 5 <= len(needed) <= MAX_QUESTIONS


def test_eaeu_migrant_is_not_asked_for_a_work_permit() -> None:
    answers = {**dict.fromkeys(SLOTS), **MIGRANT, "elig_citizenship": "KG"}
    assert "elig_work_permit" not in required_slots(answers)
    assert "elig_work_permit" in required_slots({**dict.fromkeys(SLOTS), **MIGRANT})


def test_migrant_path() -> None:
    assert required_slots({**dict.fromkeys(SLOTS), **MIGRANT}) == list(MIGRANT)


def test_on_the_list_and_the_days_are_one_question() -> None:
    assert "elig_leave_tier" not in SLOTS
    needed = required_slots({**dict.fromkeys(SLOTS), **HARMFUL})
    assert needed.count("elig_on_list") == 1
    # the answer (no, yes, days) does not change which questions follow
    for on_list in ("no", "yes", "dk", 6):
        assert required_slots({**HARMFUL, "elig_on_list": on_list}) == needed


def test_dont_know_if_harmful_asks_the_class_first() -> None:
    answers = {**dict.fromkeys(SLOTS), **HARMFUL, "elig_harmful": "dk", "elig_work_class": None}
    needed = required_slots(answers)
    assert "elig_work_class" in needed and "elig_attested" not in needed
    assert "elig_on_list" not in needed
    assert "elig_on_list" in required_slots({**answers, "elig_work_class": "3.2"})
    assert "elig_on_list" not in required_slots({**answers, "elig_work_class": "2"})


def test_attestation_is_asked_only_when_the_class_is_unknown() -> None:
    assert "elig_attested" not in required_slots({**HARMFUL_START, "elig_work_class": "3.2"})
    assert "elig_attested" in required_slots({**HARMFUL_START, "elig_work_class": "dk"})
    assert "elig_attested" in required_slots(HARMFUL_START)  # before the class is answered


def test_employee_citizen_path_is_short() -> None:
    answers = {**EMPLOYEE_KZ, "elig_harmful": "no"}
    assert required_slots(answers) == [
        "elig_work_type", "elig_citizenship", "elig_harmful", "elig_written_contract",
        "elig_wages", "elig_overtime", "elig_leave_given", "elig_dismissal_threats",
    ]


def test_a_long_path_drops_the_lowest_priorities_first() -> None:
    answers = FORM.answers(HARMFUL_START)
    full = FORM.path(answers)
    needed = FORM.required(answers)
    assert len(full) > MAX_QUESTIONS == len(needed)
    dropped = [slot for slot in full if slot not in needed]
    assert all(QUESTIONS[slot].priority >= 2 for slot in dropped)
    if any(QUESTIONS[slot].priority == 2 for slot in dropped):
        assert all(slot in dropped for slot in full if QUESTIONS[slot].priority == 3)
    assert all(slot in needed for slot in full if QUESTIONS[slot].priority == 1)
    # With the class known (no attestation question) the research estimate keeps the three
    # inputs it needs.
    known_class = FORM.required(FORM.answers({**HARMFUL_START, "elig_work_class": "3.2"}))
    assert sum(s in known_class for s in harmful.PROPOSAL_INPUTS) >= harmful.MIN_PROPOSAL_ANSWERS


def test_stale_answers_of_another_branch_do_not_count() -> None:
    answers = answers_of({**COURIER, "elig_work_type": "employee", "elig_harmful": "no"})
    assert answers["elig_platform_sets_price"] is None


def test_raw_text_in_a_slot_is_no_answer() -> None:
    answers = answers_of({"elig_work_type": "курьер", "elig_citizenship": "KG"})
    assert answers["elig_work_type"] is None
    assert required_slots({"elig_work_type": "курьер"})[0] == "elig_work_type"


#: Answer combinations; every question not named gets its first option.
PATHS = {
    "courier KZ": {"elig_work_type": "platform", "elig_citizenship": "KZ"},
    "courier KZ, everything unknown": {
        "elig_work_type": "platform", "elig_citizenship": "KZ", "elig_contract_type": "dk",
        **{slot: "dk" for slot in QUESTIONS if QUESTIONS[slot].priority == 2},
    },
    # mixed answers keep the band open: every indicator would be asked
    "courier migrant non-EAEU, borderline": {
        "elig_work_type": "platform", "elig_citizenship": "UZ", "elig_contract_type": "none",
        "elig_platform_sets_price": "yes", "elig_sanctions_for_refusal": "no",
        "elig_ratings_affect_orders": "yes", "elig_gps_control": "no",
        "elig_automatic_dispatch": "yes", "elig_income_share": 0.5,
    },
    "harmful employee KZ, class unknown": {
        **HARMFUL_START, "elig_work_class": "dk", "elig_attested": "dk", "elig_on_list": "dk",
    },
    "harmful employee KZ, class 3.2": {**HARMFUL_START, "elig_work_class": "3.2"},
    "harmful by class (dk harmful)": {**EMPLOYEE_KZ, "elig_harmful": "dk",
                                      "elig_work_class": "3.3"},
    "harmful non-EAEU migrant employee": {
        "elig_work_type": "employee", "elig_citizenship": "TJ", "elig_harmful": "yes",
        "elig_work_class": "dk",
    },
    "employee": {**EMPLOYEE_KZ, "elig_harmful": "no"},
    "employee, dk to everything": {"elig_work_type": "dk", "elig_citizenship": "dk",
                                   "elig_harmful": "dk", "elig_work_class": "dk"},
    "both, EAEU migrant": {"elig_work_type": "both", "elig_citizenship": "KG",
                           "elig_harmful": "no"},
    "both, non-EAEU migrant, harmful": {"elig_work_type": "both", "elig_citizenship": "TJ",
                                        "elig_harmful": "yes", "elig_work_class": "dk"},
}


@pytest.mark.parametrize("given", PATHS.values(), ids=PATHS.keys())
def test_every_path_has_at_most_twelve_questions(given: dict[str, Any]) -> None:
    driver = interview("ru")
    asked: list[str] = []
    while (slot := driver.requested) is not None:
        question = QUESTIONS[slot]
        value = given.get(slot, question.options[0].value)
        turn = driver.say(answer_payload(value))
        if slot in PERSONAL:  # a reference in the slot, the answer in the app database
            assert sealed.token_of(driver.slots[slot]), f"{slot}: not sealed"
            assert driver.answers()[slot] == value, f"{slot}: {value!r} not stored"
        else:
            assert driver.slots[slot] == value, f"{slot}: {value!r} not stored"
        asked.append(slot)
        assert len(asked) <= MAX_QUESTIONS, f"more than {MAX_QUESTIONS} questions: {asked}"
        if driver.requested is not None:  # numbered by the position on the path
            assert turn.texts[-1].startswith(f"{len(asked) + 1}. ")
    answers = driver.answers()
    assert FORM.next_slot(answers) is None  # all answered
    assert len(FORM.required(answers)) <= MAX_QUESTIONS
    assert FORM.required(answers) == asked


# --- "on the List, and how many days?" ----------------------------------------------------------


def on_list_interview(language: str = "ru") -> FormDriver:
    driver = interview(language, **HARMFUL_START, elig_work_class="3.2")
    assert driver.requested == "elig_on_list"
    return driver


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("ru", "нет", "no"),
        ("kk", "жоқ", "no"),
        ("ru", "да", "yes"),
        ("kk", "иә", "yes"),
        ("ru", "да, 12 дней", 12),
        ("kk", "18 күн", 18),
        ("en", "yes, 36 days", 36),
        ("ru", "білмеймін", "dk"),
        ("ru", answer_payload(24), 24),
        ("ru", answer_payload("yes"), "yes"),
    ],
)
def test_on_list_answers(language: str, text: str, expected: Any) -> None:
    driver = on_list_interview(language)
    driver.say(text)
    assert driver.slots["elig_on_list"] == expected
    assert type(driver.slots["elig_on_list"]) is type(expected)
    assert driver.requested == "elig_guarantees_given"


@pytest.mark.parametrize("language", LANGUAGES)
def test_on_list_days_that_are_no_tier_are_refused_with_a_message(language: str) -> None:
    driver = on_list_interview(language)
    turn = driver.say("7")
    assert driver.slots["elig_on_list"] is None
    assert driver.requested == "elig_on_list"
    assert driver.slots[INVALID_COUNT] == 1
    assert "6, 12, 18, 24, 30" in turn.texts[0] and "36" in turn.texts[0]
    if language != "en":
        assert "extra leave" not in turn.texts[0]
    assert answer_payload(12) in payloads(turn)  # the tiers are buttons


# --- the result is what scoring returns ---------------------------------------------------------


def test_courier_result_equals_scoring() -> None:
    got = assess(answers_of(COURIER))
    names = [
        "platform_sets_price",
        "sanctions_for_refusal",
        "ratings_affect_orders",
        "gps_control",
        "automatic_dispatch",
    ]
    assert got.employment is not None
    indicators = dict.fromkeys(got.employment.indicators, 0.0)
    unknown = {name: name not in names and name != "employment_contract" for name in indicators}
    indicators.update(dict.fromkeys(names, 1.0))
    expected = employment_relationship(indicators, unknown=unknown)
    assert got.employment.score.tolist() == expected.score.tolist()
    assert got.employment.band.tolist() == ["likely_employee"]
    assert got.guarantees is None and got.professional is None


def test_migrant_result_equals_scoring() -> None:
    got = assess(answers_for(MIGRANT))
    expected_values = dict.fromkeys(got.violation.indicators, 0.0)
    expected_values.update(
        passport_withheld=1.0,
        no_work_permit=1.0,
        no_written_contract=1.0,
        wages_unpaid=1.0,
        dismissal_threats=1.0,
    )
    expected = violation_risk(expected_values, unknown={"leave_denied": True})
    assert got.violation.score.tolist() == expected.score.tolist()
    assert got.violation.degree.tolist() == expected.degree.tolist()
    assert got.employment is None and got.guarantees is None


def test_harmful_result_equals_scoring() -> None:
    got = assess(answers_of(HARMFUL))
    owed = guarantees("3.2", "unknown", "yes", [12])
    assert got.guarantees is not None and got.professional is not None
    assert got.guarantees.extra_leave_days.tolist() == owed.extra_leave_days.tolist() == [12]
    assert got.guarantees.owed() == owed.owed()
    risk = professional_indicators_from_answers(0.6, "minor", "worn", "partial", "unknown").assess()
    assert got.professional.score.tolist() == risk.score.tolist()
    assert "harmful_without_guarantees" in got.violation.reasons()


@pytest.mark.parametrize(
    ("on_list", "expected"),
    [
        (12, ("yes", [12])),
        ("yes", ("yes", [0])),  # on the List, days not known
        ("no", ("no", [0])),
        ("dk", ("unknown", [0])),
    ],
)
def test_the_on_list_answer_reaches_scoring(on_list: Any, expected: tuple[str, list[int]]
                                            ) -> None:
    answers = answers_of({**HARMFUL, "elig_on_list": on_list})
    inputs = harmful.guarantee_inputs(answers)
    assert (inputs["on_list"], inputs["leave_tier_days"]) == expected
    got = assess(answers).guarantees
    owed = guarantees("3.2", "unknown", *expected)
    assert got is not None
    assert got.extra_leave_days.tolist() == owed.extra_leave_days.tolist()
    assert got.owed() == owed.owed()


def test_the_proposal_estimate_needs_three_of_its_inputs() -> None:
    two = {**HARMFUL, "elig_equipment": None, "elig_ppe": None, "elig_colleagues_ill": None}
    assert not harmful.proposal_answered(answers_of(two))
    assert assess(answers_of(two)).professional is None
    assert assess(answers_of(two)).guarantees is not None  # current law does not need them
    three = {**two, "elig_ppe": "none"}
    assert harmful.proposal_answered(answers_of(three))
    assert assess(answers_of(three)).professional is not None


# --- the result action --------------------------------------------------------------------------


@pytest.fixture
def database(tmp_path: Path) -> Iterator[sessionmaker[Session]]:
    engine = create_engine(f"sqlite:///{tmp_path / 'q.db'}")
    Base.metadata.create_all(engine)
    factory = sessionmaker(bind=engine, expire_on_commit=False)
    previous = actions_db.sessions()
    actions_db.use(factory)
    yield factory
    actions_db.use(previous)
    engine.dispose()


async def result_of(slots: dict[str, Any], language: str = "en"
                    ) -> tuple[CollectingDispatcher, list[dict[str, Any]]]:
    """Run the result action after a form that kept ``slots`` (personal answers sealed)."""
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(sealed_slots(slots), language=language)
    events = await ActionEligibilityResult().run(dispatcher, tracker, {})
    return dispatcher, events


@pytest.mark.parametrize("language", LANGUAGES)
async def test_result_message_buttons_summary_and_saved_row(
    language: str, database: sessionmaker[Session]
) -> None:
    # a stale answer of another branch and raw text in a slot must not be saved
    slots = {**MIGRANT, "elig_platform_sets_price": "yes", "elig_ppe": "дают перчатки"}
    dispatcher, events = await result_of(slots, language)
    message = dispatcher.messages[0]
    payloads = [b["payload"] for b in message["buttons"]]
    assert payloads == ["/file_complaint", "/ask_wages_unpaid", "/request_human"]
    text = shown_text(message)
    if language != "en":
        assert "Result of the check" not in text
    summary = summary_in(events)
    expected = assess(answers_for(MIGRANT)).violation
    assert summary["violation_degree"] == str(expected.degree[0])
    assert summary["violations"][:2] == expected.reasons(n=2)
    assert summary["category"] == "wages_unpaid" and summary["migrant"] is True
    assert summary["eaeu_citizen"] is False
    assert SlotSet(DONE, True) in events
    with database() as session:
        row = session.scalars(select(Questionnaire)).one()
    assert row.id == summary["questionnaire_id"]
    assert row.language == language
    assert row.violation_score == pytest.approx(float(expected.score[0]))
    assert row.answers == MIGRANT  # canonical answers only, nothing else


async def test_harmful_result_lists_the_guarantees_with_articles_and_the_proposal(
    database: sessionmaker[Session],
) -> None:
    dispatcher, _events = await result_of(HARMFUL)
    text = shown_text(dispatcher.messages[0])
    assert "at least 12 calendar days" in text and "art. 89" in text
    assert "no more than 36 hours" in text and "art. 69" in text
    assert "Research proposal, not law" in text
    with database() as session:
        row = session.scalars(select(Questionnaire)).one()
    assert row.professional_score is not None
    assert row.guarantees is not None and row.guarantees["extra_leave"] == "owed"


async def test_harmful_result_without_enough_proposal_answers_has_no_estimate(
    database: sessionmaker[Session],
) -> None:
    # what a real interview asks: the 12-question cut drops most of the proposal inputs
    slots = {**HARMFUL, "elig_injuries": None, "elig_equipment": None, "elig_ppe": None,
             "elig_colleagues_ill": None}
    dispatcher, _events = await result_of(slots)
    text = shown_text(dispatcher.messages[0])
    assert "at least 12 calendar days" in text and "art. 89" in text
    assert "Research proposal" not in text
    with database() as session:
        row = session.scalars(select(Questionnaire)).one()
    assert row.professional_score is None and row.professional_degree is None


async def test_courier_result_explains_the_band(database: sessionmaker[Session]) -> None:
    dispatcher, events = await result_of(COURIER)
    text = shown_text(dispatcher.messages[0])
    assert "employment relationship" in text
    assert "the app sets the price" in text
    assert "tools" not in text  # an indicator never asked is no reason
    summary = summary_in(events)
    assert summary["employment_band"] == "likely_employee"
    assert summary["contract_type"] == "sole_trader"


async def test_rasa_keeps_only_the_placeholder_of_the_result(
    database: sessionmaker[Session],
) -> None:
    slots = sealed_slots(MIGRANT)
    assert all(sealed.token_of(slots[slot]) for slot in PERSONAL)  # as the form keeps them
    dispatcher, events = await result_of(slots)
    (message,) = dispatcher.messages
    assert message["text"] == PLACEHOLDER  # the reply Rasa stores
    message_ref = message["custom"][MARKER]["sealed_message"]
    assert message["custom"] == {MARKER: {"sealed_message": message_ref}}
    text = shown_text(message)  # what the worker sees names their status
    assert "your passport is kept by someone else" in text and "work permit" in text
    summary_ref = next(e["value"] for e in events if e.get("name") == SUMMARY)
    assert sealed.token_of(summary_ref)  # a reference, not the summary itself
    assert summary_in(events)["violations"][:2] == ["wages_unpaid", "passport_withheld"]
    kept = json.dumps([dispatcher.messages, events], ensure_ascii=False)
    for leak in ("passport", "permit", "Result of the check", "violation", "migrant"):
        assert leak not in kept, f"{leak!r} reaches Rasa"
    with database() as session:
        purposes = {
            row.token: row.purpose
            for row in session.scalars(select(sealed.SealedText))
        }
    assert purposes[sealed.token_of(message_ref)] == "message"  # the bot takes it
    assert purposes[sealed.token_of(summary_ref)] == "answer"


@pytest.mark.parametrize(
    "status",
    [{"elig_work_permit": "no"}, {"elig_passport_held": "yes", "elig_work_permit": "yes"}],
    ids=["no permit", "passport held"],
)
async def test_result_buttons_do_not_reveal_the_migrant_status(
    status: dict[str, str], database: sessionmaker[Session],
) -> None:
    # the status is the main topic: nothing else is wrong
    slots = {**MIGRANT, "elig_passport_held": "no", "elig_wages": "ok",
             "elig_written_contract": "yes", "elig_dismissal_threats": "no", **status}
    dispatcher, _events = await result_of(slots)
    kept = json.dumps(dispatcher.messages, ensure_ascii=False)
    # Every migrant status opens the same topic: the button tells no more than the citizenship.
    payloads = [b["payload"] for m in dispatcher.messages for b in m.get("buttons") or []]
    assert "/ask_migrant_rights" in payloads and "/ask_migrant_permit" not in payloads
    assert "permit" not in kept.replace("/ask_migrant_rights", "") and "passport" not in kept


async def test_result_after_stop_only_offers_to_continue() -> None:
    dispatcher, events = await result_of({"elig_work_type": "employee", STOPPED: True})
    assert events == [SlotSet(STOPPED, False)]
    assert dispatcher.messages[0]["buttons"][0]["payload"] == "/start_eligibility_check"
    assert "paused" in dispatcher.messages[0]["text"]


# --- the actions the action server registers ----------------------------------------------------


def test_every_question_has_an_ask_action() -> None:
    assert tuple(ASK_ACTIONS) == SLOTS == FORM.slots
    for slot, cls in ASK_ACTIONS.items():
        assert cls().name() == f"action_ask_{slot}"
    assert VALIDATOR().name() == "validate_eligibility_form"


def test_actions_pickle_by_name_for_the_action_server() -> None:
    # Sanic's spawn workers pickle the registered actions: generated classes must be importable.
    for action in [*(cls() for cls in ASK_ACTIONS.values()), VALIDATOR()]:
        assert type(pickle.loads(pickle.dumps(action))) is type(action)
