"""Input checking shared by the scoring functions (private).

Every check is vectorised: one pass finds whether anything is wrong, and only then is the first
bad row located, so valid batches pay a few array comparisons and nothing else.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cached_property
from typing import Any

import numpy as np
import numpy.typing as npt

from scoring._errors import ScoringInputError

__all__ = [
    "as_column",
    "as_matrix",
    "check_unit",
    "common_length",
    "first_row",
    "unknown_matrix",
]

ArrayLike = npt.ArrayLike
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]


def first_row(bad: np.ndarray) -> int:
    """Index of the first True row of a 1-D or 2-D mask."""
    flat = bad if bad.ndim == 1 else bad.any(axis=1)
    return int(np.argmax(flat))


def as_column(name: str, value: Any) -> FloatArray:
    """Convert one indicator to a 1-D float64 array (a scalar becomes a batch of one)."""
    try:
        arr = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise ScoringInputError(name, None, f"not numeric ({exc})") from exc
    if arr.ndim == 0:
        arr = arr.reshape(1)
    if arr.ndim != 1:
        raise ScoringInputError(
            name, None, f"expected a 1-D array or a scalar, got shape {arr.shape}"
        )
    return arr


def common_length(named: Sequence[tuple[str, np.ndarray]]) -> int:
    """Length shared by 1-D arrays; length-1 arrays (scalars) broadcast to it."""
    n = max(a.shape[0] for _, a in named)
    for name, a in named:
        if a.shape[0] not in (1, n):
            raise ScoringInputError(name, None, f"has {a.shape[0]} rows, the other inputs have {n}")
    return n


def check_unit(
    name: str,
    arr: np.ndarray,
    unknown: np.ndarray | None = None,
    columns: Sequence[str] | None = None,
    hi: float = 1.0,
) -> None:
    """Raise if a value outside ``[0, hi]`` (or NaN) sits at a position not marked unknown."""
    # Fast path, one reduction: for float64 >= +0.0 the bit patterns sort like the values, and
    # negatives (sign bit), NaN and inf all have larger patterns than `hi`, so a batch is valid
    # when its largest pattern is <= that of `hi`. (-0.0 fails here and passes below.)
    if (
        unknown is None
        and arr.size
        and arr.dtype == np.float64
        and arr.view(np.uint64).max() <= np.float64(hi).view(np.uint64)
    ):
        return
    # NaN fails both comparisons, so one test catches NaN and out-of-range together.
    bad = ~((arr >= 0.0) & (arr <= hi))
    if unknown is not None:
        bad &= ~unknown
    if not bad.any():
        return
    row = first_row(bad)
    field, where = name, ""
    if arr.ndim == 2:
        col = int(np.argmax(bad[row]))
        if columns is not None:
            field = columns[col]
        else:
            where = f" (column {col})"
        value = arr[row, col]
    else:
        value = arr[row]
    if np.isnan(value):
        problem = 'NaN is not a valid value (mark a "don\'t know" answer with unknown=)'
    else:
        problem = f"value {float(value)!r} is outside [0, {hi:g}]"
    raise ScoringInputError(field, row, problem + where)


def as_matrix(name: str, value: Any, columns: tuple[str, ...]) -> FloatArray:
    """Indicators as an (N, k) float64 array.

    ``value`` is either a mapping ``column name -> N-length array`` (every column required,
    no others) or an array of shape ``(N, k)``; a 1-D array of length k is one questionnaire.
    """
    k = len(columns)
    if isinstance(value, Mapping):
        missing = [c for c in columns if c not in value]
        if missing:
            raise ScoringInputError(missing[0], None, f"missing from {name}")
        extra = [c for c in value if c not in columns]
        if extra:
            raise ScoringInputError(str(extra[0]), None, f"unknown indicator for {name}")
        cols = [(c, as_column(c, value[c])) for c in columns]
        n = common_length(cols)
        out = np.empty((n, k), dtype=np.float64)
        for j, (_, col) in enumerate(cols):
            out[:, j] = col
        return out
    try:
        arr = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise ScoringInputError(name, None, f"not numeric ({exc})") from exc
    if arr.ndim == 1:
        arr = arr.reshape(1, -1)
    if arr.ndim != 2 or arr.shape[1] != k:
        raise ScoringInputError(
            name, None, f"expected shape (N, {k}) with columns {list(columns)}, got {arr.shape}"
        )
    return arr


def unknown_matrix(unknown: Any, columns: tuple[str, ...], n: int) -> BoolArray | None:
    """A "don't know" mask as an (n, k) bool array, or None when nothing is unknown.

    ``unknown`` is None, a boolean array of shape (n, k) (or (k,) for one row), or a mapping
    ``column -> boolean N-array``; columns absent from the mapping are known.
    """
    if unknown is None:
        return None
    k = len(columns)
    if isinstance(unknown, Mapping):
        extra = [c for c in unknown if c not in columns]
        if extra:
            raise ScoringInputError(str(extra[0]), None, "unknown= names an unknown indicator")
        mask = np.zeros((n, k), dtype=bool)
        for j, c in enumerate(columns):
            if c in unknown:
                mask[:, j] = _bool_column(f"unknown[{c!r}]", unknown[c], n)
        return mask
    arr = np.asarray(unknown)
    if arr.dtype != np.bool_:
        raise ScoringInputError("unknown", None, f"must be a boolean mask, got dtype {arr.dtype}")
    if arr.ndim == 1 and arr.shape[0] == k:
        arr = arr.reshape(1, k)
    if arr.shape != (n, k):
        if arr.ndim == 2 and arr.shape[0] == 1 and arr.shape[1] == k:
            return np.broadcast_to(arr, (n, k))
        raise ScoringInputError("unknown", None, f"expected shape ({n}, {k}), got {arr.shape}")
    return arr


def _bool_column(name: str, value: Any, n: int) -> BoolArray:
    arr = np.asarray(value)
    if arr.dtype != np.bool_:
        raise ScoringInputError(name, None, f"must be boolean, got dtype {arr.dtype}")
    if arr.ndim == 0:
        arr = arr.reshape(1)
    if arr.ndim != 1 or arr.shape[0] not in (1, n):
        raise ScoringInputError(name, None, f"expected {n} rows, got shape {arr.shape}")
    return np.broadcast_to(arr, (n,))


def impute(x: FloatArray, mask: BoolArray | None, values: np.ndarray) -> FloatArray:
    """Replace unknown positions with the configured per-column assumption values."""
    if mask is None or not mask.any():
        return x
    return np.where(mask, values, x)


def ordered_by_contribution(contributions: FloatArray) -> npt.NDArray[np.intp]:
    """Column indices per row, largest contribution first (ties keep the column order)."""
    return np.argsort(-contributions, axis=1, kind="stable")


class ExplainedByContributions:
    """What every score with per-indicator contributions offers the bot: the order and reasons.

    Mixed into the frozen result dataclasses, which provide ``contributions`` (N, k) and
    ``indicators`` (k names).
    """

    contributions: FloatArray
    indicators: tuple[str, ...]

    @cached_property
    def order(self) -> npt.NDArray[np.intp]:
        """Column indices per row, largest contribution first (computed on first use)."""
        return ordered_by_contribution(self.contributions)

    def reasons(self, row: int = 0, n: int = 4) -> list[str]:
        """Names of up to ``n`` indicators that drove row ``row``, largest first (non-zero only)."""
        return [
            self.indicators[int(j)] for j in self.order[row, :n] if self.contributions[row, j] > 0
        ]
