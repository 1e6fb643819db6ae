"""Pull facts that help an answer out of free text: amounts in tenge, periods, platforms, cities.

Rule-based on purpose (spaCy ``Matcher`` over a blank tokenizer plus normalised lookups): the
things to find are few and closed, and rules are predictable and testable. Amounts are returned
in KZT as integers; periods as ``(number, unit)`` with unit ``day|week|month|year``; platform
and city names in a canonical spelling.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Final

from spacy.matcher import Matcher
from spacy.tokens import Doc, Token

from knowledge.textnorm import fold, is_latin, tokenizer, transliterate

__all__ = ["Extraction", "extract"]

# Words for "tenge" and multipliers, in folded Cyrillic (Latin input is transliterated first).
_TENGE: Final[frozenset[str]] = frozenset(
    {"тенге", "тг", "тнг", "₸", "кзт", "kzt", "тенгe", "теnге", "тенгеден", "тенгени"}
)
_MULTIPLIERS: Final[dict[str, int]] = {
    "тис": 1_000, "тисяч": 1_000, "тисячи": 1_000, "тисяча": 1_000, "к": 1_000, "мин": 1_000,
    "thousand": 1_000, "k": 1_000, "млн": 1_000_000, "миллион": 1_000_000,
    "миллиона": 1_000_000, "миллионов": 1_000_000, "million": 1_000_000, "m": 1_000_000,
}
_PERIOD_UNITS: Final[dict[str, str]] = {
    # ru (folded), kk (folded), en
    "ден": "day", "дня": "day", "днеи": "day", "день": "day", "кун": "day",
    "неделя": "week", "недели": "week", "недель": "week", "неделю": "week", "апта": "week",
    "месяц": "month", "месяца": "month", "месяцев": "month", "аи": "month", "саи": "month",
    "год": "year", "года": "year", "лет": "year", "жил": "year",
    "day": "day", "days": "day", "week": "week", "weeks": "week", "month": "month",
    "months": "month", "year": "year", "years": "year",
}
_NUMBER_WORDS: Final[dict[str, int]] = {
    "один": 1, "одна": 1, "одного": 1, "два": 2, "две": 2, "двух": 2, "три": 3, "трех": 3,
    "четире": 4, "пять": 5, "шесть": 6, "полгода": 6,
    "бир": 1, "еки": 2, "уш": 3, "торт": 4, "бес": 5, "алти": 6,
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
}
_PLATFORMS: Final[dict[str, str]] = {
    "яндекс": "Yandex", "яндекс го": "Yandex Go", "яндекс еда": "Yandex Eda",
    "глово": "Glovo", "волт": "Wolt", "уолт": "Wolt", "убер": "Uber", "индраив": "inDrive",
    "индрив": "inDrive", "индриве": "inDrive", "болт": "Bolt", "арбуз": "Arbuz",
    "чокофуд": "Chocofood",
    "каспи": "Kaspi", "аирба": "Airba", "магнум": "Magnum",
}
_CITIES: Final[dict[str, str]] = {
    "алмати": "Almaty", "астана": "Astana", "нур-султан": "Astana", "шимкент": "Shymkent",
    "караганда": "Karaganda", "актобе": "Aktobe", "тараз": "Taraz", "павлодар": "Pavlodar",
    "оскемен": "Oskemen", "усть-каменогорск": "Oskemen", "семеи": "Semey",
    "атирау": "Atyrau", "костанаи": "Kostanay", "кизилорда": "Kyzylorda", "актау": "Aktau",
    "орал": "Oral", "уральск": "Oral", "петропавл": "Petropavl", "петропавловск": "Petropavl",
    "туркистан": "Turkistan", "талдикорган": "Taldykorgan", "кокшетау": "Kokshetau",
    "екибастуз": "Ekibastuz", "жезказган": "Zhezkazgan", "темиртау": "Temirtau",
}
_NUMBER = re.compile(r"^\d{1,3}(?:[ \u00a0.,]\d{3})*(?:[.,]\d+)?$|^\d+(?:[.,]\d+)?$")
_NUM_WITH_SUFFIX = re.compile(r"^(\d+(?:[.,]\d+)?)(к|k|тг|тис|млн|m)$")


@dataclass
class Extraction:
    """What :func:`extract` found."""

    amounts_kzt: list[int] = field(default_factory=list)
    periods: list[tuple[int, str]] = field(default_factory=list)
    platforms: list[str] = field(default_factory=list)
    cities: list[str] = field(default_factory=list)


def _norm(word: str) -> str:
    word = word.lower()
    return fold(transliterate(word) if is_latin(word) else word)


def _key(token: Token, table: dict[str, Any]) -> str:
    """The form of ``token`` under which ``table`` knows it (normalised or plain lower-case)."""
    return token._.qnorm if token._.qnorm in table else token.lower_


def _to_number(text: str) -> float | None:
    cleaned = text.replace("\u00a0", "").replace(" ", "")
    if re.fullmatch(r"\d{1,3}(?:[.,]\d{3})+", cleaned):
        cleaned = cleaned.replace(".", "").replace(",", "")
    try:
        return float(cleaned.replace(",", "."))
    except ValueError:
        return None


@cache
def _matcher() -> Matcher:
    """Token patterns: NUMBER [multiplier] tenge-word, and NUMBER|number-word period-unit."""
    nlp = tokenizer("ru")
    matcher = Matcher(nlp.vocab)
    tenge = {"_": {"qnorm": {"IN": sorted(_TENGE)}}}
    mult = {"_": {"qnorm": {"IN": sorted(_MULTIPLIERS)}}}
    number = {"LIKE_NUM": True}
    matcher.add("AMOUNT", [[number, mult, tenge], [number, tenge], [number, mult]])
    unit = {"_": {"qnorm": {"IN": sorted(_PERIOD_UNITS)}}}
    word_number = {"_": {"qnorm": {"IN": sorted(_NUMBER_WORDS)}}}
    # English words are matched on their lower-case form (transliteration would mangle them).
    en_unit = {"LOWER": {"IN": sorted(_PERIOD_UNITS)}}
    en_word_number = {"LOWER": {"IN": sorted(_NUMBER_WORDS)}}
    en_mult = {"LOWER": {"IN": sorted(_MULTIPLIERS)}}
    matcher.add("PERIOD", [[number, unit], [word_number, unit], [number, en_unit],
                           [en_word_number, en_unit]])
    matcher.add("AMOUNT_EN", [[number, en_mult, tenge]])
    return matcher


def _doc(text: str) -> Doc:
    if not Token.has_extension("qnorm"):
        Token.set_extension("qnorm", getter=lambda t: _norm(t.text))
    # Glue thousands written with spaces ("150 000") so they stay one number token.
    glued = re.sub(r"(?<=\d)[ \u00a0](?=\d{3}\b)", "", text)
    # Split "150к", "150тг", "2млн" into number + suffix.
    glued = re.sub(r"(?i)\b(\d+(?:[.,]\d+)?)(к|k|тг|тыс|млн|m)\b", r"\1 \2", glued)
    return tokenizer("ru")(glued)


def extract(text: str) -> Extraction:
    """Amounts in tenge, periods, platform names and cities mentioned in ``text``."""
    doc = _doc(text)
    result = Extraction()
    taken: set[int] = set()
    for match_id, start, end in sorted(_matcher()(doc), key=lambda m: (m[1], -(m[2] - m[1]))):
        if start in taken:
            continue
        label = doc.vocab.strings[match_id]
        span = doc[start:end]
        if label in ("AMOUNT", "AMOUNT_EN"):
            value = _to_number(span[0].text)
            if value is None:
                continue
            if len(span) > 1 and _key(span[1], _MULTIPLIERS) in _MULTIPLIERS:
                value *= _MULTIPLIERS[_key(span[1], _MULTIPLIERS)]
            result.amounts_kzt.append(round(value))
        else:
            n = _NUMBER_WORDS.get(_key(span[0], _NUMBER_WORDS))
            if n is None:
                number = _to_number(span[0].text)
                if number is None:
                    continue
                n = int(number)
            result.periods.append((n, _PERIOD_UNITS[_key(span[1], _PERIOD_UNITS)]))
        taken.update(range(start, end))
    words = [t._.qnorm for t in doc]
    padded = f" {' '.join(words)} "
    # Multi-word names first, then single words by prefix so case endings ("Алматыда",
    # "Яндекстен", "в Астане") still match.
    for table, found in ((_PLATFORMS, result.platforms), (_CITIES, result.cities)):
        for key, name in sorted(table.items(), key=lambda kv: -len(kv[0])):
            if name in found:
                continue
            if " " in key:
                hit = f" {key} " in padded
            else:
                stem = key[:-1] if len(key) > 5 else key
                hit = any(w == key or (w.startswith(stem) and len(w) <= len(key) + 4)
                          for w in words)
            if hit and not any(f.startswith(name) or name.startswith(f) for f in found):
                found.append(name)
    return result
