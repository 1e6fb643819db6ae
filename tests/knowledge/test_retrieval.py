"""Retrieval quality on the labelled set, plus the normalisation and extraction rules."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from i18n import LANGUAGES
from knowledge.base import knowledge_base
from knowledge.extract import extract
from knowledge.retrieval import search
from knowledge.textnorm import kk_stem, normalize_tokens, transliterate

SET = yaml.safe_load((Path(__file__).parent / "retrieval_set.yaml").read_text(encoding="utf-8"))
KB = knowledge_base()
MIN_TOP3 = 0.9


def accuracy(language: str) -> tuple[float, float, int]:
    """(top-1, top-3, n) on the labelled questions of one language."""
    items = SET[language]
    top1 = top3 = 0
    for item in items:
        found = [entry_id for entry_id, _ in search(item["q"], language, k=3)]
        top1 += bool(found) and found[0] == item["expect"]
        top3 += item["expect"] in found
    return top1 / len(items), top3 / len(items), len(items)


def test_labelled_set_is_big_enough() -> None:
    # Strict: ≥ 50 per language and ≥ 150 in total (the content entries add their questions).
    sizes = {lang: len(SET[lang]) for lang in LANGUAGES}
    assert all(n >= 50 for n in sizes.values()) and sum(sizes.values()) >= 150, sizes


def test_labels_name_existing_entries() -> None:
    for lang in LANGUAGES:
        for item in SET[lang]:
            assert KB.has_entry(item["expect"]), item


@pytest.mark.parametrize("language", LANGUAGES)
def test_top3_accuracy(language: str, capsys: pytest.CaptureFixture[str]) -> None:
    top1, top3, n = accuracy(language)
    with capsys.disabled():
        print(f"\nretrieval {language}: n={n} top-1={top1:.3f} top-3={top3:.3f}")
    assert top3 >= MIN_TOP3


@pytest.mark.parametrize(
    ("latin", "cyrillic"),
    [("jalaqy", "жалакы"), ("zarplata", "зарплата"), ("uvolili", "уволили"),
     ("zhumys", "жумыс"), ("shygardy", "шыгарды"), ("moy", "мой"), ("ğimarat", "ғимарат")],
)
def test_transliteration(latin: str, cyrillic: str) -> None:
    assert transliterate(latin) == cyrillic


def test_latin_and_cyrillic_kazakh_meet() -> None:
    assert normalize_tokens("jalaqy", "kk") == normalize_tokens("жалақы", "kk")
    kk = normalize_tokens("жұмыстан шығарды", "kk")
    assert kk == normalize_tokens("zhumystan shygardy", "kk")
    assert normalize_tokens("зарплату не платят", "ru") == normalize_tokens(
        "zarplatu ne platyat", "ru"
    )


def test_kazakh_suffixes_are_stripped() -> None:
    assert kk_stem("жалакимди") == kk_stem("жалаки")
    assert kk_stem("касиподакка") == kk_stem("касиподак")


def test_extraction_of_amounts_periods_platforms_cities() -> None:
    found = extract("Не платят 2 месяца, должны 350 000 тг, курьер Glovo в Алматы")
    assert found.amounts_kzt == [350000] and found.periods == [(2, "month")]
    assert found.platforms == ["Glovo"] and found.cities == ["Almaty"]
    found = extract("jalaqy 150k tenge, 3 ai tolemedi, Astanada, Yandex Go")
    assert found.amounts_kzt == [150000] and found.periods == [(3, "month")]
    assert found.platforms == ["Yandex Go"] and found.cities == ["Astana"]
    found = extract("They owe me 120,000 KZT for two months in Shymkent, Wolt courier")
    assert found.amounts_kzt == [120000] and found.periods == [(2, "month")]
    assert found.platforms == ["Wolt"] and found.cities == ["Shymkent"]
    assert extract("Яндекстен 1,5 млн теңге қарыз, Қарағандыда").amounts_kzt == [1500000]
    assert extract("hello") == extract("")
