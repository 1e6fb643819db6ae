"""The chat intake's actions with a CollectingDispatcher and tracker fixtures (no Rasa server):
each tier, refusal of consent, localized validation, edit before submit, double submit, status
by the author and by someone else, delete_my_data."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import func, select

import actions.complaints as intake
from actions.complaints import (
    DRAFT_ID,
    SLOTS,
    ActionComplaintStart,
    ActionComplaintStatus,
    ActionComplaintSubmit,
    ActionDeleteMyData,
    ValidateComplaintForm,
    pick,
    required_slots,
)
from storage.complaints import Complaint
from storage.db import make_engine, make_session_factory
from storage.migrate import upgrade
from storage.users import user_key_for

ALICE, BOB = user_key_for(11, "test-salt"), user_key_for(12, "test-salt")
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
    "complaint_iin": "880315400128",
    "complaint_address": "Алматы, Абай 1",
    "complaint_contact": "+77001112233",
    "complaint_confirm": "submit",
}


@pytest.fixture(autouse=True)
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    engine = make_engine(f"sqlite:///{tmp_path / 'q.db'}")
    upgrade(engine)
    factory = make_session_factory(engine)
    monkeypatch.setattr(intake, "_sessions", lambda: factory)
    yield factory
    engine.dispose()


def tracker(
    slots: dict[str, Any] | None = None,
    text: str = "",
    lang: str = "ru",
    user_key: str = ALICE,
    intent: str = "complaint_pick",
    events: list[dict[str, Any]] | None = None,
) -> Tracker:
    latest = {"text": text, "intent": {"name": intent, "confidence": 1.0}, "entities": [],
              "metadata": {"language": lang, "user_key": user_key}}
    return Tracker(
        sender_id="test-sender", slots={"language": lang, **(slots or {})}, latest_message=latest,
        events=events or [], paused=False, followup_action=None,
        active_loop={"name": "complaint_form"}, latest_action_name="action_listen",
    )


def validate(slot: str, value: str, **kw: Any) -> tuple[dict[str, Any], list[str]]:
    dispatcher = CollectingDispatcher()
    form = ValidateComplaintForm()
    result = getattr(form, f"validate_{slot}")(value, dispatcher, tracker(text=value, **kw), {})
    return result, [m.get("text") or "" for m in dispatcher.messages]


async def run(action: Any, t: Tracker) -> tuple[list[Any], list[dict[str, Any]]]:
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, t, {})
    return events, dispatcher.messages


def test_questions_depend_on_the_tier() -> None:
    anon = required_slots({"complaint_tier": "anonymous"})
    assert "complaint_consent" not in anon and "complaint_full_name" not in anon
    conf = required_slots({"complaint_tier": "confidential"})
    assert conf.index("complaint_consent") < conf.index("complaint_full_name")
    assert "complaint_iin" not in conf
    named = required_slots({"complaint_tier": "named"})
    assert {"complaint_iin", "complaint_address", "complaint_contact"} <= set(named)
    assert named[0] == "complaint_tier" and named[-1] == "complaint_confirm"


@pytest.mark.parametrize("tier", ["anonymous", "confidential", "named"])
def test_each_tier_by_button_and_by_text(tier: str) -> None:
    assert validate("complaint_tier", pick(tier))[0] == {"complaint_tier": tier}
    typed = {"anonymous": "анонимно", "confidential": "құпия", "named": "with my name"}[tier]
    assert validate("complaint_tier", typed)[0] == {"complaint_tier": tier}


def test_refusing_consent_makes_it_anonymous_and_drops_personal_data() -> None:
    result, messages = validate("complaint_consent", pick("no"), lang="kk")
    assert result["complaint_tier"] == "anonymous" and result["complaint_full_name"] is None
    assert "анонимді" in messages[0]


@pytest.mark.parametrize(
    ("slot", "text", "lang", "expected", "message"),
    [
        ("complaint_bin", "971240001316", "kk", None, "бақылау цифры"),
        ("complaint_bin", "9712400013", "ru", None, "12 цифр; вы ввели 10"),
        ("complaint_bin", pick("none"), "en", "none", ""),
        ("complaint_amount", "150 мың теңге", "kk", "150000", ""),
        ("complaint_amount", "1,5 млн", "ru", "1500000", ""),
        ("complaint_amount", "100 долларов", "ru", None, "в тенге"),
        ("complaint_iin", "880315400127", "en", None, "check digit"),
        ("complaint_period", "01.03.2026–31.05.2026", "en", "2026-03-01/2026-05-31", ""),
        ("complaint_period", "когда-то", "ru", None, "Не удалось понять период"),
        ("complaint_description", "плохо", "kk", None, "бірнеше сөйлеммен"),
    ],
)
def test_answers_are_parsed_or_refused_in_the_users_language(
    slot: str, text: str, lang: str, expected: str | None, message: str
) -> None:
    result, messages = validate(slot, text, lang=lang)
    assert result[slot] == expected
    if message:
        assert message in " ".join(messages)


def test_employer_with_a_bin_fills_both() -> None:
    result, _ = validate("complaint_employer", "ТОО Ромашка 971240001315")
    assert result["complaint_bin"] == "971240001315"


def test_edit_before_submit_clears_the_chosen_field() -> None:
    result, _ = validate("complaint_confirm", pick("edit"), slots=FILLED)
    assert result == {"complaint_confirm": None}
    result, _ = validate("complaint_confirm", pick("edit:amount"), slots=FILLED)
    assert result == {"complaint_confirm": None, "complaint_amount": None}


async def test_start_new_then_resume() -> None:
    events, messages = await run(ActionComplaintStart(), tracker(intent="file_complaint"))
    assert any(isinstance(e, dict) and e.get("name") == DRAFT_ID and e.get("value")
               for e in events)
    assert "жалобу" in messages[0]["text"]
    half = {DRAFT_ID: "abc", "complaint_tier": "anonymous"}
    events, messages = await run(ActionComplaintStart(), tracker(half, lang="kk"))
    assert events == [] and "жалғастырайық" in messages[0]["text"]


async def test_submit_twice_stores_once(database: Any) -> None:
    slots = {**FILLED, DRAFT_ID: "draft-xyz"}
    events1, messages1 = await run(ActionComplaintSubmit(), tracker(slots, lang="kk"))
    events2, messages2 = await run(ActionComplaintSubmit(), tracker(slots, lang="kk"))
    code = events1[0]["value"]
    assert events2[0]["value"] == code
    assert code in messages1[0]["text"] and "Түбіртек коды" in messages2[0]["text"]
    with database() as s:
        assert s.scalar(select(func.count()).select_from(Complaint)) == 1
        stored = s.scalars(select(Complaint)).one()
        assert (stored.identity_tier, stored.iin, stored.amount_kzt) == ("named", "880315400128",
                                                                        450_000)


async def test_cancel_stores_nothing(database: Any) -> None:
    slots = {**FILLED, DRAFT_ID: "d", "complaint_confirm": "cancel"}
    events, messages = await run(ActionComplaintSubmit(), tracker(slots))
    assert "не отправлена" in messages[0]["text"]
    assert SlotSet(DRAFT_ID, None) in events
    with database() as s:
        assert s.scalar(select(func.count()).select_from(Complaint)) == 0


async def test_status_by_the_author_and_by_someone_else() -> None:
    events, _ = await run(ActionComplaintSubmit(), tracker({**FILLED, DRAFT_ID: "d1"}))
    code = events[0]["value"]
    _, mine = await run(ActionComplaintStatus(),
                        tracker(text=f"статус {code.lower()}", intent="complaint_status"))
    assert code in mine[0]["text"] and "подана" in mine[0]["text"]
    _, theirs = await run(ActionComplaintStatus(),
                          tracker(text=f"статус {code}", user_key=BOB, intent="complaint_status"))
    assert code not in theirs[0]["text"] and "не найдено" in theirs[0]["text"]
    _, listed = await run(ActionComplaintStatus(), tracker(text="мой статус", lang="kk"))
    assert code in listed[0]["text"]


async def test_delete_my_data_asks_then_erases(database: Any) -> None:
    await run(ActionComplaintSubmit(), tracker({**FILLED, DRAFT_ID: "d2"}))
    events, messages = await run(ActionDeleteMyData(), tracker(text="/delete_my_data"))
    assert events == [] and len(messages[0]["buttons"]) == 2
    events, messages = await run(
        ActionDeleteMyData(), tracker(text=messages[0]["buttons"][0]["payload"])
    )
    assert "Обезличено жалоб: 1" in messages[0]["text"]
    assert {e["name"] for e in events} >= set(SLOTS)
    with database() as s:
        stored = s.scalars(select(Complaint)).one()
        assert stored.iin is None and stored.user_id is None and stored.amount_kzt == 450_000


def test_button_payloads_stay_short() -> None:
    from complaints.model import CATEGORIES

    for value in [*CATEGORIES, "edit:description", "edit:full_name"]:
        assert len(pick(value).encode()) < 60


async def test_files_sent_during_the_form_are_linked_on_submit(
    database: Any, tmp_path: Path
) -> None:
    from complaints.service import store_attachment
    from complaints.validators import ComplaintValidationError
    from i18n import use_language

    jpeg = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"p" * 64
    with database() as s:  # what the bot does when a photo arrives
        file_id = store_attachment(s, user_key=ALICE, data=jpeg, mime_type="image/jpeg",
                                   data_dir=tmp_path).id
        s.commit()
        with use_language("kk"), pytest.raises(ComplaintValidationError) as info:
            store_attachment(s, user_key=ALICE, data=b"MZ\x90" * 10, mime_type="application/pdf",
                             data_dir=tmp_path)
        assert "Түпнұсқа файлды" in str(info.value)  # the bot shows this message as is
    slots = {**FILLED, DRAFT_ID: "with-file"}
    t = tracker(slots, text="/complaint_attach", intent="complaint_attach")
    t.latest_message["metadata"]["attachment_id"] = file_id
    events, messages = await run(intake.ActionComplaintAttach(), t)
    assert events == [SlotSet(intake.ATTACHMENTS, [file_id])]
    assert "Приложено файлов: 1" in messages[0]["text"]
    events, _ = await run(ActionComplaintSubmit(),
                          tracker({**slots, intake.ATTACHMENTS: [file_id]}))
    with database() as s:
        stored = s.scalars(select(Complaint)).one()
        assert [a.id for a in stored.attachments] == [file_id]


async def test_a_file_without_a_draft_is_not_lost_silently() -> None:
    events, messages = await run(intake.ActionComplaintAttach(),
                                 tracker(text="вот фото", intent="complaint_attach"))
    assert events == [] and messages[0]["buttons"][0]["payload"] == "/file_complaint"
