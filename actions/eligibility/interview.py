"""The whole interview as one form: every question of every branch and the order they come in.

Order: who are you → platform → harmful work → migrant → every worker. Which questions a worker
gets is decided by the branch modules from the answers so far, so the path grows or shrinks as
the worker answers; the engine asks the first unanswered question of :func:`required_slots`.
No path is longer than :data:`MAX_QUESTIONS`: the risk-model inputs (a research proposal) give
way first, then the platform indicators and the minor questions (priorities in the branches).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from actions.eligibility import harmful, migrant, platform, profile, worker
from actions.eligibility.questions import Answers, Question
from actions.forms.engine import COMMON_INTERRUPTIONS, Form

__all__ = [
    "DONE",
    "FORM",
    "MAX_QUESTIONS",
    "QUESTIONS",
    "SLOTS",
    "STOPPED",
    "answers_of",
    "required_slots",
]

#: The worker said "stop" (or the form failed twice): the form ends, the answers are kept.
STOPPED: Final = "elig_stopped"
#: The last interview ended with a result; the next start begins a fresh one.
DONE: Final = "elig_done"
#: No worker is asked more than this many questions.
MAX_QUESTIONS: Final = 12

#: Every question, in the order of the form's ``required_slots`` in the domain.
QUESTIONS: dict[str, Question] = {
    q.slot: q
    for q in (
        *profile.QUESTIONS,
        *platform.QUESTIONS,
        *harmful.QUESTIONS,
        *migrant.QUESTIONS,
        *worker.QUESTIONS,
    )
}
SLOTS: tuple[str, ...] = tuple(QUESTIONS)


def _path(answers: Answers) -> list[str]:
    return [
        *profile.required(answers),
        *platform.required(answers),
        *harmful.required(answers),
        *migrant.required(answers),
        *worker.required(answers),
    ]


FORM: Final = Form(
    name="eligibility_form",
    questions=tuple(QUESTIONS.values()),
    path=_path,
    paused_slot=STOPPED,
    # "I want to complain" in the middle of the check opens the complaint (the check waits).
    interruptions={**COMMON_INTERRUPTIONS, "file_complaint": "action_complaint_start"},
    max_questions=MAX_QUESTIONS,
    numbered=True,
    back_button=True,
)


def required_slots(answers: Answers) -> list[str]:
    """The questions this worker needs, in the order they are asked (canonical answers)."""
    return FORM.required(FORM.answers(answers))


def answers_of(slots: Mapping[str, Any]) -> dict[str, Any]:
    """The answers that count: canonical values of the questions on this worker's path.

    A worker who went back and changed "how do you work" keeps the old branch's slots in the
    tracker, and a slot may hold raw text Rasa put there before validation; neither reaches
    scoring.
    """
    answers = FORM.answers(slots)
    needed = FORM.required(answers)
    return {slot: (answers[slot] if slot in needed else None) for slot in SLOTS}
