"""Session fixtures that start real components: the action server and the Rasa server.

They run on free ports with their own DATA_DIR, so several test runs on one machine do not meet.
A missing model is a failure with the fix in the message, never a silent skip.
"""

from __future__ import annotations

import os
import secrets
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

import actions.db as actions_db
from stack.processes import Process, StackError, start_action_server, start_rasa_server
from stack.settings import ROOT, StackSettings
from storage.db import make_engine, make_session_factory
from storage.files import restrict
from storage.migrate import upgrade
from tests.postgres import postgres_server_url


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session", autouse=True)
def installation_secrets() -> None:
    """One Rasa API token and metadata key for the test run, as one installation has.

    In the environment, so servers the tests start, clients they build and actions they run
    in-process all agree (none of them writes a secret file into the repository's ``var/``).
    """
    for variable in ("RASA_API_TOKEN", "QUQYQ_METADATA_KEY"):
        os.environ.setdefault(variable, secrets.token_hex(32))


@pytest.fixture(scope="session")
def stack_settings(
    tmp_path_factory: pytest.TempPathFactory, installation_secrets: None
) -> StackSettings:
    """Settings for a private stack: free ports, a temporary DATA_DIR and tracker store."""
    data_dir = tmp_path_factory.mktemp("stack")
    return StackSettings.from_env(
        {
            "DATA_DIR": str(data_dir),
            "RASA_URL": f"http://127.0.0.1:{free_port()}",
            "ACTIONS_URL": f"http://127.0.0.1:{free_port()}/webhook",
            "RASA_API_TOKEN": os.environ["RASA_API_TOKEN"],
            "QUQYQ_METADATA_KEY": os.environ["QUQYQ_METADATA_KEY"],
        }
    )


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """URL of a throwaway PostgreSQL server (its default database), for the whole session."""
    yield from postgres_server_url()


@pytest.fixture(scope="session")
def action_server(stack_settings: StackSettings) -> Iterator[Process]:
    """The real rasa-sdk action server (app env) for the whole session."""
    try:
        process = start_action_server(stack_settings)
    except StackError as error:
        pytest.fail(f"action server did not start: {error}")
    yield process
    process.stop()


@pytest.fixture(scope="session")
def rasa_stack(stack_settings: StackSettings, action_server: Process) -> Iterator[StackSettings]:
    """The real Rasa server with the trained model, talking to the real action server."""
    model = stack_settings.model_path
    if not model.exists():
        pytest.fail(f"no trained model at {model}: run `bash scripts/bootstrap.sh` first")
    try:
        process = start_rasa_server(stack_settings)
    except StackError as error:
        pytest.fail(f"Rasa did not start: {error}")
    yield stack_settings
    process.stop()


@pytest.fixture(scope="session")
def repo_root() -> Path:
    """The repository root."""
    return ROOT


@pytest.fixture(scope="session", autouse=True)
def private_files() -> None:
    """Tests run as every quqyq process does: new files 0600, directories 0700."""
    restrict()


@pytest.fixture(scope="session", autouse=True)
def actions_database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Actions called in-process (unit tests) write to a database of the session, never to
    the repository's ``var/``; tests that need one of their own swap it with
    ``actions.db.use`` and give this one back."""
    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('actions-db') / 'quqyq.db'}")
    upgrade(engine)
    actions_db.use(make_session_factory(engine))
    yield
    actions_db.use(None)
    engine.dispose()


@pytest.fixture
def fresh_actions_database(tmp_path: Path) -> Iterator[sessionmaker[Session]]:
    """A migrated database of this test alone, used by every action run in-process."""
    engine = make_engine(f"sqlite:///{tmp_path / 'quqyq.db'}")
    upgrade(engine)
    factory = make_session_factory(engine)
    previous = actions_db.sessions()
    actions_db.use(factory)
    yield factory
    actions_db.use(previous)
    engine.dispose()
