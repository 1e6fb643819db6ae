"""``action_outside_form``: form words when no form is open — never a dead end.

"стоп", "назад", "skip" typed after a form ended, or an old answer button pressed again, get a
short note and the main menu (whose "Check my rights" and "File a complaint" resume a paused
form). "заново" / "қайта" / "restart" starts over: both forms forget their answers. A second
press on an old "Submit" repeats the receipt code instead of storing anything twice; "Send again"
after a storage failure sends the waiting draft.
"""

from __future__ import annotations

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import language_of, main_topic_buttons
from actions.complaints.draft import DRAFT_ID, RECEIPT
from actions.complaints.intake import FORM as COMPLAINT
from actions.complaints.submit import send
from actions.eligibility.interview import DONE
from actions.eligibility.interview import FORM as ELIGIBILITY
from actions.forms import payload_value, typed
from actions.forms.question import is_payload
from actions.guard import GuardedAction
from complaints.model import ANONYMOUS_RECEIPT
from complaints.texts import anonymous_resent_text, receipt_text
from i18n import _, use_language

__all__ = ["ActionOutsideForm"]


def _typed_word(text: str) -> str | None:
    """ "заново" / "стоп"…, or "отправить" typed when a confirmed draft waits to be sent."""
    navigation = typed.navigation(text)
    if navigation is not None:
        return navigation
    confirm = COMPLAINT.by_slot["complaint_confirm"].answer(text)
    return "submit" if confirm == "submit" else None


class ActionOutsideForm(GuardedAction):
    """Answer form words typed or pressed outside any form."""

    def name(self) -> str:
        """Action name in the domain and rules."""
        return "action_outside_form"

    async def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        """Start over on "restart"; repeat a receipt on "Submit"; else offer the main menu."""
        text = str((tracker.latest_message or {}).get("text") or "")
        value = payload_value(text) if is_payload(text) else _typed_word(text)
        if value == "submit" and not tracker.get_slot(RECEIPT):
            return send(dispatcher, tracker)  # "Send again" after a failure
        with use_language(language_of(tracker)):
            receipt = tracker.get_slot(RECEIPT)
            if value == "submit" and receipt == ANONYMOUS_RECEIPT:
                dispatcher.utter_message(text=anonymous_resent_text())
                return []
            if value == "submit" and receipt:
                notify = tracker.get_slot("complaint_notify") == "yes"
                dispatcher.utter_message(text=receipt_text(str(receipt), notify))
                return []
            if value == "restart":
                dispatcher.utter_message(
                    text=_("Starting over: your unfinished check and complaint are cleared. "
                           "What would you like to do?"),
                    buttons=main_topic_buttons(),
                )
                events = {**ELIGIBILITY.cleared(), **COMPLAINT.cleared(), DONE: False,
                          DRAFT_ID: None, RECEIPT: None}
                return [SlotSet(slot, v) for slot, v in events.items()]
            dispatcher.utter_message(
                text=_("No question is open right now. What would you like to do?"),
                buttons=main_topic_buttons(),
            )
        return []
