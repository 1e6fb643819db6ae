"""The chat intake on the form engine, offline: the real actions with a CollectingDispatcher, the
form loop played by :class:`~tests.forms.driver.FormDriver` (no Rasa server, no model).

Covers: questions by tier; each tier by button and by typed text (kk, ru, en); consent refused
(anonymous, personal data dropped) and given in words; answers parsed or refused in the user's
language (never echoing an IIN); employer with a BIN; edit before submit (button and typed);
start, stop and resume; submit twice stores once; cancel stores nothing; status by the author and
by someone else; delete my data (asks, "keep", "erase"); button payloads under Telegram's
64 bytes; files sent during the form. Whole complaints typed in words: ``test_intake_typed.py``.

Personal answers are sealed (:mod:`actions.sealing`): their slots hold ``sealed:<token>`` and
the texts live in ``sealed_texts``; the driver plays the front end (it seals what is typed at a
personal question and shows sealed replies), ``driver.answers()`` reads the answers back.
"""

from __future__ import annotations

import asyncio
import re
from pathlib import Path
from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from actions.complaints import attach
from actions.complaints.attach import MAX_ATTACHMENTS, ActionComplaintAttach
from actions.complaints.draft import (
    ATTACHMENTS,
    DRAFT_ID,
    EDITING,
    NONE,
    PAUSED,
    PERSONAL_SLOTS,
    RECEIPT,
    SLOTS,
)
from actions.complaints.intake import ASK_ACTIONS, FORM, VALIDATOR, ActionComplaintStart
from actions.complaints.intake import required_slots as path_of
from actions.complaints.privacy import CONFIRM_PAYLOAD, KEEP_PAYLOAD, ActionDeleteMyData
from actions.complaints.questions import EDITABLE
from actions.complaints.status import ActionComplaintStatus
from actions.complaints.submit import ActionComplaintSubmit
from actions.forms import answer_payload
from actions.forms.engine import INVALID_COUNT, REQUESTED_SLOT
from actions.navigation import ActionOutsideForm
from actions.sealing import PLACEHOLDER, seal_answer
from complaints.model import ANONYMOUS_RECEIPT
from storage import sealed
from storage.complaints import Complaint
from storage.sealed import SealedText
from storage.users import user_key_for
from tests.fakes import files
from tests.fakes.signing import signed
from tests.forms.driver import FormDriver, Turn

ALICE, BOB = user_key_for(11, "test-salt"), user_key_for(12, "test-salt")
#: A named complaint with every answer given (canonical values, as the form stores them).
FILLED: dict[str, Any] = {
    "complaint_tier": "named",
    "complaint_consent": "yes",
    "complaint_category": "wages_unpaid",
    "complaint_employer": "ТОО Ромашка",
    "complaint_bin": "971240001315",
    "complaint_region": "Алматы",
    "complaint_period": "2026-03-01/2026-05-31",
    "complaint_amount": "450000",
    "complaint_description": "Жалақы үш ай бойы төленбеді.",
    "complaint_request": "Қарызды төлеу",
    "complaint_full_name": "Айгерим Нұрланова",
    "complaint_contact": "+77001112233",
    "complaint_iin": "880315400128",
    "complaint_address": "Алматы, Абай 1",
    "complaint_notify": "yes",
}
CONFIDENTIAL = {k: v for k, v in FILLED.items() if k not in ("complaint_iin", "complaint_address")}
CONFIDENTIAL["complaint_tier"] = "confidential"
ANONYMOUS = {k: v for k, v in FILLED.items()
             if k not in ("complaint_consent", *PERSONAL_SLOTS)} | {"complaint_tier": "anonymous"}
BAD_IIN = "880315400127"  # the check digit of 880315400128 changed


@pytest.fixture(autouse=True)
def database(fresh_actions_database: sessionmaker[Session]) -> sessionmaker[Session]:
    """This file's tests each get a database of their own."""
    return fresh_actions_database


# --- helpers -----------------------------------------------------------------------------------


def tracker(
    slots: dict[str, Any] | None = None,
    text: str = "",
    lang: str = "ru",
    user_key: str = ALICE,
    intent: str = "form_answer",
    metadata: dict[str, Any] | None = None,
    active: bool = False,
) -> Tracker:
    latest = {"text": text, "intent": {"name": intent, "confidence": 1.0}, "entities": [],
              "metadata": signed("test-sender",
                                 {"language": lang, "user_key": user_key, **(metadata or {})})}
    return Tracker(
        sender_id="test-sender", slots={"language": lang, **(slots or {})}, latest_message=latest,
        events=[], paused=False, followup_action=None,
        active_loop={"name": FORM.name} if active else {}, latest_action_name="action_listen",
    )


def run(action: Any, t: Tracker) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, t, {}))
    return events, dispatcher.messages


def apply(slots: dict[str, Any], events: list[dict[str, Any]]) -> dict[str, Any]:
    """What the tracker holds after ``events``."""
    for event in events:
        if event.get("event") == "slot":
            slots[event["name"]] = event["value"]
    return slots


def driver_for(lang: str = "ru", slots: dict[str, Any] | None = None) -> FormDriver:
    """A form driver for Alice: what it seals (and the actions seal for it) is hers."""
    return FormDriver(FORM, VALIDATOR, ASK_ACTIONS, lang, slots=dict(slots or {}),
                      user_key=ALICE)


def sealed_answers(values: dict[str, Any], user_key: str = ALICE) -> dict[str, Any]:
    """``values`` as the slots keep them: each personal answer sealed for ``user_key``."""
    owner = tracker(user_key=user_key)
    return {slot: (seal_answer(owner, slot, value)
                   if value is not None and slot in FORM.by_slot and FORM.by_slot[slot].personal
                   else value)
            for slot, value in values.items()}


def sealed_rows(factory: sessionmaker[Session], user_key: str = ALICE) -> list[SealedText]:
    """What the app database still keeps sealed for ``user_key``."""
    with factory() as s:
        return list(s.scalars(select(SealedText).where(SealedText.user_key == user_key)))


def form(lang: str = "ru", answers: dict[str, Any] | None = None) -> FormDriver:
    """The form started with ``answers`` given: it asks the first question still open."""
    driver = driver_for(lang)
    driver.start(answers)
    return driver


def at(slot: str, lang: str = "ru", filled: dict[str, Any] = FILLED) -> FormDriver:
    """The form at ``slot``: every question before it on the path of ``filled`` answered."""
    path = path_of(filled)
    driver = form(lang, {s: filled[s] for s in path[: path.index(slot)]})
    assert driver.requested == slot
    return driver


def begin(lang: str = "ru", answers: dict[str, Any] | None = None) -> FormDriver:
    """``/file_complaint``: the start action opens a draft, then the form asks its questions
    (``answers``: already given, as in a resumed draft)."""
    events, _ = run(ActionComplaintStart(), tracker(lang=lang))
    driver = driver_for(lang, apply({}, events))
    driver.start(answers)
    return driver


def submitted(driver: FormDriver, user_key: str = ALICE) -> tuple[list[dict[str, Any]], str]:
    """Run ``action_complaint_submit`` after the form; its events join the conversation."""
    assert not driver.active, f"the form still asks {driver.requested}"
    events, messages = run(ActionComplaintSubmit(),
                           tracker(driver.slots, lang=driver.language, user_key=user_key))
    apply(driver.slots, events)
    return events, " ".join(m.get("text") or "" for m in messages)


def payload_of(turn: Turn, value: Any) -> str:
    """The payload of the button the question offered for ``value`` (fails if none)."""
    wanted = answer_payload(value)
    assert wanted in [b["payload"] for b in turn.buttons], (wanted, turn.buttons)
    return wanted


def stored(factory: sessionmaker[Session]) -> list[Complaint]:
    with factory() as s:
        return list(s.scalars(select(Complaint)).all())


def count(factory: sessionmaker[Session]) -> int:
    with factory() as s:
        return int(s.scalar(select(func.count()).select_from(Complaint)) or 0)


# --- the questions -----------------------------------------------------------------------------


def test_questions_depend_on_the_tier() -> None:
    anon = path_of({"complaint_tier": "anonymous"})
    assert "complaint_consent" not in anon and not set(PERSONAL_SLOTS) & set(anon)
    conf = path_of({"complaint_tier": "confidential"})
    assert conf.index("complaint_consent") < conf.index("complaint_full_name")
    assert "complaint_iin" not in conf and "complaint_address" not in conf
    named = path_of({"complaint_tier": "named"})
    assert {"complaint_iin", "complaint_address", "complaint_contact"} <= set(named)
    assert named[0] == "complaint_tier" and named[-1] == "complaint_confirm"
    assert named == [s for s in SLOTS if s in named]  # the domain's order
    # Driven: an anonymous complaint goes from the facts straight to the summary.
    driver = at("complaint_request", filled=ANONYMOUS)
    driver.say("Выплатить долг")
    assert driver.requested == "complaint_confirm"


TIER_WORDS = [
    ("anonymous", "ru", "анонимно"),
    ("anonymous", "ru", "без имени"),
    ("anonymous", "kk", "жасырын"),
    ("anonymous", "kk", "атымсыз"),
    ("anonymous", "en", "anonymously"),
    ("confidential", "ru", "конфиденциально"),
    ("confidential", "ru", "только инспектору"),
    ("confidential", "kk", "құпия"),
    ("confidential", "en", "confidential"),
    ("named", "ru", "с моим именем"),
    ("named", "ru", "под своим именем"),
    ("named", "kk", "өз атымнан"),
    ("named", "kk", "атыммен"),
    ("named", "en", "with my name"),
]
NEXT_AFTER_TIER = {"anonymous": "complaint_category", "confidential": "complaint_consent",
                   "named": "complaint_consent"}


@pytest.mark.parametrize("lang", ["ru", "kk", "en"])
@pytest.mark.parametrize("tier", ["anonymous", "confidential", "named"])
def test_each_tier_by_button(tier: str, lang: str) -> None:
    driver = driver_for(lang)
    first = driver.start()
    driver.say(payload_of(first, tier))
    assert driver.answers()["complaint_tier"] == tier
    assert driver.requested == NEXT_AFTER_TIER[tier]


@pytest.mark.parametrize(("tier", "lang", "text"), TIER_WORDS)
def test_each_tier_by_typed_text(tier: str, lang: str, text: str) -> None:
    driver = form(lang)
    driver.say(text)
    assert driver.answers()["complaint_tier"] == tier, text
    assert driver.requested == NEXT_AFTER_TIER[tier]


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("ru", "не анонимно"), ("ru", "анонимно не надо"), ("en", "not anonymous"),
        ("kk", "анонимді емес"), ("kk", "аты-жөнімді көрсетіп"),
    ],
)
def test_asking_not_to_be_anonymous_is_not_read_as_anonymous(lang: str, text: str) -> None:
    driver = form(lang)
    driver.say(text)
    assert driver.answers()["complaint_tier"] != "anonymous", text


@pytest.mark.parametrize(
    ("intent", "confidence", "expected"),
    [("ask_wages_unpaid", 0.9, "wages_unpaid"), ("ask_dismissal", 0.8, "dismissal"),
     ("ask_wages_unpaid", 0.3, None)],
)
def test_the_topic_comes_from_the_classified_intent_when_no_word_names_it(
    intent: str, confidence: float, expected: str | None
) -> None:
    driver = at("complaint_category", filled=ANONYMOUS)
    turn = driver.say("хочу пожаловаться на начальника", intent=intent, confidence=confidence)
    assert not turn.interrupted  # the topic question is answered, not interrupted
    assert driver.answers()["complaint_category"] == expected
    assert driver.requested == ("complaint_category" if expected is None
                                else "complaint_employer")


# --- consent -----------------------------------------------------------------------------------

NO_CONSENT_SAYS = {"ru": "анонимной", "kk": "анонимді", "en": "anonymous"}


@pytest.mark.parametrize(
    ("lang", "answer"),
    [
        ("kk", answer_payload("no")),
        ("ru", "нет"),
        ("kk", "жоқ"),
        ("ru", "не согласен"),
        ("ru", "Нет, не согласна"),
        ("kk", "келіспеймін"),
        ("en", "no, I don't agree"),
    ],
)
def test_refusing_consent_makes_it_anonymous_and_drops_personal_data(
    lang: str, answer: str
) -> None:
    # A named complaint, its identity changed at the summary: a new tier asks consent again.
    driver = at("complaint_confirm", lang)
    driver.say(answer_payload("edit:tier"))
    assert driver.requested == "complaint_tier"
    driver.say("конфиденциально")
    assert driver.requested == "complaint_consent"
    turn = driver.say(answer)
    answers = driver.answers()
    assert answers["complaint_tier"] == "anonymous"
    assert all(answers[s] is None and driver.slots.get(s) is None for s in PERSONAL_SLOTS)
    assert NO_CONSENT_SAYS[lang] in turn.texts[0]
    assert driver.requested == "complaint_confirm"  # the facts are kept, no personal question
    summary = "\n".join(turn.texts[1:])
    assert all(FILLED[s] not in summary for s in PERSONAL_SLOTS)


@pytest.mark.parametrize(
    ("lang", "answer"),
    [
        ("ru", answer_payload("yes")),
        ("ru", "да, согласен"),  # was read as a refusal ("не согласен" contains "согласен")
        ("ru", "Да, согласна"),
        ("ru", "согласен"),
        ("kk", "иә, келісемін"),
        ("kk", "келісемін"),
        ("en", "yes I agree"),
        ("en", "I agree"),
    ],
)
def test_consent_given_in_words_is_a_yes(lang: str, answer: str) -> None:
    driver = at("complaint_consent", lang, CONFIDENTIAL)
    turn = driver.say(answer)
    answers = driver.answers()
    assert (answers["complaint_consent"], answers["complaint_tier"]) == ("yes", "confidential")
    assert driver.requested == "complaint_category"
    assert not any(NO_CONSENT_SAYS[lang] in t for t in turn.texts)


def test_dont_know_at_consent_is_asked_again_in_the_language() -> None:
    driver = at("complaint_consent", "kk", CONFIDENTIAL)
    turn = driver.say("білмеймін")
    assert driver.requested == "complaint_consent" and driver.answers()["complaint_consent"] is None
    assert driver.answers()["complaint_tier"] == "confidential"
    assert "anonymous" not in turn.texts[0]


# --- answers read in the user's language --------------------------------------------------------

PARSED = [
    ("complaint_bin", "9712 4000 1315", "ru", "971240001315"),
    ("complaint_bin", answer_payload("skip"), "en", NONE),
    ("complaint_bin", answer_payload(NONE), "en", NONE),
    ("complaint_bin", "не знаю", "ru", NONE),
    ("complaint_bin", "білмеймін", "kk", NONE),
    ("complaint_region", "алмата", "ru", "Алматы"),
    ("complaint_region", "Астанада", "kk", "Астана"),
    ("complaint_region", "Караганда", "ru", "Карагандинская область"),
    ("complaint_region", "Almaty", "en", "Алматы"),
    # The city's button title inside a region's name: the region, not the city.
    ("complaint_region", "Алматы облысы", "kk", "Алматинская область"),
    ("complaint_region", "Almaty region", "en", "Алматинская область"),
    ("complaint_amount", "150 мың теңге", "kk", "150000"),
    ("complaint_amount", "1,5 млн", "ru", "1500000"),
    ("complaint_amount", "450k", "en", "450000"),
    ("complaint_period", "01.03.2026–31.05.2026", "en", "2026-03-01/2026-05-31"),
    ("complaint_period", "не помню", "ru", NONE),
    ("complaint_contact", "8 701 555 44 33", "ru", "+77015554433"),
    ("complaint_contact", "+7 (701) 555-44-33", "kk", "+77015554433"),
    ("complaint_contact", "Aigerim@Mail.kz", "en", "aigerim@mail.kz"),
    ("complaint_contact", "телеграм @aigerim_n", "ru", "@aigerim_n"),
    ("complaint_iin", "8803 1540 0128", "kk", "880315400128"),
    ("complaint_full_name", "Нұрланова Айгерим", "kk", "Нұрланова Айгерим"),
]


@pytest.mark.parametrize(("slot", "text", "lang", "expected"), PARSED)
def test_answers_are_read_as_typed(slot: str, text: str, lang: str, expected: str) -> None:
    driver = at(slot, lang)
    driver.say(text)
    assert driver.answers()[slot] == expected
    assert driver.requested != slot


REFUSED = [
    ("complaint_bin", "971240001316", "kk", "бақылау цифры"),
    ("complaint_bin", "9712400013", "ru", "12 цифр; вы ввели 10"),
    ("complaint_bin", "880315400128", "ru", "ИИН, а не БИН"),
    ("complaint_amount", "100 долларов", "ru", "в тенге"),
    ("complaint_iin", BAD_IIN, "en", "check digit"),
    ("complaint_iin", BAD_IIN, "ru", "контрольная цифра"),
    ("complaint_iin", BAD_IIN, "kk", "бақылау цифры"),
    ("complaint_period", "когда-то", "ru", "Не удалось понять период"),
    ("complaint_description", "плохо", "kk", "бірнеше сөйлеммен"),
    ("complaint_contact", "не скажу", "ru", "номер телефона"),
    ("complaint_address", "нет", "kk", ""),
    ("complaint_full_name", "Айгерим 880315400128", "ru", "буквами"),
]


def _refusal(slot: str, text: str, lang: str) -> tuple[FormDriver, Turn]:
    driver = at(slot, lang)
    return driver, driver.say(text)


@pytest.mark.parametrize(("slot", "text", "lang", "message"), REFUSED)
def test_answers_are_refused_in_the_users_language(
    slot: str, text: str, lang: str, message: str
) -> None:
    driver, turn = _refusal(slot, text, lang)
    assert driver.answers()[slot] is None and driver.requested == slot  # asked again
    refusal = turn.texts[0]
    assert message in refusal
    if lang != "en":
        _, english = _refusal(slot, text, "en")
        assert refusal != english.texts[0]
        assert not re.search(r"\b(?:the|please|this|write)\b", refusal, re.IGNORECASE), refusal
    # Nothing typed is repeated back: it may be an IIN.
    digits = re.sub(r"\D", "", text)
    if len(digits) >= 10:
        assert all(digits not in re.sub(r"\D", "", t) for t in turn.texts), turn.texts


def test_employer_with_a_bin_fills_both() -> None:
    driver = at("complaint_employer", filled=ANONYMOUS)
    driver.say("ТОО Ромашка 971240001315")
    answers = driver.answers()
    assert answers["complaint_bin"] == "971240001315"
    assert answers["complaint_employer"].startswith("ТОО Ромашка")
    assert driver.requested == "complaint_region"  # the BIN question is not asked


def test_employer_with_a_wrong_bin_still_asks_the_bin() -> None:
    driver = at("complaint_employer", filled=ANONYMOUS)
    driver.say("ТОО Ромашка 971240001316")
    assert driver.answers()["complaint_bin"] is None
    assert driver.requested == "complaint_bin"


# --- edit before submit ------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["ru", "kk", "en"])
def test_edit_by_button_clears_the_chosen_field_then_shows_the_summary(lang: str) -> None:
    driver = at("complaint_confirm", lang)
    summary = driver.history[-1]
    turn = driver.say(payload_of(summary, "edit"))
    assert driver.slots[EDITING] is True and driver.requested == "complaint_confirm"
    offered = [b["payload"] for b in turn.buttons]
    assert offered == [answer_payload("edit:" + f) for f in EDITABLE
                       if "complaint_" + f in path_of(FILLED)]
    turn = driver.say(payload_of(turn, "edit:amount"))
    assert driver.answers()["complaint_amount"] is None and driver.requested == "complaint_amount"
    assert driver.slots[EDITING] is False
    turn = driver.say("200 000 тг")
    assert driver.requested == "complaint_confirm"
    assert driver.answers() == {**FILLED, "complaint_amount": "200000", "complaint_confirm": None}
    assert "200" in turn.texts[-1]
    payload_of(turn, "submit")  # the summary again, not the list of fields


def test_edit_offers_only_the_fields_of_the_tier() -> None:
    driver = at("complaint_confirm", filled=ANONYMOUS)
    turn = driver.say(answer_payload("edit"))
    offered = {b["payload"] for b in turn.buttons}
    assert answer_payload("edit:description") in offered
    assert not {answer_payload("edit:" + f) for f in ("full_name", "contact", "iin")} & offered


@pytest.mark.parametrize(
    ("lang", "text"),
    [("ru", "изменить телефон"), ("ru", "Исправить номер"), ("kk", "телефонды өзгерту"),
     ("en", "change my phone")],
)
def test_edit_by_typed_text_clears_the_contact_asks_it_then_the_summary(
    lang: str, text: str
) -> None:
    driver = at("complaint_confirm", lang, CONFIDENTIAL)
    driver.say(text)
    assert driver.answers()["complaint_contact"] is None
    assert driver.requested == "complaint_contact"
    turn = driver.say("+7 702 000 11 22")
    assert driver.requested == "complaint_confirm"
    assert driver.answers() == {**dict.fromkeys(SLOTS), **CONFIDENTIAL,
                                "complaint_contact": "+77020001122"}
    payload_of(turn, "submit")


# --- start, stop, resume -----------------------------------------------------------------------


def test_start_new_then_resume() -> None:
    events, messages = run(ActionComplaintStart(), tracker())
    slots = apply({}, events)
    assert re.fullmatch(r"[0-9a-f]{32}", slots[DRAFT_ID])
    assert all(slots[s] is None for s in SLOTS) and slots[RECEIPT] is None
    assert "жалобу" in messages[0]["text"]
    half = {DRAFT_ID: "abc", "complaint_tier": "anonymous"}
    events, messages = run(ActionComplaintStart(), tracker(half, lang="kk"))
    assert "жалғастырайық" in messages[0]["text"]
    changed = {e["name"] for e in events}
    assert not changed & {*SLOTS, DRAFT_ID, RECEIPT}  # nothing forgotten, same draft


def test_a_submitted_draft_is_not_resumed() -> None:
    slots = {**FILLED, "complaint_confirm": "submit", DRAFT_ID: "old", RECEIPT: "AB12-CD34"}
    events, _ = run(ActionComplaintStart(), tracker(slots))
    new = apply(dict(slots), events)
    assert new[DRAFT_ID] != "old" and new[RECEIPT] is None
    assert all(new[s] is None for s in SLOTS)


@pytest.mark.parametrize(("lang", "stop", "paused"),
                         [("ru", "стоп", "приостановлена"), ("kk", "тоқта", "тоқтатылды"),
                          ("en", "stop", "paused")])
def test_stop_pauses_keeps_the_answers_and_the_next_start_resumes(
    lang: str, stop: str, paused: str, database: sessionmaker[Session]
) -> None:
    driver = begin(lang)
    driver.say("анонимно")
    driver.say("не платят зарплату", intent="ask_wages_unpaid")
    draft_id = driver.slots[DRAFT_ID]
    driver.say(stop)
    assert not driver.active and driver.slots[PAUSED] is True
    kept = driver.answers()
    assert (kept["complaint_tier"], kept["complaint_category"]) == ("anonymous", "wages_unpaid")
    # The form ended, so the rules run the submit action: it says "paused", nothing is sent.
    events, messages = run(ActionComplaintSubmit(), tracker(driver.slots, lang=lang))
    assert paused in messages[0]["text"]
    assert messages[0]["buttons"][0]["payload"] == "/file_complaint"
    assert events == [SlotSet(PAUSED, False)] and count(database) == 0
    apply(driver.slots, events)
    # "Continue" (/file_complaint): the same draft, from the next question.
    events, messages = run(ActionComplaintStart(), tracker(driver.slots, lang=lang))
    apply(driver.slots, events)
    assert driver.slots[DRAFT_ID] == draft_id and driver.answers() == kept
    driver.start()
    assert driver.requested == "complaint_employer"


# --- submit, cancel ----------------------------------------------------------------------------


def test_submit_twice_stores_once_and_personal_data_leaves_the_slots(
    database: sessionmaker[Session],
) -> None:
    driver = begin("kk", FILLED)  # every answer given (the personal ones sealed)
    assert driver.requested == "complaint_confirm"
    personal = [q.slot for q in FORM.questions if q.personal]
    assert set(PERSONAL_SLOTS) < set(personal)  # the description and the request are too
    refs = [driver.slots[s] for s in personal]
    assert all(sealed.token_of(ref) for ref in refs)
    assert driver.answers() == {**FILLED, "complaint_confirm": None}
    driver.say(payload_of(driver.history[-1], "submit"))
    events1, said1 = submitted(driver)
    code = driver.slots[RECEIPT]
    assert code and code in said1
    assert all(SlotSet(s, None) in events1 for s in personal)
    assert all(driver.slots[s] is None for s in personal)
    # ...and out of the app database: the sealed answers are deleted, nothing of Alice's is
    # left there (the summary the front end showed was taken when it was shown).
    with database() as s:
        tokens = [sealed.token_of(ref) for ref in refs]
        assert not s.scalars(select(SealedText).where(SealedText.token.in_(tokens))).all()
    assert sealed_rows(database) == []
    # "Submit" pressed again: the same receipt, nothing stored twice.
    _, said2 = submitted(driver)
    assert driver.slots[RECEIPT] == code and code in said2 and "Түбіртек коды" in said2
    assert count(database) == 1
    (complaint,) = stored(database)
    assert (complaint.identity_tier, complaint.iin, complaint.amount_kzt, complaint.language) == (
        "named", "880315400128", 450_000, "kk")


@pytest.mark.parametrize(("lang", "cancel", "said"),
                         [("ru", "отменить", "не отправлена"), ("ru", "Отмена", "не отправлена"),
                          ("kk", "болдырмау", "жіберілмеді"), ("en", "cancel", "not sent"),
                          ("en", answer_payload("cancel"), "not sent")])
def test_cancel_stores_nothing(
    lang: str, cancel: str, said: str, database: sessionmaker[Session]
) -> None:
    driver = begin(lang, FILLED)
    assert driver.requested == "complaint_confirm"
    driver.say(cancel)
    assert driver.answers()["complaint_confirm"] == "cancel" and not driver.active
    assert not driver.slots.get(PAUSED)  # "Отмена" here is the summary's option, not "stop"
    events, text = submitted(driver)
    assert said in text
    assert SlotSet(DRAFT_ID, None) in events and all(driver.slots[s] is None for s in SLOTS)
    assert count(database) == 0


def _cancelled(driver: FormDriver) -> None:
    driver.say("отменить")


def _consent_withdrawn(driver: FormDriver) -> None:
    driver.say(answer_payload("edit:tier"))
    driver.say("конфиденциально")
    driver.say("нет")  # the name, contact, IIN and address are dropped
    driver.say("отправить")


def _contact_changed(driver: FormDriver) -> None:
    driver.say("изменить телефон")
    driver.say("+7 702 000 11 22")  # the old contact is replaced
    driver.say("отправить")


@pytest.mark.parametrize("ending", [_cancelled, _consent_withdrawn, _contact_changed],
                         ids=["cancel", "consent-withdrawn", "edited"])
def test_a_finished_draft_leaves_no_sealed_answer_behind(
    ending: Any, database: sessionmaker[Session]
) -> None:
    driver = begin("ru", FILLED)
    ending(driver)
    submitted(driver)
    # Nothing typed stays; only an anonymous receipt waits, sealed, for the bot to show it.
    assert [row.purpose for row in sealed_rows(database)] in ([], ["message"])


def test_submit_without_a_draft_says_there_is_nothing_to_send(
    database: sessionmaker[Session],
) -> None:
    events, messages = run(ActionComplaintSubmit(), tracker({**FILLED}))
    assert events == [] and messages[0]["buttons"][0]["payload"] == "/file_complaint"
    assert count(database) == 0


# --- status, delete ----------------------------------------------------------------------------


def _filed(slots: dict[str, Any]) -> str:
    events, _ = run(ActionComplaintSubmit(),
                    tracker({**sealed_answers(slots), "complaint_confirm": "submit"}))
    return str(apply({}, events)[RECEIPT])


def test_status_by_the_author_and_by_someone_else() -> None:
    code = _filed({**FILLED, DRAFT_ID: "d1"})
    _, mine = run(ActionComplaintStatus(),
                  tracker(text=f"статус {code.lower()}", intent="complaint_status"))
    assert code in mine[0]["text"] and "подана" in mine[0]["text"]
    _, theirs = run(ActionComplaintStatus(),
                    tracker(text=f"статус {code}", user_key=BOB, intent="complaint_status"))
    assert code not in theirs[0]["text"] and "не найдено" in theirs[0]["text"]
    _, listed = run(ActionComplaintStatus(), tracker(text="мой статус", lang="kk"))
    assert code in listed[0]["text"]
    _, none = run(ActionComplaintStatus(), tracker(text="мой статус", user_key=BOB))
    assert code not in none[0]["text"]
    assert none[0]["buttons"][0]["payload"] == "/file_complaint"


def anonymous_filed() -> dict[str, Any]:
    """An anonymous complaint ready to send, its free text sealed as the form keeps it."""
    return sealed_answers({**ANONYMOUS, "complaint_description": FILLED["complaint_description"],
                           "complaint_request": FILLED["complaint_request"]})


def test_an_anonymous_receipt_is_shown_once_and_never_kept_by_the_conversation(
    database: sessionmaker[Session],
) -> None:
    events, messages = run(ActionComplaintSubmit(), tracker(
        {**anonymous_filed(), DRAFT_ID: "anon-1", "complaint_confirm": "submit"}))
    (complaint,) = stored(database)
    assert complaint.user_id is None
    # Rasa keeps a placeholder and a marker; the code is only in the sealed message.
    assert apply({}, events)[RECEIPT] == ANONYMOUS_RECEIPT
    assert complaint.receipt_code not in str(messages)
    assert messages[0]["text"] == PLACEHOLDER
    (receipt,) = [r for r in sealed_rows(database) if r.purpose == "message"]
    assert complaint.receipt_code in receipt.text and "анонимная" in receipt.text
    # "Submit" pressed again: told it went, nothing stored twice, no code repeated.
    _, again = run(ActionComplaintSubmit(), tracker(
        {**anonymous_filed(), DRAFT_ID: "anon-1", "complaint_confirm": "submit"}))
    assert "уже отправлена" in again[0]["text"] and complaint.receipt_code not in again[0]["text"]
    _, outside = run(ActionOutsideForm(), tracker(
        {RECEIPT: ANONYMOUS_RECEIPT}, text=answer_payload("submit"), intent="form_answer"))
    assert "уже отправлена" in outside[0]["text"]
    assert len(stored(database)) == 1


def test_an_anonymous_complaint_is_followed_by_its_sealed_code(
    database: sessionmaker[Session],
) -> None:
    run(ActionComplaintSubmit(), tracker(
        {**anonymous_filed(), DRAFT_ID: "anon-2", "complaint_confirm": "submit"}))
    (complaint,) = stored(database)
    # The bot sealed the typed message (a code in it); the action opens it by reference.
    with database() as s, s.begin():
        ref = sealed.seal(s, BOB, "input", f"что с жалобой {complaint.receipt_code}?",
                          "receipt_code")
    _, messages = run(ActionComplaintStatus(), tracker(
        text="/complaint_status", user_key=BOB, intent="complaint_status",
        metadata={"sealed_status": ref}))
    assert messages[0]["text"] == PLACEHOLDER  # the reply names the code: sealed as well
    shown = [r.text for r in sealed_rows(database, BOB) if r.purpose == "message"]
    assert len(shown) == 1 and complaint.receipt_code in shown[0] and "подана" in shown[0]
    assert all(r.purpose != "input" for r in sealed_rows(database, BOB))  # taken, not kept
    # "My complaints" never lists it: nothing ties it to the one who filed it.
    _, listed = run(ActionComplaintStatus(), tracker(text="мой статус"))
    assert complaint.receipt_code not in listed[0]["text"]


def test_delete_my_data_asks_keep_deletes_nothing_erase_erases(
    database: sessionmaker[Session],
) -> None:
    _filed({**FILLED, DRAFT_ID: "d2"})
    # A second draft half-filled: its answers are sealed texts of Alice's (and one of Bob's).
    draft = sealed_answers({"complaint_full_name": "Айгерим Нұрланова",
                            "complaint_contact": "+77001112233"})
    (bobs,) = sealed_answers({"complaint_contact": "+77009998877"}, BOB).values()
    events, messages = run(ActionDeleteMyData(), tracker(text="/delete_my_data"))
    assert events == []
    assert [b["payload"] for b in messages[0]["buttons"]] == [CONFIRM_PAYLOAD, KEEP_PAYLOAD]
    events, messages = run(ActionDeleteMyData(), tracker(text=KEEP_PAYLOAD))
    assert events == [] and "Ничего не удалено" in messages[0]["text"]
    (kept,) = stored(database)
    assert kept.iin == "880315400128" and kept.user_id is not None
    assert {sealed.reference(row.token) for row in sealed_rows(database)} == set(draft.values())
    events, messages = run(ActionDeleteMyData(), tracker(text=CONFIRM_PAYLOAD))
    assert "Обезличено жалоб: 1" in messages[0]["text"]
    assert {e["name"] for e in events} >= {*SLOTS, DRAFT_ID, RECEIPT, ATTACHMENTS}
    assert all(e["value"] is None for e in events)
    (erased,) = stored(database)
    assert erased.iin is None and erased.full_name is None and erased.contact is None
    assert erased.user_id is None and erased.amount_kzt == 450_000  # statistics stay
    assert sealed_rows(database) == []  # the draft's sealed answers are gone too
    assert [row.token for row in sealed_rows(database, BOB)] == [sealed.token_of(bobs)]


# --- buttons -----------------------------------------------------------------------------------

TELEGRAM_CALLBACK_BYTES = 64


def test_button_payloads_stay_under_telegrams_limit() -> None:
    payloads = {answer_payload(v) for v in ("skip", "stop", "back", NONE)}
    for question in FORM.questions:
        payloads |= {answer_payload(o.value) for o in question.options}
        if question.skip is not None:
            payloads.add(answer_payload(question.skip))
    # And what every question really shows: the summary, its field list, the "skip" offers.
    for slots in (FILLED, {**FILLED, EDITING: True}, {**FILLED, INVALID_COUNT: 2}):
        for slot in SLOTS:
            _, messages = run(ASK_ACTIONS[slot](),
                              tracker({**slots, REQUESTED_SLOT: slot}, active=True))
            payloads |= {b["payload"] for m in messages for b in m.get("buttons") or []}
    payloads |= {CONFIRM_PAYLOAD, KEEP_PAYLOAD, "/file_complaint"}
    assert answer_payload("edit:description") in payloads
    too_long = {p for p in payloads if len(p.encode()) >= TELEGRAM_CALLBACK_BYTES}
    assert not too_long


# --- files -------------------------------------------------------------------------------------


def test_files_sent_during_the_form_are_linked_on_submit(
    database: sessionmaker[Session], tmp_path: Path
) -> None:
    from complaints.attachments import store_attachment
    from complaints.validators import ComplaintValidationError
    from i18n import use_language

    jpeg = files.jpeg()
    with database() as s:  # what the bot does when a photo arrives
        file_id = store_attachment(s, user_key=ALICE, data=jpeg, mime_type="image/jpeg",
                                   data_dir=tmp_path).id
        s.commit()
        with use_language("kk"), pytest.raises(ComplaintValidationError) as info:
            store_attachment(s, user_key=ALICE, data=b"MZ\x90" * 10, mime_type="application/pdf",
                             data_dir=tmp_path)
        assert "Түпнұсқа файлды" in str(info.value)  # the bot shows this message as is
    driver = begin()
    driver.say("анонимно")
    driver.say("не платят зарплату", intent="ask_wages_unpaid")
    # The photo arrives while the form asks for the employer: the rules attach it, then the
    # form asks the same question again.
    turn = driver.say("/complaint_attach", intent="complaint_attach", confidence=1.0)
    assert turn.interrupted and driver.requested == "complaint_employer"
    events, messages = run(ActionComplaintAttach(),
                           tracker(driver.slots, text="/complaint_attach",
                                   intent="complaint_attach", metadata={"attachment_id": file_id},
                                   active=True))
    assert events == [SlotSet(ATTACHMENTS, [file_id])]
    assert "Приложено файлов: 1" in messages[0]["text"]
    apply(driver.slots, events)
    for answer in ("ТОО Ромашка", "нет", "Алматы", "нет", "нет",
                   "Зарплату не платят три месяца.", "Выплатить долг"):
        driver.say(answer)
    assert driver.requested == "complaint_confirm"
    driver.say("отправить")
    submitted(driver)
    with database() as s:
        complaint = s.scalars(select(Complaint)).one()
        assert [a.id for a in complaint.attachments] == [file_id]


def test_a_file_without_a_draft_is_not_lost_silently() -> None:
    for slots in ({}, {**FILLED, DRAFT_ID: "done", RECEIPT: "AB12-CD34"}):
        events, messages = run(ActionComplaintAttach(),
                               tracker(slots, text="вот фото", intent="complaint_attach",
                                       metadata={"attachment_id": 5}))
        assert events == [] and messages[0]["buttons"][0]["payload"] == "/file_complaint"


def test_a_draft_takes_at_most_the_maximum_of_files() -> None:
    full = {DRAFT_ID: "d", ATTACHMENTS: list(range(1, MAX_ATTACHMENTS + 1))}
    events, messages = run(ActionComplaintAttach(),
                           tracker(full, intent="complaint_attach",
                                   metadata={"attachment_id": 99}))
    assert events == [] and str(MAX_ATTACHMENTS) in messages[0]["text"]


def test_the_attach_module_is_the_action_the_form_hands_files_to() -> None:
    assert FORM.interruptions["complaint_attach"] == attach.ActionComplaintAttach().name()
