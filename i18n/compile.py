"""Compile every ``locales/<lang>/LC_MESSAGES/*.po`` into ``.mo`` with Babel.

Run by the bootstrap script; ``.mo`` files are build output and never committed.
Fails loudly on a catalog that does not parse or has fuzzy/untranslated entries.
"""

from __future__ import annotations

import sys

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from i18n import LANGUAGES, LOCALES_DIR


def compile_all() -> list[str]:
    """Compile all catalogs; return a list of problems (empty when all is well)."""
    problems: list[str] = []
    for language in LANGUAGES:
        for po_path in sorted((LOCALES_DIR / language / "LC_MESSAGES").glob("*.po")):
            with po_path.open("rb") as fh:
                catalog = read_po(fh, locale=language)
            for message in catalog:
                if not message.id:
                    continue
                strings = message.string if isinstance(message.string, tuple) else (message.string,)
                if message.fuzzy or not all(strings):
                    problems.append(f"{po_path.name} [{language}]: untranslated {message.id!r}")
            with po_path.with_suffix(".mo").open("wb") as fh:
                write_mo(fh, catalog, use_fuzzy=False)
    return problems


def main() -> None:
    """Entry point: ``python -m i18n.compile``."""
    problems = compile_all()
    for problem in problems:
        print(problem, file=sys.stderr)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
