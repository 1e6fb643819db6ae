"""Language detection: the labelled set and the rules it relies on."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from bot.language import LanguageDetector

DATA = Path(__file__).resolve().parent.parent / "data" / "language_detection.tsv"


def load_rows() -> list[tuple[str, str, str, str, str]]:
    """(language, category, previous, text, split) rows of the labelled set."""
    rows = []
    for line in DATA.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        language, category, previous, text, split = line.split("\t")
        rows.append((language, category, previous, text, split))
    return rows


def test_labelled_set_is_big_and_balanced_enough() -> None:
    rows = load_rows()
    per_language = Counter(r[0] for r in rows)
    categories = {r[1] for r in rows}
    assert len(rows) >= 180
    assert min(per_language.values()) >= 60, per_language
    assert {"mixed", "latin_kk", "translit_ru", "typo", "short"} <= categories


def test_accuracy_on_labelled_set(detector: LanguageDetector) -> None:
    rows = load_rows()
    hits: Counter[str] = Counter()
    totals: Counter[str] = Counter()
    misses = []
    for language, category, previous, text, split in rows:
        got = detector.detect(text, previous=previous or None).language
        for group in (language, f"category:{category}", f"split:{split}"):
            totals[group] += 1
            hits[group] += got == language
        if got != language:
            misses.append((language, got, text))
    for group in sorted(totals):
        print(f"{group:>22}: {hits[group] / totals[group]:.3f} ({hits[group]}/{totals[group]})")
    overall = sum(hits[lang] for lang in ("kk", "ru", "en")) / len(rows)
    print(f"{'overall':>22}: {overall:.3f}; misses: {misses}")
    assert overall >= 0.9
    for language in ("kk", "ru", "en"):
        assert hits[language] / totals[language] >= 0.85, language


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Маған жалақы төленбеді", "kk"),  # Kazakh letters
        ("жумыстан шыгарып жиберди", "kk"),  # Kazakh typed without its letters
        ("Привет, мне жалақы не выплатили уже два месяца", "ru"),  # Russian with a Kazakh word
        ("Мен курьермін, зарплата келмеді", "kk"),  # Kazakh with a Russian loanword
        ("jalaqy qashan töleu kerek?", "kk"),  # 2021 Latin alphabet
        ("privet, mne ne platyat zarplatu", "ru"),  # Russian in Latin letters
        ("My employer never gave me a contract", "en"),
    ],
)
def test_rules_for_how_people_write(detector: LanguageDetector, text: str, expected: str) -> None:
    assert detector.detect(text).language == expected


def test_short_ambiguous_message_keeps_previous_language(detector: LanguageDetector) -> None:
    for text in ("ок", "150000", "Glovo", "?"):
        detection = detector.detect(text, previous="kk", hint="ru")
        assert (detection.language, detection.source) == ("kk", "previous")


def test_telegram_hint_is_used_only_without_evidence(detector: LanguageDetector) -> None:
    assert detector.detect("👍", hint="en-US").language == "en"
    assert detector.detect("👍", hint="en-US").source == "hint"
    # Clear text beats the hint.
    assert detector.detect("Здравствуйте, мне не платят", hint="en").language == "ru"


def test_no_evidence_at_all_falls_back_to_default(detector: LanguageDetector) -> None:
    detection = detector.detect("123")
    assert detection.source == "default"
