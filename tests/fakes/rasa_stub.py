"""A stub Rasa HTTP server for front-end tests: answers like Rasa, fails on demand.

``mode`` selects the behaviour of ``/webhooks/rest/webhook`` and ``/model/parse``:
``ok`` (echo the language from metadata, with buttons), ``empty`` (HTTP 200 and ``[]``, what Rasa
does when the action server is down), ``error`` (HTTP 500), ``slow`` (sleep ``delay`` seconds).
Every request body is recorded in ``requests``. ``GET /conversations/<id>/tracker`` answers
with ``slots[id]`` (default: a complaint draft is open, so files are accepted). With
``api_token`` set, the API endpoints answer 401 without ``?token=`` — as ``rasa run
--auth-token`` does; the REST channel never asks.
"""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from tests.fakes.json_http import reply_json

REPLIES = {
    "kk": "Сәлем! Жалақы туралы сұрағыңызды түсіндім.",
    "ru": "Здравствуйте! Я понял ваш вопрос о зарплате.",
    "en": "Hello! I understood your question about wages.",
}


class _Server(ThreadingHTTPServer):
    """A threaded server whose accept backlog holds a burst of concurrent clients (default 5)."""

    request_queue_size = 128
    daemon_threads = True


class RasaStub:
    """A threaded HTTP server standing in for ``rasa run --enable-api``."""

    def __init__(self) -> None:
        self.mode = "ok"
        self.delay = 0.0
        self.long_reply: str | None = None
        #: Replies to give on the REST channel, in order, before the default one.
        self.script: list[list[dict[str, Any]]] = []
        self.requests: list[dict[str, Any]] = []
        #: Tracker slots by sender; unknown senders have a complaint draft open.
        self.slots: dict[str, dict[str, Any]] = {}
        self.default_slots: dict[str, Any] = {"complaint_draft_id": "draft-1"}
        self.api_token: str | None = None
        self._lock = threading.Lock()
        self._server = _Server(("127.0.0.1", 0), self._handler_class())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        """Base URL to use as RASA_URL."""
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def __enter__(self) -> RasaStub:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def rest_reply(self, body: dict[str, Any]) -> list[dict[str, Any]]:
        """What the stub answers on the REST channel in ``ok`` mode."""
        if self.script:
            return self.script.pop(0)
        language = (body.get("metadata") or {}).get("language", "ru")
        text = self.long_reply or REPLIES.get(language, REPLIES["ru"])
        return [
            {
                "recipient_id": body.get("sender"),
                "text": text,
                "buttons": [
                    {"title": "Wages", "payload": "/ask_wages_unpaid"},
                    {
                        "title": "Complaint",
                        "payload": '/file_complaint{"category":"wages_unpaid"}' + "x" * 40,
                    },
                ],
            }
        ]

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        stub = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # headers and body go out at once, no 40 ms stalls

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def _reply(self, status: int, payload: Any) -> None:
                reply_json(self, status, payload)

            def _authorised(self) -> bool:
                parts = urlsplit(self.path)
                if stub.api_token is None or parts.path.startswith("/webhooks/"):
                    return True
                return parse_qs(parts.query).get("token") == [stub.api_token]

            def do_GET(self) -> None:
                parts = urlsplit(self.path)
                with stub._lock:
                    stub.requests.append({"path": self.path, "method": "GET"})
                if not self._authorised():
                    self._reply(401, {"reason": "NotAuthenticated"})
                elif parts.path.startswith("/conversations/") and parts.path.endswith("/tracker"):
                    sender = unquote(parts.path.split("/")[2])
                    slots = stub.slots.get(sender, stub.default_slots)
                    self._reply(200 if stub.mode != "error" else 500,
                                {"sender_id": sender, "slots": slots})
                else:
                    self._reply(200, {"model_file": "stub.tar.gz"})

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length) or b"{}")
                with stub._lock:
                    stub.requests.append({"path": self.path, **body})
                if not self._authorised():
                    self._reply(401, {"reason": "NotAuthenticated"})
                    return
                mode = stub.mode
                if mode == "slow":
                    time.sleep(stub.delay)
                if mode == "error":
                    self._reply(500, {"error": "boom"})
                elif mode == "empty":
                    self._reply(200, [] if "webhook" in self.path else {})
                elif self.path.startswith("/model/parse"):
                    self._reply(
                        200,
                        {
                            "text": body.get("text"),
                            "intent": {"name": "ask_wages_unpaid", "confidence": 0.91},
                            "intent_ranking": [
                                {"name": "ask_wages_unpaid", "confidence": 0.91},
                                {"name": "ask_dismissal", "confidence": 0.05},
                                {"name": "greet", "confidence": 0.02},
                                {"name": "thank", "confidence": 0.01},
                            ],
                            "entities": [],
                        },
                    )
                else:
                    self._reply(200, stub.rest_reply(body))

        return Handler
