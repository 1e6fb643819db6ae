"""Seed-003 professional-risk model: individual R_ind, enterprise P1 and P1 + P2 + P3.

This is the research proposal of the seed-003 authors (003_8d2251b0c2f96dbb.txt:2006-2037),
reconstructed from a garbled extraction, not current law. The seed gives no scales or
thresholds: indicators are normalised here to [0, 1] with 1 = worst, and the degree thresholds
in ``parameters.yaml`` are labelled ``assumption``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from scoring._errors import ScoringInputError
from scoring._inputs import (
    ExplainedByContributions,
    as_column,
    check_unit,
    common_length,
    first_row,
    unknown_matrix,
)
from scoring._params import PARAMETERS, PROFESSIONAL_NAMES, Parameters

__all__ = [
    "ANSWER_FIELDS",
    "DONT_KNOW",
    "PROFESSIONAL_INDICATORS",
    "EnterpriseRisk",
    "ProfessionalIndicators",
    "ProfessionalRisk",
    "assess_professional_risk",
    "enterprise_p1",
    "enterprise_risk",
    "professional_indicators_from_answers",
    "professional_risk",
    "risk_degree",
]

#: Column order of the professional-risk indicators in contributions and unknown masks.
PROFESSIONAL_INDICATORS: tuple[str, ...] = PROFESSIONAL_NAMES

#: Sentinel a worker's categorical answer may take for "don't know".
DONT_KNOW = "unknown"

#: Worker answer -> the indicator it sets.
ANSWER_FIELDS: dict[str, str] = {
    "exposure_share": "B",
    "injuries": "T",
    "equipment": "Ob",
    "ppe": "SIZ",
    "colleagues_ill": "Z",
}

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]
StrArray = npt.NDArray[np.str_]


@dataclass(frozen=True)
class ProfessionalRisk(ExplainedByContributions):
    """Individual professional risk of a batch (seed-003 formula 4; a research proposal).

    Attributes
    ----------
    score : ndarray, shape (N,)
        ``R_ind`` in [0, 1].
    contributions : ndarray, shape (N, 5)
        Share of the score from B, T, Ob, SIZ, Z (columns of :data:`PROFESSIONAL_INDICATORS`);
        rows sum to ``score``.
    order : ndarray of int, shape (N, 5)
        Column indices per row, largest contribution first.
    unknown : ndarray of bool, shape (N, 5)
        Indicators answered "don't know" and replaced by their configured assumption.
    degree : ndarray of str, shape (N,)
        ``low`` / ``medium`` / ``high`` / ``very_high`` by the assumed thresholds.
    version : str
        Version of the parameter file that produced the result.
    """

    score: FloatArray
    contributions: FloatArray
    unknown: BoolArray
    degree: StrArray
    version: str
    indicators: tuple[str, ...] = PROFESSIONAL_INDICATORS


@dataclass(frozen=True)
class ProfessionalIndicators:
    """B, T, Ob, SIZ, Z derived from a worker's answers, plus the "don't know" mask.

    ``unknown`` has columns in :data:`PROFESSIONAL_INDICATORS` order; pass the indicators on with
    :meth:`assess`, which scores them with exactly this mask.
    """

    B: FloatArray
    T: FloatArray
    Ob: FloatArray
    SIZ: FloatArray
    Z: FloatArray
    unknown: BoolArray

    def assess(self, params: Parameters | None = None) -> ProfessionalRisk:
        """Score these indicators with :func:`assess_professional_risk`."""
        return assess_professional_risk(
            self.B, self.T, self.Ob, self.SIZ, self.Z, unknown=self.unknown, params=params
        )


@dataclass(frozen=True)
class EnterpriseRisk:
    """Enterprise risk ``P1 + P2 + P3`` (seed 003, 003_8d2251b0c2f96dbb.txt:2165-2170).

    Attributes
    ----------
    score : ndarray, shape (N,)
        Sum of the three components, in [0, 3].
    contributions : ndarray, shape (N, 3)
        Columns P1, P2, P3; rows sum to ``score``.
    degree : ndarray of str, shape (N,)
        Degree label by the assumed enterprise thresholds.
    """

    score: FloatArray
    contributions: FloatArray
    degree: StrArray
    version: str
    components: tuple[str, ...] = ("P1", "P2", "P3")


def _professional_inputs(
    B: Any, T: Any, Ob: Any, SIZ: Any, Z: Any, unknown: Any, params: Parameters
) -> tuple[list[FloatArray], BoolArray | None, int]:
    named = [
        (n, as_column(n, v)) for n, v in zip(PROFESSIONAL_NAMES, (B, T, Ob, SIZ, Z), strict=True)
    ]
    n = common_length(named)
    mask = unknown_matrix(unknown, PROFESSIONAL_NAMES, n)
    cols: list[FloatArray] = []
    for j, (name, arr) in enumerate(named):
        col_mask = None if mask is None else mask[:, j]
        if arr.shape[0] == 1 and n > 1:
            arr = np.broadcast_to(arr, (n,))
        check_unit(name, arr, col_mask)
        if col_mask is not None and col_mask.any():
            arr = np.where(col_mask, params.prof_unknown[j], arr)
        cols.append(arr)
    return cols, mask, n


def professional_risk(
    B: npt.ArrayLike,
    T: npt.ArrayLike,
    Ob: npt.ArrayLike,
    SIZ: npt.ArrayLike,
    Z: npt.ArrayLike,
    *,
    unknown: Any = None,
    params: Parameters | None = None,
) -> FloatArray:
    """Individual professional risk ``R_ind`` (seed 003, formula 4 — a research proposal).

    .. math:: R_{ind} = 0.7 \\frac{B + T}{2} + 0.2 \\frac{Ob + SIZ}{2} + 0.1 Z

    The weights come from ``parameters.yaml`` (003_8d2251b0c2f96dbb.txt:2037).

    Parameters
    ----------
    B, T, Ob, SIZ, Z : array_like, shape (N,) or scalar
        Harmfulness, injury hazard, equipment-safety *deficit*, PPE-provision *deficit* and
        morbidity, each in [0, 1] with 1 = worst. Scalars broadcast against the batch.
    unknown : bool array of shape (N, 5) or mapping name -> bool array, optional
        "Don't know" answers: these positions may hold anything (NaN included) and are
        replaced by the configured assumption value of that indicator.
    params : Parameters, optional
        Another parameter set (defaults to the loaded ``parameters.yaml``).

    Returns
    -------
    ndarray, shape (N,)
        ``R_ind`` in [0, 1]; a scalar call returns a batch of one.

    Raises
    ------
    ScoringInputError
        NaN outside ``unknown``, a value out of [0, 1], or mismatched lengths.

    Examples
    --------
    >>> professional_risk(0.8, 0.4, 0.5, 0.0, 1.0)
    array([0.57])
    >>> professional_risk([0, 1], [0, 1], [0, 1], [0, 1], [0, 1])
    array([0., 1.])
    """
    p = PARAMETERS if params is None else params
    (b, t, ob, siz, z), _, _ = _professional_inputs(B, T, Ob, SIZ, Z, unknown, p)
    w1, w2, w3 = p.prof_weights
    return _r_ind(b, t, ob, siz, z, 0.5 * w1, 0.5 * w2, w3)


# Rows per block: the five inputs, the output and one temporary of a block stay in the L2
# cache, which makes a large batch ~3x faster than whole-array temporaries (measured: 2.2 ms
# vs 7.2 ms for 10^6 rows). The loop runs over blocks, never over rows.
_BLOCK = 16384


def _r_ind(
    b: FloatArray,
    t: FloatArray,
    ob: FloatArray,
    siz: FloatArray,
    z: FloatArray,
    c_bt: float,
    c_os: float,
    c_z: float,
) -> FloatArray:
    """``c_bt*(b+t) + c_os*(ob+siz) + c_z*z`` computed block by block, in place."""
    n = b.shape[0]
    out: FloatArray = np.empty(n, dtype=np.float64)
    tmp = np.empty(min(n, _BLOCK), dtype=np.float64)
    for start in range(0, n, _BLOCK):
        stop = min(start + _BLOCK, n)
        o, tm = out[start:stop], tmp[: stop - start]
        np.add(b[start:stop], t[start:stop], out=o)
        o *= c_bt
        np.add(ob[start:stop], siz[start:stop], out=tm)
        tm *= c_os
        o += tm
        np.multiply(z[start:stop], c_z, out=tm)
        o += tm
    return out


def assess_professional_risk(
    B: npt.ArrayLike,
    T: npt.ArrayLike,
    Ob: npt.ArrayLike,
    SIZ: npt.ArrayLike,
    Z: npt.ArrayLike,
    *,
    unknown: Any = None,
    params: Parameters | None = None,
) -> ProfessionalRisk:
    """``R_ind`` with per-indicator contributions, the "don't know" mask and the risk degree.

    Contributions are ``w1/2·B, w1/2·T, w2/2·Ob, w2/2·SIZ, w3·Z``; they sum to ``R_ind``.
    Arguments as in :func:`professional_risk`.

    Examples
    --------
    >>> r = assess_professional_risk(0.8, 0.4, 0.5, 0.0, 1.0)
    >>> r.score, r.degree, r.reasons()
    (array([0.57]), array(['high'], dtype='<U9'), ['B', 'T', 'Z', 'Ob'])
    >>> r.contributions.round(3)
    array([[0.28, 0.14, 0.05, 0.  , 0.1 ]])
    """
    p = PARAMETERS if params is None else params
    cols, mask, n = _professional_inputs(B, T, Ob, SIZ, Z, unknown, p)
    w1, w2, w3 = p.prof_weights
    coef = np.array([0.5 * w1, 0.5 * w1, 0.5 * w2, 0.5 * w2, w3])
    contributions = np.stack(cols, axis=1) * coef
    score = contributions.sum(axis=1)
    if mask is None:
        mask = np.zeros((n, len(PROFESSIONAL_NAMES)), dtype=bool)
    return ProfessionalRisk(
        score=score,
        contributions=contributions,
        unknown=np.array(mask, dtype=bool),
        degree=risk_degree(np.clip(score, 0.0, 1.0), "professional", params=p),
        version=p.version,
    )


def _categories(
    name: str, value: Any, levels: Mapping[str, float], unknown: BoolArray | None
) -> tuple[FloatArray, BoolArray]:
    arr = np.asarray(value)
    if arr.ndim == 0:
        arr = arr.reshape(1)
    if arr.ndim != 1:
        raise ScoringInputError(name, None, f"expected a 1-D array of answers, got {arr.shape}")
    if arr.dtype.kind not in "UO":
        raise ScoringInputError(name, None, f"answers must be strings {sorted(levels)}")
    out = np.zeros(arr.shape[0], dtype=np.float64)
    known = np.zeros(arr.shape[0], dtype=bool)
    for level, v in levels.items():
        hit = arr == level
        out[hit] = v
        known |= hit
    dont_know = arr == DONT_KNOW
    if unknown is not None:
        dont_know = dont_know | unknown
    bad = ~(known | dont_know)
    if bad.any():
        row = first_row(bad)
        raise ScoringInputError(
            name, row, f"unknown answer {arr[row]!r}; expected one of {[*levels, DONT_KNOW]}"
        )
    return out, dont_know


def professional_indicators_from_answers(
    exposure_share: npt.ArrayLike,
    injuries: npt.ArrayLike,
    equipment: npt.ArrayLike,
    ppe: npt.ArrayLike,
    colleagues_ill: npt.ArrayLike,
    *,
    unknown: Mapping[str, npt.ArrayLike] | None = None,
    params: Parameters | None = None,
) -> ProfessionalIndicators:
    """Map answers a worker can give to B, T, Ob, SIZ, Z (levels in ``parameters.yaml``).

    ========================  ====  =======================================================
    answer                    sets  scale (1 = worst; all levels are assumptions)
    ========================  ====  =======================================================
    ``exposure_share``        B     share of the shift exposed to harmful factors, [0, 1]
    ``injuries``              T     none 0, minor 0.4, serious 0.8, fatal 1 (last 12 months)
    ``equipment``             Ob    good 0, worn 0.5, faulty 1 (equipment-safety deficit)
    ``ppe``                   SIZ   full 0, partial 0.5, none 1 (PPE-provision deficit)
    ``colleagues_ill``        Z     none 0, one 0.5, several 1 (occupational illness)
    ========================  ====  =======================================================

    "Don't know": a categorical answer may be the string ``"unknown"``; any answer may be
    marked in ``unknown`` (mapping answer name -> bool array), where ``exposure_share`` may
    then be NaN. Unknown indicators are flagged in the result's ``unknown`` mask and scored
    with their configured assumption value.

    Examples
    --------
    >>> ind = professional_indicators_from_answers(0.6, "minor", "worn", "unknown", "none")
    >>> ind.T, ind.unknown
    (array([0.4]), array([[False, False, False,  True, False]]))
    >>> ind.assess().score.round(4)
    array([0.45])
    """
    p = PARAMETERS if params is None else params
    masks: dict[str, BoolArray] = {}
    if unknown is not None:
        extra = [k for k in unknown if k not in ANSWER_FIELDS]
        if extra:
            raise ScoringInputError(str(extra[0]), None, "unknown= names an unknown answer")
        for k, v in unknown.items():
            m = np.asarray(v)
            if m.dtype != np.bool_:
                raise ScoringInputError(f"unknown[{k!r}]", None, "must be boolean")
            masks[k] = m.reshape(1) if m.ndim == 0 else m
    b = as_column("exposure_share", exposure_share)
    b_unknown = masks.get("exposure_share")
    if b_unknown is not None:
        if b_unknown.shape != b.shape:
            raise ScoringInputError("unknown['exposure_share']", None, "shape differs from answers")
        check_unit("exposure_share", b, b_unknown)
        b = np.where(b_unknown, 0.0, b)
    else:
        check_unit("exposure_share", b)
        b_unknown = np.zeros(b.shape, dtype=bool)
    cols: dict[str, np.ndarray] = {"B": b}
    unk: dict[str, np.ndarray] = {"B": b_unknown}
    for answer, value in (
        ("injuries", injuries),
        ("equipment", equipment),
        ("ppe", ppe),
        ("colleagues_ill", colleagues_ill),
    ):
        answer_mask = masks.get(answer)
        arr_len = np.asarray(value).reshape(-1).shape[0]
        if answer_mask is not None and answer_mask.shape != (arr_len,):
            raise ScoringInputError(f"unknown[{answer!r}]", None, "shape differs from answers")
        col, dk = _categories(answer, value, p.answer_levels[answer], answer_mask)
        cols[ANSWER_FIELDS[answer]] = col
        unk[ANSWER_FIELDS[answer]] = dk
    n = common_length([(a, cols[ANSWER_FIELDS[a]]) for a in ANSWER_FIELDS])
    full = {k: np.broadcast_to(v, (n,)).copy() for k, v in cols.items()}
    mask = np.stack([np.broadcast_to(unk[k], (n,)) for k in PROFESSIONAL_NAMES], axis=1)
    return ProfessionalIndicators(
        B=full["B"], T=full["T"], Ob=full["Ob"], SIZ=full["SIZ"], Z=full["Z"], unknown=mask
    )


def enterprise_p1(unit_risk: npt.ArrayLike, unit_headcount: npt.ArrayLike) -> FloatArray:
    """Enterprise indicator P1: headcount-weighted mean of structural-unit risks (formula 3).

    .. math:: P_1 = \\frac{\\sum_i w_i R_i}{\\sum_i w_i}, \\quad w_i = \\text{headcount}_i

    (003_8d2251b0c2f96dbb.txt:2172-2182, 1991-1996: weight = unit headcount / total headcount,
    so the shares sum to 1; passing raw headcounts gives the same result.)

    Parameters
    ----------
    unit_risk : array_like, shape (U,) or (M, U)
        ``R_i`` of each structural unit in [0, 1]; a 2-D array is M enterprises of U units
        (pad missing units with headcount 0).
    unit_headcount : array_like, same shape as ``unit_risk``
        Non-negative headcounts; each enterprise needs a positive total.

    Returns
    -------
    ndarray, shape (1,) or (M,)

    Examples
    --------
    >>> enterprise_p1([0.2, 0.6], [30, 10])
    array([0.3])
    """
    r = np.asarray(unit_risk, dtype=np.float64)
    w = np.asarray(unit_headcount, dtype=np.float64)
    if r.ndim == 0:
        r = r.reshape(1)
    if r.ndim == 1:
        r = r.reshape(1, -1)
    if w.ndim <= 1:
        w = w.reshape(1, -1)
    if r.ndim != 2 or r.shape != w.shape:
        raise ScoringInputError(
            "unit_headcount", None, f"shape {w.shape} differs from unit_risk shape {r.shape}"
        )
    check_unit("unit_risk", r)
    bad = ~(w >= 0) | ~np.isfinite(w)
    if bad.any():
        row = first_row(bad)
        raise ScoringInputError("unit_headcount", row, "headcounts must be finite and >= 0")
    total = w.sum(axis=1)
    if (total <= 0).any():
        row = int(np.argmax(total <= 0))
        raise ScoringInputError("unit_headcount", row, "an enterprise needs a positive headcount")
    out: FloatArray = np.einsum("ij,ij->i", r, w) / total
    return out


def enterprise_risk(
    p1: npt.ArrayLike, p2: npt.ArrayLike, p3: npt.ArrayLike, *, params: Parameters | None = None
) -> EnterpriseRisk:
    """Enterprise risk-assessment result ``P1 + P2 + P3`` (003_8d2251b0c2f96dbb.txt:2165-2170).

    P1 = individual-risk results (:func:`enterprise_p1`), P2 = injury and occupational-disease
    statistics, P3 = compliance with labour law (15-question checklist). The seed gives no
    ranges; each is taken here as normalised to [0, 1] (an assumption), so the sum is in [0, 3].

    Examples
    --------
    >>> r = enterprise_risk(0.3, 0.5, 1.0)
    >>> r.score, r.degree
    (array([1.8]), array(['high'], dtype='<U9'))
    """
    p = PARAMETERS if params is None else params
    named = [("p1", as_column("p1", p1)), ("p2", as_column("p2", p2)), ("p3", as_column("p3", p3))]
    n = common_length(named)
    lo, hi = p.enterprise_range
    cols = []
    for name, arr in named:
        check_unit(name, arr - lo, hi=hi - lo)
        cols.append(np.broadcast_to(arr, (n,)))
    contributions = np.stack(cols, axis=1)
    score = contributions.sum(axis=1)
    return EnterpriseRisk(
        score=score,
        contributions=contributions,
        degree=risk_degree(score, "enterprise", params=p),
        version=p.version,
    )


def risk_degree(
    score: npt.ArrayLike, kind: str = "professional", *, params: Parameters | None = None
) -> StrArray:
    """Risk degree label of each score by the configured thresholds (all ``assumption``).

    A score at or above the i-th threshold gets label i+1 of ``risk_degrees.labels``
    (low, medium, high, very_high). ``kind`` is ``professional`` (R_ind in [0, 1]),
    ``enterprise`` (P1+P2+P3 in [0, 3]) or ``violation`` (in [0, 1]).

    Examples
    --------
    >>> risk_degree([0.1, 0.25, 0.6, 0.9])
    array(['low', 'medium', 'high', 'very_high'], dtype='<U9')
    """
    p = PARAMETERS if params is None else params
    if kind not in p.degree_thresholds:
        raise ScoringInputError(
            "kind", None, f"unknown kind {kind!r}; use {list(p.degree_thresholds)}"
        )
    s = as_column("score", score)
    hi = 3 * p.enterprise_range[1] if kind == "enterprise" else 1.0
    check_unit("score", s, hi=hi)
    idx = np.searchsorted(p.degree_thresholds[kind], s, side="right")
    labels = np.array(p.degree_labels)
    out: StrArray = labels[idx]
    return out
