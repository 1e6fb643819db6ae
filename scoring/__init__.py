"""quqyq scoring core: pure numpy functions over batches of questionnaires.

Every function is batch-first: indicators are N-length arrays (or an ``(N, k)`` array whose
columns follow the matching ``*_INDICATORS`` tuple); a scalar call is a batch of one. All
weights, scales, thresholds and tiers come from ``scoring/parameters.yaml`` (see
:data:`PARAMETERS`), each with its source or the label ``assumption``.

Conventions shared by every score
---------------------------------
* Indicators are normalised to ``[0, 1]`` with **1 = worst** (more risk, more evidence of an
  employment relationship, a violation present).
* "Don't know" answers: pass ``unknown=`` (a boolean mask of the same shape, or a mapping
  ``name -> boolean array``). Masked positions may hold any value, NaN included; scoring
  replaces them with the configured per-indicator ``assumption`` value and reports them in the
  result's ``unknown`` mask. NaN anywhere else raises :class:`ScoringInputError`.
* Invalid input (NaN, out of ``[0, 1]``, wrong shape, unknown category) raises
  :class:`ScoringInputError` (a ``ValueError``) naming the field and the first bad row.
* Results are frozen dataclasses carrying arrays and per-indicator ``contributions`` that sum
  to the score, so the bot can explain "the 2-4 reasons".

The seed-003 professional-risk model is a research proposal, not current law; its degree
thresholds are assumptions. Current-law guarantees (:func:`guarantees`) are rule-based and kept
apart from every risk score.

Public API
----------
professional_risk(B, T, Ob, SIZ, Z, *, unknown=None) -> ndarray
    Seed-003 formula 4, ``R_ind`` per row.
assess_professional_risk(B, T, Ob, SIZ, Z, *, unknown=None) -> ProfessionalRisk
    Same score plus contributions, unknown mask and risk degree.
professional_indicators_from_answers(exposure_share, injuries, equipment, ppe, colleagues_ill,
                                     *, unknown=None) -> ProfessionalIndicators
    Worker answers -> B, T, Ob, SIZ, Z (+ unknown mask), ready for the two functions above.
enterprise_p1(unit_risk, unit_headcount) -> ndarray
    Headcount-weighted mean of unit risks (seed-003 formula 3).
enterprise_risk(p1, p2, p3) -> EnterpriseRisk
    ``P1 + P2 + P3`` with contributions and degree.
risk_degree(score, kind="professional") -> ndarray[str]
    Degree label (low / medium / high / very_high) by configured thresholds.
employment_relationship(indicators, *, unknown=None) -> EmploymentRelationship
    ILO R198 para 13 indicators -> score, band, contributions ordered.
employment_contract_indicator(contract_type) -> ndarray
    "employment"/"none"/"civil"/"sole_trader" -> the ``employment_contract`` indicator.
violation_risk(indicators, *, unknown=None) -> ViolationRisk
    Rights-violation risk of a worker's situation.
rank_employers(keys, risks, *, min_count=1) -> EmployerRanking
    Vectorised grouping: counts, mean and max risk per employer, ranked.
guarantees(work_class, attested, on_list, leave_tier_days=None, *, therapeutic_food=None)
    -> Guarantees
    Current-law guarantees (art. 69, 89, 105, 182 + order 1054, pension 5%) with articles.
"""

from __future__ import annotations

from scoring._errors import ParameterFileError, ScoringInputError
from scoring._params import PARAMETERS, Parameters, load_parameters

__all__ = [
    "ANSWER_FIELDS",
    "BANDS",
    "CHECK",
    "DONT_KNOW",
    "EMPLOYMENT_INDICATORS",
    "GUARANTEE_NAMES",
    "NOT_OWED",
    "OWED",
    "PARAMETERS",
    "PROFESSIONAL_INDICATORS",
    "STATUS_LABELS",
    "VIOLATION_INDICATORS",
    "WORK_CLASSES",
    "EmployerRanking",
    "EmploymentRelationship",
    "EnterpriseRisk",
    "Guarantees",
    "ParameterFileError",
    "Parameters",
    "ProfessionalIndicators",
    "ProfessionalRisk",
    "ScoringInputError",
    "ViolationRisk",
    "assess_professional_risk",
    "employment_contract_indicator",
    "employment_relationship",
    "enterprise_p1",
    "enterprise_risk",
    "guarantees",
    "load_parameters",
    "professional_indicators_from_answers",
    "professional_risk",
    "rank_employers",
    "risk_degree",
    "violation_risk",
]

from scoring._employment import (
    BANDS,
    EMPLOYMENT_INDICATORS,
    EmploymentRelationship,
    employment_contract_indicator,
    employment_relationship,
)
from scoring._guarantees import (
    CHECK,
    GUARANTEE_NAMES,
    NOT_OWED,
    OWED,
    STATUS_LABELS,
    WORK_CLASSES,
    Guarantees,
    guarantees,
)
from scoring._professional import (
    ANSWER_FIELDS,
    DONT_KNOW,
    PROFESSIONAL_INDICATORS,
    EnterpriseRisk,
    ProfessionalIndicators,
    ProfessionalRisk,
    assess_professional_risk,
    enterprise_p1,
    enterprise_risk,
    professional_indicators_from_answers,
    professional_risk,
    risk_degree,
)
from scoring._violation import (
    VIOLATION_INDICATORS,
    EmployerRanking,
    ViolationRisk,
    rank_employers,
    violation_risk,
)
