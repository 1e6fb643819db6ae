"""Answer parsers of the eligibility interview, in Kazakh, Russian and English."""

from __future__ import annotations

import pytest

from actions.eligibility.parsers import (
    DONT_KNOW,
    NO,
    YES,
    Citizenship,
    answer_payload,
    parse_choice,
    parse_citizenship,
    parse_count,
    parse_navigation,
    parse_number,
    parse_share,
    parse_work_class,
    parse_yes_no,
    payload_value,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # kk, Cyrillic and Latin (2021 alphabet), with and without Kazakh letters
        ("иә", YES),
        ("ия", YES),
        ("Иа", YES),
        ("ia", YES),
        ("әрине", YES),
        ("бар", YES),
        ("жоқ", NO),
        ("жок", NO),
        ("joq", NO),
        ("jok", NO),
        ("жоқ, бермейді", NO),
        ("білмеймін", DONT_KNOW),
        ("билмеймин", DONT_KNOW),
        ("bilmeimin", DONT_KNOW),
        ("белгісіз", DONT_KNOW),
        # ru, with variants and typos
        ("да", YES),
        ("Да!", YES),
        ("ага", YES),
        ("угу", YES),
        ("конечно", YES),
        ("ну да", YES),
        ("нет", NO),
        ("неа", NO),
        ("Нет, не платят", NO),
        ("нетт", NO),
        ("да нет", NO),
        ("не знаю", DONT_KNOW),
        ("незнаю", DONT_KNOW),
        ("хз", DONT_KNOW),
        ("без понятия", DONT_KNOW),
        # en
        ("yes", YES),
        ("Yep", YES),
        ("yeah sure", YES),
        ("yess", YES),
        ("no", NO),
        ("nope", NO),
        ("never", NO),
        ("dunno", DONT_KNOW),
        ("I don't know", DONT_KNOW),
        ("not sure", DONT_KNOW),
        ("idk", DONT_KNOW),
    ],
)
def test_yes_no_in_three_languages(text: str, expected: str) -> None:
    assert parse_yes_no(text) == expected


@pytest.mark.parametrize("text", ["", "платят вовремя", "курьер", "12345", "qwerty"])
def test_yes_no_refuses_what_it_cannot_read(text: str) -> None:
    assert parse_yes_no(text) is None


def test_button_payloads_decode_to_the_value_they_carry() -> None:
    assert payload_value(answer_payload("yes")) == "yes"
    assert payload_value('/eligibility_answer{"elig_value":"3.2"}') == "3.2"
    assert payload_value("/affirm") == YES
    assert payload_value("/deny") == NO
    assert payload_value("/ask_leave") is None
    assert payload_value("да") is None
    assert len(answer_payload("sole_trader").encode()) < 60
    assert parse_yes_no(answer_payload(DONT_KNOW)) == DONT_KNOW


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("назад", "back"),
        ("Back", "back"),
        ("артқа", "back"),
        ("artqa", "back"),
        ("пропустить", "skip"),
        ("skip", "skip"),
        ("өткізу", "skip"),
        ("заново", "restart"),
        ("начать заново", "restart"),
        ("start over", "restart"),
        ("қайта бастау", "restart"),
        ("стоп", "stop"),
        ("Stop", "stop"),
        ("тоқта", "stop"),
        ("отмена", "stop"),
        (answer_payload("skip"), "skip"),
    ],
)
def test_navigation_words_in_three_languages(text: str, expected: str) -> None:
    assert parse_navigation(text) == expected


@pytest.mark.parametrize("text", ["меня остановили на дороге", "да", "back pay not paid"])
def test_navigation_needs_the_whole_message(text: str) -> None:
    assert parse_navigation(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("60%", 0.6),
        ("60 %", 0.6),
        ("60 процентов", 0.6),
        ("60 пайыз", 0.6),
        ("0.6", 0.6),
        ("0,6", 0.6),
        ("60", 0.6),
        ("половину смены", 0.5),
        ("жартысы", 0.5),
        ("ауысымның жартысы", 0.5),
        ("most of the shift", 0.75),
        ("half", 0.5),
        ("всю смену", 1.0),
        ("бүкіл ауысым", 1.0),
        ("the whole shift", 1.0),
        ("6 часов", 0.75),
        ("4 сағат", 0.5),
        ("6 из 8", 0.75),
        ("3/4", 0.75),
        ("немного", 0.1),
        ("нет", 0.0),
        ("never", 0.0),
        ("көп", 0.75),
    ],
)
def test_share_of_the_shift(text: str, expected: float) -> None:
    assert parse_share(text) == pytest.approx(expected)


@pytest.mark.parametrize("text", ["не знаю", "білмеймін", "dunno"])
def test_share_dont_know(text: str) -> None:
    assert parse_share(text) == DONT_KNOW


@pytest.mark.parametrize("text", ["150%", "9 из 8", "курьер", ""])
def test_share_out_of_range_or_unreadable(text: str) -> None:
    assert parse_share(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [("12", 12.0), ("12,5", 12.5), ("три", 3.0), ("үш", 3.0), ("three", 3.0), ("abc", None)],
)
def test_numbers(text: str, expected: float | None) -> None:
    assert parse_number(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2", 2), ("два", 2), ("екі", 2), ("two", 2), ("нет", 0), ("none", 0), ("2.5", None)],
)
def test_counts(text: str, expected: int | None) -> None:
    assert parse_count(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3.2", "3.2"),
        ("3,2", "3.2"),
        ("3 класс 2 степени", "3.2"),
        ("класс 3.2", "3.2"),
        ("3-сынып 2-дәреже", "3.2"),
        ("class 3 degree 4", "3.4"),
        ("3.1 класс", "3.1"),
        ("4", "4"),
        ("4 класс", "4"),
        ("опасный", "4"),
        ("2", "2"),
        ("допустимый", "2"),
        ("вредный", "3"),
        ("3", "3"),
        ("білмеймін", DONT_KNOW),
        ("не знаю", DONT_KNOW),
        ("don't know", DONT_KNOW),
        (answer_payload("3.3"), "3.3"),
    ],
)
def test_class_of_working_conditions(text: str, expected: str) -> None:
    assert parse_work_class(text) == expected


@pytest.mark.parametrize("text", ["3.5", "5", "12", "2.1", "курьер"])
def test_class_refuses_classes_that_do_not_exist(text: str) -> None:
    assert parse_work_class(text) is None


@pytest.mark.parametrize(
    ("text", "code", "eaeu"),
    [
        ("Россия", "RU", True),
        ("гражданин РФ", "RU", True),
        ("Ресей", "RU", True),
        ("Russia", "RU", True),
        ("Беларусь", "BY", True),
        ("Armenia", "AM", True),
        ("армянин", "AM", True),
        ("кыргыз", "KG", True),
        ("Қырғызстан", "KG", True),
        ("киргизия", "KG", True),
        ("Kyrgyzstan", "KG", True),
        ("Қазақстан", "KZ", True),
        ("казахстан", "KZ", True),
        ("Kazakhstan", "KZ", True),
        ("узбек", "UZ", False),
        ("өзбекпін", "UZ", False),
        ("Uzbekistan", "UZ", False),
        ("Тәжікстан", "TJ", False),
        ("таджик", "TJ", False),
        ("Tajikistan", "TJ", False),
        ("Туркменистан", "TM", False),
        ("китай", "CN", False),
        ("другая страна", "OTHER", False),
        (answer_payload("KG"), "KG", True),
    ],
)
def test_citizenship_eaeu_or_not(text: str, code: str, eaeu: bool) -> None:
    result = parse_citizenship(text)
    assert isinstance(result, Citizenship)
    assert (result.code, result.eaeu) == (code, eaeu)
    assert result.migrant == (code != "KZ")


def test_citizenship_dont_know_and_nonsense() -> None:
    assert parse_citizenship("білмеймін") == DONT_KNOW
    assert parse_citizenship("курьер") is None


def test_choice_by_stem_and_payload() -> None:
    choices = {"serious": ("серьезн", "ауыр", "serious"), "none": ("не было", "жоқ", "none")}
    assert parse_choice("серьёзная травма", choices) == "serious"
    assert parse_choice("ауыр жарақат", choices) == "serious"
    assert parse_choice(answer_payload("none"), choices) == "none"
    assert parse_choice(answer_payload("bogus"), choices) is None
    assert parse_choice("хз", choices) == DONT_KNOW
    assert parse_choice("курьер", choices) is None
