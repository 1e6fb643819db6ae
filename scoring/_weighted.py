"""Weighted-indicator scores shared by employment-relationship and violation risk (private)."""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from scoring._inputs import as_matrix, check_unit, impute, unknown_matrix

__all__ = ["weighted_score"]


def weighted_score(
    name: str,
    indicators: Any,
    unknown: Any,
    columns: tuple[str, ...],
    weights: np.ndarray,
    unknown_values: np.ndarray,
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64], npt.NDArray[np.bool_]]:
    """Validate, impute "don't know" answers and weight the indicators.

    Returns ``(score, contributions, unknown_mask)`` where ``contributions = w * x`` column by
    column and ``score`` is the row sum, so contributions sum to the score by construction.
    """
    x = as_matrix(name, indicators, columns)
    n = x.shape[0]
    mask = unknown_matrix(unknown, columns, n)
    check_unit(name, x, mask, columns)
    x = impute(x, mask, unknown_values)
    contributions = x * weights
    score = contributions.sum(axis=1)
    full_mask = np.zeros(x.shape, dtype=bool) if mask is None else np.array(mask, dtype=bool)
    return score, contributions, full_mask
