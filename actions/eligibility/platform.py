"""Branch "platform worker": the employment-relationship indicators of ``scoring``.

One question per indicator of :data:`scoring.EMPLOYMENT_INDICATORS` (ILO R198 para 13, seed 001,
EU Directive 2024/2831), asked in the order of their weight. The interview stops asking as soon
as the remaining answers can no longer change the band: :func:`required` asks ``scoring`` for the
band with every remaining indicator at 0, at 1 and "don't know", and stops when all three agree.
So a clear case takes 5–7 questions and only a borderline one takes all of them.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from actions.eligibility import profile
from actions.eligibility.parsers import DONT_KNOW
from actions.eligibility.questions import Answers, Option, Question, answered, choice, share
from actions.eligibility.questions import yes_no as yes_no_question
from i18n import _
from scoring import (
    EMPLOYMENT_INDICATORS,
    employment_contract_indicator,
    employment_relationship,
)

__all__ = ["CONTRACT_TYPE", "QUESTIONS", "SLOT_OF", "indicators", "required"]

CONTRACT_TYPE = "elig_contract_type"

#: Indicator -> (slot, question, inverted: "yes" means the indicator is 0).
_SPEC: dict[str, tuple[str, Question, bool]] = {}


def _yes_no(indicator: str, slot: str, text: Any, *, inverted: bool = False) -> Question:
    # Indicators give way to the always-asked questions when a path is too long.
    question = yes_no_question(slot, text, priority=2)
    _SPEC[indicator] = (slot, question, inverted)
    return question


_CONTRACT = choice(
    CONTRACT_TYPE,
    lambda: _("What contract do you have with the platform or employer?"),
    (
        Option("none", lambda: _("No contract"), (
            "нет договора", "договора нет", "без договора", "никакого", "шарт жоқ",
            "шарты жоқ", "келісімшарт жоқ", "no contract", "none", "nothing",
        )),
        Option("employment", lambda: _("Employment contract"), (
            "трудов", "еңбек шарт", "еңбек", "employment", "labour", "labor",
        )),
        Option("civil", lambda: _("Civil-law contract"), (
            "гпх", "гражданск", "азаматтық", "civil", "service contract", "оферт", "offer",
        )),
        Option("sole_trader", lambda: _("I am a sole trader (IP)"), (
            "ип", "индивидуальн", "самозан", "жеке кәсіпкер", "sole", "self-employed",
            "self employed",
        )),
    ),
)

_SPEC["employment_contract"] = (CONTRACT_TYPE, _CONTRACT, False)

_INCOME_SHARE = share(
    "elig_income_share",
    lambda: _("What share of your income comes from this one app?"),
    (
        Option(0.25, lambda: _("A quarter or less")),
        Option(0.5, lambda: _("About half")),
        Option(0.75, lambda: _("Most of it")),
        Option(1.0, lambda: _("All of it")),
    ),
    priority=2,
)

_INDICATOR_QUESTIONS: tuple[Question, ...] = (
    _yes_no(
        "platform_sets_price",
        "elig_platform_sets_price",
        lambda: _("Does the app (not you) set the price of an order or a trip?"),
    ),
    _yes_no(
        "sanctions_for_refusal",
        "elig_sanctions_for_refusal",
        lambda: _("Does the app punish you for refusing orders (fewer orders, fines, blocking)?"),
    ),
    _yes_no(
        "ratings_affect_orders",
        "elig_ratings_affect_orders",
        lambda: _("Does your rating decide how many or which orders you get?"),
    ),
    _yes_no(
        "gps_control",
        "elig_gps_control",
        lambda: _("Does the app track you by GPS and check your route or speed?"),
    ),
    _yes_no(
        "automatic_dispatch",
        "elig_automatic_dispatch",
        lambda: _("Does the app assign orders to you automatically?"),
    ),
    _INCOME_SHARE,
    _yes_no(
        "imposed_hours",
        "elig_imposed_hours",
        lambda: _("Does the app set the shifts or hours you must work?"),
    ),
    _yes_no(
        "cannot_refuse_or_work_elsewhere",
        "elig_free_to_refuse",
        lambda: _("Can you freely turn down orders and work for other apps?"),
        inverted=True,
    ),
    _yes_no(
        "tools_provided",
        "elig_tools_provided",
        lambda: _("Does the app give you the tools you work with (vehicle, bag, terminal)?"),
    ),
    _yes_no(
        "uniform_branding",
        "elig_uniform_branding",
        lambda: _("Must you wear the app's uniform or carry its branded bag?"),
    ),
    _yes_no(
        "periodic_pay",
        "elig_paid_per_task",
        lambda: _("Are you paid per order or per trip (not a fixed wage)?"),
        inverted=True,
    ),
)
_SPEC["income_dependence"] = ("elig_income_share", _INCOME_SHARE, False)

QUESTIONS: tuple[Question, ...] = (_CONTRACT, *_INDICATOR_QUESTIONS)
#: Indicator name -> slot.
SLOT_OF: dict[str, str] = {name: spec[0] for name, spec in _SPEC.items()}

if set(SLOT_OF) != set(EMPLOYMENT_INDICATORS):  # pragma: no cover - guards a scoring change
    raise RuntimeError(
        "platform questions do not cover scoring.EMPLOYMENT_INDICATORS: "
        f"{sorted(set(EMPLOYMENT_INDICATORS) ^ set(SLOT_OF))}"
    )


def _value(indicator: str, answer: Any) -> float | None:
    """Indicator value in [0, 1] from a stored answer, ``None`` for "don't know"."""
    if answer is None or answer == DONT_KNOW:
        return None
    if indicator == "employment_contract":
        return float(employment_contract_indicator(answer)[0])
    if indicator == "income_dependence":
        return float(answer)
    inverted = _SPEC[indicator][2]
    present = answer == "yes"
    return float(present != inverted)


def indicators(answers: Answers) -> tuple[dict[str, float], dict[str, bool]]:
    """Indicator values and the "don't know" mask for :func:`scoring.employment_relationship`.

    Questions not asked (the band was already decided) and "don't know" answers are unknown:
    scoring replaces them with its assumption value.
    """
    values: dict[str, float] = {}
    unknown: dict[str, bool] = {}
    for name in EMPLOYMENT_INDICATORS:
        value = _value(name, answers.get(SLOT_OF[name]))
        values[name] = 0.0 if value is None else value
        unknown[name] = value is None
    return values, unknown


def _band_decided(answers: Answers, remaining: list[str]) -> bool:
    """True when no answer to ``remaining`` slots can change the band scoring gives."""
    values, unknown = indicators(answers)
    rows_values = {name: np.full(3, v) for name, v in values.items()}
    rows_unknown = {name: np.full(3, u) for name, u in unknown.items()}
    for name in EMPLOYMENT_INDICATORS:
        if SLOT_OF[name] in remaining:
            rows_values[name] = np.array([0.0, 1.0, 0.0])
            rows_unknown[name] = np.array([False, False, True])
    bands = employment_relationship(rows_values, unknown=rows_unknown).band
    return bool((bands == bands[0]).all())


def required(answers: Answers) -> list[str]:
    """Platform questions this worker needs (none unless they work through an app).

    The contract type is always asked (the complaint needs it); the indicators are asked in
    order of weight until the band is decided.
    """
    if not profile.is_platform_worker(answers):
        return []
    slots = [CONTRACT_TYPE]
    ordered = [q.slot for q in _INDICATOR_QUESTIONS]
    for i, slot in enumerate(ordered):
        if not answered(answers, slot):
            if i > 0 and _band_decided(answers, ordered[i:]):
                break
            slots.append(slot)
            # The next question depends on this answer: stop listing here.
            slots.extend(s for s in ordered[i + 1 :])
            break
        slots.append(slot)
    return slots
