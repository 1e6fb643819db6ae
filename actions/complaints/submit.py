"""``action_complaint_submit``: what happens when the complaint form ends.

Submitted: the complaint is stored once (pressing "submit" twice returns the same receipt code)
and the receipt code is shown; the personal answers leave the conversation's slots. Cancelled:
nothing is stored. Paused ("stop"): the draft waits for "Continue".
"""

from __future__ import annotations

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import button, language_of, main_topic_buttons, user_key_of
from actions.complaints.draft import (
    ATTACHMENTS,
    DRAFT_ID,
    PAUSED,
    RECEIPT,
    SLOTS,
    attachment_ids,
    draft_from_slots,
)
from actions.complaints.intake import FORM
from actions.db import sessions
from actions.forms import answer_payload
from actions.forms.engine import resolved_answers
from actions.guard import GuardedAction, apology
from actions.sealing import discard, notify_marker, utter_sealed
from complaints.model import ANONYMOUS_RECEIPT, IdentityTier
from complaints.service import AlreadySubmitted, submit_complaint
from complaints.texts import anonymous_receipt_text, anonymous_resent_text, receipt_text
from complaints.validators import ComplaintValidationError
from i18n import _, use_language

__all__ = ["ActionComplaintSubmit", "send"]


def send(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
    """Store the confirmed draft (idempotent: the same draft id stores once) and say the receipt.

    Also run when "Submit" is pressed again after the form ended (a retry after a failure, or a
    second press): a stored draft repeats its receipt. An anonymous complaint's code is shown
    once and sealed (the conversation keeps a placeholder, the receipt slot only a marker).
    """
    lang = language_of(tracker)
    values = resolved_answers(FORM, tracker)
    draft_id = tracker.get_slot(DRAFT_ID)
    with use_language(lang):
        if not draft_id or values["complaint_confirm"] != "submit":
            dispatcher.utter_message(text=_("There is no complaint to send yet."),
                                     buttons=[button(_("File a complaint"), "/file_complaint")])
            return []
        draft = draft_from_slots(values, lang, attachment_ids(tracker))
        try:
            with sessions()() as session:
                complaint = submit_complaint(
                    session, draft, user_key=user_key_of(tracker), idempotency_key=draft_id,
                )
                session.commit()
                code = complaint.receipt_code
        except ComplaintValidationError as error:
            dispatcher.utter_message(text=str(error),
                                     buttons=[button(_("Continue"), "/file_complaint")])
            return [SlotSet("complaint_confirm", None)]
        except AlreadySubmitted:
            dispatcher.utter_message(text=anonymous_resent_text(), buttons=main_topic_buttons())
            code = ANONYMOUS_RECEIPT
        else:
            if draft.identity_tier is IdentityTier.ANONYMOUS:
                utter_sealed(dispatcher, tracker, anonymous_receipt_text(code))
                code = ANONYMOUS_RECEIPT
            else:
                # The bot keeps this chat's id only after a "yes" (notify_marker).
                dispatcher.utter_message(text=receipt_text(code, draft.notify),
                                         json_message=notify_marker(draft.notify))
    # The complaint is stored: its personal answers leave the conversation and the drafts.
    personal = [q.slot for q in FORM.questions if q.personal]
    discard(tracker, (tracker.get_slot(slot) for slot in personal))
    return [SlotSet(RECEIPT, code), *(SlotSet(s, None) for s in personal)]


class ActionComplaintSubmit(GuardedAction):
    """What the end of the complaint form means: stored, cancelled or paused."""

    def name(self) -> str:
        """Action name in the domain."""
        return "action_complaint_submit"

    async def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        """Submit, or say it was cancelled or paused."""
        with use_language(language_of(tracker)):
            if tracker.get_slot(PAUSED):
                dispatcher.utter_message(
                    text=_('The complaint is paused and your answers are kept. Press "Continue" '
                           "when you are ready."),
                    buttons=[button(_("Continue"), "/file_complaint"), *main_topic_buttons()],
                )
                return [SlotSet(PAUSED, False)]
            if tracker.get_slot("complaint_confirm") == "cancel":
                discard(tracker, (tracker.get_slot(slot) for slot in SLOTS))
                dispatcher.utter_message(text=_("The complaint was not sent. Nothing was stored."),
                                         buttons=main_topic_buttons())
                return [SlotSet(s, None) for s in SLOTS] + [SlotSet(DRAFT_ID, None),
                                                            SlotSet(ATTACHMENTS, None)]
        return send(dispatcher, tracker)

    def recover(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        """Storage failed: the draft stays as it is, and one button sends it again."""
        with use_language(language_of(tracker)):
            dispatcher.utter_message(
                text=apology() + " " + _("Your complaint was not sent yet; it is kept as it is. "
                                         "Please press \"Send again\" in a minute."),
                buttons=[button(_("Send again"), answer_payload("submit")),
                         button(_("Talk to a person"), "/request_human")],
            )
        return []
