"""End to end, typing only: after the language button nothing is pressed.

Telegram (fake Bot API) → the real Application → real Rasa (its NLU classifies every typed
answer) → real actions → the database. Every branch of the eligibility interview and every
identity tier of the complaint, in kk, ru and en. Each interview's result must equal what the
same answers give pressed as buttons; each stored complaint must hold what was typed.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from sqlalchemy import select

from actions.eligibility.interview import MAX_QUESTIONS, QUESTIONS
from i18n import _, use_language
from storage.complaints import Complaint
from storage.db import make_engine, make_session_factory
from storage.users import User
from tests.e2e.conftest import TelegramBot
from tests.e2e.test_eligibility_telegram import asked_slot, expected
from tests.fakes.telegram_harness import Chat
from tests.forms.typed_answers import TYPED

pytestmark = pytest.mark.rasa

LANGUAGES = ("kk", "ru", "en")
START_CHECK = {"kk": "құқықтарымды тексергім келеді", "ru": "хочу проверить свои права",
               "en": "I want to check my rights"}
START_COMPLAINT = {"kk": "шағым бергім келеді", "ru": "хочу подать жалобу",
                   "en": "I want to file a complaint"}
GENERIC = {
    "kk": {"yes": "иә", "no": "жоқ", "dk": "білмеймін"},
    "ru": {"yes": "да", "no": "нет", "dk": "не знаю"},
    "en": {"yes": "yes", "no": "no", "dk": "don't know"},
}
#: Branch profiles: the canonical answer of each question the profile cares about.
PROFILES: dict[str, dict[str, Any]] = {
    "courier": {"elig_work_type": "platform", "elig_citizenship": "KZ",
                "elig_contract_type": "sole_trader", "elig_platform_sets_price": "yes",
                "elig_sanctions_for_refusal": "yes", "elig_ratings_affect_orders": "yes",
                "elig_gps_control": "yes", "elig_automatic_dispatch": "yes",
                "elig_income_share": 0.75, "elig_wages": "late",
                "elig_dismissal_threats": "yes"},
    "harmful": {"elig_work_type": "employee", "elig_citizenship": "KZ", "elig_harmful": "yes",
                "elig_work_class": "3.2", "elig_on_list": "no", "elig_guarantees_given": "no",
                "elig_exposure_share": 0.5, "elig_injuries": "serious",
                "elig_equipment": "worn", "elig_written_contract": "yes", "elig_wages": "ok",
                "elig_dismissal_threats": "no"},
    "migrant EAEU": {"elig_work_type": "employee", "elig_citizenship": "KG",
                     "elig_harmful": "no", "elig_registration": "yes",
                     "elig_passport_held": "yes", "elig_written_contract": "no",
                     "elig_wages": "unpaid", "elig_overtime": "unpaid",
                     "elig_leave_given": "no", "elig_dismissal_threats": "yes"},
    "migrant non-EAEU": {"elig_work_type": "employee", "elig_citizenship": "UZ",
                         "elig_harmful": "no", "elig_work_permit": "no",
                         "elig_registration": "dk", "elig_passport_held": "yes",
                         "elig_written_contract": "no", "elig_wages": "late",
                         "elig_overtime": "none", "elig_leave_given": "yes",
                         "elig_dismissal_threats": "no"},
    "employee": {"elig_work_type": "employee", "elig_citizenship": "KZ", "elig_harmful": "no",
                 "elig_written_contract": "yes", "elig_wages": "unpaid",
                 "elig_overtime": "paid", "elig_leave_given": "yes",
                 "elig_dismissal_threats": "no"},
}


def typed_text(slot: str, value: Any, language: str) -> str:
    """What a worker types for ``value``: a row of the typed-answer table, else a plain word."""
    for lang, text, expected_value in TYPED.get(slot, []):
        if lang == language and expected_value == value and type(value) is type(expected_value):
            return text
    return GENERIC[language][str(value)]


async def interview(chat: Chat, language: str, profile: dict[str, Any]) -> tuple[dict, str]:
    """Type the whole interview; return the canonical answers given and the result."""
    await chat.start(language)
    answer = await chat.say(START_CHECK[language])
    given: dict[str, Any] = {}
    numbers: list[int] = []
    for _turn in range(MAX_QUESTIONS + 1):
        slot = asked_slot(answer[-1], language)
        if slot is None:
            break
        numbers.append(int(answer[-1].split(".", 1)[0]))
        value = profile.get(slot, "dk")
        given[slot] = value
        answer = await chat.say(typed_text(slot, value, language))
        assert asked_slot(answer[-1], language) != slot, f"{slot}: {answer}"
    assert numbers == list(range(1, len(numbers) + 1)) and len(numbers) <= MAX_QUESTIONS
    with use_language(language):
        heading = _("Result of the check")
    results = [text for text in answer if text.startswith(heading)]
    assert len(results) == 1, answer
    return given, results[0]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("branch", PROFILES)
async def test_an_interview_typed_gives_the_result_of_the_same_answers_pressed(
    telegram_bot: TelegramBot, branch: str, language: str
) -> None:
    user = 9500 + 10 * list(PROFILES).index(branch) + LANGUAGES.index(language)
    given, result = await interview(telegram_bot.chat(user, language), language, PROFILES[branch])
    assert all(QUESTIONS[slot].accepts_value(value) for slot, value in given.items())
    _assessment, text = expected(given, language)
    assert result == text


#: Each tier's typed answers: (slot, what is typed per language, the value stored).
COMPLAINTS: dict[str, list[tuple[str, dict[str, str], Any]]] = {
    "anonymous": [
        ("complaint_tier", {"kk": "анонимді", "ru": "анонимно", "en": "anonymous"}, "anonymous"),
        ("complaint_category", {"kk": "жалақы төленбейді", "ru": "не платят зарплату",
                                "en": "unpaid wages"}, "wages_unpaid"),
        ("complaint_employer", {"kk": "Glovo", "ru": "Glovo", "en": "Glovo"}, "Glovo"),
        ("complaint_bin", {"kk": "білмеймін", "ru": "не знаю", "en": "don't know"}, None),
        ("complaint_region", {"kk": "Алматыда", "ru": "алмата", "en": "Almaty"}, "Алматы"),
        ("complaint_period", {"kk": "01.09.2026 бастап", "ru": "с 01.09.2026",
                              "en": "since 01.09.2026"}, "2026-09-01"),
        ("complaint_amount", {"kk": "300 мың теңге", "ru": "300к", "en": "300000 tenge"}, 300000),
        ("complaint_description", {
            "kk": "Екі ай бойы жалақы төленбеді, менеджер жауап бермейді.",
            "ru": "Два месяца не платят зарплату, менеджер не отвечает.",
            "en": "They have not paid me for two months, the manager does not answer."}, "text"),
        ("complaint_request", {"kk": "қарызды төлесін", "ru": "выплатить долг",
                               "en": "pay what they owe"}, "text"),
    ],
    "confidential": [
        ("complaint_tier", {"kk": "құпия", "ru": "конфиденциально", "en": "confidential"},
         "confidential"),
        ("complaint_consent", {"kk": "иә, келісемін", "ru": "да, согласен",
                               "en": "yes I agree"}, True),
        ("complaint_category", {"kk": "жұмыстан шығарды", "ru": "уволили",
                                "en": "I was fired"}, "dismissal"),
        ("complaint_employer", {"kk": "ТОО Ромашка 971240001315",
                                "ru": "ТОО Ромашка 971240001315",
                                "en": "LLP Romashka 971240001315"}, "name"),
        ("complaint_region", {"kk": "Астанада", "ru": "Нур-Султан", "en": "Astana"}, "Астана"),
        ("complaint_period", {"kk": "білмеймін", "ru": "не знаю", "en": "not sure"}, None),
        ("complaint_amount", {"kk": "жоқ", "ru": "нет", "en": "no"}, None),
        ("complaint_description", {
            "kk": "Ескертусіз жұмыстан шығарды, себебін айтпады.",
            "ru": "Уволили без предупреждения и не объяснили причину.",
            "en": "I was dismissed without notice and without a reason."}, "text"),
        ("complaint_request", {"kk": "жұмысқа қайта алсын", "ru": "восстановить на работе",
                               "en": "reinstate me"}, "text"),
        ("complaint_full_name", {"kk": "Нұрланова Әйгерім", "ru": "меня зовут Айгерим Нурланова",
                                 "en": "Aigerim Nurlanova"}, "name"),
        ("complaint_contact", {"kk": "8 701 555 44 33", "ru": "+7 (701) 555-44-33",
                               "en": "+7 701 555 44 33"}, "+77015554433"),
        ("complaint_notify", {"kk": "иә, жазыңыз", "ru": "да, пишите", "en": "yes please"},
         True),
    ],
    "named": [
        ("complaint_tier", {"kk": "өз атымнан", "ru": "от своего имени", "en": "with my name"},
         "named"),
        ("complaint_consent", {"kk": "иә", "ru": "согласна", "en": "yes"}, True),
        ("complaint_category", {"kk": "басқа", "ru": "другое", "en": "other"}, "other"),
        ("complaint_employer", {"kk": "«Алтын» ЖШС", "ru": "ТОО Алтын", "en": "Altyn LLP"},
         "text"),
        ("complaint_bin", {"kk": "9712 4000 1315", "ru": "971-240-001-315",
                           "en": "971240001315"}, "971240001315"),
        ("complaint_region", {"kk": "Қарағанды", "ru": "Караганда", "en": "Karaganda"},
         "Карагандинская область"),
        ("complaint_period", {"kk": "01.03.2026 - 31.05.2026", "ru": "с 01.03.2026 по 31.05.2026",
                              "en": "01.03.2026-31.05.2026"}, "2026-03-01"),
        ("complaint_amount", {"kk": "1,5 млн", "ru": "1,5 млн", "en": "1.5m"}, 1500000),
        ("complaint_description", {
            "kk": "Түнгі ауысымдар үшін үстеме ақы төленбеді.",
            "ru": "Ночные смены не оплачивали по повышенной ставке.",
            "en": "Night shifts were not paid at the higher rate."}, "text"),
        ("complaint_request", {"kk": "ақыны төлесін", "ru": "доплатить за ночные",
                               "en": "pay the night rate"}, "text"),
        ("complaint_full_name", {"kk": "Ахметов Ерлан", "ru": "Ахметов Ерлан Серикович",
                                 "en": "Erlan Akhmetov"}, "name"),
        ("complaint_contact", {"kk": "erlan@example.kz", "ru": "87015554433",
                               "en": "Erlan@Example.KZ"}, "contact"),
        ("complaint_iin", {"kk": "8803 1540 0128", "ru": "880315400128",
                           "en": "８８０３１５４００１２８"}, "880315400128"),
        ("complaint_address", {"kk": "Қарағанды, Бұқар жырау 1", "ru": "Караганда, Бухар жырау 1",
                               "en": "Karaganda, Bukhar Zhyrau 1"}, "text"),
        ("complaint_notify", {"kk": "жоқ, керек емес", "ru": "нет, не надо", "en": "no thanks"},
         False),
    ],
}
SUBMIT = {"kk": "жіберу", "ru": "отправить", "en": "send it"}
CODE = re.compile(r"\b([0-9A-Z]{4}-[0-9A-Z]{4})\b")


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("tier", COMPLAINTS)
async def test_a_complaint_typed_is_stored_as_typed(
    telegram_bot: TelegramBot, tier: str, language: str
) -> None:
    user = 9700 + 10 * list(COMPLAINTS).index(tier) + LANGUAGES.index(language)
    chat = telegram_bot.chat(user, language)
    await chat.start(language)
    await chat.say(START_COMPLAINT[language])
    typed: dict[str, str] = {}
    for slot, by_language, _stored in COMPLAINTS[tier]:
        typed[slot] = by_language[language]
        reply = await chat.say(typed[slot])
        assert reply, f"{slot}: no answer"
    replies = await chat.say(SUBMIT[language])
    codes = {m for text in replies for m in CODE.findall(text)}
    assert len(codes) == 1, replies
    (code,) = codes
    engine = make_engine(telegram_bot.settings.database_url)
    try:
        with make_session_factory(engine)() as session:
            stored = session.scalars(select(Complaint).where(Complaint.receipt_code == code)).one()
            assert stored.identity_tier == tier and stored.language == language
            for slot, by_language, value in COMPLAINTS[tier]:
                _check_field(stored, slot, by_language[language], value)
            # The chat id is kept only after a typed "yes" to news (an anonymous: no row at all).
            notify = dict((slot, v) for slot, _t, v in COMPLAINTS[tier]).get("complaint_notify")
            author = session.get(User, stored.user_id) if stored.user_id else None
            if notify is None:
                assert author is None
            else:
                assert author is not None and author.consent_notifications is notify
                assert author.chat_id == (user if notify else None)
    finally:
        engine.dispose()


def _check_field(stored: Complaint, slot: str, text: str, value: Any) -> None:
    field = {"complaint_employer": "employer", "complaint_category": "category",
             "complaint_bin": "employer_bin", "complaint_region": "region",
             "complaint_amount": "amount_kzt", "complaint_description": "description",
             "complaint_request": "request", "complaint_full_name": "full_name",
             "complaint_contact": "contact", "complaint_iin": "iin",
             "complaint_address": "address"}.get(slot)
    if slot in ("complaint_tier", "complaint_notify"):
        return
    if slot == "complaint_consent":
        assert stored.consent_personal_data is value
        return
    if slot == "complaint_period":
        start = stored.period_start.isoformat() if stored.period_start else None
        assert start == value, (slot, start)
        return
    if slot == "complaint_employer":
        actual = stored.employer_name or stored.platform_name
        if value == "name":  # the BIN typed with the name went to the BIN field
            assert actual and "971240001315" not in actual and actual in text
            assert stored.employer_bin == "971240001315"
        else:
            assert actual == text
        return
    assert field is not None
    actual = getattr(stored, field)
    if value == "text":
        assert actual == text
    elif value == "name":
        assert actual and actual in text and not actual.lower().startswith("меня")
    elif value == "contact":
        assert actual in (text.lower(), "+77015554433")
    else:
        assert actual == value, (slot, actual, value)
