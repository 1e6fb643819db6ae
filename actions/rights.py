"""Answers to the rights-topic intents from the knowledge base, and retrieval for the fallback.

* ``action_answer_rights`` answers every rights-topic intent of ARCHITECTURE §3 with its primary
  entry in the user's language: the short answer, the citation line(s), and buttons for the next
  step (check my rights, file a complaint, talk to a person, more). The "More" button sends
  ``/ask_more{"kb_entry":"<id>"}``; the same action then shows the long part and next steps.
* ``action_search_knowledge`` runs when NLU is unsure: it searches the entries with the user's
  last message and offers the best matches as buttons, or the main topics when nothing matches.

Legal texts come from ``knowledge/`` (not gettext); only the UI strings here are translated
(gettext domain ``rights``).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any, Final

from babel.numbers import format_currency
from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import Button, button, language_of, main_topic_buttons
from actions.guard import GuardedAction
from i18n import LANGUAGES, Language, _, ngettext, use_language
from knowledge.base import RIGHTS_INTENTS, KnowledgeBase, RenderedEntry, knowledge_base
from knowledge.extract import Extraction, extract
from knowledge.retrieval import search

__all__ = [
    "ASK_MORE_INTENT",
    "KB_ENTRY_ENTITY",
    "KB_SHOWN_SLOT",
    "MIN_SEARCH_SCORE",
    "ActionAnswerRights",
    "ActionSearchKnowledge",
    "more_payload",
]

ASK_MORE_INTENT: Final[str] = "ask_more"
KB_ENTRY_ENTITY: Final[str] = "kb_entry"
#: The entry whose short answer was shown last: "More" on it shows the long part.
KB_SHOWN_SLOT: Final[str] = "kb_shown"
#: Below this BM25 score a match is noise (measured on tests/knowledge/retrieval_set.yaml).
MIN_SEARCH_SCORE: Final[float] = 3.0


def more_payload(entry_id: str) -> str:
    """Button payload that opens an entry (short answer first, then the long part)."""
    return '/' + ASK_MORE_INTENT + '{"' + KB_ENTRY_ENTITY + '":"' + entry_id + '"}'


def _next_step_buttons(entry_id: str | None, *, with_more: bool) -> list[Button]:
    buttons = []
    if entry_id and with_more:
        buttons.append(button(_("More"), more_payload(entry_id)))
    buttons += [
        button(_("Check my rights"), "/start_eligibility_check"),
        button(_("File a complaint"), "/file_complaint"),
        button(_("Talk to a person"), "/request_human"),
    ]
    return buttons


def _sources_block(entry: RenderedEntry) -> str:
    label = ngettext("Source:", "Sources:", len(entry.citation_lines))
    return label + "\n" + "\n".join("• " + line for line in entry.citation_lines)


def _period_text(n: int, unit: str) -> str:
    # Literal msgids, one per unit, so that pybabel extracts them.
    if unit == "day":
        return ngettext("{n} day", "{n} days", n).format(n=n)
    if unit == "week":
        return ngettext("{n} week", "{n} weeks", n).format(n=n)
    if unit == "year":
        return ngettext("{n} year", "{n} years", n).format(n=n)
    return ngettext("{n} month", "{n} months", n).format(n=n)


def facts_line(found: Extraction, language: Language) -> str | None:
    """One line repeating the amounts and periods the user mentioned, formatted for the locale."""
    parts = [
        format_currency(a, "KZT", format="#,##0\u00a0¤", locale=language, currency_digits=False)
        for a in found.amounts_kzt
    ]
    parts += [_period_text(n, unit) for n, unit in found.periods]
    parts += found.platforms + found.cities
    if not parts:
        return None
    return _("You mentioned: {facts}. Keep the documents that show this.").format(
        facts=", ".join(parts)
    )


def short_message(entry: RenderedEntry) -> str:
    """The short answer with its citation lines (one Telegram message)."""
    lines = []
    if entry.proposal:
        lines.append(_("This is a proposal, not current law."))
    lines += [entry.title, "", entry.short, "", _sources_block(entry)]
    return "\n".join(lines)


def more_message(entry: RenderedEntry) -> str:
    """The long part: explanation, what differs by audience, next steps, sources and links."""
    audience_titles = {
        "employee": _("If you are an employee"),
        "platform_worker": _("If you work through an app (courier, driver)"),
        "migrant": _("If you are a migrant worker"),
    }
    lines = []
    if entry.proposal:
        lines.append(_("This is a proposal, not current law."))
    lines += [entry.title, "", entry.more]
    for key, text in entry.audience.items():
        lines += ["", audience_titles[key] + ": " + text]
    lines += ["", _("What to do:")]
    lines += [f"{i}. {step}" for i, step in enumerate(entry.next_steps, 1)]
    lines += ["", _sources_block(entry)]
    if entry.links:
        lines += [_("Official texts:"), *entry.links]
    return "\n".join(lines)


def _latest_text(tracker: Tracker) -> str:
    text = (tracker.latest_message or {}).get("text") or ""
    return "" if text.startswith("/") else text


def _requested_entry(tracker: Tracker) -> str | None:
    for entity in (tracker.latest_message or {}).get("entities") or []:
        if entity.get("entity") == KB_ENTRY_ENTITY and entity.get("value"):
            return str(entity["value"])
    # A typed "more" without a button: the entry shown last, else the last one a button named.
    value = tracker.get_slot(KB_SHOWN_SLOT) or tracker.get_slot(KB_ENTRY_ENTITY)
    return str(value) if value else None


class _KnowledgeAction(GuardedAction, ABC):
    """An action that reads the knowledge base (injectable for tests).

    Abstract, so the action server does not register this base itself.
    """

    @abstractmethod
    def name(self) -> str:
        """Action name used in the domain."""

    def __init__(self, kb: KnowledgeBase | None = None) -> None:
        self._kb = kb

    @property
    def kb(self) -> KnowledgeBase:
        """The knowledge base (the process-wide one unless a test injected its own)."""
        return self._kb or knowledge_base()


class ActionAnswerRights(_KnowledgeAction):
    """Answer a rights-topic intent (or "More" on an entry) from the knowledge base."""

    def name(self) -> str:
        """Action name used in the domain and rules."""
        return "action_answer_rights"

    async def act(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[EventType]:
        """Send the answer; remember which entry was shown so "More" can follow."""
        lang = language_of(tracker)
        intent = ((tracker.latest_message or {}).get("intent") or {}).get("name") or ""
        with use_language(lang):
            if intent == ASK_MORE_INTENT:
                return self._open_entry(dispatcher, tracker, lang)
            return self._answer_intent(dispatcher, tracker, intent, lang)

    def _answer_intent(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, intent: str, lang: Language
    ) -> list[EventType]:
        primary = self.kb.primary_entry(intent) if intent in RIGHTS_INTENTS else None
        if primary is None:
            dispatcher.utter_message(
                text=_("I do not have a checked answer on this topic yet. Choose a topic:"),
                buttons=main_topic_buttons(),
            )
            return []
        entry = self.kb.render(primary, lang)
        text = short_message(entry)
        found = facts_line(extract(_latest_text(tracker)), lang)
        if found:
            text += "\n\n" + found
        buttons = _next_step_buttons(entry.id, with_more=True)
        # Other entries on the same intent (e.g. dismissal because of AI) as extra buttons.
        for other in self.kb.entries_for_intent(intent):
            if other.id != entry.id:
                title = self.kb.fill(other.texts[lang].title, lang)
                buttons.insert(1, button(title, more_payload(other.id)))
        dispatcher.utter_message(text=text, buttons=buttons)
        return [SlotSet(KB_SHOWN_SLOT, entry.id)]

    def _open_entry(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, lang: Language
    ) -> list[EventType]:
        entry_id = _requested_entry(tracker)
        if not entry_id or not self.kb.has_entry(entry_id):
            dispatcher.utter_message(
                text=_("I do not have a checked answer on this topic yet. Choose a topic:"),
                buttons=main_topic_buttons(),
            )
            return []
        entry = self.kb.render(self.kb.entry(entry_id), lang)
        if tracker.get_slot(KB_SHOWN_SLOT) == entry_id:
            dispatcher.utter_message(
                text=more_message(entry), buttons=_next_step_buttons(None, with_more=False)
            )
            return [SlotSet(KB_SHOWN_SLOT, None)]
        dispatcher.utter_message(
            text=short_message(entry), buttons=_next_step_buttons(entry.id, with_more=True)
        )
        return [SlotSet(KB_SHOWN_SLOT, entry.id)]


class ActionSearchKnowledge(_KnowledgeAction):
    """Fallback: search the knowledge base with the user's words and offer the best matches."""

    def name(self) -> str:
        """Action name used in the domain, rules and as the core fallback action."""
        return "action_search_knowledge"

    def _matches(self, text: str, lang: Language) -> list[tuple[str, float]]:
        """Matches above the threshold in the user's language; failing that, in the others
        (people mix languages: a Kazakh-speaking user may well type in Russian)."""
        if not text.strip():
            return []
        for language in (lang, *(x for x in LANGUAGES if x != lang)):
            found = [
                (entry_id, score)
                for entry_id, score in search(text, language, k=3)
                if score >= MIN_SEARCH_SCORE and self.kb.has_entry(entry_id)
            ]
            if found:
                return found
        return []

    async def act(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[EventType]:
        """Offer up to three matching entries as buttons, or the main topics."""
        lang = language_of(tracker)
        text = _latest_text(tracker)
        matches = self._matches(text, lang)
        with use_language(lang):
            if not matches:
                dispatcher.utter_message(
                    text=_(
                        "I am not sure I understood. Choose a topic, or write your question "
                        "in other words:"
                    ),
                    buttons=main_topic_buttons(),
                )
                return []
            buttons: list[dict[str, Any]] = [
                button(self.kb.fill(self.kb.entry(e).texts[lang].title, lang), more_payload(e))
                for e, _score in matches
            ]
            buttons.append(button(_("Talk to a person"), "/request_human"))
            message = _("This is what I found on your question. Choose a topic:")
            found = facts_line(extract(text), lang)
            if found:
                message += "\n\n" + found
            dispatcher.utter_message(text=message, buttons=buttons)
        return []


# Load and validate every entry when the action server imports this module, so a broken entry
# stops the server at start with the file and field named, not at a user's question.
knowledge_base()
