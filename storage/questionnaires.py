"""Results of eligibility interviews, kept for statistics without personal data.

A row holds the canonical answers (yes/no/don't know, categories, shares, a citizenship code)
and what ``scoring`` said about them; no user key, no names, no free text. A complaint filed
from the result refers to the row by id, so a worker's own questionnaire reaches an inspector
only through a complaint they choose to file.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, CheckConstraint, Float, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base, UTCDateTime, utcnow

__all__ = ["Questionnaire"]


class Questionnaire(Base):
    """One finished eligibility interview and its scoring result."""

    __tablename__ = "questionnaires"
    __table_args__ = (
        CheckConstraint("language IN ('kk', 'ru', 'en')", name="language"),
        CheckConstraint(
            "work_type IS NULL OR work_type IN ('platform', 'employee', 'both', 'dk')",
            name="work_type",
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    language: Mapped[str] = mapped_column(String(2), default="ru")
    #: Version of scoring/parameters.yaml that produced the scores.
    scoring_version: Mapped[str] = mapped_column(String(32))
    work_type: Mapped[str | None] = mapped_column(String(16), default=None)
    migrant: Mapped[bool] = mapped_column(Boolean, default=False)
    eaeu_citizen: Mapped[bool | None] = mapped_column(Boolean, default=None)
    #: Slot name -> canonical answer, only the questions this worker was asked.
    answers: Mapped[dict[str, Any]] = mapped_column(JSON)
    violation_score: Mapped[float] = mapped_column(Float)
    violation_degree: Mapped[str] = mapped_column(String(16), index=True)
    #: Violation indicators that drove the score, largest first.
    violation_reasons: Mapped[list[str]] = mapped_column(JSON)
    employment_score: Mapped[float | None] = mapped_column(Float, default=None)
    employment_band: Mapped[str | None] = mapped_column(String(24), default=None)
    #: Guarantee name -> "owed" / "check" / "not_owed" (current law, rule-based).
    guarantees: Mapped[dict[str, str] | None] = mapped_column(JSON, default=None)
    #: Seed-003 individual professional risk (a research proposal, not law).
    professional_score: Mapped[float | None] = mapped_column(Float, default=None)
    professional_degree: Mapped[str | None] = mapped_column(String(16), default=None)

    def __repr__(self) -> str:
        return f"Questionnaire(id={self.id!r}, violation_degree={self.violation_degree!r})"
