"""An interrupted interview survives a restart of every component (SQL tracker store)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest

from stack.processes import start_action_server, start_rasa_server
from stack.settings import StackSettings
from storage.db import make_engine
from storage.migrate import upgrade
from tests.conftest import free_port

SENDER = "restart-test-user"


def _say(settings: StackSettings, text: str) -> list[dict[str, Any]]:
    response = httpx.post(
        settings.rasa_url + "/webhooks/rest/webhook",
        json={"sender": SENDER, "message": text, "metadata": {"language": "ru"}},
        timeout=60,
    )
    response.raise_for_status()
    replies: list[dict[str, Any]] = response.json()
    assert replies, "Rasa answered [] (an error on its side)"
    return replies


def _tracker(settings: StackSettings) -> dict[str, Any]:
    response = httpx.get(settings.rasa_url + f"/conversations/{SENDER}/tracker",
                         params={"token": settings.rasa_api_token}, timeout=30)
    response.raise_for_status()
    tracker: dict[str, Any] = response.json()
    return tracker


@pytest.mark.rasa
def test_interview_resumes_after_rasa_and_actions_restart(tmp_path: Path) -> None:
    env = {
        "DATA_DIR": str(tmp_path),
        "RASA_URL": f"http://127.0.0.1:{free_port()}",
        "ACTIONS_URL": f"http://127.0.0.1:{free_port()}/webhook",
    }
    settings = StackSettings.from_env(env)
    engine = make_engine(f"sqlite:///{tmp_path / 'quqyq.db'}")
    upgrade(engine)
    engine.dispose()

    actions, rasa = start_action_server(settings), start_rasa_server(settings)
    try:
        _say(settings, "проверить мои права")
        _say(settings, '/form_answer{"form_value":"platform"}')
        before = _tracker(settings)
    finally:
        rasa.stop()
        actions.stop()
    asked_before = before["slots"]["requested_slot"]
    assert before["active_loop"].get("name") == "eligibility_form"

    # Every component comes back from disk: the tracker store is the only memory.
    actions, rasa = start_action_server(settings), start_rasa_server(settings)
    try:
        after = _tracker(settings)
        assert after["active_loop"].get("name") == "eligibility_form"
        assert after["slots"]["requested_slot"] == asked_before
        assert after["slots"]["language"] == "ru"
        _say(settings, '/form_answer{"form_value":"KZ"}')
        resumed = _tracker(settings)
    finally:
        rasa.stop()
        actions.stop()
    assert resumed["active_loop"].get("name") == "eligibility_form"
    assert resumed["slots"]["requested_slot"] not in {None, asked_before}
    answered = {k: v for k, v in resumed["slots"].items() if k.startswith("elig_") and v}
    assert len(answered) >= 2, answered
