"""The Rasa client turns every kind of Rasa failure into RasaUnavailable."""

from __future__ import annotations

import socket

import pytest

from bot.rasa_client import RasaClient, RasaUnavailable
from storage.secrets import shared_secret
from storage.users import signature_is_valid
from tests.fakes.rasa_stub import RasaStub

META = {"language": "kk", "language_source": "chosen", "user_key": "k" * 64}


async def test_ok_reply_is_returned(rasa_stub: RasaStub) -> None:
    client = RasaClient(rasa_stub.url, timeout=2)
    try:
        messages = await client.send("user", "сәлем", META)
    finally:
        await client.aclose()
    assert messages[0]["text"].startswith("Сәлем")
    sent = dict(rasa_stub.requests[0]["metadata"])
    assert signature_is_valid(shared_secret("metadata_key"), "user", sent)
    assert {k: v for k, v in sent.items() if k != "signature"} == META
    assert rasa_stub.requests[0]["sender"] == "user"


async def test_signature_covers_sender_user_key_and_attachment(rasa_stub: RasaStub) -> None:
    key = shared_secret("metadata_key")
    client = RasaClient(rasa_stub.url, timeout=2)
    try:
        await client.send("user", "/complaint_attach", {**META, "attachment_id": 7})
    finally:
        await client.aclose()
    sent = dict(rasa_stub.requests[0]["metadata"])
    assert signature_is_valid(key, "user", sent)
    assert not signature_is_valid(key, "other-user", sent)  # replayed under another sender
    assert not signature_is_valid(key, "user", {**sent, "attachment_id": 8})
    assert not signature_is_valid(key, "user", {**sent, "user_key": "b" * 64})
    assert not signature_is_valid("another installation", "user", sent)


async def test_the_api_token_is_sent_and_a_wrong_one_fails(rasa_stub: RasaStub) -> None:
    rasa_stub.api_token = shared_secret("rasa_api_token")
    client = RasaClient(rasa_stub.url, timeout=2)
    wrong = RasaClient(rasa_stub.url, timeout=2, api_token="guess")
    try:
        assert (await client.parse("сәлем"))["intent"]["name"]
        assert await client.slots("user") == rasa_stub.default_slots
        with pytest.raises(RasaUnavailable, match="401"):
            await wrong.parse("сәлем")
        with pytest.raises(RasaUnavailable, match="401"):
            await wrong.slots("user")
    finally:
        await client.aclose()
        await wrong.aclose()


@pytest.mark.parametrize("mode", ["empty", "error"])
async def test_empty_list_and_http_errors_are_failures(rasa_stub: RasaStub, mode: str) -> None:
    rasa_stub.mode = mode
    client = RasaClient(rasa_stub.url, timeout=2)
    try:
        with pytest.raises(RasaUnavailable):
            await client.send("user", "hi", META)
        with pytest.raises(RasaUnavailable):
            await client.parse("hi")
    finally:
        await client.aclose()


async def test_slow_rasa_times_out(rasa_stub: RasaStub) -> None:
    rasa_stub.mode, rasa_stub.delay = "slow", 1.5
    client = RasaClient(rasa_stub.url, timeout=0.3)
    try:
        with pytest.raises(RasaUnavailable, match="timed out"):
            await client.send("user", "hi", META)
    finally:
        await client.aclose()


async def test_nobody_listening_is_a_failure() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    client = RasaClient(f"http://127.0.0.1:{port}", timeout=1)
    try:
        with pytest.raises(RasaUnavailable, match="unreachable"):
            await client.send("user", "hi", META)
    finally:
        await client.aclose()


async def test_parse_returns_intent(rasa_stub: RasaStub) -> None:
    client = RasaClient(rasa_stub.url, timeout=2)
    try:
        result = await client.parse("мне не платят", {"language": "ru"})
    finally:
        await client.aclose()
    assert result["intent"]["name"] == "ask_wages_unpaid"
