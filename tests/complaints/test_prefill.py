"""A complaint right after an eligibility result starts prefilled from its summary (topic,
description draft, period/amount hints) in the user's language, skips what is answered, copies no
personal data, and is still confirmed in the summary; otherwise the rights topic prefills.

The summary (``elig_summary``) and the description drafted from it are sealed
(:mod:`actions.sealing`): the slots hold ``sealed:<token>`` and the reply that repeats the draft
is a placeholder the front end replaces with the stored text; here both are read back from the
app database."""

from __future__ import annotations

import json
from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

import actions.db as actions_db
from actions.complaints import intake
from actions.complaints.draft import SLOTS
from actions.complaints.intake import ELIG_SUMMARY, ActionComplaintStart, required_slots
from actions.complaints.submit import ActionComplaintSubmit
from actions.forms import answer_payload
from actions.sealing import MARKER, PLACEHOLDER, resolve, seal_answer
from complaints.prefill import amount_hint, description_draft, prefill_category, problems
from i18n import use_language
from storage import sealed
from storage.complaints import Complaint
from storage.sealed import SealedText
from storage.users import user_key_for
from tests.fakes.signing import signed
from tests.forms.driver import FormDriver

USER = user_key_for(31, "test-salt")

# As actions.eligibility.result.summary_of returns it for a migrant in class 3.2 whose wages are
# cut and late and whose passport the employer keeps.
SUMMARY: dict[str, Any] = {
    "questionnaire_id": 7,
    "category": "wages_unpaid",
    "work_type": "employee",
    "migrant": True,
    "eaeu_citizen": False,
    "violations": ["wages_unpaid", "passport_withheld", "harmful_without_guarantees",
                   "wages_late", "no_work_permit"],
    "violation_degree": "very_high",
    "employment_band": None,
    "contract_type": "employment",
    "guarantees_owed": ["extra_leave"],
}
DRAFTS = {
    "en": "Wages are not paid in full and on time; my passport is held by the employer; work in "
          "class 3.2 conditions without the guarantees owed by law (extra paid leave).",
    "ru": "Зарплату выплачивают не полностью и не вовремя; мой паспорт удерживает работодатель; "
          "работа в условиях труда класса 3.2 без положенных по закону гарантий "
          "(дополнительный оплачиваемый отпуск).",
    "kk": "Жалақы толық әрі уақытында төленбейді; төлқұжатым жұмыс берушіде ұсталып тұр; 3.2 "
          "сыныбындағы еңбек жағдайларында заң бойынша тиесілі кепілдіктерсіз жұмыс (қосымша "
          "ақылы демалыс).",
}
PERSONAL = ("complaint_full_name", "complaint_iin", "complaint_address", "complaint_contact",
            "complaint_employer", "complaint_bin", "complaint_region")


@pytest.fixture(autouse=True)
def database(fresh_actions_database: sessionmaker[Session]) -> sessionmaker[Session]:
    """This file's tests each get a database of their own."""
    return fresh_actions_database


def slot_event(name: str, value: Any) -> dict[str, Any]:
    return {"event": "slot", "name": name, "value": value}


def action_event(name: str) -> dict[str, Any]:
    return {"event": "action", "name": name}


def user_event(intent: str) -> dict[str, Any]:
    return {"event": "user", "text": "…", "parse_data": {"intent": {"name": intent}}}


def tracker(slots: dict[str, Any], events: list[dict[str, Any]], lang: str = "ru",
            text: str = "/file_complaint") -> Tracker:
    return Tracker(
        sender_id="prefill", slots={"language": lang, **slots},
        latest_message={"text": text, "entities": [],
                        "metadata": signed("prefill", {"language": lang, "user_key": USER})},
        events=events, paused=False, followup_action=None,
        active_loop={"name": intake.FORM.name}, latest_action_name="action_listen",
    )


def sealed_summary(summary: dict[str, Any] = SUMMARY) -> str:
    """The ``elig_summary`` slot as the eligibility result sets it: its JSON, sealed."""
    return seal_answer(tracker({}, []), ELIG_SUMMARY, json.dumps(summary))


def after_result(summary_ref: str) -> list[dict[str, Any]]:
    """The end of an interview: the result action set the summary, then the user pressed the
    button."""
    return [action_event("action_eligibility_result"), slot_event(ELIG_SUMMARY, summary_ref),
            user_event("file_complaint")]


def unsealed(value: Any) -> Any:
    """A slot's value read back from the app database (a personal answer is a reference)."""
    assert sealed.token_of(value), value
    return resolve(tracker({}, []), {"v": value})["v"]


def shown(messages: list[dict[str, Any]]) -> list[str]:
    """What the user sees of the replies: a sealed reply's stored text (Rasa keeps only the
    placeholder), else the reply's text."""
    texts = []
    for message in messages:
        ref = ((message.get("custom") or {}).get(MARKER) or {}).get("sealed_message")
        if ref is None:
            texts.append(str(message.get("text") or ""))
            continue
        assert message["text"] == PLACEHOLDER
        with actions_db.sessions()() as session, session.begin():
            texts.append(sealed.take(session, ref, USER) or "")
    return texts


def sealed_rows() -> list[SealedText]:
    with actions_db.sessions()() as session:
        return list(session.scalars(select(SealedText).where(SealedText.user_key == USER)))


async def start(slots: dict[str, Any], events: list[dict[str, Any]],
                lang: str = "ru") -> tuple[dict[str, Any], list[str]]:
    """Run action_complaint_start; the slots it leaves set and the texts the user sees.

    The prefilled description is a sealed answer, and no reply Rasa keeps repeats it.
    """
    dispatcher = CollectingDispatcher()
    result = await ActionComplaintStart().run(dispatcher, tracker(slots, events, lang), {})
    final = {e["name"]: e["value"] for e in result if e["value"] is not None}
    if "complaint_description" in final:
        description = unsealed(final["complaint_description"])
        assert description and not any(description in str(m.get("text"))
                                       for m in dispatcher.messages)
    return final, shown(dispatcher.messages)


async def ask(slot: str, slots: dict[str, Any], lang: str = "ru") -> str:
    """The question's text as the user sees it."""
    dispatcher = CollectingDispatcher()
    await intake.ASK_ACTIONS[slot]().run(dispatcher, tracker(slots, [], lang), {})
    return shown(dispatcher.messages)[0]


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
async def test_the_draft_starts_from_the_answers_in_the_users_language(lang: str) -> None:
    summary = sealed_summary()
    slots, texts = await start({ELIG_SUMMARY: summary, "elig_work_class": "3.2"},
                               after_result(summary), lang)
    assert slots["complaint_category"] == "wages_unpaid"
    assert unsealed(slots["complaint_description"]) == DRAFTS[lang]
    assert DRAFTS[lang] in texts[0]  # the user is told what was prefilled
    assert slots["complaint_draft_id"]
    # Nothing personal, nothing the user did not say in this complaint.
    assert not any(slots.get(s) for s in PERSONAL)


async def test_answered_questions_are_skipped_and_the_rest_still_asked() -> None:
    summary = sealed_summary()
    slots, _texts = await start({ELIG_SUMMARY: summary}, after_result(summary))
    values = {s: slots.get(s) for s in SLOTS} | {"complaint_tier": "anonymous"}
    unfilled = [s for s in required_slots(values) if values.get(s) is None]
    assert unfilled == ["complaint_employer", "complaint_bin", "complaint_region",
                        "complaint_period", "complaint_amount", "complaint_request",
                        "complaint_confirm"]


async def test_the_migrants_own_status_is_never_written_into_the_complaint() -> None:
    summary = SUMMARY | {"category": "migrant_permit",
                         "violations": ["no_work_permit", "no_registration", "passport_withheld"]}
    ref = sealed_summary(summary)
    slots, _texts = await start({ELIG_SUMMARY: ref}, after_result(ref), "en")
    assert slots["complaint_category"] == "migrant_permit"
    assert unsealed(slots["complaint_description"]) == "My passport is held by the employer."
    with use_language("ru"):
        assert "разрешени" not in " ".join(problems(summary))


@pytest.mark.parametrize(
    ("work_class", "owed", "expected"),
    [
        ("3.2", [], "Work in class 3.2 conditions without the guarantees owed by law."),
        (None, ["reduced_hours", "ppe"], "Harmful work without the guarantees owed by law "
                                         "(shorter working time, free protective equipment)."),
        ("2", [], "Harmful work without the guarantees owed by law."),  # not a harmful class
    ],
)
def test_harmful_work_phrase(work_class: str | None, owed: list[str], expected: str) -> None:
    summary = {"violations": ["harmful_without_guarantees"], "guarantees_owed": owed}
    with use_language("en"):
        assert description_draft(summary, work_class) == expected


async def test_the_summary_to_confirm_shows_the_draft_and_it_can_be_edited() -> None:
    ref = sealed_summary()
    slots, _texts = await start({ELIG_SUMMARY: ref}, after_result(ref), "en")
    values = {s: slots.get(s) for s in SLOTS} | {
        "complaint_tier": "anonymous", "complaint_employer": "LLP Romashka",
        "complaint_bin": "none", "complaint_region": "Almaty", "complaint_period": "none",
        "complaint_amount": "300000",
        "complaint_request": seal_answer(tracker({}, []), "complaint_request",
                                         "Pay the debt and return my passport"),
    }
    summary = await ask("complaint_confirm", values, "en")
    assert "What happened: Wages are not paid in full and on time; my passport" in summary
    assert "Pay the debt and return my passport" in summary
    driver = FormDriver(intake.FORM, intake.VALIDATOR, intake.ASK_ACTIONS, "en",
                        slots=dict(values), user_key=USER)
    driver.start()
    assert driver.requested == "complaint_confirm"
    driver.say(answer_payload("edit:description"))
    assert driver.requested == "complaint_description"
    assert driver.slots["complaint_description"] is None


async def test_the_prefilled_complaint_is_stored_as_confirmed(database: Any) -> None:
    ref = sealed_summary()
    slots, _texts = await start({ELIG_SUMMARY: ref}, after_result(ref), "kk")
    values = {s: slots.get(s) for s in SLOTS} | {
        "complaint_tier": "anonymous", "complaint_employer": "ТОО Ромашка",
        "complaint_bin": "none", "complaint_region": "Алматы", "complaint_period": "none",
        "complaint_amount": "none",
        "complaint_request": seal_answer(tracker({}, []), "complaint_request", "Қарызды төлеу"),
        "complaint_confirm": "submit", "complaint_draft_id": slots["complaint_draft_id"],
    }
    dispatcher = CollectingDispatcher()
    await ActionComplaintSubmit().run(dispatcher, tracker(values, [], "kk"), {})
    with database() as session:
        stored = session.scalars(select(Complaint)).one()
    assert stored.category == "wages_unpaid" and stored.description.startswith("Жалақы толық")
    assert stored.request == "Қарызды төлеу"
    # The description's sealed answer left with the submission (the check's summary stays).
    # (and the anonymous receipt waits, sealed, for the bot to show it once)
    assert sorted((row.purpose, str(row.slot)) for row in sealed_rows()) == [
        ("answer", ELIG_SUMMARY), ("message", "None")]


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
async def test_period_and_amount_questions_carry_hints_from_the_check(lang: str) -> None:
    ref = sealed_summary()
    slots, _texts = await start({ELIG_SUMMARY: ref}, after_result(ref), lang)
    values = {ELIG_SUMMARY: ref, **{s: v for s, v in slots.items() if v is not None}}
    period = await ask("complaint_period", values, lang)
    with use_language(lang):
        found = problems(SUMMARY)
        money = amount_hint(SUMMARY)
    assert period.splitlines()[0].endswith("; ".join(found) + ".")
    assert (await ask("complaint_amount", values, lang)).startswith(money)
    # Once the user rewrote the description, the draft's hints are no longer shown.
    rewritten = values | {"complaint_description": seal_answer(
        tracker({}, []), "complaint_description", "Own words about what happened here.")}
    assert (await ask("complaint_amount", rewritten, lang)) == await ask(
        "complaint_amount", {}, lang)


def test_no_money_found_says_skip() -> None:
    with use_language("en"):
        hint = amount_hint({"violations": ["passport_withheld"]})
    assert "not about money" in hint


async def test_a_summary_already_used_does_not_prefill_the_next_complaint() -> None:
    ref = sealed_summary()
    events = [*after_result(ref), action_event("action_complaint_start"),
              action_event("action_complaint_submit"), user_event("ask_dismissal"),
              user_event("file_complaint")]
    slots, texts = await start({ELIG_SUMMARY: ref, "complaint_receipt": "AB12CD34"}, events)
    assert slots["complaint_category"] == "dismissal"  # the topic of the last rights question
    assert slots.get("complaint_description") is None
    assert "ответам вашей проверки" not in texts[0]


async def test_without_a_questionnaire_the_rights_topic_prefills() -> None:
    slots, _texts = await start({}, [user_event("ask_leave"), user_event("file_complaint")], "en")
    assert slots["complaint_category"] == "leave"
    assert "complaint_description" not in slots


async def test_a_check_without_violations_prefills_nothing_it_cannot_say() -> None:
    summary = SUMMARY | {"category": "complaint_process", "violations": []}
    ref = sealed_summary(summary)
    events = [user_event("ask_working_time"), *after_result(ref)]
    slots, _texts = await start({ELIG_SUMMARY: ref}, events, "en")
    assert prefill_category(summary) is None
    assert slots["complaint_category"] == "working_time"
    assert "complaint_description" not in slots


async def test_a_resumed_draft_is_not_overwritten() -> None:
    ref = sealed_summary()
    half = {"complaint_tier": "anonymous", "complaint_category": "dismissal",
            "complaint_draft_id": "d1", ELIG_SUMMARY: ref}
    slots, texts = await start(half, after_result(ref), "en")
    assert not any(slot in slots for slot in SLOTS) and texts == ["Let's continue your complaint."]


async def test_the_hints_do_not_repeat_the_sealed_check_in_clear() -> None:
    ref = sealed_summary()
    slots, _texts = await start({ELIG_SUMMARY: ref}, after_result(ref), "en")
    values = {ELIG_SUMMARY: ref, **{s: v for s, v in slots.items() if v is not None}}
    for slot in ("complaint_period", "complaint_amount"):
        dispatcher = CollectingDispatcher()
        await intake.ASK_ACTIONS[slot]().run(dispatcher, tracker(values, [], "en"), {})
        kept = " ".join(str(m.get("text")) for m in dispatcher.messages)  # what Rasa keeps
        assert "passport" not in kept, (slot, kept)
