"""Global slot mappings: keep the ``language`` slot in step with the front end's choice."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import ValidationAction
from rasa_sdk.types import DomainDict

from actions.common import metadata_of
from actions.guard import log_failure
from i18n import normalize_language


class ValidateSlotMappings(ValidationAction):
    """Runs after every user message (Rasa's ``action_validate_slot_mappings``)."""

    def name(self) -> str:
        """Rasa calls the global validation action by this fixed name."""
        return "action_validate_slot_mappings"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        """Runs after every user message: a failure here must not fail the message."""
        try:
            return await super().run(dispatcher, tracker, domain)
        except Exception as error:  # the language slot can wait; the conversation cannot
            log_failure(self.name(), error)
            return []

    async def extract_language(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Take the language from a ``language`` entity (button payload) or the metadata."""
        entity = next(tracker.get_latest_entity_values("language"), None)
        language = normalize_language(entity) or normalize_language(
            metadata_of(tracker).get("language")
        )
        if language is None or language == tracker.get_slot("language"):
            return {}
        return {"language": language}
