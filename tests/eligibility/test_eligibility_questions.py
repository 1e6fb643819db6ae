"""Free-text answers to the interview's closed questions, in Kazakh, Russian and English."""

from __future__ import annotations

import pytest

from actions.eligibility.interview import QUESTIONS
from actions.eligibility.parsers import answer_payload


@pytest.mark.parametrize(
    ("slot", "text", "expected"),
    [
        ("elig_work_type", "курьер в Яндекс Еде", "platform"),
        ("elig_work_type", "қосымша арқылы", "platform"),
        ("elig_work_type", "I drive for Uber", "platform"),
        ("elig_work_type", "работаю в компании", "employee"),
        ("elig_work_type", "жұмыс берушіде", "employee"),
        ("elig_work_type", "for an employer", "employee"),
        ("elig_work_type", "и то и другое", "both"),
        ("elig_work_type", "екеуі де", "both"),
        ("elig_citizenship", "Қырғызстан", "KG"),
        ("elig_citizenship", "узбек", "UZ"),
        ("elig_citizenship", "Kazakhstan", "KZ"),
        ("elig_contract_type", "ГПХ", "civil"),
        ("elig_contract_type", "я ИП", "sole_trader"),
        ("elig_contract_type", "жеке кәсіпкермін", "sole_trader"),
        ("elig_contract_type", "employment contract", "employment"),
        ("elig_contract_type", "договора нет", "none"),
        ("elig_income_share", "почти весь доход", 0.9),
        ("elig_income_share", "жартысы", 0.5),
        ("elig_exposure_share", "most of the shift", 0.75),
        ("elig_exposure_share", "60%", 0.6),
        ("elig_work_class", "3 класс 2 степени", "3.2"),
        ("elig_leave_tier", "12 дней", 12),
        ("elig_leave_tier", "18 күн", 18),
        ("elig_leave_tier", "білмеймін", "dk"),
        ("elig_injuries", "нет, никто не погиб", "none"),
        ("elig_injuries", "ауыр жарақат болды", "serious"),
        ("elig_injuries", "minor cuts", "minor"),
        ("elig_equipment", "старое, изношенное", "worn"),
        ("elig_equipment", "ақаулы", "faulty"),
        ("elig_ppe", "не всё выдают", "partial"),
        ("elig_ppe", "жоқ, бермейді", "none"),
        ("elig_ppe", "yes, all of it", "full"),
        ("elig_colleagues_ill", "несколько человек", "several"),
        ("elig_colleagues_ill", "ешкім", "none"),
        ("elig_guarantees_given", "ничего не дают", "no"),
        ("elig_wages", "задерживают", "late"),
        ("elig_wages", "жалақы кешіктіріледі", "late"),
        ("elig_wages", "не платят уже два месяца", "unpaid"),
        ("elig_wages", "yes, on time", "ok"),
        ("elig_overtime", "да, но бесплатно", "unpaid"),
        ("elig_overtime", "жоқ", "none"),
        ("elig_passport_held", "иә, бастық алып қойды", "yes"),
        ("elig_work_permit", "нету", "no"),
        ("elig_registration", "хз", "dk"),
    ],
)
def test_free_text_answers(slot: str, text: str, expected: object) -> None:
    answer = QUESTIONS[slot].parse(text)
    if isinstance(expected, float):
        assert answer == pytest.approx(expected)
    else:
        assert answer == expected


@pytest.mark.parametrize("slot", list(QUESTIONS))
def test_every_button_payload_parses_back_to_its_value(slot: str) -> None:
    question = QUESTIONS[slot]
    for option in question.options:
        parsed = question.parse(answer_payload(option.value))
        expected: object = option.value
        if question.kind == "share":
            expected = float(option.value)
        elif question.kind == "tier":
            expected = int(option.value)
        assert parsed == expected, (slot, option.value)
    assert question.parse(answer_payload("dk")) == "dk"
