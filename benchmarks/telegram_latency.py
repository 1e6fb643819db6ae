"""Latency through the Telegram front end vs direct REST calls to Rasa, in the same run.

    .venv/bin/python benchmarks/telegram_latency.py            # Rasa must run at RASA_URL
    .venv/bin/python benchmarks/telegram_latency.py --messages 40 --concurrency 1 16

The real python-telegram-bot Application (built by ``bot.telegram_app.build_application``) polls
the fake Bot API server of the tests (``tests/fakes/telegram_api.py``) on 127.0.0.1 and talks to
the real Rasa at ``RASA_URL``. For each concurrency level (simulated users writing at the same
time, each waiting for the answer before the next message) it reports p50/p95 latency and
messages/s for

- ``rest``: direct POSTs to Rasa's REST channel (what Rasa alone costs);
- ``telegram``: update queued in the fake API → getUpdates → language detection → Rasa →
  every reply sent with sendMessage (the front end's end-to-end time; completion is recorded by
  a handler in a later group, which python-telegram-bot runs after the reply handler finished).

The difference is our overhead (Bot API round trips, detection, rendering). Writes
``benchmarks/results/telegram_latency.json``. Exits 2 with a message when Rasa is not running.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from telegram import Update  # noqa: E402
from telegram.ext import TypeHandler  # noqa: E402

from bot.assistant import Assistant  # noqa: E402
from bot.config import load_settings  # noqa: E402
from bot.preferences import MemoryPreferenceStore, user_key  # noqa: E402
from bot.rasa_client import RasaClient  # noqa: E402
from bot.telegram_app import build_application  # noqa: E402
from tests.fakes.telegram_api import FakeTelegramAPI  # noqa: E402

MESSAGES = {
    "kk": [
        "Сәлеметсіз бе, маған үш ай бойы жалақы төленбеді",
        "Мені жұмыстан себепсіз шығарып жіберді",
        "Жыл сайынғы еңбек демалысы неше күн болады?",
        "Рақмет",
    ],
    "ru": [
        "Здравствуйте, мне три месяца не платят зарплату",
        "Меня уволили без объяснения причин",
        "Сколько дней длится ежегодный отпуск?",
        "Спасибо",
    ],
    "en": [
        "Hello, I have not been paid for three months",
        "I was fired without any explanation",
        "How many days of annual leave do I get?",
        "Thanks",
    ],
}
LANGS = ("kk", "ru", "en")


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile of ``values`` (ms)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def summary(latencies: list[float], wall: float) -> dict[str, float]:
    """p50/p95 in ms and messages per second."""
    return {
        "n": len(latencies),
        "p50_ms": round(percentile(latencies, 0.5), 1),
        "p95_ms": round(percentile(latencies, 0.95), 1),
        "mean_ms": round(statistics.fmean(latencies), 1),
        "msgs_per_s": round(len(latencies) / wall, 2),
    }


async def run_rest(rasa_url: str, users: int, per_user: int, tag: str) -> dict[str, float]:
    """Direct REST calls: ``users`` senders in parallel, each sequential."""
    latencies: list[float] = []
    async with httpx.AsyncClient(base_url=rasa_url, timeout=120) as client:

        async def user(index: int) -> None:
            language = LANGS[index % 3]
            sender = f"bench-rest-{tag}-{index}"
            for i in range(per_user):
                text = MESSAGES[language][i % len(MESSAGES[language])]
                start = time.perf_counter()
                response = await client.post(
                    "/webhooks/rest/webhook",
                    json={
                        "sender": sender,
                        "message": text,
                        "metadata": {
                            "language": language,
                            "language_source": "chosen",
                            "user_key": sender,
                        },
                    },
                )
                response.raise_for_status()
                latencies.append((time.perf_counter() - start) * 1000)

        wall_start = time.perf_counter()
        await asyncio.gather(*(user(i) for i in range(users)))
        wall = time.perf_counter() - wall_start
    return summary(latencies, wall)


class Completions:
    """Completion times of updates, awaited without polling (polling would load the loop)."""

    def __init__(self) -> None:
        self.waiting: dict[int, asyncio.Future[float]] = {}

    def _future(self, update_id: int) -> asyncio.Future[float]:
        return self.waiting.setdefault(update_id, asyncio.get_running_loop().create_future())

    async def record(self, update: Update, _context: Any) -> None:
        """Handler in a late group: runs once every reply of the update was sent."""
        self._future(update.update_id).set_result(time.perf_counter())

    async def wait(self, update_id: int) -> float:
        """The completion time of ``update_id``."""
        return await self._future(update_id)


async def run_telegram(
    api: FakeTelegramAPI,
    done: Completions,
    assistant: Assistant,
    users: int,
    per_user: int,
    base_id: int,
) -> dict[str, float]:
    """Through the fake Bot API and the real Application."""
    latencies: list[float] = []
    for index in range(users):
        user_id = base_id + index
        await assistant.choose_language(user_key(user_id, "bench"), LANGS[index % 3])

    async def user(index: int) -> None:
        user_id = base_id + index
        language = LANGS[index % 3]
        for i in range(per_user):
            text = MESSAGES[language][i % len(MESSAGES[language])]
            start = time.perf_counter()
            update_id = api.push_message(user_id, text)
            latencies.append((await done.wait(update_id) - start) * 1000)

    wall_start = time.perf_counter()
    await asyncio.gather(*(user(i) for i in range(users)))
    wall = time.perf_counter() - wall_start
    return summary(latencies, wall)


async def main_async(args: argparse.Namespace) -> int:
    """Run every concurrency level for both paths; print and save."""
    rasa_url = (os.environ.get("RASA_URL") or "http://127.0.0.1:5005").rstrip("/")
    try:
        async with httpx.AsyncClient(timeout=5) as client:
            (await client.get(f"{rasa_url}/")).raise_for_status()  # no token needed
    except httpx.HTTPError as exc:
        print(
            f"No Rasa server at {rasa_url} ({type(exc).__name__}). Start the stack first "
            "(see README: `.venv/bin/python -m stack`) or set RASA_URL.",
            file=sys.stderr,
        )
        return 2
    results: dict[str, Any] = {"rasa_url": rasa_url, "levels": {}}
    tag = uuid.uuid4().hex[:6]
    with FakeTelegramAPI() as api, tempfile.TemporaryDirectory() as data_dir:
        settings = load_settings(
            {
                "TELEGRAM_BOT_TOKEN": api.token,
                "TELEGRAM_API_BASE_URL": api.base_url,
                "RASA_URL": rasa_url,
                "RASA_TIMEOUT": "120",
                "DATA_DIR": data_dir,
                "QUQYQ_USER_KEY_SALT": "bench",
            }
        )
        assistant = Assistant(
            RasaClient(settings.rasa_url, timeout=settings.rasa_timeout), MemoryPreferenceStore()
        )
        assistant.detector.warm_up()
        application = build_application(settings, assistant)
        done = Completions()
        application.add_handler(TypeHandler(Update, done.record), group=99)
        await application.initialize()
        assert application.updater is not None
        await application.updater.start_polling(poll_interval=0.0, timeout=5)
        await application.start()
        try:
            # Warm-up: first calls load Rasa's and the actions' caches.
            await run_rest(rasa_url, 3, 2, f"{tag}-warm")
            await run_telegram(api, done, assistant, 3, 2, 800_000)
            for level in args.concurrency:
                per_user = max(2, args.messages // level)
                rest = await run_rest(rasa_url, level, per_user, f"{tag}-{level}")
                telegram = await run_telegram(
                    api, done, assistant, level, per_user, 900_000 + level * 1000
                )
                overhead = round(telegram["p50_ms"] - rest["p50_ms"], 1)
                results["levels"][str(level)] = {
                    "rest": rest,
                    "telegram": telegram,
                    "p50_overhead_ms": overhead,
                }
        finally:
            await application.updater.stop()
            await application.stop()
            await application.shutdown()
            await assistant.rasa.aclose()

    print(f"Rasa at {rasa_url}; each user waits for the answer before writing again\n")
    print(f"{'users':>5} {'path':<9}{'n':>5}{'p50 ms':>9}{'p95 ms':>9}{'msgs/s':>9}")
    for level, row in results["levels"].items():
        for path in ("rest", "telegram"):
            r = row[path]
            print(
                f"{level:>5} {path:<9}{r['n']:>5}{r['p50_ms']:>9}{r['p95_ms']:>9}"
                f"{r['msgs_per_s']:>9}"
            )
        print(f"{'':>5} overhead p50: {row['p50_overhead_ms']} ms")
    out = ROOT / "benchmarks" / "results" / "telegram_latency.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"\nwritten {out.relative_to(ROOT)}")
    return 0


def main() -> None:
    """Entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=32, help="messages per level (≈)")
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 16])
    sys.exit(asyncio.run(main_async(parser.parse_args())))


if __name__ == "__main__":
    main()
