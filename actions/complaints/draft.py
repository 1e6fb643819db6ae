"""What every complaint action shares: the draft's slots and how they make a draft.

The answers of a half-filled complaint are slots of ``complaint_form`` (they survive restarts
through the tracker store); :func:`draft_from_slots` turns them into the domain's
:class:`~complaints.model.ComplaintDraft` for the summary and the submission.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Final

from rasa_sdk import Tracker

from complaints.model import DRAFT_ID_SLOT, RECEIPT_SLOT, ComplaintDraft, IdentityTier

__all__ = [
    "ATTACHMENTS",
    "DRAFT_ID",
    "EDITING",
    "NONE",
    "PAUSED",
    "PERSONAL_SLOTS",
    "PLATFORMS",
    "RECEIPT",
    "SLOTS",
    "attachment_ids",
    "draft_from_slots",
    "values_of",
]

#: One per draft: the idempotency key of the submission (double "submit" stores once).
DRAFT_ID: Final = DRAFT_ID_SLOT
#: Receipt code of the submitted draft; the next /file_complaint starts a new one.
RECEIPT: Final = RECEIPT_SLOT
#: Ids of the files received for this draft (complaint_attachments rows, linked on submit).
ATTACHMENTS: Final = "complaint_attachments"
#: "stop" during the complaint: the form ends, the draft is kept for "Continue".
PAUSED: Final = "complaint_paused"
#: The summary's "Edit" was pressed: the summary question shows the fields to change.
EDITING: Final = "complaint_editing"
#: Stored for a skipped optional answer (BIN, period, amount).
NONE: Final = "none"

#: The form's questions, in the order of the domain's ``required_slots``.
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
    "complaint_contact",
    "complaint_iin",
    "complaint_address",
    "complaint_notify",
    "complaint_confirm",
)
#: Slots that hold personal data (cleared when the user withdraws consent).
PERSONAL_SLOTS: Final = ("complaint_full_name", "complaint_iin", "complaint_address",
                         "complaint_contact")
PLATFORMS: Final = ("yandex", "яндекс", "glovo", "wolt", "indrive", "индрайв", "uber", "bolt",
                    "choco", "arbuz", "airba", "kaspi")


def values_of(tracker: Tracker) -> dict[str, Any]:
    """The form's slot values as the tracker holds them."""
    return {slot: tracker.get_slot(slot) for slot in SLOTS}


def attachment_ids(tracker: Tracker) -> list[int]:
    """Ids of the files received for the current draft."""
    value = tracker.get_slot(ATTACHMENTS) or []
    return [int(v) for v in value if str(v).isdigit()] if isinstance(value, list) else []


def _split_period(value: str | None) -> tuple[date | None, date | None]:
    if not value or value == NONE:
        return None, None
    start, _sep, end = value.partition("/")
    return date.fromisoformat(start), date.fromisoformat(end) if end else None


def _given(value: Any) -> Any:
    return None if value in (None, NONE) else value


def draft_from_slots(
    values: dict[str, Any], language: str, attachments: list[int] | None = None
) -> ComplaintDraft:
    """Build the domain draft from the form's (canonical) slot values and the files received."""
    employer = values.get("complaint_employer") or ""
    is_platform = any(p in employer.lower() for p in PLATFORMS)
    start, end = _split_period(values.get("complaint_period"))
    amount = _given(values.get("complaint_amount"))
    tier = IdentityTier(values.get("complaint_tier") or IdentityTier.ANONYMOUS)
    return ComplaintDraft(
        category=values.get("complaint_category") or "other",
        description=values.get("complaint_description") or "",
        identity_tier=tier,
        employer_name=None if is_platform else employer or None,
        platform_name=employer if is_platform else None,
        employer_bin=_given(values.get("complaint_bin")),
        region=values.get("complaint_region"),
        period_start=start,
        period_end=end,
        amount_kzt=None if amount is None else int(amount),
        request=_given(values.get("complaint_request")),
        consent_personal_data=values.get("complaint_consent") == "yes",
        full_name=values.get("complaint_full_name"),
        iin=values.get("complaint_iin"),
        address=values.get("complaint_address"),
        contact=values.get("complaint_contact"),
        notify=values.get("complaint_notify") == "yes",
        language=language,
        attachment_ids=list(attachments or []),
    )
