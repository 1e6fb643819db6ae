"""The rights knowledge base: load, validate and render the entries in ``knowledge/entries``.

An entry is one YAML file (format: ``knowledge/schema.json``) with the answer to one rights topic
in Kazakh, Russian and English and its citations. Loading checks, with an error that names the
file and the field:

* the JSON Schema (three languages, ``short`` ≤ 700 characters, at least one citation, ...);
* ``id`` equals the file name, each citation's ``source`` is a key of ``knowledge/SOURCES.md``;
* every ``{placeholder}`` in a text is a figure of ``knowledge/figures.yaml``;
* no intent has two primary entries.

Figures that change yearly (minimum wage, MRP) live only in ``figures.yaml``; texts say
``{min_wage}`` / ``{mrp}`` and get the value formatted with Babel for the user's locale.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Final

import yaml
from babel.dates import format_date
from babel.numbers import format_currency, format_decimal
from jsonschema import Draft202012Validator

from i18n import LANGUAGES, Language, _, use_language

__all__ = [
    "AUDIENCES",
    "KNOWLEDGE_DIR",
    "RIGHTS_INTENTS",
    "Citation",
    "Entry",
    "EntryText",
    "Figure",
    "KnowledgeBase",
    "KnowledgeError",
    "RenderedEntry",
    "Source",
    "entries",
    "entry_for_intent",
    "format_article",
    "format_figure",
    "knowledge_base",
    "load_figures",
    "load_sources",
]

KNOWLEDGE_DIR: Final[Path] = Path(__file__).resolve().parent
ENTRIES_DIR: Final[Path] = KNOWLEDGE_DIR / "entries"
SCHEMA_PATH: Final[Path] = KNOWLEDGE_DIR / "schema.json"
SOURCES_PATH: Final[Path] = KNOWLEDGE_DIR / "SOURCES.md"
FIGURES_PATH: Final[Path] = KNOWLEDGE_DIR / "figures.yaml"
SOURCE_NAMES_PATH: Final[Path] = KNOWLEDGE_DIR / "source_names.yaml"

#: Rights-topic intents of ARCHITECTURE §3: each must have exactly one primary entry.
RIGHTS_INTENTS: Final[tuple[str, ...]] = (
    "ask_employment_status",
    "ask_algorithmic_management",
    "ask_wages_unpaid",
    "ask_minimum_wage",
    "ask_working_time",
    "ask_leave",
    "ask_dismissal",
    "ask_employment_contract",
    "ask_harmful_conditions",
    "ask_safety_injury",
    "ask_social_protection",
    "ask_migrant_permit",
    "ask_migrant_rights",
    "ask_discrimination_harassment",
    "ask_ai_at_work",
    "ask_union",
    "ask_complaint_process",
)
AUDIENCES: Final[tuple[str, ...]] = ("employee", "platform_worker", "migrant")

#: ``article`` value for a citation of an act as a whole (no article to name).
WHOLE_ACT: Final[str] = "whole act"

_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


class KnowledgeError(ValueError):
    """An entry, SOURCES.md or figures.yaml is invalid; the message names the file and field."""


@dataclass(frozen=True)
class Source:
    """One row of ``SOURCES.md``."""

    key: str
    title: str
    number: str
    date: str
    link: str


@dataclass(frozen=True)
class Figure:
    """One yearly figure of ``figures.yaml`` (e.g. the minimum wage)."""

    key: str
    value: float
    unit: str
    year: int
    source: str
    as_of: dt.date


@dataclass(frozen=True)
class Citation:
    """Where a statement of an entry comes from."""

    source: str
    article: str
    as_of: dt.date
    seed: str | None = None
    proposal: bool = False


@dataclass(frozen=True)
class EntryText:
    """The texts of an entry in one language, placeholders not yet filled."""

    title: str
    short: str
    more: str
    next_steps: tuple[str, ...]
    keywords: tuple[str, ...]
    audience: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Entry:
    """One knowledge entry (one YAML file)."""

    id: str
    intents: tuple[str, ...]
    primary: bool
    audiences: tuple[str, ...]
    as_of: dt.date
    proposal: bool
    citations: tuple[Citation, ...]
    texts: Mapping[str, EntryText]
    path: Path


@dataclass(frozen=True)
class RenderedEntry:
    """An entry in one language with the figures filled in, ready to send."""

    id: str
    language: Language
    title: str
    short: str
    more: str
    next_steps: tuple[str, ...]
    audience: Mapping[str, str]
    citation_lines: tuple[str, ...]
    links: tuple[str, ...]
    proposal: bool
    as_of: dt.date


# --------------------------------------------------------------------------- loading helpers


def _iso(value: Any) -> Any:
    """YAML reads ``2026-11-01`` as a date: turn dates back into ISO strings for the schema."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _iso(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_iso(v) for v in value]
    return value


def _read_yaml(path: Path) -> Any:
    try:
        with path.open(encoding="utf-8") as fh:
            return yaml.safe_load(fh)
    except yaml.YAMLError as exc:
        raise KnowledgeError(f"{path.name}: not valid YAML: {exc}") from exc


def load_sources(path: Path = SOURCES_PATH) -> dict[str, Source]:
    """Parse the Markdown table ``| key | official title | number | date | link |``."""
    sources: dict[str, Source] = {}
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.startswith("|"):
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 5 or cells[0] in ("key", "") or set(cells[0]) <= {"-", ":"}:
            continue
        key = cells[0]
        if key in sources:
            raise KnowledgeError(f"{path.name}:{lineno}: key {key!r} listed twice")
        sources[key] = Source(key, cells[1], cells[2], cells[3], cells[4])
    if not sources:
        raise KnowledgeError(f"{path.name}: no table rows found")
    return sources


def load_figures(path: Path = FIGURES_PATH) -> dict[str, Figure]:
    """Read ``figures.yaml``; every figure needs value, unit, year, source and as_of."""
    raw = _read_yaml(path) or {}
    figures: dict[str, Figure] = {}
    for key, item in raw.items():
        for name in ("value", "unit", "year", "source", "as_of"):
            if not isinstance(item, dict) or name not in item:
                raise KnowledgeError(f"{path.name}: figure {key!r}: field {name!r} is missing")
        as_of = item["as_of"]
        if not isinstance(as_of, dt.date):
            raise KnowledgeError(f"{path.name}: figure {key!r}: field 'as_of' is not a date")
        figures[key] = Figure(
            key, float(item["value"]), str(item["unit"]), int(item["year"]),
            str(item["source"]), as_of,
        )
    return figures


def format_figure(figure: Figure, language: Language) -> str:
    """A figure for the user's locale: money as ``85 000 ₸`` (kk), ``85 000 KZT`` (ru), ..."""
    if len(figure.unit) == 3 and figure.unit.isupper():  # an ISO 4217 currency code
        return format_currency(
            figure.value, figure.unit, format="#,##0\u00a0¤", locale=language,
            currency_digits=False,
        )
    return f"{format_decimal(figure.value, locale=language)}\u00a0{figure.unit}"


# Article wording per language: the entries write "art. 113 p. 3" (English abbreviations).
_ARTICLE_RULES: Final[dict[str, list[tuple[str, str]]]] = {
    "ru": [
        (r"\barts?\.\s*", "ст. "),
        (r"\bsubparas?\.\s*", "пп. "),
        (r"\bparas?\.?\s+", "п. "),
        (r"\bp\.\s*", "п. "),
        (r"\bch\.\s*", "гл. "),
        (r"\bAppendix\b", "прил."),
    ],
    "kk": [
        (r"\barts?\.\s*([0-9][0-9.\-–]*)", r"\1-бап"),
        (r"\bsubparas?\.\s*([0-9]+)", r"\1-тармақша"),
        (r"\bparas?\.?\s+([0-9]+)", r"\1-тармақ"),
        (r"\bp\.\s*([0-9]+)", r"\1-тармақ"),
        (r"\bch\.\s*([0-9]+)", r"\1-тарау"),
        (r"\bAppendix\b", "қосымша"),
    ],
    "en": [],
}


def format_article(article: str, language: Language) -> str:
    """``"art. 113 p. 3"`` → ru ``"ст. 113 п. 3"``, kk ``"113-бап 3-тармақ"``, en unchanged."""
    text = article
    for pattern, repl in _ARTICLE_RULES[language]:
        text = re.sub(pattern, repl, text)
    return text


# --------------------------------------------------------------------------- the knowledge base


class KnowledgeBase:
    """All entries, validated, with lookups by intent and rendering per language."""

    def __init__(
        self,
        entries_dir: Path = ENTRIES_DIR,
        sources_path: Path = SOURCES_PATH,
        figures_path: Path = FIGURES_PATH,
        source_names_path: Path = SOURCE_NAMES_PATH,
    ) -> None:
        self.sources = load_sources(sources_path)
        self.figures = load_figures(figures_path)
        self.source_names: dict[str, dict[str, str]] = _read_yaml(source_names_path) or {}
        for figure in self.figures.values():
            if figure.source not in self.sources:
                raise KnowledgeError(
                    f"{figures_path.name}: figure {figure.key!r}: field 'source': "
                    f"{figure.source!r} is not a key of SOURCES.md"
                )
        schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
        self._validator = Draft202012Validator(schema)
        self._entries: dict[str, Entry] = {}
        for path in sorted(entries_dir.glob("*.yaml")):
            entry = self._load_entry(path)
            self._entries[entry.id] = entry
        self._check_primaries()

    # -- loading -------------------------------------------------------------------------------

    def _load_entry(self, path: Path) -> Entry:
        raw = _iso(_read_yaml(path))
        if not isinstance(raw, dict):
            raise KnowledgeError(f"{path.name}: the file must hold one mapping (an entry)")
        errors = sorted(self._validator.iter_errors(raw), key=lambda e: list(e.absolute_path))
        if errors:
            lines = [
                f"{path.name}: field {'.'.join(str(p) for p in e.absolute_path) or '(top)'}: "
                f"{e.message}"
                for e in errors[:10]
            ]
            raise KnowledgeError("\n".join(lines))
        if raw["id"] != path.stem:
            raise KnowledgeError(f"{path.name}: field id: {raw['id']!r} must equal the file name")
        citations = []
        for i, c in enumerate(raw["citations"]):
            if c["source"] not in self.sources:
                raise KnowledgeError(
                    f"{path.name}: field citations.{i}.source: {c['source']!r} is not a key of "
                    "SOURCES.md"
                )
            citations.append(
                Citation(
                    c["source"], c["article"], dt.date.fromisoformat(c["as_of"]),
                    c.get("seed"), bool(c.get("proposal", False)),
                )
            )
        texts: dict[str, EntryText] = {}
        for lang in LANGUAGES:
            t = raw[lang]
            text = EntryText(
                title=t["title"], short=t["short"], more=t["more"],
                next_steps=tuple(t["next_steps"]), keywords=tuple(t["keywords"]),
                audience=dict(t.get("audience") or {}),
            )
            for name, value in self._text_fields(text):
                for placeholder in _PLACEHOLDER.findall(value):
                    if placeholder not in self.figures:
                        raise KnowledgeError(
                            f"{path.name}: field {lang}.{name}: unknown placeholder "
                            f"{{{placeholder}}} (figures.yaml has {sorted(self.figures)})"
                        )
            texts[lang] = text
        return Entry(
            id=raw["id"], intents=tuple(raw["intents"]), primary=raw["primary"],
            audiences=tuple(raw["audiences"]), as_of=dt.date.fromisoformat(raw["as_of"]),
            proposal=raw["proposal"], citations=tuple(citations), texts=texts, path=path,
        )

    @staticmethod
    def _text_fields(text: EntryText) -> Iterable[tuple[str, str]]:
        yield "title", text.title
        yield "short", text.short
        yield "more", text.more
        for i, step in enumerate(text.next_steps):
            yield f"next_steps.{i}", step
        for key, value in text.audience.items():
            yield f"audience.{key}", value

    def _check_primaries(self) -> None:
        seen: dict[str, str] = {}
        for entry in self._entries.values():
            if not entry.primary:
                continue
            for intent in entry.intents:
                if intent in seen:
                    raise KnowledgeError(
                        f"{entry.path.name}: field primary: intent {intent!r} already has the "
                        f"primary entry {seen[intent]!r}"
                    )
                seen[intent] = entry.id

    # -- lookups -------------------------------------------------------------------------------

    def entries(self) -> list[Entry]:
        """All entries, sorted by id."""
        return list(self._entries.values())

    def entry(self, entry_id: str) -> Entry:
        """The entry with this id (``KeyError`` if there is none)."""
        return self._entries[entry_id]

    def has_entry(self, entry_id: str) -> bool:
        """Whether an entry with this id exists."""
        return entry_id in self._entries

    def entries_for_intent(self, intent: str) -> list[Entry]:
        """All entries answering ``intent``, the primary one first."""
        found = [e for e in self._entries.values() if intent in e.intents]
        return sorted(found, key=lambda e: (not e.primary, e.id))

    def primary_entry(self, intent: str) -> Entry | None:
        """The primary entry of ``intent``, or ``None``."""
        for entry in self.entries_for_intent(intent):
            if entry.primary:
                return entry
        return None

    def entry_for_intent(self, intent: str, language: Language) -> RenderedEntry | None:
        """The primary entry of ``intent`` rendered in ``language`` (``None`` if none yet)."""
        entry = self.primary_entry(intent)
        return self.render(entry, language) if entry else None

    # -- rendering -----------------------------------------------------------------------------

    def fill(self, text: str, language: Language) -> str:
        """Replace ``{min_wage}``-style placeholders with the figure formatted for ``language``."""
        return _PLACEHOLDER.sub(
            lambda m: format_figure(self.figures[m.group(1)], language), text
        )

    def source_name(self, key: str, language: Language) -> str:
        """Short name of an act for citation lines."""
        names = self.source_names.get(key) or {}
        return names.get(language) or self.sources[key].title.split(" (")[0]

    def format_citation(self, citation: Citation, language: Language) -> str:
        """E.g. ru ``"Трудовой кодекс РК, ст. 113 п. 3 (на 01.11.2026)"``; proposals labelled."""
        with use_language(language):
            date = format_date(citation.as_of, "dd.MM.yyyy", locale=language)
            act = self.source_name(citation.source, language)
            if citation.article.strip().lower() == WHOLE_ACT:
                line = _("{act} (as of {date})").format(act=act, date=date)
            else:
                line = _("{act}, {article} (as of {date})").format(
                    act=act, article=format_article(citation.article, language), date=date
                )
            if citation.proposal:
                line = _("{citation} — proposal, not law").format(citation=line)
        return line

    def render(self, entry: Entry, language: Language) -> RenderedEntry:
        """The entry in one language with figures filled and citation lines formatted."""
        text = entry.texts[language]
        links = []
        for c in entry.citations:
            link = self.sources[c.source].link
            if link.startswith("http") and link not in links:
                links.append(link)
        return RenderedEntry(
            id=entry.id,
            language=language,
            title=self.fill(text.title, language),
            short=self.fill(text.short, language),
            more=self.fill(text.more, language),
            next_steps=tuple(self.fill(s, language) for s in text.next_steps),
            audience={k: self.fill(v, language) for k, v in text.audience.items()},
            citation_lines=tuple(self.format_citation(c, language) for c in entry.citations),
            links=tuple(links),
            proposal=entry.proposal,
            as_of=entry.as_of,
        )


@cache
def knowledge_base() -> KnowledgeBase:
    """The process-wide knowledge base, loaded and validated on first use."""
    return KnowledgeBase()


def entries() -> list[Entry]:
    """All entries of the process-wide knowledge base."""
    return knowledge_base().entries()


def entry_for_intent(intent: str, language: Language) -> RenderedEntry | None:
    """The primary entry of ``intent`` in ``language`` from the process-wide knowledge base."""
    return knowledge_base().entry_for_intent(intent, language)
