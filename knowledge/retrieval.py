"""Free-text search over the knowledge entries (BM25 per language).

Used when NLU is unsure (``action_search_knowledge``): the user's last message is matched
against each entry's title, keywords, short and long answer and next steps in the user's
language, after the normalisation of :mod:`knowledge.textnorm` (spaCy tokens, transliteration,
Russian lemmas, Kazakh suffix stripping). BM25 is a dozen lines of numpy here: the corpus is a
few dozen documents per language, so a dependency would buy nothing.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

import numpy as np

from i18n import LANGUAGES
from knowledge.base import Entry, KnowledgeBase, knowledge_base
from knowledge.textnorm import normalize_tokens

__all__ = ["BM25Index", "Retriever", "entry_document", "retriever", "search"]

#: How often a field's terms are repeated in the document: titles and keywords weigh more.
FIELD_WEIGHTS: dict[str, int] = {"title": 3, "keywords": 3, "short": 1, "more": 1, "steps": 1}


def entry_document(entry: Entry, language: str) -> list[tuple[str, str]]:
    """The (field, text) parts of an entry that are indexed for ``language``."""
    text = entry.texts[language]
    parts = [("title", text.title), ("short", text.short), ("more", text.more)]
    parts += [("keywords", k) for k in text.keywords]
    parts += [("steps", s) for s in text.next_steps]
    parts += [("more", a) for a in text.audience.values()]
    return parts


@dataclass
class BM25Index:
    """Okapi BM25 over a small dense term-frequency matrix."""

    ids: list[str]
    vocabulary: dict[str, int]
    tf: np.ndarray  # (n_docs, n_terms)
    idf: np.ndarray  # (n_terms,)
    doc_len: np.ndarray  # (n_docs,)
    k1: float = 1.2
    b: float = 0.75

    @classmethod
    def build(
        cls, docs: Iterable[tuple[str, list[str]]], k1: float = 1.2, b: float = 0.75
    ) -> BM25Index:
        """Index ``(doc_id, terms)`` pairs."""
        ids: list[str] = []
        counters: list[Counter[str]] = []
        for doc_id, terms in docs:
            ids.append(doc_id)
            counters.append(Counter(terms))
        vocabulary: dict[str, int] = {}
        for counter in counters:
            for term in counter:
                vocabulary.setdefault(term, len(vocabulary))
        tf = np.zeros((len(ids), len(vocabulary)), dtype=np.float64)
        for row, counter in enumerate(counters):
            for term, count in counter.items():
                tf[row, vocabulary[term]] = count
        df = (tf > 0).sum(axis=0)
        n = len(ids)
        idf = np.log1p((n - df + 0.5) / (df + 0.5))
        return cls(ids, vocabulary, tf, idf, tf.sum(axis=1), k1, b)

    def scores(self, terms: list[str]) -> np.ndarray:
        """BM25 score of every document for the query terms (unknown terms are ignored)."""
        columns = [self.vocabulary[t] for t in terms if t in self.vocabulary]
        if not columns or not self.ids:
            return np.zeros(len(self.ids))
        tf = self.tf[:, columns]
        avg = float(self.doc_len.mean()) or 1.0
        norm = self.k1 * (1.0 - self.b + self.b * self.doc_len / avg)
        weights = tf * (self.k1 + 1.0) / (tf + norm[:, None])
        return np.asarray((weights * self.idf[columns]).sum(axis=1))


class Retriever:
    """One BM25 index per language over all entries of a knowledge base."""

    def __init__(self, kb: KnowledgeBase, *, kk_stemming: bool = True) -> None:
        self.kk_stemming = kk_stemming
        self.indexes: dict[str, BM25Index] = {}
        for language in LANGUAGES:
            docs = []
            for entry in kb.entries():
                terms: list[str] = []
                for field_name, text in entry_document(entry, language):
                    field_terms = self._terms(text, language)
                    terms += field_terms * FIELD_WEIGHTS[field_name]
                docs.append((entry.id, terms))
            self.indexes[language] = BM25Index.build(docs)

    def _terms(self, text: str, language: str) -> list[str]:
        return normalize_tokens(text, language, kk_stemming=self.kk_stemming)

    def search(self, text: str, language: str, k: int = 3) -> list[tuple[str, float]]:
        """The ``k`` best entries for ``text`` as ``(entry_id, score)``, best first; score > 0."""
        index = self.indexes[language if language in self.indexes else "ru"]
        terms = list(dict.fromkeys(self._terms(text, language)))  # a query term counts once
        scores = index.scores(terms)
        order = np.argsort(-scores, kind="stable")[:k]
        return [
            (index.ids[i], round(float(scores[i]), 4))
            for i in order
            if scores[i] > 0 and not math.isnan(scores[i])
        ]


@cache
def retriever() -> Retriever:
    """The process-wide retriever over the process-wide knowledge base."""
    return Retriever(knowledge_base())


def search(text: str, lang: str, k: int = 3) -> list[tuple[str, float]]:
    """Best ``k`` knowledge entries for free text in ``lang``: ``[(entry_id, score), ...]``."""
    return retriever().search(text, lang, k)
