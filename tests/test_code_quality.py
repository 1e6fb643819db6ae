"""Static checks run with the tests, so CI enforces them: ruff and mypy on the app packages."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PACKAGES = [
    p
    for p in (
        "i18n",
        "stack",
        "bot",
        "actions",
        "knowledge",
        "scoring",
        "storage",
        "complaints",
        "inspector",
    )
    if (ROOT / p).exists()
]


def test_ruff_is_clean() -> None:
    result = subprocess.run(
        [str(BIN / "ruff"), "check", *PACKAGES, "tests", "benchmarks"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout[-5000:]


def test_mypy_is_clean() -> None:
    result = subprocess.run(
        [str(BIN / "mypy"), *PACKAGES], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout[-5000:]
