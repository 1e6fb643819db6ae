"""Async HTTP client for the Rasa server: REST channel, ``/model/parse`` and trackers.

Rasa's HTTP API answers only with the installation's token (``RASA_API_TOKEN``, see
:mod:`storage.secrets`); every message's metadata carries the bot's signature, which the actions
check before they touch a user's data.

Rasa answers many failures (an action server that is down, an exception in a policy) with
HTTP 200 and an empty list, so an empty reply list is a failure here, like a refused connection,
a timeout or a non-200 status. Every such case raises :class:`RasaUnavailable`; the caller
turns it into a short localized "try again" message.
"""

from __future__ import annotations

import logging
from typing import Any, Literal, NotRequired, TypedDict
from urllib.parse import quote

import httpx

from storage.secrets import shared_secret
from storage.users import metadata_signature

__all__ = ["RasaClient", "RasaMetadata", "RasaUnavailable"]

logger = logging.getLogger(__name__)


class RasaMetadata(TypedDict):
    """Metadata sent with every user message (reaches actions as latest_message.metadata)."""

    language: str
    language_source: Literal["chosen", "detected", "hint"]
    user_key: str
    #: A file the front end stored for the complaint draft (``/complaint_attach``).
    attachment_id: NotRequired[int]
    #: What Rasa's classifier said of a sealed answer's text (the text itself stays out).
    sealed_intent: NotRequired[str]
    sealed_confidence: NotRequired[float]
    #: A typed message with a receipt code, sealed (``/complaint_status`` is sent instead).
    sealed_status: NotRequired[str]


class RasaUnavailable(RuntimeError):
    """Rasa (or the action server behind it) gave no usable answer."""


class RasaClient:
    """One pooled HTTP client per process; safe for concurrent use from one event loop."""

    def __init__(
        self,
        base_url: str,
        *,
        timeout: float = 20.0,
        transport: httpx.AsyncBaseTransport | None = None,
        api_token: str | None = None,
        metadata_key: str | None = None,
    ) -> None:
        """``api_token``/``metadata_key`` default to the installation's :func:`shared_secret`."""
        self.base_url = base_url.rstrip("/")
        self._metadata_key = metadata_key or shared_secret("metadata_key")
        self._client = httpx.AsyncClient(
            base_url=self.base_url,
            params={"token": api_token or shared_secret("rasa_api_token")},
            timeout=httpx.Timeout(timeout, connect=min(timeout, 5.0)),
            transport=transport,
            limits=httpx.Limits(max_connections=64, max_keepalive_connections=32),
        )

    async def _post(self, path: str, payload: dict[str, Any]) -> Any:
        try:
            response = await self._client.post(path, json=payload)
        except httpx.TimeoutException as exc:
            raise RasaUnavailable(f"Rasa timed out on {path}") from exc
        except httpx.TransportError as exc:
            raise RasaUnavailable(f"Rasa unreachable on {path}: {type(exc).__name__}") from exc
        if response.status_code != 200:
            raise RasaUnavailable(f"Rasa answered {response.status_code} on {path}")
        try:
            return response.json()
        except ValueError as exc:
            raise RasaUnavailable(f"Rasa sent invalid JSON on {path}") from exc

    async def send(
        self, sender_id: str, text: str, metadata: RasaMetadata | dict[str, Any]
    ) -> list[dict[str, Any]]:
        """Send one user message to the REST channel; return Rasa's bot messages (non-empty)."""
        signed = dict(metadata)
        signed["signature"] = metadata_signature(self._metadata_key, sender_id, signed)
        body = await self._post(
            "/webhooks/rest/webhook", {"sender": sender_id, "message": text, "metadata": signed}
        )
        if not isinstance(body, list) or not body:
            # Rasa's way of saying "something failed" (e.g. the action server is down).
            raise RasaUnavailable("Rasa returned no messages")
        return [m for m in body if isinstance(m, dict)]

    async def parse(self, text: str, metadata: dict[str, Any] | None = None) -> dict[str, Any]:
        """Run NLU only (``/model/parse``): intent, ranking, entities."""
        payload: dict[str, Any] = {"text": text}
        if metadata:
            payload["metadata"] = metadata
        body = await self._post("/model/parse", payload)
        if not isinstance(body, dict) or "intent" not in body:
            raise RasaUnavailable("Rasa returned no parse result")
        return body

    async def slots(self, sender_id: str) -> dict[str, Any]:
        """The slots of ``sender_id``'s conversation (no events: nothing else leaves Rasa)."""
        try:
            response = await self._client.get(
                f"/conversations/{quote(sender_id, safe='')}/tracker",
                params={"include_events": "NONE"},
            )
        except httpx.HTTPError as exc:
            raise RasaUnavailable(f"Rasa unreachable for a tracker: {type(exc).__name__}") from exc
        if response.status_code != 200:
            raise RasaUnavailable(f"Rasa answered {response.status_code} for a tracker")
        try:
            slots = response.json().get("slots")
        except (ValueError, AttributeError) as exc:
            raise RasaUnavailable("Rasa sent an invalid tracker") from exc
        return slots if isinstance(slots, dict) else {}

    async def is_up(self) -> bool:
        """Whether Rasa answers ``/status`` (a start-up hint; the per-message path does not ask)."""
        try:
            response = await self._client.get("/status", timeout=3.0)
        except httpx.HTTPError:
            return False
        return response.status_code == 200

    async def aclose(self) -> None:
        """Close pooled connections."""
        await self._client.aclose()
