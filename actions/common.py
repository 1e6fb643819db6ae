"""Helpers every action module shares: the user's language and the main-topic buttons."""

from __future__ import annotations

from collections.abc import Iterable, MutableMapping
from typing import Any, TypeVar

from rasa_sdk import Tracker

from i18n import DEFAULT_LANGUAGE, Language, _, normalize_language

__all__ = [
    "Button",
    "button",
    "language_of",
    "main_topic_buttons",
    "metadata_of",
    "publish_ask_actions",
]

Button = dict[str, str]
AskAction = TypeVar("AskAction", bound=type)


def metadata_of(tracker: Tracker) -> dict[str, Any]:
    """Metadata the front end attached to the latest user message (``{}`` if none)."""
    latest = tracker.latest_message or {}
    metadata = latest.get("metadata") or {}
    return metadata if isinstance(metadata, dict) else {}


def language_of(tracker: Tracker) -> Language:
    """The language to answer in.

    The latest message's metadata wins (the front end knows the user's explicit choice or has
    just detected it); then the ``language`` slot; then the default.
    """
    return (
        normalize_language(metadata_of(tracker).get("language"))
        or normalize_language(tracker.get_slot("language"))
        or DEFAULT_LANGUAGE
    )


def button(title: str, payload: str) -> Button:
    """A Rasa button; ``payload`` is ``/intent`` or ``/intent{"entity": "value"}``."""
    return {"title": title, "payload": payload}


def main_topic_buttons() -> list[Button]:
    """The next steps quqyq always offers, so a conversation never dead-ends.

    Call inside ``use_language(...)``: the titles are translated into the current language.
    """
    return [
        button(_("Check my rights"), "/start_eligibility_check"),
        button(_("Unpaid wages"), "/ask_wages_unpaid"),
        button(_("Dismissal"), "/ask_dismissal"),
        button(_("Blocked by an app"), "/ask_algorithmic_management"),
        button(_("Migrant workers"), "/ask_migrant_rights"),
        button(_("File a complaint"), "/file_complaint"),
        button(_("Talk to a person"), "/request_human"),
    ]


def publish_ask_actions(
    base: AskAction, prefix: str, slots: Iterable[str], namespace: MutableMapping[str, Any]
) -> dict[str, AskAction]:
    """One subclass of ``base`` per slot (``base`` reads ``self.slot``), published in ``namespace``.

    Rasa forms look for an ``action_ask_<slot>`` per question, and the action server registers
    every Action subclass it finds. The classes must be attributes of their module because the
    action server (Sanic, spawned workers) pickles them by module path.
    """
    module = namespace["__name__"]
    classes: dict[str, AskAction] = {}
    for slot in slots:
        doc = f"Ask for ``{slot}``."
        cls = type(prefix + slot, (base,), {"slot": slot, "__module__": module, "__doc__": doc})
        namespace[cls.__name__] = cls
        classes[slot] = cls  # type: ignore[assignment]
    return classes
