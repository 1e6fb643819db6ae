"""Answers → ``scoring``: the one code path from an interview to its result.

This module only translates stored answers into the inputs ``scoring`` documents and calls it;
every weight, band, threshold and guarantee rule lives in ``scoring`` and its parameter file.
The mapping choices that are ours (which answer sets which violation indicator) are listed in
:func:`violation_indicators`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from actions.eligibility import harmful, migrant, platform, profile, worker
from actions.eligibility.parsers import DONT_KNOW
from actions.eligibility.questions import Answers
from scoring import (
    CHECK,
    OWED,
    VIOLATION_INDICATORS,
    EmploymentRelationship,
    Guarantees,
    ProfessionalRisk,
    ViolationRisk,
    employment_relationship,
    guarantees,
    professional_indicators_from_answers,
    violation_risk,
)

__all__ = ["Assessment", "assess", "violation_indicators"]


@dataclass(frozen=True)
class Assessment:
    """Everything ``scoring`` said about one interview (batches of one)."""

    answers: dict[str, Any]
    violation: ViolationRisk
    employment: EmploymentRelationship | None
    guarantees: Guarantees | None
    professional: ProfessionalRisk | None


def _flag(answer: Any, present: str = "yes") -> float | None:
    """1 if the answer is ``present``, 0 for another answer, ``None`` for "don't know"."""
    if answer == DONT_KNOW:
        return None
    return 1.0 if answer == present else 0.0


def _not_given(answer: Any) -> float | None:
    """1 if the worker says they do *not* get something, 0 if they do, None for "don't know"."""
    if answer == DONT_KNOW:
        return None
    return 1.0 if answer == "no" else 0.0


# How much a "no"/"partly" answer to "do you get the guarantees?" counts when scoring says the
# guarantees are owed, or only that they must be checked (assumption: an unconfirmed entitlement
# counts half).
_GUARANTEES_MISSING: dict[int, dict[str, float]] = {
    OWED: {"yes": 0.0, "partly": 0.5, "no": 1.0},
    CHECK: {"yes": 0.0, "partly": 0.25, "no": 0.5},
}


def violation_indicators(
    answers: Answers,
    employment: EmploymentRelationship | None,
    owed: Guarantees | None,
) -> tuple[dict[str, float], dict[str, bool]]:
    """Violation indicators (1 = present) and the "don't know" mask for :func:`violation_risk`.

    Questions a branch does not ask count 0 ("does not apply", as scoring documents), e.g.
    permits for a citizen. ``disguised_employment`` is the employment-relationship score of a
    platform worker without an employment contract; ``harmful_without_guarantees`` compares the
    guarantees scoring says are owed with what the worker gets.
    """
    values: dict[str, float | None] = dict.fromkeys(VIOLATION_INDICATORS, 0.0)
    wages = answers.get(worker.WAGES)
    if wages is not None:
        values["wages_unpaid"] = _flag(wages, "unpaid")
        values["wages_late"] = _flag(wages, "late")
    if answers.get(worker.WRITTEN_CONTRACT) is not None:
        values["no_written_contract"] = _not_given(answers[worker.WRITTEN_CONTRACT])
    elif answers.get(platform.CONTRACT_TYPE) is not None:
        values["no_written_contract"] = _flag(answers[platform.CONTRACT_TYPE], "none")
    if answers.get(worker.OVERTIME) is not None:
        values["overtime_unpaid"] = _flag(answers[worker.OVERTIME], "unpaid")
    if answers.get(worker.LEAVE_GIVEN) is not None:
        values["leave_denied"] = _not_given(answers[worker.LEAVE_GIVEN])
    if answers.get(worker.DISMISSAL_THREATS) is not None:
        values["dismissal_threats"] = _flag(answers[worker.DISMISSAL_THREATS])
    if answers.get(migrant.PASSPORT_HELD) is not None:
        values["passport_withheld"] = _flag(answers[migrant.PASSPORT_HELD])
    if answers.get(migrant.WORK_PERMIT) is not None:
        values["no_work_permit"] = _not_given(answers[migrant.WORK_PERMIT])
    if answers.get(migrant.REGISTRATION) is not None:
        values["no_registration"] = _not_given(answers[migrant.REGISTRATION])
    if employment is not None and answers.get(platform.CONTRACT_TYPE) != "employment":
        values["disguised_employment"] = float(employment.score[0])
    given = answers.get(harmful.GUARANTEES_GIVEN)
    if owed is not None and given is not None:
        status = int(owed.extra_leave[0])
        if given == DONT_KNOW:
            values["harmful_without_guarantees"] = None if status in _GUARANTEES_MISSING else 0.0
        else:
            values["harmful_without_guarantees"] = _GUARANTEES_MISSING.get(status, {}).get(
                str(given), 0.0
            )
    unknown = {name: value is None for name, value in values.items()}
    return {name: (0.0 if v is None else v) for name, v in values.items()}, unknown


def assess(answers: Answers) -> Assessment:
    """Score one interview with ``scoring`` (only the answers this worker needed)."""
    answers = dict(answers)
    employment = None
    if profile.is_platform_worker(answers):
        values, unknown = platform.indicators(answers)
        employment = employment_relationship(values, unknown=unknown)
    owed = None
    professional = None
    if harmful.applies(answers):
        owed = guarantees(**harmful.guarantee_inputs(answers))
        if harmful.proposal_answered(answers):
            professional = professional_indicators_from_answers(
                **harmful.professional_answers(answers)
            ).assess()
    values, unknown = violation_indicators(answers, employment, owed)
    return Assessment(
        answers=answers,
        violation=violation_risk(values, unknown=unknown),
        employment=employment,
        guarantees=owed,
        professional=professional,
    )
