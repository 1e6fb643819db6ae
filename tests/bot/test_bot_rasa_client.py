"""The Rasa client turns every kind of Rasa failure into RasaUnavailable."""

from __future__ import annotations

import socket

import pytest

from bot.rasa_client import RasaClient, RasaUnavailable
from tests.fakes.rasa_stub import RasaStub

META = {"language": "kk", "language_source": "chosen", "user_key": "k" * 64}


async def test_ok_reply_is_returned(rasa_stub: RasaStub) -> None:
    client = RasaClient(rasa_stub.url, timeout=2)
    try:
        messages = await client.send("user", "сәлем", META)
    finally:
        await client.aclose()
    assert messages[0]["text"].startswith("Сәлем")
    assert rasa_stub.requests[0]["metadata"] == META
    assert rasa_stub.requests[0]["sender"] == "user"


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
