"""Typed answers → values: words as people type them in kk, ru and en.

Every message and every word list go through the same :func:`words` normalisation (clean,
lower case, Kazakh letters folded, Latin-script words transliterated to Cyrillic), so "joq",
"жок" and "жоқ" are one word, and so are "ne znayu" and "не знаю". Single words tolerate typos
(Levenshtein distance from :mod:`rapidfuzz`); option keywords also match as word prefixes
("прилож" matches "приложение").

The generic words (yes / no / don't know / back / skip / restart / stop) are data:
``lexicon.yaml`` beside this module.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Final, Literal

import yaml
from rapidfuzz.distance import Levenshtein

from i18n.normalize import ascii_digits, clean, fold, is_latin, transliterate

__all__ = [
    "DONT_KNOW",
    "NO",
    "YES",
    "Navigation",
    "Phrase",
    "contains",
    "find",
    "is_dont_know",
    "names",
    "navigation",
    "phrase",
    "words",
    "yes_no",
]

YES: Final = "yes"
NO: Final = "no"
DONT_KNOW: Final = "dk"
Navigation = Literal["back", "skip", "restart", "stop"]
NAVIGATIONS: Final[tuple[Navigation, ...]] = ("back", "skip", "restart", "stop")

#: Only this much of a message is read for words: a 5,000-character answer to a yes/no
#: question is not a yes (and must not cost seconds of matching).
MAX_MATCHED_CHARS: Final = 400
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)


#: Latin words kept as they are: transliterated they would be Russian words ("no" is "но",
#: "but"; "not" is "нот") or lose what they are ("ia" is Kazakh "иә", not Russian "я").
_LATIN_AS_IS: Final = {"no": "no", "not": "not", "none": "none", "ia": "иа", "on": "on",
                       "do": "do", "to": "to"}


@cache
def _word(token: str) -> str:
    token = token.lower().replace("’", "'")
    if token in _LATIN_AS_IS:
        return _LATIN_AS_IS[token]
    if is_latin(token):
        token = transliterate(token)
    return fold(token)


def words(text: str) -> tuple[str, ...]:
    """The message as comparable words ("Жоқ, білмеймін!" → ``("жок", "билмеимин")``)."""
    cleaned = ascii_digits(clean(text[: MAX_MATCHED_CHARS * 2]))[:MAX_MATCHED_CHARS]
    return tuple(_word(t) for t in _WORD.findall(cleaned))


@dataclass(frozen=True, slots=True)
class Phrase:
    """A word list entry: its normalised words; ``prefix`` lets words match as word starts."""

    words: tuple[str, ...]
    prefix: bool = False


def phrase(entry: str, *, prefix: bool = False) -> Phrase:
    """An entry of a word list (a trailing ``*`` makes it a prefix entry)."""
    star = entry.endswith("*")
    return Phrase(words(entry.rstrip("*")), prefix or star)


def _typos_allowed(length: int) -> int:
    return 0 if length < 4 else 1 if length < 10 else 2


#: A keyword stem tolerates a typo only from this length ("жала" is no typo of "кала").
PREFIX_TYPO_FROM: Final = 6


def _word_matches(word: str, wanted: str, prefix: bool) -> bool:
    if word == wanted:
        return True
    allowed = _typos_allowed(len(wanted))
    if prefix and len(wanted) >= 4:
        head = word[: len(wanted)]
        if head == wanted:
            return True
        return len(wanted) >= PREFIX_TYPO_FROM and len(word) >= len(wanted) and (
            Levenshtein.distance(head, wanted, score_cutoff=1) <= 1
        )
    return allowed > 0 and Levenshtein.distance(word, wanted, score_cutoff=allowed) <= allowed


def find(message: Sequence[str], entry: Phrase, *, within: int | None = None) -> list[int]:
    """Where ``entry`` starts in ``message`` as consecutive words (in the first ``within``)."""
    n = len(entry.words)
    if n == 0 or n > len(message):
        return []
    last_start = len(message) - n + 1
    if within is not None:
        last_start = min(last_start, within)
    return [
        i
        for i in range(last_start)
        if all(_word_matches(message[i + k], entry.words[k], entry.prefix) for k in range(n))
    ]


def contains(message: Sequence[str], entry: Phrase, *, within: int | None = None) -> bool:
    """``entry`` occurs in ``message`` as consecutive words (starting in the first ``within``)."""
    return bool(find(message, entry, within=within))


#: Negations before a word (ru, en), after it (kk "емес"), and refusals after it (ru).
_NEGATION_BEFORE: Final = frozenset({"не", "not", "no", "нет", "ни"})
_NEGATION_AFTER: Final = frozenset({"емес"})
_REFUSAL_AFTER: Final = (("не", "надо"), ("не", "нужно"), ("не", "хочу"), ("керек", "емес"))


def names(message: Sequence[str], entry: Phrase) -> bool:
    """``entry`` occurs in ``message`` and is not negated ("не анонимно", "анонимді емес",
    "анонимно не надо")."""
    n = len(entry.words)
    for i in find(message, entry):
        before = message[i - 1] if i > 0 else ""
        after = tuple(message[i + n : i + n + 2])
        negated = (
            (before in _NEGATION_BEFORE and entry.words[0] not in _NEGATION_BEFORE)
            or (after[:1] and after[0] in _NEGATION_AFTER)
            or after in _REFUSAL_AFTER
        )
        if not negated:
            return True
    return False


@cache
def _lexicon() -> dict[str, tuple[Phrase, ...]]:
    # BaseLoader: every entry is a string ("yes", "no", "on" are not YAML booleans here).
    text = Path(__file__).with_name("lexicon.yaml").read_text(encoding="utf-8")
    raw = yaml.load(text, Loader=yaml.BaseLoader)
    return {
        kind: tuple(phrase(str(e)) for language in by_language.values() for e in language)
        for kind, by_language in raw.items()
    }


def lexicon(kind: str) -> tuple[Phrase, ...]:
    """The entries of one list of ``lexicon.yaml`` (``yes``, ``no``, ``dont_know``, ``stop``…)."""
    return _lexicon()[kind]


def _equals(message: Sequence[str], entries: Iterable[Phrase], *, typos: bool = True) -> bool:
    """The whole message is one of ``entries`` (with ``typos``, as :func:`contains` allows)."""
    if not typos:
        return any(e.words == tuple(message) for e in entries)
    return any(len(e.words) == len(message) and contains(message, e) for e in entries)


def _one_typo_longer(word: str, entries: Iterable[Phrase]) -> bool:
    """``word`` is a short entry with one letter added or changed ("yess", "нетт", "даа")."""
    return any(
        len(e.words) == 1
        and len(e.words[0]) >= 3
        and len(word) >= len(e.words[0])
        and Levenshtein.distance(word, e.words[0], score_cutoff=1) <= 1
        for e in entries
    )


def is_dont_know(text: str) -> bool:
    """The message says "I don't know" ("не знаю", "білмеймін", "хз", "idk", "ne znayu")."""
    message = words(text)
    return any(contains(message, entry, within=6) for entry in lexicon("dont_know"))


def navigation(text: str) -> Navigation | None:
    """``back``, ``skip``, ``restart`` or ``stop`` when the whole message says so."""
    message = words(text)
    if not message or len(message) > 4:
        return None
    for typos in (False, True):  # an exact entry of one kind beats a typo of another
        for kind in NAVIGATIONS:
            if _equals(message, lexicon(kind), typos=typos):
                return kind
    return None


#: Words that say "no" only at the very start of an answer: "мне не платят" is no "no".
_NEGATIONS: Final = frozenset({"не", "ни", "нот", "н"})


def yes_no(text: str) -> Literal["yes", "no", "dk"] | None:
    """Yes, no or don't know, read from the start of the message, else ``None``.

    The answer word must be one of the first two words ("ну да", "скорее нет"); a bare
    negation ("не") only counts as the first word.

    >>> yes_no("иә, солай"), yes_no("неа"), yes_no("хз"), yes_no("да, согласен")
    ('yes', 'no', 'dk', 'yes')
    >>> yes_no("мне не платят зарплату")
    """
    if is_dont_know(text):
        return DONT_KNOW
    message = words(text)
    if not message:
        return None
    head = message[:3]
    for entry in lexicon("no"):
        if len(entry.words) > 1 and contains(head, entry, within=1):
            return NO
    for position, word in enumerate(message[:2]):
        exact = (word,)
        if any(e.words == exact for e in lexicon("no")) and (
            position == 0 or word not in _NEGATIONS
        ):
            return NO
        if any(e.words == exact or (e.prefix and contains(exact, e)) for e in lexicon("yes")):
            return YES
    for entry in lexicon("yes"):
        if len(entry.words) > 1 and contains(head, entry, within=1):
            return YES
    if len(message) == 1:  # one word with a typo: "нетт", "yess", "иаа"
        if _one_typo_longer(message[0], lexicon("no")):
            return NO
        if _one_typo_longer(message[0], lexicon("yes")):
            return YES
    return None
