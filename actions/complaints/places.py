"""Region or city as typed → the official name inspectors filter by (``places.yaml``)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

from actions.forms import typed
from actions.forms.typed import Phrase

__all__ = ["region_of"]


@cache
def _places() -> tuple[tuple[str, tuple[Phrase, ...]], ...]:
    text = Path(__file__).with_name("places.yaml").read_text(encoding="utf-8")
    raw = yaml.load(text, Loader=yaml.BaseLoader)  # every name a string
    return tuple(
        (name, tuple(typed.phrase(alias, prefix=True) for alias in (name, *aliases)))
        for name, aliases in raw.items()
    )


def region_of(text: str) -> str | None:
    """The official name of the region or city named in ``text`` ("алмата" → "Алматы").

    Multi-word names are tried first, so "Алматы облысы" is the region, not the city.
    """
    message = typed.words(text)
    ranked = sorted(
        ((name, p) for name, phrases in _places() for p in phrases),
        key=lambda item: len(item[1].words),
        reverse=True,
    )
    for name, phrase in ranked:
        if typed.contains(message, phrase):
            return name
    return None
