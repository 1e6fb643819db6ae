"""A complaint draft prefilled from a finished eligibility questionnaire.

The questionnaire's result action leaves a compact summary in the ``elig_summary`` slot (keys
documented in ``actions.eligibility.result.summary_of``): the complaint category, the violation
indicators (largest first), the guarantees owed for harmful work... It holds no personal data,
and nothing personal is taken from it here: only the topic, a description draft in the user's
language and hints for the period and amount questions. The user sees every prefilled value in
the summary before submitting and can edit it.

Call the text functions inside ``i18n.use_language``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from complaints.model import CATEGORIES
from i18n import _

__all__ = [
    "HARMFUL_CLASSES",
    "MONEY_VIOLATIONS",
    "amount_hint",
    "description_draft",
    "period_hint",
    "prefill_category",
    "problems",
]

#: Violations about money the worker is owed: the amount question asks how much.
MONEY_VIOLATIONS: Final = frozenset({"wages_unpaid", "wages_late", "overtime_unpaid"})
#: Classes of working conditions that are harmful (the class is a workplace fact, not personal).
HARMFUL_CLASSES: Final = frozenset({"3.1", "3.2", "3.3", "3.4", "4"})
#: About the worker's own migration status: never written into a complaint on their behalf (it
#: could be used against them); the topic still says "work permit of a migrant".
_NOT_IN_DESCRIPTION: Final = frozenset({"no_work_permit", "no_registration"})


def _violation_phrases() -> dict[str, str]:
    return {
        "wages_unpaid": _("wages are not paid in full"),
        "wages_late": _("wages are paid late"),
        "passport_withheld": _("my passport is held by the employer"),
        "no_written_contract": _("there is no written employment contract"),
        "overtime_unpaid": _("overtime is not paid"),
        "dismissal_threats": _("I am threatened with dismissal"),
        "disguised_employment": _(
            "the work is organised like employment, but without an employment contract"
        ),
        "leave_denied": _("paid annual leave is not given"),
    }


def _guarantee_phrases() -> dict[str, str]:
    return {
        "reduced_hours": _("shorter working time"),
        "extra_leave": _("extra paid leave"),
        "increased_pay": _("increased pay"),
        "nutrition": _("milk or therapeutic food"),
        "ppe": _("free protective equipment"),
        "pension": _("occupational pension contributions"),
    }


def _violations(summary: Mapping[str, Any]) -> list[str]:
    value = summary.get("violations")
    return [str(v) for v in value] if isinstance(value, list) else []


def _harmful_phrase(summary: Mapping[str, Any], work_class: str | None) -> str:
    owed = summary.get("guarantees_owed")
    names = _guarantee_phrases()
    missing = ", ".join(names[g] for g in owed if g in names) if isinstance(owed, list) else ""
    if work_class in HARMFUL_CLASSES and missing:
        return _("work in class {work_class} conditions without the guarantees owed by law "
                 "({guarantees})").format(work_class=work_class, guarantees=missing)
    if work_class in HARMFUL_CLASSES:
        return _("work in class {work_class} conditions without the guarantees owed by "
                 "law").format(work_class=work_class)
    if missing:
        return _("harmful work without the guarantees owed by law ({guarantees})").format(
            guarantees=missing
        )
    return _("harmful work without the guarantees owed by law")


def problems(summary: Mapping[str, Any], work_class: str | None = None) -> list[str]:
    """The violations found by the questionnaire, as complaint phrases, largest first.

    ``work_class`` is the class of working conditions from the interview, if known.
    """
    phrases = _violation_phrases()
    found = _violations(summary)
    out: list[str] = []
    for name in found:
        if name in _NOT_IN_DESCRIPTION:
            continue
        if name in ("wages_unpaid", "wages_late") and {"wages_unpaid", "wages_late"} <= set(found):
            if name == "wages_unpaid":  # said once, where the larger of the two stands
                out.append(_("wages are not paid in full and on time"))
            continue
        if name == "harmful_without_guarantees":
            out.append(_harmful_phrase(summary, work_class))
        elif name in phrases:
            out.append(phrases[name])
    return out


def description_draft(summary: Mapping[str, Any], work_class: str | None = None) -> str | None:
    """"Wages are not paid in full and on time; my passport is held by the employer." or None
    when the questionnaire found nothing to complain about."""
    found = problems(summary, work_class)
    if not found:
        return None
    text = "; ".join(found)
    return text[0].upper() + text[1:] + "."


def prefill_category(summary: Mapping[str, Any]) -> str | None:
    """The complaint category of the questionnaire's main finding, if it is a category."""
    category = summary.get("category")
    return str(category) if category in CATEGORIES and category != "other" else None


def period_hint(summary: Mapping[str, Any], work_class: str | None = None) -> str | None:
    """A line before the period question: what the period is about."""
    found = problems(summary, work_class)
    if not found:
        return None
    return _("Your check found: {problems}.").format(problems="; ".join(found))


def amount_hint(summary: Mapping[str, Any]) -> str:
    """A line before the amount question: is money owed, by the questionnaire's answers?"""
    if MONEY_VIOLATIONS & set(_violations(summary)):
        return _("Your check shows unpaid money: count everything you are owed for the whole "
                 "period (wages, overtime).")
    return _("Your check shows no unpaid wages; if the complaint is not about money, press "
             "\"Skip\".")
