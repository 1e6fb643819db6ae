"""Employment-relationship indicators (ILO R198 para 13; seed 001; EU Directive 2024/2831).

The score says how strongly the facts of a platform worker's situation point to an employment
relationship despite the label of the contract. It supports, and never replaces, a decision by
an inspector or a court; the weights and band limits are assumptions (``parameters.yaml``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from scoring._errors import ScoringInputError
from scoring._inputs import ExplainedByContributions, first_row
from scoring._params import PARAMETERS, Parameters
from scoring._weighted import weighted_score

__all__ = [
    "BANDS",
    "EMPLOYMENT_INDICATORS",
    "EmploymentRelationship",
    "employment_contract_indicator",
    "employment_relationship",
]

#: Column order of the indicators (from ``parameters.yaml``); 1 = points to employment.
EMPLOYMENT_INDICATORS: tuple[str, ...] = PARAMETERS.emp_names

#: Possible bands, from most to least protective for the worker.
#: Rounding allowance when a sum of weights is compared with a limit.
WEIGHT_TOLERANCE = 1e-9
BANDS: tuple[str, str, str] = ("likely_employee", "unable_to_determine", "likely_independent")


@dataclass(frozen=True)
class EmploymentRelationship(ExplainedByContributions):
    """Employment-relationship score of a batch.

    Attributes
    ----------
    score : ndarray, shape (N,)
        Weighted sum of the indicators, in [0, 1].
    band : ndarray of str, shape (N,)
        ``likely_employee`` / ``unable_to_determine`` / ``likely_independent``.
    contributions : ndarray, shape (N, k)
        ``weight * indicator`` per column of :data:`EMPLOYMENT_INDICATORS`; rows sum to score.
    order : ndarray of int, shape (N, k)
        Column indices per row, largest contribution first: the indicators that decided it.
    unknown : ndarray of bool, shape (N, k)
        Indicators answered "don't know" (scored with their assumption value).
    unknown_weight : ndarray, shape (N,)
        Share of the total weight that was unknown; above ``max_unknown_weight`` the band is
        ``unable_to_determine`` whatever the score.
    """

    score: npt.NDArray[np.float64]
    band: npt.NDArray[np.str_]
    contributions: npt.NDArray[np.float64]
    unknown: npt.NDArray[np.bool_]
    unknown_weight: npt.NDArray[np.float64]
    version: str
    indicators: tuple[str, ...] = EMPLOYMENT_INDICATORS


def employment_relationship(
    indicators: Any, *, unknown: Any = None, params: Parameters | None = None
) -> EmploymentRelationship:
    """Score the employment-relationship indicators and band the result.

    .. math:: S = \\sum_j w_j x_j, \\qquad \\sum_j w_j = 1

    band = ``likely_employee`` if S >= 0.6, ``likely_independent`` if S <= 0.3, else
    ``unable_to_determine`` (limits from ``parameters.yaml``, assumptions); also
    ``unable_to_determine`` when "don't know" answers hold more than ``max_unknown_weight``
    of the total weight.

    Parameters
    ----------
    indicators : mapping name -> array_like (N,), or array_like (N, k) / (k,)
        Values in [0, 1], 1 = points to employment, columns as in
        :data:`EMPLOYMENT_INDICATORS`: ``platform_sets_price``, ``sanctions_for_refusal``
        (sanctions or deactivation for refusals), ``ratings_affect_orders``, ``gps_control``,
        ``automatic_dispatch``, ``income_dependence`` (share of income from this platform),
        ``imposed_hours``, ``cannot_refuse_or_work_elsewhere``, ``tools_provided`` (0 = own
        vehicle/tools), ``uniform_branding``, ``periodic_pay`` (0 = paid per task),
        ``employment_contract`` (see :func:`employment_contract_indicator`).
    unknown : bool mask (N, k) or mapping name -> bool array, optional
        "Don't know" answers; scored with the configured assumption value.

    Examples
    --------
    >>> courier = dict.fromkeys(EMPLOYMENT_INDICATORS, 1.0)
    >>> courier.update(tools_provided=0.0, periodic_pay=0.0, employment_contract=0.0,
    ...                income_dependence=0.8)
    >>> r = employment_relationship(courier)
    >>> r.score.round(2), r.band, r.reasons(n=3)
    (array([0.88]), array(['likely_employee'], dtype='<U19'), ['platform_sets_price', \
'sanctions_for_refusal', 'ratings_affect_orders'])
    """
    p = PARAMETERS if params is None else params
    score, contributions, mask = weighted_score(
        "indicators", indicators, unknown, p.emp_names, p.emp_weights, p.emp_unknown
    )
    unknown_weight = mask @ p.emp_weights if mask.any() else np.zeros(score.shape[0])
    band = np.full(score.shape[0], BANDS[1], dtype="<U19")
    # Weights are decimals: a share exactly at the limit must not fall either side by rounding.
    decided = unknown_weight <= p.max_unknown_weight + WEIGHT_TOLERANCE
    band[decided & (score >= p.band_employee_from)] = BANDS[0]
    band[decided & (score <= p.band_independent_upto)] = BANDS[2]
    return EmploymentRelationship(
        score=score,
        band=band,
        contributions=contributions,
        unknown=mask,
        unknown_weight=unknown_weight,
        version=p.version,
        indicators=p.emp_names,
    )


def employment_contract_indicator(
    contract_type: npt.ArrayLike, *, params: Parameters | None = None
) -> npt.NDArray[np.float64]:
    """Map the contract type a worker names to the ``employment_contract`` indicator.

    ``employment`` 1.0, ``none`` 0.5, ``civil`` 0.0, ``sole_trader`` 0.0 (assumptions; the
    facts outweigh the label, so the indicator's weight is small).

    Examples
    --------
    >>> employment_contract_indicator(["civil", "employment"])
    array([0., 1.])
    """
    p = PARAMETERS if params is None else params
    arr = np.asarray(contract_type)
    if arr.ndim == 0:
        arr = arr.reshape(1)
    out = np.zeros(arr.shape[0], dtype=np.float64)
    known = np.zeros(arr.shape[0], dtype=bool)
    for level, value in p.contract_types.items():
        hit = arr == level
        out[hit] = value
        known |= hit
    if not known.all():
        row = first_row(~known)
        raise ScoringInputError(
            "contract_type",
            row,
            f"unknown contract type {arr[row]!r}; use {list(p.contract_types)}",
        )
    return out
