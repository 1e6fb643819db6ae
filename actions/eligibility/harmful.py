"""Branch "harmful or dangerous work": guarantees by current law and the seed-003 risk inputs.

Asked when the worker says the work is harmful, or does not know and then names a harmful class.
The class, attestation and List answers feed :func:`scoring.guarantees` (current law); the
exposure, injuries, equipment, PPE and colleagues' illness answers feed
:func:`scoring.professional_indicators_from_answers` (the seed-003 research proposal).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from actions.eligibility import profile
from actions.eligibility.parsers import DONT_KNOW
from actions.eligibility.questions import LEAVE_TIERS, Answers, Option, Question, is_known
from i18n import _

__all__ = [
    "GUARANTEES_GIVEN",
    "QUESTIONS",
    "WORK_CLASS",
    "guarantee_inputs",
    "professional_answers",
    "required",
]

WORK_CLASS = "elig_work_class"
ATTESTED = "elig_attested"
ON_LIST = "elig_on_list"
LEAVE_TIER = "elig_leave_tier"
EXPOSURE = "elig_exposure_share"
INJURIES = "elig_injuries"
EQUIPMENT = "elig_equipment"
PPE = "elig_ppe"
COLLEAGUES_ILL = "elig_colleagues_ill"
GUARANTEES_GIVEN = "elig_guarantees_given"

_YES_NO = (Option("yes", lambda: _("Yes")), Option("no", lambda: _("No")))


def _label(text: str) -> Callable[[], str]:
    """A button title that needs no translation (a number)."""
    return lambda: text


QUESTIONS: tuple[Question, ...] = (
    Question(
        WORK_CLASS,
        lambda: _(
            "What class of working conditions does your workplace have (from the attestation, "
            "e.g. 3.2)?"
        ),
        "work_class",
        (
            Option("2", lambda: _("2 (acceptable)")),
            Option("3.1", lambda: "3.1"),
            Option("3.2", lambda: "3.2"),
            Option("3.3", lambda: "3.3"),
            Option("3.4", lambda: "3.4"),
            Option("4", lambda: _("4 (dangerous)")),
        ),
    ),
    Question(
        ATTESTED,
        lambda: _("Was your workplace attested (working conditions assessed) by the employer?"),
        "yes_no",
        _YES_NO,
    ),
    Question(
        ON_LIST,
        lambda: _(
            "Is your profession on the List of jobs with harmful conditions that give extra "
            "leave and shorter hours?"
        ),
        "yes_no",
        _YES_NO,
    ),
    Question(
        LEAVE_TIER,
        lambda: _("How many days of extra leave does the List give your profession?"),
        "tier",
        tuple(Option(str(days), _label(str(days))) for days in LEAVE_TIERS),
    ),
    Question(
        EXPOSURE,
        lambda: _("What part of your shift are you exposed to harmful factors?"),
        "share",
        (
            Option("0.25", lambda: _("A quarter or less")),
            Option("0.5", lambda: _("About half")),
            Option("0.75", lambda: _("Most of the shift")),
            Option("1", lambda: _("The whole shift")),
        ),
    ),
    Question(
        INJURIES,
        lambda: _("Were there injuries at your workplace in the last 12 months?"),
        "choice",
        (
            Option("none", lambda: _("None")),
            Option("minor", lambda: _("Minor ones")),
            Option("serious", lambda: _("Serious ones")),
            Option("fatal", lambda: _("Someone died")),
        ),
        stems={
            # "none" first: "нет, никто не погиб" must not read as "fatal".
            "none": ("не было", "никаких", "нет", "болган жок", "жок", "none", "no"),
            "fatal": ("погиб", "смерт", "умер", "qaza", "каза", "олим", "fatal", "died", "death"),
            "serious": ("серьезн", "тяжел", "ауыр", "serious", "severe"),
            "minor": ("легк", "мелк", "незначит", "женил", "minor", "small", "light"),
        },
    ),
    Question(
        EQUIPMENT,
        lambda: _("What state is the equipment you work with in?"),
        "choice",
        (
            Option("good", lambda: _("Good")),
            Option("worn", lambda: _("Worn out")),
            Option("faulty", lambda: _("Faulty, dangerous")),
        ),
        stems={
            "faulty": (
                "неисправ",
                "сломан",
                "опасн",
                "акаулы",
                "бузык",
                "кауипти",
                "faulty",
                "broken",
                "dangerous",
            ),
            "worn": ("изношен", "старое", "старый", "тозган", "ески", "worn", "old"),
            "good": (
                "хорош",
                "нормальн",
                "исправ",
                "новое",
                "жаксы",
                "дурыс",
                "good",
                "fine",
                "ok",
                "new",
            ),
        },
    ),
    Question(
        PPE,
        lambda: _("Does the employer give you protective equipment (clothing, masks, gloves)?"),
        "choice",
        (
            Option("full", lambda: _("Yes, all of it")),
            Option("partial", lambda: _("Only some")),
            Option("none", lambda: _("No")),
        ),
        stems={
            "partial": (
                "частич",
                "не все",
                "не всё",
                "кое-что",
                "иногда",
                "ишинара",
                "кейде",
                "some",
                "partly",
                "partial",
                "not all",
            ),
            "none": ("нет", "жок", "бермейди", "no", "none", "never"),
            "full": ("да", "все", "полност", "иа", "ия", "бар", "толык", "yes", "all", "full"),
        },
    ),
    Question(
        COLLEAGUES_ILL,
        lambda: _("Do colleagues have an occupational illness from this work?"),
        "choice",
        (
            Option("none", lambda: _("No one")),
            Option("one", lambda: _("One person")),
            Option("several", lambda: _("Several people")),
        ),
        stems={
            "none": ("никто", "нет", "ешким", "жок", "no one", "nobody", "none", "no"),
            "several": ("несколько", "многие", "много", "бирнеше", "коп", "several", "many"),
            "one": ("один", "одна", "бир", "one"),
        },
    ),
    Question(
        GUARANTEES_GIVEN,
        lambda: _(
            "Do you get extra leave, shorter hours or higher pay for the harmful conditions?"
        ),
        "choice",
        (
            Option("yes", lambda: _("Yes, all of it")),
            Option("partly", lambda: _("Only some")),
            Option("no", lambda: _("No")),
        ),
        stems={
            "partly": (
                "частич",
                "не все",
                "что-то",
                "кое-что",
                "ишинара",
                "бирак",
                "some",
                "partly",
                "partial",
                "not all",
            ),
            "no": ("нет", "ничего", "жок", "no", "none", "nothing"),
            "yes": ("да", "все", "иа", "ия", "бар", "yes", "all"),
        },
    ),
)

_HARMFUL_CLASSES = frozenset({"3.1", "3.2", "3.3", "3.4", "4"})


def applies(answers: Answers) -> bool:
    """The whole branch applies: harmful work by the worker's word or by a harmful class."""
    said = profile.works_in_harmful_conditions(answers)
    return said is True or (said is None and answers.get(WORK_CLASS) in _HARMFUL_CLASSES)


def required(answers: Answers) -> list[str]:
    """Harmful-work questions this worker needs.

    "Don't know" to "is your work harmful?" asks the class first, and the rest only if the class
    is harmful. The attestation is asked only when the class is not known, the List tier only of
    workers whose profession is on the List.
    """
    said = profile.works_in_harmful_conditions(answers)
    if said is False or answers.get(profile.HARMFUL) is None or not profile.is_employee(answers):
        return []
    if not applies(answers):
        return [WORK_CLASS]
    slots = [WORK_CLASS]
    if not is_known(answers, WORK_CLASS):
        # A known class comes from the attestation (scoring.guarantees treats it so): only
        # ask about the attestation when the worker does not know the class.
        slots.append(ATTESTED)
    slots.append(ON_LIST)
    if answers.get(ON_LIST) == "yes":
        slots.append(LEAVE_TIER)
    slots += [EXPOSURE, INJURIES, EQUIPMENT, PPE, COLLEAGUES_ILL, GUARANTEES_GIVEN]
    return slots


def _tristate(answer: Any) -> str:
    return "unknown" if answer is None or answer == DONT_KNOW else str(answer)


def guarantee_inputs(answers: Answers) -> dict[str, Any]:
    """Keyword arguments for :func:`scoring.guarantees` from the answers.

    Class 1 (optimal) is passed as 2: scoring's lowest class; neither is harmful.
    """
    work_class = answers.get(WORK_CLASS)
    if work_class == "1":
        work_class = "2"
    tier = answers.get(LEAVE_TIER)
    return {
        "work_class": "unknown" if work_class in (None, DONT_KNOW) else work_class,
        "attested": _tristate(answers.get(ATTESTED)),
        "on_list": _tristate(answers.get(ON_LIST)),
        "leave_tier_days": [int(tier)] if tier is not None and tier != DONT_KNOW else [0],
    }


def professional_answers(answers: Answers) -> dict[str, Any]:
    """Arguments for :func:`scoring.professional_indicators_from_answers` ("unknown" = dk)."""
    exposure = answers.get(EXPOSURE)
    exposure_unknown = exposure is None or exposure == DONT_KNOW
    return {
        "exposure_share": float("nan")
        if exposure is None or exposure == DONT_KNOW
        else float(exposure),
        "injuries": _tristate(answers.get(INJURIES)),
        "equipment": _tristate(answers.get(EQUIPMENT)),
        "ppe": _tristate(answers.get(PPE)),
        "colleagues_ill": _tristate(answers.get(COLLEAGUES_ILL)),
        "unknown": {"exposure_share": [exposure_unknown]},
    }
