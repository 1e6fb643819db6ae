"""Pure-Python reference implementation of the scoring core (tests and benchmark only).

Written from the formulas in scoring/README.md, row by row with plain floats and its own
reading of parameters.yaml (plain dicts), so a bug in the numpy code is not shared here.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

PARAMETER_FILE = Path(__file__).resolve().parents[2] / "scoring" / "parameters.yaml"
RAW: dict[str, Any] = yaml.safe_load(PARAMETER_FILE.read_text(encoding="utf-8"))

PROFESSIONAL = ("B", "T", "Ob", "SIZ", "Z")


def _values(node: dict[str, Any]) -> dict[str, Any]:
    return {k: v["value"] for k, v in node.items()}


def professional_risk_row(b: float, t: float, ob: float, siz: float, z: float) -> float:
    """R_ind = 0.7*(B+T)/2 + 0.2*(Ob+SIZ)/2 + 0.1*Z for one row."""
    w = _values(RAW["professional_risk"]["weights"])
    return w["harm_injury"] * (b + t) / 2 + w["equipment_ppe"] * (ob + siz) / 2 + w["morbidity"] * z


def professional_contributions_row(values: list[float]) -> list[float]:
    w = _values(RAW["professional_risk"]["weights"])
    coef = [w["harm_injury"] / 2] * 2 + [w["equipment_ppe"] / 2] * 2 + [w["morbidity"]]
    return [c * x for c, x in zip(coef, values, strict=True)]


def impute_row(values: list[float], unknown: list[bool], defaults: list[float]) -> list[float]:
    return [d if u else x for x, u, d in zip(values, unknown, defaults, strict=True)]


def professional_unknown_defaults() -> list[float]:
    return [RAW["professional_risk"]["unknown_value"][k]["value"] for k in PROFESSIONAL]


def degree_row(score: float, kind: str) -> str:
    labels = RAW["risk_degrees"]["labels"]
    label = labels[0]
    for threshold, name in zip(RAW["risk_degrees"][kind]["value"], labels[1:], strict=True):
        if score >= threshold:
            label = name
    return label


def enterprise_p1_row(risks: list[float], headcounts: list[float]) -> float:
    total = sum(headcounts)
    return sum(r * (w / total) for r, w in zip(risks, headcounts, strict=True))


def weighted_row(section: str, values: dict[str, float], unknown: set[str]) -> tuple[float, dict]:
    """Score and contributions of a weighted-indicator section for one row."""
    weights = _values(RAW[section]["weights"])
    defaults = _values(RAW[section]["unknown_value"])
    contributions = {}
    for name, w in weights.items():
        x = defaults[name] if name in unknown else values[name]
        contributions[name] = w * x
    return sum(contributions.values()), contributions


def employment_band_row(score: float, unknown: set[str]) -> str:
    bands = _values(RAW["employment_relationship"]["bands"])
    weights = _values(RAW["employment_relationship"]["weights"])
    if sum(weights[n] for n in unknown) > bands["max_unknown_weight"] + 1e-9:
        return "unable_to_determine"
    if score >= bands["likely_employee_from"]:
        return "likely_employee"
    if score <= bands["likely_independent_upto"]:
        return "likely_independent"
    return "unable_to_determine"


def rank_employers_rows(keys: list[Any], risks: list[float]) -> list[tuple[Any, int, float, float]]:
    """(key, count, mean, max) per employer, ranked by mean, count, max desc, then key."""
    groups: dict[Any, list[float]] = {}
    for k, r in zip(keys, risks, strict=True):
        groups.setdefault(k, []).append(r)
    rows = [(k, len(v), sum(v) / len(v), max(v)) for k, v in groups.items()]
    rows.sort(key=lambda row: row[0])
    rows.sort(key=lambda row: (-row[2], -row[1], -row[3]))
    return rows


HARMFUL = {"3.1", "3.2", "3.3", "3.4", "4"}


def guarantees_row(
    work_class: str, attested: str, on_list: str, tier: int, therapeutic: str
) -> dict[str, Any]:
    """Guarantee statuses for one worker, written as the if/else rules of the README table."""
    g = _values({k: v for k, v in RAW["guarantees"].items() if k != "articles"})
    if tier > 0:
        on_list = "yes"
    if attested == "unknown" and work_class != "unknown":
        attested = "yes"  # a known class comes from an attestation
    harmful = work_class in HARMFUL
    if attested == "yes" and harmful:
        core, basis = "owed", "attestation"
    elif attested == "yes" and work_class in ("1", "2"):
        core, basis = ("not_owed", "none") if on_list == "no" else ("check", "unclear")
    elif on_list == "yes":
        core, basis = "owed", "list"
    elif attested == "no" and on_list == "no" and not harmful:
        core, basis = "not_owed", "none"
    else:
        core, basis = "check", "unclear"
    if attested == "yes" and harmful:
        nutrition = "owed"
    elif core == "not_owed":
        nutrition = "not_owed"
    else:
        nutrition = "check"
    if nutrition == "not_owed":
        kind = "none"
    elif therapeutic == "yes":
        kind = "therapeutic_food"
    else:
        kind = "milk_or_therapeutic_food"
    owed = core == "owed"
    return {
        "reduced_hours": core,
        "extra_leave": core,
        "increased_pay": core,
        "pension": core,
        "nutrition": nutrition,
        "ppe": "owed" if owed else "check",
        "basis": basis,
        "weekly_hours_limit": g["reduced_weekly_hours"] if owed else g["normal_weekly_hours"],
        "extra_leave_days": (tier or g["minimum_extra_leave_days"]) if owed else 0,
        "nutrition_kind": kind,
        "pension_rate": g["pension_contribution_rate"] if owed else 0.0,
    }
