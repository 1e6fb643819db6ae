"""Branch "migrant worker": permit, registration, passport (personal: kept out of Rasa).

Citizens of EAEU member states need no work permit in Kazakhstan (Treaty on the EAEU of
29.05.2014, art. 97), so the permit question is asked only of other foreigners. The written
contract and wages are asked in the every-worker branch (once for everybody).
"""

from __future__ import annotations

from actions.eligibility import profile
from actions.eligibility.questions import Answers, Question, yes_no
from i18n import _

__all__ = ["PASSPORT_HELD", "QUESTIONS", "REGISTRATION", "WORK_PERMIT", "required"]

WORK_PERMIT = "elig_work_permit"
REGISTRATION = "elig_registration"
PASSPORT_HELD = "elig_passport_held"

QUESTIONS: tuple[Question, ...] = (
    yes_no(
        WORK_PERMIT,
        lambda: _("Do you have a valid work permit or a permit for labour migrants (patent)?"),
        personal=True,
    ),
    yes_no(
        REGISTRATION,
        lambda: _("Are you registered at your place of stay (migration registration)?"),
        personal=True,
    ),
    yes_no(
        PASSPORT_HELD,
        lambda: _("Does your employer or a middleman keep your passport?"),
        personal=True,
    ),
)


def required(answers: Answers) -> list[str]:
    """Migrant questions this worker needs (none for citizens of Kazakhstan)."""
    if not profile.is_migrant(answers):
        return []
    slots = [] if profile.is_eaeu_citizen(answers) else [WORK_PERMIT]
    return [*slots, REGISTRATION, PASSPORT_HELD]
