"""A port held by another process (e.g. an orphaned action server with old code) stops the
start-up with a clear message instead of letting the stack run on the stale server."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from stack.processes import StackError, refuse_taken_port, start_action_server
from stack.settings import StackSettings


@pytest.fixture
def stale_server() -> Iterator[int]:
    """Something listening on a port, as an orphaned server would."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        yield int(sock.getsockname()[1])


def test_a_taken_port_refuses_the_start_with_the_fix_in_the_message(
    stale_server: int, tmp_path: Path
) -> None:
    settings = StackSettings.from_env({
        "DATA_DIR": str(tmp_path), "ACTIONS_URL": f"http://127.0.0.1:{stale_server}/webhook",
        "RASA_API_TOKEN": "t", "QUQYQ_METADATA_KEY": "k",
    })
    with pytest.raises(StackError, match=f"port {stale_server} is already in use") as error:
        start_action_server(settings)
    assert "ACTIONS_URL" in str(error.value) and "fuser -k" in str(error.value)
    assert not (tmp_path / "logs" / "actions.log").exists()  # nothing was started


def test_a_port_let_go_within_the_grace_period_is_fine() -> None:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen()
    port = int(sock.getsockname()[1])
    started = time.monotonic()
    threading.Timer(0.5, sock.close).start()  # a server that was just stopped
    refuse_taken_port("action server", port, "ACTIONS_URL", grace=5.0)
    assert time.monotonic() - started < 5.0
