"""Answer parsers for the eligibility interview: free text (kk/ru/en) → canonical values.

Pure functions, no Rasa. Workers write the way people in Kazakhstan write: Russian with Kazakh
words, Kazakh in Latin script, typos, no punctuation. Every parser returns a canonical value or
``None`` when it cannot tell (the form then re-asks); "don't know" is a value of its own
(:data:`DONT_KNOW`), never ``None``, because scoring handles it.

Button presses arrive as payloads ``/eligibility_answer{"elig_value":"yes"}`` (or ``/affirm``,
``/deny``); :func:`payload_value` decodes them and every parser accepts the decoded value.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final, Literal

__all__ = [
    "ANSWER_INTENT",
    "DONT_KNOW",
    "NO",
    "YES",
    "Citizenship",
    "Navigation",
    "YesNo",
    "answer_payload",
    "normalise",
    "parse_choice",
    "parse_citizenship",
    "parse_count",
    "parse_navigation",
    "parse_number",
    "parse_share",
    "parse_work_class",
    "parse_yes_no",
    "payload_value",
]

YES: Final = "yes"
NO: Final = "no"
DONT_KNOW: Final = "dk"
YesNo = Literal["yes", "no", "dk"]
Navigation = Literal["back", "skip", "restart", "stop"]

#: Intent of the answer buttons; the value travels as the entity ``elig_value``.
ANSWER_INTENT: Final = "eligibility_answer"
_PAYLOAD_RE = re.compile(r"^/(?P<intent>[A-Za-z_]+)(?P<entities>\{.*\})?$", re.DOTALL)

# Kazakh-specific letters folded to their nearest Russian letter: users often type without them
# ("жок", "билмеймин").
_KK_FOLD = str.maketrans("әғқңөұүһі", "агкноуухи")
_PUNCT_RE = re.compile(r"[^\w%.,/\s'-]+")
_SPACE_RE = re.compile(r"\s+")


def answer_payload(value: str) -> str:
    """The button payload that answers the current question with ``value``."""
    return "/" + ANSWER_INTENT + json.dumps({"elig_value": value}, separators=(",", ":"))


def payload_value(text: str | None) -> str | None:
    """Decode a button payload into the answer it carries, else ``None``.

    >>> payload_value('/eligibility_answer{"elig_value":"3.2"}')
    '3.2'
    >>> payload_value("/affirm")
    'yes'
    """
    if not text:
        return None
    match = _PAYLOAD_RE.match(text.strip())
    if not match:
        return None
    intent = match["intent"]
    if intent == "affirm":
        return YES
    if intent == "deny":
        return NO
    if intent != ANSWER_INTENT or not match["entities"]:
        return None
    try:
        entities = json.loads(match["entities"])
    except ValueError:
        return None
    value = entities.get("elig_value") if isinstance(entities, dict) else None
    return str(value) if value is not None else None


def normalise(text: str) -> str:
    """Lower-case, ``ё``→``е``, Kazakh letters folded, punctuation dropped, spaces collapsed."""
    lowered = text.lower().replace("ё", "е").replace("’", "'").translate(_KK_FOLD)
    return _SPACE_RE.sub(" ", _PUNCT_RE.sub(" ", lowered)).strip(" .,-'")


def _tokens(text: str) -> list[str]:
    return [t.strip(".,'-") for t in normalise(text).split() if t.strip(".,'-")]


def _close(word: str, candidates: frozenset[str]) -> bool:
    """``word`` is in ``candidates`` or one typo away from a candidate of 4+ letters."""
    if word in candidates:
        return True
    if len(word) < 4:
        return False
    return any(len(c) >= 3 and _edit_distance_at_most_one(word, c) for c in candidates)


def _edit_distance_at_most_one(a: str, b: str) -> bool:
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = j = edits = 0
    while i < len(a) and j < len(b):
        if a[i] == b[j]:
            i += 1
            j += 1
            continue
        edits += 1
        if edits > 1:
            return False
        if len(a) == len(b):
            i += 1
        j += 1
    return edits + (len(b) - j) <= 1


# --- navigation ---------------------------------------------------------------------------------

# Whole-message phrases only: "меня остановили" must not stop the interview.
_NAVIGATION: Final[dict[str, Navigation]] = {
    **dict.fromkeys(
        [
            "back",
            "go back",
            "previous",
            "назад",
            "вернуться",
            "вернись",
            "предыдущий вопрос",
            "артка",
            "артка кайту",
            "кайту",
            "алдынгы сурак",
            "artqa",
            "artka",
        ],
        "back",
    ),
    **dict.fromkeys(
        [
            "skip",
            "next",
            "пропустить",
            "пропусти",
            "пропуск",
            "дальше",
            "следующий",
            "откизу",
            "откизип жибер",
            "откизип жиберу",
            "келеси",
            "otkizu",
            "kelesi",
        ],
        "skip",
    ),
    **dict.fromkeys(
        [
            "restart",
            "start over",
            "start again",
            "заново",
            "сначала",
            "начать заново",
            "начать сначала",
            "кайта бастау",
            "басынан",
            "басынан бастау",
            "qaita bastau",
        ],
        "restart",
    ),
    **dict.fromkeys(
        [
            "stop",
            "cancel",
            "quit",
            "exit",
            "стоп",
            "хватит",
            "отмена",
            "выход",
            "остановить",
            "прекратить",
            "токта",
            "токтат",
            "токтату",
            "догару",
            "болдырмау",
            "toqta",
        ],
        "stop",
    ),
}


def parse_navigation(text: str | None) -> Navigation | None:
    """``back``, ``skip``, ``restart`` or ``stop`` when the whole message says so, else ``None``."""
    if not text:
        return None
    value = payload_value(text)
    if value in ("back", "skip", "restart", "stop"):
        return value  # type: ignore[return-value]
    phrase = " ".join(_tokens(text.lstrip("/")))
    return _NAVIGATION.get(phrase)


# --- yes / no / don't know ----------------------------------------------------------------------

_DONT_KNOW_PHRASES: Final = (
    "не знаю",
    "незнаю",
    "не знаем",
    "хз",
    "х з",
    "без понятия",
    "не уверен",
    "не уверена",
    "не помню",
    "затрудняюсь",
    "понятия не имею",
    "кто знает",
    "билмеймин",
    "билмеим",
    "билмим",
    "белгисиз",
    "билмейм",
    "билмедим",
    "bilmeimin",
    "bilmeymin",
    "bilmeim",
    "belgisiz",
    "dont know",
    "don't know",
    "do not know",
    "dunno",
    "idk",
    "not sure",
    "no idea",
    "unsure",
    "dk",
    "unknown",
)
_YES_WORDS: Final = frozenset(
    {
        "да",
        "ага",
        "угу",
        "ок",
        "конечно",
        "есть",
        "было",
        "бывает",
        "верно",
        "точно",
        "да-да",
        "даа",
        "дааа",
        "канешно",
        "конечн",
        "естественно",
        "разумеется",
        "именно",
        "иа",
        "ия",
        "ыя",
        "ие",
        "иэ",
        "йа",
        "ариине",
        "арине",
        "бар",
        "болды",
        "болган",
        "дурыс",
        "ia",
        "iya",
        "iia",
        "ya",
        "bar",
        "arine",
        "boldy",
        "yes",
        "yep",
        "yeah",
        "yup",
        "sure",
        "y",
        "correct",
        "true",
        "right",
        "ok",
        "okay",
        "da",
    }
)
_NO_WORDS: Final = frozenset(
    {
        "нет",
        "неа",
        "не",
        "нету",
        "никогда",
        "ни",
        "нее",
        "неее",
        "нит",
        "не-а",
        "ноу",
        "жок",
        "емес",
        "ешкашан",
        "ешкандай",
        "joq",
        "jok",
        "zhok",
        "zhoq",
        "emes",
        "no",
        "nope",
        "nah",
        "never",
        "n",
        "not",
        "none",
        "net",
    }
)


def parse_yes_no(text: str | None) -> YesNo | None:
    """Yes, no or don't know in kk/ru/en (variants, Latin Kazakh, small typos), else ``None``.

    >>> parse_yes_no("иә"), parse_yes_no("неа"), parse_yes_no("хз"), parse_yes_no("joq")
    ('yes', 'no', 'dk', 'no')
    """
    if not text:
        return None
    value = payload_value(text)
    if value in (YES, NO, DONT_KNOW):
        return value  # type: ignore[return-value]
    phrase = " ".join(_tokens(text))
    if not phrase:
        return None
    if any(re.search(r"(^|\s)" + re.escape(p) + r"($|\s)", phrase) for p in _DONT_KNOW_PHRASES):
        return DONT_KNOW
    words = phrase.split()
    # "да нет" is a Russian "no"; "ну да" a "yes".
    if words[:2] == ["да", "нет"]:
        return NO
    for word in words[:3]:
        if word in _NO_WORDS:
            return NO
        if word in _YES_WORDS:
            return YES
    # A single word with a typo ("нетт", "yess", "билмеимн").
    if len(words) == 1:
        if _close(words[0], _NO_WORDS - {"не", "ни", "n"}):
            return NO
        if _close(words[0], _YES_WORDS):
            return YES
        if _close(words[0], frozenset(p for p in _DONT_KNOW_PHRASES if " " not in p)):
            return DONT_KNOW
    return None


# --- numbers, counts and shares -----------------------------------------------------------------

_NUMBER_WORDS: Final[dict[str, int]] = {
    # ru
    "ноль": 0,
    "один": 1,
    "одна": 1,
    "одно": 1,
    "два": 2,
    "две": 2,
    "три": 3,
    "четыре": 4,
    "пять": 5,
    "шесть": 6,
    "семь": 7,
    "восемь": 8,
    "девять": 9,
    "десять": 10,
    "двенадцать": 12,
    "восемнадцать": 18,
    "двадцать": 20,
    "тридцать": 30,
    # kk (folded)
    "нол": 0,
    "бир": 1,
    "еки": 2,
    "уш": 3,
    "торт": 4,
    "бес": 5,
    "алты": 6,
    "жети": 7,
    "сегиз": 8,
    "тогыз": 9,
    "он": 10,
    "жиырма": 20,
    "отыз": 30,
    "bir": 1,
    "eki": 2,
    "ush": 3,
    "tort": 4,
    "bes": 5,
    "alty": 6,
    # en
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "twelve": 12,
    "eighteen": 18,
    "twenty": 20,
    "thirty": 30,
}
_NUMBER_RE = re.compile(r"(?<![\w.])(\d+(?:[.,]\d+)?)")


def parse_number(text: str | None) -> float | None:
    """The first number in ``text`` (digits with ``.`` or ``,`` decimals, or a number word)."""
    if not text:
        return None
    value = payload_value(text)
    source = value if value is not None else normalise(text)
    match = _NUMBER_RE.search(source)
    if match:
        return float(match.group(1).replace(",", "."))
    for word in _tokens(source):
        if word in _NUMBER_WORDS:
            return float(_NUMBER_WORDS[word])
    return None


def parse_count(text: str | None) -> int | None:
    """A non-negative whole count ("3", "три", "үш", "none" → 0), else ``None``."""
    if not text:
        return None
    if parse_yes_no(text) == NO:
        return 0
    number = parse_number(text)
    if number is None or number < 0 or number != int(number):
        return None
    return int(number)


# Phrases for a share of the shift (or of income); checked longest first.
_SHARE_PHRASES: Final[dict[str, float]] = {
    # ru
    "всю смену": 1.0,
    "весь день": 1.0,
    "все время": 1.0,
    "всегда": 1.0,
    "постоянно": 1.0,
    "целый день": 1.0,
    "вся смена": 1.0,
    "весь": 1.0,
    "все": 1.0,
    "полностью": 1.0,
    "почти всю": 0.9,
    "почти все": 0.9,
    "почти весь": 0.9,
    "большую часть": 0.75,
    "большая часть": 0.75,
    "больше половины": 0.75,
    "три четверти": 0.75,
    "половину": 0.5,
    "половина": 0.5,
    "пол смены": 0.5,
    "полсмены": 0.5,
    "половины": 0.5,
    "треть": 0.33,
    "четверть": 0.25,
    "меньше половины": 0.25,
    "немного": 0.1,
    "чуть-чуть": 0.1,
    "мало": 0.1,
    "иногда": 0.25,
    "редко": 0.1,
    "нисколько": 0.0,
    "совсем нет": 0.0,
    "никогда": 0.0,
    # kk (folded)
    "букил ауысым": 1.0,
    "толык": 1.0,
    "толыгымен": 1.0,
    "барлыгы": 1.0,
    "кун бойы": 1.0,
    "унеми": 1.0,
    "жартысынан копи": 0.75,
    "копшилиги": 0.75,
    "коп боли": 0.75,
    "кобиси": 0.75,
    "коби": 0.75,
    "коп": 0.75,
    "жартысы": 0.5,
    "жарты": 0.5,
    "жартысын": 0.5,
    "уштен бири": 0.33,
    "ширеги": 0.25,
    "аз": 0.1,
    "кейде": 0.25,
    "zhartysy": 0.5,
    "jartysy": 0.5,
    # en
    "the whole shift": 1.0,
    "whole shift": 1.0,
    "all shift": 1.0,
    "all the time": 1.0,
    "all day": 1.0,
    "always": 1.0,
    "all": 1.0,
    "entire": 1.0,
    "almost all": 0.9,
    "most of the shift": 0.75,
    "most of the time": 0.75,
    "most": 0.75,
    "more than half": 0.75,
    "half": 0.5,
    "half of the shift": 0.5,
    "a third": 0.33,
    "a quarter": 0.25,
    "less than half": 0.25,
    "sometimes": 0.25,
    "a little": 0.1,
    "little": 0.1,
    "rarely": 0.1,
    "not at all": 0.0,
}
_FRACTION_RE = re.compile(
    r"(\d+(?:[.,]\d+)?)\s*(?:/|из|of|out of|ден|дан|тен|тан)\s*(\d+(?:[.,]\d+)?)"
)
_HOURS_RE = re.compile(
    r"(\d+(?:[.,]\d+)?)\s*(?:ч|час|часа|часов|сагат|h|hr|hrs|hour|hours|saghat)\b"
)
_PERCENT_RE = re.compile(r"(\d+(?:[.,]\d+)?)\s*(?:%|процент\w*|пайыз\w*|percent|pct)")
#: A shift is taken as 8 hours when the worker answers in hours (Labour Code art. 68: 40 h/week).
SHIFT_HOURS: Final = 8.0


def parse_share(text: str | None) -> float | Literal["dk"] | None:
    """A share in ``[0, 1]`` ("60%", "0.6", "половину смены", "жартысы", "most of the shift").

    Hours are read against an 8-hour shift ("6 часов" → 0.75); bare numbers above 1 are
    percentages. "Don't know" gives :data:`DONT_KNOW`; "no"/"never" gives 0.
    """
    if not text:
        return None
    value = payload_value(text)
    if value is not None:
        if value == DONT_KNOW:
            return DONT_KNOW
        try:
            share = float(value)
        except ValueError:
            return None
        return share if 0.0 <= share <= 1.0 else None
    phrase = normalise(text)
    if parse_yes_no(text) == DONT_KNOW:
        return DONT_KNOW
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
    for words in sorted(_SHARE_PHRASES, key=len, reverse=True):
        if re.search(r"(^|\s)" + re.escape(words) + r"($|\s)", phrase):
            return _SHARE_PHRASES[words]
    number = parse_number(phrase)
    if number is not None:
        share = number if number <= 1.0 else number / 100
        return share if 0.0 <= share <= 1.0 else None
    if parse_yes_no(text) == NO:
        return 0.0
    return None


# --- class of working conditions ----------------------------------------------------------------

_CLASS_RE = re.compile(r"(?<![\d.,])([1-4])(?:\s*[.,]\s*([1-4]))?(?![\d.,]*\d)")
_CLASS_DEGREE_RE = re.compile(
    r"([1-4])\s*-?\s*(?:класс\w*|сынып\w*|class)\s*,?\s*([1-4])\s*-?\s*"
    r"(?:степен\w*|дареже\w*|degree|подкласс\w*)"
)
_CLASS_AFTER_WORD_RE = re.compile(
    r"(?:класс\w*|сынып\w*|class)\s*([1-4])(?:\s*[.,]\s*([1-4])|\s*(?:степен\w*|дареже\w*|degree)"
    r"\s*([1-4]))?"
)
_CLASS_WORDS: Final[dict[str, str]] = {
    "оптимальн": "1",
    "оптимал": "1",
    "optimal": "1",
    "допустим": "2",
    "руксат": "2",
    "acceptable": "2",
    "permissible": "2",
    "опасн": "4",
    "кауипти": "4",
    "dangerous": "4",
    "hazardous": "4",
}
_SUBCLASSES: Final = {"3": ("3.1", "3.2", "3.3", "3.4")}


def parse_work_class(text: str | None) -> str | None:
    """Class of working conditions: ``"1"``, ``"2"``, ``"3"`` (degree unknown), ``"3.1"``–``"3.4"``,
    ``"4"`` or :data:`DONT_KNOW` ("3.2", "3 класс 2 степени", "3-сынып 2-дәреже", "білмеймін").
    """
    if not text:
        return None
    value = payload_value(text)
    if value is not None:
        return (
            value if value in ("1", "2", "3", "3.1", "3.2", "3.3", "3.4", "4", DONT_KNOW) else None
        )
    if parse_yes_no(text) == DONT_KNOW:
        return DONT_KNOW
    phrase = normalise(text)
    for regex in (_CLASS_DEGREE_RE, _CLASS_AFTER_WORD_RE, _CLASS_RE):
        match = regex.search(phrase)
        if match:
            groups = [g for g in match.groups() if g]
            return _work_class(groups[0], groups[1] if len(groups) > 1 else None)
    for stem, work_class in _CLASS_WORDS.items():
        if stem in phrase:
            return work_class
    if "вредн" in phrase or "зиянды" in phrase or "harmful" in phrase:
        return "3"
    return None


def _work_class(major: str, degree: str | None) -> str | None:
    if degree is None:
        return major
    candidate = f"{major}.{degree}"
    return candidate if candidate in _SUBCLASSES.get(major, ()) else None


# --- citizenship --------------------------------------------------------------------------------

#: EAEU member states (Treaty on the Eurasian Economic Union of 29.05.2014, art. 97: their
#: citizens need no work permit in another member state).
EAEU_COUNTRIES: Final = frozenset({"KZ", "RU", "BY", "AM", "KG"})

# Stems in folded lower case (Kazakh letters folded, see normalise()).
_COUNTRY_STEMS: Final[tuple[tuple[str, str], ...]] = (
    ("KZ", "казах"),
    ("KZ", "казак"),
    ("KZ", "kazakh"),
    ("KZ", "qazaq"),
    ("KZ", "kazak"),
    ("KZ", "рк"),
    ("KZ", "кз"),
    ("KZ", "kz"),
    ("RU", "росси"),
    ("RU", "русск"),
    ("RU", "ресей"),
    ("RU", "орыс"),
    ("RU", "russia"),
    ("RU", "рф"),
    ("RU", "ru"),
    ("RU", "resei"),
    ("BY", "белорус"),
    ("BY", "беларус"),
    ("BY", "belarus"),
    ("BY", "belorus"),
    ("AM", "армян"),
    ("AM", "армени"),
    ("AM", "armeni"),
    ("AM", "армения"),
    ("KG", "кыргыз"),
    ("KG", "киргиз"),
    ("KG", "кирги"),
    ("KG", "kyrgyz"),
    ("KG", "kirgiz"),
    ("KG", "qyrgyz"),
    ("KG", "kyrgiz"),
    ("UZ", "узбек"),
    ("UZ", "озбек"),
    ("UZ", "uzbek"),
    ("UZ", "ozbek"),
    ("UZ", "o'zbek"),
    ("TJ", "тадж"),
    ("TJ", "тажик"),
    ("TJ", "tajik"),
    ("TJ", "tadzhik"),
    ("TM", "туркмен"),
    ("TM", "туркимен"),
    ("TM", "turkmen"),
    ("AZ", "азербайдж"),
    ("AZ", "азирбайж"),
    ("AZ", "азербайж"),
    ("AZ", "azerbaij"),
    ("GE", "груз"),
    ("GE", "georgi"),
    ("GE", "грузин"),
    ("UA", "украин"),
    ("UA", "ukrain"),
    ("CN", "кита"),
    ("CN", "кытай"),
    ("CN", "china"),
    ("CN", "chinese"),
    ("TR", "турци"),
    ("TR", "турок"),
    ("TR", "туркия"),
    ("TR", "turkey"),
    ("TR", "turkiye"),
    ("TR", "turkish"),
    ("MN", "монгол"),
    ("MN", "монгол"),
    ("MN", "mongol"),
    ("AF", "афган"),
    ("AF", "afghan"),
    ("IN", "инди"),
    ("IN", "india"),
    ("IN", "indian"),
    ("PK", "пакистан"),
    ("PK", "pakistan"),
    ("OTHER", "друг"),
    ("OTHER", "другое"),
    ("OTHER", "иное"),
    ("OTHER", "баска"),
    ("OTHER", "other"),
    ("OTHER", "another"),
)
_COUNTRY_CODES: Final = frozenset(code for code, _ in _COUNTRY_STEMS)
# Two-letter stems must be whole words ("рк", "kz", "ru"): as prefixes they would match anything.
_SHORT_STEM_LEN: Final = 2


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


def parse_citizenship(text: str | None) -> Citizenship | Literal["dk"] | None:
    """Citizenship in kk/ru/en ("кыргыз", "өзбек", "Россия", "Uzbekistan"), else ``None``.

    >>> parse_citizenship("кыргыз").eaeu, parse_citizenship("өзбекпін").eaeu
    (True, False)
    """
    if not text:
        return None
    value = payload_value(text)
    if value is not None:
        if value == DONT_KNOW:
            return DONT_KNOW
        return Citizenship(value) if value in _COUNTRY_CODES else None
    if parse_yes_no(text) == DONT_KNOW:
        return DONT_KNOW
    words = _tokens(text)
    for code, stem in _COUNTRY_STEMS:
        for word in words:
            if len(stem) <= _SHORT_STEM_LEN:
                if word == stem:
                    return Citizenship(code)
            elif word.startswith(stem):
                return Citizenship(code)
    return None


# --- closed choices -----------------------------------------------------------------------------


def parse_choice(text: str | None, choices: Mapping[str, tuple[str, ...]]) -> str | None:
    """One of ``choices`` (value → keyword stems in kk/ru/en, folded), or :data:`DONT_KNOW`.

    Button payloads carry the value itself; free text is matched against the stems, the first
    value whose stem starts a word of the message wins (so order the dict from specific to
    general).
    """
    if not text:
        return None
    value = payload_value(text)
    if value is not None:
        return value if value in choices or value == DONT_KNOW else None
    if parse_yes_no(text) == DONT_KNOW:
        return DONT_KNOW
    phrase = normalise(text)
    words = phrase.split()
    for choice, stems in choices.items():
        for stem in stems:
            if " " in stem:
                if stem in phrase:
                    return choice
            elif any(word.startswith(stem) for word in words):
                return choice
    return None
