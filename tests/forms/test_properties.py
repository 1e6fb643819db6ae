"""Arbitrary text fed to every reader and validator: no exception but the validation error.

hypothesis generates Unicode of every category (control characters, RTL marks, digits of
other scripts, emoji, surrogates excluded) and text shaped like answers (digits with
separators, words of the forms' own vocabulary).
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from actions.complaints.intake import FORM as COMPLAINT
from actions.complaints.places import region_of
from actions.eligibility.interview import FORM as ELIGIBILITY
from actions.eligibility.parsers import parse_number, parse_share, parse_work_class
from actions.forms import Refusal, answer_payload, payload_value, typed
from complaints.validators import (
    ComplaintValidationError,
    parse_amount,
    parse_period,
    validate_bin,
    validate_iin,
)
from i18n import use_language
from i18n.normalize import ascii_digits, clean

QUESTIONS = [*ELIGIBILITY.questions, *COMPLAINT.questions]
ANY_TEXT = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=300)
ANSWER_LIKE = st.one_of(
    ANY_TEXT,
    st.from_regex(r"[+]?[0-9０-９٠-٩²³ .,\-/()]{1,30}", fullmatch=True),
    st.lists(st.sampled_from([
        "да", "нет", "иә", "жоқ", "не", "знаю", "білмеймін", "3.2", "класс", "мың", "тг", "млн",
        "с", "по", "марта", "мамыр", "2", "ай", "%", "половину", "?", "🙂", "\u200f", "\x00",
        "назад", "стоп", "қайта", "edit", "отправить", "/", "{", "}", "form_answer",
    ]), max_size=8).map(" ".join),
)
FAST = settings(max_examples=150, deadline=None,
                suppress_health_check=[HealthCheck.too_slow])


def _check_answer(question: Any, text: str) -> None:
    try:
        value = question.answer(text)
    except Refusal as refusal:
        assert str(refusal)
        return
    assert value is None or question.accepts_value(value), (question.slot, text, value)


@pytest.mark.parametrize("question", QUESTIONS, ids=lambda q: q.slot)
@FAST
@given(text=ANSWER_LIKE)
def test_every_question_reads_or_refuses_anything(question: Any, text: str) -> None:
    with use_language("ru"):
        _check_answer(question, text)


@pytest.mark.parametrize("question", QUESTIONS, ids=lambda q: q.slot)
@FAST
@given(value=st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), ANY_TEXT,
                       st.lists(st.integers(), max_size=3),
                       st.dictionaries(st.text(max_size=3), st.integers(), max_size=2)))
def test_a_forged_payload_value_is_canonical_or_ignored(question: Any, value: Any) -> None:
    with use_language("kk"):
        _check_answer(question, answer_payload(value))


@pytest.mark.parametrize("validate", [validate_iin, validate_bin, parse_amount, parse_period])
@FAST
@given(text=ANSWER_LIKE)
def test_complaint_validators_raise_only_their_error(validate: Any, text: str) -> None:
    with use_language("en"):
        try:
            validate(text)
        except ComplaintValidationError as error:
            message = str(error)
            assert message
            typed_value = text.strip()
            # The message never repeats what was typed: it may be an IIN.
            assert len(typed_value) < 6 or typed_value not in message


@FAST
@given(text=ANSWER_LIKE)
def test_word_readers_never_raise(text: str) -> None:
    typed.words(text)
    assert typed.yes_no(text) in (None, "yes", "no", "dk")
    assert typed.navigation(text) in (None, "back", "skip", "restart", "stop")
    share = parse_share(text)
    assert share is None or 0 <= share <= 1
    parse_number(text)
    region_of(text)
    payload_value(text)
    assert "\x00" not in clean(text)
    assert all(not c.isdecimal() or c.isascii() for c in ascii_digits(text))


@FAST
@given(text=ANSWER_LIKE)
def test_the_class_reader_refuses_with_a_question_or_reads(text: str) -> None:
    with use_language("ru"):
        try:
            value = parse_work_class(text)
        except Refusal as refusal:
            assert "3.1" in str(refusal)
            return
    assert value is None or value in ("1", "2", "3.1", "3.2", "3.3", "3.4", "4")


@pytest.mark.parametrize("digits", ["٨٨٠٣١٥٤٠٠١٢٨", "８８０３１５４００１２８", "88031540012⁸"])
def test_digits_of_other_scripts_are_read_or_refused(digits: str) -> None:
    with use_language("ru"):
        try:
            assert validate_iin(digits) == "880315400128"
        except ComplaintValidationError as error:
            assert "880315400128" not in str(error)
