"""An exception that escapes an action: the action server answers without the request it got
and logs the exception type only (rasa-sdk would echo the whole tracker, and Rasa log it)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import httpx

from stack.processes import Process
from tests.conftest import free_port

ROOT = Path(__file__).resolve().parents[2]
SECRET_TEXT = "Жанар Сейтқалиқызы 880315400128"


def test_an_escaped_exception_is_answered_and_logged_without_user_data(tmp_path: Path) -> None:
    port = free_port()
    log_path = tmp_path / "actions.log"
    with log_path.open("wb") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "rasa_sdk", "--actions", "tests.fakes.exploding_actions",
             "--port", str(port)],
            cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
            env={**os.environ, "SANIC_HOST": "127.0.0.1", "PYTHONWARNINGS": "ignore"},
        )
        try:
            deadline = time.monotonic() + 120  # a loaded CI machine starts it slowly
            while time.monotonic() < deadline:
                try:
                    if httpx.get(f"http://127.0.0.1:{port}/health", timeout=2).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                time.sleep(0.5)
            answer = httpx.post(f"http://127.0.0.1:{port}/webhook", timeout=30, json={
                "next_action": "action_explode", "sender_id": "s",
                "tracker": {"sender_id": "s", "slots": {"complaint_iin": "880315400128"},
                            "latest_message": {"text": SECRET_TEXT}, "events": [],
                            "paused": False, "followup_action": None, "active_loop": {},
                            "latest_action_name": "action_listen"},
                "domain": {}})
        finally:
            # The stack's own stop: SIGTERM to the group, SIGKILL when a busy machine's Sanic
            # takes longer than the grace period to shut down.
            Process("actions", server, log_path).stop(timeout=30)
    assert answer.status_code == 500
    assert answer.json() == {"error": "internal error"}
    logged = log_path.read_text(encoding="utf-8", errors="replace")
    assert "a request failed with ValueError" in logged
    assert "880315400128" not in logged and "Жанар" not in logged
