"""Metadata signed as the bot signs it, for trackers built in tests."""

from __future__ import annotations

from typing import Any

from storage.secrets import shared_secret
from storage.users import metadata_signature


def signed(sender_id: str, metadata: dict[str, Any]) -> dict[str, Any]:
    """``metadata`` with the bot's signature for ``sender_id`` (the test run's key)."""
    return {**metadata,
            "signature": metadata_signature(shared_secret("metadata_key"), sender_id, metadata)}
