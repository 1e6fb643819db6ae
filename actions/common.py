"""Helpers every action module shares: the user's language and the main-topic buttons."""

from __future__ import annotations

import hashlib
import re
from typing import Any

from rasa_sdk import Tracker

from i18n import DEFAULT_LANGUAGE, Language, _, normalize_language

__all__ = [
    "Button",
    "button",
    "language_of",
    "main_topic_buttons",
    "metadata_of",
    "user_key_of",
]

Button = dict[str, str]


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


def user_key_of(tracker: Tracker) -> str:
    """The pseudonymous user key from the front end's metadata (the bot's salted HMAC).

    The bot also uses that key as the Rasa sender id, so a message without metadata from the bot
    still maps to the same user. Any other sender (REST calls, tests) is hashed, so a raw id
    never reaches storage.
    """
    key = str(metadata_of(tracker).get("user_key") or "")
    if re.fullmatch(r"[0-9a-f]{64}", key):
        return key
    if re.fullmatch(r"[0-9a-f]{64}", tracker.sender_id or ""):
        return str(tracker.sender_id)
    return hashlib.sha256(f"rasa-sender:{tracker.sender_id}".encode()).hexdigest()
