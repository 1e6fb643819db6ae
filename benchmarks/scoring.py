"""Benchmark of the scoring core: vectorised numpy vs the pure-Python reference, same run.

Run:  .venv/bin/python benchmarks/scoring.py [--n 1000000] [--ref-n 20000]

For each score it times the vectorised function on N rows (best of several repeats, inputs
prepared beforehand) and the pure-Python reference (tests/scoring/scoring_reference.py) on a
smaller sample of ``--ref-n`` rows; the reference's rows/s is measured on that sample and
extrapolated to N (the reference is linear per row). Peak memory of one vectorised call is
measured with tracemalloc (numpy reports its buffers to it) in a separate, untimed call.

Prints the figures, writes benchmarks/results/scoring.json, and exits 1 when the headline
score, ``professional_risk`` (seed-003 R_ind), is below the target: >= 10 M rows/s and >= 100x
the reference. The other scores are reported for information.
"""

from __future__ import annotations

import os

# One core: keep any threaded numpy backend to a single thread (elementwise ops are serial).
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import json  # noqa: E402
import platform  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
import tracemalloc  # noqa: E402
from collections.abc import Callable  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import numpy as np  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "scoring"))

import scoring_reference as ref  # noqa: E402

import scoring  # noqa: E402

TARGET_ROWS_PER_S = 10e6
TARGET_RATIO = 100.0
RESULT_FILE = ROOT / "benchmarks" / "results" / "scoring.json"


def best_time(func: Callable[[], Any], repeats: int) -> float:
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        func()
        best = min(best, time.perf_counter() - start)
    return best


def peak_bytes(func: Callable[[], Any]) -> int:
    tracemalloc.start()
    tracemalloc.reset_peak()
    func()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak


def cases(n: int, ref_n: int, rng: np.random.Generator) -> dict[str, dict[str, Any]]:
    """Vectorised call on n rows and reference loop on ref_n rows, per score."""
    x = rng.random((n, 5))
    b, t, ob, siz, z = (np.ascontiguousarray(x[:, j]) for j in range(5))
    xr = x[:ref_n].tolist()
    emp = rng.random((n, len(scoring.EMPLOYMENT_INDICATORS)))
    emp_rows = [
        dict(zip(scoring.EMPLOYMENT_INDICATORS, r, strict=True)) for r in emp[:ref_n].tolist()
    ]
    vio = rng.random((n, len(scoring.VIOLATION_INDICATORS)))
    vio_rows = [
        dict(zip(scoring.VIOLATION_INDICATORS, r, strict=True)) for r in vio[:ref_n].tolist()
    ]
    keys = rng.integers(100_000_000_000, 100_000_010_000, n)  # 10 000 employers (BIN-like)
    risks = rng.random(n)
    keys_r, risks_r = keys[:ref_n].tolist(), risks[:ref_n].tolist()
    classes = rng.choice(np.array(scoring.WORK_CLASSES), n)
    att = rng.choice(np.array(["yes", "no", "unknown"]), n)
    lst = rng.choice(np.array(["yes", "no", "unknown"]), n)
    g_rows = list(
        zip(classes[:ref_n].tolist(), att[:ref_n].tolist(), lst[:ref_n].tolist(), strict=True)
    )

    def ref_professional() -> None:
        for row in xr:
            ref.professional_risk_row(*row)

    def ref_assess() -> None:
        for row in xr:
            c = ref.professional_contributions_row(row)
            ref.degree_row(sum(c), "professional")

    def ref_employment() -> None:
        for row in emp_rows:
            s, _ = ref.weighted_row("employment_relationship", row, set())
            ref.employment_band_row(s, set())

    def ref_violation() -> None:
        for row in vio_rows:
            s, _ = ref.weighted_row("violation_risk", row, set())
            ref.degree_row(s, "violation")

    def ref_guarantees() -> None:
        for c, a, li in g_rows:
            ref.guarantees_row(c, a, li, 0, "unknown")

    return {
        "professional_risk": {
            "vec": lambda: scoring.professional_risk(b, t, ob, siz, z),
            "ref": ref_professional,
        },
        "assess_professional_risk": {
            "vec": lambda: scoring.assess_professional_risk(b, t, ob, siz, z),
            "ref": ref_assess,
        },
        "employment_relationship": {
            "vec": lambda: scoring.employment_relationship(emp),
            "ref": ref_employment,
        },
        "violation_risk": {"vec": lambda: scoring.violation_risk(vio), "ref": ref_violation},
        "rank_employers": {
            "vec": lambda: scoring.rank_employers(keys, risks),
            "ref": lambda: ref.rank_employers_rows(keys_r, risks_r),
        },
        "guarantees": {
            "vec": lambda: scoring.guarantees(classes, att, lst),
            "ref": ref_guarantees,
        },
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1_000_000, help="rows for the vectorised run")
    parser.add_argument("--ref-n", type=int, default=20_000, help="rows for the reference run")
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args(argv)
    ref_n = min(args.ref_n, args.n)
    rng = np.random.default_rng(20261122)
    results: dict[str, Any] = {}
    print(
        f"scoring benchmark: N = {args.n:,} vectorised, reference on {ref_n:,} rows "
        f"(rate extrapolated to N), best of {args.repeats}, numpy {np.__version__}"
    )
    print(
        f"{'function':<26}{'vector rows/s':>16}{'ref rows/s':>14}{'ratio':>9}"
        f"{'ref s @N (extrap.)':>20}{'peak MiB':>10}"
    )
    for name, case in cases(args.n, ref_n, rng).items():
        # Interleave the two so a busy shared machine slows both alike; keep the best of each.
        vec_s = ref_s = float("inf")
        for _ in range(args.repeats):
            vec_s = min(vec_s, best_time(case["vec"], 1))
            ref_s = min(ref_s, best_time(case["ref"], 1))
        vec_rate = args.n / vec_s
        ref_rate = ref_n / ref_s
        peak = peak_bytes(case["vec"])
        results[name] = {
            "n": args.n,
            "vectorised_seconds": vec_s,
            "vectorised_rows_per_s": vec_rate,
            "reference_n": ref_n,
            "reference_seconds": ref_s,
            "reference_rows_per_s": ref_rate,
            "reference_seconds_extrapolated_to_n": args.n / ref_rate,
            "ratio": vec_rate / ref_rate,
            "peak_bytes": peak,
        }
        print(
            f"{name:<26}{vec_rate:>16,.0f}{ref_rate:>14,.0f}{vec_rate / ref_rate:>8.0f}x"
            f"{args.n / ref_rate:>20.2f}{peak / 2**20:>10.1f}"
        )
    head = results["professional_risk"]
    ok = head["vectorised_rows_per_s"] >= TARGET_ROWS_PER_S and head["ratio"] >= TARGET_RATIO
    summary = {
        "benchmark": "scoring",
        "parameters_version": scoring.PARAMETERS.version,
        "python": platform.python_version(),
        "numpy": np.__version__,
        "machine": platform.machine(),
        "cpu_count": os.cpu_count(),
        "target": {
            "rows_per_s": TARGET_ROWS_PER_S,
            "ratio": TARGET_RATIO,
            "applies_to": "professional_risk",
        },
        "passed": ok,
        "reference_note": f"reference timed on {ref_n} rows, rate extrapolated to n",
        "results": results,
    }
    RESULT_FILE.parent.mkdir(parents=True, exist_ok=True)
    RESULT_FILE.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    verdict = "PASS" if ok else "FAIL"
    print(
        f"{verdict}: professional_risk {head['vectorised_rows_per_s'] / 1e6:.1f} M rows/s "
        f"(target >= {TARGET_ROWS_PER_S / 1e6:.0f} M), {head['ratio']:.0f}x the reference "
        f"(target >= {TARGET_RATIO:.0f}x); written to {RESULT_FILE.relative_to(ROOT)}"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
