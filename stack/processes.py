"""Start, wait for and stop the action server and the Rasa server."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from stack.endpoints import write_endpoints
from stack.settings import ROOT, StackSettings
from storage.files import PRIVATE_FILE, UMASK, private_dir

RASA_START_TIMEOUT_S = 240.0  # ~35 s on an idle 2-core box; CI may be busier
ACTIONS_START_TIMEOUT_S = 90.0


class StackError(RuntimeError):
    """A component did not start; the message says which and where its log is."""


@dataclass
class Process:
    """A started server with its log file."""

    name: str
    popen: subprocess.Popen[bytes]
    log_path: Path
    _log: object = field(repr=False, default=None)

    def stop(self, timeout: float = 20.0) -> None:
        """Terminate the whole process group, then kill it if it lingers."""
        if self.popen.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.popen.pid, signal.SIGTERM)
            try:
                self.popen.wait(timeout)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.popen.pid, signal.SIGKILL)
                self.popen.wait(timeout)

    def log_tail(self, lines: int = 30) -> str:
        """The last lines of the server's log, for error messages."""
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"


def _listening(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(1.0)
        return probe.connect_ex(("127.0.0.1", port)) == 0


def refuse_taken_port(name: str, port: int, variable: str, grace: float = 5.0) -> None:
    """Fail before starting ``name`` when something keeps listening on ``port``.

    Otherwise the new server cannot bind, yet the health check is answered by whatever holds
    the port (e.g. an orphaned action server with old code), and the stack runs on it. A
    server stopped a moment ago gets ``grace`` seconds to let the port go.
    """
    deadline = time.monotonic() + grace
    while _listening(port):
        if time.monotonic() >= deadline:
            raise StackError(
                f"cannot start the {name}: port {port} is already in use by another process "
                f"(a {name} left over from an earlier run?). Stop it (e.g. `fuser -k "
                f"{port}/tcp`) or choose another port with {variable}."
            )
        time.sleep(0.2)


def _spawn(name: str, argv: list[str], env: dict[str, str], log_dir: Path) -> Process:
    private_dir(log_dir)
    log_path = log_dir / f"{name}.log"
    log = os.fdopen(os.open(log_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, PRIVATE_FILE), "ab")
    os.chmod(log_path, PRIVATE_FILE)  # a log from before this rule was wider
    popen = subprocess.Popen(
        argv, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        umask=UMASK,  # databases and files the servers create are private too
    )
    return Process(name=name, popen=popen, log_path=log_path, _log=log)


def wait_until_ready(
    process: Process, url: str, timeout: float, params: dict[str, str] | None = None
) -> None:
    """Poll ``url`` until it answers 200, the process dies, or ``timeout`` passes."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.popen.poll() is not None:
            raise StackError(
                f"{process.name} exited with code {process.popen.returncode}; "
                f"log {process.log_path}:\n{process.log_tail()}"
            )
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(url, params=params, timeout=2.0).status_code == 200:
                return
        time.sleep(0.5)
    raise StackError(f"{process.name} not ready after {timeout:.0f} s; log {process.log_path}")


def start_action_server(settings: StackSettings) -> Process:
    """Start the rasa-sdk action server on 127.0.0.1 and wait for ``/health``."""
    refuse_taken_port("action server", settings.actions_port, "ACTIONS_URL")
    env = dict(os.environ)
    env.update(
        SANIC_HOST="127.0.0.1",  # the action server must never listen on a public interface
        DATA_DIR=str(settings.data_dir),
        PYTHONWARNINGS="ignore",
        QUQYQ_METADATA_KEY=settings.metadata_key,  # the actions check the bot's signature
    )
    if settings.database_url:
        env["DATABASE_URL"] = settings.database_url
    argv = [
        str(settings.app_python),
        "-m",
        "rasa_sdk",
        "--actions",
        "actions",
        "--port",
        str(settings.actions_port),
    ]
    process = _spawn("actions", argv, env, settings.data_dir / "logs")
    base = settings.actions_url.rsplit("/webhook", 1)[0]
    wait_until_ready(process, base + "/health", ACTIONS_START_TIMEOUT_S)
    return process


def start_rasa_server(settings: StackSettings) -> Process:
    """Start Rasa (engine env) with the REST channel and HTTP API on 127.0.0.1.

    The API answers only with ``settings.rasa_api_token``; the REST webhook has no
    authentication, which is why the actions trust only metadata the bot signed.
    """
    refuse_taken_port("Rasa server", settings.rasa_port, "RASA_URL")
    if not settings.model_path.exists():
        raise StackError(f"no trained model at {settings.model_path}: run scripts/bootstrap.sh")
    endpoints = write_endpoints(settings)
    env = dict(os.environ)
    env.update(
        TF_CPP_MIN_LOG_LEVEL="3",
        SQLALCHEMY_SILENCE_UBER_WARNING="1",
        RASA_API_TOKEN=settings.rasa_api_token,  # read by rasa_main.py, never on the command line
    )
    argv = [
        str(settings.engine_venv / "bin" / "python"),
        str(ROOT / "stack" / "rasa_main.py"),
        "run",
        "--enable-api",
        "--interface",
        "127.0.0.1",  # the REST webhook has no authentication
        "--port",
        str(settings.rasa_port),
        "--model",
        str(settings.model_path),
        "--endpoints",
        str(endpoints),
        "--credentials",
        str(ROOT / "nlu" / "credentials.yml"),
    ]
    process = _spawn("rasa", argv, env, settings.data_dir / "logs")
    wait_until_ready(process, settings.rasa_url + "/status", RASA_START_TIMEOUT_S,
                     params={"token": settings.rasa_api_token})
    return process


@contextlib.contextmanager
def running_stack(settings: StackSettings | None = None) -> Iterator[StackSettings]:
    """Run the action server and Rasa for the duration of the block."""
    settings = settings or StackSettings.from_env()
    started: list[Process] = []
    try:
        started.append(start_action_server(settings))
        started.append(start_rasa_server(settings))
        yield settings
    finally:
        for process in reversed(started):
            process.stop()
