"""The generic words of every form: yes / no / don't know and navigation, in kk, ru and en."""

from __future__ import annotations

import pytest

from actions.forms import answer_payload, payload_value
from actions.forms.question import is_payload
from actions.forms.typed import DONT_KNOW, NO, YES, is_dont_know, navigation, words, yes_no


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # kk, Cyrillic and Latin, with and without Kazakh letters
        ("иә", YES), ("ия", YES), ("Иа", YES), ("iya", YES), ("әрине", YES), ("бар", YES),
        ("иә, солай", YES), ("жарайды", YES), ("жоқ", NO), ("жок", NO), ("joq", NO), ("jok", NO),
        ("жоқ, бермейді", NO), ("білмеймін", DONT_KNOW), ("билмеймин", DONT_KNOW),
        ("bilmeimin", DONT_KNOW), ("белгісіз", DONT_KNOW), ("қайдам", DONT_KNOW),
        # ru, with variants, typos and translit
        ("да", YES), ("Да!", YES), ("ага", YES), ("угу", YES), ("конечно", YES), ("ну да", YES),
        ("да, согласен", YES), ("согласна", YES), ("конечна", YES), ("da", YES),
        ("нет", NO), ("неа", NO), ("Нет, не платят", NO), ("нетт", NO), ("да нет", NO),
        ("не согласен", NO), ("скорее нет", NO), ("net", NO), ("не знаю", DONT_KNOW),
        ("незнаю", DONT_KNOW), ("хз", DONT_KNOW), ("без понятия", DONT_KNOW),
        ("ne znayu", DONT_KNOW),
        # en
        ("yes", YES), ("Yep", YES), ("yeah sure", YES), ("yess", YES), ("of course", YES),
        ("no", NO), ("nope", NO), ("never", NO), ("dunno", DONT_KNOW),
        ("I don't know", DONT_KNOW), ("not sure", DONT_KNOW), ("idk", DONT_KNOW),
    ],
)
def test_yes_no_dont_know_in_three_languages(text: str, expected: str) -> None:
    assert yes_no(text) == expected


@pytest.mark.parametrize("text", [
    "", "платят вовремя", "курьер", "12345", "qwerty", "мне не платят зарплату уже два месяца",
    "я работаю на складе", "и то и другое", "🙂", "\x00",
])
def test_yes_no_refuses_what_is_no_yes_or_no(text: str) -> None:
    assert yes_no(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("назад", "back"), ("Back", "back"), ("артқа", "back"), ("artqa", "back"),
        ("пропустить", "skip"), ("skip", "skip"), ("өткізу", "skip"), ("дальше", "skip"),
        ("заново", "restart"), ("начать заново", "restart"), ("start over", "restart"),
        ("қайта бастау", "restart"), ("қайта", "restart"), ("zanovo", "restart"),
        ("стоп", "stop"), ("Stop", "stop"), ("тоқта", "stop"), ("токта", "stop"),
        ("отмена", "stop"), ("хватит", "stop"), ("стопп", "stop"),
    ],
)
def test_navigation_words_in_three_languages(text: str, expected: str) -> None:
    assert navigation(text) == expected


@pytest.mark.parametrize("text", [
    "меня остановили на дороге", "да", "back pay not paid", "назад в прошлом месяце уволили",
])
def test_navigation_needs_the_whole_message(text: str) -> None:
    assert navigation(text) is None


def test_dont_know_is_found_near_the_start_only() -> None:
    assert is_dont_know("честно говоря не знаю")
    assert not is_dont_know("директор сказал " + "очень " * 10 + "что не знает когда заплатит")


def test_words_fold_scripts_and_ignore_invisible_characters() -> None:
    assert words("Жоқ!") == words("жок") == words("joq")
    assert words("\u200fда\u200e") == words("да")
    assert words("ne znayu") == words("не знаю")
    assert len(words("да " * 5000)) <= 400


def test_payloads_carry_any_json_value_and_decode_back() -> None:
    for value in ("yes", 0.5, 12, "наурыздан мамырға дейін"):
        assert payload_value(answer_payload(value)) == value
    assert payload_value("/affirm") == YES and payload_value("/deny") == NO
    assert payload_value("/ask_leave") is None and payload_value("да") is None
    assert payload_value("/form_answer{broken") is None
    assert is_payload("/file_complaint") and not is_payload("да /file_complaint")
    assert len(answer_payload("edit:description").encode()) < 64
