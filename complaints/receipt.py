"""Short public receipt codes for complaints, e.g. ``K7QX-M4TD``.

The alphabet has no look-alikes (no 0/O, 1/I/L, 5/S, 2/Z, 8/B, U/V): users read the code from a
phone screen and type it back, sometimes in a Cyrillic keyboard layout. 8 characters from 23
symbols give 23^8 ≈ 7.8e10 codes, so guessing someone's code is impractical and collisions are
rare (the unique constraint catches the rest; the service retries).
"""

from __future__ import annotations

import secrets
from typing import Final

__all__ = ["ALPHABET", "CODE_LENGTH", "generate_receipt_code", "normalize_receipt_code"]

ALPHABET: Final = "34679ACDEFGHJKMNPQRTWXY"
CODE_LENGTH: Final = 8

# Cyrillic letters that look like Latin ones, typed on a Russian/Kazakh keyboard.
_CYRILLIC_LOOKALIKES: Final = str.maketrans("АВЕКМНОРСТХУ", "ABEKMHOPCTXY")


def generate_receipt_code() -> str:
    """A new random code, formatted ``XXXX-XXXX``."""
    raw = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
    return f"{raw[:4]}-{raw[4:]}"


def normalize_receipt_code(text: str) -> str | None:
    """The canonical ``XXXX-XXXX`` form of what a user typed, or ``None`` if it cannot be one."""
    cleaned = "".join(ch for ch in (text or "").upper() if ch.isalnum())
    cleaned = cleaned.translate(_CYRILLIC_LOOKALIKES)
    if len(cleaned) != CODE_LENGTH or any(ch not in ALPHABET for ch in cleaned):
        return None
    return f"{cleaned[:4]}-{cleaned[4:]}"
