"""Rights-violation risk of a worker's situation, and employer/platform ranking.

For triage of complaints and questionnaires and for employer-level aggregation, in the spirit
of the Ministry of Labour's Digital Map of Labour Risks. Weights are assumptions
(``parameters.yaml``); the score ranks situations, it does not establish a violation.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from scoring._errors import ScoringInputError
from scoring._inputs import ExplainedByContributions, as_column, check_unit, first_row
from scoring._params import PARAMETERS, Parameters
from scoring._professional import risk_degree
from scoring._weighted import weighted_score

__all__ = [
    "VIOLATION_INDICATORS",
    "EmployerRanking",
    "ViolationRisk",
    "rank_employers",
    "violation_risk",
]

#: Column order of the violation indicators (from ``parameters.yaml``); 1 = violation present.
VIOLATION_INDICATORS: tuple[str, ...] = PARAMETERS.viol_names


@dataclass(frozen=True)
class ViolationRisk(ExplainedByContributions):
    """Rights-violation risk of a batch of situations.

    Attributes
    ----------
    score : ndarray, shape (N,)
        Weighted sum in [0, 1].
    degree : ndarray of str, shape (N,)
        Degree label by the assumed ``violation`` thresholds.
    contributions, order, unknown :
        As in :class:`~scoring.EmploymentRelationship`, columns of
        :data:`VIOLATION_INDICATORS`.
    """

    score: npt.NDArray[np.float64]
    degree: npt.NDArray[np.str_]
    contributions: npt.NDArray[np.float64]
    unknown: npt.NDArray[np.bool_]
    version: str
    indicators: tuple[str, ...] = VIOLATION_INDICATORS


def violation_risk(
    indicators: Any, *, unknown: Any = None, params: Parameters | None = None
) -> ViolationRisk:
    """Rights-violation risk: a weighted sum of violation indicators.

    .. math:: V = \\sum_j w_j x_j, \\qquad \\sum_j w_j = 1

    Parameters
    ----------
    indicators : mapping name -> array_like (N,), or array_like (N, k) / (k,)
        Values in [0, 1], 1 = present (use 0 where a question does not apply, e.g. permits
        for a citizen), columns as in :data:`VIOLATION_INDICATORS`: ``wages_unpaid``,
        ``passport_withheld``, ``no_written_contract``, ``no_work_permit``,
        ``harmful_without_guarantees``, ``overtime_unpaid``, ``dismissal_threats``,
        ``disguised_employment`` (e.g. the employment-relationship score of a worker on a
        civil contract), ``wages_late``, ``leave_denied``, ``no_registration``.
    unknown : bool mask (N, k) or mapping name -> bool array, optional
        "Don't know" answers, scored with the configured assumption value.

    Examples
    --------
    >>> s = dict.fromkeys(VIOLATION_INDICATORS, 0.0)
    >>> s.update(passport_withheld=1.0, wages_unpaid=1.0)
    >>> r = violation_risk(s)
    >>> r.score.round(2), r.degree, r.reasons()
    (array([0.3]), array(['high'], dtype='<U9'), ['wages_unpaid', 'passport_withheld'])
    """
    p = PARAMETERS if params is None else params
    score, contributions, mask = weighted_score(
        "indicators", indicators, unknown, p.viol_names, p.viol_weights, p.viol_unknown
    )
    return ViolationRisk(
        score=score,
        degree=risk_degree(np.clip(score, 0.0, 1.0), "violation", params=p),
        contributions=contributions,
        unknown=mask,
        version=p.version,
        indicators=p.viol_names,
    )


@dataclass(frozen=True)
class EmployerRanking:
    """Employers ranked by mean risk (then count, then max risk, then key).

    All arrays have one entry per employer, in rank order (rank 1 first).
    """

    keys: np.ndarray
    count: npt.NDArray[np.int64]
    mean_risk: npt.NDArray[np.float64]
    max_risk: npt.NDArray[np.float64]


def rank_employers(
    keys: npt.ArrayLike, risks: npt.ArrayLike, *, min_count: int = 1
) -> EmployerRanking:
    """Group scored complaints/questionnaires by employer and rank the employers.

    Vectorised: ``np.unique(..., return_inverse=True)`` gives each row its group, ``np.bincount``
    the counts and sums (mean = sum / count), ``np.maximum.at`` the maxima; no Python loop over
    rows.

    Parameters
    ----------
    keys : array_like, shape (N,)
        Employer key of each row (BIN, platform name, ...): strings or integers, no empties.
    risks : array_like, shape (N,)
        A risk in [0, 1] per row (e.g. :func:`violation_risk` scores).
    min_count : int, optional
        Leave out employers with fewer rows (small groups say little).

    Examples
    --------
    >>> r = rank_employers(["A", "B", "A", "C"], [0.2, 0.9, 0.4, 0.1])
    >>> r.keys.tolist(), r.count.tolist(), r.mean_risk.round(2).tolist()
    (['B', 'A', 'C'], [1, 2, 1], [0.9, 0.3, 0.1])
    """
    k = np.asarray(keys)
    if k.ndim == 0:
        k = k.reshape(1)
    if k.ndim != 1:
        raise ScoringInputError("keys", None, f"expected a 1-D array, got shape {k.shape}")
    r = as_column("risks", risks)
    if r.shape[0] != k.shape[0]:
        raise ScoringInputError("risks", None, f"has {r.shape[0]} rows, keys has {k.shape[0]}")
    check_unit("risks", r)
    if k.dtype.kind == "O":
        missing = np.frompyfunc(lambda v: v is None or v == "", 1, 1)(k).astype(bool)
        if missing.any():
            raise ScoringInputError("keys", first_row(missing), "missing employer key")
        k = k.astype(str)
    if k.dtype.kind in "US":
        empty = k == k.dtype.type()
        if empty.any():
            raise ScoringInputError("keys", first_row(empty), "missing employer key")
    elif k.dtype.kind not in "iu":
        raise ScoringInputError("keys", None, f"keys must be strings or integers, got {k.dtype}")
    if min_count < 1:
        raise ScoringInputError("min_count", None, "must be >= 1")
    uniq, inverse = np.unique(k, return_inverse=True)
    count = np.bincount(inverse, minlength=uniq.shape[0])
    total = np.bincount(inverse, weights=r, minlength=uniq.shape[0])
    mean = total / count
    peak = np.zeros(uniq.shape[0], dtype=np.float64)
    np.maximum.at(peak, inverse, r)
    keep = count >= min_count
    uniq, count, mean, peak = uniq[keep], count[keep], mean[keep], peak[keep]
    # lexsort: last key is primary. uniq is sorted, so its position breaks the final ties.
    rank = np.lexsort((np.arange(uniq.shape[0]), -peak, -count, -mean))
    return EmployerRanking(
        keys=uniq[rank],
        count=count[rank].astype(np.int64),
        mean_risk=mean[rank],
        max_risk=peak[rank],
    )
