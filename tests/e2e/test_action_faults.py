"""An action that fails for real: the user gets a short apology and can go on; no log of any
process holds what the user typed.

A stack of its own (Rasa + action server) whose app database has lost its ``complaints`` table:
drafts and sealed answers still work, but every action that reads or writes complaints fails
inside the action server. The conversation must not lock,
the apology must be in the user's language, and ``actions.log`` / ``rasa.log`` must not contain
the typed name, IIN, phone or any typed sentence — only action names and exception types.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from actions.forms import answer_payload
from stack.processes import start_action_server, start_rasa_server
from stack.settings import StackSettings
from storage import sealed
from storage.db import make_engine
from storage.migrate import upgrade
from tests.conftest import free_port

pytestmark = pytest.mark.rasa

SENDER = "fault-test-user"
APOLOGY_KK = "Кешіріңіз, менің тарапымда ақау болды."
TYPED = {
    "name": "Жанар Сейтқалиқызы",
    "iin": "880315400128",
    "phone": "+7 701 987 65 43",
    "description": "Бригадир Талғат үш ай жалақы бермей жүр, құпия ақпарат",
    "request": "Қарызды өтесін деп сұраймын",
}


@pytest.fixture(scope="module")
def broken_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StackSettings]:
    data_dir = tmp_path_factory.mktemp("faults")
    settings = StackSettings.from_env({
        "DATA_DIR": str(data_dir),
        "RASA_URL": f"http://127.0.0.1:{free_port()}",
        "ACTIONS_URL": f"http://127.0.0.1:{free_port()}/webhook",
    })
    database = data_dir / "quqyq.db"
    upgrade(make_engine(f"sqlite:///{database}"))
    with contextlib.closing(sqlite3.connect(database)) as db:
        db.execute("DROP TABLE complaints")  # what filing writes to: every write fails
        db.commit()
    previous = os.environ.get("DATABASE_URL")
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    try:
        actions = start_action_server(settings)
    finally:
        if previous is None:
            os.environ.pop("DATABASE_URL", None)
        else:
            os.environ["DATABASE_URL"] = previous
    rasa = start_rasa_server(settings)
    try:
        yield settings
    finally:
        rasa.stop()
        actions.stop()


def say(settings: StackSettings, text: str) -> list[dict[str, Any]]:
    response = httpx.post(
        settings.rasa_url + "/webhooks/rest/webhook",
        json={"sender": SENDER, "message": text, "metadata": {"language": "kk"}},
        timeout=60,
    )
    response.raise_for_status()
    replies: list[dict[str, Any]] = response.json()
    assert replies, "Rasa answered [] — the failure reached the user as 'unavailable'"
    return replies


def texts(replies: list[dict[str, Any]]) -> str:
    return "\n".join(str(r.get("text") or "") for r in replies)


def test_a_failing_action_apologises_and_the_conversation_goes_on(
    broken_stack: StackSettings,
) -> None:
    status = say(broken_stack, "/complaint_status")
    assert APOLOGY_KK in texts(status)
    assert any(r.get("buttons") for r in status), "the apology offers a way on"
    # The next message is answered normally: nothing is locked.
    assert "quqyq" in texts(say(broken_stack, "/greet"))


def test_a_complaint_whose_storage_fails_is_not_lost_and_logs_hold_no_user_text(
    broken_stack: StackSettings,
) -> None:
    say(broken_stack, "/file_complaint")
    for answer in ("құпия", "иә, келісемін", "жалақы төленбейді", "ЖШС Алтын", "білмеймін",
                   "Алматы", "білмеймін", "жоқ", TYPED["description"], TYPED["request"],
                   TYPED["name"], TYPED["phone"], "жоқ"):
        assert say(broken_stack, answer)
    submitted = say(broken_stack, "жіберу")
    assert APOLOGY_KK in texts(submitted)
    retry = [b["payload"] for r in submitted for b in r.get("buttons") or []]
    assert answer_payload("submit") in retry
    # "Send again" while storage is still down: the same apology, the draft still waits.
    assert APOLOGY_KK in texts(say(broken_stack, answer_payload("submit")))
    # The draft is still there: the summary can be sent again once storage is back.
    tracker = httpx.get(f"{broken_stack.rasa_url}/conversations/{SENDER}/tracker",
                        params={"token": broken_stack.rasa_api_token}, timeout=30).json()
    assert sealed.token_of(tracker["slots"]["complaint_full_name"])  # the name, kept sealed
    assert tracker["slots"]["complaint_draft_id"]
    assert tracker["slots"]["complaint_receipt"] is None
    logs = broken_stack.data_dir / "logs"
    for name in ("actions.log", "rasa.log"):
        content = (logs / name).read_text(encoding="utf-8", errors="replace")
        for label, value in TYPED.items():
            assert value not in content, f"{name} holds the typed {label}"
        assert "88031540" not in content and "987 65" not in content
    actions_log = (logs / "actions.log").read_text(encoding="utf-8", errors="replace")
    assert "action action_complaint_submit failed with OperationalError" in actions_log


def test_the_log_files_exist_where_the_stack_writes_them(broken_stack: StackSettings) -> None:
    assert Path(broken_stack.data_dir / "logs" / "actions.log").exists()
