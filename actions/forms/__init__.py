"""The form engine both quqyq forms run on (eligibility interview, complaint intake).

* :mod:`actions.forms.question` — a question as data (:class:`Question`, :class:`Option`).
* :mod:`actions.forms.typed` — typed words → values (yes / no / don't know, navigation).
* :mod:`actions.forms.engine` — the Rasa actions that ask, read, re-ask and interrupt.
* :mod:`actions.forms.domain_file` — renders the forms' Rasa domain and rules from the specs.
"""

from actions.forms.question import (
    ANSWER_INTENT,
    Option,
    Question,
    Refusal,
    answer_payload,
    payload_value,
)

__all__ = [
    "ANSWER_INTENT",
    "Option",
    "Question",
    "Refusal",
    "answer_payload",
    "payload_value",
]
