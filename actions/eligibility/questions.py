"""What one interview question is: its slot, its text, its answer buttons and its parser.

Branch modules (``profile``, ``platform``, ``harmful``, ``migrant``, ``worker``) declare their
questions with :class:`Question` and say which of them a worker needs; the form and the ask
actions treat every question the same way.

Stored answers (slot values) are canonical: ``"yes"``/``"no"``/``"dk"`` for yes/no questions,
a float in ``[0, 1]`` or ``"dk"`` for shares, the option value or ``"dk"`` for choices, an ISO
code or ``"dk"`` for citizenship, a class (``"2"``, ``"3.1"``…) or ``"dk"`` for the class of
working conditions, a number of days or ``"dk"`` for the List tier.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from actions.eligibility.parsers import (
    DONT_KNOW,
    Citizenship,
    parse_choice,
    parse_citizenship,
    parse_number,
    parse_share,
    parse_work_class,
    parse_yes_no,
)

__all__ = ["Answers", "Kind", "Option", "Question", "answered", "is_known"]

Kind = Literal["yes_no", "share", "choice", "work_class", "citizenship", "tier"]
#: Slot name -> stored answer (``None`` = not answered yet).
Answers = Mapping[str, Any]

#: Extra-leave tiers of the List a worker can pick (order 1053; scoring checks them again).
LEAVE_TIERS = (6, 12, 18, 24, 30, 36)


@dataclass(frozen=True)
class Option:
    """An answer button: the stored value and its title (translated when called)."""

    value: str
    title: Callable[[], str]


@dataclass(frozen=True)
class Question:
    """One interview question bound to the slot that stores its answer."""

    slot: str
    text: Callable[[], str]
    kind: Kind
    options: tuple[Option, ...] = ()
    #: For ``choice`` questions: value -> keyword stems (folded lower case, see parsers).
    stems: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def parse(self, text: str) -> Any | None:
        """The canonical answer in ``text`` (free text or a button payload), else ``None``."""
        if self.kind == "yes_no":
            return parse_yes_no(text)
        if self.kind == "share":
            return parse_share(text)
        if self.kind == "choice":
            return parse_choice(text, self.stems)
        if self.kind == "work_class":
            return parse_work_class(text)
        if self.kind == "citizenship":
            result = parse_citizenship(text)
            return result.code if isinstance(result, Citizenship) else result
        # tier: a number of days that is a List tier
        if parse_yes_no(text) == DONT_KNOW:
            return DONT_KNOW
        number = parse_number(text)
        if number is not None and number == int(number) and int(number) in LEAVE_TIERS:
            return int(number)
        return None


def answered(answers: Answers, slot: str) -> bool:
    """The question behind ``slot`` has an answer (``"dk"`` counts as an answer)."""
    return answers.get(slot) is not None


def is_known(answers: Answers, slot: str) -> bool:
    """The answer is there and is not "don't know"."""
    return answered(answers, slot) and answers.get(slot) != DONT_KNOW
