"""Branch "every worker": contract, wages, overtime, leave, dismissal threats.

Platform workers answer only the wages and threats questions here: their contract is asked in
the platform branch, and overtime and annual leave presuppose an employer's schedule.
"""

from __future__ import annotations

from actions.eligibility import profile
from actions.eligibility.questions import Answers, Option, Question
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

_YES_NO = (Option("yes", lambda: _("Yes")), Option("no", lambda: _("No")))

QUESTIONS: tuple[Question, ...] = (
    Question(
        WRITTEN_CONTRACT,
        lambda: _("Do you have a written employment contract?"),
        "yes_no",
        _YES_NO,
    ),
    Question(
        WAGES,
        lambda: _("Are you paid in full and on time?"),
        "choice",
        (
            Option("ok", lambda: _("Yes, in full and on time")),
            Option("late", lambda: _("Late")),
            Option("unpaid", lambda: _("Not in full or not at all")),
        ),
        stems={
            "unpaid": (
                "не плат",
                "не заплат",
                "не полност",
                "не всю",
                "не доплач",
                "недоплач",
                "задолж",
                "долг",
                "толык емес",
                "толемейди",
                "бермейди",
                "not paid",
                "unpaid",
                "not in full",
                "owed",
                "no",
            ),
            "late": (
                "задерж",
                "поздно",
                "с опоздан",
                "не вовремя",
                "кешик",
                "кешиктир",
                "уакытында емес",
                "late",
                "delay",
            ),
            "ok": (
                "да",
                "вовремя",
                "полност",
                "иа",
                "ия",
                "уакытында",
                "толык",
                "yes",
                "on time",
                "in full",
            ),
        },
    ),
    Question(
        OVERTIME,
        lambda: _("Do you work overtime (beyond your normal hours)?"),
        "choice",
        (
            Option("none", lambda: _("No")),
            Option("paid", lambda: _("Yes, and it is paid extra")),
            Option("unpaid", lambda: _("Yes, and it is not paid")),
        ),
        stems={
            "unpaid": (
                "не плат",
                "бесплат",
                "не оплач",
                "без оплат",
                "толенбейди",
                "тегин",
                "unpaid",
                "not paid",
                "free",
            ),
            "paid": ("оплач", "платят", "толенеди", "толейди", "paid"),
            "none": ("нет", "не работаю", "жок", "no", "never"),
        },
    ),
    Question(
        LEAVE_GIVEN,
        lambda: _("Do you get your paid annual leave?"),
        "yes_no",
        _YES_NO,
    ),
    Question(
        DISMISSAL_THREATS,
        lambda: _("Have you been threatened with dismissal, blocking or deportation?"),
        "yes_no",
        _YES_NO,
    ),
)


def required(answers: Answers) -> list[str]:
    """Every-worker questions this worker needs."""
    if answers.get(profile.WORK_TYPE) is None:
        return []
    if not profile.is_employee(answers):
        return [WAGES, DISMISSAL_THREATS]
    return [WRITTEN_CONTRACT, WAGES, OVERTIME, LEAVE_GIVEN, DISMISSAL_THREATS]
