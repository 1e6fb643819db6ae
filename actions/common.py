"""Helpers every action module shares: the user's language and the main-topic buttons."""

from __future__ import annotations

import functools
import hashlib
import re
from typing import Any

from rasa_sdk import Tracker

from i18n import DEFAULT_LANGUAGE, Language, _, normalize_language
from storage.secrets import shared_secret
from storage.users import signature_is_valid

__all__ = [
    "Button",
    "button",
    "language_of",
    "main_topic_buttons",
    "metadata_of",
    "signed_metadata",
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


@functools.cache
def _metadata_key() -> str:
    """The key the bot signs metadata with (shared with the bot through ``DATA_DIR``)."""
    return shared_secret("metadata_key")


def signed_metadata(tracker: Tracker) -> dict[str, Any]:
    """The latest message's metadata if the bot signed it (for this sender), else ``{}``.

    Only signed metadata may name a user or a file: anyone who can reach Rasa's REST channel
    can send any sender id with any metadata.
    """
    metadata = metadata_of(tracker)
    if signature_is_valid(_metadata_key(), str(tracker.sender_id or ""), metadata):
        return metadata
    return {}


def user_key_of(tracker: Tracker) -> str:
    """The pseudonymous user key from the bot's signed metadata (its salted HMAC).

    A message the bot did not sign (a REST call, ``rasa test``, a forgery) gets a key derived
    from its sender id under a different prefix: it can never reach a real user's data.
    """
    key = str(signed_metadata(tracker).get("user_key") or "")
    if re.fullmatch(r"[0-9a-f]{64}", key):
        return key
    return hashlib.sha256(f"unverified-sender:{tracker.sender_id}".encode()).hexdigest()
