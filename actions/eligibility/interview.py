"""The whole interview: every question of every branch and the order they are asked in.

Order: who are you → platform → harmful work → migrant → every worker. Which questions a worker
gets is decided by the branch modules from the answers so far, so the list grows or shrinks as
the worker answers (Rasa asks the first unanswered slot of :func:`required_slots`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from actions.eligibility import harmful, migrant, platform, profile, worker
from actions.eligibility.questions import Answers, Question

__all__ = [
    "FORM",
    "QUESTIONS",
    "SLOTS",
    "answers_of",
    "required_slots",
]

FORM = "eligibility_form"

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


def required_slots(answers: Answers) -> list[str]:
    """The questions this worker needs, in the order they are asked."""
    return [
        *profile.required(answers),
        *platform.required(answers),
        *harmful.required(answers),
        *migrant.required(answers),
        *worker.required(answers),
    ]


def answers_of(slots: Mapping[str, Any]) -> dict[str, Any]:
    """The answers that count: values of the slots this worker needed, nothing stale.

    A worker who went back and changed "how do you work" keeps the old branch's slots in the
    tracker; they must not reach scoring.
    """
    all_answers = {slot: slots.get(slot) for slot in SLOTS}
    needed = required_slots(all_answers)
    return {slot: (all_answers[slot] if slot in needed else None) for slot in SLOTS}
