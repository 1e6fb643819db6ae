"""Seed-003 professional risk: worked examples, properties against the reference, errors."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from numpy.testing import assert_allclose, assert_array_equal
from scoring_reference import (
    degree_row,
    enterprise_p1_row,
    impute_row,
    professional_contributions_row,
    professional_risk_row,
    professional_unknown_defaults,
)

import scoring
from scoring import ScoringInputError

SETTINGS = settings(max_examples=200, deadline=None)
unit = st.floats(0.0, 1.0, allow_nan=False)


@st.composite
def batches(
    draw: st.DrawFn, min_size: int = 1, max_size: int = 40
) -> tuple[np.ndarray, np.ndarray]:
    """(N, 5) indicators in [0, 1] and an (N, 5) "don't know" mask (NaN where unknown)."""
    n = draw(st.integers(min_size, max_size))
    x = draw(hnp.arrays(np.float64, (n, 5), elements=unit))
    mask = draw(hnp.arrays(np.bool_, (n, 5)))
    return np.where(mask, np.nan, x), mask


def cols(x: np.ndarray) -> list[np.ndarray]:
    return [x[:, j] for j in range(5)]


# --- worked examples, computed by hand from R = 0.7(B+T)/2 + 0.2(Ob+SIZ)/2 + 0.1 Z ----------
@pytest.mark.parametrize(
    ("b", "t", "ob", "siz", "z", "expected", "degree"),
    [
        # all best / all worst: the weights 0.7 + 0.2 + 0.1 sum to 1
        (0, 0, 0, 0, 0, 0.0, "low"),
        (1, 1, 1, 1, 1, 1.0, "very_high"),
        # 0.7*(0.8+0.4)/2 = 0.42; 0.2*(0.5+0)/2 = 0.05; 0.1*1 = 0.1 -> 0.57
        (0.8, 0.4, 0.5, 0.0, 1.0, 0.57, "high"),
        # pilot-like exposure of 65% of the shift: 0.7*0.85/2 = 0.2975; 0.2*1/2 = 0.1 -> 0.3975
        (0.65, 0.2, 0.5, 0.5, 0.0, 0.3975, "medium"),
        # only PPE missing: 0.2*1/2 = 0.1
        (0, 0, 0, 1, 0, 0.1, "low"),
        # harm and injury at worst, nothing else: 0.7 -> at the 0.5 threshold or above
        (1, 1, 0, 0, 0, 0.7, "high"),
    ],
)
def test_worked_examples(b, t, ob, siz, z, expected, degree) -> None:
    assert_allclose(scoring.professional_risk(b, t, ob, siz, z), [expected], atol=1e-12)
    result = scoring.assess_professional_risk(b, t, ob, siz, z)
    assert_allclose(result.score, [expected], atol=1e-12)
    assert result.degree.tolist() == [degree]


def test_contributions_of_worked_example_and_reasons() -> None:
    r = scoring.assess_professional_risk(0.8, 0.4, 0.5, 0.0, 1.0)
    assert_allclose(r.contributions, [[0.28, 0.14, 0.05, 0.0, 0.1]], atol=1e-12)
    assert r.reasons() == ["B", "T", "Z", "Ob"]  # SIZ contributes 0 and is not a reason
    assert r.reasons(n=2) == ["B", "T"]
    assert r.version == scoring.PARAMETERS.version


def test_scalar_call_is_a_batch_of_one_and_scalars_broadcast() -> None:
    assert scoring.professional_risk(0.5, 0.5, 0.5, 0.5, 0.5).shape == (1,)
    out = scoring.professional_risk([0.0, 1.0], 0.0, 0.0, 0.0, 0.0)
    assert_allclose(out, [0.0, 0.35])


# --- properties ------------------------------------------------------------------------------
@SETTINGS
@given(batches())
def test_vectorised_equals_reference(batch: tuple[np.ndarray, np.ndarray]) -> None:
    x, mask = batch
    result = scoring.assess_professional_risk(*cols(x), unknown=mask)
    plain = scoring.professional_risk(*cols(x), unknown=mask)
    defaults = professional_unknown_defaults()
    for i in range(x.shape[0]):
        row = impute_row(x[i].tolist(), mask[i].tolist(), defaults)
        expected = professional_risk_row(*row)
        assert plain[i] == pytest.approx(expected, abs=1e-12)
        assert result.score[i] == pytest.approx(expected, abs=1e-12)
        assert_allclose(result.contributions[i], professional_contributions_row(row), atol=1e-12)
        assert result.degree[i] == degree_row(result.score[i], "professional")
    assert_array_equal(result.unknown, mask)


@SETTINGS
@given(batches())
def test_bounds_and_contributions_sum_to_score(batch: tuple[np.ndarray, np.ndarray]) -> None:
    x, mask = batch
    r = scoring.assess_professional_risk(*cols(x), unknown=mask)
    assert np.all((r.score >= 0) & (r.score <= 1 + 1e-12))
    assert np.all(r.contributions >= 0)
    assert_allclose(r.contributions.sum(axis=1), r.score, atol=1e-12)


@SETTINGS
@given(batches(), st.integers(0, 4), unit, st.data())
def test_worsening_an_indicator_never_lowers_risk(batch, j, bump, data) -> None:
    x, mask = batch
    x = np.where(mask, 0.3, x)
    i = data.draw(st.integers(0, x.shape[0] - 1))
    worse = x.copy()
    worse[i, j] = max(x[i, j], bump)
    before = scoring.professional_risk(*cols(x))
    after = scoring.professional_risk(*cols(worse))
    assert after[i] >= before[i]
    assert_array_equal(np.delete(after, i), np.delete(before, i))


@SETTINGS
@given(batches(min_size=2), st.randoms(use_true_random=False))
def test_batch_order_and_size_do_not_change_rows(batch, rnd) -> None:
    x, mask = batch
    whole = scoring.professional_risk(*cols(x), unknown=mask)
    perm = np.array(rnd.sample(range(x.shape[0]), x.shape[0]))
    permuted = scoring.professional_risk(*cols(x[perm]), unknown=mask[perm])
    assert_array_equal(permuted, whole[perm])
    cut = x.shape[0] // 2
    parts = [
        scoring.professional_risk(*cols(x[:cut]), unknown=mask[:cut]),
        scoring.professional_risk(*cols(x[cut:]), unknown=mask[cut:]),
    ]
    assert_array_equal(np.concatenate(parts), whole)
    one = scoring.professional_risk(*cols(x[:1]), unknown=mask[:1])
    assert_array_equal(one, whole[:1])


# --- "don't know" ------------------------------------------------------------------------------
def test_unknown_uses_configured_assumption_and_is_reported() -> None:
    r = scoring.assess_professional_risk(1.0, np.nan, 1.0, 1.0, 1.0, unknown={"T": True})
    t_default = scoring.PARAMETERS.prof_unknown[1]
    assert_allclose(r.score, [0.35 * (1 + t_default) + 0.2 + 0.1])
    assert r.unknown.tolist() == [[False, True, False, False, False]]


def test_unknown_mask_as_array_matches_mapping() -> None:
    x = [0.2, 0.9], [np.nan, 0.1], [0.0, 0.0], [1.0, np.nan], [0.5, 0.5]
    as_mapping = scoring.professional_risk(*x, unknown={"T": [True, False], "SIZ": [False, True]})
    mask = np.array([[0, 1, 0, 0, 0], [0, 0, 0, 1, 0]], dtype=bool)
    assert_array_equal(scoring.professional_risk(*x, unknown=mask), as_mapping)


# --- invalid input ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("args", "field", "row"),
    [
        (([0.1, 0.2], [0.3, np.nan], 0, 0, 0), "T", 1),
        (([0.1, 1.5], 0, 0, 0, 0), "B", 1),
        ((0, 0, 0, -0.01, 0), "SIZ", 0),
        ((0, 0, [0.1, 0.2, 0.3], 0, [0.1, 0.2]), "Z", None),
        ((0, 0, [[0.1]], 0, 0), "Ob", None),
        ((0, "high", 0, 0, 0), "T", None),
    ],
)
def test_invalid_input_names_field_and_row(args, field, row) -> None:
    with pytest.raises(ScoringInputError) as info:
        scoring.professional_risk(*args)
    assert info.value.field == field
    assert info.value.row == row
    assert field in str(info.value)
    assert isinstance(info.value, ValueError)


def test_nan_without_mask_mentions_unknown() -> None:
    with pytest.raises(ScoringInputError, match="unknown="):
        scoring.assess_professional_risk(np.nan, 0, 0, 0, 0)


def test_unknown_mask_must_be_boolean_and_named() -> None:
    with pytest.raises(ScoringInputError, match="boolean"):
        scoring.professional_risk(0, 0, 0, 0, 0, unknown=np.zeros((1, 5)))
    with pytest.raises(ScoringInputError) as info:
        scoring.professional_risk(0, 0, 0, 0, 0, unknown={"X": True})
    assert info.value.field == "X"


# --- answers -> indicators ------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        ((0.0, "none", "good", "full", "none"), [0.0, 0.0, 0.0, 0.0, 0.0]),
        ((1.0, "fatal", "faulty", "none", "several"), [1.0, 1.0, 1.0, 1.0, 1.0]),
        ((0.6, "minor", "worn", "partial", "one"), [0.6, 0.4, 0.5, 0.5, 0.5]),
        ((0.3, "serious", "good", "full", "none"), [0.3, 0.8, 0.0, 0.0, 0.0]),
    ],
)
def test_answer_mapping(answers, expected) -> None:
    ind = scoring.professional_indicators_from_answers(*answers)
    got = [ind.B[0], ind.T[0], ind.Ob[0], ind.SIZ[0], ind.Z[0]]
    assert_allclose(got, expected)
    assert not ind.unknown.any()
    assert_allclose(ind.assess().score, [professional_risk_row(*expected)])


def test_dont_know_answers_flag_indicators() -> None:
    ind = scoring.professional_indicators_from_answers(
        [np.nan, 0.5],
        ["unknown", "none"],
        ["good", "unknown"],
        ["full", "full"],
        ["none", "none"],
        unknown={"exposure_share": [True, False]},
    )
    assert ind.unknown.tolist() == [
        [True, True, False, False, False],
        [False, False, True, False, False],
    ]
    r = ind.assess()
    d = scoring.PARAMETERS.prof_unknown
    assert_allclose(r.score, [0.35 * (d[0] + d[1]), 0.35 * 0.5 + 0.1 * d[2]])


def test_bad_answers_name_field_and_row() -> None:
    with pytest.raises(ScoringInputError) as info:
        scoring.professional_indicators_from_answers(
            [0.1, 0.2], ["none", "often"], "good", "full", "none"
        )
    assert (info.value.field, info.value.row) == ("injuries", 1)
    with pytest.raises(ScoringInputError) as info:
        scoring.professional_indicators_from_answers(np.nan, "none", "good", "full", "none")
    assert (info.value.field, info.value.row) == ("exposure_share", 0)
    with pytest.raises(ScoringInputError, match="strings"):
        scoring.professional_indicators_from_answers(0.1, 2, "good", "full", "none")


# --- enterprise --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("risks", "heads", "expected"),
    [
        ([0.2, 0.6], [30, 10], 0.3),  # (0.2*30 + 0.6*10) / 40
        ([0.5], [7], 0.5),
        ([0.1, 0.4, 0.9], [0.5, 0.3, 0.2], 0.05 + 0.12 + 0.18),  # shares summing to 1
        ([1.0, 0.0], [0, 12], 0.0),  # an empty unit has no weight
    ],
)
def test_enterprise_p1_worked_examples(risks, heads, expected) -> None:
    assert_allclose(scoring.enterprise_p1(risks, heads), [expected], atol=1e-12)


@SETTINGS
@given(
    st.integers(1, 8).flatmap(
        lambda u: st.tuples(
            hnp.arrays(np.float64, (3, u), elements=unit),
            hnp.arrays(np.float64, (3, u), elements=st.floats(1.0, 5000.0)),
        )
    )
)
def test_enterprise_p1_matches_reference_and_stays_in_range(data) -> None:
    risks, heads = data
    out = scoring.enterprise_p1(risks, heads)
    for m in range(3):
        assert out[m] == pytest.approx(enterprise_p1_row(risks[m].tolist(), heads[m].tolist()))
    assert np.all(out >= risks.min(axis=1) - 1e-12)
    assert np.all(out <= risks.max(axis=1) + 1e-12)


def test_enterprise_p1_errors() -> None:
    with pytest.raises(ScoringInputError) as info:
        scoring.enterprise_p1([0.2, 0.3], [1, 2, 3])
    assert info.value.field == "unit_headcount"
    with pytest.raises(ScoringInputError) as info:
        scoring.enterprise_p1([[0.2, 0.3], [0.1, 0.1]], [[1, 2], [0, 0]])
    assert (info.value.field, info.value.row) == ("unit_headcount", 1)
    with pytest.raises(ScoringInputError) as info:
        scoring.enterprise_p1([0.2, 1.3], [1, 2])
    assert info.value.field == "unit_risk"
    with pytest.raises(ScoringInputError):
        scoring.enterprise_p1([0.2, 0.3], [1, -2])


def test_enterprise_risk_sums_components() -> None:
    r = scoring.enterprise_risk([0.3, 0.0], [0.5, 0.1], [1.0, 0.2])
    assert_allclose(r.score, [1.8, 0.3])
    assert_allclose(r.contributions.sum(axis=1), r.score)
    assert r.degree.tolist() == ["high", "low"]
    with pytest.raises(ScoringInputError) as info:
        scoring.enterprise_risk(0.3, 1.2, 0.0)
    assert info.value.field == "p2"


# --- degrees ----------------------------------------------------------------------------------
def test_risk_degree_thresholds_are_lower_bounds() -> None:
    t = scoring.PARAMETERS.degree_thresholds["professional"]
    s = [0.0, t[0] - 1e-9, t[0], t[1], t[2], 1.0]
    assert scoring.risk_degree(s).tolist() == [
        "low",
        "low",
        "medium",
        "high",
        "very_high",
        "very_high",
    ]
    assert scoring.risk_degree([2.9], "enterprise").tolist() == ["very_high"]


def test_risk_degree_errors() -> None:
    with pytest.raises(ScoringInputError) as info:
        scoring.risk_degree([0.2], "planetary")
    assert info.value.field == "kind"
    with pytest.raises(ScoringInputError) as info:
        scoring.risk_degree([0.2, 1.1])
    assert (info.value.field, info.value.row) == ("score", 1)


@pytest.mark.parametrize("value", [-0.0, 0.0, 5e-324, 1.0])
def test_edge_values_inside_the_range_are_accepted(value: float) -> None:
    assert scoring.professional_risk(value, 0, 0, 0, 0).shape == (1,)


@pytest.mark.parametrize("value", [-5e-324, np.nextafter(1.0, 2.0), np.inf, -np.inf, np.nan])
def test_edge_values_outside_the_range_are_rejected(value: float) -> None:
    with pytest.raises(ScoringInputError) as info:
        scoring.professional_risk([0.5, 0.5, 0.5], [0.1, 0.1, value], 0, 0, 0)
    assert (info.value.field, info.value.row) == ("T", 2)
