"""Readers for the interview's non-option answers: shares, classes, citizenship, numbers.

Pure functions over typed text (button payloads and yes / no / don't know are the form
engine's job, :mod:`actions.forms`). Each returns a canonical value or ``None`` when it cannot
tell; :func:`parse_work_class` refuses a bare "class 3" with a localized question, because
class 3 has four degrees with different guarantees.

Text is compared after :func:`normalise` (NFKC, any Unicode digit as ASCII, lower case, the
letters informal writing confuses folded: қ→к, ү→у, ы→и, ё→е…), and so is every phrase below,
so the tables are written as people type.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Final

from actions.forms import typed
from actions.forms.question import Refusal
from actions.forms.typed import DONT_KNOW, NO, YES
from i18n import _
from i18n.normalize import ascii_digits, clean, fold

__all__ = [
    "DONT_KNOW",
    "EAEU_COUNTRIES",
    "NO",
    "YES",
    "Citizenship",
    "normalise",
    "parse_citizenship",
    "parse_class_degree",
    "parse_number",
    "parse_share",
    "parse_work_class",
]

_PUNCT_RE = re.compile(r"[^\w%.,/\s'-]+")
_SPACE_RE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Comparable text that keeps numbers whole ("3.2", "60%", "6/8").

    >>> normalise("Бүкіл ауысым!"), normalise("３,２")
    ('букил ауисим', '3,2')
    """
    lowered = fold(ascii_digits(clean(text)).lower().replace("’", "'"))
    return _SPACE_RE.sub(" ", _PUNCT_RE.sub(" ", lowered)).strip(" .,-'")


def _table(entries: Mapping[str, float]) -> dict[str, float]:
    """A phrase table normalised like the messages it is compared with, longest first."""
    table = {normalise(phrase): value for phrase, value in entries.items()}
    return dict(sorted(table.items(), key=lambda item: len(item[0]), reverse=True))


def _has_phrase(text: str, phrase: str) -> bool:
    return re.search(r"(^|\s)" + re.escape(phrase) + r"($|\s)", text) is not None


# --- numbers ------------------------------------------------------------------------------------

_NUMBER_WORDS: Final[dict[str, int]] = {
    normalise(word): value
    for word, value in {
        # ru
        "ноль": 0, "один": 1, "одна": 1, "одно": 1, "два": 2, "две": 2, "три": 3, "четыре": 4,
        "пять": 5, "шесть": 6, "семь": 7, "восемь": 8, "девять": 9, "десять": 10,
        "двенадцать": 12, "восемнадцать": 18, "двадцать": 20, "тридцать": 30,
        # kk
        "нөл": 0, "бір": 1, "екі": 2, "үш": 3, "төрт": 4, "бес": 5, "алты": 6, "жеті": 7,
        "сегіз": 8, "тоғыз": 9, "он": 10, "он екі": 12, "он сегіз": 18, "жиырма": 20,
        "жиырма төрт": 24, "отыз": 30, "отыз алты": 36,
        "bir": 1, "eki": 2, "ush": 3, "tort": 4, "bes": 5, "alty": 6,
        # en
        "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
        "eight": 8, "nine": 9, "ten": 10, "twelve": 12, "eighteen": 18, "twenty": 20,
        "thirty": 30,
    }.items()
}  # fmt: skip
_NUMBER_RE = re.compile(r"(?<![\w.])(\d{1,9}(?:[.,]\d{1,6})?)")


def parse_number(text: str | None) -> float | None:
    """The first number in ``text`` (digits with ``.``/``,`` decimals, or a number word)."""
    if not text:
        return None
    source = normalise(text)
    match = _NUMBER_RE.search(source)
    if match:
        return float(match.group(1).replace(",", "."))
    for words in sorted(_NUMBER_WORDS, key=len, reverse=True):
        if _has_phrase(source, words):
            return float(_NUMBER_WORDS[words])
    return None


# --- shares -------------------------------------------------------------------------------------

# Phrases for a share of the shift (or of income); checked longest first.
_SHARE_PHRASES: Final = _table({
    # ru
    "всю смену": 1.0, "весь день": 1.0, "все время": 1.0, "всегда": 1.0, "постоянно": 1.0,
    "целый день": 1.0, "вся смена": 1.0, "весь": 1.0, "все": 1.0, "полностью": 1.0,
    "почти всю": 0.9, "почти все": 0.9, "почти весь": 0.9, "большую часть": 0.75,
    "большая часть": 0.75, "больше половины": 0.75, "три четверти": 0.75, "половину": 0.5,
    "половина": 0.5, "пол смены": 0.5, "полсмены": 0.5, "половины": 0.5, "треть": 0.33,
    "четверть": 0.25, "меньше половины": 0.25, "немного": 0.1, "чуть-чуть": 0.1, "мало": 0.1,
    "иногда": 0.25, "редко": 0.1, "нисколько": 0.0, "совсем нет": 0.0, "никогда": 0.0,
    # kk
    "бүкіл ауысым": 1.0, "толық": 1.0, "толығымен": 1.0, "барлығы": 1.0, "күн бойы": 1.0,
    "үнемі": 1.0, "жартысынан көбі": 0.75, "көпшілігі": 0.75, "көп бөлігі": 0.75,
    "көбісі": 0.75, "көбі": 0.75, "көп": 0.75, "жартысы": 0.5, "жарты": 0.5, "жартысын": 0.5,
    "үштен бірі": 0.33, "ширегі": 0.25, "аз": 0.1, "кейде": 0.25, "zhartysy": 0.5,
    "jartysy": 0.5,
    # en
    "the whole shift": 1.0, "whole shift": 1.0, "all shift": 1.0, "all the time": 1.0,
    "all day": 1.0, "always": 1.0, "all": 1.0, "entire": 1.0, "almost all": 0.9,
    "most of the shift": 0.75, "most of the time": 0.75, "most": 0.75, "more than half": 0.75,
    "half": 0.5, "half of the shift": 0.5, "a third": 0.33, "a quarter": 0.25,
    "less than half": 0.25, "sometimes": 0.25, "a little": 0.1, "little": 0.1, "rarely": 0.1,
    "not at all": 0.0,
})  # fmt: skip
_FRACTION_RE = re.compile(
    r"(\d+(?:[.,]\d+)?)\s*(?:/|из|of|out of|ден|дан|тен|тан)\s*(\d+(?:[.,]\d+)?)"
)
_HOURS_RE = re.compile(
    r"(\d+(?:[.,]\d+)?)\s*(?:ч|час|часа|часов|сагат|h|hr|hrs|hour|hours|saghat)\b"
)
_PERCENT_RE = re.compile(r"(\d+(?:[.,]\d+)?)\s*(?:%|процент\w*|паииз\w*|percent|pct)")
#: A shift is taken as 8 hours when the worker answers in hours (Labour Code art. 68: 40 h/week).
SHIFT_HOURS: Final = 8.0


def parse_share(text: str | None) -> float | None:
    """A share in ``[0, 1]`` ("60%", "0.6", "половину смены", "жартысы", "most of the shift").

    Hours are read against an 8-hour shift ("6 часов" → 0.75); bare numbers above 1 are
    percentages; "no" / "never" is 0.
    """
    if not text:
        return None
    phrase = normalise(text)
    fraction = _FRACTION_RE.search(phrase)
    if fraction:
        part, whole = (float(g.replace(",", ".")) for g in fraction.groups())
        return min(part / whole, 1.0) if whole > 0 and part <= whole else None
    percent = _PERCENT_RE.search(phrase)
    if percent:
        share = float(percent.group(1).replace(",", ".")) / 100
        return share if share <= 1.0 else None
    hours = _HOURS_RE.search(phrase)
    if hours:
        return min(float(hours.group(1).replace(",", ".")) / SHIFT_HOURS, 1.0)
    for words, value in _SHARE_PHRASES.items():
        if _has_phrase(phrase, words):
            return value
    number = parse_number(phrase)
    if number is not None:
        share = number if number <= 1.0 else number / 100
        return share if 0.0 <= share <= 1.0 else None
    if typed.yes_no(text) == NO:
        return 0.0
    return None


def is_share(value: object) -> bool:
    """A stored share: a number in ``[0, 1]`` (not a bool)."""
    return isinstance(value, int | float) and not isinstance(value, bool) and 0 <= value <= 1


# --- class of working conditions ----------------------------------------------------------------

WORK_CLASSES: Final = ("1", "2", "3.1", "3.2", "3.3", "3.4", "4")
_CLASS_RE = re.compile(r"(?<![\d.,])([1-4])(?:\s*[.,]\s*([1-4]))?(?![\d.,]*\d)")
_CLASS_DEGREE_RE = re.compile(
    r"([1-4])\s*-?\s*(?:класс\w*|синип\w*|class)\s*,?\s*([1-4])(?:\s*-?\s*"
    r"(?:степен\w*|дареже\w*|degree|подкласс\w*))?(?![\d.,]*\d)"
)
_CLASS_AFTER_WORD_RE = re.compile(
    r"(?:класс\w*|синип\w*|class)\s*([1-4])(?:\s*[.,]\s*([1-4])(?!\d)|[\s,]*"
    r"(?:степен\w*|дареже\w*|degree)\s*([1-4]))?"
)
_CLASS_WORDS: Final = {
    normalise(stem): work_class
    for stem, work_class in {
        "оптимальн": "1", "оптимал": "1", "optimal": "1", "допустим": "2", "рұқсат": "2",
        "acceptable": "2", "permissible": "2", "опасн": "4", "қауіпті": "4", "dangerous": "4",
        "hazardous": "4",
    }.items()
}  # fmt: skip
_HARMFUL_WORDS: Final = tuple(normalise(w) for w in ("вредн", "зиянды", "harmful"))


def _class_3_refusal() -> Refusal:
    return Refusal(_("Class 3 has four degrees: 3.1, 3.2, 3.3 or 3.4. Which one is yours?"),
                   context="3")


def parse_class_degree(text: str, major: str) -> str | None:
    """The answer to "which degree of class 3?": a bare "2" (or "2 степень") is 3.2."""
    match = re.fullmatch(r"([1-4])(?:\s*-?\s*(?:степен\w*|дареже\w*|degree))?", normalise(text))
    if match is None or major != "3":
        return None
    return f"3.{match[1]}"


def parse_work_class(text: str | None) -> str | None:
    """Class of working conditions: ``"1"``, ``"2"``, ``"3.1"``–``"3.4"`` or ``"4"``
    ("3.2", "3 класс 2 степени", "3-сынып 2-дәреже").

    Raises :class:`~actions.forms.question.Refusal` asking for the degree when the worker
    names class 3 without one (each degree gives other guarantees).
    """
    if not text:
        return None
    phrase = normalise(text)
    for regex in (_CLASS_DEGREE_RE, _CLASS_AFTER_WORD_RE, _CLASS_RE):
        match = regex.search(phrase)
        if match:
            groups = [g for g in match.groups() if g]
            return _work_class(groups[0], groups[1] if len(groups) > 1 else None)
    for stem, work_class in _CLASS_WORDS.items():
        if stem in phrase:
            return work_class
    if any(word in phrase for word in _HARMFUL_WORDS):
        raise _class_3_refusal()
    return None


def _work_class(major: str, degree: str | None) -> str | None:
    if degree is None:
        if major == "3":
            raise _class_3_refusal()
        return major
    candidate = f"{major}.{degree}"
    return candidate if candidate in WORK_CLASSES else None


# --- citizenship --------------------------------------------------------------------------------

#: EAEU member states (Treaty on the Eurasian Economic Union of 29.05.2014, art. 97: their
#: citizens need no work permit in another member state).
EAEU_COUNTRIES: Final = frozenset({"KZ", "RU", "BY", "AM", "KG"})

# Word starts, in any script (Latin words are transliterated before comparison: "kyrgyz" is
# "кыргыз"). Two- and three-letter entries must be whole words ("рк", "kz").
_COUNTRY_STEMS: Final[tuple[tuple[str, tuple[str, ...]], ...]] = (
    ("KZ", ("казах", "қазақ", "kazakh", "qazaq", "рк", "кз", "kz")),
    ("RU", ("росси", "русск", "ресей", "орыс", "russia", "рф", "ru")),
    ("BY", ("белорус", "беларус", "belarus")),
    ("AM", ("армян", "армени", "armeni")),
    ("KG", ("кыргыз", "киргиз", "қырғыз", "kyrgyz", "kirgiz")),
    ("UZ", ("узбек", "өзбек", "uzbek", "ozbek", "o'zbek")),
    ("TJ", ("тадж", "тәжік", "тажик", "tajik", "tadzhik")),
    ("TM", ("туркмен", "түрікмен", "turkmen")),
    ("AZ", ("азербайдж", "әзірбайж", "азербайж", "azerbaij")),
    ("GE", ("грузи", "груз", "georgi")),
    ("UA", ("украин", "ukrain")),
    ("CN", ("китай", "кита", "қытай", "china", "chinese")),
    ("TR", ("турци", "турок", "түркия", "turkey", "turkiye", "turkish")),
    ("MN", ("монгол", "mongol")),
    ("AF", ("афган", "afghan")),
    ("IN", ("инди", "india", "indian")),
    ("PK", ("пакистан", "pakistan")),
    ("OTHER", ("друг", "другое", "иное", "басқа", "other", "another")),
)
_COUNTRY_PHRASES: Final = tuple(
    (code, tuple(typed.phrase(stem, prefix=True) for stem in stems))
    for code, stems in _COUNTRY_STEMS
)
COUNTRY_CODES: Final = frozenset(code for code, _stems in _COUNTRY_STEMS)


@dataclass(frozen=True, slots=True)
class Citizenship:
    """A worker's citizenship: ISO code (``OTHER`` for unlisted states) and EAEU membership."""

    code: str

    @property
    def eaeu(self) -> bool:
        """Citizen of an EAEU member state (no work permit needed in Kazakhstan)."""
        return self.code in EAEU_COUNTRIES

    @property
    def migrant(self) -> bool:
        """Not a citizen of Kazakhstan."""
        return self.code != "KZ"


def _first_code(message: tuple[str, ...], candidates: Iterable[tuple[str, tuple[object, ...]]]
                ) -> str | None:
    for code, phrases in candidates:
        if any(typed.contains(message, p) for p in phrases):  # type: ignore[arg-type]
            return code
    return None


def parse_citizenship(text: str | None) -> str | None:
    """The ISO code of the citizenship named ("кыргыз", "өзбекпін", "Россия", "Uzbekistan").

    >>> parse_citizenship("кыргыз"), parse_citizenship("өзбекпін"), parse_citizenship("курьер")
    ('KG', 'UZ', None)
    """
    if not text:
        return None
    return _first_code(typed.words(text), _COUNTRY_PHRASES)
