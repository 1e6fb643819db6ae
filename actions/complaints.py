"""Complaint intake in chat (Rasa form) and what comes after: status and data deletion.

* ``action_complaint_start`` opens a new draft (a fresh idempotency key) or resumes a half-filled
  one — the answers are slots, so they survive restarts through the tracker store. A new draft
  right after an eligibility result starts with the topic and a description drafted from its
  answers (:mod:`complaints.prefill`; no personal data), otherwise with the topic of the last
  rights question.
* ``action_ask_complaint_<slot>`` asks one question in the user's language, with buttons.
* ``validate_complaint_form`` parses answers with :mod:`complaints.validators` (localized
  errors), picks the questions this tier needs (dynamic ``required_slots``): the identity tier
  first, consent before any personal data (no consent → anonymous only), a summary to submit,
  edit or cancel.
* ``action_complaint_submit`` stores the complaint once (pressing "submit" twice returns the
  same receipt code) and says the receipt code.
* ``action_complaint_status`` shows the author's complaints (by receipt code or all of theirs);
  someone else's code looks exactly like an unknown one.
* ``action_delete_my_data`` asks for confirmation, then erases personal data and attachments.

Button payloads are ``/complaint_pick{"pick":"<value>"}`` (kept under 60 bytes).
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import uuid
from abc import ABC, abstractmethod
from datetime import date
from functools import cache
from typing import Any, Final

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from actions.common import Button, button, language_of, metadata_of, publish_ask_actions
from complaints import prefill
from complaints.model import CATEGORIES, ComplaintDraft, IdentityTier, category_from_intent
from complaints.receipt import normalize_receipt_code
from complaints.service import complaint_for_author, delete_my_data, submit_complaint
from complaints.texts import (
    category_label,
    format_amount,
    format_period,
    receipt_text,
    status_label,
    summary_text,
    tier_explanation,
    tier_label,
)
from complaints.validators import (
    ComplaintValidationError,
    parse_amount,
    parse_period,
    validate_bin,
    validate_iin,
)
from i18n import _, use_language
from storage.complaints import Complaint
from storage.db import make_session_factory
from storage.users import User

__all__ = [
    "ATTACHMENTS",
    "DRAFT_ID",
    "FORM",
    "PICK_INTENT",
    "SLOTS",
    "ActionComplaintAttach",
    "ActionComplaintStart",
    "ActionComplaintStatus",
    "ActionComplaintSubmit",
    "ActionDeleteMyData",
    "ValidateComplaintForm",
    "draft_from_slots",
    "pick",
    "required_slots",
    "user_key_of",
]

log = logging.getLogger(__name__)

FORM: Final = "complaint_form"
PICK_INTENT: Final = "complaint_pick"
DRAFT_ID: Final = "complaint_draft_id"
RECEIPT: Final = "complaint_receipt"
ATTACHMENTS: Final = "complaint_attachments"
ATTACH_INTENT: Final = "complaint_attach"
MAX_ATTACHMENTS: Final = 10
NONE: Final = "none"
#: Set by the eligibility result (contract: ``actions.eligibility.result.summary_of``). Read by
#: name, not imported: the intake must not depend on the questionnaire's modules.
ELIG_SUMMARY: Final = "elig_summary"
#: The class of working conditions answered in the interview (a workplace fact, not personal).
ELIG_WORK_CLASS: Final = "elig_work_class"
SLOTS: Final[tuple[str, ...]] = (
    "complaint_tier",
    "complaint_consent",
    "complaint_category",
    "complaint_employer",
    "complaint_bin",
    "complaint_region",
    "complaint_period",
    "complaint_amount",
    "complaint_description",
    "complaint_request",
    "complaint_full_name",
    "complaint_iin",
    "complaint_address",
    "complaint_contact",
    "complaint_confirm",
)
#: Fields the summary's "Edit" offers (slot suffixes).
EDITABLE: Final = ("category", "employer", "bin", "region", "period", "amount", "description",
                   "request", "full_name", "iin", "address", "contact", "tier")
#: Shown first among the category buttons: the most common complaints.
TOP_CATEGORIES: Final = ("wages_unpaid", "dismissal", "algorithmic_management", "working_time",
                         "employment_contract", "safety_injury", "migrant_rights", "other")
PLATFORMS: Final = ("yandex", "яндекс", "glovo", "wolt", "indrive", "индрайв", "uber", "bolt",
                    "choco", "arbuz", "airba", "kaspi")
_PAYLOAD_RE: Final = re.compile(r"^/(?P<intent>\w+)(?P<entities>\{.*\})?$", re.DOTALL)
_SKIP_WORDS: Final = frozenset({"skip", "no", "none", "-", "нет", "пропустить", "не знаю",
                                "жоқ", "өткізу", "білмеймін", "дальше"})


def pick(value: str) -> str:
    """The button payload that answers the current question with ``value``."""
    return "/" + PICK_INTENT + json.dumps({"pick": value}, separators=(",", ":"))


def payload_value(text: str | None) -> str | None:
    """Decode a ``/complaint_pick{...}`` (or ``/affirm``, ``/deny``) payload, else ``None``."""
    match = _PAYLOAD_RE.match((text or "").strip())
    if not match:
        return None
    if match["intent"] in ("affirm", "deny"):
        return "yes" if match["intent"] == "affirm" else "no"
    if match["intent"] != PICK_INTENT or not match["entities"]:
        return None
    try:
        value = json.loads(match["entities"]).get("pick")
    except (ValueError, AttributeError):
        return None
    return str(value) if value is not None else None


def user_key_of(tracker: Tracker) -> str:
    """The pseudonymous user key from the front end's metadata (the bot's salted HMAC).

    The bot also uses that key as the Rasa sender id, so a message without metadata from the bot
    still maps to the same user. Any other sender (REST calls, tests) is hashed, so a raw id
    never reaches storage.
    """
    key = str(metadata_of(tracker).get("user_key") or "")
    if re.fullmatch(r"[0-9a-f]{64}", key):
        return key
    if re.fullmatch(r"[0-9a-f]{64}", tracker.sender_id or ""):
        return str(tracker.sender_id)
    return hashlib.sha256(f"rasa-sender:{tracker.sender_id}".encode()).hexdigest()


def required_slots(values: dict[str, Any]) -> list[str]:
    """The questions this draft needs, in order (depends on the tier and consent)."""
    tier = values.get("complaint_tier")
    slots = ["complaint_tier"]
    if tier in (IdentityTier.CONFIDENTIAL, IdentityTier.NAMED):
        slots.append("complaint_consent")
    slots += ["complaint_category", "complaint_employer", "complaint_bin", "complaint_region",
              "complaint_period", "complaint_amount", "complaint_description",
              "complaint_request"]
    if tier in (IdentityTier.CONFIDENTIAL, IdentityTier.NAMED):
        slots += ["complaint_full_name", "complaint_contact"]
    if tier == IdentityTier.NAMED:
        slots += ["complaint_iin", "complaint_address"]
    return [*slots, "complaint_confirm"]


def _values(tracker: Tracker) -> dict[str, Any]:
    return {slot: tracker.get_slot(slot) for slot in SLOTS}


def _attachment_ids(tracker: Tracker) -> list[int]:
    value = tracker.get_slot(ATTACHMENTS) or []
    return [int(v) for v in value if str(v).isdigit()] if isinstance(value, list) else []


def _split_period(value: str | None) -> tuple[date | None, date | None]:
    if not value or value == NONE:
        return None, None
    start, _sep, end = value.partition("/")
    return date.fromisoformat(start), date.fromisoformat(end) if end else None


def draft_from_slots(
    values: dict[str, Any], language: str, attachment_ids: list[int] | None = None
) -> ComplaintDraft:
    """Build the domain draft from the form's slot values (and the files received)."""
    employer = values.get("complaint_employer") or ""
    is_platform = any(p in employer.lower() for p in PLATFORMS)
    start, end = _split_period(values.get("complaint_period"))
    amount = values.get("complaint_amount")
    bin_ = values.get("complaint_bin")
    tier = IdentityTier(values.get("complaint_tier") or IdentityTier.ANONYMOUS)
    return ComplaintDraft(
        category=values.get("complaint_category") or "other",
        description=values.get("complaint_description") or "",
        identity_tier=tier,
        employer_name=None if is_platform else employer or None,
        platform_name=employer if is_platform else None,
        employer_bin=None if bin_ in (None, NONE) else bin_,
        region=values.get("complaint_region"),
        period_start=start,
        period_end=end,
        amount_kzt=None if amount in (None, NONE) else int(amount),
        request=values.get("complaint_request"),
        consent_personal_data=values.get("complaint_consent") == "yes",
        full_name=values.get("complaint_full_name"),
        iin=values.get("complaint_iin"),
        address=values.get("complaint_address"),
        contact=values.get("complaint_contact"),
        language=language,
        attachment_ids=list(attachment_ids or []),
    )


@cache
def _sessions() -> sessionmaker[Session]:
    """One engine per action-server process, from DATABASE_URL (created on first use)."""
    return make_session_factory()


# --- start -------------------------------------------------------------------------------------


class ActionComplaintStart(Action):
    """Open a new complaint draft, or resume the half-filled one."""

    def name(self) -> str:
        """Action name in the domain."""
        return "action_complaint_start"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        """Explain the tiers on a new draft; say "let's continue" on a resumed one."""
        values = _values(tracker)
        submitted = bool(tracker.get_slot(RECEIPT))
        events: list[EventType] = []
        with use_language(language_of(tracker)):
            if submitted or not tracker.get_slot(DRAFT_ID) or not any(values.values()):
                events += [SlotSet(slot, None) for slot, v in values.items() if v is not None]
                events += [SlotSet(DRAFT_ID, uuid.uuid4().hex), SlotSet(RECEIPT, None),
                           SlotSet(ATTACHMENTS, None)]
                prefilled = _prefill(tracker)
                events += [SlotSet(slot, value) for slot, value in prefilled.items()]
                text = _("Let's prepare a complaint to the labour inspection. First, choose how "
                         "much the inspectors may know about you.")
                if prefilled.get("complaint_description"):
                    text = _("Let's prepare a complaint to the labour inspection. I have filled "
                             "in the topic and a description from your check: \"{description}\" "
                             "You will see everything before sending and can change it. First, "
                             "choose how much the inspectors may know about you.").format(
                        description=prefilled["complaint_description"])
                dispatcher.utter_message(text=text)
            else:
                dispatcher.utter_message(text=_("Let's continue your complaint."))
        return events


def _fresh_summary(tracker: Tracker) -> dict[str, Any] | None:
    """The eligibility summary if no complaint was started since it was set, else None.

    A summary used once (or older than the last complaint) does not prefill the next complaint.
    """
    summary = tracker.get_slot(ELIG_SUMMARY)
    if not isinstance(summary, dict):
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
    summary = tracker.get_slot(ELIG_SUMMARY)
    if not isinstance(summary, dict):
        return None
    draft = prefill.description_draft(summary, _work_class(tracker))
    return summary if draft and tracker.get_slot("complaint_description") == draft else None


def _previous_topic(tracker: Tracker) -> str:
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            intent = (event.get("parse_data") or {}).get("intent", {}).get("name")
            category = category_from_intent(intent)
            if category != "other":
                return category
    return "other"


# --- asking ------------------------------------------------------------------------------------


def _question(slot: str, values: dict[str, Any]) -> tuple[str, list[Button]]:
    """Text and buttons of the question for ``slot`` (inside ``use_language``)."""
    skip = button(_("Skip"), pick(NONE))
    if slot == "complaint_tier":
        text = "\n\n".join(tier_explanation(t) for t in IdentityTier)
        return text, [button(tier_label(t).capitalize(), pick(t.value)) for t in IdentityTier]
    if slot == "complaint_consent":
        return (
            _("To pass your name and contacts to the inspection I need your consent to the "
              "processing of personal data (Law of the RK \"On personal data and their "
              "protection\" of 21.05.2013 No. 94-V). They are used only for this complaint; "
              "you can delete them at any time with /delete_my_data. Do you agree?"),
            [button(_("I agree"), pick("yes")), button(_("No, stay anonymous"), pick("no"))],
        )
    if slot == "complaint_category":
        return _("What is the complaint about?"), [
            button(category_label(c), pick(c)) for c in TOP_CATEGORIES
        ]
    if slot == "complaint_employer":
        return _("Who is the employer? Write the company name, or the platform "
                 "(Yandex Go, Glovo, Wolt...)."), []
    if slot == "complaint_bin":
        return _("Do you know the employer's BIN (12 digits)? It helps the inspection find the "
                 "company. If not, press \"Skip\"."), [skip]
    if slot == "complaint_region":
        return _("In which region or city do you work?"), [
            button(r, pick(r)) for r in ("Алматы", "Астана", "Шымкент")
        ]
    if slot == "complaint_period":
        return _("Since when, or in which period, were your rights violated? For example: "
                 "\"from March to May\", \"2 months\", 01.03.2026–31.05.2026."), [skip]
    if slot == "complaint_amount":
        return _("How much money are you owed, in tenge? For example: 150000, 150 000 тг, "
                 "1,5 млн. If it is not about money, press \"Skip\"."), [skip]
    if slot == "complaint_description":
        return _("Describe in your own words what happened."), []
    if slot == "complaint_request":
        return _("What do you ask for? For example: pay the debt, reinstate me, "
                 "formalise the contract."), []
    if slot == "complaint_full_name":
        return _("Your full name (surname, first name, patronymic if any):"), []
    if slot == "complaint_contact":
        return _("A phone number or e-mail where the inspector can reach you:"), []
    if slot == "complaint_iin":
        return _("Your IIN (12 digits):"), []
    if slot == "complaint_address":
        return _("Your postal address (an official reply is sent there):"), []
    # complaint_confirm
    draft = draft_from_slots(values, "ru", values.get(ATTACHMENTS))
    return summary_text(draft), [
        button(_("Submit"), pick("submit")),
        button(_("Edit"), pick("edit")),
        button(_("Cancel"), pick("cancel")),
    ]


class AskComplaintQuestion(Action, ABC):
    """Ask one question of the complaint form (one subclass per slot, generated below)."""

    @property
    @abstractmethod
    def slot(self) -> str:
        """The slot this action asks for."""

    def name(self) -> str:
        """``action_ask_<slot>``: the name Rasa's form looks for."""
        return f"action_ask_{self.slot}"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        """Send the question with its buttons."""
        with use_language(language_of(tracker)):
            text, buttons = _question(self.slot, _values(tracker))
            hint = _hint(self.slot, tracker)
            if hint:
                text = hint + "\n" + text
            dispatcher.utter_message(text=text, buttons=buttons or None)
        return []


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


#: One ask action per slot; the action server registers every Action subclass it finds.
ASK_ACTIONS: Final = publish_ask_actions(AskComplaintQuestion, "AskComplaint_", SLOTS, globals())


# --- validation --------------------------------------------------------------------------------


class ValidateComplaintForm(FormValidationAction):
    """Parse and check each answer; pick the questions this tier needs."""

    def name(self) -> str:
        """Validator of ``complaint_form``."""
        return "validate_" + FORM

    async def required_slots(
        self,
        domain_slots: list[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[str]:
        """The questions of this draft (nothing after cancel: the form ends)."""
        if tracker.get_slot("complaint_confirm") == "cancel":
            return []
        return required_slots(_values(tracker))

    def _answer(self, slot: str, value: Any, dispatcher: CollectingDispatcher,
                tracker: Tracker) -> dict[str, Any]:
        if not isinstance(value, str):
            return {slot: value}
        text = value.strip()
        picked = payload_value(text)
        with use_language(language_of(tracker)):
            try:
                return _parse_answer(slot, picked, text, dispatcher, tracker)
            except ComplaintValidationError as error:
                dispatcher.utter_message(text=str(error))
                return {slot: None}


def _is_skip(picked: str | None, text: str) -> bool:
    return picked == NONE or text.lower().strip(" .!") in _SKIP_WORDS


def _parse_answer(
    slot: str, picked: str | None, text: str, dispatcher: CollectingDispatcher, tracker: Tracker
) -> dict[str, Any]:
    """Slot updates for one answer (raises ComplaintValidationError with a localized message)."""
    answer = picked if picked is not None else text
    if slot == "complaint_tier":
        words = answer.lower()
        for tier, hints in (
            (IdentityTier.ANONYMOUS, ("anonym", "аноним")),
            (IdentityTier.CONFIDENTIAL, ("confiden", "конфиденц", "құпия")),
            (IdentityTier.NAMED, ("named", "name", "имен", "атым")),
        ):
            if answer == tier.value or any(h in words for h in hints):
                return {slot: tier.value}
        dispatcher.utter_message(text=_("Please choose one of the three options."))
        return {slot: None}
    if slot == "complaint_consent":
        yes = answer in ("yes",) or answer.lower() in ("да", "иә", "yes", "согласен", "келісемін")
        if yes:
            return {slot: "yes"}
        dispatcher.utter_message(
            text=_("Understood. Without consent the complaint will be anonymous: it is counted "
                   "in the statistics, and no personal data is collected.")
        )
        return {slot: "no", "complaint_tier": IdentityTier.ANONYMOUS.value,
                "complaint_full_name": None, "complaint_contact": None,
                "complaint_iin": None, "complaint_address": None}
    if slot == "complaint_category":
        if answer in CATEGORIES:
            return {slot: answer}
        return {slot: "other"}  # typed in own words: the description will say what it is
    if slot == "complaint_employer":
        digits = re.sub(r"\D", "", answer)
        updates: dict[str, Any] = {slot: answer[:300]}
        if len(digits) == 12:
            updates["complaint_bin"] = validate_bin(digits)
        if len(answer) < 2:
            raise ComplaintValidationError(
                "employer", _("Please name the employer (company name, BIN) or the platform."))
        return updates
    if slot == "complaint_bin":
        return {slot: NONE if _is_skip(picked, text) else validate_bin(answer)}
    if slot == "complaint_region":
        return {slot: answer[:120]}
    if slot == "complaint_period":
        if _is_skip(picked, text):
            return {slot: NONE}
        period = parse_period(answer)
        end = period.end.isoformat() if period.end else ""
        return {slot: f"{period.start.isoformat()}/{end}"}
    if slot == "complaint_amount":
        return {slot: NONE if _is_skip(picked, text) else str(parse_amount(answer))}
    if slot in ("complaint_description", "complaint_request"):
        if len(" ".join(answer.split())) < 10 and slot == "complaint_description":
            raise ComplaintValidationError(
                "description", _("Please describe what happened in a few sentences."))
        return {slot: answer[:4000]}
    if slot == "complaint_iin":
        return {slot: validate_iin(answer)}
    if slot in ("complaint_full_name", "complaint_contact", "complaint_address"):
        return {slot: answer[:300]}
    # complaint_confirm
    if answer in ("submit", "cancel"):
        return {slot: answer}
    if answer == "edit":
        dispatcher.utter_message(
            text=_("What do you want to change?"),
            buttons=[button(_field_name(f), pick("edit:" + f)) for f in _editable(tracker)],
        )
        return {slot: None}
    if answer.startswith("edit:") and answer[5:] in EDITABLE:
        cleared = {slot: None, "complaint_" + answer[5:]: None}
        if answer == "edit:tier":
            cleared["complaint_consent"] = None  # a new tier asks for consent again
        return cleared
    dispatcher.utter_message(text=_("Please press \"Submit\", \"Edit\" or \"Cancel\"."))
    return {slot: None}


def _editable(tracker: Tracker) -> list[str]:
    needed = required_slots(_values(tracker))
    return [f for f in EDITABLE if "complaint_" + f in needed]


def _field_name(field: str) -> str:
    return {
        "category": _("Topic"), "employer": _("Employer"), "bin": _("BIN"),
        "region": _("Region / city"), "period": _("Period"), "amount": _("Amount"),
        "description": _("What happened"), "request": _("What you ask for"),
        "full_name": _("Full name"), "iin": _("IIN"), "address": _("Postal address"),
        "contact": _("Contact"), "tier": _("Identity"),
    }[field]


def _validator(slot: str) -> Any:
    def validate(
        self: ValidateComplaintForm,
        value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> dict[str, Any]:
        return self._answer(slot, value, dispatcher, tracker)

    validate.__name__ = f"validate_{slot}"
    validate.__doc__ = f"Validate the answer to ``{slot}``."
    return validate


for _slot in SLOTS:
    setattr(ValidateComplaintForm, f"validate_{_slot}", _validator(_slot))


# --- submit ------------------------------------------------------------------------------------


class ActionComplaintSubmit(Action):
    """Store the confirmed complaint (idempotent) and give the receipt code."""

    def name(self) -> str:
        """Action name in the domain."""
        return "action_complaint_submit"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        """Submit, or say it was cancelled; a second "submit" repeats the same receipt."""
        lang = language_of(tracker)
        values = _values(tracker)
        with use_language(lang):
            if values["complaint_confirm"] == "cancel":
                dispatcher.utter_message(text=_("The complaint was not sent. Nothing was stored."))
                return [SlotSet(s, None) for s in SLOTS] + [SlotSet(DRAFT_ID, None),
                                                            SlotSet(ATTACHMENTS, None)]
            draft_id = tracker.get_slot(DRAFT_ID)
            if not draft_id or values["complaint_confirm"] != "submit":
                dispatcher.utter_message(text=_("There is no complaint to send yet."))
                return []
            try:
                with _sessions()() as session:
                    complaint = submit_complaint(
                        session, draft_from_slots(values, lang, _attachment_ids(tracker)),
                        user_key=user_key_of(tracker), idempotency_key=draft_id,
                    )
                    session.commit()
                    code = complaint.receipt_code
            except ComplaintValidationError as error:
                dispatcher.utter_message(text=str(error))
                return [SlotSet("complaint_confirm", None)]
            dispatcher.utter_message(text=receipt_text(code))
        return [SlotSet(RECEIPT, code)]


# --- attachments -------------------------------------------------------------------------------


class ActionComplaintAttach(Action):
    """Add a file the front end has stored to the current draft.

    Contract with the bot: on a photo/document it calls
    :func:`complaints.service.store_attachment` (size/type checks raise a localized
    ``ComplaintValidationError`` to show as is), then sends Rasa the text ``/complaint_attach``
    with metadata ``{"attachment_id": <id>}``. The file is linked to the complaint on submit.
    """

    def name(self) -> str:
        """Action name in the domain."""
        return "action_complaint_attach"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        """Remember the attachment id in the draft and confirm how many files it has."""
        ids = _attachment_ids(tracker)
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


# --- status ------------------------------------------------------------------------------------

_CODE_RE: Final = re.compile(r"\b[0-9A-Za-zА-Яа-я]{4}[-\s]?[0-9A-Za-zА-Яа-я]{4}\b")


class ActionComplaintStatus(Action):
    """Status of the author's own complaints (by receipt code, or all of them)."""

    def name(self) -> str:
        """Action name in the domain."""
        return "action_complaint_status"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        """Answer with status and history; nothing about other people's complaints."""
        key = user_key_of(tracker)
        text = (tracker.latest_message or {}).get("text") or ""
        codes = [c for c in (normalize_receipt_code(m) for m in _CODE_RE.findall(text)) if c]
        with use_language(language_of(tracker)), _sessions()() as session:
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
                found = list(session.scalars(
                    select(Complaint).join(User, Complaint.user_id == User.id)
                    .where(User.user_key == key).order_by(Complaint.submitted_at.desc()).limit(5)
                ))
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


# --- delete my data ----------------------------------------------------------------------------


class ActionDeleteMyData(Action):
    """Erase the user's personal data after an explicit confirmation."""

    def name(self) -> str:
        """Action name in the domain."""
        return "action_delete_my_data"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        """First ask; on "yes" erase and clear the complaint slots."""
        text = (tracker.latest_message or {}).get("text") or ""
        # The button sends /delete_my_data{"pick":"erase"}: Rasa turns it into an entity.
        confirmed = (
            next(tracker.get_latest_entity_values("pick"), None) == "erase"
            or text.replace(" ", "").endswith('{"pick":"erase"}')
        )
        with use_language(language_of(tracker)):
            if not confirmed:
                dispatcher.utter_message(
                    text=_("This deletes your name, IIN, contacts, texts and files from all your "
                           "complaints. Inspectors keep only anonymous statistics (topic, "
                           "employer, region, amount). It cannot be undone. Delete?"),
                    buttons=[button(_("Yes, delete"), '/delete_my_data{"pick":"erase"}'),
                             button(_("No"), "/deny")],
                )
                return []
            with _sessions()() as session:
                report = delete_my_data(session, user_key_of(tracker))
                session.commit()
            dispatcher.utter_message(
                text=_("Done. Your personal data was deleted. Complaints anonymised: {count}.")
                .format(count=report.complaints_anonymised)
            )
        return [SlotSet(s, None) for s in SLOTS] + [
            SlotSet(DRAFT_ID, None), SlotSet(RECEIPT, None), SlotSet(ATTACHMENTS, None)
        ]
