"""Time and peak memory of complaint exports (CSV, XLSX) at 10^5 and 10^6 complaints.

    .venv/bin/python benchmarks/exports.py                      # 1e5, 2e5, 1e6 streaming
    .venv/bin/python benchmarks/exports.py --sizes 100000 --baseline-sizes 100000

Compares the streaming exporter of ``quqyq-inspect`` (one query read with ``yield_per``, rows
written as they come, openpyxl write-only) with a naive non-streaming baseline in the same run
(load every complaint as an ORM object, build all rows in a list, then write; XLSX with a normal
openpyxl workbook). Each export runs in a fresh subprocess so its peak RSS (``ru_maxrss`` from
``wait4``) is its own; ``tracemalloc`` peaks (Python allocations only, slower) are measured in a
separate run at the smallest size. Data is bulk-inserted into a temporary SQLite file built by the
real migrations. Prints a table and writes ``benchmarks/results/exports.json``.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
import tracemalloc
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

RESULTS = ROOT / "benchmarks" / "results" / "exports.json"
ALPHABET = "34679ACDEFGHJKMNPQRTWXY"
REGIONS = ["Алматы", "Астана", "Шымкент", "Қарағанды облысы", "Атырау облысы", "Ақтөбе"]
CATEGORIES = ["wages_unpaid", "working_time", "dismissal", "algorithmic_management",
              "employment_contract", "safety_injury"]
PLATFORMS = ["Yandex Go", "Glovo", "Wolt", "InDrive", None, None, None]


def _code(i: int) -> str:
    n = (i * 2_147_483_647 + 12_345) % (23 ** 8)  # a bijection on [0, 23^8): unique codes
    chars = []
    for _ in range(8):
        n, r = divmod(n, 23)
        chars.append(ALPHABET[r])
    return "".join(chars[:4]) + "-" + "".join(chars[4:])


def build_db(path: Path, n: int) -> float:
    """Create the schema with the real migrations and bulk-insert ``n`` complaints."""
    from storage.db import make_engine
    from storage.migrate import upgrade

    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    engine.dispose()
    started = time.perf_counter()
    rnd = random.Random(42)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA synchronous=OFF")
    users = max(1, n // 5)
    now = datetime(2026, 6, 1, tzinfo=UTC)
    conn.executemany(
        "INSERT INTO users (id, user_key, language, consent_personal_data, "
        "consent_notifications, created_at, updated_at) VALUES (?, ?, 'ru', 1, 1, ?, ?)",
        ((u, f"{u:064x}", now.isoformat(" "), now.isoformat(" ")) for u in range(1, users + 1)),
    )
    cols = ("receipt_code, idempotency_key, user_id, category, employer_name, employer_bin, "
            "platform_name, employer_key, region, city, period_start, period_end, amount_kzt, "
            "identity_tier, status, language, consent_personal_data, description, request, "
            "full_name, iin, address, contact, submitted_at, updated_at")

    def rows() -> Any:
        for i in range(n):
            tier = rnd.choice(("anonymous", "confidential", "named"))
            platform_name = rnd.choice(PLATFORMS)
            employer = f"ТОО Компания {rnd.randrange(n // 20 + 1)}"
            bin_ = None if platform_name else f"{rnd.randrange(10**11, 10**12)}"
            key = (f"platform:{platform_name.lower()}" if platform_name
                   else f"bin:{bin_}")
            start = date(2026, rnd.randrange(1, 6), 1)
            submitted = (now - timedelta(minutes=i)).replace(tzinfo=None).isoformat(" ")
            personal = tier != "anonymous"
            yield (
                _code(i), f"bench-{i}", rnd.randrange(1, users + 1), rnd.choice(CATEGORIES),
                None if platform_name else employer, bin_, platform_name, key,
                rnd.choice(REGIONS), "Алматы", start.isoformat(), None,
                rnd.randrange(50_000, 2_000_000), tier, "submitted", "kk", int(personal),
                "Жалақы екі ай бойы төленбеді, жұмыс беруші себебін түсіндірмейді. " * 2,
                "Қарызды өтеу", "Айгерим Нұрланова" if personal else None,
                "880315400128" if personal else None, "Алматы, Абай 1" if personal else None,
                "+77000000000" if personal else None, submitted, submitted,
            )

    conn.executemany(
        f"INSERT INTO complaints ({cols}) VALUES ({', '.join('?' * 25)})", rows()
    )
    conn.commit()
    conn.close()
    return time.perf_counter() - started


# --- what runs inside the measured subprocess ------------------------------------------------


def naive_export(fmt: str, db: Path, out: Path) -> int:
    """Non-streaming baseline: everything in memory, then written."""
    from openpyxl import Workbook
    from sqlalchemy import select

    from inspector.labels import FIELDS
    from inspector.writers import neutralise
    from storage.complaints import Complaint
    from storage.db import make_engine, make_session_factory

    engine = make_engine(f"sqlite:///{db}")
    keys = [f.key for f in FIELDS if not f.personal]
    with make_session_factory(engine)() as session:
        complaints = session.scalars(select(Complaint).order_by(Complaint.employer_key)).all()
        table = [[getattr(c, k, None) for k in keys] for c in complaints]
    table = [[neutralise(v) if isinstance(v, str) else v for v in row] for row in table]
    if fmt == "csv":
        with out.open("w", encoding="utf-8-sig", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(keys)
            writer.writerows(table)
    else:
        wb = Workbook()
        ws = wb.active
        ws.append(keys)
        for row in table:
            ws.append([v.replace(tzinfo=None) if isinstance(v, datetime) else v for v in row])
        wb.save(out)
    engine.dispose()
    return len(table)


def child(impl: str, fmt: str, db: Path, out: Path, trace: bool) -> None:
    """Run one export and print its result as JSON (count, seconds, tracemalloc peak)."""
    from inspector.cli import run_export
    from inspector.query import ExportFilters

    if trace:
        tracemalloc.start()
    started = time.perf_counter()
    if impl == "streaming":
        count = run_export(fmt, out, ExportFilters(), lang="ru",
                           database_url=f"sqlite:///{db}")
    else:
        count = naive_export(fmt, db, out)
    seconds = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1] if trace else None
    print(json.dumps({"count": count, "seconds": seconds, "tracemalloc_peak": peak}))


def measure(impl: str, fmt: str, db: Path, workdir: Path, trace: bool = False) -> dict[str, Any]:
    """Run ``child`` in a fresh interpreter; return its figures plus peak RSS."""
    out = workdir / f"out-{impl}.{fmt}"
    cmd = [sys.executable, __file__, "--child", impl, fmt, str(db), str(out)]
    if trace:
        cmd.append("--trace")
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    _pid, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    stdout = proc.stdout.read() if proc.stdout else ""
    stderr = proc.stderr.read() if proc.stderr else ""
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"{impl} {fmt} failed:\n{stderr[-3000:]}")
    result = json.loads(stdout.strip().splitlines()[-1])
    result.update(
        impl=impl, format=fmt, wall_seconds=round(wall, 2),
        export_seconds=round(result.pop("seconds"), 2),
        peak_rss_mib=round(usage.ru_maxrss / 1024, 1),  # Linux reports KiB
        file_mib=round(out.stat().st_size / 2**20, 1),
    )
    if result["tracemalloc_peak"] is not None:
        result["tracemalloc_peak_mib"] = round(result["tracemalloc_peak"] / 2**20, 1)
    result.pop("tracemalloc_peak")
    out.unlink()
    return result


def main() -> None:
    """Build databases of each size, measure every (implementation, format), report."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 200_000, 1_000_000])
    parser.add_argument("--baseline-sizes", type=int, nargs="+", default=[100_000, 200_000],
                        help="sizes at which the naive baseline also runs (it holds all rows)")
    parser.add_argument("--formats", nargs="+", default=["csv", "xlsx"])
    parser.add_argument("--child", nargs=4, metavar=("IMPL", "FMT", "DB", "OUT"))
    parser.add_argument("--trace", action="store_true")
    args = parser.parse_args()
    if args.child:
        impl, fmt, db, out = args.child
        child(impl, fmt, Path(db), Path(out), args.trace)
        return

    results: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="quqyq-bench-") as tmp:
        workdir = Path(tmp)
        for n in args.sizes:
            db = workdir / f"bench-{n}.db"
            build = build_db(db, n)
            print(f"\nN = {n:,}: generated in {build:.1f} s "
                  f"(SQLite file {db.stat().st_size / 2**20:.0f} MiB)", flush=True)
            impls = ["streaming"] + (["naive"] if n in args.baseline_sizes else [])
            for fmt in args.formats:
                for impl in impls:
                    r = measure(impl, fmt, db, workdir)
                    if n == min(args.sizes):
                        r["tracemalloc_peak_mib"] = measure(
                            impl, fmt, db, workdir, trace=True
                        )["tracemalloc_peak_mib"]
                    r["n"] = n
                    results.append(r)
                    print(f"  {fmt:4} {impl:9} {r['export_seconds']:8.1f} s  "
                          f"{r['count'] / max(r['export_seconds'], 1e-9):9,.0f} rows/s  "
                          f"peak RSS {r['peak_rss_mib']:7.1f} MiB  "
                          f"tracemalloc {r.get('tracemalloc_peak_mib', '—')} MiB  "
                          f"file {r['file_mib']} MiB", flush=True)
            db.unlink()
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps({
        "benchmark": "exports",
        "machine": f"{platform.machine()}, {os.cpu_count()} cores (shared), "
                   f"Python {platform.python_version()}",
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "results": results,
    }, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"\nwritten {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
