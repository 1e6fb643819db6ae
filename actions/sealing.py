"""Personal data in the actions: kept in the app database, Rasa carries ``sealed:<token>``.

What the front end and the actions agree on (the ``custom`` part of a Rasa reply, under the key
:data:`MARKER`):

* ``{"seal": "<slot>"}`` on a personal question — the front end stores what the user answers
  (:mod:`storage.sealed`, purpose ``input``) and sends Rasa ``/form_answer{"form_value":
  "sealed:<token>"}`` instead of the text;
* ``{"sealed_message": "sealed:<token>"}`` on a reply that repeats personal data — Rasa keeps
  only :data:`PLACEHOLDER`, the front end shows the stored text;
* ``{"erase_conversation": true}`` after "delete my data" — the front end deletes the
  conversation from Rasa's tracker store once Rasa has saved the turn;
* ``{"notify_here": true|false}`` with a complaint's receipt — the front end keeps this chat's
  id for status news after "yes" and forgets it after "no" (nothing else stores a chat id).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Final

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.common import Button, user_key_of
from actions.db import sessions
from storage import sealed

__all__ = [
    "MARKER",
    "PLACEHOLDER",
    "discard",
    "erase_marker",
    "notify_marker",
    "resolve",
    "seal_answer",
    "seal_marker",
    "take_input",
    "utter_sealed",
]

MARKER: Final = "quqyq"
#: What Rasa keeps of a reply whose text is sealed.
PLACEHOLDER: Final = "…"


def seal_marker(slot: str) -> dict[str, Any]:
    """``custom`` of a personal question: seal the next message for ``slot``."""
    return {MARKER: {"seal": slot}}


def notify_marker(notify: bool) -> dict[str, Any]:
    """``custom`` of a receipt: keep (``True``) or forget this chat for status news."""
    return {MARKER: {"notify_here": notify}}


def erase_marker() -> dict[str, Any]:
    """``custom`` of the reply after "delete my data": erase the conversation."""
    return {MARKER: {"erase_conversation": True}}


def take_input(tracker: Tracker, ref: object) -> str | None:
    """The text the front end sealed for this user under ``ref`` (used once), else ``None``."""
    with sessions()() as session, session.begin():
        return sealed.take(session, ref, user_key_of(tracker))


def seal_answer(tracker: Tracker, slot: str, value: Any) -> str:
    """Store a validated personal answer; return the reference the slot keeps."""
    with sessions()() as session, session.begin():
        return sealed.seal(session, user_key_of(tracker), "answer", str(value), slot)


def resolve(tracker: Tracker, values: Mapping[str, Any]) -> dict[str, Any]:
    """``values`` with every sealed reference replaced by the text it stands for (or ``None``
    when it is gone: deleted, purged, or not this user's)."""
    refs = [v for v in values.values() if sealed.token_of(v)]
    if not refs:
        return dict(values)
    with sessions()() as session:
        found = sealed.resolve(session, refs, user_key_of(tracker))
    return {k: (found.get(v) if sealed.token_of(v) else v) for k, v in values.items()}


def discard(tracker: Tracker, values: Iterable[Any]) -> None:
    """Delete the sealed texts behind the references among ``values`` (after submitting)."""
    refs = [v for v in values if sealed.token_of(v)]
    if refs:
        with sessions()() as session, session.begin():
            sealed.discard(session, refs, user_key_of(tracker))


def utter_sealed(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    text: str,
    buttons: list[Button] | None = None,
    *,
    seal: str | None = None,
) -> None:
    """Send a reply that holds personal data: Rasa keeps a placeholder, the front end shows it.

    ``seal`` names the question the reply asks, when its answer must be sealed too (a phone
    typed at the summary to correct it).
    """
    with sessions()() as session, session.begin():
        ref = sealed.seal(session, user_key_of(tracker), "message", text)
    marker: dict[str, Any] = {"sealed_message": ref}
    if seal is not None:
        marker["seal"] = seal
    dispatcher.utter_message(text=PLACEHOLDER, buttons=buttons or None,
                             json_message={MARKER: marker})
