"""Replies for the conversation intents: greet, goodbye, thank, capabilities, language, a human
contact and out-of-scope. Every reply ends with a next step (buttons), never a dead end."""

from __future__ import annotations

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import button, language_of, main_topic_buttons
from actions.guard import GuardedAction
from i18n import _, normalize_language, use_language

# Native names, shown untranslated so everybody finds their own language.
LANGUAGE_NAMES = {"kk": "Қазақша", "ru": "Русский", "en": "English"}
CONTACTS_AS_OF = "2026-11-21"


def language_buttons() -> list[dict[str, str]]:
    """One button per supported language (payload sets the ``language`` slot)."""
    return [
        button(name, '/set_language{"language":"' + code + '"}')
        for code, name in LANGUAGE_NAMES.items()
    ]


def capabilities_text() -> str:
    """What quqyq does, in the current language."""
    return _(
        "I can help you with:\n"
        "• your rights at work, with the article of the law for each answer;\n"
        "• a short check of which guarantees you are owed (courier or taxi driver on an app, "
        "migrant worker, employee, harmful work);\n"
        "• a complaint to the labour inspectorate — anonymous, confidential or named;\n"
        "• the status of your complaint.\n"
        "Write your question in your own words, in Kazakh, Russian or English."
    )


def human_contacts_text() -> str:
    """Real organisations a worker can turn to, with official channels only."""
    return _(
        "You can talk to people here:\n"
        "• State labour inspection (Committee of State Labour Inspection of the Ministry of "
        "Labour and Social Protection of Population and its regional departments): complaint "
        "online at eotinish.kz or egov.kz; ministry page gov.kz/memleket/entities/enbek.\n"
        "• Unified contact centre for public services: 1414 (free from phones in Kazakhstan).\n"
        "• Federation of Trade Unions of Kazakhstan: fprk.kz — ask about a union at your "
        "workplace or in your industry.\n"
        "• Kazakhstan International Bureau for Human Rights: bureau.kz — free legal advice, "
        "including for migrant workers.\n"
        "• Threats, violence or your passport taken: police 102, emergencies 112.\n"
        "Sources: official websites of these organisations, checked on {date}."
    ).format(date=CONTACTS_AS_OF)


class ActionGreet(GuardedAction):
    """Greet and show what quqyq can do."""

    def name(self) -> str:
        return "action_greet"

    async def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        with use_language(language_of(tracker)):
            dispatcher.utter_message(
                text=_("Hello! I am quqyq, a free assistant on labour rights in Kazakhstan.")
                + "\n\n"
                + capabilities_text(),
                buttons=main_topic_buttons(),
            )
        return []


class ActionGoodbye(GuardedAction):
    """Say goodbye and leave the door open."""

    def name(self) -> str:
        return "action_goodbye"

    async def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        with use_language(language_of(tracker)):
            dispatcher.utter_message(
                text=_("Goodbye! Write any time — your questions and complaints are kept.")
            )
        return []


class ActionThank(GuardedAction):
    """Answer thanks and offer the next step."""

    def name(self) -> str:
        return "action_thank"

    async def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        with use_language(language_of(tracker)):
            dispatcher.utter_message(
                text=_("You are welcome! Is there anything else I can help with?"),
                buttons=main_topic_buttons(),
            )
        return []


class ActionCapabilities(GuardedAction):
    """Explain what quqyq does."""

    def name(self) -> str:
        return "action_capabilities"

    async def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        with use_language(language_of(tracker)):
            dispatcher.utter_message(text=capabilities_text(), buttons=main_topic_buttons())
        return []


class ActionSetLanguage(GuardedAction):
    """Switch language when the user named one; otherwise offer the language picker."""

    def name(self) -> str:
        return "action_set_language"

    async def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        chosen = normalize_language(next(tracker.get_latest_entity_values("language"), None))
        if chosen is None:
            with use_language(language_of(tracker)):
                dispatcher.utter_message(
                    text=_("Choose your language:"), buttons=language_buttons()
                )
            return []
        with use_language(chosen):
            dispatcher.utter_message(
                text=_("Done: I will answer in English."), buttons=main_topic_buttons()
            )
        events: list[EventType] = [SlotSet("language", chosen)]
        return events


class ActionRequestHuman(GuardedAction):
    """Give real human contacts: the labour inspectorate, unions, legal aid, emergencies."""

    def name(self) -> str:
        return "action_request_human"

    async def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        with use_language(language_of(tracker)):
            dispatcher.utter_message(
                text=human_contacts_text(),
                buttons=[
                    button(_("File a complaint"), "/file_complaint"),
                    button(_("Where and how to complain"), "/ask_complaint_process"),
                ],
            )
        return []


class ActionOutOfScope(GuardedAction):
    """Politely decline and show the topics quqyq does cover."""

    def name(self) -> str:
        return "action_out_of_scope"

    async def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        with use_language(language_of(tracker)):
            dispatcher.utter_message(
                text=_(
                    "Sorry, I can only help with rights at work in Kazakhstan. "
                    "Choose a topic or write your question about work:"
                ),
                buttons=main_topic_buttons(),
            )
        return []
