"""Duplicate flags never link across identity tiers: a worker's confidential complaint must not
point an inspector to the same worker's named one (or the other way round)."""

from __future__ import annotations

from datetime import date

from sqlalchemy.engine import Engine

from complaints.model import ComplaintDraft, IdentityTier
from complaints.service import submit_complaint
from inspector.query import iter_export_rows
from storage.db import make_session_factory
from storage.users import user_key_for


def _draft(tier: IdentityTier) -> ComplaintDraft:
    return ComplaintDraft(
        category="wages_unpaid", identity_tier=tier, consent_personal_data=True,
        description="Жалақы үш ай бойы төленбеді.", employer_bin="971240001315",
        region="Алматы", period_start=date(2026, 3, 1), period_end=date(2026, 5, 31),
        full_name="Жанар Сейтқалиқызы", iin="880315400128", address="Алматы, Абай 1",
        contact="+77011234567", language="kk",
    )


def test_the_same_case_in_two_tiers_is_not_flagged_but_twice_in_one_tier_is(
    engine: Engine,
) -> None:
    author = user_key_for(7, "tiers")
    with make_session_factory(engine)() as session:
        named = submit_complaint(session, _draft(IdentityTier.NAMED), user_key=author,
                                 idempotency_key="t-named")
        first = submit_complaint(session, _draft(IdentityTier.CONFIDENTIAL), user_key=author,
                                 idempotency_key="t-conf-1")
        again = submit_complaint(session, _draft(IdentityTier.CONFIDENTIAL), user_key=author,
                                 idempotency_key="t-conf-2")
        session.commit()
        rows = {r["receipt_code"]: r for chunk in iter_export_rows(session) for r in chunk}
    assert rows[named.receipt_code]["likely_duplicate"] is False
    assert rows[first.receipt_code]["likely_duplicate"] is True
    assert rows[again.receipt_code]["duplicate_of"] == first.receipt_code
