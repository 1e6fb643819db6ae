"""``action_complaint_status``: the author's own complaints, by receipt code or all of them.

Someone else's code looks exactly like an unknown one (no enumeration of receipts). A typed
message with a code reaches this action sealed (the bot keeps the text out of the conversation
store; metadata ``sealed_status``), and an anonymous complaint's status is answered sealed too:
the conversation never holds the code that leads to it.
"""

from __future__ import annotations

from rasa_sdk import Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import button, language_of, signed_metadata, user_key_of
from actions.db import sessions
from actions.guard import GuardedAction
from actions.sealing import take_input, utter_sealed
from complaints.model import IdentityTier
from complaints.receipt import receipt_codes_in
from complaints.service import complaint_for_author, complaints_of_author
from complaints.texts import category_label, format_amount, format_period, status_label
from i18n import _, use_language
from storage.complaints import Complaint

__all__ = ["ActionComplaintStatus"]

class ActionComplaintStatus(GuardedAction):
    """Status of the author's own complaints (by receipt code, or all of them)."""

    def name(self) -> str:
        """Action name in the domain."""
        return "action_complaint_status"

    async def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        """Answer with status and history; nothing about other people's complaints."""
        key = user_key_of(tracker)
        text = str((tracker.latest_message or {}).get("text") or "")
        ref = signed_metadata(tracker).get("sealed_status")
        if ref:
            text = take_input(tracker, ref) or ""
        codes = receipt_codes_in(text)
        with use_language(language_of(tracker)):
            with sessions()() as session:
                if codes:
                    found = [c for c in (complaint_for_author(session, code, key)
                                         for code in codes) if c is not None]
                else:
                    found = complaints_of_author(session, key)
                # (anonymous?, text): read now, sent once the session is closed (SQLite allows
                # one writer, and a sealed reply is a write).
                answers = [(c.identity_tier == IdentityTier.ANONYMOUS.value, _status_text(c))
                           for c in found]
            if codes and not answers:
                dispatcher.utter_message(
                    text=_("I found no complaint of yours with this code. Check the code: "
                           "only the person who filed a complaint can see it.")
                )
            elif not answers:
                dispatcher.utter_message(
                    text=_("You have no complaints yet. Send your receipt code, or file a "
                           "complaint."),
                    buttons=[button(_("File a complaint"), "/file_complaint")],
                )
            for anonymous, answer in answers:
                if anonymous:
                    utter_sealed(dispatcher, tracker, answer)
                else:
                    dispatcher.utter_message(text=answer)
        return []


def _status_text(complaint: Complaint) -> str:
    lines = [
        _("Complaint {code}: {status}.").format(
            code=complaint.receipt_code, status=status_label(complaint.status)),
        _("Topic: {value}").format(value=category_label(complaint.category)),
    ]
    if complaint.amount_kzt:
        lines.append(_("Amount: {value}").format(value=format_amount(complaint.amount_kzt)))
    if complaint.period_start:
        lines.append(_("Period: {value}").format(
            value=format_period(complaint.period_start, complaint.period_end)))
    for event in complaint.history[1:]:
        line = "• " + status_label(event.status)
        if event.note:
            line += ": " + event.note
        lines.append(line)
    return "\n".join(lines)
