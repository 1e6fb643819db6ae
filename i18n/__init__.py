"""Translations and the current user language for every quqyq component.

English is the source language: every user-facing string is written in English inside ``_()``
and translated through gettext catalogs in ``locales/{kk,ru}/LC_MESSAGES/<domain>.po``. Each
feature owns one catalog (domain); all compiled catalogs of a language are chained, so ``_()``
finds a message whatever domain it lives in.

The language is held per conversation turn in a :class:`~contextvars.ContextVar` (never a global
translator swapped per message), set with :func:`use_language`::

    with use_language("kk"):
        text = _("Hello, {name}!").format(name=name)
"""

from __future__ import annotations

import gettext
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path
from typing import Final, Literal

__all__ = [
    "DEFAULT_LANGUAGE",
    "LANGUAGES",
    "LOCALES_DIR",
    "CatalogNotCompiledError",
    "Language",
    "_",
    "current_language",
    "ngettext",
    "normalize_language",
    "translate",
    "use_language",
]

Language = Literal["kk", "ru", "en"]
LANGUAGES: Final[tuple[Language, ...]] = ("kk", "ru", "en")
DEFAULT_LANGUAGE: Final[Language] = "ru"  # the lingua franca of most users, migrants included
LOCALES_DIR: Final[Path] = Path(__file__).resolve().parent.parent / "locales"

_current: ContextVar[Language] = ContextVar("quqyq_language", default=DEFAULT_LANGUAGE)


class CatalogNotCompiledError(RuntimeError):
    """A ``.po`` catalog has no up-to-date ``.mo``: run ``python -m i18n.compile``."""


def normalize_language(value: object) -> Language | None:
    """Map ``"kk"``, ``"kz"``, ``"ru-RU"``, ``"EN"``... to a supported language, else ``None``."""
    if not isinstance(value, str) or not value:
        return None
    code = value.strip().lower().replace("_", "-").split("-")[0]
    if code == "kz":
        code = "kk"
    return code if code in LANGUAGES else None


@cache
def _translations(language: Language) -> gettext.NullTranslations:
    """All compiled catalogs of one language chained into one translator."""
    if language == "en":
        return gettext.NullTranslations()
    directory = LOCALES_DIR / language / "LC_MESSAGES"
    chain: gettext.NullTranslations = gettext.NullTranslations()
    for po in sorted(directory.glob("*.po")):
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            raise CatalogNotCompiledError(
                f"{po} is not compiled (or changed since): run `python -m i18n.compile`"
            )
        with mo.open("rb") as fh:
            catalog = gettext.GNUTranslations(fh)
        catalog.add_fallback(chain)
        chain = catalog
    return chain


def current_language() -> Language:
    """The language of the turn being handled."""
    return _current.get()


@contextmanager
def use_language(language: str | None) -> Iterator[Language]:
    """Translate into ``language`` (normalised; unknown → default) inside the block."""
    lang = normalize_language(language) or DEFAULT_LANGUAGE
    token = _current.set(lang)
    try:
        yield lang
    finally:
        _current.reset(token)


def translate(message: str, language: str | None = None) -> str:
    """Translate ``message`` into ``language`` (default: the current language)."""
    lang = normalize_language(language) or current_language()
    return _translations(lang).gettext(message)


def _(message: str) -> str:
    """Translate ``message`` into the current language (the gettext keyword)."""
    return _translations(current_language()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """Plural-aware translation into the current language (Kazakh/Russian plural rules)."""
    return _translations(current_language()).ngettext(singular, plural, n)


def reset_cache() -> None:
    """Forget loaded catalogs (after recompiling them in tests)."""
    _translations.cache_clear()
