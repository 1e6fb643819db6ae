"""End to end: a full eligibility interview on Telegram, answered with button presses only.

Telegram (fake Bot API) → the real Application → real Rasa → real actions. Each profile picks
its language, greets, presses "Check my rights" and answers whatever question the bot asks with
the profile's button (``Don't know`` for a question the profile does not cover). The result
message must be exactly what ``scoring`` gives for the answers pressed (rendered by the result
action's own function), and show what the profile is about.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from actions.eligibility.assessment import Assessment, assess
from actions.eligibility.interview import QUESTIONS, SLOTS, answers_of
from actions.eligibility.parsers import DONT_KNOW
from actions.eligibility.result import render
from actions.forms import answer_payload
from i18n import _, use_language
from storage import sealed
from tests.e2e.conftest import TelegramBot
from tests.fakes.telegram_harness import Chat

pytestmark = pytest.mark.rasa

GREETING = {"kk": "Сәлеметсіз бе!", "ru": "Здравствуйте!", "en": "Hello!"}

#: A courier whose app sets the price, sanctions refusals, rates, tracks and dispatches him.
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
#: A worker from Uzbekistan whose employer keeps the passport.
MIGRANT = {
    "elig_work_type": "employee",
    "elig_citizenship": "UZ",
    "elig_harmful": "no",
    "elig_work_permit": "yes",
    "elig_registration": "yes",
    "elig_passport_held": "yes",
    "elig_written_contract": "yes",
    "elig_wages": "ok",
    "elig_overtime": "none",
    "elig_leave_given": "yes",
    "elig_dismissal_threats": "no",
}
#: A worker in class 3.2, profession on the List (12 days), who gets no extra leave.
HARMFUL_32 = {
    "elig_work_type": "employee",
    "elig_citizenship": "KZ",
    "elig_harmful": "yes",
    "elig_work_class": "3.2",
    "elig_on_list": 12,
    "elig_exposure_share": 0.75,
    "elig_injuries": "minor",
    "elig_equipment": "worn",
    "elig_ppe": "partial",
    "elig_colleagues_ill": "none",
    "elig_guarantees_given": "no",
    "elig_written_contract": "yes",
    "elig_wages": "ok",
    "elig_overtime": "none",
    "elig_leave_given": "yes",
    "elig_dismissal_threats": "no",
}


def asked_slot(text: str, language: str) -> str | None:
    """The slot whose question ``text`` is (``"3. <question>"``), else ``None``."""
    match = re.match(r"^\d+\. (.*)$", text, re.DOTALL)
    if match is None:
        return None
    with use_language(language):
        for slot, question in QUESTIONS.items():
            if match[1].split("\n")[0] == question.text().split("\n")[0]:
                return slot
    raise AssertionError(f"unknown question: {text!r}")


async def interview(chat: Chat, language: str, profile: dict[str, str]) -> tuple[Any, str]:
    """Run the interview; return the canonical answers pressed and the result message."""
    await chat.start(language)
    await chat.say(GREETING[language])
    answer = await chat.press("/start_eligibility_check")
    pressed: dict[str, Any] = {}
    for _turn in range(len(SLOTS) + 1):
        slot = asked_slot(answer[-1], language)
        if slot is None:
            break
        assert slot not in pressed, f"{slot} asked twice"
        value = profile.get(slot, DONT_KNOW)
        pressed[slot] = QUESTIONS[slot].answer(answer_payload(value))
        answer = await chat.press(answer_payload(value))
    with use_language(language):
        heading = _("Result of the check")
    results = [text for text in answer if text.startswith(heading)]
    assert len(results) == 1, answer
    assert {"/file_complaint", "/request_human"} <= set(chat.buttons())
    return pressed, results[0]


def expected(pressed: dict[str, Any], language: str) -> tuple[Assessment, str]:
    """What scoring says for these answers, rendered as the result action renders it.

    The result action reads personal answers through their sealed references (the slots hold
    ``sealed:<token>``); here each personal answer stands behind a reference of its own and is
    put back after the path is decided, as the action's ``resolve`` does.
    """
    slots = {**dict.fromkeys(SLOTS), **pressed}
    personal = {s: v for s, v in slots.items() if v is not None and QUESTIONS[s].personal}
    refs = {s: sealed.reference(f"expected-answer-{n:04d}") for n, s in enumerate(personal)}
    answers = answers_of({**slots, **refs})
    assessment = assess({s: (personal[s] if s in refs and v else v) for s, v in answers.items()})
    with use_language(language):
        return assessment, render(assessment)


async def test_courier_is_likely_an_employee(telegram_bot: TelegramBot) -> None:
    pressed, result = await interview(telegram_bot.chat(9301, "kk"), "kk", COURIER)
    assert set(pressed) == set(COURIER)  # the band is decided: nothing else asked
    assessment, text = expected(pressed, "kk")
    assert result == text
    assert assessment.employment is not None
    assert assessment.employment.band.tolist() == ["likely_employee"]


async def test_migrant_with_passport_withheld(telegram_bot: TelegramBot) -> None:
    pressed, result = await interview(telegram_bot.chat(9302, "ru"), "ru", MIGRANT)
    assert pressed["elig_passport_held"] == "yes"
    assessment, text = expected(pressed, "ru")
    assert result == text
    assert "passport_withheld" in assessment.violation.reasons(n=4)
    assert assessment.employment is None and assessment.guarantees is None


async def test_class_3_2_without_extra_leave(telegram_bot: TelegramBot) -> None:
    pressed, result = await interview(telegram_bot.chat(9303, "en"), "en", HARMFUL_32)
    assert pressed["elig_work_class"] == "3.2" and pressed["elig_guarantees_given"] == "no"
    assessment, text = expected(pressed, "en")
    assert result == text
    assert assessment.guarantees is not None
    assert assessment.guarantees.extra_leave_days.tolist() == [12]
    assert "harmful_without_guarantees" in assessment.violation.reasons(n=4)
    assert "Research proposal, not law" in result
