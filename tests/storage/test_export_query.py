"""The export query (window functions for grouping and duplicates, Unicode filters) gives the
same answers on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from complaints.model import ComplaintDraft, IdentityTier
from complaints.service import submit_complaint
from inspector.query import ExportFilters, iter_export_rows
from storage.users import user_key_for


def _draft(**kw: object) -> ComplaintDraft:
    values: dict[str, object] = dict(
        category="wages_unpaid", description="Не платят зарплату третий месяц.",
        identity_tier=IdentityTier.CONFIDENTIAL, region="Алматы",
        period_start=date(2026, 3, 1), period_end=date(2026, 5, 31),
        consent_personal_data=True, full_name="Курьер Тестовый", contact="+7 700 000 00 00",
    )
    values.update(kw)
    return ComplaintDraft(**values)  # type: ignore[arg-type]


def test_grouping_duplicates_and_filters(engine: Engine) -> None:
    with Session(engine, expire_on_commit=False) as s:
        a, b = user_key_for(1, "test-salt"), user_key_for(2, "test-salt")
        first = submit_complaint(s, _draft(platform_name="Glovo"), user_key=a, idempotency_key="1")
        again = submit_complaint(s, _draft(platform_name="glovo "), user_key=a,
                                 idempotency_key="2")
        other = submit_complaint(s, _draft(platform_name="Glovo"), user_key=b, idempotency_key="3")
        romashka = submit_complaint(
            s, _draft(employer_name="ТОО «Ромашка»", identity_tier=IdentityTier.ANONYMOUS),
            user_key=b, idempotency_key="4")
        s.commit()
    with Session(engine) as s:
        rows = [r for chunk in iter_export_rows(s) for r in chunk]
        by = {r["receipt_code"]: r for r in rows}
        # grouped and contiguous; the legal form and quotes do not split a group
        assert [r["employer_group"] for r in rows] == ["name:ромашка"] + ["platform:glovo"] * 3
        assert by[first.receipt_code]["employer_group_size"] == 3
        assert by[again.receipt_code]["likely_duplicate"] is True
        assert by[again.receipt_code]["duplicate_of"] == first.receipt_code
        assert by[first.receipt_code]["likely_duplicate"] is True
        assert by[first.receipt_code]["duplicate_of"] is None
        assert by[other.receipt_code]["likely_duplicate"] is False
        assert by[romashka.receipt_code]["description"] is None  # anonymous: statistics only
        found = [r["receipt_code"] for c in iter_export_rows(s, ExportFilters(employer="РОМАШКА"))
                 for r in c]
        assert found == [romashka.receipt_code]
        assert sum(len(c) for c in iter_export_rows(s, ExportFilters(regions=["алматы"]))) == 4
