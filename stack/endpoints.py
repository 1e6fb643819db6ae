"""Write Rasa's ``endpoints.yml`` from the settings (embedded default or scale-out)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import yaml

from stack.settings import StackSettings
from storage.files import PRIVATE_FILE, private_dir


def tracker_store_config(url: str) -> dict[str, Any]:
    """Rasa SQL tracker store settings for an SQLAlchemy-style URL (sqlite or postgresql)."""
    parts = urlsplit(url)
    dialect = parts.scheme.split("+")[0]
    if dialect == "sqlite":
        return {"type": "SQL", "dialect": "sqlite", "db": unquote(parts.path.removeprefix("/"))}
    if dialect not in {"postgresql", "postgres"}:
        raise ValueError(f"RASA_TRACKER_STORE_URL: unsupported database {dialect!r}")
    return {
        "type": "SQL",
        "dialect": "postgresql",
        "url": parts.hostname or "127.0.0.1",
        "port": parts.port or 5432,
        "db": parts.path.removeprefix("/"),
        "username": unquote(parts.username or ""),
        "password": unquote(parts.password or ""),
    }


def lock_store_config(redis_url: str | None) -> dict[str, Any]:
    """In-memory lock store on one box; Redis when several Rasa replicas share conversations."""
    if not redis_url:
        return {"type": "in_memory"}
    parts = urlsplit(redis_url)
    config: dict[str, Any] = {
        "type": "redis",
        "url": parts.hostname or "127.0.0.1",
        "port": parts.port or 6379,
        "db": int(parts.path.removeprefix("/") or 0),
    }
    if parts.password:
        config["password"] = unquote(parts.password)
    return config


def write_endpoints(settings: StackSettings) -> Path:
    """Write ``$DATA_DIR/endpoints.yml`` and return its path."""
    private_dir(settings.data_dir)
    config = {
        "action_endpoint": {"url": settings.actions_url},
        "tracker_store": tracker_store_config(settings.tracker_store_url),
        "lock_store": lock_store_config(settings.redis_url),
    }
    path = settings.data_dir / "endpoints.yml"
    # It may hold the database and Redis passwords: readable by the operator only.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(yaml.safe_dump(config, sort_keys=False))
    path.chmod(PRIVATE_FILE)
    return path
