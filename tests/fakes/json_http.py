"""The one JSON-answering helper of the tests' fake HTTP servers (Rasa stub, Telegram Bot API)."""

from __future__ import annotations

import json
from http.server import BaseHTTPRequestHandler
from typing import Any


def reply_json(handler: BaseHTTPRequestHandler, status: int, payload: Any) -> None:
    """Send ``payload`` as a JSON response; a client that already gave up is not an error."""
    data = json.dumps(payload, ensure_ascii=False).encode()
    try:
        handler.send_response(status)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(len(data)))
        handler.end_headers()
        handler.wfile.write(data)
    except (BrokenPipeError, ConnectionResetError):
        pass  # the client gave up (a timeout under test): nothing to answer
