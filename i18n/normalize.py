"""Light text normalisation every component shares: clean input, fold letters, transliterate.

People type on cheap phones: Kazakh without its letters (қ→к, ү→у), Kazakh and Russian in Latin
letters ("jalaqy", "ne znayu"), superscript or full-width digits from a keyboard, RTL marks and
zero-width characters pasted from other apps. These functions make such text comparable; they
load nothing heavy (no spaCy), so the validators and the form engine can use them anywhere.

* :func:`clean` — Unicode NFKC (full-width and superscript digits become ASCII), control and
  format characters (NUL, RTL/LTR marks, zero-width joiners, BOM) dropped, spaces collapsed.
* :func:`ascii_digits` — any Unicode decimal digit (Arabic-Indic, Devanagari…) as ASCII.
* :func:`fold` — letters that informal writing confuses (ә→а, қ→к, ы→и, ё→е, й→и, ь/ъ dropped).
* :func:`transliterate` — a Latin-script Kazakh/Russian word in Cyrillic (2021 Kazakh Latin
  alphabet plus the usual informal Russian digraphs).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Final

__all__ = ["ascii_digits", "clean", "fold", "is_latin", "transliterate"]

_SPACES = re.compile(r"\s+")
_LATIN_WORD = re.compile(r"^[a-zäğıñöşüūçé'’]+$")

# Order matters: longer Latin sequences first.
_DIGRAPHS: Final[tuple[tuple[str, str], ...]] = (
    ("shch", "щ"), ("sch", "щ"), ("zh", "ж"), ("kh", "х"), ("ch", "ч"), ("sh", "ш"),
    ("ts", "ц"), ("ya", "я"), ("yu", "ю"), ("yo", "е"), ("ia", "я"), ("iu", "ю"),
)  # fmt: skip
_SINGLE: Final[dict[str, str]] = {
    "a": "а", "b": "б", "c": "ц", "d": "д", "e": "е", "f": "ф", "g": "г", "h": "х", "i": "и",
    "j": "ж", "k": "к", "l": "л", "m": "м", "n": "н", "o": "о", "p": "п", "q": "к", "r": "р",
    "s": "с", "t": "т", "u": "у", "v": "в", "w": "у", "x": "кс", "z": "з", "é": "е",
    "ä": "ә", "ğ": "ғ", "ı": "ы", "ñ": "ң", "ö": "ө", "ş": "ш", "ü": "ү", "ū": "ұ", "ç": "ч",
    "'": "", "’": "",
}  # fmt: skip
_VOWELS: Final[str] = "aeiouyäöüūı"

# Letters informal writing confuses; folded the same way in documents and queries.
_FOLD: Final[dict[int, str]] = str.maketrans({
    "ә": "а", "ғ": "г", "қ": "к", "ң": "н", "ө": "о", "ұ": "у", "ү": "у", "һ": "х",
    "і": "и", "ы": "и", "ё": "е", "й": "и", "ь": "", "ъ": "", "э": "е",
})  # fmt: skip


def _drop(char: str) -> bool:
    """Control and format characters (NUL, RTL marks, zero-width joiners), not line breaks."""
    return unicodedata.category(char) in ("Cc", "Cf", "Co", "Cs") and char not in "\n\t"


def clean(text: str) -> str:
    """NFKC, invisible characters dropped, runs of whitespace collapsed to one space.

    >>> clean("７０１\u200f 555²")
    '701 5552'
    """
    normal = unicodedata.normalize("NFKC", text)
    return _SPACES.sub(" ", "".join(c for c in normal if not _drop(c))).strip()


def ascii_digits(text: str) -> str:
    """Every Unicode decimal digit as its ASCII digit ("٣" → "3"); other characters kept."""
    return "".join(
        str(unicodedata.decimal(c)) if c.isdecimal() and not c.isascii() else c for c in text
    )


def fold(text: str) -> str:
    """Fold letters that informal writing confuses (ә→а, қ→к, ы→и, ё→е, ...)."""
    return text.translate(_FOLD)


def is_latin(word: str) -> bool:
    """Whether the (lower-case) word is written in Latin letters only."""
    return bool(_LATIN_WORD.match(word))


@lru_cache(maxsize=65536)
def transliterate(word: str) -> str:
    """Latin-script Kazakh/Russian word → Cyrillic (``"jalaqy"`` → ``"жалакы"``)."""
    out: list[str] = []
    i = 0
    while i < len(word):
        for latin, cyr in _DIGRAPHS:
            if word.startswith(latin, i):
                out.append(cyr)
                i += len(latin)
                break
        else:
            ch = word[i]
            if ch == "y":
                # "y" after a vowel is й ("moy"), otherwise ы ("platy", "jalaqy").
                out.append("й" if i > 0 and word[i - 1] in _VOWELS else "ы")
            else:
                out.append(_SINGLE.get(ch, ch))
            i += 1
    return "".join(out)
