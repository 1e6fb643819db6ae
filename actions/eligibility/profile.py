"""Branch "who are you": platform worker and/or employee, citizenship (→ migrant), harmful work.

Several may apply: a courier from Kyrgyzstan is a platform worker *and* a migrant; a driver
who also has a job answers "both". The answers decide which other branches run.
"""

from __future__ import annotations

from actions.eligibility.parsers import DONT_KNOW, YES, Citizenship
from actions.eligibility.questions import Answers, Option, Question, choice, citizenship, is_known
from actions.eligibility.questions import yes_no as yes_no_question
from actions.forms import typed
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

QUESTIONS: tuple[Question, ...] = (
    choice(
        WORK_TYPE,
        lambda: _("How do you work?"),
        (
            Option("platform", lambda: _("Through an app (courier, taxi)"), (
                "прилож", "платформ", "курьер", "такс", "доставк", "яндекс", "индрайв", "glovo",
                "wolt", "uber", "indrive", "app", "platform", "courier", "driver", "taxi",
                "delivery", "қосымша", "жеткізу", "kuryer", "kurer",
            )),
            Option("employee", lambda: _("For an employer"), (
                "работодат", "компани", "наемн", "по найму", "в фирме", "на заводе", "офис",
                "штат", "жұмыс беруш", "мекеме", "кәсіпорын", "employer", "employee", "company",
                "staff", "factory",
            )),
            Option("both", lambda: _("Both"), (
                "оба", "и то и", "обоих", "екеуі", "both", "и там и там",
            )),
        ),
        # "и через приложение, и в компании" names both ways of working: that is "both".
        read_first=True,
        read=lambda text: _both_named(text),
    ),
    citizenship(
        CITIZENSHIP,
        lambda: _("What is your citizenship?"),
        (
            Option("KZ", lambda: _("Kazakhstan")),
            Option("KG", lambda: _("Kyrgyzstan")),
            Option("RU", lambda: _("Russia")),
            Option("UZ", lambda: _("Uzbekistan")),
            Option("TJ", lambda: _("Tajikistan")),
            Option("OTHER", lambda: _("Another country")),
        ),
    ),
    yes_no_question(
        HARMFUL,
        lambda: _(
            "Is your work heavy, harmful or dangerous (dust, noise, chemicals, heat, heights, "
            "underground work)?"
        ),
    ),
)


def _both_named(text: str) -> str | None:
    """ "both" when the message names the app and the employer ("и курьер, и на заводе")."""
    message = typed.words(text)
    options = {o.value: o for o in QUESTIONS[0].options}
    named = [
        value for value in ("platform", "employee")
        if any(typed.names(message, p) for p in options[value].phrases)
    ]
    return "both" if len(named) == 2 else None


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
