"""``quqyq-nlu-check``: NLU results for texts on stdin, one JSON object per line.

    printf 'мне не платят зарплату\njalaqy tolenbedi\n' | .venv/bin/quqyq-nlu-check

Each line gets the language the bot would decide for a first message (same detector), then
Rasa's ``/model/parse`` (the model the bot uses, at ``RASA_URL``). Output fields: ``text``,
``language``, ``language_source``, ``intent``, ``confidence``, ``intent_ranking`` (top 3) and
``entities``. Exit status 2 when Rasa is not reachable.
"""

from __future__ import annotations

import asyncio
import json
import sys
from typing import Any, TextIO

from bot.config import load_settings
from bot.language import LanguageDetector, default_detector
from bot.rasa_client import RasaClient, RasaUnavailable

__all__ = ["check_lines", "main"]


async def check_lines(
    lines: list[str],
    rasa: RasaClient,
    detector: LanguageDetector,
    out: TextIO,
    concurrency: int = 4,
) -> None:
    """Parse every non-empty line and print its JSON result in input order."""
    semaphore = asyncio.Semaphore(concurrency)

    async def one(text: str) -> dict[str, Any]:
        detection = detector.detect(text)
        source = "detected" if detection.source == "detected" else "hint"
        async with semaphore:
            parsed = await rasa.parse(
                text, {"language": detection.language, "language_source": source}
            )
        intent = parsed.get("intent") or {}
        return {
            "text": text,
            "language": detection.language,
            "language_source": source,
            "intent": intent.get("name"),
            "confidence": round(float(intent.get("confidence") or 0.0), 4),
            "intent_ranking": [
                {"name": r.get("name"), "confidence": round(float(r.get("confidence") or 0.0), 4)}
                for r in (parsed.get("intent_ranking") or [])[:3]
            ],
            "entities": [
                {k: e.get(k) for k in ("entity", "value", "start", "end") if k in e}
                for e in parsed.get("entities") or []
            ],
        }

    texts = [line.strip() for line in lines if line.strip()]
    for result in await asyncio.gather(*(one(t) for t in texts)):
        out.write(json.dumps(result, ensure_ascii=False) + "\n")


def main() -> None:
    """Entry point: stdin → JSON lines on stdout."""
    settings = load_settings()
    lines = sys.stdin.read().splitlines()

    async def run() -> None:
        rasa = RasaClient(
            settings.rasa_url,
            timeout=settings.rasa_timeout,
            api_token=settings.rasa_api_token,
            metadata_key=settings.metadata_key,
        )
        try:
            await check_lines(lines, rasa, default_detector(), sys.stdout)
        finally:
            await rasa.aclose()

    try:
        asyncio.run(run())
    except RasaUnavailable as exc:
        print(
            f"quqyq-nlu-check: Rasa is not available at {settings.rasa_url}: {exc}", file=sys.stderr
        )
        sys.exit(2)


if __name__ == "__main__":
    main()
