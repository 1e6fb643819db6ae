"""Current-law guarantees: one table row per class / attestation / List case."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from numpy.testing import assert_array_equal
from scoring_reference import guarantees_row

import scoring
from scoring import WORK_CLASSES, ScoringInputError

STATUS = {"owed": scoring.OWED, "not_owed": scoring.NOT_OWED, "check": scoring.CHECK}
OWE, NOT, CHK = "owed", "not_owed", "check"

# class, attested, on List, tier -> core status (art. 69/89/105, pension), nutrition, basis,
# extra leave days, weekly hours. Sources of each rule: scoring/_guarantees.py docstring.
CASES = [
    # harmful classes confirmed by attestation: everything, leave per tier (minimum 6)
    ("3.1", "yes", "yes", 12, OWE, OWE, "attestation", 12, 36),
    ("3.2", "yes", "yes", 18, OWE, OWE, "attestation", 18, 36),
    ("3.3", "yes", "unknown", 0, OWE, OWE, "attestation", 6, 36),
    ("3.4", "yes", "no", 0, OWE, OWE, "attestation", 6, 36),
    ("4", "yes", "yes", 36, OWE, OWE, "attestation", 36, 36),
    ("3.2", "unknown", "yes", 30, OWE, OWE, "attestation", 30, 36),  # a known class implies APO
    # class 2 confirmed: employer may restore the normal regime
    ("2", "yes", "yes", 0, CHK, CHK, "unclear", 0, 40),
    ("2", "yes", "unknown", 0, CHK, CHK, "unclear", 0, 40),
    ("2", "yes", "no", 0, NOT, NOT, "none", 0, 40),
    ("1", "yes", "no", 0, NOT, NOT, "none", 0, 40),  # optimal conditions
    ("1", "unknown", "yes", 0, CHK, CHK, "unclear", 0, 40),
    # no attestation: in full per the List
    ("unknown", "no", "yes", 24, OWE, CHK, "list", 24, 36),
    ("unknown", "no", "yes", 0, OWE, CHK, "list", 6, 36),
    ("3.2", "no", "yes", 0, OWE, CHK, "list", 6, 36),
    ("unknown", "no", "no", 0, NOT, NOT, "none", 0, 40),
    ("3.1", "no", "no", 0, CHK, CHK, "unclear", 0, 40),  # harmful by the worker's account only
    ("unknown", "no", "unknown", 0, CHK, CHK, "unclear", 0, 40),
    # worker does not know: the List decides when known
    ("unknown", "unknown", "yes", 0, OWE, CHK, "list", 6, 36),
    ("unknown", "yes", "yes", 6, OWE, CHK, "list", 6, 36),
    ("unknown", "unknown", "no", 0, CHK, CHK, "unclear", 0, 40),
    ("unknown", "unknown", "unknown", 0, CHK, CHK, "unclear", 0, 40),
    ("unknown", "yes", "no", 0, CHK, CHK, "unclear", 0, 40),
]


@pytest.mark.parametrize(
    ("work_class", "attested", "on_list", "tier", "core", "food", "basis", "days", "hours"),
    CASES,
)
def test_guarantee_table(work_class, attested, on_list, tier, core, food, basis, days, hours):
    g = scoring.guarantees(work_class, attested, on_list, [tier])
    for name in ("reduced_hours", "extra_leave", "increased_pay", "pension"):
        assert g.labels(name).tolist() == [core], name
    assert g.labels("nutrition").tolist() == [food]
    assert g.labels("ppe").tolist() == [OWE if core == OWE else CHK]  # PPE is never "not owed"
    assert g.basis.tolist() == [basis]
    assert g.extra_leave_days.tolist() == [days]
    assert g.weekly_hours_limit.tolist() == [hours]
    assert g.pension_rate.tolist() == [0.05 if core == OWE else 0.0]


def test_table_covers_every_class() -> None:
    assert {case[0] for case in CASES} == set(WORK_CLASSES)


def test_batch_matches_reference_for_every_combination() -> None:
    combos = list(
        itertools.product(
            WORK_CLASSES,
            ("yes", "no", "unknown"),
            ("yes", "unknown", "no"),
            (0, 6, 36),
            ("yes", "no", "unknown"),
        )
    )
    combos = [c for c in combos if not (c[3] > 0 and c[2] == "no")]  # tier implies List
    cls, att, lst, tier, food = (list(col) for col in zip(*combos, strict=True))
    g = scoring.guarantees(cls, att, lst, np.array(tier), therapeutic_food=food)
    for i, combo in enumerate(combos):
        expected = guarantees_row(*combo)
        for name in scoring.GUARANTEE_NAMES:
            assert getattr(g, name)[i] == STATUS[expected[name]], (combo, name)
        for name in ("basis", "weekly_hours_limit", "extra_leave_days", "nutrition_kind"):
            assert getattr(g, name)[i] == expected[name], (combo, name)
        assert g.pension_rate[i] == pytest.approx(expected["pension_rate"])
    # never both milk and therapeutic food (order 1054 ch. 2 p.12)
    assert not np.any(g.milk & g.therapeutic_food)


def test_therapeutic_food_excludes_milk() -> None:
    g = scoring.guarantees(["3.2"] * 3, True, True, therapeutic_food=[True, False, None])
    assert g.nutrition_kind.tolist() == [
        "therapeutic_food",
        "milk_or_therapeutic_food",
        "milk_or_therapeutic_food",
    ]
    assert g.therapeutic_food.tolist() == [True, False, False]
    assert g.milk.tolist() == [False, True, True]


def test_each_guarantee_carries_its_article() -> None:
    g = scoring.guarantees("3.2", True, True, 18)
    articles = dict(g.owed())
    assert "art. 69" in articles["reduced_hours"]
    assert "art. 89" in articles["extra_leave"]
    assert "art. 105" in articles["increased_pay"]
    assert "art. 182" in articles["nutrition"] and "1054" in articles["nutrition"]
    assert "art. 182" in articles["ppe"]
    assert "art. 250" in articles["pension"]
    assert set(articles) == set(scoring.GUARANTEE_NAMES)


def test_input_forms_agree() -> None:
    as_text = scoring.guarantees(["3.1", "2"], ["yes", "no"], ["unknown", "yes"])
    as_bool = scoring.guarantees(
        np.array([3.1, 2.0]), np.array([True, False]), np.array([None, True], dtype=object)
    )
    for name in scoring.GUARANTEE_NAMES:
        assert_array_equal(getattr(as_text, name), getattr(as_bool, name))


@pytest.mark.parametrize(
    ("kwargs", "field", "row"),
    [
        ({"work_class": ["3.1", "5"]}, "work_class", 1),
        ({"attested": ["yes", "maybe"]}, "attested", 1),
        ({"on_list": ["yes", "no", "yes"]}, "on_list", None),
        ({"leave_tier_days": [6, 7]}, "leave_tier_days", 1),
        ({"leave_tier_days": [0.5, 6]}, "leave_tier_days", None),
        ({"on_list": ["yes", "no"], "leave_tier_days": [6, 12]}, "leave_tier_days", 1),
    ],
)
def test_invalid_input_names_field_and_row(kwargs, field, row) -> None:
    args = {"work_class": ["3.1", "3.2"], "attested": "yes", "on_list": "yes", **kwargs}
    with pytest.raises(ScoringInputError) as info:
        scoring.guarantees(**args)
    assert (info.value.field, info.value.row) == (field, row)
