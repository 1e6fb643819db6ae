"""50 concurrent submissions (threads, one session each) lose nothing and store no duplicates,
on SQLite and on PostgreSQL — including the same draft submitted twice at the same moment, and
an anonymous draft pressed twice at once (one complaint; the other press is told it was sent)."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from complaints.model import ComplaintDraft, IdentityTier
from complaints.service import AlreadySubmitted, submit_complaint
from storage.complaints import Complaint, StatusEvent
from storage.users import User, user_key_for

WORKERS = 50


def test_fifty_concurrent_submissions(engine: Engine) -> None:
    barrier = threading.Barrier(WORKERS)

    def submit(i: int) -> str:
        # 25 distinct drafts, each submitted by two threads at once (a double-pressed button);
        # draft k belongs to user k % 10, so each user is also created by several threads.
        draft = ComplaintDraft(
            category="wages_unpaid",
            description=f"Не платят зарплату, случай номер {i // 2}",
            identity_tier=IdentityTier.CONFIDENTIAL,
            platform_name="Yandex Go",
            amount_kzt=100_000 + i // 2,
            consent_personal_data=True,
            full_name="Курьер Тестовый",
            contact="+7 700 000 00 00",
        )
        barrier.wait()
        with Session(engine, expire_on_commit=False) as s:
            c = submit_complaint(
                s, draft, user_key=user_key_for(i // 2 % 10, "test-salt"),
                idempotency_key=f"draft-{i // 2}",
            )
            s.commit()
            return c.receipt_code

    with ThreadPoolExecutor(WORKERS) as pool:
        codes = list(pool.map(submit, range(WORKERS)))

    assert all(codes)
    assert len(set(codes)) == WORKERS // 2
    for i in range(0, WORKERS, 2):
        assert codes[i] == codes[i + 1]  # both presses got the same receipt
    with Session(engine, expire_on_commit=False) as s:
        assert s.scalar(select(func.count()).select_from(Complaint)) == WORKERS // 2
        assert s.scalar(select(func.count()).select_from(StatusEvent)) == WORKERS // 2
        assert s.scalar(select(func.count()).select_from(User)) == 10
        amounts = set(s.scalars(select(Complaint.amount_kzt)))
        assert amounts == {100_000 + k for k in range(WORKERS // 2)}


def test_an_anonymous_draft_pressed_twice_at_once_is_stored_once(engine: Engine) -> None:
    barrier = threading.Barrier(2)
    draft = ComplaintDraft(category="wages_unpaid", description="Не платят зарплату два месяца",
                           identity_tier=IdentityTier.ANONYMOUS, platform_name="Glovo")

    def submit(_i: int) -> str:
        barrier.wait()
        with Session(engine, expire_on_commit=False) as s:
            try:
                code = submit_complaint(s, draft, user_key=user_key_for(7, "test-salt"),
                                        idempotency_key="anon-draft").receipt_code
            except AlreadySubmitted:
                return "already"
            s.commit()
            return code

    with ThreadPoolExecutor(2) as pool:
        outcomes = list(pool.map(submit, range(2)))
    assert outcomes.count("already") == 1, outcomes
    with Session(engine) as s:
        assert s.scalar(select(func.count()).select_from(Complaint)) == 1
        assert s.scalar(select(func.count()).select_from(User)) == 0
