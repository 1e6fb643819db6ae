"""Short public receipt codes for complaints, e.g. ``K7QX-M4TD``.

The alphabet has no look-alikes (no 0/O, 1/I/L, 5/S, 2/Z, 8/B, U/V): users read the code from a
phone screen and type it back, sometimes in a Cyrillic keyboard layout. 8 characters from 23
symbols, at least one digit and one letter among them, give ≈ 6.7e10 codes, so guessing
someone's code is impractical and collisions are rare (the unique constraint catches the rest;
the service retries).
"""

from __future__ import annotations

import re
import secrets
from typing import Final

__all__ = [
    "ALPHABET",
    "CODE_LENGTH",
    "generate_receipt_code",
    "normalize_receipt_code",
    "receipt_codes_in",
]

ALPHABET: Final = "34679ACDEFGHJKMNPQRTWXY"
CODE_LENGTH: Final = 8

# Cyrillic letters that look like Latin ones, typed on a Russian/Kazakh keyboard.
_CYRILLIC_LOOKALIKES: Final = str.maketrans("АВЕКМНОРСТХУ", "ABEKMHOPCTXY")
_CANDIDATE_RE: Final = re.compile(r"(?<!\w)(\w{4})([-\s]?)(\w{4})(?!\w)")


def generate_receipt_code() -> str:
    """A new random code, formatted ``XXXX-XXXX``, with at least one digit and one letter (so
    that a code typed in a message cannot be mistaken for words: :func:`receipt_codes_in`)."""
    while True:
        raw = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
        if any(ch.isdigit() for ch in raw) and any(ch.isalpha() for ch in raw):
            return f"{raw[:4]}-{raw[4:]}"


def normalize_receipt_code(text: str) -> str | None:
    """The canonical ``XXXX-XXXX`` form of what a user typed, or ``None`` if it cannot be one."""
    cleaned = "".join(ch for ch in (text or "").upper() if ch.isalnum())
    cleaned = cleaned.translate(_CYRILLIC_LOOKALIKES)
    if len(cleaned) != CODE_LENGTH or any(ch not in ALPHABET for ch in cleaned):
        return None
    return f"{cleaned[:4]}-{cleaned[4:]}"


def receipt_codes_in(text: str, *, strict: bool = False) -> list[str]:
    """The receipt codes in a message, canonical and without repeats.

    ``strict`` keeps only what cannot be ordinary words: digits and letters mixed, as in every
    code — so "WATCHMEN", "they want" and "free-text" are words, "K7QXM4TD" and "k7qx m4td"
    codes.
    """
    codes: list[str] = []
    for match in _CANDIDATE_RE.finditer(text or ""):
        code = normalize_receipt_code(match[1] + match[3])
        if code is None or code in codes:
            continue
        mixed = any(ch.isdigit() for ch in code) and any(ch.isalpha() for ch in code)
        if strict and not mixed:
            continue
        codes.append(code)
    return codes
