"""Secrets the processes of one installation share, made once and kept under ``DATA_DIR``.

Each secret comes from its environment variable when set (a deployment with a secret store),
else from the file ``$DATA_DIR/<name>``, created on first use with mode 0600 — so the bot, the
action server, Rasa and ``quqyq-nlu-check`` started with the same ``DATA_DIR`` agree without
configuration, and no other account on the server can read them.

| name | variable | what it protects |
|---|---|---|
| ``user_key_salt`` | ``QUQYQ_USER_KEY_SALT`` | pseudonymous user keys (an unsalted hash of a Telegram id is reversible) |
| ``rasa_api_token`` | ``RASA_API_TOKEN`` | Rasa's HTTP API (``/model/parse``, trackers, model upload) |
| ``metadata_key`` | ``QUQYQ_METADATA_KEY`` | the bot's signature on message metadata, checked by actions |
"""  # noqa: E501

from __future__ import annotations

import contextlib
import os
import secrets
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Final, Literal

__all__ = ["SECRET_VARIABLES", "SecretName", "data_dir_of", "shared_secret"]

SecretName = Literal["user_key_salt", "rasa_api_token", "metadata_key"]
SECRET_VARIABLES: Final[dict[SecretName, str]] = {
    "user_key_salt": "QUQYQ_USER_KEY_SALT",
    "rasa_api_token": "RASA_API_TOKEN",
    "metadata_key": "QUQYQ_METADATA_KEY",
}
_REPO_ROOT: Final = Path(__file__).resolve().parent.parent


def data_dir_of(env: Mapping[str, str]) -> Path:
    """``DATA_DIR`` of ``env`` (default ``<repo>/var``), as every quqyq process resolves it."""
    return Path(env.get("DATA_DIR") or _REPO_ROOT / "var").resolve()


def shared_secret(
    name: SecretName, env: Mapping[str, str] | None = None, data_dir: Path | None = None
) -> str:
    """The secret ``name``: its environment variable, else ``$DATA_DIR/<name>`` (made once)."""
    env = os.environ if env is None else env
    value = env.get(SECRET_VARIABLES[name])
    if value:
        return value
    path = (data_dir or data_dir_of(env)) / name
    with contextlib.suppress(FileNotFoundError):
        return path.read_text(encoding="ascii").strip()
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    # Written to a temporary file and linked into place: a process that races us reads either
    # nothing (and links its own, which fails) or the whole value, never half of it.
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{name}-")
    try:
        with os.fdopen(fd, "w", encoding="ascii") as fh:
            fh.write(secrets.token_hex(32))
        with contextlib.suppress(FileExistsError):
            os.link(tmp, path)
    finally:
        os.unlink(tmp)
    return path.read_text(encoding="ascii").strip()
