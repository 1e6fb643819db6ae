"""A whole confidential complaint typed in words, no button pressed, in ru, kk and en.

The flow of the bug report: "конфиденциально", "да, согласен" (was read as a refusal), "не
платят зарплату" at the topic question (classified ``ask_wages_unpaid``: it answers the question,
it must not interrupt it), a BIN with spaces, "алмата", "с марта по май", "450к", a phone with
spaces, the phone typed again at the summary (a rights intent at 0.7: asked again, no rights
answer) and "отправить". Every answer must land in the question asked and be stored as typed;
no answer may fill another field.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

import actions.complaints.draft as draft
from actions.complaints import privacy, status, submit
from actions.complaints.draft import DRAFT_ID, RECEIPT, SLOTS
from actions.complaints.intake import ASK_ACTIONS, FORM, VALIDATOR, ActionComplaintStart
from actions.complaints.submit import ActionComplaintSubmit
from storage.complaints import Complaint
from storage.db import make_engine, make_session_factory
from storage.migrate import upgrade
from storage.users import user_key_for
from tests.forms.driver import FormDriver

USER = user_key_for(21, "test-salt")


@pytest.fixture(autouse=True)
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[sessionmaker[Session]]:
    engine = make_engine(f"sqlite:///{tmp_path / 'q.db'}")
    upgrade(engine)
    factory = make_session_factory(engine)
    for module in (draft, submit, status, privacy):
        monkeypatch.setattr(module, "sessions", lambda: factory)
    yield factory
    engine.dispose()


class MarchToMay:
    """The stored period of "с марта по май": 1 March to 31 May of one year (the latest one)."""

    def __eq__(self, other: object) -> bool:
        return isinstance(other, str) and re.fullmatch(r"(\d{4})-03-01/\1-05-31", other) is not None

    def __hash__(self) -> int:
        return 0

    def __repr__(self) -> str:
        return "<YYYY-03-01/YYYY-05-31>"


@dataclass(frozen=True)
class Say:
    """One message: what is typed, what NLU would classify, and the answer it gives."""

    text: str
    slot: str | None  # the question it answers (None: it answers nothing, asked again)
    value: Any = None
    intent: str = "form_answer"
    confidence: float = 0.9


def flow(
    topic: str, employer: str, region: str, period: str, amount: str,
    description: str, request: str, name: str, send: str, *, tier: str, consent: str,
) -> list[Say]:
    return [
        Say(tier, "complaint_tier", "confidential"),
        Say(consent, "complaint_consent", "yes"),
        Say(topic, "complaint_category", "wages_unpaid", "ask_wages_unpaid", 0.9),
        Say(employer, "complaint_employer", employer),
        Say("9712 4000 1315", "complaint_bin", "971240001315"),
        Say(region, "complaint_region", "Алматы"),
        Say(period, "complaint_period", MarchToMay()),
        Say(amount, "complaint_amount", "450000"),
        # Full of rights words, classified as a rights question: still the description.
        Say(description, "complaint_description", description, "ask_wages_unpaid", 0.95),
        Say(request, "complaint_request", request),
        Say(name, "complaint_full_name", name),
        Say("8 701 555 44 33", "complaint_contact", "+77015554433"),
        Say("8 701 555 44 33", None, intent="ask_wages_unpaid", confidence=0.7),
        Say(send, "complaint_confirm", "submit"),
    ]


FLOWS = {
    "ru": flow(
        "не платят зарплату", "ТОО Ромашка", "алмата", "с марта по май", "450к",
        "Мне не платят зарплату с марта, директор каждый раз обещает заплатить потом.",
        "Выплатить долг по зарплате", "Нурланова Айгерим Сериковна", "отправить",
        tier="конфиденциально", consent="да, согласен",
    ),
    "kk": flow(
        "жалақы төленбейді", "Ромашка ЖШС", "алмата", "наурыздан мамырға дейін",
        "450 мың теңге",
        "Наурыздан бері жалақы төленбейді, директор кейін төлеймін деп уәде береді.",
        "Жалақы қарызын төлеу", "Нұрланова Айгерим Серікқызы", "жіберу",
        tier="құпия", consent="иә, келісемін",
    ),
    "en": flow(
        "they don't pay my salary", "Romashka LLP", "almaty", "from March to May",
        "450k",
        "My salary has not been paid since March, the director keeps promising to pay later.",
        "Pay the wage debt", "Aigerim Nurlanova", "send",
        tier="confidential", consent="yes I agree",
    ),
}


def _run(action: Any, slots: dict[str, Any], lang: str) -> tuple[list[dict[str, Any]], str]:
    t = Tracker(
        sender_id="typed", slots={"language": lang, **slots},
        latest_message={"text": "", "intent": {"name": "form_answer", "confidence": 1.0},
                        "entities": [], "metadata": {"language": lang, "user_key": USER}},
        events=[], paused=False, followup_action=None, active_loop={},
        latest_action_name="action_listen",
    )
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, t, {}))
    for event in events:
        if event.get("event") == "slot":
            slots[event["name"]] = event["value"]
    return events, " ".join(m.get("text") or "" for m in dispatcher.messages)


@pytest.mark.parametrize("lang", sorted(FLOWS))
def test_a_confidential_complaint_typed_in_words_is_stored_as_typed(
    lang: str, database: sessionmaker[Session]
) -> None:
    slots: dict[str, Any] = {}
    _run(ActionComplaintStart(), slots, lang)  # /file_complaint
    driver = FormDriver(FORM, VALIDATOR, ASK_ACTIONS, lang, slots=slots)
    driver.start()
    expected: dict[str, Any] = dict.fromkeys(SLOTS)
    for step in FLOWS[lang]:
        asked = driver.requested
        turn = driver.say(step.text, intent=step.intent, confidence=step.confidence)
        assert not turn.interrupted, f"{step.text!r} at {asked} was handed to the rules"
        if step.slot is None:  # not an answer to the summary: the hint, the summary again
            assert driver.requested == asked, step.text
            assert len(turn.texts) >= 2 and turn.texts[-1] == driver.history[-2].texts[-1]
        else:
            assert asked == step.slot, f"{step.text!r} answered {asked}, not {step.slot}"
            expected[step.slot] = step.value
        # Each answer in its own field, and nowhere else.
        assert driver.answers() == expected, step.text
    assert not driver.active

    _events, said = _run(ActionComplaintSubmit(), driver.slots, lang)
    code = driver.slots[RECEIPT]
    assert code and code in said and driver.slots[DRAFT_ID]
    with database() as s:
        (complaint,) = s.scalars(select(Complaint)).all()
        typed = {step.slot: step.text for step in FLOWS[lang] if step.slot}
        assert {
            "category": complaint.category,
            "identity_tier": complaint.identity_tier,
            "consent": complaint.consent_personal_data,
            "employer_name": complaint.employer_name,
            "platform_name": complaint.platform_name,
            "employer_bin": complaint.employer_bin,
            "region": complaint.region,
            "amount_kzt": complaint.amount_kzt,
            "description": complaint.description,
            "request": complaint.request,
            "full_name": complaint.full_name,
            "contact": complaint.contact,
            "iin": complaint.iin,
            "address": complaint.address,
            "language": complaint.language,
        } == {
            "category": "wages_unpaid",
            "identity_tier": "confidential",
            "consent": True,
            "employer_name": typed["complaint_employer"],
            "platform_name": None,
            "employer_bin": "971240001315",
            "region": "Алматы",
            "amount_kzt": 450_000,
            "description": typed["complaint_description"],
            "request": typed["complaint_request"],
            "full_name": typed["complaint_full_name"],
            "contact": "+77015554433",
            "iin": None,
            "address": None,
            "language": lang,
        }
        start, end = complaint.period_start, complaint.period_end
        assert start is not None and end is not None
        assert (start.month, start.day, end.month, end.day) == (3, 1, 5, 31)
        assert start.year == end.year and start <= date.today()
