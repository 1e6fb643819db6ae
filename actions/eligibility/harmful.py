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
from actions.eligibility.parsers import DONT_KNOW, parse_number
from actions.eligibility.questions import (
    Answers,
    Option,
    Question,
    choice,
    is_known,
    share,
    work_class,
)
from actions.eligibility.questions import yes_no as yes_no_question
from actions.forms import Refusal, typed
from i18n import _

__all__ = [
    "GUARANTEES_GIVEN",
    "LEAVE_TIERS",
    "ON_LIST",
    "QUESTIONS",
    "WORK_CLASS",
    "guarantee_inputs",
    "professional_answers",
    "proposal_answered",
    "required",
]

WORK_CLASS = "elig_work_class"
ATTESTED = "elig_attested"
#: On the List, and with how many days of extra leave: "no", "yes" (days not known), or the
#: days of the List tier (an int) — one question instead of two.
ON_LIST = "elig_on_list"
EXPOSURE = "elig_exposure_share"
INJURIES = "elig_injuries"
EQUIPMENT = "elig_equipment"
PPE = "elig_ppe"
COLLEAGUES_ILL = "elig_colleagues_ill"
GUARANTEES_GIVEN = "elig_guarantees_given"

#: Extra-leave tiers of the List (order 1053 of 28.12.2015; scoring checks them again).
LEAVE_TIERS = (6, 12, 18, 24, 30, 36)
#: The seed-003 risk model's inputs: a research proposal, so they give way before the law's
#: questions on a long path (PPE and colleagues' illness first, priority 3).
PROPOSAL_INPUTS = (EXPOSURE, INJURIES, EQUIPMENT, PPE, COLLEAGUES_ILL)


def _label(text: str) -> Callable[[], str]:
    """A button title that needs no translation (a number)."""
    return lambda: text


def _read_on_list(text: str) -> Any:
    """"да, 12 дней" → 12; "иә" → "yes"; "жоқ" → "no"; a number that is no tier is refused."""
    number = parse_number(text)
    if number is not None:
        if number == int(number) and int(number) in LEAVE_TIERS:
            return int(number)
        raise Refusal(
            _("The List gives 6, 12, 18, 24, 30 or 36 days of extra leave. How many does it "
              "give your profession?")
        )
    first = typed.yes_no(" ".join(typed.words(text)[:1]))
    if first == "yes":  # "да, но не знаю сколько дней": on the List, days not known
        return "yes"
    answer = typed.yes_no(text)
    return answer if answer in ("yes", "no") else None


QUESTIONS: tuple[Question, ...] = (
    work_class(
        WORK_CLASS,
        lambda: _(
            "What class of working conditions does your workplace have (from the attestation, "
            "e.g. 3.2)?"
        ),
        (
            Option("2", lambda: _("2 (acceptable)")),
            Option("3.1", _label("3.1")),
            Option("3.2", _label("3.2")),
            Option("3.3", _label("3.3")),
            Option("3.4", _label("3.4")),
            Option("4", lambda: _("4 (dangerous)")),
        ),
    ),
    yes_no_question(
        ATTESTED,
        lambda: _("Was your workplace attested (working conditions assessed) by the employer?"),
        priority=2,
    ),
    Question(
        ON_LIST,
        lambda: _(
            "Is your profession on the List of jobs with harmful conditions that give extra "
            "leave? If yes, how many days does the List give it?"
        ),
        (
            Option("no", lambda: _("Not on the List")),
            *(Option(days, _label(str(days))) for days in LEAVE_TIERS),
            Option("yes", lambda: _("On the List, days not known")),
        ),
        read=_read_on_list,
        read_first=True,
        accepts=lambda v: v in ("yes", "no") or (type(v) is int and v in LEAVE_TIERS),
        skip=DONT_KNOW,
        dont_know_button=True,
        hint=lambda: _('Answer "no", or the number of days (6, 12, 18, 24, 30 or 36), or '
                       '"don\'t know".'),
    ),
    share(
        EXPOSURE,
        lambda: _("What part of your shift are you exposed to harmful factors?"),
        (
            Option(0.25, lambda: _("A quarter or less")),
            Option(0.5, lambda: _("About half")),
            Option(0.75, lambda: _("Most of the shift")),
            Option(1.0, lambda: _("The whole shift")),
        ),
        priority=2,
    ),
    choice(
        INJURIES,
        lambda: _("Were there injuries at your workplace in the last 12 months?"),
        (
            # "none" first: "нет, никто не погиб" must not read as "fatal".
            Option("none", lambda: _("None"), (
                "не было", "никаких", "нет", "болған жоқ", "жоқ", "none", "no",
            )),
            Option("fatal", lambda: _("Someone died"), (
                "погиб", "смерт", "умер", "қаза", "өлім", "fatal", "died", "death",
            )),
            Option("serious", lambda: _("Serious ones"), (
                "серьезн", "тяжел", "ауыр", "serious", "severe",
            )),
            Option("minor", lambda: _("Minor ones"), (
                "легк", "мелк", "незначит", "жеңіл", "minor", "small", "light",
            )),
        ),
        priority=2,
    ),
    choice(
        EQUIPMENT,
        lambda: _("What state is the equipment you work with in?"),
        (
            Option("faulty", lambda: _("Faulty, dangerous"), (
                "неисправ", "сломан", "опасн", "ақаулы", "бұзық", "қауіпті", "faulty", "broken",
                "dangerous",
            )),
            Option("worn", lambda: _("Worn out"), (
                "изношен", "старое", "старый", "тозған", "ескі", "worn", "old",
            )),
            Option("good", lambda: _("Good"), (
                "хорош", "нормальн", "исправ", "новое", "жақсы", "дұрыс", "good", "fine", "ok",
                "new",
            )),
        ),
        priority=2,
    ),
    choice(
        PPE,
        lambda: _("Does the employer give you protective equipment (clothing, masks, gloves)?"),
        (
            Option("partial", lambda: _("Only some"), (
                "частич", "не все", "не всё", "кое-что", "иногда", "ішінара", "кейде", "some",
                "partly", "partial", "not all",
            )),
            Option("none", lambda: _("No"), ("нет", "жоқ", "бермейді", "no", "none", "never")),
            Option("full", lambda: _("Yes, all of it"), (
                "да", "все", "полност", "иә", "ия", "бар", "толық", "yes", "all", "full",
            )),
        ),
        priority=3,
    ),
    choice(
        COLLEAGUES_ILL,
        lambda: _("Do colleagues have an occupational illness from this work?"),
        (
            Option("none", lambda: _("No one"), (
                "никто", "нет", "ешкім", "жоқ", "no one", "nobody", "none", "no",
            )),
            Option("several", lambda: _("Several people"), (
                "несколько", "многие", "много", "бірнеше", "көп", "several", "lots of",
            )),
            Option("one", lambda: _("One person"), ("один", "одна", "бір", "one")),
        ),
        priority=3,
    ),
    choice(
        GUARANTEES_GIVEN,
        lambda: _(
            "Do you get extra leave, shorter hours or higher pay for the harmful conditions?"
        ),
        (
            Option("partly", lambda: _("Only some"), (
                "частич", "не все", "что-то", "кое-что", "только", "ішінара", "бірақ", "тек",
                "some", "partly", "partial", "not all", "only",
            )),
            Option("no", lambda: _("No"), ("нет", "ничего", "жоқ", "no", "none", "nothing")),
            Option("yes", lambda: _("Yes, all of it"), (
                "да", "все", "иә", "ия", "бар", "yes", "all",
            )),
        ),
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
    is harmful. The attestation is asked only when the class is not known. Current-law questions
    come first; the inputs of the seed-003 risk model (a research proposal) come last and give
    way on a long path.
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
    return [*slots, ON_LIST, GUARANTEES_GIVEN, *PROPOSAL_INPUTS]


#: The research estimate is shown only when the worker answered this many of its inputs: an
#: estimate from one or two answers would claim more than it knows.
MIN_PROPOSAL_ANSWERS = 3


def proposal_answered(answers: Answers) -> bool:
    """Enough of the seed-003 model's inputs were asked for its estimate to mean something."""
    return sum(answers.get(slot) is not None for slot in PROPOSAL_INPUTS) >= MIN_PROPOSAL_ANSWERS


def _tristate(answer: Any) -> str:
    return "unknown" if answer is None or answer == DONT_KNOW else str(answer)


def guarantee_inputs(answers: Answers) -> dict[str, Any]:
    """Keyword arguments for :func:`scoring.guarantees` from the answers.

    Class 1 (optimal) is passed as 2: scoring's lowest class; neither is harmful.
    """
    work_class = answers.get(WORK_CLASS)
    if work_class == "1":
        work_class = "2"
    on_list = answers.get(ON_LIST)
    tier = on_list if type(on_list) is int else 0
    return {
        "work_class": "unknown" if work_class in (None, DONT_KNOW) else work_class,
        "attested": _tristate(answers.get(ATTESTED)),
        "on_list": "yes" if tier else _tristate(on_list),
        "leave_tier_days": [tier],
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
