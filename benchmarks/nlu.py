"""NLU figures: one multilingual model vs one model per language, and cross-validation.

Trains with the engine env's ``rasa`` and evaluates on the held-out sets ``nlu/eval/<lang>.yml``
(never used in training), so the choice of pipeline is made on the same data in the same run.

    .venv/bin/python benchmarks/nlu.py            # multilingual vs per-language (≈ 10 min)
    .venv/bin/python benchmarks/nlu.py --cv 5     # plus k-fold cross-validation per language

Prints a table and writes ``benchmarks/results/nlu.json``.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NLU = ROOT / "nlu"
RASA = ROOT / ".venv-engine" / "bin" / "rasa"
LANGUAGES = ("kk", "ru", "en")
ENV = {"PATH": "/usr/bin:/bin", "TF_CPP_MIN_LOG_LEVEL": "3", "HOME": str(Path.home())}


def run(*args: str, cwd: Path) -> None:
    """Run ``rasa`` and fail loudly with its output."""
    result = subprocess.run([str(RASA), *args], cwd=cwd, env=ENV, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(
            f"rasa {' '.join(args)} failed:\n{result.stdout[-3000:]}{result.stderr[-3000:]}"
        )


def train(data: list[Path], workdir: Path, name: str) -> tuple[Path, float]:
    """Train an NLU-only model on ``data``; return its path and the training time."""
    data_dir = workdir / f"data-{name}"
    data_dir.mkdir()
    for i, path in enumerate(data):
        shutil.copy(path, data_dir / f"{i}-{path.parent.name}-{path.name}")
    start = time.perf_counter()
    run(
        "train",
        "nlu",
        "--config",
        str(NLU / "config.yml"),
        "--nlu",
        str(data_dir),
        "--out",
        str(workdir / "models"),
        "--fixed-model-name",
        name,
        cwd=workdir,
    )
    return workdir / "models" / f"{name}.tar.gz", time.perf_counter() - start


def macro_f1(model: Path, eval_file: Path, out: Path) -> float:
    """Intent macro-F1 of ``model`` on ``eval_file`` (``rasa test nlu`` report)."""
    run(
        "test",
        "nlu",
        "--model",
        str(model),
        "--nlu",
        str(eval_file),
        "--out",
        str(out),
        "--no-plot",
        cwd=out.parent,
    )
    report = json.loads((out / "intent_report.json").read_text())
    return float(report["macro avg"]["f1-score"])


def cross_validation(language: str, folds: int, workdir: Path) -> float:
    """k-fold cross-validated intent macro-F1 on one language's training data."""
    out = workdir / f"cv-{language}"
    run(
        "test",
        "nlu",
        "--config",
        str(NLU / "config.yml"),
        "--nlu",
        str(NLU / "data" / "nlu" / language),
        "--cross-validation",
        "--folds",
        str(folds),
        "--out",
        str(out),
        "--no-plot",
        cwd=workdir,
    )
    report = json.loads((out / "intent_report.json").read_text())
    return float(report["macro avg"]["f1-score"])


def cross_validation_only(folds: int) -> None:
    """k-fold cross-validated macro-F1 and wall time per language; writes ``nlu_cv.json``."""
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for language in LANGUAGES:
            start = time.perf_counter()
            f1 = cross_validation(language, folds, Path(tmp))
            rows.append(
                {
                    "language": language,
                    f"cv{folds}_macro_f1": round(f1, 3),
                    "seconds": round(time.perf_counter() - start, 1),
                }
            )
            print(
                f"{language}: {folds}-fold cross-validated macro-F1 {f1:.3f} "
                f"({rows[-1]['seconds']} s)",
                flush=True,
            )
    out = ROOT / "benchmarks" / "results" / "nlu_cv.json"
    out.write_text(json.dumps({"folds": folds, "per_language": rows}, indent=2) + "\n")
    print(f"written {out.relative_to(ROOT)}")


def main() -> None:
    """Measure both options, print a table, write the JSON results."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cv", type=int, default=0, help="folds for cross-validation (0 = skip)")
    parser.add_argument(
        "--cv-only", action="store_true", help="only the cross-validation (writes nlu_cv.json)"
    )
    args = parser.parse_args()
    if args.cv_only:
        cross_validation_only(max(args.cv, 2))
        return
    results: dict[str, object] = {"config": "nlu/config.yml"}
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        all_files = sorted((NLU / "data" / "nlu").glob("*/*.yml"))
        multi, multi_time = train(all_files, workdir, "multi")
        rows = []
        for language in LANGUAGES:
            files = sorted((NLU / "data" / "nlu" / language).glob("*.yml"))
            single, single_time = train(files, workdir, f"only-{language}")
            eval_file = NLU / "eval" / f"{language}.yml"
            row = {
                "language": language,
                "multilingual_macro_f1": round(
                    macro_f1(multi, eval_file, workdir / f"m-{language}"), 3
                ),
                "per_language_macro_f1": round(
                    macro_f1(single, eval_file, workdir / f"s-{language}"), 3
                ),
                "per_language_train_s": round(single_time, 1),
            }
            if args.cv:
                row[f"cv{args.cv}_macro_f1"] = round(
                    cross_validation(language, args.cv, workdir), 3
                )
            rows.append(row)
        results["multilingual_train_s"] = round(multi_time, 1)
        results["per_language"] = rows
    print(f"multilingual model: trained in {results['multilingual_train_s']} s on all languages")
    print(f"{'lang':<5}{'multilingual F1':>17}{'per-language F1':>17}{'train s':>9}")
    for row in rows:
        print(
            f"{row['language']:<5}{row['multilingual_macro_f1']:>17}{row['per_language_macro_f1']:>17}"
            f"{row['per_language_train_s']:>9}"
            + (f"   cv: {row.get(f'cv{args.cv}_macro_f1')}" if args.cv else "")
        )
    out = ROOT / "benchmarks" / "results" / "nlu.json"
    out.write_text(json.dumps(results, indent=2) + "\n")
    print(f"written {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
