"""``action_complaint_status``: the author's own complaints, by receipt code or all of them.

Someone else's code looks exactly like an unknown one (no enumeration of receipts).
"""

from __future__ import annotations

import re
from typing import Final

from rasa_sdk import Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import button, language_of, user_key_of
from actions.db import sessions
from actions.guard import GuardedAction
from complaints.receipt import normalize_receipt_code
from complaints.service import complaint_for_author, complaints_of_author
from complaints.texts import category_label, format_amount, format_period, status_label
from i18n import _, use_language
from storage.complaints import Complaint

__all__ = ["ActionComplaintStatus"]

_CODE_RE: Final = re.compile(r"\b[0-9A-Za-zА-Яа-я]{4}[-\s]?[0-9A-Za-zА-Яа-я]{4}\b")


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
        text = (tracker.latest_message or {}).get("text") or ""
        codes = [c for c in (normalize_receipt_code(m) for m in _CODE_RE.findall(text)) if c]
        with use_language(language_of(tracker)), sessions()() as session:
            if codes:
                found = [c for c in (complaint_for_author(session, code, key) for code in codes)
                         if c is not None]
                if not found:
                    dispatcher.utter_message(
                        text=_("I found no complaint of yours with this code. Check the code: "
                               "only the person who filed a complaint can see it.")
                    )
                    return []
            else:
                found = complaints_of_author(session, key)
                if not found:
                    dispatcher.utter_message(
                        text=_("You have no complaints yet. Send your receipt code, or file a "
                               "complaint."),
                        buttons=[button(_("File a complaint"), "/file_complaint")],
                    )
                    return []
            for complaint in found:
                dispatcher.utter_message(text=_status_text(complaint))
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
