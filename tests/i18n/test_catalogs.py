"""Every user-facing string is translated into Kazakh and Russian, and catalogs compile."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from i18n import LANGUAGES, LOCALES_DIR, _, ngettext, translate, use_language
from i18n.compile import compile_all

ROOT = LOCALES_DIR.parent
CODE_DIRS = ("actions", "bot", "complaints", "inspector", "knowledge", "scoring", "storage")
KEYWORDS = {"_": None, "ngettext": (1, 2)}


def _code_messages() -> dict[str, str]:
    """msgid → first place it is used, for every ``_()``/``ngettext()`` in the code."""
    found: dict[str, str] = {}
    for directory in CODE_DIRS:
        path = ROOT / directory
        if not path.exists():
            continue
        for filename, lineno, message, _comments, _context in extract_from_dir(
            str(path), method_map=[("**.py", "python")], keywords=KEYWORDS
        ):
            msgid = message[0] if isinstance(message, tuple) else message
            if msgid:
                found.setdefault(msgid, f"{directory}/{filename}:{lineno}")
    return found


def _catalog_ids(language: str) -> set[str]:
    ids: set[str] = set()
    for po in (LOCALES_DIR / language / "LC_MESSAGES").glob("*.po"):
        with po.open("rb") as fh:
            ids |= {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(fh) if m.id}
    return ids


def test_catalogs_compile_without_untranslated_entries() -> None:
    assert compile_all() == []


@pytest.mark.parametrize("language", [lang for lang in LANGUAGES if lang != "en"])
def test_every_code_string_is_translated(language: str) -> None:
    missing = {m: where for m, where in _code_messages().items() if m not in _catalog_ids(language)}
    assert not missing, f"{len(missing)} strings lack a {language} translation: {missing}"


@pytest.mark.parametrize("language", [lang for lang in LANGUAGES if lang != "en"])
def test_a_message_in_several_catalogs_has_one_translation(language: str) -> None:
    """Catalogs are chained, so a msgid translated two ways would depend on load order."""
    seen: dict[str, tuple[str, object]] = {}
    clashes = []
    for po in sorted((LOCALES_DIR / language / "LC_MESSAGES").glob("*.po")):
        with po.open("rb") as fh:
            for message in read_po(fh):
                msgid = message.id if isinstance(message.id, str) else message.id[0]
                if not msgid:
                    continue
                first = seen.setdefault(msgid, (po.name, message.string))
                if first[1] != message.string:
                    clashes.append(f"{msgid!r}: {first[0]} vs {po.name}")
    assert not clashes, clashes


def test_translation_follows_the_language_of_the_turn() -> None:
    with use_language("kk"):
        assert _("Check my rights") == "Құқықтарымды тексеру"
        with use_language("ru"):
            assert _("Check my rights") == "Проверить мои права"
        assert _("Check my rights") == "Құқықтарымды тексеру"
    assert translate("Check my rights", "en") == "Check my rights"


def test_unknown_language_falls_back_to_default() -> None:
    with use_language("de") as lang:
        assert lang == "ru"


def test_russian_plural_forms_are_three() -> None:
    with use_language("ru"):
        # Untranslated plural falls back to English rules, but the catalog chain must not fail.
        assert ngettext("{n} day", "{n} days", 5) in {"{n} days", "{n} дней"}


def test_locales_tree_has_both_official_languages() -> None:
    for language in ("kk", "ru"):
        assert any(Path(LOCALES_DIR / language / "LC_MESSAGES").glob("*.po"))
