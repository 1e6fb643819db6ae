"""Typed answers to the interview's questions (``Question.answer``), in Kazakh, Russian and
English — Cyrillic and Latin-script Kazakh, with typos — and every button read back."""

from __future__ import annotations

from typing import Any

import pytest

from actions.eligibility.interview import QUESTIONS
from actions.forms.question import Refusal, answer_payload
from i18n import use_language


@pytest.mark.parametrize(
    ("slot", "text", "expected"),
    [
        ("elig_work_type", "курьер в Яндекс Еде", "platform"),
        ("elig_work_type", "курер", "platform"),  # typo
        ("elig_work_type", "kurer", "platform"),
        ("elig_work_type", "Яндекс такси", "platform"),
        ("elig_work_type", "қосымша арқылы", "platform"),
        ("elig_work_type", "zhetkizu", "platform"),
        ("elig_work_type", "I drive for Uber", "platform"),
        ("elig_work_type", "работаю в компании", "employee"),
        ("elig_work_type", "на заводе", "employee"),
        ("elig_work_type", "жұмыс берушіде", "employee"),
        ("elig_work_type", "for an employer", "employee"),
        ("elig_work_type", "и то и другое", "both"),
        ("elig_work_type", "екеуі де", "both"),
        ("elig_work_type", "не знаю", "dk"),
        ("elig_citizenship", "Қырғызстан", "KG"),
        ("elig_citizenship", "узбек", "UZ"),
        ("elig_citizenship", "Ozbekiston", "UZ"),
        ("elig_citizenship", "Kazakhstan", "KZ"),
        ("elig_citizenship", "қазақпын", "KZ"),
        ("elig_citizenship", "білмеймін", "dk"),
        ("elig_harmful", "иә", "yes"),
        ("elig_harmful", "да, пыль и шум", "yes"),
        ("elig_harmful", "нетт", "no"),  # typo
        ("elig_harmful", "bilmeimin", "dk"),
        ("elig_contract_type", "ГПХ", "civil"),
        ("elig_contract_type", "публичная оферта", "civil"),
        ("elig_contract_type", "я ИП", "sole_trader"),
        ("elig_contract_type", "самозанятый", "sole_trader"),
        ("elig_contract_type", "жеке кәсіпкермін", "sole_trader"),
        ("elig_contract_type", "employment contract", "employment"),
        ("elig_contract_type", "еңбек шарты", "employment"),
        ("elig_contract_type", "договора нет", "none"),
        ("elig_contract_type", "шарт жоқ", "none"),
        ("elig_free_to_refuse", "да, могу", "yes"),
        ("elig_free_to_refuse", "жоқ", "no"),
        ("elig_income_share", "почти весь доход", 0.9),
        ("elig_income_share", "жартысы", 0.5),
        ("elig_income_share", "barlygy", 1.0),
        ("elig_income_share", "80%", 0.8),
        ("elig_exposure_share", "most of the shift", 0.75),
        ("elig_exposure_share", "60%", 0.6),
        ("elig_exposure_share", "6 часов", 0.75),
        ("elig_exposure_share", "не знаю", "dk"),
        ("elig_work_class", "3 класс 2 степени", "3.2"),
        ("elig_work_class", "3-сынып 2-дәреже", "3.2"),
        ("elig_work_class", "допустимый", "2"),
        ("elig_work_class", "білмеймін", "dk"),
        ("elig_attested", "не знаю", "dk"),
        ("elig_injuries", "нет, никто не погиб", "none"),
        ("elig_injuries", "жоқ", "none"),
        ("elig_injuries", "один человек погиб", "fatal"),
        ("elig_injuries", "ауыр жарақат болды", "serious"),
        ("elig_injuries", "тяжёлые", "serious"),
        ("elig_injuries", "болды, жеңіл", "minor"),
        ("elig_injuries", "minor cuts", "minor"),
        ("elig_equipment", "старое, изношенное", "worn"),
        ("elig_equipment", "ескі", "worn"),
        ("elig_equipment", "ақаулы", "faulty"),
        ("elig_equipment", "akauly", "faulty"),
        ("elig_equipment", "жақсы", "good"),
        ("elig_ppe", "не всё выдают", "partial"),
        ("elig_ppe", "ішінара", "partial"),
        ("elig_ppe", "жоқ, бермейді", "none"),
        ("elig_ppe", "yes, all of it", "full"),
        ("elig_colleagues_ill", "несколько человек", "several"),
        ("elig_colleagues_ill", "бірнеше адам", "several"),
        ("elig_colleagues_ill", "бір адам", "one"),
        ("elig_colleagues_ill", "ешкім", "none"),
        ("elig_colleagues_ill", "нет, все здоровы", "none"),
        ("elig_guarantees_given", "ничего не дают", "no"),
        ("elig_guarantees_given", "частично", "partly"),
        ("elig_guarantees_given", "иә, бәрін", "yes"),
        ("elig_wages", "задерживают", "late"),
        ("elig_wages", "жалақы кешіктіріледі", "late"),
        ("elig_wages", "не платят уже два месяца", "unpaid"),
        ("elig_wages", "жоқ, төлемейді", "unpaid"),
        ("elig_wages", "yes, on time", "ok"),
        ("elig_wages", "иә, уақытында", "ok"),
        ("elig_overtime", "да, но бесплатно", "unpaid"),
        ("elig_overtime", "иә, тегін", "unpaid"),
        ("elig_overtime", "да, оплачивают", "paid"),
        ("elig_overtime", "жоқ", "none"),
        ("elig_leave_given", "не дают", "no"),
        ("elig_passport_held", "иә, бастық алып қойды", "yes"),
        ("elig_passport_held", "нет, у меня", "no"),
        ("elig_work_permit", "нету", "no"),
        ("elig_work_permit", "есть патент", "yes"),
        ("elig_registration", "хз", "dk"),
        ("elig_dismissal_threats", "нет, не угрожали", "no"),
    ],
)
def test_free_text_answers(slot: str, text: str, expected: Any) -> None:
    answer = QUESTIONS[slot].answer(text)
    if isinstance(expected, float):
        assert answer == pytest.approx(expected)
    else:
        assert answer == expected
    assert QUESTIONS[slot].accepts_value(answer)


@pytest.mark.parametrize(
    ("slot", "text"),
    [
        ("elig_work_type", "на стройке"),
        ("elig_harmful", "шумно и пыльно"),
        ("elig_citizenship", "курьер"),
        ("elig_wages", "qwerty"),
        ("elig_exposure_share", "150%"),
    ],
)
def test_answers_that_say_nothing_are_not_read(slot: str, text: str) -> None:
    assert QUESTIONS[slot].answer(text) is None


# --- "is your profession on the List, and with how many days?" ---------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("да, 12 дней", 12),
        ("12 дней", 12),
        ("12", 12),
        ("шесть дней", 6),
        ("18 күн", 18),
        ("иә, 24 күн", 24),
        ("бар, он екі күн", 12),
        ("yes, 36 days", 36),
        ("да", "yes"),
        ("иә", "yes"),
        ("есть", "yes"),
        ("тізімде бар", "yes"),
        ("нет", "no"),
        ("не в списке", "no"),
        ("жоқ", "no"),
        ("joq", "no"),
        ("тізімде жоқ", "no"),
        ("not on the list", "no"),
        ("білмеймін", "dk"),
        ("хз", "dk"),
    ],
)
def test_on_list_answers(text: str, expected: Any) -> None:
    answer = QUESTIONS["elig_on_list"].answer(text)
    assert answer == expected
    assert type(answer) is type(expected)  # days are an int tier


@pytest.mark.parametrize("text", ["7", "7 дней", "да, 7", "0", "100", "да, 2 недели"])
def test_on_list_days_that_are_no_tier_are_refused(text: str) -> None:
    with pytest.raises(Refusal) as refusal:
        QUESTIONS["elig_on_list"].answer(text)
    assert "6, 12, 18, 24, 30" in str(refusal.value)


def test_on_list_refusal_is_translated() -> None:
    messages = set()
    for language in ("kk", "ru", "en"):
        with use_language(language), pytest.raises(Refusal) as refusal:
            QUESTIONS["elig_on_list"].answer("7")
        messages.add(str(refusal.value))
    assert len(messages) == 3


# --- buttons ------------------------------------------------------------------------------------


@pytest.mark.parametrize("slot", list(QUESTIONS))
def test_every_button_payload_answers_back_to_its_value(slot: str) -> None:
    question = QUESTIONS[slot]
    assert question.options, slot
    for option in question.options:
        answer = question.answer(answer_payload(option.value))
        assert answer == option.value, (slot, option.value)
        assert type(answer) is type(option.value), (slot, option.value)  # 0.5 stays a float
    assert question.answer(answer_payload("dk")) == "dk"


def test_share_and_tier_buttons_carry_json_numbers() -> None:
    shares = [o.value for o in QUESTIONS["elig_exposure_share"].options]
    assert shares == [0.25, 0.5, 0.75, 1.0]
    assert answer_payload(0.5) == '/form_answer{"form_value":0.5}'
    tiers = [o.value for o in QUESTIONS["elig_on_list"].options if type(o.value) is int]
    assert tiers == [6, 12, 18, 24, 30, 36]
    assert QUESTIONS["elig_on_list"].answer('/form_answer{"form_value":12}') == 12


def test_a_payload_with_a_foreign_value_is_no_answer() -> None:
    assert QUESTIONS["elig_injuries"].answer(answer_payload("bogus")) is None
    assert QUESTIONS["elig_work_class"].answer(answer_payload("3.5")) is None


# --- answers that were misread once ------------------------------------------------------------


@pytest.mark.parametrize(
    ("slot", "text", "expected"),
    [
        ("elig_wages", "платят, но с задержкой", "late"),
        ("elig_wages", "да, но поздно", "late"),
        ("elig_injuries", "были, но лёгкие", "minor"),
        ("elig_injuries", "никто не погиб, но были тяжелые", "serious"),
        ("elig_colleagues_ill", "есть, но один", "one"),
        ("elig_wages", "не всегда вовремя", "late"),
        ("elig_work_type", "и через приложение, и в компании", "both"),
        ("elig_on_list", "да, но не знаю сколько дней", "yes"),
        ("elig_guarantees_given", "только доплату, отпуска нет", "partly"),
        ("elig_harmful", "ia", "yes"),
        ("elig_work_type", "kuryer", "platform"),
    ],
)
def test_answers_that_once_were_misread(slot: str, text: str, expected: Any) -> None:
    """Each of these was read wrongly (or not at all) before: \"но\" read as English \"no\",
    a negated keyword, two options named at once, Latin-script Kazakh."""
    assert QUESTIONS[slot].answer(text) == expected
