"""Files under ``DATA_DIR`` are the operator's alone: the directory 0700, every file 0600.

Databases, logs, attachments, the generated ``endpoints.yml`` (with database passwords) and
exports hold personal data or secrets; no other account on the server may read them. Every
quqyq process calls :func:`restrict` once at start: new files are then created 0600 and new
directories 0700 (the processes it starts inherit that), and ``DATA_DIR`` itself is 0700.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Final

__all__ = ["PRIVATE_DIR", "PRIVATE_FILE", "UMASK", "private_dir", "restrict"]

UMASK: Final = 0o077
PRIVATE_DIR: Final = 0o700
PRIVATE_FILE: Final = 0o600


def private_dir(path: Path) -> Path:
    """Create ``path`` if needed and make it 0700 (also when it existed with wider rights)."""
    path.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR)
    path.chmod(PRIVATE_DIR)
    return path


def restrict(data_dir: Path | None = None) -> None:
    """New files of this process (and its children) private; ``data_dir`` 0700."""
    os.umask(UMASK)
    if data_dir is not None:
        private_dir(data_dir)
