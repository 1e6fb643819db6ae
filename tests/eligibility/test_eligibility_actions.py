"""Eligibility actions run against Tracker dict fixtures with a CollectingDispatcher.

Validation, re-asks after unreadable answers, navigation, the questions each branch needs, the
result equal to what ``scoring`` returns, and the row saved without personal data.
"""

from __future__ import annotations

import pickle
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session, sessionmaker

from actions.eligibility import result as result_module
from actions.eligibility.assessment import assess
from actions.eligibility.domain_file import render_domain
from actions.eligibility.form import (
    ASK_ACTIONS,
    DONE,
    INVALID_COUNT,
    STOPPED,
    ActionEligibilityStart,
    ValidateEligibilityForm,
)
from actions.eligibility.interview import SLOTS, answers_of, required_slots
from actions.eligibility.parsers import answer_payload
from actions.eligibility.result import SUMMARY, ActionEligibilityResult
from i18n import use_language
from scoring import (
    employment_relationship,
    guarantees,
    professional_indicators_from_answers,
    violation_risk,
)
from storage.base import Base
from storage.questionnaires import Questionnaire

ROOT = Path(__file__).resolve().parents[2]
DOMAIN: dict[str, Any] = yaml.safe_load((ROOT / "nlu/domain/eligibility.yml").read_text("utf-8"))

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
HARMFUL = {
    "elig_work_type": "employee",
    "elig_citizenship": "KZ",
    "elig_harmful": "yes",
    "elig_work_class": "3.2",
    "elig_on_list": "yes",
    "elig_leave_tier": 12,
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


def make_tracker(
    slots: dict[str, Any],
    *,
    text: str | None = None,
    requested: str | None = None,
    language: str = "ru",
    intent: str = "eligibility_answer",
) -> Tracker:
    """A tracker in the state the form leaves it in: ``text`` just extracted into ``requested``."""
    values: dict[str, Any] = dict.fromkeys(SLOTS)
    values.update({"language": language, INVALID_COUNT: 0, STOPPED: False, DONE: False})
    values.update(slots)
    events: list[dict[str, Any]] = [{"event": "user", "text": text or "hi"}]
    if requested is not None:
        values["requested_slot"] = requested
        values[requested] = text
        events.append({"event": "slot", "name": requested, "value": text})
    return Tracker(
        "test-user",
        values,
        {"text": text, "intent": {"name": intent}, "metadata": {"language": language}},
        events,
        False,
        None,
        {"name": "eligibility_form"} if requested else {},
        "action_listen",
    )


async def validate(tracker: Tracker) -> tuple[dict[str, Any], CollectingDispatcher]:
    dispatcher = CollectingDispatcher()
    events = await ValidateEligibilityForm().run(dispatcher, tracker, DOMAIN)
    return {e["name"]: e["value"] for e in events if e["event"] == "slot"}, dispatcher


# --- validation ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [("kk", "иә", "yes"), ("ru", "неа", "no"), ("en", "dunno", "dk"), ("kk", "joq", "no")],
)
async def test_free_text_answers_are_stored_canonically(
    language: str, text: str, expected: str
) -> None:
    tracker = make_tracker(
        {"elig_work_type": "employee", "elig_citizenship": "KZ"},
        text=text,
        requested="elig_harmful",
        language=language,
    )
    slots, dispatcher = await validate(tracker)
    assert slots["elig_harmful"] == expected
    assert slots[INVALID_COUNT] == 0
    assert dispatcher.messages == []


async def test_button_payload_fills_the_slot_and_moves_to_the_next_question() -> None:
    tracker = make_tracker({}, text=answer_payload("platform"), requested="elig_work_type")
    slots, _ = await validate(tracker)
    assert slots["elig_work_type"] == "platform"
    assert slots["requested_slot"] == "elig_citizenship"


async def test_citizenship_decides_the_migrant_branch() -> None:
    tracker = make_tracker(
        {"elig_work_type": "employee"}, text="кыргыз", requested="elig_citizenship"
    )
    slots, _ = await validate(tracker)
    assert slots["elig_citizenship"] == "KG"


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
async def test_unreadable_answer_is_re_asked_and_counted(language: str) -> None:
    tracker = make_tracker(
        {"elig_work_type": "employee", "elig_citizenship": "KZ"},
        text="фывапролд",
        requested="elig_harmful",
        language=language,
    )
    slots, dispatcher = await validate(tracker)
    assert slots["elig_harmful"] is None
    assert slots[INVALID_COUNT] == 1
    assert slots["requested_slot"] == "elig_harmful"
    assert len(dispatcher.messages) == 1
    if language != "en":
        assert "understand" not in dispatcher.messages[0]["text"]  # translated


async def test_after_two_unreadable_answers_the_question_offers_skip() -> None:
    slots = {"elig_work_type": "employee", "elig_citizenship": "KZ"}
    first, _ = await validate(make_tracker(slots, text="???x", requested="elig_harmful"))
    second, _ = await validate(
        make_tracker(
            {**slots, INVALID_COUNT: first[INVALID_COUNT]}, text="zzz", requested="elig_harmful"
        )
    )
    assert second[INVALID_COUNT] == 2
    ask = ASK_ACTIONS["elig_harmful"]()
    before, after = CollectingDispatcher(), CollectingDispatcher()
    await ask.run(before, make_tracker({**slots, INVALID_COUNT: 1}), DOMAIN)
    await ask.run(after, make_tracker({**slots, INVALID_COUNT: 2}), DOMAIN)
    payloads_before = [b["payload"] for b in before.messages[0]["buttons"]]
    payloads_after = [b["payload"] for b in after.messages[0]["buttons"]]
    assert answer_payload("skip") not in payloads_before
    assert answer_payload("skip") in payloads_after
    assert answer_payload("dk") in payloads_before  # "don't know" is always possible
    # pressing Skip stores "don't know" and resets the counter
    skipped, _ = await validate(
        make_tracker(
            {**slots, INVALID_COUNT: 2}, text=answer_payload("skip"), requested="elig_harmful"
        )
    )
    assert skipped["elig_harmful"] == "dk"
    assert skipped[INVALID_COUNT] == 0


async def test_class_three_without_degree_asks_for_the_degree() -> None:
    slots = {"elig_work_type": "employee", "elig_citizenship": "KZ", "elig_harmful": "yes"}
    result, dispatcher = await validate(
        make_tracker(slots, text="3 класс", requested="elig_work_class")
    )
    assert result["elig_work_class"] is None
    assert "3.1" in dispatcher.messages[0]["text"]


# --- navigation ---------------------------------------------------------------------------------


async def test_back_forgets_the_previous_answer() -> None:
    slots = {"elig_work_type": "employee", "elig_citizenship": "KZ"}
    result, _ = await validate(make_tracker(slots, text="назад", requested="elig_harmful"))
    assert result["elig_citizenship"] is None
    assert result["requested_slot"] == "elig_citizenship"


async def test_restart_clears_every_answer() -> None:
    slots = {"elig_work_type": "employee", "elig_citizenship": "KZ"}
    result, dispatcher = await validate(
        make_tracker(slots, text="қайта бастау", requested="elig_harmful", language="kk")
    )
    assert result["elig_work_type"] is None and result["elig_citizenship"] is None
    assert result["requested_slot"] == "elig_work_type"
    assert dispatcher.messages


async def test_stop_ends_the_form_and_keeps_the_answers() -> None:
    slots = {"elig_work_type": "employee", "elig_citizenship": "KZ"}
    result, _ = await validate(make_tracker(slots, text="stop", requested="elig_harmful"))
    assert result[STOPPED] is True
    assert result["requested_slot"] is None  # the form deactivates
    assert "elig_work_type" not in result  # answers untouched


async def test_start_resumes_an_interrupted_interview_and_resets_a_finished_one() -> None:
    partial = make_tracker({"elig_work_type": "employee"})
    dispatcher = CollectingDispatcher()
    events = await ActionEligibilityStart().run(dispatcher, partial, DOMAIN)
    assert SlotSet("elig_work_type", None) not in events
    finished = make_tracker({**MIGRANT, DONE: True})
    events = await ActionEligibilityStart().run(CollectingDispatcher(), finished, DOMAIN)
    assert SlotSet("elig_work_type", None) in events
    assert SlotSet(DONE, False) in events


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
    assert 5 <= len(needed) <= 12


def test_eaeu_migrant_is_not_asked_for_a_work_permit() -> None:
    answers = {**dict.fromkeys(SLOTS), **MIGRANT, "elig_citizenship": "KG"}
    assert "elig_work_permit" not in required_slots(answers)
    assert "elig_work_permit" in required_slots({**dict.fromkeys(SLOTS), **MIGRANT})


def test_migrant_path_length() -> None:
    assert required_slots({**dict.fromkeys(SLOTS), **MIGRANT}) == list(MIGRANT)


def test_harmful_branch_asks_the_tier_only_for_listed_professions() -> None:
    answers = {**dict.fromkeys(SLOTS), **HARMFUL}
    assert "elig_leave_tier" in required_slots(answers)
    assert "elig_leave_tier" not in required_slots({**answers, "elig_on_list": "no"})


def test_dont_know_if_harmful_asks_the_class_first() -> None:
    answers = {**dict.fromkeys(SLOTS), **HARMFUL, "elig_harmful": "dk", "elig_work_class": None}
    needed = required_slots(answers)
    assert "elig_work_class" in needed and "elig_attested" not in needed
    assert "elig_on_list" in required_slots({**answers, "elig_work_class": "3.2"})
    assert "elig_on_list" not in required_slots({**answers, "elig_work_class": "2"})


def test_attestation_is_asked_only_when_the_class_is_unknown() -> None:
    answers = {**dict.fromkeys(SLOTS), **HARMFUL}
    assert "elig_attested" not in required_slots(answers)
    assert "elig_attested" in required_slots({**answers, "elig_work_class": "dk"})


def test_employee_citizen_path_is_short() -> None:
    answers = {
        **dict.fromkeys(SLOTS),
        "elig_work_type": "employee",
        "elig_citizenship": "KZ",
        "elig_harmful": "no",
    }
    assert len(required_slots(answers)) == 8


def test_stale_answers_of_another_branch_do_not_count() -> None:
    answers = answers_of({**COURIER, "elig_work_type": "employee", "elig_harmful": "no"})
    assert answers["elig_platform_sets_price"] is None


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
    indicators = dict.fromkeys(got.employment.indicators, 0.0) if got.employment else {}
    unknown = {name: name not in names and name != "employment_contract" for name in indicators}
    indicators.update(dict.fromkeys(names, 1.0))
    expected = employment_relationship(indicators, unknown=unknown)
    assert got.employment is not None
    assert got.employment.score.tolist() == expected.score.tolist()
    assert got.employment.band.tolist() == ["likely_employee"]


def test_migrant_result_equals_scoring() -> None:
    got = assess(answers_of(MIGRANT))
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


# --- the result action --------------------------------------------------------------------------


@pytest.fixture
def database(tmp_path: Path) -> Iterator[sessionmaker[Session]]:
    engine = create_engine(f"sqlite:///{tmp_path / 'q.db'}")
    Base.metadata.create_all(engine)
    factory = sessionmaker(bind=engine, expire_on_commit=False)
    result_module.use_session_factory(factory)
    yield factory
    result_module.use_session_factory(None)
    engine.dispose()


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
async def test_result_message_buttons_summary_and_saved_row(
    language: str, database: sessionmaker[Session]
) -> None:
    tracker = make_tracker(MIGRANT, language=language)
    dispatcher = CollectingDispatcher()
    events = await ActionEligibilityResult().run(dispatcher, tracker, DOMAIN)
    message = dispatcher.messages[0]
    payloads = [b["payload"] for b in message["buttons"]]
    assert payloads == ["/file_complaint", "/ask_wages_unpaid", "/request_human"]
    summary = next(e["value"] for e in events if e.get("name") == SUMMARY)
    expected = assess(answers_of(MIGRANT)).violation
    assert summary["violation_degree"] == str(expected.degree[0])
    assert summary["violations"][:2] == expected.reasons(n=2)
    assert summary["category"] == "wages_unpaid" and summary["migrant"] is True
    assert SlotSet(DONE, True) in events
    with database() as session:
        row = session.scalars(select(Questionnaire)).one()
    assert row.id == summary["questionnaire_id"]
    assert row.violation_score == pytest.approx(float(expected.score[0]))
    assert set(row.answers) == set(MIGRANT)  # canonical answers only, nothing else


async def test_harmful_result_lists_the_guarantees_with_articles_and_the_proposal(
    database: sessionmaker[Session],
) -> None:
    dispatcher = CollectingDispatcher()
    await ActionEligibilityResult().run(dispatcher, make_tracker(HARMFUL, language="en"), DOMAIN)
    text = dispatcher.messages[0]["text"]
    assert "at least 12 calendar days" in text and "art. 89" in text
    assert "no more than 36 hours" in text and "art. 69" in text
    assert "Research proposal, not law" in text


async def test_courier_result_explains_the_band(database: sessionmaker[Session]) -> None:
    dispatcher = CollectingDispatcher()
    await ActionEligibilityResult().run(dispatcher, make_tracker(COURIER, language="en"), DOMAIN)
    text = dispatcher.messages[0]["text"]
    assert "employment relationship" in text
    assert "the app sets the price" in text


async def test_result_after_stop_only_offers_to_continue() -> None:
    dispatcher = CollectingDispatcher()
    events = await ActionEligibilityResult().run(
        dispatcher, make_tracker({"elig_work_type": "employee", STOPPED: True}), DOMAIN
    )
    assert events == [SlotSet(STOPPED, False)]
    assert dispatcher.messages[0]["buttons"][0]["payload"] == "/start_eligibility_check"


def test_every_question_has_an_ask_action_in_the_domain() -> None:
    with use_language("en"):
        assert set(DOMAIN["forms"]["eligibility_form"]["required_slots"]) == set(SLOTS)
        for slot in SLOTS:
            assert f"action_ask_{slot}" in DOMAIN["actions"]
            assert ASK_ACTIONS[slot]().name() == f"action_ask_{slot}"
            mapping = DOMAIN["slots"][slot]["mappings"][0]
            assert mapping["conditions"] == [
                {"active_loop": "eligibility_form", "requested_slot": slot}
            ]


def test_domain_file_is_generated_from_the_questions() -> None:
    assert (ROOT / "nlu/domain/eligibility.yml").read_text("utf-8") == render_domain()


def test_actions_pickle_by_name_for_the_action_server() -> None:
    # Sanic's spawn workers pickle the registered actions: generated classes must be importable.
    for action in [*(cls() for cls in ASK_ACTIONS.values()), ValidateEligibilityForm()]:
        assert type(pickle.loads(pickle.dumps(action))) is type(action)
