"""Streaming selection of complaints for export, with employer grouping and duplicate flags.

Rows come from one SQL query read in chunks (``yield_per``), so memory stays flat however many
complaints match. Grouping and duplicate detection are window functions computed by the
database over the selected complaints:

* ``employer_group`` = ``bin:<BIN>`` | ``platform:<name>`` | ``name:<normalised name>``; rows are
  ordered by it, so one employer's complaints are contiguous, and ``employer_group_size`` counts
  them;
* ``likely_duplicate`` — the same author, tier, employer and period appear more than
  once; ``duplicate_of`` is the receipt code of the earliest of them (flagged, never dropped).

Anonymous complaints are statistics only: their free text, attachments and any personal field
are never exported, and what could still pick the worker out is coarsened (:func:`coarsened`):
the submission date and the period to the month, the amount to a band (``amount_band``).
Personal fields of other complaints are exported only when the caller passes
``with_personal_data=True`` (authorised inspectors).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, Final

from sqlalchemy import Select, case, func, or_, select
from sqlalchemy.orm import Session

from complaints.receipt import normalize_receipt_code
from complaints.service import employer_key
from inspector.labels import FIELDS, PERSONAL_FIELDS
from storage.complaints import Attachment, Complaint, StatusEvent

__all__ = [
    "AMOUNT_BANDS",
    "CHUNK",
    "ExportFilters",
    "ExportRow",
    "amount_band",
    "attachments_of",
    "coarsened",
    "export_keys",
    "history_of",
    "iter_export_rows",
]

CHUNK = 2000
ExportRow = dict[str, Any]
#: Lower bounds of the amount bands, tenge: wide enough that one worker's claim of "312 400"
#: does not name them to an employer who knows what they owe whom.
AMOUNT_BANDS: Final = (0, 50_000, 100_000, 250_000, 500_000, 1_000_000)


def amount_band(amount: int | None) -> str | None:
    """The band an amount falls in: ``"100000-249999"``, or ``"1000000+"`` for the last."""
    if amount is None:
        return None
    lower = max(b for b in AMOUNT_BANDS if b <= amount)
    following = [b for b in AMOUNT_BANDS if b > amount]
    return f"{lower}-{following[0] - 1}" if following else f"{lower}+"


def _month_end(day: date) -> date:
    following = (day.replace(day=28) + timedelta(days=4)).replace(day=1)
    return following - timedelta(days=1)


def coarsened(row: ExportRow) -> ExportRow:
    """An anonymous complaint's row as it may leave the server: month, not day; a band, not an
    amount (the period widened to whole months so it still covers what was reported)."""
    submitted = row["submitted_at"]
    if isinstance(submitted, datetime):
        row["submitted_at"] = submitted.replace(day=1, hour=0, minute=0, second=0,
                                                microsecond=0)
    if row["period_start"] is not None:
        row["period_start"] = row["period_start"].replace(day=1)
    if row["period_end"] is not None:
        row["period_end"] = _month_end(row["period_end"])
    row["amount_kzt"] = None
    return row


@dataclass(slots=True)
class ExportFilters:
    """Which complaints to export (all given filters must match)."""

    submitted_from: date | None = None
    submitted_to: date | None = None  # inclusive
    regions: Sequence[str] = ()
    categories: Sequence[str] = ()
    statuses: Sequence[str] = ()
    tiers: Sequence[str] = ()
    employer: str | None = None  # a 12-digit BIN, or part of a name/platform
    receipt_codes: Sequence[str] = field(default_factory=tuple)


def export_keys(with_personal_data: bool) -> list[str]:
    """The exported columns, in order."""
    return [f.key for f in FIELDS if with_personal_data or not f.personal]


def _where(stmt: Any, f: ExportFilters) -> Any:
    c = Complaint
    if f.submitted_from:
        stmt = stmt.where(c.submitted_at >= datetime.combine(f.submitted_from, time(), UTC))
    if f.submitted_to:
        end = datetime.combine(f.submitted_to + timedelta(days=1), time(), UTC)
        stmt = stmt.where(c.submitted_at < end)
    if f.regions:
        stmt = stmt.where(func.lower(c.region).in_([r.strip().lower() for r in f.regions]))
    if f.categories:
        stmt = stmt.where(c.category.in_(list(f.categories)))
    if f.statuses:
        stmt = stmt.where(c.status.in_(list(f.statuses)))
    if f.tiers:
        stmt = stmt.where(c.identity_tier.in_(list(f.tiers)))
    if f.employer:
        value = f.employer.strip()
        digits = value.replace(" ", "")
        if len(digits) == 12 and digits.isdigit():
            stmt = stmt.where(c.employer_bin == digits)
        else:
            # lower() is Unicode-aware on both databases (storage.db registers it for SQLite).
            needle = employer_key(None, None, value).removeprefix("name:")
            stmt = stmt.where(
                or_(
                    c.employer_key.contains(needle, autoescape=True),
                    func.lower(c.employer_name).contains(value.lower(), autoescape=True),
                    func.lower(c.platform_name).contains(value.lower(), autoescape=True),
                )
            )
    if f.receipt_codes:
        codes = [normalize_receipt_code(code) or code for code in f.receipt_codes]
        stmt = stmt.where(c.receipt_code.in_(codes))
    return stmt


def _select(filters: ExportFilters) -> Select[Any]:
    c = Complaint
    # The same author, tier, employer and period. The tier is part of it so that a flag never
    # ties a confidential complaint to the same person's named one.
    same_case = (c.user_id, c.identity_tier, c.employer_key, c.period_start, c.period_end)
    attachments = (
        select(func.count(Attachment.id))
        .where(Attachment.complaint_id == c.id)
        .correlate(c)
        .scalar_subquery()
    )
    inner = _where(
        select(
            c.id,
            c.receipt_code,
            c.submitted_at,
            c.status,
            c.category,
            c.identity_tier,
            c.employer_key.label("employer_group"),
            func.count().over(partition_by=c.employer_key).label("employer_group_size"),
            c.employer_name,
            c.employer_bin,
            c.platform_name,
            c.region,
            c.city,
            c.period_start,
            c.period_end,
            c.amount_kzt,
            c.description,
            c.request,
            attachments.label("attachments_count"),
            c.user_id,
            case(
                (c.user_id.is_(None), 1),
                else_=func.count().over(partition_by=same_case),
            ).label("same_case_count"),
            func.first_value(c.receipt_code)
            .over(partition_by=same_case, order_by=(c.submitted_at, c.id))
            .label("first_of_case"),
            c.language,
            c.full_name,
            c.iin,
            c.address,
            c.contact,
        ),
        filters,
    ).subquery()
    return select(inner).order_by(inner.c.employer_group, inner.c.submitted_at, inner.c.id)


def _row(r: Any, with_personal_data: bool) -> ExportRow:
    anonymous = r.identity_tier == "anonymous"
    duplicate = r.same_case_count > 1 and r.user_id is not None
    row: ExportRow = {
        "receipt_code": r.receipt_code,
        "submitted_at": r.submitted_at,
        "status": r.status,
        "category": r.category,
        "identity_tier": r.identity_tier,
        "employer_group": r.employer_group,
        "employer_group_size": int(r.employer_group_size),
        "employer_name": r.employer_name,
        "employer_bin": r.employer_bin,
        "platform_name": r.platform_name,
        "region": r.region,
        "city": r.city,
        "period_start": r.period_start,
        "period_end": r.period_end,
        "amount_kzt": r.amount_kzt,
        "amount_band": amount_band(r.amount_kzt),
        # Anonymous = statistics only: free text can identify a person.
        "description": None if anonymous else r.description,
        "request": None if anonymous else r.request,
        "attachments_count": 0 if anonymous else int(r.attachments_count or 0),
        "likely_duplicate": duplicate,
        "duplicate_of": (
            r.first_of_case if duplicate and r.first_of_case != r.receipt_code else None
        ),
        "language": r.language,
        "_id": r.id,
    }
    if with_personal_data:
        for key in PERSONAL_FIELDS:
            row[key] = None if anonymous else getattr(r, key)
    return coarsened(row) if anonymous else row


def iter_export_rows(
    session: Session, filters: ExportFilters | None = None, *, with_personal_data: bool = False
) -> Iterator[list[ExportRow]]:
    """Yield chunks of export rows (dicts keyed by :func:`export_keys`, plus an internal
    ``_id``), grouped by employer, streaming from the database."""
    stmt = _select(filters or ExportFilters()).execution_options(yield_per=CHUNK)
    result = session.execute(stmt)
    for partition in result.partitions(CHUNK):
        yield [_row(r, with_personal_data) for r in partition]


def attachments_of(session: Session, complaint_ids: Sequence[int]) -> dict[int, list[ExportRow]]:
    """Attachment metadata (sha256, received time, type, size) per complaint id."""
    out: dict[int, list[ExportRow]] = {i: [] for i in complaint_ids}
    if not complaint_ids:
        return out
    rows = session.execute(
        select(Attachment.complaint_id, Attachment.sha256, Attachment.received_at,
               Attachment.mime_type, Attachment.size_bytes)
        .where(Attachment.complaint_id.in_(list(complaint_ids)))
        .order_by(Attachment.id)
    )
    for cid, sha, received, mime, size in rows:
        out[cid or 0].append(
            {"sha256": sha, "received_at": received, "mime_type": mime, "size_bytes": size}
        )
    return out


def history_of(session: Session, complaint_id: int) -> list[ExportRow]:
    """Status history of one complaint, oldest first."""
    rows = session.execute(
        select(StatusEvent.status, StatusEvent.created_at, StatusEvent.note, StatusEvent.actor)
        .where(StatusEvent.complaint_id == complaint_id)
        .order_by(StatusEvent.id)
    )
    return [{"status": s, "at": at, "note": note, "actor": actor} for s, at, note, actor in rows]

