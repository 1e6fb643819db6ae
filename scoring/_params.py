"""Load and validate ``parameters.yaml``, the one data file behind every score.

The file is read once at import into :data:`PARAMETERS`. A bad file fails loudly with
:class:`~scoring._errors.ParameterFileError` naming the offending key, so a typo in a weight can
never silently change a score. Tests and tools may load another file with
:func:`load_parameters` and pass it to any scoring function as ``params=``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from scoring._errors import ParameterFileError

__all__ = ["DEFAULT_PATH", "PARAMETERS", "Parameters", "load_parameters"]

DEFAULT_PATH = Path(__file__).with_name("parameters.yaml")

PROFESSIONAL_NAMES = ("B", "T", "Ob", "SIZ", "Z")
ANSWER_SCALES = ("injuries", "equipment", "ppe", "colleagues_ill")
DEGREE_KINDS = ("professional", "enterprise", "violation")
GUARANTEE_ARTICLES = (
    "reduced_hours",
    "extra_leave",
    "increased_pay",
    "nutrition",
    "ppe",
    "pension",
)

# A source is a seed line ("003_8d2251b0c2f96dbb.txt:2037" or a range), a legal reference, or
# the label "assumption" (optionally followed by why).
_SEED_CITATION = re.compile(r"\b\d{3}_[0-9a-f]{16}\.txt:\d+(-\d+)?\b")
_LEGAL_REFERENCE = re.compile(r"\b(art\.|para\b|order\b|decree\b|Directive\b|R198\b)", re.I)


@dataclass(frozen=True)
class Parameters:
    """Validated contents of a parameter file (arrays are read-only).

    Attributes
    ----------
    version : str
        The file's ``version:`` field; results record it so a score can be traced.
    sources : dict[str, str]
        Dotted key -> source text, for every number in the file.
    """

    version: str
    path: str
    prof_weights: tuple[float, float, float]
    prof_unknown: np.ndarray
    answer_levels: dict[str, dict[str, float]]
    degree_labels: tuple[str, ...]
    degree_thresholds: dict[str, np.ndarray]
    enterprise_range: tuple[float, float]
    emp_names: tuple[str, ...]
    emp_weights: np.ndarray
    emp_unknown: np.ndarray
    contract_types: dict[str, float]
    band_employee_from: float
    band_independent_upto: float
    max_unknown_weight: float
    viol_names: tuple[str, ...]
    viol_weights: np.ndarray
    viol_unknown: np.ndarray
    normal_weekly_hours: int
    reduced_weekly_hours: int
    minimum_extra_leave_days: int
    extra_leave_tiers: np.ndarray
    pension_rate: float
    articles: dict[str, str]
    sources: dict[str, str] = field(default_factory=dict)


class _Reader:
    """Walks the YAML tree, collecting sources and raising errors that name the key."""

    def __init__(self, path: str, raw: Any) -> None:
        self.path = path
        self.raw = raw
        self.sources: dict[str, str] = {}

    def fail(self, key: str, problem: str) -> ParameterFileError:
        return ParameterFileError(self.path, f"{key}: {problem}")

    def node(self, key: str) -> Mapping[str, Any]:
        cur: Any = self.raw
        for part in key.split("."):
            if not isinstance(cur, Mapping) or part not in cur:
                raise self.fail(key, "missing")
            cur = cur[part]
        if not isinstance(cur, Mapping):
            raise self.fail(key, "must be a mapping")
        return cur

    def entry(self, key: str) -> Any:
        """Return the ``value`` of a ``{value, source}`` entry after checking its source."""
        node = self.node(key)
        if set(node) != {"value", "source"}:
            raise self.fail(key, "must have exactly the keys 'value' and 'source'")
        source = node["source"]
        if not isinstance(source, str) or not source.strip():
            raise self.fail(key, "source must be a non-empty string")
        if not (
            source.startswith("assumption")
            or _SEED_CITATION.search(source)
            or _LEGAL_REFERENCE.search(source)
        ):
            raise self.fail(
                key, f"source {source!r} is neither a seed line, a legal reference nor 'assumption'"
            )
        self.sources[key] = source
        return node["value"]

    def number(self, key: str, lo: float = -math.inf, hi: float = math.inf) -> float:
        value = self.entry(key)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.fail(key, f"value {value!r} is not a number")
        if not math.isfinite(value) or not lo <= value <= hi:
            raise self.fail(key, f"value {value!r} is outside [{lo}, {hi}]")
        return float(value)

    def integer(self, key: str, lo: int = 0) -> int:
        value = self.entry(key)
        if isinstance(value, bool) or not isinstance(value, int) or value < lo:
            raise self.fail(key, f"value {value!r} is not an integer >= {lo}")
        return value

    def numbers(self, key: str, lo: float, hi: float, increasing: bool = True) -> np.ndarray:
        value = self.entry(key)
        if not isinstance(value, list) or not value:
            raise self.fail(key, "value must be a non-empty list of numbers")
        for item in value:
            if isinstance(item, bool) or not isinstance(item, int | float):
                raise self.fail(key, f"item {item!r} is not a number")
        arr = np.asarray(value, dtype=np.float64)
        if not np.all(np.isfinite(arr)) or arr.min() < lo or arr.max() > hi:
            raise self.fail(key, f"values must lie in [{lo}, {hi}]")
        if increasing and np.any(np.diff(arr) <= 0):
            raise self.fail(key, "values must be strictly increasing")
        return _frozen(arr)

    def scale(self, key: str) -> dict[str, float]:
        """A mapping ``level -> {value, source}`` with values in [0, 1]."""
        node = self.node(key)
        if not node:
            raise self.fail(key, "must list at least one level")
        return {str(level): self.number(f"{key}.{level}", 0.0, 1.0) for level in node}

    def weights(self, key: str) -> tuple[tuple[str, ...], np.ndarray]:
        levels = self.scale(key)
        w = np.array(list(levels.values()))
        if not math.isclose(float(w.sum()), 1.0, abs_tol=1e-9):
            raise self.fail(key, f"weights must sum to 1, they sum to {w.sum():.6g}")
        return tuple(levels), _frozen(w)

    def unknown(self, key: str, names: tuple[str, ...]) -> np.ndarray:
        node = self.node(key)
        if tuple(node) != names:
            raise self.fail(key, f"must list exactly {list(names)} in this order")
        return _frozen(np.array([self.number(f"{key}.{n}", 0.0, 1.0) for n in names]))


def _frozen(arr: np.ndarray) -> np.ndarray:
    arr = np.ascontiguousarray(arr, dtype=np.float64)
    arr.setflags(write=False)
    return arr


def load_parameters(path: str | Path = DEFAULT_PATH) -> Parameters:
    """Read and validate a scoring parameter file.

    Parameters
    ----------
    path : str or Path, optional
        YAML file; defaults to ``scoring/parameters.yaml``.

    Returns
    -------
    Parameters

    Raises
    ------
    ParameterFileError
        Missing key, non-numeric or out-of-range value, weights not summing to 1, thresholds
        not increasing, or an entry whose ``source`` is neither a seed line, a legal reference
        nor the label ``assumption``.

    Examples
    --------
    >>> p = load_parameters()
    >>> p.prof_weights
    (0.7, 0.2, 0.1)
    """
    spath = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
        raw = yaml.safe_load(text)
    except (OSError, yaml.YAMLError) as exc:
        raise ParameterFileError(spath, f"cannot read: {exc}") from exc
    if not isinstance(raw, Mapping):
        raise ParameterFileError(spath, "top level must be a mapping")
    version = raw.get("version")
    if not isinstance(version, str) or not version.strip():
        raise ParameterFileError(spath, "version: must be a non-empty string")
    r = _Reader(spath, raw)

    pw = tuple(
        r.number(f"professional_risk.weights.{k}", 0.0, 1.0)
        for k in ("harm_injury", "equipment_ppe", "morbidity")
    )
    if not math.isclose(sum(pw), 1.0, abs_tol=1e-9):
        raise r.fail("professional_risk.weights", f"weights must sum to 1, they sum to {sum(pw)}")
    prof_unknown = r.unknown("professional_risk.unknown_value", PROFESSIONAL_NAMES)
    answer_levels = {s: r.scale(f"professional_risk.answers.{s}") for s in ANSWER_SCALES}

    labels_node = r.node("risk_degrees")
    labels = labels_node.get("labels")
    if (
        not isinstance(labels, list)
        or len(labels) < 2
        or not all(isinstance(x, str) for x in labels)
    ):
        raise r.fail("risk_degrees.labels", "must be a list of at least two strings")
    enterprise_range = r.numbers("enterprise_risk.component_range", 0.0, math.inf)
    if enterprise_range.size != 2:
        raise r.fail("enterprise_risk.component_range", "must be [low, high]")
    e_hi = 3 * float(enterprise_range[1])
    bounds = {"professional": (0.0, 1.0), "enterprise": (0.0, e_hi), "violation": (0.0, 1.0)}
    thresholds = {}
    for kind in DEGREE_KINDS:
        t = r.numbers(f"risk_degrees.{kind}", *bounds[kind])
        if t.size != len(labels) - 1:
            raise r.fail(f"risk_degrees.{kind}", f"needs {len(labels) - 1} thresholds")
        thresholds[kind] = t

    emp_names, emp_w = r.weights("employment_relationship.weights")
    emp_unknown = r.unknown("employment_relationship.unknown_value", emp_names)
    contract_types = r.scale("employment_relationship.contract_types")
    employee_from = r.number("employment_relationship.bands.likely_employee_from", 0.0, 1.0)
    independent_upto = r.number("employment_relationship.bands.likely_independent_upto", 0.0, 1.0)
    if not independent_upto < employee_from:
        raise r.fail(
            "employment_relationship.bands",
            "likely_independent_upto must be below likely_employee_from",
        )
    max_unknown = r.number("employment_relationship.bands.max_unknown_weight", 0.0, 1.0)

    viol_names, viol_w = r.weights("violation_risk.weights")
    viol_unknown = r.unknown("violation_risk.unknown_value", viol_names)

    normal = r.integer("guarantees.normal_weekly_hours", 1)
    reduced = r.integer("guarantees.reduced_weekly_hours", 1)
    if reduced >= normal:
        raise r.fail("guarantees.reduced_weekly_hours", "must be below normal_weekly_hours")
    min_leave = r.integer("guarantees.minimum_extra_leave_days", 1)
    tiers = r.numbers("guarantees.extra_leave_tiers", 1, 366)
    if np.any(tiers != np.round(tiers)) or tiers[0] != min_leave:
        raise r.fail(
            "guarantees.extra_leave_tiers",
            "tiers must be whole days starting at minimum_extra_leave_days",
        )
    rate = r.number("guarantees.pension_contribution_rate", 0.0, 1.0)
    articles = {}
    for name in GUARANTEE_ARTICLES:
        text = r.entry(f"guarantees.articles.{name}")
        if not isinstance(text, str) or not text.strip():
            raise r.fail(f"guarantees.articles.{name}", "value must be the article text")
        articles[name] = text

    return Parameters(
        version=version,
        path=spath,
        prof_weights=(pw[0], pw[1], pw[2]),
        prof_unknown=prof_unknown,
        answer_levels=answer_levels,
        degree_labels=tuple(labels),
        degree_thresholds=thresholds,
        enterprise_range=(float(enterprise_range[0]), float(enterprise_range[1])),
        emp_names=emp_names,
        emp_weights=emp_w,
        emp_unknown=emp_unknown,
        contract_types=contract_types,
        band_employee_from=employee_from,
        band_independent_upto=independent_upto,
        max_unknown_weight=max_unknown,
        viol_names=viol_names,
        viol_weights=viol_w,
        viol_unknown=viol_unknown,
        normal_weekly_hours=normal,
        reduced_weekly_hours=reduced,
        minimum_extra_leave_days=min_leave,
        extra_leave_tiers=tiers,
        pension_rate=rate,
        articles=articles,
        sources=dict(r.sources),
    )


#: Parameters loaded from ``scoring/parameters.yaml`` at import.
PARAMETERS: Parameters = load_parameters()
