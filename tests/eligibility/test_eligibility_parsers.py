"""Value readers of the eligibility interview (shares, numbers, classes, citizenship) in kk/ru/en.

Yes / no / don't know, navigation, choices and button payloads are the form engine's
(``actions.forms``) and are tested in ``tests/forms``; these readers only turn typed text into
a value, or ``None`` when they cannot tell.
"""

from __future__ import annotations

import pytest

from actions.eligibility.parsers import (
    COUNTRY_CODES,
    EAEU_COUNTRIES,
    WORK_CLASSES,
    Citizenship,
    is_share,
    normalise,
    parse_citizenship,
    parse_number,
    parse_share,
    parse_work_class,
)
from actions.forms.question import Refusal
from i18n import use_language


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Бүкіл ауысым!", "букил ауисим"),
        ("３,２", "3,2"),
        ("  60 %  ", "60 %"),
        ("Всё время", "все время"),
        ("6/8", "6/8"),
    ],
)
def test_normalise_keeps_numbers_whole(text: str, expected: str) -> None:
    assert normalise(text) == expected


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
        ("1", 1.0),
        ("100%", 1.0),
        ("половину смены", 0.5),
        ("половина", 0.5),
        ("жартысы", 0.5),
        ("zhartysy", 0.5),
        ("ауысымның жартысы", 0.5),
        ("most of the shift", 0.75),
        ("half", 0.5),
        ("всю смену", 1.0),
        ("бүкіл ауысым", 1.0),
        ("the whole shift", 1.0),
        ("6 часов", 0.75),
        ("4 сағат", 0.5),
        ("10 часов", 1.0),  # more than a shift is the whole shift
        ("6 из 8", 0.75),
        ("3/4", 0.75),
        ("почти весь", 0.9),
        ("немного", 0.1),
        ("нет", 0.0),
        ("жоқ", 0.0),
        ("never", 0.0),
        ("көп", 0.75),
    ],
)
def test_share_of_the_shift(text: str, expected: float) -> None:
    share = parse_share(text)
    assert share == pytest.approx(expected)
    assert is_share(share)


@pytest.mark.parametrize("text", ["не знаю", "білмеймін", "dunno"])
def test_share_dont_know_is_not_a_share(text: str) -> None:
    # "don't know" is the question's skip value, decided by the engine before the reader
    assert parse_share(text) is None


@pytest.mark.parametrize("text", ["150%", "9 из 8", "курьер", "", "200"])
def test_share_out_of_range_or_unreadable(text: str) -> None:
    assert parse_share(text) is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [(0.0, True), (0.5, True), (1, True), (1.5, False), (-0.1, False), (True, False),
     ("0.5", False), (None, False)],
)
def test_is_share(value: object, expected: bool) -> None:
    assert is_share(value) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12", 12.0),
        ("12,5", 12.5),
        ("12 дней", 12.0),
        ("да, 18", 18.0),
        ("три", 3.0),
        ("үш", 3.0),
        ("он екі", 12.0),
        ("bes", 5.0),
        ("three", 3.0),
        ("twelve", 12.0),
        ("abc", None),
        ("", None),
    ],
)
def test_numbers(text: str, expected: float | None) -> None:
    assert parse_number(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3.2", "3.2"),
        ("3,2", "3.2"),
        ("３.２", "3.2"),
        ("3 класс 2 степени", "3.2"),
        ("3 класс, 2 степень", "3.2"),
        ("класс 3.2", "3.2"),
        ("класс 3 степень 2", "3.2"),
        ("3-сынып 2-дәреже", "3.2"),
        ("3 сынып 2 дәреже", "3.2"),
        ("class 3 degree 4", "3.4"),
        ("class 3.2", "3.2"),
        ("3.1 класс", "3.1"),
        ("3 класс 2 подкласс", "3.2"),
        ("4", "4"),
        ("4 класс", "4"),
        ("опасный", "4"),
        ("қауіпті", "4"),
        ("dangerous", "4"),
        ("2", "2"),
        ("допустимый", "2"),
        ("1", "1"),
        ("оптимальный", "1"),
    ],
)
def test_class_of_working_conditions(text: str, expected: str) -> None:
    assert parse_work_class(text) == expected
    assert expected in WORK_CLASSES


@pytest.mark.parametrize("text", ["3", "3 класс", "class 3", "вредный", "зиянды", "harmful"])
def test_class_three_without_a_degree_is_refused_with_a_question(text: str) -> None:
    with pytest.raises(Refusal) as refusal:
        parse_work_class(text)
    assert "3.1" in str(refusal.value) and "3.4" in str(refusal.value)


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_the_degree_question_is_in_the_users_language(language: str) -> None:
    with use_language("en"), pytest.raises(Refusal) as in_english:
        parse_work_class("3")
    with use_language(language), pytest.raises(Refusal) as translated:
        parse_work_class("3")
    assert str(translated.value) != str(in_english.value)
    assert "3.1" in str(translated.value)


@pytest.mark.parametrize("text", ["3.5", "5", "12", "2.1", "курьер", "не знаю", "білмеймін", ""])
def test_class_refuses_classes_that_do_not_exist(text: str) -> None:
    assert parse_work_class(text) is None


@pytest.mark.parametrize(
    "text",
    [
        # the degree after "класс 3," is not read: the worker is asked for the degree again
        "класс 3, степень 2",
        "3 класс 2",
    ],
)
def test_class_three_degree_two_typed_loosely(text: str) -> None:
    assert parse_work_class(text) == "3.2"


@pytest.mark.parametrize(
    ("text", "code", "eaeu"),
    [
        ("Россия", "RU", True),
        ("гражданин РФ", "RU", True),
        ("Ресей", "RU", True),
        ("орыспын", "RU", True),
        ("Russia", "RU", True),
        ("Беларусь", "BY", True),
        ("Armenia", "AM", True),
        ("армянин", "AM", True),
        ("кыргыз", "KG", True),
        ("Қырғызстан", "KG", True),
        ("киргизия", "KG", True),
        ("из Киргизии", "KG", True),
        ("Kyrgyzstan", "KG", True),
        ("qyrgyz", "KG", True),
        ("Қазақстан", "KZ", True),
        ("казахстан", "KZ", True),
        ("гражданин Казахстана", "KZ", True),
        ("РК", "KZ", True),
        ("Kazakhstan", "KZ", True),
        ("Qazaqstan", "KZ", True),
        ("узбек", "UZ", False),
        ("я узбек", "UZ", False),
        ("өзбекпін", "UZ", False),
        ("ozbekpin", "UZ", False),
        ("Uzbekistan", "UZ", False),
        ("Тәжікстан", "TJ", False),
        ("таджик", "TJ", False),
        ("Tajikistan", "TJ", False),
        ("Туркменистан", "TM", False),
        ("китай", "CN", False),
        ("другая страна", "OTHER", False),
    ],
)
def test_citizenship_eaeu_or_not(text: str, code: str, eaeu: bool) -> None:
    result = parse_citizenship(text)
    assert result == code
    assert result in COUNTRY_CODES
    citizenship = Citizenship(result)
    assert (citizenship.eaeu, citizenship.migrant) == (eaeu, code != "KZ")


@pytest.mark.parametrize("text", ["не знаю", "білмеймін", "курьер", ""])
def test_citizenship_dont_know_and_nonsense_give_nothing(text: str) -> None:
    assert parse_citizenship(text) is None


def test_eaeu_members_are_known_countries() -> None:
    assert {"KZ", "RU", "BY", "AM", "KG"} == EAEU_COUNTRIES
    assert EAEU_COUNTRIES <= COUNTRY_CODES
    assert Citizenship("OTHER").migrant and not Citizenship("OTHER").eaeu
