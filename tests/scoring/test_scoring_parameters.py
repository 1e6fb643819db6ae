"""parameters.yaml: every number has a source; a bad file fails loudly; weights need no code."""

from __future__ import annotations

import copy
import doctest
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import yaml
from numpy.testing import assert_allclose

import scoring
from scoring import (
    ParameterFileError,
    _employment,
    _guarantees,
    _params,
    _professional,
    _violation,
    load_parameters,
)

RAW: dict[str, Any] = yaml.safe_load(_params.DEFAULT_PATH.read_text(encoding="utf-8"))


def write(tmp_path: Path, raw: dict[str, Any]) -> Path:
    path = tmp_path / "parameters.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def leaves(node: Any, prefix: str = "") -> list[tuple[str, dict[str, Any]]]:
    """Every {value, source} entry of the raw file with its dotted key."""
    if isinstance(node, dict) and "value" in node:
        return [(prefix, node)]
    if isinstance(node, dict):
        out = []
        for k, v in node.items():
            out += leaves(v, f"{prefix}.{k}" if prefix else k)
        return out
    return []


def test_default_file_loads_with_version_and_a_source_for_every_number() -> None:
    p = scoring.PARAMETERS
    assert p.version == RAW["version"]
    entries = leaves({k: v for k, v in RAW.items() if k != "version"})
    assert len(entries) >= 60
    assert {key for key, _ in entries} == set(p.sources)
    for key, entry in entries:
        source = entry["source"]
        assert (
            source.startswith("assumption")
            or ".txt:" in source
            or "art." in source
            or ("R198" in source)
        ), key


def test_seed_citations_point_at_existing_lines() -> None:
    seeds = Path(__file__).resolve().parents[3] / "shared" / "seeds"
    if not seeds.is_dir():
        pytest.skip(f"seed directory {seeds} is not checked out next to the repo")
    for key, source in scoring.PARAMETERS.sources.items():
        for cite in _params._SEED_CITATION.finditer(source):
            name, lines = cite.group(0).split(":")
            last = int(lines.split("-")[-1])
            text = (seeds / name).read_text(encoding="utf-8").splitlines()
            assert last <= len(text), (key, cite.group(0))


def test_formula_weights_are_the_seed_ones() -> None:
    assert scoring.PARAMETERS.prof_weights == (0.7, 0.2, 0.1)
    assert scoring.PARAMETERS.extra_leave_tiers.tolist() == [6, 12, 18, 24, 30, 36]
    assert scoring.PARAMETERS.reduced_weekly_hours == 36
    assert scoring.PARAMETERS.pension_rate == 0.05


def test_changing_a_weight_needs_no_code_change(tmp_path: Path) -> None:
    raw = copy.deepcopy(RAW)
    raw["professional_risk"]["weights"]["harm_injury"]["value"] = 0.6
    raw["professional_risk"]["weights"]["morbidity"]["value"] = 0.2
    raw["version"] = "test.1"
    params = load_parameters(write(tmp_path, raw))
    r = scoring.assess_professional_risk(0, 0, 0, 0, 1.0, params=params)
    assert_allclose(r.score, [0.2])
    assert r.version == "test.1"
    assert_allclose(scoring.professional_risk(0, 0, 0, 0, 1.0), [0.1])  # default untouched


def _set(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def change(raw: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        node = raw
        for part in parents:
            node = node[part]
        if value is KeyError:
            del node[last]
        else:
            node[last] = value

    return change


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (_set("version", ""), "version"),
        (_set("professional_risk.weights.morbidity", KeyError), "morbidity: missing"),
        (_set("professional_risk.weights.morbidity.value", 0.3), "sum to 1"),
        (_set("professional_risk.weights.morbidity.source", ""), "non-empty"),
        (_set("professional_risk.weights.morbidity.source", "I think so"), "neither a seed"),
        (_set("professional_risk.weights.morbidity", {"value": 0.1}), "exactly the keys"),
        (_set("professional_risk.answers.ppe.none.value", 1.5), "outside"),
        (_set("professional_risk.answers.ppe.none.value", "high"), "not a number"),
        (_set("professional_risk.unknown_value.Z", KeyError), "exactly"),
        (_set("employment_relationship.weights.gps_control.value", 0.2), "sum to 1"),
        (_set("employment_relationship.unknown_value.gps_control", KeyError), "exactly"),
        (_set("employment_relationship.bands.likely_employee_from.value", 0.2), "below"),
        (_set("violation_risk.weights.wages_late.value", -0.06), "outside"),
        (_set("risk_degrees.professional.value", [0.5, 0.25, 0.75]), "increasing"),
        (_set("risk_degrees.professional.value", [0.25, 0.5]), "needs 3"),
        (_set("risk_degrees.violation.value", [0.1, 0.25, 1.5]), "lie in"),
        (_set("risk_degrees.labels", "low"), "labels"),
        (_set("guarantees.extra_leave_tiers.value", [12, 18]), "starting at"),
        (_set("guarantees.reduced_weekly_hours.value", 48), "below normal"),
        (_set("guarantees.pension_contribution_rate.value", True), "not a number"),
        (_set("guarantees.articles.ppe.value", ""), "article"),
    ],
)
def test_bad_file_is_rejected_naming_the_key(tmp_path: Path, change, message: str) -> None:
    raw = copy.deepcopy(RAW)
    change(raw)
    with pytest.raises(ParameterFileError, match=message) as info:
        load_parameters(write(tmp_path, raw))
    assert isinstance(info.value, ValueError)


def test_unreadable_or_non_mapping_file(tmp_path: Path) -> None:
    with pytest.raises(ParameterFileError, match="cannot read"):
        load_parameters(tmp_path / "missing.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("version: [unclosed\n", encoding="utf-8")
    with pytest.raises(ParameterFileError, match="cannot read"):
        load_parameters(bad)
    bad.write_text("- just a list\n", encoding="utf-8")
    with pytest.raises(ParameterFileError, match="mapping"):
        load_parameters(bad)


def test_loaded_arrays_are_read_only() -> None:
    with pytest.raises(ValueError):
        scoring.PARAMETERS.emp_weights[0] = 1.0
    assert not scoring.PARAMETERS.prof_unknown.flags.writeable


@pytest.mark.parametrize(
    "module", [scoring, _params, _professional, _employment, _violation, _guarantees]
)
def test_docstring_examples_run(module: Any) -> None:
    result = doctest.testmod(module, extraglobs={"np": np}, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
    if module is not scoring:
        assert result.attempted > 0
