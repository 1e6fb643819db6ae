"""The action server's own error answer: no request body, no exception message.

rasa-sdk answers an exception that escapes an action with HTTP 500 and the whole request in the
body (the tracker with every slot), and logs the exception with its message; Rasa then logs that
answer. Every quqyq action runs in :class:`actions.guard.GuardedAction`, so this is the second
line, installed through rasa-sdk's plugin hook ``attach_sanic_app_extensions``:

* a response middleware replaces the body of every 5xx answer with ``{"error": "internal error"}``;
* a filter on rasa-sdk's endpoint logger keeps only the exception type of a failed request.
"""

from __future__ import annotations

import logging

import pluggy
from rasa_sdk.plugin import plugin_manager
from sanic import Sanic, response
from sanic.request import Request
from sanic.response import BaseHTTPResponse, HTTPResponse

__all__ = ["RequestDetailsFilter", "install"]

hookimpl = pluggy.HookimplMarker("rasa_sdk")


async def _without_details(request: Request, answer: BaseHTTPResponse) -> HTTPResponse | None:
    if answer.status >= 500:
        return response.json({"error": "internal error"}, status=answer.status)
    return None


class RequestDetailsFilter(logging.Filter):
    """Rewrites a failed request's log record to the exception type alone."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Keep the record, without the request, the exception message or the traceback."""
        if record.exc_info and record.exc_info[0] is not None:
            record.msg = "a request failed with %s"
            record.args = (record.exc_info[0].__name__,)
            record.exc_info = None
            record.exc_text = None
        return True


class _QuietErrors:
    """The plugin: registered once per process, applied to every Sanic app rasa-sdk builds."""

    @staticmethod
    @hookimpl
    def attach_sanic_app_extensions(app: Sanic) -> None:
        """Scrub the body of every error answer."""
        app.register_middleware(_without_details, "response")


def install() -> None:
    """Register the plugin and the log filter (idempotent)."""
    manager = plugin_manager()
    if not manager.is_registered(_QuietErrors):
        manager.register(_QuietErrors)
    for name in ("rasa_sdk.endpoint", "sanic.error", "sanic.root"):
        logger = logging.getLogger(name)
        if not any(isinstance(f, RequestDetailsFilter) for f in logger.filters):
            logger.addFilter(RequestDetailsFilter())
