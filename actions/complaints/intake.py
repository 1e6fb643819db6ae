"""The complaint form: which questions a draft needs, what follows an answer, how it is shown.

* ``action_complaint_start`` opens a new draft (a fresh idempotency key) or resumes a paused
  one. A new draft right after an eligibility result starts with the topic and a description
  drafted from its answers (:mod:`complaints.prefill`; no personal data), otherwise with the
  topic of the last rights question.
* ``validate_complaint_form`` and ``action_ask_<slot>`` come from the form engine: the identity
  tier first, consent before any personal data (no consent → anonymous only), then the facts,
  then a summary to submit, edit or cancel.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from typing import Any, Final

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import Button, button, language_of
from actions.complaints.draft import (
    ATTACHMENTS,
    DRAFT_ID,
    EDITING,
    PAUSED,
    PERSONAL_SLOTS,
    RECEIPT,
    attachment_ids,
    draft_from_slots,
)
from actions.complaints.questions import EDITABLE, QUESTIONS, field_name
from actions.forms import Question, answer_payload
from actions.forms.engine import (
    COMMON_INTERRUPTIONS,
    ERROR_COUNT,
    INVALID_COUNT,
    Form,
    form_actions,
    layout,
    replaced_personal,
    resolved_answers,
)
from actions.guard import GuardedAction
from actions.sealing import discard, resolve, seal_answer, utter_sealed
from complaints import prefill
from complaints.model import IdentityTier, category_from_intent
from complaints.texts import summary_text
from i18n import _, use_language
from i18n.normalize import ascii_digits, clean

__all__ = ["FORM", "ActionComplaintStart", "required_slots"]

#: Set by the eligibility result (contract: ``actions.eligibility.result.summary_of``). Read by
#: name, not imported: the intake must not depend on the questionnaire's modules.
ELIG_SUMMARY: Final = "elig_summary"
#: The class of working conditions answered in the interview (a workplace fact, not personal).
ELIG_WORK_CLASS: Final = "elig_work_class"
_PERSONAL_TIERS: Final = (IdentityTier.CONFIDENTIAL, IdentityTier.NAMED)


def required_slots(values: Mapping[str, Any]) -> list[str]:
    """The questions this draft needs, in order (depends on the tier and consent)."""
    tier = values.get("complaint_tier")
    slots = ["complaint_tier"]
    if tier in _PERSONAL_TIERS:
        slots.append("complaint_consent")
    slots += ["complaint_category", "complaint_employer", "complaint_bin", "complaint_region",
              "complaint_period", "complaint_amount", "complaint_description",
              "complaint_request"]
    if tier in _PERSONAL_TIERS:
        slots += ["complaint_full_name", "complaint_contact"]
    if tier == IdentityTier.NAMED:
        slots += ["complaint_iin", "complaint_address"]
    if tier in _PERSONAL_TIERS:
        slots.append("complaint_notify")  # an anonymous complaint keeps no chat to write to
    return [*slots, "complaint_confirm"]


def _follow_up(
    slot: str, value: Any, text: str, answers: Mapping[str, Any],
    dispatcher: CollectingDispatcher,
) -> dict[str, Any]:
    """What else an accepted answer changes (see the module doc)."""
    if slot == "complaint_consent" and value == "no":
        dispatcher.utter_message(
            text=_("Understood. Without consent the complaint will be anonymous: it is counted "
                   "in the statistics, and no personal data is collected.")
        )
        return {"complaint_tier": IdentityTier.ANONYMOUS.value,
                **dict.fromkeys(PERSONAL_SLOTS)}
    if slot == "complaint_employer":
        return _bin_in(text)
    if slot != "complaint_confirm":
        return {}
    if value == "edit":
        return {slot: None, EDITING: True}
    if isinstance(value, str) and value.startswith("edit:"):
        field = value.removeprefix("edit:")
        cleared: dict[str, Any] = {slot: None, EDITING: False}
        if field in EDITABLE:
            cleared["complaint_" + field] = None
        if field == "tier":
            cleared["complaint_consent"] = None  # a new tier asks for consent again
        return cleared
    return {EDITING: False}


def _bin_in(text: str) -> dict[str, Any]:
    """A valid BIN typed with the employer's name saves the BIN question."""
    digits = "".join(c for c in ascii_digits(clean(text)) if c.isdigit())
    if len(digits) != 12:
        return {}
    try:
        value = FORM.by_slot["complaint_bin"].answer(digits)
    except ValueError:  # not a valid BIN: the BIN question will ask for it
        return {}
    return {"complaint_bin": value} if value else {}


def _render(
    question: Question, answers: Mapping[str, Any], tracker: Tracker
) -> tuple[str, list[Button]] | None:
    """The summary (or the fields to change) and the prefill hints; else the default."""
    if question.slot == "complaint_confirm":
        if tracker.get_slot(EDITING):
            fields = [f for f in EDITABLE if "complaint_" + f in FORM.required(answers)]
            return _("What do you want to change?"), [
                button(field_name(f), answer_payload("edit:" + f)) for f in fields
            ]
        draft = draft_from_slots(resolved_answers(FORM, tracker), "ru", attachment_ids(tracker))
        return summary_text(draft), [
            button(_("Submit"), answer_payload("submit")),
            button(_("Edit"), answer_payload("edit")),
            button(_("Cancel"), answer_payload("cancel")),
        ]
    hint = _hint(question.slot, tracker)
    if hint is None:
        return None
    text, buttons = layout(FORM, question, answers, tracker)
    return hint + "\n" + text, buttons


def _hint(slot: str, tracker: Tracker) -> str | None:
    """What the questionnaire says about the period or the amount (prefilled drafts only)."""
    if slot not in ("complaint_period", "complaint_amount"):
        return None
    summary = _prefilled_from(tracker)
    if summary is None:
        return None
    if slot == "complaint_period":
        return prefill.period_hint(summary, _work_class(tracker))
    return prefill.amount_hint(summary)


FORM: Final = Form(
    name="complaint_form",
    questions=QUESTIONS,
    path=required_slots,
    paused_slot=PAUSED,
    interruptions={
        **COMMON_INTERRUPTIONS,
        # A photo or document sent while the form asks something joins the draft.
        "complaint_attach": "action_complaint_attach",
        # "Check my rights" in the middle of a complaint: the complaint waits.
        "start_eligibility_check": "action_eligibility_start",
    },
    follow_up=_follow_up,
    render=_render,
    restart_slots=(ATTACHMENTS, EDITING),
)

#: The engine's validator and one ask action per question; the action server registers them.
VALIDATOR, ASK_ACTIONS = form_actions(FORM, globals(), "Complaint")


# --- start -------------------------------------------------------------------------------------


class ActionComplaintStart(GuardedAction):
    """Open a new complaint draft, or resume the half-filled one."""

    def name(self) -> str:
        """Action name in the domain."""
        return "action_complaint_start"

    async def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        """Explain the tiers on a new draft; say "let's continue" on a resumed one."""
        answers = FORM.answers(tracker.slots)
        submitted = bool(tracker.get_slot(RECEIPT))
        events: list[EventType] = [SlotSet(PAUSED, False), SlotSet(INVALID_COUNT, 0),
                                   SlotSet(ERROR_COUNT, 0)]
        with use_language(language_of(tracker)):
            if submitted or not tracker.get_slot(DRAFT_ID) or not any(answers.values()):
                discard(tracker, replaced_personal(FORM, tracker, FORM.cleared()))
                events += [SlotSet(slot, value) for slot, value in FORM.cleared().items()]
                events += [SlotSet(DRAFT_ID, uuid.uuid4().hex), SlotSet(RECEIPT, None)]
                prefilled = _prefill(tracker)
                description = prefilled.get("complaint_description")
                if description:  # what happened is personal: the slot keeps a reference
                    prefilled["complaint_description"] = seal_answer(
                        tracker, "complaint_description", description)
                events += [SlotSet(slot, value) for slot, value in prefilled.items()]
                if description:
                    utter_sealed(dispatcher, tracker, _(
                        "Let's prepare a complaint to the labour inspection. I have filled in "
                        "the topic and a description from your check: \"{description}\" You will "
                        "see everything before sending and can change it. First, choose how much "
                        "the inspectors may know about you.").format(description=description))
                else:
                    dispatcher.utter_message(text=_(
                        "Let's prepare a complaint to the labour inspection. First, choose how "
                        "much the inspectors may know about you."))
            else:
                dispatcher.utter_message(text=_("Let's continue your complaint."))
        return events


def _summary(tracker: Tracker) -> dict[str, Any] | None:
    """The eligibility result's summary (sealed: it tells, e.g., that a passport is held)."""
    value = resolve(tracker, {ELIG_SUMMARY: tracker.get_slot(ELIG_SUMMARY)})[ELIG_SUMMARY]
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return None
    return value if isinstance(value, dict) else None


def _fresh_summary(tracker: Tracker) -> dict[str, Any] | None:
    """The eligibility summary if no complaint was started since it was set, else None.

    A summary used once (or older than the last complaint) does not prefill the next complaint.
    """
    summary = _summary(tracker)
    if summary is None:
        return None
    for event in reversed(tracker.events):
        if event.get("event") == "slot" and event.get("name") == ELIG_SUMMARY:
            return summary if event.get("value") else None
        if event.get("event") == "action" and event.get("name") == "action_complaint_start":
            return None
    return summary  # set before the events kept here (an earlier session): still unused


def _work_class(tracker: Tracker) -> str | None:
    value = tracker.get_slot(ELIG_WORK_CLASS)
    return str(value) if value in prefill.HARMFUL_CLASSES else None


def _prefill(tracker: Tracker) -> dict[str, Any]:
    """Slot values a new draft starts with (call inside ``use_language``).

    From a fresh eligibility summary: its topic and a description draft in the user's language.
    Otherwise the topic of the rights question that led here, if any. Never personal data.
    """
    summary = _fresh_summary(tracker)
    if summary is not None:
        values: dict[str, Any] = {}
        category = prefill.prefill_category(summary)
        description = prefill.description_draft(summary, _work_class(tracker))
        if category:
            values["complaint_category"] = category
        if description:
            values["complaint_description"] = description
        if values:
            return values
    previous = _previous_topic(tracker)
    return {"complaint_category": previous} if previous != "other" else {}


def _prefilled_from(tracker: Tracker) -> dict[str, Any] | None:
    """The summary this draft's description was drafted from (it is still the draft), if any."""
    summary = _summary(tracker)
    if summary is None:
        return None
    draft = prefill.description_draft(summary, _work_class(tracker))
    current = resolved_answers(FORM, tracker).get("complaint_description")
    return summary if draft and current == draft else None


def _previous_topic(tracker: Tracker) -> str:
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            intent = (event.get("parse_data") or {}).get("intent", {}).get("name")
            category = category_from_intent(intent)
            if category != "other":
                return category
    return "other"
