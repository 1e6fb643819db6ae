"""User-facing texts of the complaint domain, in the current language (``i18n.use_language``).

The intake (Rasa actions) and the bot use these to show categories, tiers, statuses, the summary
before submitting, the receipt and status notifications. Money and dates are formatted with Babel
for the user's locale.
"""

from __future__ import annotations

from datetime import date

from babel.dates import format_date
from babel.numbers import format_decimal

from complaints.model import ComplaintDraft, ComplaintStatus, IdentityTier
from i18n import _, current_language

__all__ = [
    "anonymous_receipt_text",
    "anonymous_resent_text",
    "category_label",
    "format_amount",
    "format_period",
    "notification_text",
    "receipt_text",
    "status_label",
    "summary_text",
    "tier_explanation",
    "tier_label",
]


def category_label(category: str) -> str:
    """Human name of a complaint category."""
    labels = {
        "employment_status": _("Employment status (employee or contractor)"),
        "algorithmic_management": _("Blocking, ratings or fines by an app"),
        "wages_unpaid": _("Unpaid, late or cut wages"),
        "minimum_wage": _("Pay below the minimum wage"),
        "working_time": _("Working hours, overtime, rest days"),
        "leave": _("Leave (annual, sick, maternity)"),
        "dismissal": _("Dismissal"),
        "employment_contract": _("Employment contract"),
        "harmful_conditions": _("Harmful or dangerous work"),
        "safety_injury": _("Safety at work, injury"),
        "social_protection": _("Pension and social contributions"),
        "migrant_permit": _("Work permit of a migrant"),
        "migrant_rights": _("Rights of migrant workers"),
        "discrimination_harassment": _("Discrimination or harassment"),
        "ai_at_work": _("AI and surveillance at work"),
        "union": _("Trade union rights"),
        "other": _("Other"),
    }
    return labels.get(category, labels["other"])


def status_label(status: str) -> str:
    """Human name of a complaint status."""
    labels = {
        ComplaintStatus.SUBMITTED: _("submitted"),
        ComplaintStatus.RECEIVED: _("received by the inspection"),
        ComplaintStatus.IN_REVIEW: _("under review"),
        ComplaintStatus.NEEDS_INFO: _("more information needed"),
        ComplaintStatus.RESOLVED: _("resolved"),
        ComplaintStatus.REJECTED: _("rejected"),
    }
    return labels.get(ComplaintStatus(status), status)


def tier_label(tier: str) -> str:
    """Short name of an identity tier."""
    return {
        IdentityTier.ANONYMOUS: _("anonymous"),
        IdentityTier.CONFIDENTIAL: _("confidential"),
        IdentityTier.NAMED: _("with my name"),
    }[IdentityTier(tier)]


def tier_explanation(tier: str) -> str:
    """The honest one-paragraph explanation shown before the user chooses a tier."""
    return {
        IdentityTier.ANONYMOUS: _(
            "Anonymous: we do not ask who you are. Your complaint is counted in the statistics "
            "on employers, but an inspector cannot act on it individually."
        ),
        IdentityTier.CONFIDENTIAL: _(
            "Confidential: inspectors know who you are and can contact you; the employer is not "
            "told your name."
        ),
        IdentityTier.NAMED: _(
            "With my name: an official appeal. It needs your full name, IIN, postal address and "
            "a contact. The employer may learn who complained."
        ),
    }[IdentityTier(tier)]


def format_amount(amount_kzt: int) -> str:
    """``150 000 ₸`` in the current locale."""
    return f"{format_decimal(amount_kzt, locale=current_language())} ₸"


def format_period(start: date | None, end: date | None) -> str:
    """The period as written in Kazakhstan: ``01.03.2026 – 31.05.2026``, ``с 01.03.2026``."""
    if start is None:
        return _("not given")
    first = format_date(start, format="dd.MM.yyyy", locale=current_language())
    if end is None:
        return _("since {date}").format(date=first)
    return "{start} – {end}".format(
        start=first, end=format_date(end, format="dd.MM.yyyy", locale=current_language())
    )


def summary_text(draft: ComplaintDraft) -> str:
    """The summary the user confirms (or edits) before submitting."""
    lines = [
        _("Please check your complaint:"),
        _("Topic: {value}").format(value=category_label(draft.category)),
        _("Employer: {value}").format(
            value=" / ".join(
                v for v in (draft.employer_name, draft.employer_bin, draft.platform_name) if v
            ) or _("not given")
        ),
        _("Region / city: {value}").format(
            value=", ".join(v for v in (draft.region, draft.city) if v) or _("not given")
        ),
        _("Period: {value}").format(value=format_period(draft.period_start, draft.period_end)),
        _("Amount: {value}").format(
            value=format_amount(draft.amount_kzt) if draft.amount_kzt else _("not given")
        ),
        _("What happened: {value}").format(value=draft.description),
        _("What you ask for: {value}").format(value=draft.request or _("not given")),
        _("Identity: {value}").format(value=tier_label(draft.identity_tier)),
    ]
    # The worker checks what the inspector will use to reach them; the IIN was checked by its
    # check digit and is shown masked, in case someone looks over their shoulder.
    for label, value in (
        (_("Full name: {value}"), draft.full_name),
        (_("IIN: {value}"), "••••••••" + draft.iin[-4:] if draft.iin else None),
        (_("Postal address: {value}"), draft.address),
        (_("Contact: {value}"), draft.contact),
    ):
        if value:
            lines.append(label.format(value=value))
    if draft.attachment_ids:
        lines.append(_("Files attached: {count}").format(count=len(draft.attachment_ids)))
    return "\n".join(lines)


def receipt_text(receipt_code: str, notify: bool = True) -> str:
    """The confirmation after submitting, with the receipt code (and whether news will come)."""
    if not notify:
        return _(
            "Your complaint is registered. Receipt code: {code}. Keep it: send this code here "
            "to check the status at any time."
        ).format(code=receipt_code)
    return _(
        "Your complaint is registered. Receipt code: {code}. Keep it: with this code you can "
        "check the status, and we will write to you here when it changes."
    ).format(code=receipt_code)


def anonymous_receipt_text(receipt_code: str) -> str:
    """The confirmation of an anonymous complaint: the code is shown once and kept nowhere."""
    return _(
        "Your anonymous complaint is registered. Receipt code: {code}. Write it down now: we do "
        "not link this complaint to you or to this chat, so this message is the only place the "
        "code is shown and we cannot send you news. To check the status, send the code here."
    ).format(code=receipt_code)


def anonymous_resent_text() -> str:
    """A second "Submit" of an anonymous complaint: sent already, the code is not kept."""
    return _(
        "This anonymous complaint was sent already. Its receipt code was shown once, in the "
        "message after you pressed \"Submit\"; we do not keep it linked to you."
    )


def notification_text(receipt_code: str, status: str, note: str | None = None) -> str:
    """The Telegram message sent to the author when an inspector changes the status."""
    text = _("The status of your complaint {code} has changed: {status}.").format(
        code=receipt_code, status=status_label(status)
    )
    if note:
        text += "\n" + _("Inspector's note: {note}").format(note=note)
    return text
