"""Text normalisation shared by retrieval and extraction: tokens, transliteration, lemmas, stems.

People in Kazakhstan write Kazakh and Russian in Cyrillic *and* in Latin letters ("jalaqy",
"zarplata ne platyat"), often without the Kazakh letters (қ→к, ү→у). So every token goes through:

1. spaCy tokenization (``spacy.blank("ru")`` / ``"en"``; ``"xx"`` for Kazakh — spaCy has no
   Kazakh class);
2. Latin → Cyrillic transliteration for kk/ru (the 2021 Kazakh Latin alphabet plus the usual
   informal Russian digraphs ``zh sh ch kh ts ya yu``);
3. Russian: pymorphy3 lemma; Kazakh: fold to the "Russian" letters and strip suffixes
   (:func:`kk_stem`); English: a light suffix stemmer;
4. folding of letters that informal writing confuses (ә→а, қ→к, ы→и, ё→е, й→и, ь/ъ dropped),
   applied identically to documents and queries.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import Final

import pymorphy3
import spacy
from spacy.language import Language as SpacyLanguage

from i18n.normalize import fold, is_latin, transliterate

__all__ = [
    "fold",
    "is_latin",
    "kk_stem",
    "normalize_tokens",
    "tokenizer",
    "transliterate",
]

# Kazakh suffixes, in folded spelling (see i18n.normalize.fold), longest first. Case endings,
# possessives, plurals and the commonest verb endings — a light stemmer, not an analyser.
_KK_SUFFIXES: Final[tuple[str, ...]] = tuple(sorted({
    # plural
    "лар", "лер", "дар", "дер", "тар", "тер",
    # possessive
    "имиз", "миз", "иниз", "низ", "лари", "лери", "дари", "дери", "тари", "тери",
    "им", "ин", "и", "си",
    # cases
    "дан", "ден", "тан", "тен", "нан", "нен",
    "дин", "тин", "нин",
    "га", "ге", "ка", "ке", "на", "не", "а", "е",
    "ди", "ти", "ни",
    "да", "де", "та", "те", "нда", "нде",
    "мен", "бен", "пен",
    "гаи", "геи", "даги", "деги", "таги", "теги",
    # verbs / verbal nouns / participles
    "ган", "ген", "кан", "кен", "ади", "еди", "иди", "мади", "меди", "беди", "педи",
    "ма", "ме", "ба", "бе", "па", "пе", "ип", "атин", "етин", "итин", "у", "уге", "уда",
    "масик", "месик", "меиди", "маиди", "илди", "инди", "ил",
    "сак", "сек", "дик", "тик", "лик",
}, key=len, reverse=True))

# Kazakh function words (and the Russian ones that turn up in mixed speech).
_KK_STOP: Final[frozenset[str]] = frozenset((
    "және", "мен", "бен", "пен", "да", "де", "та", "те", "бұл", "осы", "ол", "не", "ма",
    "ме", "ба", "бе", "па", "пе", "үшін", "туралы", "бойынша", "менің", "мені", "маған",
    "сіз", "сізге", "біз", "бізге", "еді", "ғой", "ғана", "ше", "ли",
    "и", "а", "в", "на", "что", "это", "же", "бы", "уже",
))


@lru_cache(maxsize=65536)
def kk_stem(word: str, min_stem: int = 3, passes: int = 3) -> str:
    """Strip Kazakh suffixes from a *folded* word, keeping at least ``min_stem`` letters."""
    for _ in range(passes):
        for suffix in _KK_SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= min_stem:
                word = word[: -len(suffix)]
                break
        else:
            break
    return word


_EN_SUFFIXES: Final[tuple[str, ...]] = (
    "ations", "ation", "ments", "ment", "ings", "ing", "ies", "ied", "ers", "er", "ed", "es",
    "ly", "s",
)


@lru_cache(maxsize=65536)
def en_stem(word: str) -> str:
    """A light English stemmer (plurals, -ed, -ing, -ation): enough for short questions."""
    for suffix in _EN_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            stem = word[: -len(suffix)]
            if suffix in ("ies", "ied"):
                return stem + "y"
            if suffix == "es" and not stem.endswith(("s", "x", "z", "ch", "sh")):
                return word[:-1]  # "wages" → "wage", but "taxes" → "tax"
            if suffix == "ed" and stem.endswith("e"):
                return stem
            return stem
    return word


@cache
def tokenizer(language: str) -> SpacyLanguage:
    """A blank spaCy pipeline (tokenizer only): ru, en, and xx for Kazakh."""
    return spacy.blank({"kk": "xx"}.get(language, language))


@cache
def _morph() -> pymorphy3.MorphAnalyzer:
    return pymorphy3.MorphAnalyzer(lang="ru")


@lru_cache(maxsize=131072)
def _ru_lemma(word: str) -> str:
    return str(_morph().parse(word)[0].normal_form)


@lru_cache(maxsize=131072)
def _ru_known(word: str) -> bool:
    return bool(_morph().word_is_known(word))


_KK_LETTERS = re.compile("[әғқңөұүһі]")


def normalize_tokens(text: str, language: str, *, kk_stemming: bool = True) -> list[str]:
    """Index terms of ``text`` for ``language`` (kk/ru/en), as described in the module doc."""
    doc = tokenizer(language)(text.lower())
    terms: list[str] = []
    stops = tokenizer(language).Defaults.stop_words
    for token in doc:
        if token.is_punct or token.is_space or not token.text.strip():
            continue
        word = token.text.strip("-–—'’\"«»")
        if not word or (len(word) < 2 and not word.isdigit()):
            continue
        if language == "en":
            if word in stops:
                continue
            terms.append(en_stem(word) if is_latin(word) else fold(word))
            continue
        if is_latin(word):
            word = transliterate(word)
        if language == "ru":
            if word in stops:
                continue
            terms.append(fold(_ru_lemma(word)))
            continue
        # Kazakh, often mixed with Russian words.
        if word in _KK_STOP:
            continue
        folded = fold(word)
        terms.append(kk_stem(folded) if kk_stemming else folded)
        if not _KK_LETTERS.search(word) and _ru_known(word):
            lemma = fold(_ru_lemma(word))
            if lemma != terms[-1]:
                terms.append(lemma)
    return terms
