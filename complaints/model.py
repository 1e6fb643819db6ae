"""The complaint record as the domain sees it (ARCHITECTURE §5), independent of storage."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any, Final

__all__ = [
    "ANONYMOUS_RECEIPT",
    "CATEGORIES",
    "DRAFT_ID_SLOT",
    "RECEIPT_SLOT",
    "STATUS_TRANSITIONS",
    "TEXT_LIMITS",
    "ComplaintDraft",
    "ComplaintStatus",
    "IdentityTier",
    "category_from_intent",
    "draft_is_open",
]


#: Slot of the conversation holding the open draft's id (its idempotency key).
DRAFT_ID_SLOT: Final = "complaint_draft_id"
#: Slot holding the receipt code once the draft is submitted.
RECEIPT_SLOT: Final = "complaint_receipt"
#: What the receipt slot holds for an anonymous complaint: the conversation must not keep the
#: code that leads to it.
ANONYMOUS_RECEIPT: Final = "anonymous"


#: The longest text each complaint field may hold, in characters: the one source for the form's
#: checks, the service's validation, the database columns and the JSON export schema (a test
#: holds them together; an export must never fail on a value the intake accepted).
TEXT_LIMITS: Final[Mapping[str, int]] = {
    "employer_name": 300,
    "platform_name": 120,
    "region": 120,
    "city": 120,
    "description": 4000,
    "request": 1000,
    "full_name": 300,
    "address": 500,
    "contact": 200,
}


def draft_is_open(slots: Mapping[str, Any]) -> bool:
    """Whether a conversation's slots hold a complaint draft not yet submitted."""
    return bool(slots.get(DRAFT_ID_SLOT)) and not slots.get(RECEIPT_SLOT)


class IdentityTier(StrEnum):
    """How much of the author the inspectors (and nobody else) may know."""

    ANONYMOUS = "anonymous"  # counted in statistics, not individually actionable
    CONFIDENTIAL = "confidential"  # known to inspectors, hidden from the employer
    NAMED = "named"  # full official appeal: name, IIN, postal address, contact


class ComplaintStatus(StrEnum):
    """Lifecycle of a submitted complaint."""

    SUBMITTED = "submitted"
    RECEIVED = "received"
    IN_REVIEW = "in_review"
    NEEDS_INFO = "needs_info"
    RESOLVED = "resolved"
    REJECTED = "rejected"


# Which status an inspector may move a complaint to; resolved/rejected may be reopened.
STATUS_TRANSITIONS: Final[dict[ComplaintStatus, frozenset[ComplaintStatus]]] = {
    ComplaintStatus.SUBMITTED: frozenset(
        {ComplaintStatus.RECEIVED, ComplaintStatus.IN_REVIEW, ComplaintStatus.REJECTED}
    ),
    ComplaintStatus.RECEIVED: frozenset(
        {
            ComplaintStatus.IN_REVIEW,
            ComplaintStatus.NEEDS_INFO,
            ComplaintStatus.RESOLVED,
            ComplaintStatus.REJECTED,
        }
    ),
    ComplaintStatus.IN_REVIEW: frozenset(
        {ComplaintStatus.NEEDS_INFO, ComplaintStatus.RESOLVED, ComplaintStatus.REJECTED}
    ),
    ComplaintStatus.NEEDS_INFO: frozenset(
        {ComplaintStatus.IN_REVIEW, ComplaintStatus.RESOLVED, ComplaintStatus.REJECTED}
    ),
    ComplaintStatus.RESOLVED: frozenset({ComplaintStatus.IN_REVIEW}),
    ComplaintStatus.REJECTED: frozenset({ComplaintStatus.IN_REVIEW}),
}

# Complaint categories = the rights topics of the intent taxonomy (ARCHITECTURE §3) without the
# "ask_" prefix, plus "other". ask_complaint_process is about the procedure, not a violation.
CATEGORIES: Final[tuple[str, ...]] = (
    "employment_status",
    "algorithmic_management",
    "wages_unpaid",
    "minimum_wage",
    "working_time",
    "leave",
    "dismissal",
    "employment_contract",
    "harmful_conditions",
    "safety_injury",
    "social_protection",
    "migrant_permit",
    "migrant_rights",
    "discrimination_harassment",
    "ai_at_work",
    "union",
    "other",
)


def category_from_intent(intent: str | None) -> str:
    """Map an intent name (``ask_wages_unpaid``) to a complaint category (``wages_unpaid``)."""
    if intent and intent.startswith("ask_") and intent[4:] in CATEGORIES:
        return intent[4:]
    return "other"


@dataclass(slots=True)
class ComplaintDraft:
    """What the intake collects before submission (already parsed, not yet validated).

    Amounts are whole tenge; the period is [period_start, period_end] (end None = ongoing).
    Personal fields are kept only for the confidential and named tiers.
    """

    category: str
    description: str
    identity_tier: IdentityTier = IdentityTier.ANONYMOUS
    employer_name: str | None = None
    employer_bin: str | None = None
    platform_name: str | None = None
    region: str | None = None
    city: str | None = None
    period_start: date | None = None
    period_end: date | None = None
    amount_kzt: int | None = None
    request: str | None = None
    consent_personal_data: bool = False
    full_name: str | None = None
    iin: str | None = None
    address: str | None = None
    contact: str | None = None
    language: str = "ru"
    attachment_ids: list[int] = field(default_factory=list)
    #: The author asked to be written to in this chat about status changes (never anonymous).
    notify: bool = False
