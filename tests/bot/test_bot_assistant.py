"""The shared conversation path: language decisions, metadata, Rasa outages, preferences."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.assistant import Assistant, unavailable_text
from bot.language import LanguageDetector
from bot.preferences import MemoryPreferenceStore, SqlPreferenceStore, user_key
from bot.rasa_client import RasaClient
from storage.secrets import shared_secret
from storage.users import signature_is_valid
from tests.fakes.rasa_stub import RasaStub

KEY = user_key(42, "salt")


def metadata_of(stub: RasaStub, index: int = -1) -> dict[str, str]:
    """The metadata of a request, after checking the bot's signature on it."""
    request = stub.requests[index]
    metadata = dict(request["metadata"])
    assert signature_is_valid(shared_secret("metadata_key"), request["sender"], metadata)
    metadata.pop("signature")
    return metadata


async def test_detected_language_travels_as_metadata(
    assistant: Assistant, rasa_stub: RasaStub
) -> None:
    turn = await assistant.handle_text(KEY, "Маған жалақы төленбеді", hint="ru")
    assert turn.language == "kk" and turn.language_source == "detected"
    assert metadata_of(rasa_stub) == {
        "language": "kk",
        "language_source": "detected",
        "user_key": KEY,
    }
    assert rasa_stub.requests[-1]["sender"] == KEY
    assert turn.replies[0].text.startswith("Сәлем")
    assert turn.replies[0].buttons[0].payload == "/ask_wages_unpaid"


async def test_explicit_choice_wins_over_detection(
    assistant: Assistant, rasa_stub: RasaStub
) -> None:
    await assistant.choose_language(KEY, "en")
    turn = await assistant.handle_text(KEY, "Здравствуйте, мне не платят зарплату")
    assert (turn.language, turn.language_source) == ("en", "chosen")
    assert metadata_of(rasa_stub)["language_source"] == "chosen"


async def test_choice_is_confirmed_in_the_chosen_language(assistant: Assistant) -> None:
    turn = await assistant.choose_language(KEY, "kk")
    assert turn.replies[0].text.startswith("Тіл таңдалды")
    with pytest.raises(ValueError):
        await assistant.choose_language(KEY, "de")


async def test_short_message_and_button_keep_the_conversation_language(
    assistant: Assistant, rasa_stub: RasaStub
) -> None:
    await assistant.handle_text(KEY, "Сәлеметсіз бе, жалақым төленбеді")
    assert (await assistant.handle_text(KEY, "ок", hint="ru")).language == "kk"
    turn = await assistant.handle_payload(KEY, "/ask_wages_unpaid", hint="ru")
    assert turn.language == "kk"
    assert rasa_stub.requests[-1]["message"] == "/ask_wages_unpaid"


async def test_first_button_press_uses_telegram_hint(assistant: Assistant) -> None:
    turn = await assistant.handle_payload(KEY, "/greet", hint="en-GB")
    assert (turn.language, turn.language_source) == ("en", "hint")


@pytest.mark.parametrize("mode", ["empty", "error"])
async def test_rasa_outage_gives_localized_try_again(
    assistant: Assistant, rasa_stub: RasaStub, mode: str
) -> None:
    await assistant.choose_language(KEY, "ru")
    rasa_stub.mode = mode
    turn = await assistant.handle_text(KEY, "мне не платят")
    assert not turn.rasa_ok
    assert [r.text for r in turn.replies] == [unavailable_text("ru")]
    assert "минуту" in turn.replies[0].text
    rasa_stub.mode = "ok"  # Rasa is back: the next message works
    assert (await assistant.handle_text(KEY, "мне не платят")).rasa_ok


async def test_forget_drops_the_choice(assistant: Assistant) -> None:
    await assistant.choose_language(KEY, "en")
    await assistant.forget(KEY)
    assert await assistant.chosen_language(KEY) is None


def test_user_key_is_salted_and_stable() -> None:
    assert user_key(42, "a") == user_key(42, "a")
    assert user_key(42, "a") != user_key(42, "b")
    assert len(user_key(42, "a")) == 64


def test_memory_store_keeps_a_chat_only_when_asked_to() -> None:
    store = MemoryPreferenceStore()
    store.choose_language(KEY, "kk")
    assert store.chat_of(KEY) is None  # choosing a language keeps no chat
    store.notify_here(KEY, 6)
    assert store.chat_of(KEY) == 6
    store.notify_here(KEY, None)
    assert store.chat_of(KEY) is None


async def test_sql_store_persists_choice_across_instances(
    tmp_path: Path, rasa_stub: RasaStub, detector: LanguageDetector
) -> None:
    from storage.db import make_engine, make_session_factory
    from storage.models import Base

    engine = make_engine(f"sqlite:///{tmp_path / 'quqyq.db'}")
    Base.metadata.create_all(engine)
    sessions = make_session_factory(engine)
    SqlPreferenceStore(sessions).choose_language(KEY, "kk")

    store = SqlPreferenceStore(sessions)  # a restarted bot
    client = RasaClient(rasa_stub.url, timeout=2)
    try:
        assistant = Assistant(client, store, detector)
        turn = await assistant.handle_text(KEY, "Hello, my salary is late")
    finally:
        await client.aclose()
    assert (turn.language, turn.language_source) == ("kk", "chosen")
    from storage.users import User

    with sessions() as session:
        row = session.query(User).one()
        assert row.chat_id is None and not row.consent_notifications  # a choice keeps no chat
    store.notify_here(KEY, 100)  # "yes, write to me here" after a complaint
    with sessions() as session:
        row = session.query(User).one()
        assert row.chat_id == 100 and row.consent_notifications
    store.notify_here(KEY, None)  # "no"
    with sessions() as session:
        row = session.query(User).one()
        assert row.chat_id is None and not row.consent_notifications
    other = user_key(43, "salt")
    store.notify_here(other, 7)  # nobody stored (no complaint): nothing is made for a chat id
    with sessions() as session:
        assert session.query(User).filter_by(user_key=other).one_or_none() is None
    store.forget(KEY)
    assert store.chosen_language(KEY) is None
    engine.dispose()


@pytest.mark.parametrize("notify", [True, False])
async def test_the_receipts_marker_keeps_or_forgets_the_chat(
    assistant: Assistant, rasa_stub: RasaStub, notify: bool
) -> None:
    assert isinstance(assistant.preferences, MemoryPreferenceStore)
    assistant.preferences.notify_here(KEY, 5)  # an earlier "yes"
    rasa_stub.script = [[{"text": "Registered: K7QX-M4TD"},
                         {"custom": {"quqyq": {"notify_here": notify}}}]]
    turn = await assistant.handle_payload(KEY, '/form_answer{"form_value":"submit"}',
                                          chat_id=77)
    assert [r.text for r in turn.replies] == ["Registered: K7QX-M4TD"]
    assert assistant.preferences.chat_of(KEY) == (77 if notify else None)


@pytest.mark.parametrize(
    "payload",
    ['/set_language{"language":"kk"}', ' /set_language{"language": "kk"} '],
)
async def test_set_language_payload_is_an_explicit_choice(
    assistant: Assistant, rasa_stub: RasaStub, payload: str
) -> None:
    # Pressed as a button or typed: stored before Rasa sees it, and it sticks afterwards.
    turn = await assistant.handle_payload(KEY, payload, hint="ru", chat_id=77)
    assert (turn.language, turn.language_source) == ("kk", "chosen")
    assert metadata_of(rasa_stub)["language"] == "kk"
    assert assistant.preferences.chosen_language(KEY) == "kk"
    assert isinstance(assistant.preferences, MemoryPreferenceStore)
    assert assistant.preferences.chat_of(KEY) is None  # a language choice keeps no chat id
    turn = await assistant.handle_text(KEY, "Hello, my salary is late")
    assert (turn.language, turn.language_source) == ("kk", "chosen")
    other = user_key(44, "salt")
    turn = await assistant.handle_text(other, payload)
    assert (turn.language, turn.language_source) == ("kk", "chosen")
    assert assistant.preferences.chosen_language(other) == "kk"


async def test_other_payloads_are_not_a_choice(assistant: Assistant) -> None:
    for text in ('/set_language{"language":"de"}', "/set_language", '/greet{"language":"kk"}'):
        await assistant.handle_payload(KEY, text, hint="ru")
    assert assistant.preferences.chosen_language(KEY) is None
