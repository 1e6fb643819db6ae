"""Branch "who are you": platform worker and/or employee, citizenship (→ migrant), harmful work.

Several may apply: a courier from Kyrgyzstan is a platform worker *and* a migrant; a driver
who also has a job answers "both". The answers decide which other branches run.
"""

from __future__ import annotations

from actions.eligibility.parsers import DONT_KNOW, YES, Citizenship
from actions.eligibility.questions import Answers, Option, Question, is_known
from i18n import _

__all__ = [
    "CITIZENSHIP",
    "HARMFUL",
    "QUESTIONS",
    "WORK_TYPE",
    "is_employee",
    "is_migrant",
    "is_platform_worker",
    "required",
]

WORK_TYPE = "elig_work_type"
CITIZENSHIP = "elig_citizenship"
HARMFUL = "elig_harmful"

_YES_NO = (Option("yes", lambda: _("Yes")), Option("no", lambda: _("No")))

QUESTIONS: tuple[Question, ...] = (
    Question(
        WORK_TYPE,
        lambda: _("How do you work?"),
        "choice",
        (
            Option("platform", lambda: _("Through an app (courier, taxi)")),
            Option("employee", lambda: _("For an employer")),
            Option("both", lambda: _("Both")),
        ),
        stems={
            "both": ("оба", "и то и", "обоих", "екеуи", "both"),
            "platform": (
                "прилож",
                "платформ",
                "курьер",
                "такси",
                "доставк",
                "яндекс",
                "glovo",
                "wolt",
                "uber",
                "indrive",
                "app",
                "platform",
                "courier",
                "driver",
                "taxi",
                "delivery",
                "косымша",
                "жеткизу",
            ),
            "employee": (
                "работодат",
                "компани",
                "наемн",
                "по найму",
                "в фирме",
                "на заводе",
                "офис",
                "штат",
                "жумыс беруш",
                "мекеме",
                "кэсипорын",
                "касипорын",
                "employer",
                "employee",
                "company",
                "staff",
                "factory",
            ),
        },
    ),
    Question(
        CITIZENSHIP,
        lambda: _("What is your citizenship?"),
        "citizenship",
        (
            Option("KZ", lambda: _("Kazakhstan")),
            Option("KG", lambda: _("Kyrgyzstan")),
            Option("RU", lambda: _("Russia")),
            Option("UZ", lambda: _("Uzbekistan")),
            Option("TJ", lambda: _("Tajikistan")),
            Option("OTHER", lambda: _("Another country")),
        ),
    ),
    Question(
        HARMFUL,
        lambda: _(
            "Is your work heavy, harmful or dangerous (dust, noise, chemicals, heat, heights, "
            "underground work)?"
        ),
        "yes_no",
        _YES_NO,
    ),
)


def is_platform_worker(answers: Answers) -> bool:
    """Works through an app (alone or besides a job)."""
    return answers.get(WORK_TYPE) in ("platform", "both")


def is_employee(answers: Answers) -> bool:
    """Has an employer; "don't know" counts as employee (the usual case)."""
    return answers.get(WORK_TYPE) in ("employee", "both", DONT_KNOW)


def is_migrant(answers: Answers) -> bool:
    """Not a citizen of Kazakhstan (citizenship known)."""
    return is_known(answers, CITIZENSHIP) and Citizenship(answers[CITIZENSHIP]).migrant


def is_eaeu_citizen(answers: Answers) -> bool:
    """Citizen of an EAEU member state: needs no work permit in Kazakhstan."""
    return is_known(answers, CITIZENSHIP) and Citizenship(answers[CITIZENSHIP]).eaeu


def works_in_harmful_conditions(answers: Answers) -> bool | None:
    """``True``/``False`` by the worker's answer, ``None`` if they do not know."""
    value = answers.get(HARMFUL)
    if value == DONT_KNOW:
        return None
    return value == YES


def required(answers: Answers) -> list[str]:
    """Profile questions this worker needs: the harmful-work one only for employees."""
    slots = [WORK_TYPE, CITIZENSHIP]
    if answers.get(WORK_TYPE) is None or is_employee(answers):
        slots.append(HARMFUL)
    return slots
