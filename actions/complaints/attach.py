"""``action_complaint_attach``: a file the bot stored joins the current complaint draft.

Contract with the bot: on a photo/document it first asks Rasa whether a draft is open; if not,
it sends ``/complaint_attach`` without an id and this action says how to start one. Otherwise it
calls :func:`complaints.attachments.store_attachment` (quota, type and cleaning refusals are
localized ``ComplaintValidationError`` messages shown as is), then sends ``/complaint_attach``
with signed metadata ``{"attachment_id": <id>}``. The file is linked to the complaint on submit;
a file that arrives when no draft can take it is deleted here at once.
"""

from __future__ import annotations

from typing import Final

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import button, language_of, signed_metadata, user_key_of
from actions.complaints.draft import ATTACHMENTS, DRAFT_ID, RECEIPT, attachment_ids
from actions.db import sessions
from actions.guard import GuardedAction
from complaints.attachments import DRAFT_FILES, discard_unlinked
from i18n import _, use_language

__all__ = ["MAX_ATTACHMENTS", "ActionComplaintAttach"]

MAX_ATTACHMENTS: Final = DRAFT_FILES


def _discard(attachment_id: str, tracker: Tracker) -> None:
    """Delete a stored file no draft will take (it must not wait 30 days for the purge)."""
    if attachment_id.isdigit():
        with sessions().begin() as session:
            discard_unlinked(session, int(attachment_id), user_key_of(tracker))


class ActionComplaintAttach(GuardedAction):
    """Add a file the front end has stored to the current draft."""

    def name(self) -> str:
        """Action name in the domain."""
        return "action_complaint_attach"

    async def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        """Remember the attachment id in the draft and confirm how many files it has."""
        ids = attachment_ids(tracker)
        new = str(signed_metadata(tracker).get("attachment_id") or "")
        with use_language(language_of(tracker)):
            if not tracker.get_slot(DRAFT_ID) or tracker.get_slot(RECEIPT):
                _discard(new, tracker)
                dispatcher.utter_message(
                    text=_("To send files to the inspection, start a complaint first."),
                    buttons=[button(_("File a complaint"), "/file_complaint")],
                )
                return []
            if not new.isdigit():
                dispatcher.utter_message(text=_("The file did not arrive. Please send it again."))
                return []
            if len(ids) >= MAX_ATTACHMENTS and int(new) not in ids:
                _discard(new, tracker)
                dispatcher.utter_message(
                    text=_("A complaint can have at most {count} files.").format(
                        count=MAX_ATTACHMENTS)
                )
                return []
            if int(new) not in ids:
                ids.append(int(new))
            dispatcher.utter_message(
                text=_("File received. Files attached: {count}").format(count=len(ids))
            )
        return [SlotSet(ATTACHMENTS, ids)]
