"""A form question as data: slot, text, options with typed synonyms, a reader, a hint.

Both forms (the eligibility interview and the complaint intake) declare their questions with
:class:`Question`; the engine (:mod:`actions.forms.engine`) asks them, reads button presses and
typed answers the same way for every question, and re-asks with the question's hint.

A stored answer (slot value) is always *canonical*: an option's value, the question's ``skip``
value ("don't know" / "none"), or what its ``read`` function returns. Anything else found in a
slot (a raw text Rasa put there before validation) is treated as "not answered", so no raw text
ever reaches scoring, a path decision or a complaint.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Final

from actions.forms import typed
from actions.forms.typed import Phrase
from i18n import LANGUAGES, use_language
from storage import sealed

__all__ = [
    "ANSWER_INTENT",
    "VALUE_ENTITY",
    "Answers",
    "Option",
    "Question",
    "Refusal",
    "answer_payload",
    "payload_value",
]

#: Slot name -> stored answer (``None`` = not answered yet).
Answers = Mapping[str, Any]

#: Intent of every answer button of every form; the value travels as JSON in this entity.
ANSWER_INTENT: Final = "form_answer"
VALUE_ENTITY: Final = "form_value"
_PAYLOAD_RE: Final = re.compile(r"^/(?P<intent>[A-Za-z_]+)(?P<entities>\{.*\})?$", re.DOTALL)


def answer_payload(value: Any) -> str:
    """The button payload that answers the current question with ``value``.

    >>> answer_payload("yes"), answer_payload(0.5)
    ('/form_answer{"form_value":"yes"}', '/form_answer{"form_value":0.5}')
    """
    return "/" + ANSWER_INTENT + json.dumps({VALUE_ENTITY: value}, separators=(",", ":"),
                                            ensure_ascii=False)


def is_payload(text: str) -> bool:
    """The message is a Rasa payload (``/intent`` or ``/intent{...}``), pressed or typed."""
    return bool(_PAYLOAD_RE.match(text.strip()))


def payload_value(text: str | None) -> Any | None:
    """The value an answer button carries, else ``None`` (``/affirm`` and ``/deny`` too).

    >>> payload_value('/form_answer{"form_value":"3.2"}'), payload_value("/affirm")
    ('3.2', 'yes')
    """
    match = _PAYLOAD_RE.match((text or "").strip())
    if not match:
        return None
    if match["intent"] in ("affirm", "deny"):
        return typed.YES if match["intent"] == "affirm" else typed.NO
    if match["intent"] != ANSWER_INTENT or not match["entities"]:
        return None
    try:
        entities = json.loads(match["entities"])
    except ValueError:
        return None
    return entities.get(VALUE_ENTITY) if isinstance(entities, dict) else None


class Refusal(ValueError):
    """The answer was understood and refused; ``str(error)`` is the localized message.

    ``context`` is kept for the next answer to the same question (``Question.read_after``).
    """

    def __init__(self, message: str, context: str | None = None) -> None:
        super().__init__(message)
        self.context = context


@dataclass(frozen=True)
class Option:
    """An answer button: the stored value, its title, and words that mean it when typed.

    ``synonyms`` are keyword stems in any of the three languages (matched as word starts with
    typo tolerance, see :mod:`actions.forms.typed`); the title in every language matches too,
    so typing what a button says always works.
    """

    value: Any
    title: Callable[[], str]
    synonyms: tuple[str, ...] = ()

    @cached_property
    def phrases(self) -> tuple[Phrase, ...]:
        """Everything that, typed, means this option."""
        titles = []
        for language in LANGUAGES:
            with use_language(language):
                titles.append(typed.phrase(self.title()))
        return tuple(typed.phrase(s, prefix=True) for s in self.synonyms) + tuple(titles)


@dataclass(frozen=True)
class Question:
    """One question of a form, bound to the slot that stores its answer.

    * ``read`` turns typed text into a canonical value (``None``: not understood; raise
      :class:`Refusal` with a localized message for a value that is wrong, e.g. a bad IIN).
    * ``accepts`` says which non-option values are canonical (what ``read`` returns).
    * ``skip`` is stored for "don't know" / "skip"; ``None`` means the question must be
      answered.
    * ``free_text`` questions take any text as their answer, so a rights question typed there
      interrupts only when it clearly is one (see the engine).
    * ``priority`` decides what a form drops first when a path is longer than its limit
      (1 = always asked).
    """

    slot: str
    text: Callable[[], str]
    options: tuple[Option, ...] = ()
    read: Callable[[str], Any] | None = None
    accepts: Callable[[Any], bool] | None = None
    hint: Callable[[], str] | None = None
    skip: Any = None
    free_text: bool = False
    #: For free-text questions: may a typed question interrupt (no for "describe what
    #: happened", whose answers are full of rights words and question marks)?
    interruptible: bool = True
    #: The answer is personal data: Rasa sees only a sealed reference (:mod:`actions.sealing`);
    #: the typed text never reaches its tracker, nor does the answer.
    personal: bool = False
    #: The question's text repeats personal answers (the summary): sent sealed as well.
    shows_personal: bool = False
    priority: int = 1
    #: Values of the options shown as buttons (default: all of them).
    shown: tuple[Any, ...] | None = None
    #: Try ``read`` before "don't know" and the options' words (a share reader knows
    #: "почти весь" from "весь"; "да, но не знаю сколько дней" is a yes).
    read_first: bool = False
    #: Reads the answer that follows a refusal which left a context ("2" after "which degree
    #: of class 3?"); ``None`` falls back to the usual reading.
    read_after: Callable[[str, str], Any] | None = None
    dont_know_button: bool = False
    skip_button: bool = False
    #: The answer the classified intent implies, when nothing else read the text ("the intent
    #: narrows": ``ask_wages_unpaid`` answers "what is the complaint about?").
    from_intent: Callable[[str], Any] | None = None

    def canonical(self, value: Any) -> bool:
        """``value`` is a finished answer as a slot keeps it (for a personal question: the
        sealed reference; the answer itself is in the app database)."""
        if self.personal:
            return sealed.token_of(value) is not None
        return self.accepts_value(value)

    def accepts_value(self, value: Any) -> bool:
        """``value`` is an answer to this question (not raw text)."""
        if value is None or isinstance(value, bool) or not isinstance(value, str | int | float):
            return False  # answers are scalars; a JSON object in a forged payload is none
        if self.skip is not None and value == self.skip:
            return True
        if any(value == o.value and type(value) is type(o.value) for o in self.options):
            return True
        return self.accepts is not None and bool(self.accepts(value))

    def names_option(self, text: str) -> bool:
        """The whole message is one option's title or keyword ("Отмена" at the summary)."""
        message = typed.words(text)
        return bool(message) and any(
            p.words == message for option in self.options for p in option.phrases
        )

    def button_options(self) -> tuple[Option, ...]:
        """The options offered as buttons."""
        if self.shown is None:
            return self.options
        return tuple(o for o in self.options if o.value in self.shown)

    def answer(
        self, text: str, intent: str | None = None, context: str | None = None
    ) -> Any | None:
        """The canonical answer in ``text`` (a button payload or typed), else ``None``.

        ``intent`` is the classified intent when the classifier was sure of it; ``context`` what
        the last refusal of this question left. Raises :class:`Refusal` when the answer was read
        and is not acceptable.
        """
        if is_payload(text):
            value = payload_value(text)
            if self.accepts_value(value):
                return value
            if not isinstance(value, str) or is_payload(value):
                return None
            text = value  # a button that stands for a text reads like the text typed
        message = typed.words(text)
        if context is not None and self.read_after is not None:
            value = self.read_after(text, context)
            if value is not None:
                return value
        if self.read_first and self.read is not None:
            value = self.read(text)
            if value is not None:
                return value
        if self.skip is not None and typed.is_dont_know(text) and (
            not self.free_text or len(message) <= 4
        ):
            return self.skip
        option = self._option(message)
        if option is not None:
            return option.value
        if self.read is not None and not self.read_first:
            value = self.read(text)
            if value is not None:
                return value
        if self.from_intent is not None and intent:
            return self.from_intent(intent)
        return None

    def _option(self, message: tuple[str, ...]) -> Option | None:
        """The option the words name: a whole-message match first, then the first in order."""
        if not message:
            return None
        for option in self.options:
            if any(p.words == message for p in option.phrases):
                return option
        for option in self.options:
            if any(typed.names(message, p) for p in option.phrases):
                return option
        return None
