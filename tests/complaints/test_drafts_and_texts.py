"""Whole-draft validation, receipt codes and the user-facing texts (pure, no database)."""

from __future__ import annotations

from datetime import date

import pytest

from complaints.model import ComplaintDraft, IdentityTier, category_from_intent
from complaints.receipt import ALPHABET, generate_receipt_code, normalize_receipt_code
from complaints.service import employer_key, validate_draft
from complaints.texts import notification_text, receipt_text, summary_text, tier_explanation
from complaints.validators import ComplaintValidationError
from i18n import use_language


def draft(**overrides: object) -> ComplaintDraft:
    values: dict[str, object] = dict(
        category="wages_unpaid",
        description="Не платят зарплату с марта.",
        platform_name="Glovo",
        identity_tier=IdentityTier.CONFIDENTIAL,
        consent_personal_data=True,
        full_name="Ерлан Ахметов",
        contact="+77010000000",
    )
    values.update(overrides)
    return ComplaintDraft(**values)  # type: ignore[arg-type]


def test_receipt_codes_are_unambiguous_and_round_trip() -> None:
    codes = {generate_receipt_code() for _ in range(2000)}
    assert len(codes) == 2000
    for code in list(codes)[:50]:
        assert len(code) == 9 and code[4] == "-"
        assert set(code.replace("-", "")) <= set(ALPHABET)
        assert normalize_receipt_code(code.lower().replace("-", " ")) == code
    assert not set("0O1IL5S2Z8BUV") & set(ALPHABET)
    assert normalize_receipt_code("А7КМ-ХР4Т") == "A7KM-XP4T"  # typed on a Cyrillic layout
    assert normalize_receipt_code("hello") is None


def test_category_from_intent() -> None:
    assert category_from_intent("ask_wages_unpaid") == "wages_unpaid"
    assert category_from_intent("ask_complaint_process") == "other"
    assert category_from_intent(None) == "other"


def test_employer_key_groups_spellings_of_one_employer() -> None:
    assert employer_key(None, None, 'ТОО "Ромашка"') == employer_key(None, None, "ромашка")
    assert employer_key(None, " Yandex  Go ", None) == "platform:yandex go"
    assert employer_key("971240001315", "Glovo", "x") == "bin:971240001315"


def test_confidential_requires_name_and_contact() -> None:
    with use_language("kk"), pytest.raises(ComplaintValidationError) as info:
        validate_draft(draft(contact=""))
    assert info.value.field == "contact" and "телефон" in str(info.value)


def test_named_requires_valid_iin_and_address() -> None:
    with pytest.raises(ComplaintValidationError) as info:
        validate_draft(draft(identity_tier=IdentityTier.NAMED, iin="880315400127", address="x"))
    assert info.value.field == "iin"
    with pytest.raises(ComplaintValidationError) as info:
        validate_draft(draft(identity_tier=IdentityTier.NAMED, iin="880315400128"))
    assert info.value.field == "address"


def test_missing_employer_and_short_description() -> None:
    with use_language("ru"), pytest.raises(ComplaintValidationError) as info:
        validate_draft(draft(platform_name=None))
    assert "работодателя" in str(info.value)
    with pytest.raises(ComplaintValidationError):
        validate_draft(draft(description="плохо"))


def test_anonymous_is_stripped_of_personal_data() -> None:
    clean = validate_draft(
        draft(identity_tier=IdentityTier.ANONYMOUS, consent_personal_data=False, iin="1")
    )
    assert (clean.full_name, clean.contact, clean.iin) == (None, None, None)


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("kk", "Шағымыңызды тексеріңіз"), ("ru", "проверьте жалобу"), ("en", "check your complaint")],
)
def test_summary_in_three_languages(lang: str, expected: str) -> None:
    d = draft(amount_kzt=150_000, period_start=date(2026, 3, 1), period_end=None)
    with use_language(lang):
        text = summary_text(d)
        assert expected in text
        assert "150" in text and "₸" in text
        assert tier_explanation("anonymous") != tier_explanation("named")


def test_receipt_and_notification_texts() -> None:
    with use_language("kk"):
        assert "K7QX-M4TD" in receipt_text("K7QX-M4TD")
        text = notification_text("K7QX-M4TD", "in_review", "Құжат керек")
        assert "қаралуда" in text and "Құжат керек" in text
    with use_language("ru"):
        assert "на рассмотрении" in notification_text("K7QX-M4TD", "in_review")
