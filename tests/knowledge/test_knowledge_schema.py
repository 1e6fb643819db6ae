"""Schema completeness of the knowledge base: languages, limits, citations, primaries."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from i18n import LANGUAGES
from knowledge.base import (
    ENTRIES_DIR,
    RIGHTS_INTENTS,
    KnowledgeBase,
    KnowledgeError,
    format_article,
    knowledge_base,
    load_sources,
)

KB = knowledge_base()
ENTRY_IDS = [e.id for e in KB.entries()]


def test_entries_exist() -> None:
    assert len(ENTRY_IDS) >= 7


@pytest.mark.parametrize("entry_id", ENTRY_IDS)
def test_entry_is_complete(entry_id: str) -> None:
    entry = KB.entry(entry_id)
    assert entry.citations, "at least one citation"
    for lang in LANGUAGES:
        rendered = KB.render(entry, lang)
        assert 0 < len(rendered.short) <= 700, f"{lang}.short is {len(rendered.short)} chars"
        assert len(rendered.title) <= 40
        assert rendered.more and rendered.next_steps
        assert "{" not in rendered.short + rendered.more, "unfilled placeholder"
        assert len(rendered.citation_lines) == len(entry.citations)
    for citation in entry.citations:
        assert citation.source in KB.sources
    # "More" payloads must stay short (< 60 bytes): /ask_more{"kb_entry":"<id>"}
    assert len(f'/ask_more{{"kb_entry":"{entry_id}"}}'.encode()) < 60


@pytest.mark.parametrize("intent", RIGHTS_INTENTS)
def test_every_rights_intent_has_a_primary_entry(intent: str) -> None:
    # Strict on purpose: fails until every topic of ARCHITECTURE §3 has its entry.
    assert KB.primary_entry(intent) is not None, f"no primary entry for {intent}"


def test_languages_look_right() -> None:
    kk_letters = re.compile("[әғқңөұүһі]")
    cyrillic = re.compile("[а-яё]", re.IGNORECASE)
    for entry in KB.entries():
        assert kk_letters.search(entry.texts["kk"].short), f"{entry.id}: kk has no Kazakh letters"
        assert cyrillic.search(entry.texts["ru"].short), f"{entry.id}: ru is not Cyrillic"
        en = entry.texts["en"].short
        assert len(cyrillic.findall(en)) < 5, f"{entry.id}: en contains Cyrillic"


def test_proposal_entries_are_labelled() -> None:
    proposal = KB.entry("ai_dismissal_proposal")
    assert proposal.proposal and not proposal.primary
    assert any(c.proposal for c in proposal.citations)
    line = KB.format_citation(next(c for c in proposal.citations if c.proposal), "ru")
    assert "предложение" in line
    assert "ұсыныс" in KB.format_citation(next(c for c in proposal.citations if c.proposal), "kk")


def test_citation_line_format() -> None:
    entry = KB.entry("complaint_process")
    ru = KB.format_citation(entry.citations[0], "ru")
    assert ru == "Трудовой кодекс РК, ст. 159 п. 1 (на 22.11.2026)"
    kk = KB.format_citation(entry.citations[0], "kk")
    assert kk.startswith("ҚР Еңбек кодексі, 159-бап 1-тармақ")
    en = KB.format_citation(entry.citations[0], "en")
    assert en.startswith("Labour Code of the RK, art. 159")
    assert format_article("art. 131 p. 1 subpara. 1", "ru") == "ст. 131 п. 1 пп. 1"


def test_sources_table_has_each_act_once() -> None:
    sources = load_sources()
    for key in ("labour_code", "social_code", "platform_law", "eaeu_treaty", "ilo_r198",
                "eu_2024_2831", "fprk_res_3_3", "seed_000", "seed_004", "order_1054"):
        assert key in sources
    links = [s.link for s in sources.values() if s.link.startswith("http")]
    assert all(
        re.match(r"https://(adilet\.zan\.kz|normlex\.ilo\.org|eur-lex\.europa\.eu|"
                 r"docs\.eaeunion\.org)/", link)
        for link in links
    ), "official sites only"


def test_figures_come_from_figures_yaml() -> None:
    assert KB.figures["min_wage"].value == 85000 and KB.figures["min_wage"].year == 2026
    assert KB.fill("{min_wage}", "kk") == "85\u00a0000\u00a0₸"
    assert KB.fill("{mrp}", "en") == "4,325\u00a0KZT"


def _broken_copy(tmp_path: Path, entry_id: str, mutate: object) -> Path:
    entries = tmp_path / "entries"
    entries.mkdir(parents=True)
    data = yaml.safe_load((ENTRIES_DIR / f"{entry_id}.yaml").read_text(encoding="utf-8"))
    mutate(data)  # type: ignore[operator]
    (entries / f"{entry_id}.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    return entries


def test_error_names_file_and_field_for_too_long_short(tmp_path: Path) -> None:
    def mutate(d: dict) -> None:
        d["ru"]["short"] = "x" * 701

    entries = _broken_copy(tmp_path, "union", mutate)
    with pytest.raises(KnowledgeError, match=r"union\.yaml: field ru\.short"):
        KnowledgeBase(entries)


def test_error_for_unknown_source_and_placeholder(tmp_path: Path) -> None:
    def bad_source(d: dict) -> None:
        d["citations"][0]["source"] = "no_such_act"

    with pytest.raises(KnowledgeError, match=r"field citations\.0\.source"):
        KnowledgeBase(_broken_copy(tmp_path / "a", "union", bad_source))

    def bad_placeholder(d: dict) -> None:
        d["en"]["more"] += " {max_wage}"

    with pytest.raises(KnowledgeError, match=r"field en\.more: unknown placeholder"):
        KnowledgeBase(_broken_copy(tmp_path / "b", "union", bad_placeholder))


def test_error_for_two_primaries(tmp_path: Path) -> None:
    entries = tmp_path / "entries"
    entries.mkdir()
    shutil.copy(ENTRIES_DIR / "union.yaml", entries / "union.yaml")
    data = yaml.safe_load((ENTRIES_DIR / "union.yaml").read_text(encoding="utf-8"))
    data["id"] = "union_copy"
    (entries / "union_copy.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    with pytest.raises(KnowledgeError, match="already has the primary entry"):
        KnowledgeBase(entries)
