"""The Rasa project itself: data validation, conversation tests and held-out NLU accuracy."""

from __future__ import annotations

import json
import subprocess
from collections import defaultdict
from pathlib import Path

import httpx
import pytest
import yaml

from stack.processes import Process
from stack.settings import ROOT, StackSettings

NLU = ROOT / "nlu"
LANGUAGES = ("kk", "ru", "en")
# Held-out macro-F1 floor per language: the measured figures are in benchmarks/README.md.
MIN_HOLDOUT_MACRO_F1 = 0.80


def rasa(
    settings: StackSettings, *args: str, timeout: float = 900
) -> subprocess.CompletedProcess[str]:
    """Run the engine env's ``rasa`` CLI inside nlu/."""
    return subprocess.run(
        [str(settings.engine_venv / "bin" / "rasa"), *args],
        cwd=NLU,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={"PATH": "/usr/bin:/bin", "TF_CPP_MIN_LOG_LEVEL": "3", "HOME": str(Path.home())},
    )


def test_rasa_data_validates_without_warnings(stack_settings: StackSettings) -> None:
    result = rasa(
        stack_settings,
        "data",
        "validate",
        "--fail-on-warnings",
        "--config",
        "config.yml",
        "--domain",
        "domain",
        "--data",
        "data",
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]


def _examples(path: Path) -> dict[str, list[str]]:
    by_intent: dict[str, list[str]] = defaultdict(list)
    for block in yaml.safe_load(path.read_text(encoding="utf-8"))["nlu"]:
        if "intent" in block:
            by_intent[block["intent"]] += [
                line[2:].strip() for line in block["examples"].splitlines() if line.startswith("- ")
            ]
    return by_intent


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_intent_has_25_examples_per_language(language: str) -> None:
    domain = yaml.safe_load((NLU / "domain" / "core.yml").read_text(encoding="utf-8"))
    counts: dict[str, int] = defaultdict(int)
    for path in sorted((NLU / "data" / "nlu" / language).glob("*.yml")):
        for intent, examples in _examples(path).items():
            counts[intent] += len(examples)
    too_few = {intent: counts[intent] for intent in domain["intents"] if counts[intent] < 25}
    assert not too_few, f"{language}: intents with fewer than 25 examples: {too_few}"


def test_conversation_stories_pass(stack_settings: StackSettings, action_server: Process) -> None:
    endpoints = stack_settings.data_dir / "test-endpoints.yml"
    endpoints.write_text(
        yaml.safe_dump({"action_endpoint": {"url": stack_settings.actions_url}}), encoding="utf-8"
    )
    out = stack_settings.data_dir / "story-results"
    result = rasa(
        stack_settings,
        "test",
        "core",
        "--stories",
        "tests",
        "--fail-on-prediction-errors",
        "--model",
        str(stack_settings.model_path),
        "--endpoints",
        str(endpoints),
        "--out",
        str(out),
    )
    failed = out / "failed_test_stories.yml"
    detail = failed.read_text(encoding="utf-8") if failed.exists() else ""
    assert result.returncode == 0, (detail or result.stdout[-3000:]) + result.stderr[-3000:]


@pytest.mark.rasa
@pytest.mark.parametrize("language", LANGUAGES)
def test_held_out_intent_macro_f1(rasa_stack: StackSettings, language: str) -> None:
    """Messages never seen in training, parsed by the running server the bot uses."""
    gold = _examples(NLU / "eval" / f"{language}.yml")
    pairs: list[tuple[str, str]] = []
    with httpx.Client(base_url=rasa_stack.rasa_url, timeout=30,
                      params={"token": rasa_stack.rasa_api_token}) as client:
        for intent, texts in gold.items():
            for text in texts:
                parsed = client.post("/model/parse", json={"text": text}).json()
                pairs.append((intent, parsed["intent"]["name"]))
    labels = sorted(gold)
    f1s = []
    for label in labels:
        tp = sum(1 for g, p in pairs if g == label and p == label)
        fp = sum(1 for g, p in pairs if g != label and p == label)
        fn = sum(1 for g, p in pairs if g == label and p != label)
        f1s.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    macro_f1 = sum(f1s) / len(f1s)
    worst = sorted(zip(f1s, labels, strict=True))[:5]
    print(json.dumps({"language": language, "macro_f1": round(macro_f1, 3), "n": len(pairs)}))
    assert macro_f1 >= MIN_HOLDOUT_MACRO_F1, f"{language}: macro-F1 {macro_f1:.3f}; worst {worst}"
