"""``action_delete_my_data``: erase the user's personal data after an explicit confirmation."""

from __future__ import annotations

from typing import Final

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import button, language_of, main_topic_buttons, user_key_of
from actions.complaints.draft import ATTACHMENTS, DRAFT_ID, RECEIPT, SLOTS
from actions.db import sessions
from actions.guard import GuardedAction
from actions.sealing import erase_marker
from complaints.service import delete_my_data
from i18n import _, use_language
from storage.db import forget_deleted_pages

__all__ = ["CONFIRM_PAYLOAD", "KEEP_PAYLOAD", "ActionDeleteMyData"]

#: The buttons of the confirmation; their value travels as the entity ``pick``.
CONFIRM_PAYLOAD: Final = '/delete_my_data{"pick":"erase"}'
KEEP_PAYLOAD: Final = '/delete_my_data{"pick":"keep"}'


def _choice(tracker: Tracker) -> str | None:
    entity = next(tracker.get_latest_entity_values("pick"), None)
    if entity in ("erase", "keep"):
        return str(entity)
    text = ((tracker.latest_message or {}).get("text") or "").replace(" ", "")
    for value, payload in (("erase", CONFIRM_PAYLOAD), ("keep", KEEP_PAYLOAD)):
        if text.endswith(payload.removeprefix("/delete_my_data")):
            return value
    return None


class ActionDeleteMyData(GuardedAction):
    """Erase the user's personal data after an explicit confirmation."""

    def name(self) -> str:
        """Action name in the domain."""
        return "action_delete_my_data"

    async def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        """First ask; on "yes" erase and clear the complaint slots; on "no" keep everything."""
        choice = _choice(tracker)
        with use_language(language_of(tracker)):
            if choice is None:
                dispatcher.utter_message(
                    text=_("This deletes your name, IIN, contacts, texts and files from all your "
                           "complaints. Inspectors keep only anonymous statistics (topic, "
                           "employer, region, amount). It cannot be undone. Delete?"),
                    buttons=[button(_("Yes, delete"), CONFIRM_PAYLOAD),
                             button(_("No"), KEEP_PAYLOAD)],
                )
                return []
            if choice == "keep":
                dispatcher.utter_message(text=_("Nothing was deleted."),
                                         buttons=None if tracker.active_loop_name
                                         else main_topic_buttons())
                return []
            with sessions()() as session:
                report = delete_my_data(session, user_key_of(tracker))
                session.commit()
                bind = session.get_bind()
            forget_deleted_pages(bind)
            dispatcher.utter_message(
                text=_("Done. Your personal data was deleted. Complaints anonymised: {count}.")
                .format(count=report.complaints_anonymised),
                # The front end then erases this conversation from Rasa's tracker store.
                json_message=erase_marker(),
            )
        return [SlotSet(s, None) for s in SLOTS] + [
            SlotSet(DRAFT_ID, None), SlotSet(RECEIPT, None), SlotSet(ATTACHMENTS, None)
        ]
