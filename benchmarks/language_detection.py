"""Language detection accuracy and latency: lingua alone (baseline) vs quqyq's detector.

    .venv/bin/python benchmarks/language_detection.py

On ``tests/data/language_detection.tsv`` (each message with the conversation's previous
language, if any), in the same run: accuracy per language, per category and per split (``tune``
= seen while writing the rules, ``heldout`` = written after they were frozen) for

- ``lingua``: lingua-language-detector restricted to kk/ru/en, high-accuracy mode;
- ``lingua-low``: the same in low-accuracy mode;
- ``ours`` (high / low): rules + lingua, the bot's detector.

and the per-message latency (median, p95) of each after warm-up. Writes
``benchmarks/results/language_detection.json``.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.language import LanguageDetector  # noqa: E402

DATA = ROOT / "tests" / "data" / "language_detection.tsv"


def rows() -> list[tuple[str, str, str, str, str]]:
    """(language, category, previous, text, split) of the labelled set."""
    out = []
    for line in DATA.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            language, category, previous, text, split = line.split("\t")
            out.append((language, category, previous, text, split))
    return out


def evaluate(detector: LanguageDetector, data: list[tuple[str, str, str, str, str]]) -> dict:
    """Accuracy by group and latency percentiles for one detector."""
    detector.warm_up()
    detector.detect("warm up")
    hits: Counter[str] = Counter()
    totals: Counter[str] = Counter()
    latencies = []
    for language, category, previous, text, split in data:
        start = time.perf_counter()
        got = detector.detect(text, previous=previous or None).language
        latencies.append((time.perf_counter() - start) * 1000)
        for group in ("all", language, f"cat:{category}", f"split:{split}"):
            totals[group] += 1
            hits[group] += got == language
    latencies.sort()
    return {
        "accuracy": {g: round(hits[g] / totals[g], 3) for g in totals},
        "n": dict(totals),
        "latency_ms_median": round(statistics.median(latencies), 3),
        "latency_ms_p95": round(latencies[int(0.95 * (len(latencies) - 1))], 3),
    }


def main() -> None:
    """Print the comparison table and write the JSON results."""
    data = rows()
    detectors = {
        "lingua": LanguageDetector(low_accuracy=False, use_rules=False),
        "lingua-low": LanguageDetector(low_accuracy=True, use_rules=False),
        "ours-high": LanguageDetector(low_accuracy=False),
        "ours-low": LanguageDetector(low_accuracy=True),
    }
    results = {name: evaluate(d, data) for name, d in detectors.items()}
    extra = {g for r in results.values() for g in r["accuracy"] if g.startswith(("cat:", "split:"))}
    groups = ["all", "kk", "ru", "en", *sorted(extra)]
    names = list(results)
    print(f"{len(data)} labelled messages ({DATA.relative_to(ROOT)})\n")
    print(f"{'group':<18}{'n':>5}" + "".join(f"{n:>12}" for n in names))
    for group in groups:
        n = results[names[0]]["n"][group]
        cells = "".join(f"{results[name]['accuracy'][group]:>12.3f}" for name in names)
        print(f"{group:<18}{n:>5}{cells}")
    for key in ("latency_ms_median", "latency_ms_p95"):
        print(f"{key:<23}" + "".join(f"{results[name][key]:>12.3f}" for name in names))
    out = ROOT / "benchmarks" / "results" / "language_detection.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"\nwritten {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
