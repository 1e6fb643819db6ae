"""The front end's half of sealed personal data: what Rasa gets, what the user sees."""

from __future__ import annotations

from pathlib import Path

from bot.assistant import Assistant
from bot.language import LanguageDetector
from bot.preferences import MemoryPreferenceStore
from bot.rasa_client import RasaClient
from bot.sealing import (
    ANSWER_INTENT,
    MARKER,
    PLACEHOLDER,
    STATUS_PAYLOAD,
    VALUE_ENTITY,
    MemorySealer,
)
from tests.fakes.rasa_stub import RasaStub

KEY = "a" * 64


def ask(slot: str) -> list[dict]:
    """Rasa's reply to a personal question: the question, then its seal marker."""
    return [{"text": "Your IIN (12 digits):"}, {"custom": {MARKER: {"seal": slot}}}]


async def test_an_answer_to_a_personal_question_reaches_rasa_only_as_a_reference(
    rasa_stub: RasaStub, detector: LanguageDetector
) -> None:
    sealer = MemorySealer()
    client = RasaClient(rasa_stub.url, timeout=2)
    assistant = Assistant(client, MemoryPreferenceStore(), detector, sealer=sealer)
    try:
        rasa_stub.script = [ask("complaint_iin")]
        await assistant.handle_text(KEY, "хочу подать жалобу")
        assert sealer.pending(KEY) == "complaint_iin"
        await assistant.handle_text(KEY, "880315400128")
    finally:
        await client.aclose()
    sent = [r for r in rasa_stub.requests if "webhook" in r["path"]][-1]
    assert "880315400128" not in str(sent)
    assert sent["message"].startswith("/" + ANSWER_INTENT) and VALUE_ENTITY in sent["message"]
    # The classifier was asked about the text (NLU only, stores nothing) and Rasa got its answer.
    assert sent["metadata"]["sealed_intent"] == "ask_wages_unpaid"
    assert [t for _k, t in sealer.texts.values()] == ["880315400128"]
    assert sealer.pending(KEY) is None  # the default reply asks nothing personal


async def test_a_sealed_reply_is_shown_from_the_store_and_a_button_passes_as_it_is(
    rasa_stub: RasaStub, detector: LanguageDetector
) -> None:
    sealer = MemorySealer()
    sealer.texts["sealed:" + "s" * 24] = (KEY, "Please check your complaint: Ахметов Ерлан")
    client = RasaClient(rasa_stub.url, timeout=2)
    assistant = Assistant(client, MemoryPreferenceStore(), detector, sealer=sealer)
    try:
        rasa_stub.script = [[
            {"text": PLACEHOLDER, "buttons": [{"title": "Submit", "payload": "/x"}]},
            {"custom": {MARKER: {"sealed_message": "sealed:" + "s" * 24,
                                 "seal": "complaint_confirm"}}},
        ]]
        turn = await assistant.handle_text(KEY, "дальше")
        assert [r.text for r in turn.replies] == ["Please check your complaint: Ахметов Ерлан"]
        assert turn.replies[0].buttons[0].payload == "/x"
        await assistant.handle_payload(KEY, "/request_human")
    finally:
        await client.aclose()
    assert [r for r in rasa_stub.requests if "webhook" in r["path"]][-1]["message"] == (
        "/request_human"
    )


async def test_a_typed_receipt_code_reaches_rasa_only_as_a_reference(
    rasa_stub: RasaStub, detector: LanguageDetector
) -> None:
    sealer = MemorySealer()
    client = RasaClient(rasa_stub.url, timeout=2)
    assistant = Assistant(client, MemoryPreferenceStore(), detector, sealer=sealer)
    try:
        rasa_stub.script = [[{"text": "ok"}]] * 4
        await assistant.handle_text(KEY, "что с жалобой k7qx-m4td?")
        await assistant.handle_text(KEY, "К7QХ M4TD")  # Cyrillic look-alikes, a space
        # Words, not codes (every code mixes digits and letters): they pass as they are.
        await assistant.handle_text(KEY, "WATCHMEN")
        await assistant.handle_text(KEY, "yes they want more")
    finally:
        await client.aclose()
    first, second, *words = [r for r in rasa_stub.requests if "webhook" in r["path"]][-4:]
    for sent in (first, second):
        assert "M4TD" not in str(sent).upper()
        assert sent["message"] == STATUS_PAYLOAD and sent["metadata"]["sealed_status"]
    assert [w["message"] for w in words] == ["WATCHMEN", "yes they want more"]
    assert all("sealed_status" not in w["metadata"] for w in words)
    assert [t for _k, t in sealer.texts.values()] == ["что с жалобой k7qx-m4td?", "К7QХ M4TD"]


async def test_after_delete_my_data_the_conversation_is_erased(
    rasa_stub: RasaStub, detector: LanguageDetector
) -> None:
    sealer = MemorySealer()
    client = RasaClient(rasa_stub.url, timeout=2)
    assistant = Assistant(client, MemoryPreferenceStore(), detector, sealer=sealer)
    try:
        rasa_stub.script = [[{"text": "Done."}, {"custom": {MARKER: {"erase_conversation": True}}}]]
        await assistant.handle_payload(KEY, '/delete_my_data{"pick":"erase"}')
    finally:
        await client.aclose()
    assert sealer.erased == [KEY]


def test_the_contract_constants_agree_with_the_actions() -> None:
    from actions import sealing
    from actions.forms import question

    assert (MARKER, PLACEHOLDER) == (sealing.MARKER, sealing.PLACEHOLDER)
    assert (ANSWER_INTENT, VALUE_ENTITY) == (question.ANSWER_INTENT, question.VALUE_ENTITY)
    rules = (Path(__file__).parents[2] / "nlu/data/rules/complaints.yml").read_text()
    assert f"intent: {STATUS_PAYLOAD[1:]}\n      - action: action_complaint_status" in rules


async def test_a_typed_payload_is_words_not_a_button(
    rasa_stub: RasaStub, detector: LanguageDetector
) -> None:
    client = RasaClient(rasa_stub.url, timeout=2)
    assistant = Assistant(client, MemoryPreferenceStore(), detector, sealer=MemorySealer())
    try:
        await assistant.handle_text(KEY, '/delete_my_data{"pick":"erase"}')
        await assistant.handle_text(KEY, "/restart")
        await assistant.handle_payload(KEY, '/delete_my_data{"pick":"erase"}')  # a pressed button
    finally:
        await client.aclose()
    sent = [r["message"] for r in rasa_stub.requests if "webhook" in r["path"]]
    assert sent == ['\u2215delete_my_data{"pick":"erase"}', "/restart",
                    '/delete_my_data{"pick":"erase"}']
