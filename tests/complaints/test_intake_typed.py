"""A whole confidential complaint typed in words, no button pressed, in ru, kk and en.

The flow of the bug report: "конфиденциально", "да, согласен" (was read as a refusal), "не
платят зарплату" at the topic question (classified ``ask_wages_unpaid``: it answers the question,
it must not interrupt it), a BIN with spaces, "алмата", "с марта по май", "450к", a phone with
spaces, the phone typed again at the summary (a rights intent at 0.7: asked again, no rights
answer) and "отправить". Every answer must land in the question asked and be stored as typed;
no answer may fill another field.

Personal answers are sealed (:mod:`actions.sealing`): the driver plays the front end, so what is
typed at a personal question reaches the actions only as ``sealed:<token>``. What Rasa would
keep of the conversation (the messages the actions utter, every slot value, what the user's
messages say) must hold none of it; after submitting, the sealed texts are deleted.
"""

from __future__ import annotations

import asyncio
import json
import re
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from actions.complaints.draft import DRAFT_ID, RECEIPT, SLOTS
from actions.complaints.intake import ASK_ACTIONS, FORM, VALIDATOR, ActionComplaintStart
from actions.complaints.submit import ActionComplaintSubmit
from actions.forms.engine import REQUESTED_SLOT
from actions.sealing import MARKER, PLACEHOLDER
from storage import sealed
from storage.complaints import Complaint
from storage.sealed import SealedText
from storage.users import user_key_for
from tests.fakes.signing import signed
from tests.forms.driver import FormDriver

USER = user_key_for(21, "test-salt")


@pytest.fixture(autouse=True)
def database(fresh_actions_database: sessionmaker[Session]) -> sessionmaker[Session]:
    """This file's tests each get a database of their own."""
    return fresh_actions_database


class MarchToMay:
    """The stored period of "с марта по май": 1 March to 31 May of one year (the latest one)."""

    def __eq__(self, other: object) -> bool:
        return isinstance(other, str) and re.fullmatch(r"(\d{4})-03-01/\1-05-31", other) is not None

    def __hash__(self) -> int:
        return 0

    def __repr__(self) -> str:
        return "<YYYY-03-01/YYYY-05-31>"


@dataclass(frozen=True)
class Say:
    """One message: what is typed, what NLU would classify, and the answer it gives."""

    text: str
    slot: str | None  # the question it answers (None: it answers nothing, asked again)
    value: Any = None
    intent: str = "form_answer"
    confidence: float = 0.9


def flow(
    topic: str, employer: str, region: str, period: str, amount: str,
    description: str, request: str, name: str, send: str, *, tier: str, consent: str,
    notify: str,
) -> list[Say]:
    return [
        Say(tier, "complaint_tier", "confidential"),
        Say(consent, "complaint_consent", "yes"),
        Say(topic, "complaint_category", "wages_unpaid", "ask_wages_unpaid", 0.9),
        Say(employer, "complaint_employer", employer),
        Say("9712 4000 1315", "complaint_bin", "971240001315"),
        Say(region, "complaint_region", "Алматы"),
        Say(period, "complaint_period", MarchToMay()),
        Say(amount, "complaint_amount", "450000"),
        # Full of rights words, classified as a rights question: still the description.
        Say(description, "complaint_description", description, "ask_wages_unpaid", 0.95),
        Say(request, "complaint_request", request),
        Say(name, "complaint_full_name", name),
        Say("8 701 555 44 33", "complaint_contact", "+77015554433"),
        Say(notify, "complaint_notify", "yes"),
        Say("8 701 555 44 33", None, intent="ask_wages_unpaid", confidence=0.7),
        Say(send, "complaint_confirm", "submit"),
    ]


FLOWS = {
    "ru": flow(
        "не платят зарплату", "ТОО Ромашка", "алмата", "с марта по май", "450к",
        "Мне не платят зарплату с марта, директор каждый раз обещает заплатить потом.",
        "Выплатить долг по зарплате", "Нурланова Айгерим Сериковна", "отправить",
        tier="конфиденциально", consent="да, согласен", notify="да, пишите",
    ),
    "kk": flow(
        "жалақы төленбейді", "Ромашка ЖШС", "алмата", "наурыздан мамырға дейін",
        "450 мың теңге",
        "Наурыздан бері жалақы төленбейді, директор кейін төлеймін деп уәде береді.",
        "Жалақы қарызын төлеу", "Нұрланова Айгерим Серікқызы", "жіберу",
        tier="құпия", consent="иә, келісемін", notify="иә, жазыңыз",
    ),
    "en": flow(
        "they don't pay my salary", "Romashka LLP", "almaty", "from March to May",
        "450k",
        "My salary has not been paid since March, the director keeps promising to pay later.",
        "Pay the wage debt", "Aigerim Nurlanova", "send",
        tier="confidential", consent="yes I agree", notify="yes please",
    ),
}


#: The named tier asks the IIN and the postal address after the contact (ru).
NAMED = [
    replace(FLOWS["ru"][0], text="с моим именем", value="named"),
    *FLOWS["ru"][1:12],
    Say("8803 1540 0128", "complaint_iin", "880315400128"),
    Say("Алматы, улица Абая 150, квартира 12", "complaint_address",
        "Алматы, улица Абая 150, квартира 12"),
    *FLOWS["ru"][12:],
]
assert [step.slot for step in NAMED[10:14]] == ["complaint_full_name", "complaint_contact",
                                                 "complaint_iin", "complaint_address"]


@dataclass
class Kept:
    """Something Rasa's tracker store would keep, and the question asked when it was made."""

    asked: str | None
    #: "user": the user's message as Rasa receives it; "mapping": the slot value Rasa's
    #: from_text mapping gives the question asked; "slot": any other slot value; "bot": a reply
    #: as the action utters it.
    kind: str
    value: Any

    @property
    def text(self) -> str:
        return self.value if isinstance(self.value, str) else json.dumps(self.value,
                                                                         ensure_ascii=False)


@dataclass
class RecordingDriver(FormDriver):
    """The form driver, also noting what Rasa keeps: every user message as Rasa receives it
    (sealed at personal questions), every slot value (Rasa's from_text mapping and the actions'
    events), and every reply as the actions utter it, before the front end unseals it."""

    kept: list[Kept] = field(default_factory=list)

    def _run(self, action: Any, tracker: Tracker) -> tuple[list[dict[str, Any]], list[dict]]:
        asked = tracker.get_slot(REQUESTED_SLOT)
        self.kept.append(Kept(asked, "user", (tracker.latest_message or {}).get("text")))
        self.kept += [Kept(asked, "mapping" if e.get("name") == asked else "slot", e.get("value"))
                      for e in tracker.events if e.get("event") == "slot"]
        events, messages = super()._run(action, tracker)
        self.kept += [Kept(asked, "slot", e.get("value")) for e in events
                      if e.get("event") == "slot"]
        self.kept += [Kept(asked, "bot", m) for m in messages]
        return events, messages


def _run(action: Any, slots: dict[str, Any], lang: str, kept: list[Kept] | None = None
         ) -> tuple[list[dict[str, Any]], str]:
    t = Tracker(
        sender_id="typed", slots={"language": lang, **slots},
        latest_message={"text": "", "intent": {"name": "form_answer", "confidence": 1.0},
                        "entities": [],
                        "metadata": signed("typed", {"language": lang, "user_key": USER})},
        events=[], paused=False, followup_action=None, active_loop={},
        latest_action_name="action_listen",
    )
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, t, {}))
    for event in events:
        if event.get("event") == "slot":
            slots[event["name"]] = event["value"]
    if kept is not None:
        kept += [Kept(None, "slot", e.get("value")) for e in events if e.get("event") == "slot"]
        kept += [Kept(None, "bot", m) for m in dispatcher.messages]
    assert not any(((m.get("custom") or {}).get(MARKER) or {}).get("sealed_message")
                   for m in dispatcher.messages), "a sealed reply: its text is a placeholder"
    return events, " ".join(m.get("text") or "" for m in dispatcher.messages)


def typed_complaint(lang: str, steps: list[Say]) -> tuple[RecordingDriver, str]:
    """``/file_complaint``, every step typed (each answer checked as it lands), "submit";
    the driver (its slots after submitting) and what the submit action said."""
    slots: dict[str, Any] = {}
    kept: list[Kept] = []
    _run(ActionComplaintStart(), slots, lang, kept)  # /file_complaint
    driver = RecordingDriver(FORM, VALIDATOR, ASK_ACTIONS, lang, slots=slots, user_key=USER,
                             kept=kept)
    driver.start()
    expected: dict[str, Any] = dict.fromkeys(SLOTS)
    for step in steps:
        asked = driver.requested
        turn = driver.say(step.text, intent=step.intent, confidence=step.confidence)
        assert not turn.interrupted, f"{step.text!r} at {asked} was handed to the rules"
        if step.slot is None:  # not an answer to the summary: the hint, the summary again
            assert driver.requested == asked, step.text
            assert len(turn.texts) >= 2 and turn.texts[-1] == driver.history[-2].texts[-1]
        else:
            assert asked == step.slot, f"{step.text!r} answered {asked}, not {step.slot}"
            expected[step.slot] = step.value
        # Each answer in its own field, and nowhere else.
        assert driver.answers() == expected, step.text
    assert not driver.active
    _events, said = _run(ActionComplaintSubmit(), driver.slots, lang, driver.kept)
    return driver, said


@pytest.mark.parametrize("lang", sorted(FLOWS))
def test_a_confidential_complaint_typed_in_words_is_stored_as_typed(
    lang: str, database: sessionmaker[Session]
) -> None:
    driver, said = typed_complaint(lang, FLOWS[lang])
    code = driver.slots[RECEIPT]
    assert code and code in said and driver.slots[DRAFT_ID]
    with database() as s:
        (complaint,) = s.scalars(select(Complaint)).all()
        typed = {step.slot: step.text for step in FLOWS[lang] if step.slot}
        assert {
            "category": complaint.category,
            "identity_tier": complaint.identity_tier,
            "consent": complaint.consent_personal_data,
            "employer_name": complaint.employer_name,
            "platform_name": complaint.platform_name,
            "employer_bin": complaint.employer_bin,
            "region": complaint.region,
            "amount_kzt": complaint.amount_kzt,
            "description": complaint.description,
            "request": complaint.request,
            "full_name": complaint.full_name,
            "contact": complaint.contact,
            "iin": complaint.iin,
            "address": complaint.address,
            "language": complaint.language,
        } == {
            "category": "wages_unpaid",
            "identity_tier": "confidential",
            "consent": True,
            "employer_name": typed["complaint_employer"],
            "platform_name": None,
            "employer_bin": "971240001315",
            "region": "Алматы",
            "amount_kzt": 450_000,
            "description": typed["complaint_description"],
            "request": typed["complaint_request"],
            "full_name": typed["complaint_full_name"],
            "contact": "+77015554433",
            "iin": None,
            "address": None,
            "language": lang,
        }
        start, end = complaint.period_start, complaint.period_end
        assert start is not None and end is not None
        assert (start.month, start.day, end.month, end.day) == (3, 1, 5, 31)
        assert start.year == end.year and start <= date.today()


# --- what Rasa keeps ---------------------------------------------------------------------------

PERSONAL = {"complaint_description", "complaint_request", "complaint_full_name",
            "complaint_contact", "complaint_iin", "complaint_address"}
assert {q.slot for q in FORM.questions if q.personal} == PERSONAL
_SEPARATORS = re.compile(r"[\s()+\-.]")


def _leaks(steps: list[Say], kept: list[Kept]) -> list[tuple[str, Kept]]:
    """The personal answers typed in ``steps`` that show in ``kept``: the name (or the surname
    alone), the description and the request (or their first words), the contact, the IIN and
    the address, also with spaces and dashes left out (``8 701 555 44 33``, ``+77015554433``)."""
    texts = [s.text for s in steps if s.slot in PERSONAL]
    needles = {*texts, *(" ".join(t.split()[:3]) for t in texts)}
    name = next(s.text for s in steps if s.slot == "complaint_full_name")
    needles.add(name.split()[0])
    digits = {re.sub(r"\D", "", s.text) for s in steps
              if s.slot in ("complaint_contact", "complaint_iin")}
    digits |= {d[1:] for d in digits if len(d) == 11}  # 8 701… is +7 701…
    found = []
    for item in kept:
        text = item.text.casefold()
        compact = _SEPARATORS.sub("", text)
        found += [(n, item) for n in needles if n.casefold() in text]
        found += [(d, item) for d in digits if d in compact]
    return found


def _sent_in_clear(item: Kept) -> bool:
    """A message typed at a question that is not personal, as Rasa receives it (the user text,
    and the from_text mapping's slot value): the front end does not seal it."""
    return item.asked not in PERSONAL and item.kind in ("user", "mapping")


@pytest.mark.parametrize(("lang", "steps"), [*((lang, FLOWS[lang]) for lang in sorted(FLOWS)),
                                             ("ru", NAMED)], ids=[*sorted(FLOWS), "named-ru"])
def test_rasa_keeps_nothing_personal_of_a_typed_complaint(
    lang: str, steps: list[Say], database: sessionmaker[Session]
) -> None:
    driver, _said = typed_complaint(lang, steps)
    assert driver.slots[RECEIPT]
    kept = driver.kept
    # What was typed at the personal questions reached Rasa only as references...
    at_personal = [k for k in kept if k.kind == "user" and k.asked in PERSONAL and k.value]
    assert len(at_personal) >= len([s for s in steps if s.slot in PERSONAL])
    assert all(sealed.token_of(json.loads(k.value.removeprefix("/form_answer"))["form_value"])
               for k in at_personal), at_personal
    # ...the replies that repeat it (the summary) were placeholders...
    replies = [k.value for k in kept if k.kind == "bot"]
    sealed_replies = [m for m in replies if (m.get("custom") or {}).get(MARKER, {}).get(
        "sealed_message")]
    assert sealed_replies and all(m["text"] == PLACEHOLDER for m in sealed_replies)
    # ...and nothing Rasa keeps says any of it (known gap: below).
    leaks = _leaks(steps, [k for k in kept if not _sent_in_clear(k)])
    assert not leaks, leaks
    assert not _leaks(steps, [Kept(None, "slot", v) for v in driver.slots.values()])
    # After submitting, the sealed answers are gone from the app database as well.
    with database() as s:
        assert s.scalars(select(SealedText).where(SealedText.user_key == USER)).all() == []


def test_what_is_typed_at_the_summary_is_not_kept_in_clear(
    database: sessionmaker[Session],
) -> None:
    driver, _said = typed_complaint("ru", FLOWS["ru"])
    assert not _leaks(FLOWS["ru"], driver.kept)
