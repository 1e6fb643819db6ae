"""Current-law guarantees for harmful or dangerous work (rule-based, no risk model).

Kept apart from the seed-003 risk model on purpose: these are what the law gives today
(Labour Code of RK 23.11.2015 No. 414-V art. 69, 89, 105, 182; MHSD order No. 1054 of
28.12.2015; Social Code art. 250), as read in seed 003. Rules (003_8d2251b0c2f96dbb.txt):

* attestation of the workplace is the legal trigger (:6538-6558); a harmful class (3.1 and
  above) confirmed by attestation gives the guarantees;
* without attestation, reduced hours, extra leave and increased pay are given in full per the
  List (:6366-6368, :6400-6404, :6042-6046);
* where attestation confirms acceptable conditions (class 2) the employer *may* restore the
  normal regime (:6413-6424, :6247-6254), so a listed worker must check;
* milk / therapeutic-preventive nutrition follow attestation results, and a worker who gets
  therapeutic food gets no milk (order 1054 ch. 2 p.4, p.12; :6005-6013).

Classes 3.3, 3.4 and 4 are not in the seeds (no class-to-guarantee table): they are treated as
harmful like 3.1 and 3.2, which is what the Labour Code's "harmful and/or dangerous" covers.
A known class implies attestation was done (the class comes from attestation).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from scoring._errors import ScoringInputError
from scoring._inputs import first_row
from scoring._params import PARAMETERS, Parameters

__all__ = [
    "CHECK",
    "GUARANTEE_NAMES",
    "NOT_OWED",
    "OWED",
    "STATUS_LABELS",
    "WORK_CLASSES",
    "Guarantees",
    "guarantees",
]

#: Classes of working conditions a worker can give ("unknown" = don't know).
WORK_CLASSES: tuple[str, ...] = ("1", "2", "3.1", "3.2", "3.3", "3.4", "4", "unknown")
_HARMFUL = frozenset({"3.1", "3.2", "3.3", "3.4", "4"})

#: Status codes of each guarantee.
NOT_OWED, OWED, CHECK = 0, 1, 2
STATUS_LABELS: tuple[str, str, str] = ("not_owed", "owed", "check")

GUARANTEE_NAMES: tuple[str, ...] = (
    "reduced_hours",
    "extra_leave",
    "increased_pay",
    "nutrition",
    "ppe",
    "pension",
)

_YES, _NO, _UNKNOWN = 1, 0, -1


@dataclass(frozen=True)
class Guarantees:
    """Current-law guarantees of a batch of workers.

    Status arrays hold :data:`NOT_OWED` (0), :data:`OWED` (1) or :data:`CHECK` (2: depends on
    documents the worker does not have — attestation results, the List, the norms).

    Attributes
    ----------
    reduced_hours, extra_leave, increased_pay, nutrition, ppe, pension : ndarray of int8
        Status per guarantee (articles in ``articles``).
    basis : ndarray of str
        ``attestation`` (harmful class confirmed), ``list`` (owed per the List), ``none``
        (nothing owed on these answers) or ``unclear``.
    weekly_hours_limit : ndarray of int
        36 where reduced hours are owed, else the normal 40.
    extra_leave_days : ndarray of int
        Minimum extra leave owed: the List tier when known, else 6; 0 when not owed.
    nutrition_kind : ndarray of str
        ``therapeutic_food`` (milk then not owed, order 1054 p.12), ``milk_or_therapeutic_food``
        (one of the two per the norms — never both) or ``none``.
    pension_rate : ndarray of float
        Occupational pension contribution the employer owes (0.05 of monthly income) or 0.
    articles : dict[str, str]
        Guarantee name -> the article that gives it.
    """

    reduced_hours: npt.NDArray[np.int8]
    extra_leave: npt.NDArray[np.int8]
    increased_pay: npt.NDArray[np.int8]
    nutrition: npt.NDArray[np.int8]
    ppe: npt.NDArray[np.int8]
    pension: npt.NDArray[np.int8]
    basis: npt.NDArray[np.str_]
    weekly_hours_limit: npt.NDArray[np.int64]
    extra_leave_days: npt.NDArray[np.int64]
    nutrition_kind: npt.NDArray[np.str_]
    pension_rate: npt.NDArray[np.float64]
    articles: dict[str, str]
    version: str

    @property
    def milk(self) -> npt.NDArray[np.bool_]:
        """Rows where milk (and not therapeutic food) may be owed: nutrition owed, kind not ЛПП."""
        return (self.nutrition == OWED) & (self.nutrition_kind != "therapeutic_food")

    @property
    def therapeutic_food(self) -> npt.NDArray[np.bool_]:
        """Rows where the worker is owed therapeutic-preventive food (and so no milk)."""
        return (self.nutrition == OWED) & (self.nutrition_kind == "therapeutic_food")

    def labels(self, name: str) -> npt.NDArray[np.str_]:
        """Status labels (``not_owed``/``owed``/``check``) of one guarantee."""
        if name not in GUARANTEE_NAMES:
            raise ScoringInputError("name", None, f"unknown guarantee {name!r}")
        out: npt.NDArray[np.str_] = np.array(STATUS_LABELS)[getattr(self, name)]
        return out

    def owed(self, row: int = 0) -> list[tuple[str, str]]:
        """``(guarantee, article)`` pairs owed to row ``row``."""
        return [(g, self.articles[g]) for g in GUARANTEE_NAMES if getattr(self, g)[row] == OWED]


def _text_column(name: str, value: Any) -> np.ndarray:
    arr = np.asarray(value)
    if arr.ndim == 0:
        arr = arr.reshape(1)
    if arr.ndim != 1:
        raise ScoringInputError(name, None, f"expected a 1-D array, got shape {arr.shape}")
    return arr


def _work_class_codes(value: Any) -> tuple[np.ndarray, np.ndarray]:
    arr = _text_column("work_class", value)
    if arr.dtype.kind in "iuf":
        arr = np.char.mod("%g", arr)  # 3.1 -> "3.1", 2 -> "2"
    elif arr.dtype.kind == "O":
        arr = np.array([("unknown" if v is None else str(v)) for v in arr.tolist()])
    elif arr.dtype.kind != "U":
        raise ScoringInputError("work_class", None, f"expected strings from {list(WORK_CLASSES)}")
    harmful = np.isin(arr, list(_HARMFUL))
    safe = (arr == "1") | (arr == "2")  # optimal or acceptable: not harmful
    unknown = arr == "unknown"
    bad = ~(harmful | safe | unknown)
    if bad.any():
        row = first_row(bad)
        raise ScoringInputError(
            "work_class", row, f"unknown class {arr[row]!r}; expected one of {list(WORK_CLASSES)}"
        )
    return harmful, safe


def _tristate(name: str, value: Any, n: int) -> np.ndarray:
    """yes/no/unknown as int8 1/0/-1 from bools, "yes"/"no"/"unknown" strings or None."""
    if value is None:
        return np.full(n, _UNKNOWN, dtype=np.int8)
    arr = _text_column(name, value)
    if arr.dtype == np.bool_:
        out = arr.astype(np.int8)
    else:
        if arr.dtype.kind == "O":
            arr = np.array(
                [
                    "unknown"
                    if v is None
                    else ("yes" if v is True else "no" if v is False else str(v))
                    for v in arr.tolist()
                ]
            )
        if arr.dtype.kind != "U":
            raise ScoringInputError(name, None, "expected booleans or 'yes'/'no'/'unknown'")
        out = np.select([arr == "yes", arr == "no", arr == "unknown"], [_YES, _NO, _UNKNOWN], 9)
        out = out.astype(np.int8)
        if (out == 9).any():
            row = first_row(out == 9)
            raise ScoringInputError(name, row, f"unknown answer {arr[row]!r}; use yes/no/unknown")
    if out.shape[0] not in (1, n):
        raise ScoringInputError(name, None, f"has {out.shape[0]} rows, work_class has {n}")
    return np.broadcast_to(out, (n,))


def guarantees(
    work_class: npt.ArrayLike,
    attested: Any,
    on_list: Any,
    leave_tier_days: npt.ArrayLike | None = None,
    *,
    therapeutic_food: Any = None,
    params: Parameters | None = None,
) -> Guarantees:
    """Current-law guarantees from the class, attestation and List answers (rule-based).

    Parameters
    ----------
    work_class : array_like of str, shape (N,)
        ``1``, ``2``, ``3.1``, ``3.2``, ``3.3``, ``3.4``, ``4`` or ``unknown`` (numbers too).
    attested : bool / "yes"/"no"/"unknown" / None, shape (N,) or scalar
        Whether the workplace was attested (None or "unknown" = don't know).
    on_list : same as ``attested``
        Whether the profession is on the List (order 1053 of 28.12.2015).
    leave_tier_days : array_like of int, optional
        Extra-leave tier of the profession in the List (6, 12, 18, 24, 30, 36); 0 or None
        means not known. A tier implies the profession is on the List.
    therapeutic_food : bool / "yes"/"no"/"unknown" / None, optional
        Whether the worker gets therapeutic-preventive food (then no milk is owed).

    Rules for reduced hours (art. 69), extra leave (art. 89), increased pay (art. 105),
    PPE (art. 182) and pension contributions (Social Code art. 250), on the effective
    attestation state (a known class implies attestation):

    ==============  =================  ===========  ======================================
    attested        class              on List      status (basis)
    ==============  =================  ===========  ======================================
    yes             3.1 - 4            any          owed (attestation)
    yes             1 / 2              no           not owed (none)
    yes             1 / 2              yes/unknown  check (employer may restore normal)
    yes / unknown   unknown            yes          owed (list)
    no              any                yes          owed (list: in full per the List)
    no              1, 2 / unknown     no           not owed (none)
    otherwise                                       check (unclear)
    ==============  =================  ===========  ======================================

    Nutrition (art. 182, order 1054) is owed only on attestation results (class 3.1 - 4),
    not owed where reduced hours are not owed, and "check" otherwise. PPE is never reported
    "not owed": outside the owed cases it is "check" (general PPE norms still apply).

    Examples
    --------
    >>> g = guarantees(["3.2", "2", "unknown"], ["yes", "yes", "no"], ["yes", "no", "yes"],
    ...                [18, 0, 0])
    >>> g.labels("extra_leave").tolist(), g.extra_leave_days.tolist()
    (['owed', 'not_owed', 'owed'], [18, 0, 6])
    >>> g.basis.tolist(), g.weekly_hours_limit.tolist()
    (['attestation', 'none', 'list'], [36, 40, 36])
    >>> g.labels("nutrition").tolist()
    ['owed', 'not_owed', 'check']
    """
    p = PARAMETERS if params is None else params
    harmful, safe = _work_class_codes(work_class)
    n = harmful.shape[0]
    att = _tristate("attested", attested, n)
    lst = _tristate("on_list", on_list, n).copy()
    food = _tristate("therapeutic_food", therapeutic_food, n)

    if leave_tier_days is None:
        tier = np.zeros(n, dtype=np.int64)
    else:
        raw = np.asarray(leave_tier_days)
        if raw.ndim == 0:
            raw = raw.reshape(1)
        if raw.ndim != 1 or raw.shape[0] not in (1, n) or raw.dtype.kind not in "iu":
            raise ScoringInputError(
                "leave_tier_days", None, f"expected {n} whole numbers of days (0 = not known)"
            )
        tier = np.broadcast_to(raw.astype(np.int64), (n,))
        valid = (tier == 0) | np.isin(tier, p.extra_leave_tiers.astype(np.int64))
        if not valid.all():
            row = first_row(~valid)
            raise ScoringInputError(
                "leave_tier_days",
                row,
                f"{int(tier[row])} is not a List tier {p.extra_leave_tiers.astype(int).tolist()}",
            )
        contradiction = (tier > 0) & (lst == _NO)
        if contradiction.any():
            raise ScoringInputError(
                "leave_tier_days",
                first_row(contradiction),
                "a List tier was given but on_list is 'no'",
            )
        lst = np.where(tier > 0, _YES, lst).astype(np.int8)

    class_known = harmful | safe
    att_eff = np.where((att == _UNKNOWN) & class_known, _YES, att)

    harm_confirmed = (att_eff == _YES) & harmful
    safe_confirmed = (att_eff == _YES) & safe
    by_list = (lst == _YES) & ~class_known & (att_eff != _NO) | (att_eff == _NO) & (lst == _YES)
    owed = harm_confirmed | by_list
    none = (safe_confirmed & (lst == _NO)) | ((att_eff == _NO) & (lst == _NO) & ~harmful)

    core = np.full(n, CHECK, dtype=np.int8)
    core[owed] = OWED
    core[none] = NOT_OWED

    nutrition = np.full(n, CHECK, dtype=np.int8)
    nutrition[harm_confirmed] = OWED
    nutrition[none] = NOT_OWED
    kind = np.where(food == _YES, "therapeutic_food", "milk_or_therapeutic_food").astype("<U24")
    kind[nutrition == NOT_OWED] = "none"

    ppe = np.where(owed, OWED, CHECK).astype(np.int8)

    basis = np.full(n, "unclear", dtype="<U11")
    basis[by_list] = "list"
    basis[harm_confirmed] = "attestation"
    basis[none] = "none"

    is_owed = core == OWED
    leave_days = np.where(is_owed, np.where(tier > 0, tier, p.minimum_extra_leave_days), 0)
    hours = np.where(is_owed, p.reduced_weekly_hours, p.normal_weekly_hours).astype(np.int64)
    rate = np.where(is_owed, p.pension_rate, 0.0)

    return Guarantees(
        reduced_hours=core,
        extra_leave=core.copy(),
        increased_pay=core.copy(),
        nutrition=nutrition,
        ppe=ppe,
        pension=core.copy(),
        basis=basis,
        weekly_hours_limit=hours,
        extra_leave_days=leave_days.astype(np.int64),
        nutrition_kind=kind,
        pension_rate=rate,
        articles=dict(p.articles),
        version=p.version,
    )
