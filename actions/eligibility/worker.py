"""Branch "every worker": contract, wages, overtime, leave, dismissal threats.

Platform workers answer only the wages and threats questions here: their contract is asked in
the platform branch, and overtime and annual leave presuppose an employer's schedule.
"""

from __future__ import annotations

from actions.eligibility import profile
from actions.eligibility.questions import Answers, Option, Question, choice, yes_no
from i18n import _

__all__ = [
    "DISMISSAL_THREATS",
    "LEAVE_GIVEN",
    "OVERTIME",
    "QUESTIONS",
    "WAGES",
    "WRITTEN_CONTRACT",
    "required",
]

WRITTEN_CONTRACT = "elig_written_contract"
WAGES = "elig_wages"
OVERTIME = "elig_overtime"
LEAVE_GIVEN = "elig_leave_given"
DISMISSAL_THREATS = "elig_dismissal_threats"

QUESTIONS: tuple[Question, ...] = (
    yes_no(WRITTEN_CONTRACT, lambda: _("Do you have a written employment contract?")),
    choice(
        WAGES,
        lambda: _("Are you paid in full and on time?"),
        (
            Option("unpaid", lambda: _("Not in full or not at all"), (
                "не плат", "не заплат", "не полност", "не всю", "не доплач", "недоплач",
                "задолж", "долг", "толық емес", "төлемейді", "бермейді", "not paid", "unpaid",
                "not in full", "owed", "no",
            )),
            Option("late", lambda: _("Late"), (
                "задерж", "поздно", "с опоздан", "не вовремя", "не всегда", "кешік", "кешіктір",
                "уақытында емес", "late", "delay", "not always",
            )),
            Option("ok", lambda: _("Yes, in full and on time"), (
                "да", "вовремя", "полност", "иә", "ия", "уақытында", "толық", "yes", "on time",
                "in full",
            )),
        ),
    ),
    choice(
        OVERTIME,
        lambda: _("Do you work overtime (beyond your normal hours)?"),
        (
            Option("unpaid", lambda: _("Yes, and it is not paid"), (
                "не плат", "бесплат", "не оплач", "без оплат", "төленбейді", "тегін", "unpaid",
                "not paid", "free",
            )),
            Option("paid", lambda: _("Yes, and it is paid extra"), (
                "оплач", "платят", "төленеді", "төлейді", "paid",
            )),
            Option("none", lambda: _("No"), ("нет", "не работаю", "жоқ", "no", "never")),
        ),
        priority=2,
    ),
    yes_no(LEAVE_GIVEN, lambda: _("Do you get your paid annual leave?"), priority=2),
    yes_no(
        DISMISSAL_THREATS,
        lambda: _("Have you been threatened with dismissal, blocking or deportation?"),
    ),
)


def required(answers: Answers) -> list[str]:
    """Every-worker questions this worker needs."""
    if answers.get(profile.WORK_TYPE) is None:
        return []
    if not profile.is_employee(answers):
        return [WAGES, DISMISSAL_THREATS]
    return [WRITTEN_CONTRACT, WAGES, OVERTIME, LEAVE_GIVEN, DISMISSAL_THREATS]
