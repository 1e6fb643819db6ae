"""Validators: IIN/BIN checksums, amounts and periods in kk/ru/en, attachments — with messages
in the user's language."""

from __future__ import annotations

from datetime import date

import pytest

from complaints.validators import (
    MAX_ATTACHMENT_BYTES,
    ComplaintValidationError,
    Period,
    check_attachment,
    iin_bin_check_digit,
    parse_amount,
    parse_period,
    validate_bin,
    validate_iin,
)
from i18n import use_language

TODAY = date(2026, 6, 10)
KASPI_BIN = "971240001315"  # a real BIN (Kaspi Bank JSC), 9*1+7*2+...+1*11 = 104 ≡ 5 (mod 11)
SECOND_PASS_IIN = "900101300811"  # first remainder 131 ≡ 10, second 78 ≡ 1 (hand-checked)


def _message(fn, *args, lang: str) -> str:  # type: ignore[no-untyped-def]
    with use_language(lang), pytest.raises(ComplaintValidationError) as info:
        fn(*args)
    return str(info.value)


# --- IIN / BIN ---------------------------------------------------------------------------------


def test_check_digit_first_and_second_pass() -> None:
    assert iin_bin_check_digit(KASPI_BIN[:11]) == 5
    assert iin_bin_check_digit(SECOND_PASS_IIN[:11]) == 1
    assert iin_bin_check_digit("85050140154") is None  # both passes give 10: never issued


@pytest.mark.parametrize("value", [KASPI_BIN, "9712 4000 1315", "971-240-001-315"])
def test_valid_bin(value: str) -> None:
    assert validate_bin(value) == KASPI_BIN


def test_valid_iin_including_second_pass() -> None:
    assert validate_iin(SECOND_PASS_IIN) == SECOND_PASS_IIN
    assert validate_iin("880315400128") == "880315400128"


@pytest.mark.parametrize(
    ("lang", "value", "expected"),
    [
        ("ru", "971240001316", "контрольная цифра"),
        ("kk", "971240001316", "бақылау цифры"),
        ("en", "971240001316", "check digit"),
        ("ru", "97124000131", "12 цифр; вы ввели 11"),
        ("kk", "9712400013155", "12 цифрдан тұруы керек; сіз 13"),
        ("en", "97124000131A", "digits only"),
        ("ru", "БИН97124000", "только цифры"),
        ("kk", "", "БСН енгізіңіз"),
    ],
)
def test_invalid_bin_messages(lang: str, value: str, expected: str) -> None:
    assert expected in _message(validate_bin, value, lang=lang)


def test_iin_given_as_bin_is_explained() -> None:
    assert "ИИН, а не БИН" in _message(validate_bin, "880315400128", lang="ru")


@pytest.mark.parametrize(
    ("lang", "value", "expected"),
    [
        ("ru", "880315400127", "ИИН недействителен"),
        ("kk", "88031540012", "ЖСН 12 цифрдан"),
        ("en", "88031540012x", "IIN must contain digits only"),
        ("ru", "881315400128", "недействителен"),  # month 13
    ],
)
def test_invalid_iin_messages(lang: str, value: str, expected: str) -> None:
    assert expected in _message(validate_iin, value, lang=lang)


def test_messages_do_not_echo_the_number() -> None:
    assert "880315400127" not in _message(validate_iin, "880315400127", lang="ru")


# --- amounts -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("150к", 150_000),
        ("150 000 тг", 150_000),
        ("150 мың теңге", 150_000),
        ("150 мын тенге", 150_000),
        ("1,5 млн", 1_500_000),
        ("1.5m", 1_500_000),
        ("1.5 million tenge", 1_500_000),
        ("200 тыс", 200_000),
        ("200 тыс.", 200_000),
        ("150k", 150_000),
        ("150 000 ₸", 150_000),
        ("150000 KZT", 150_000),
        ("150,000", 150_000),
        ("1 500 000,50", 1_500_001),
        ("85 000", 85_000),
        ("2 млн", 2_000_000),
    ],
)
def test_amounts_in_three_languages(text: str, expected: int) -> None:
    assert parse_amount(text) == expected


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        ("ru", "100 долларов", "в тенге (KZT)"),
        ("kk", "$300", "теңгемен (KZT)"),
        ("en", "a lot", "could not read the amount"),
        ("ru", "много", "Не удалось разобрать сумму"),
        ("kk", "0 тг", "нөлден үлкен"),
        ("en", "999999999999", "too large"),
        ("ru", "", "введите сумму"),
    ],
)
def test_bad_amounts(lang: str, text: str, expected: str) -> None:
    assert expected in _message(parse_amount, text, lang=lang)


# --- periods -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("с марта по май", Period(date(2026, 3, 1), date(2026, 5, 31))),
        ("наурыздан мамырға дейін", Period(date(2026, 3, 1), date(2026, 5, 31))),
        ("from March to May", Period(date(2026, 3, 1), date(2026, 5, 31))),
        ("since March", Period(date(2026, 3, 1), None)),
        ("с марта", Period(date(2026, 3, 1), None)),
        ("наурыздан бастап", Period(date(2026, 3, 1), None)),
        ("2 ай", Period(date(2026, 4, 10), None)),
        ("екі ай", Period(date(2026, 4, 10), None)),
        ("3 месяца", Period(date(2026, 3, 10), None)),
        ("two months", Period(date(2026, 4, 10), None)),
        ("01.03.2026–31.05.2026", Period(date(2026, 3, 1), date(2026, 5, 31))),
        ("01.03.2026 - 31.05.2026", Period(date(2026, 3, 1), date(2026, 5, 31))),
        ("2026-03-01 2026-05-31", Period(date(2026, 3, 1), date(2026, 5, 31))),
        ("с 01.03.2026", Period(date(2026, 3, 1), None)),
        ("март 2026", Period(date(2026, 3, 1), date(2026, 3, 31))),
        ("с ноября по февраль", Period(date(2025, 11, 1), date(2026, 2, 28))),
        ("since August", Period(date(2025, 8, 1), None)),  # August 2026 is in the future
    ],
)
def test_periods_in_three_languages(text: str, expected: Period) -> None:
    assert parse_period(text, today=TODAY) == expected


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        ("ru", "когда-то давно", "Не удалось понять период"),
        ("kk", "білмеймін", "Кезеңді түсіне алмадым"),
        ("en", "31.05.2026–01.03.2026", "before its start"),
        ("ru", "31.02.2026", "Такой даты не существует"),
        ("kk", "01.01.2027", "болашақта"),
    ],
)
def test_bad_periods(lang: str, text: str, expected: str) -> None:
    with use_language(lang), pytest.raises(ComplaintValidationError) as info:
        parse_period(text, today=TODAY)
    assert expected in str(info.value)


# --- attachments -------------------------------------------------------------------------------

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00"
PDF = b"%PDF-1.7\n%\xe2\xe3"


def test_good_attachments() -> None:
    assert check_attachment(1000, "image/jpeg", JPEG) == "image/jpeg"
    assert check_attachment(1000, "image/jpg", JPEG) == "image/jpeg"
    assert check_attachment(1000, "application/pdf; charset=binary", PDF) == "application/pdf"
    assert check_attachment(MAX_ATTACHMENT_BYTES, "application/pdf") == "application/pdf"


@pytest.mark.parametrize(
    ("lang", "size", "mime", "head", "expected"),
    [
        ("ru", MAX_ATTACHMENT_BYTES + 1, "image/jpeg", JPEG, "слишком большой (20 МБ)"),
        ("ru", 25_500_000, "image/jpeg", JPEG, "(24,3 МБ). Ограничение — 20 МБ"),
        ("kk", 30 * 1024 * 1024, "application/pdf", PDF, "тым үлкен (30 МБ)"),
        ("en", 25_500_000, "image/png", JPEG, "too large (24.3 MB). The limit is 20 MB"),
        ("en", 1000, "application/x-msdownload", b"MZ\x90\x00", "type of file is not accepted"),
        ("ru", 1000, "application/pdf", b"MZ\x90\x00", "не соответствует его типу"),
        ("kk", 0, "image/png", b"", "Файл бос"),
    ],
)
def test_bad_attachments(lang: str, size: int, mime: str, head: bytes, expected: str) -> None:
    with use_language(lang), pytest.raises(ComplaintValidationError) as info:
        check_attachment(size, mime, head)
    assert expected in str(info.value)
    assert info.value.field == "attachment"
