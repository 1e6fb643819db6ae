"""The legal fact checklist (knowledge/FACTS.md) against the entries that cite each article."""

from __future__ import annotations

import re

import pytest

from i18n import LANGUAGES
from knowledge.base import KNOWLEDGE_DIR, knowledge_base

KB = knowledge_base()


def facts() -> list[dict[str, str]]:
    """Rows of the FACTS.md table."""
    rows = []
    header: list[str] = []
    for line in (KNOWLEDGE_DIR / "FACTS.md").read_text(encoding="utf-8").splitlines():
        if not line.startswith("|"):
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if not header:
            header = cells
        elif not set("".join(cells)) <= set("-: "):
            rows.append(dict(zip(header, cells, strict=True)))
    return rows


FACTS = facts()


def full_text(entry_id: str, language: str) -> str:
    rendered = KB.render(KB.entry(entry_id), language)  # type: ignore[arg-type]
    return "\n".join(
        [rendered.title, rendered.short, rendered.more, *rendered.next_steps,
         *rendered.audience.values()]
    )


def test_checklist_is_not_empty() -> None:
    assert len(FACTS) >= 10


@pytest.mark.parametrize("fact", FACTS, ids=[f["id"] for f in FACTS])
def test_fact_appears_in_the_entries_citing_its_article(fact: dict[str, str]) -> None:
    for entry_id in (e.strip() for e in fact["entries"].split(",")):
        assert KB.has_entry(entry_id), f"{fact['id']}: no entry {entry_id}"
        entry = KB.entry(entry_id)
        assert any(
            c.source == fact["source"] and c.article.startswith(fact["article"])
            for c in entry.citations
        ), f"{fact['id']}: {entry_id} does not cite {fact['source']} {fact['article']}"
        for language in LANGUAGES:
            assert fact[language] in full_text(entry_id, language), (
                f"{fact['id']}: {entry_id}.{language} does not state {fact[language]!r}"
            )


def test_yearly_figures_are_placeholders_not_literals() -> None:
    # Minimum wage and MRP change every year: entries must say {min_wage} / {mrp}.
    literal = re.compile(r"\b85[\s.,\u00a0]?000\b|\b4[\s.,\u00a0]?325\b")
    for path in sorted((KNOWLEDGE_DIR / "entries").glob("*.yaml")):
        assert not literal.search(path.read_text(encoding="utf-8")), path.name
