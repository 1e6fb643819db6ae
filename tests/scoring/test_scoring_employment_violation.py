"""Employment-relationship and violation-risk scores, and the employer ranking."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from numpy.testing import assert_allclose, assert_array_equal
from scoring_reference import employment_band_row, rank_employers_rows, weighted_row

import scoring
from scoring import EMPLOYMENT_INDICATORS, VIOLATION_INDICATORS, ScoringInputError

SETTINGS = settings(max_examples=200, deadline=None)
unit = st.floats(0.0, 1.0, allow_nan=False)

SECTIONS = {
    "employment_relationship": (scoring.employment_relationship, EMPLOYMENT_INDICATORS),
    "violation_risk": (scoring.violation_risk, VIOLATION_INDICATORS),
}


@st.composite
def matrices(draw: st.DrawFn, k: int) -> tuple[np.ndarray, np.ndarray]:
    n = draw(st.integers(1, 30))
    x = draw(hnp.arrays(np.float64, (n, k), elements=unit))
    mask = draw(hnp.arrays(np.bool_, (n, k), elements=st.booleans()))
    return np.where(mask, np.nan, x), mask


@pytest.mark.parametrize("section", sorted(SECTIONS))
@SETTINGS
@given(data=st.data())
def test_vectorised_equals_reference(section: str, data: st.DataObject) -> None:
    func, names = SECTIONS[section]
    x, mask = data.draw(matrices(len(names)))
    r = func(x, unknown=mask)
    for i in range(x.shape[0]):
        row = dict(zip(names, x[i].tolist(), strict=True))
        unknown = {n for n, u in zip(names, mask[i], strict=True) if u}
        score, contributions = weighted_row(section, row, unknown)
        assert r.score[i] == pytest.approx(score, abs=1e-12)
        assert_allclose(r.contributions[i], [contributions[n] for n in names], atol=1e-12)
        if section == "employment_relationship":
            assert r.band[i] == employment_band_row(r.score[i], unknown)
    assert_array_equal(r.unknown, mask)


@pytest.mark.parametrize("section", sorted(SECTIONS))
@SETTINGS
@given(data=st.data())
def test_bounds_sum_monotone_and_order(section: str, data: st.DataObject) -> None:
    func, names = SECTIONS[section]
    x, mask = data.draw(matrices(len(names)))
    r = func(x, unknown=mask)
    assert np.all((r.score >= 0) & (r.score <= 1 + 1e-12))
    assert_allclose(r.contributions.sum(axis=1), r.score, atol=1e-12)
    # the order lists contributions from the largest down
    sorted_c = np.take_along_axis(r.contributions, r.order, axis=1)
    assert np.all(np.diff(sorted_c, axis=1) <= 0)
    # worsening any known indicator never lowers the score
    i = data.draw(st.integers(0, x.shape[0] - 1))
    j = data.draw(st.integers(0, len(names) - 1))
    known = np.where(mask, 0.5, x)
    worse = known.copy()
    worse[i, j] = max(known[i, j], data.draw(unit))
    assert func(worse).score[i] >= func(known).score[i]
    # order and size of the batch do not matter
    perm = np.array(data.draw(st.permutations(range(x.shape[0]))))
    assert_array_equal(func(x[perm], unknown=mask[perm]).score, r.score[perm])
    assert_array_equal(func(x[:1], unknown=mask[:1]).score, r.score[:1])


def courier(**changes: float) -> dict[str, float]:
    """A food courier: the platform sets prices, tracks, rates, sanctions, dispatches."""
    answers = dict.fromkeys(EMPLOYMENT_INDICATORS, 1.0)
    answers.update(tools_provided=0.0, periodic_pay=0.0, employment_contract=0.0)
    answers.update(income_dependence=0.8)
    answers.update(changes)
    return answers


def test_courier_is_likely_employee_with_reasons() -> None:
    r = scoring.employment_relationship(courier())
    # 1 - tools 0.05 - periodic pay 0.03 - contract 0.02 - 0.2 * income 0.10 = 0.88
    assert_allclose(r.score, [0.88])
    assert r.band.tolist() == ["likely_employee"]
    assert r.reasons(n=2) == ["platform_sets_price", "sanctions_for_refusal"]


def test_freelancer_is_likely_independent() -> None:
    answers = dict.fromkeys(EMPLOYMENT_INDICATORS, 0.0)
    answers.update(income_dependence=0.3, ratings_affect_orders=1.0)
    r = scoring.employment_relationship(answers)
    assert_allclose(r.score, [0.13])  # 0.10 * 0.3 + 0.10
    assert r.band.tolist() == ["likely_independent"]
    assert r.reasons() == ["ratings_affect_orders", "income_dependence"]


def test_middle_scores_and_many_unknowns_are_undetermined() -> None:
    mid = dict.fromkeys(EMPLOYMENT_INDICATORS, 0.45)
    assert scoring.employment_relationship(mid).band.tolist() == ["unable_to_determine"]
    # the courier with price, sanctions, ratings, gps, dispatch unknown (0.60 of the weight)
    unknown = dict.fromkeys(EMPLOYMENT_INDICATORS[:5], True)
    r = scoring.employment_relationship(courier(), unknown=unknown)
    assert_allclose(r.unknown_weight, [0.60])
    assert r.band.tolist() == ["unable_to_determine"]


def test_mapping_and_matrix_inputs_agree() -> None:
    answers = courier(gps_control=0.5)
    matrix = np.array([[answers[n] for n in EMPLOYMENT_INDICATORS]])
    assert_array_equal(
        scoring.employment_relationship(answers).score,
        scoring.employment_relationship(matrix).score,
    )


def test_employment_errors_name_indicator_and_row() -> None:
    answers = courier()
    answers["gps_control"] = [1.0, np.nan]  # type: ignore[assignment]
    with pytest.raises(ScoringInputError) as info:
        scoring.employment_relationship(answers)
    assert (info.value.field, info.value.row) == ("gps_control", 1)
    answers = courier()
    del answers["gps_control"]
    with pytest.raises(ScoringInputError) as info:
        scoring.employment_relationship(answers)
    assert info.value.field == "gps_control"
    with pytest.raises(ScoringInputError) as info:
        scoring.employment_relationship({**courier(), "likes_pizza": 1.0})
    assert info.value.field == "likes_pizza"
    with pytest.raises(ScoringInputError, match="shape"):
        scoring.employment_relationship(np.zeros((2, 3)))
    bad = np.zeros((3, len(EMPLOYMENT_INDICATORS)))
    bad[2, 4] = 2.0
    with pytest.raises(ScoringInputError) as info:
        scoring.employment_relationship(bad)
    assert (info.value.field, info.value.row) == (EMPLOYMENT_INDICATORS[4], 2)


def test_contract_type_indicator() -> None:
    out = scoring.employment_contract_indicator(["employment", "none", "civil", "sole_trader"])
    assert_allclose(out, [1.0, 0.5, 0.0, 0.0])
    with pytest.raises(ScoringInputError) as info:
        scoring.employment_contract_indicator(["civil", "handshake"])
    assert (info.value.field, info.value.row) == ("contract_type", 1)


def test_migrant_with_passport_withheld() -> None:
    s = dict.fromkeys(VIOLATION_INDICATORS, 0.0)
    s.update(passport_withheld=1.0, wages_late=1.0, no_written_contract=1.0)
    r = scoring.violation_risk(s)
    assert_allclose(r.score, [0.30])  # 0.14 + 0.06 + 0.10
    assert r.degree.tolist() == ["high"]
    assert r.reasons() == ["passport_withheld", "no_written_contract", "wages_late"]


def test_no_violation_is_low_and_has_no_reasons() -> None:
    r = scoring.violation_risk(dict.fromkeys(VIOLATION_INDICATORS, 0.0))
    assert r.score.tolist() == [0.0]
    assert r.degree.tolist() == ["low"]
    assert r.reasons() == []


# --- employer ranking --------------------------------------------------------------------------
@SETTINGS
@given(
    st.lists(
        st.tuples(st.sampled_from(["Glovo", "Yandex", "Wolt", "ТОО Арман", "7"]), unit),
        min_size=1,
        max_size=60,
    ),
    st.integers(1, 3),
)
def test_rank_employers_equals_reference(rows, min_count) -> None:
    keys = [k for k, _ in rows]
    risks = [r for _, r in rows]
    got = scoring.rank_employers(keys, risks, min_count=min_count)
    expected = [row for row in rank_employers_rows(keys, risks) if row[1] >= min_count]
    assert got.keys.tolist() == [row[0] for row in expected]
    assert got.count.tolist() == [row[1] for row in expected]
    assert_allclose(got.mean_risk, [row[2] for row in expected], atol=1e-12)
    assert_allclose(got.max_risk, [row[3] for row in expected], atol=1e-12)


@SETTINGS
@given(
    hnp.arrays(np.int64, st.integers(1, 50), elements=st.integers(100000000000, 100000000009)),
    st.data(),
)
def test_rank_employers_integer_keys_ignore_row_order(keys, data) -> None:
    risks = data.draw(hnp.arrays(np.float64, keys.shape, elements=unit))
    perm = np.array(data.draw(st.permutations(range(keys.shape[0]))))
    a = scoring.rank_employers(keys, risks)
    b = scoring.rank_employers(keys[perm], risks[perm])
    assert_array_equal(a.keys, b.keys)
    assert_array_equal(a.count, b.count)
    assert_allclose(a.mean_risk, b.mean_risk, atol=1e-12)
    assert_array_equal(a.max_risk, b.max_risk)
    assert a.count.sum() == keys.shape[0]


def test_rank_employers_worked_example() -> None:
    r = scoring.rank_employers(["A", "B", "A", "C", "B"], [0.2, 0.9, 0.4, 0.1, 0.5])
    assert r.keys.tolist() == ["B", "A", "C"]
    assert r.count.tolist() == [2, 2, 1]
    assert_allclose(r.mean_risk, [0.7, 0.3, 0.1])
    assert_allclose(r.max_risk, [0.9, 0.4, 0.1])


def test_rank_employers_errors() -> None:
    with pytest.raises(ScoringInputError) as info:
        scoring.rank_employers(["A", ""], [0.1, 0.2])
    assert (info.value.field, info.value.row) == ("keys", 1)
    with pytest.raises(ScoringInputError) as info:
        scoring.rank_employers(np.array(["A", None], dtype=object), [0.1, 0.2])
    assert (info.value.field, info.value.row) == ("keys", 1)
    with pytest.raises(ScoringInputError) as info:
        scoring.rank_employers(["A", "B"], [0.1])
    assert info.value.field == "risks"
    with pytest.raises(ScoringInputError) as info:
        scoring.rank_employers(["A", "B"], [0.1, np.nan])
    assert (info.value.field, info.value.row) == ("risks", 1)


def test_unknown_weight_exactly_at_the_limit_is_decided_whatever_the_rounding() -> None:
    # Found by hypothesis: these six "don't know" answers weigh exactly 0.5; numpy's sum and
    # Python's sum fell on different sides of the limit.
    mask = np.array([[True, False, True, False, False, True, False, True, True, False, False,
                      True]])
    r = scoring.employment_relationship(np.where(mask, np.nan, 0.0), unknown=mask)
    unknown = {n for n, u in zip(EMPLOYMENT_INDICATORS, mask[0], strict=True) if u}
    assert r.unknown_weight[0] == pytest.approx(0.5)
    assert r.band[0] == employment_band_row(r.score[0], unknown) == "likely_independent"
