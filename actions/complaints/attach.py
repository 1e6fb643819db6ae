"""``action_complaint_attach``: a file the bot stored joins the current complaint draft.

Contract with the bot: on a photo/document it calls :func:`complaints.service.store_attachment`
(size/type checks raise a localized ``ComplaintValidationError`` to show as is), then sends Rasa
the text ``/complaint_attach`` with metadata ``{"attachment_id": <id>}``. The file is linked to
the complaint on submit.
"""

from __future__ import annotations

from typing import Final

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import button, language_of, metadata_of
from actions.complaints.draft import ATTACHMENTS, DRAFT_ID, RECEIPT, attachment_ids
from actions.guard import GuardedAction
from i18n import _, use_language

__all__ = ["MAX_ATTACHMENTS", "ActionComplaintAttach"]

MAX_ATTACHMENTS: Final = 10


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
        new = str(metadata_of(tracker).get("attachment_id") or "")
        with use_language(language_of(tracker)):
            if not tracker.get_slot(DRAFT_ID) or tracker.get_slot(RECEIPT):
                dispatcher.utter_message(
                    text=_("To send files to the inspection, start a complaint first."),
                    buttons=[button(_("File a complaint"), "/file_complaint")],
                )
                return []
            if not new.isdigit():
                dispatcher.utter_message(text=_("The file did not arrive. Please send it again."))
                return []
            if len(ids) >= MAX_ATTACHMENTS:
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
