"""The kinds of interview question, built on the form engine's :class:`Question`.

Branch modules (``profile``, ``platform``, ``harmful``, ``migrant``, ``worker``) declare their
questions with these factories and say which of them a worker needs.

Stored answers (slot values) are canonical: ``"yes"``/``"no"``/``"dk"`` for yes/no questions,
a float in ``[0, 1]`` or ``"dk"`` for shares, the option value or ``"dk"`` for choices, an ISO
code or ``"dk"`` for citizenship, a class (``"2"``, ``"3.1"``…) or ``"dk"`` for the class of
working conditions. Every question offers "Don't know", which scoring handles.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from actions.eligibility.parsers import (
    COUNTRY_CODES,
    DONT_KNOW,
    WORK_CLASSES,
    is_share,
    parse_citizenship,
    parse_class_degree,
    parse_share,
    parse_work_class,
)
from actions.forms import Option, Question, typed
from actions.forms.question import Answers
from i18n import _

__all__ = [
    "Answers",
    "Option",
    "Question",
    "answered",
    "choice",
    "citizenship",
    "is_known",
    "share",
    "work_class",
    "yes_no",
]

Text = Callable[[], str]


def _yes_no_options() -> tuple[Option, ...]:
    return (Option("yes", lambda: _("Yes")), Option("no", lambda: _("No")))


def yes_no(slot: str, text: Text, *, priority: int = 1, personal: bool = False) -> Question:
    """A yes / no question; typed "ага", "жоқ", "неа", "yep", "хз" are read too."""
    return Question(
        slot, text, _yes_no_options(), read=typed.yes_no, skip=DONT_KNOW,
        dont_know_button=True, priority=priority, personal=personal,
        hint=lambda: _('Please answer "yes", "no" or "don\'t know", or press a button.'),
    )


def choice(
    slot: str,
    text: Text,
    options: tuple[Option, ...],
    *,
    priority: int = 1,
    read: Callable[[str], Any] | None = None,
    read_first: bool = False,
) -> Question:
    """One of ``options``; typed answers match the options' titles and keywords.

    ``read`` (tried first with ``read_first``) reads what keywords cannot, e.g. two options
    named at once.
    """
    return Question(
        slot, text, options, skip=DONT_KNOW, dont_know_button=True, priority=priority,
        read=read, read_first=read_first,
        hint=lambda: _("Please choose one of the buttons, or answer in your own words."),
    )


def share(
    slot: str, text: Text, options: tuple[Option, ...], *, priority: int = 1
) -> Question:
    """A share in ``[0, 1]``: buttons, or "половину", "жартысы", "most of it", "60%"."""
    return Question(
        slot, text, options, read=parse_share, accepts=is_share, skip=DONT_KNOW,
        dont_know_button=True, priority=priority, read_first=True,
        hint=lambda: _('Answer in your own words, for example "half", "most of it" or "60%", '
                       "or press a button."),
    )


def work_class(slot: str, text: Text, options: tuple[Option, ...], *, priority: int = 1
               ) -> Question:
    """Class of working conditions from the attestation ("3.2", "3 класс 2 степени")."""
    return Question(
        slot, text, options, read=parse_work_class, accepts=lambda v: v in WORK_CLASSES,
        read_after=parse_class_degree, skip=DONT_KNOW, dont_know_button=True, priority=priority,
        hint=lambda: _("Write the class as in the attestation, for example 2, 3.1, 3.2 or 4."),
    )


def citizenship(slot: str, text: Text, options: tuple[Option, ...]) -> Question:
    """Citizenship by country name in any language ("кыргыз", "Өзбекстан", "Russia")."""
    return Question(
        slot, text, options, read=parse_citizenship, accepts=lambda v: v in COUNTRY_CODES,
        skip=DONT_KNOW, dont_know_button=True,
        hint=lambda: _("Please write the country of your passport, or press a button."),
    )


def answered(answers: Answers, slot: str) -> bool:
    """The question behind ``slot`` has an answer (``"dk"`` counts as an answer)."""
    return answers.get(slot) is not None


def is_known(answers: Answers, slot: str) -> bool:
    """The answer is there and is not "don't know"."""
    return answered(answers, slot) and answers.get(slot) != DONT_KNOW


def known(answers: Answers, slot: str) -> Any:
    """The answer if known, else ``None``."""
    return answers.get(slot) if is_known(answers, slot) else None
