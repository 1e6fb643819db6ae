"""The complaint service on SQLite and PostgreSQL: submit, idempotency, status history and
notifications, the author's view, attachments and delete_my_data."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from complaints.attachments import attachment_path, store_attachment
from complaints.model import ComplaintDraft, IdentityTier
from complaints.service import (
    change_status,
    complaint_for_author,
    delete_my_data,
    mark_notification_delivered,
    pending_notifications,
    submit_complaint,
)
from complaints.validators import ComplaintValidationError
from storage.complaints import Attachment, Complaint, Notification, StatusEvent
from storage.users import User, get_or_create_user, user_key_for
from tests.fakes.files import jpeg

ALICE, BOB = user_key_for(1001, "test-salt"), user_key_for(1002, "test-salt")
JPEG = jpeg((120, 10, 200))


def named_draft(**overrides: object) -> ComplaintDraft:
    values: dict[str, object] = dict(
        category="wages_unpaid",
        description="Зарплату не платят три месяца, обещают потом.",
        identity_tier=IdentityTier.NAMED,
        employer_name='ТОО "Ромашка"',
        employer_bin="971240001315",
        region="Алматы",
        city="Алматы",
        period_start=date(2026, 3, 1),
        period_end=date(2026, 5, 31),
        amount_kzt=450_000,
        request="Выплатить долг по зарплате",
        consent_personal_data=True,
        full_name="Айгерим Серікқызы Нұрланова",
        iin="880315400128",
        address="г. Алматы, ул. Абая 1, кв. 2",
        contact="+7 700 000 00 00",
        language="ru",
    )
    values.update(overrides)
    return ComplaintDraft(**values)  # type: ignore[arg-type]


def test_submit_is_idempotent(engine: Engine) -> None:
    with Session(engine, expire_on_commit=False) as s:
        first = submit_complaint(s, named_draft(), user_key=ALICE, idempotency_key="draft-1")
        s.commit()
    with Session(engine, expire_on_commit=False) as s:
        again = submit_complaint(s, named_draft(), user_key=ALICE, idempotency_key="draft-1")
        s.commit()
        assert again.id == first.id and again.receipt_code == first.receipt_code
        assert s.scalar(select(func.count()).select_from(Complaint)) == 1
        assert [e.status for e in s.scalars(select(StatusEvent))] == ["submitted"]


def test_anonymous_submission_drops_personal_fields(engine: Engine) -> None:
    with Session(engine, expire_on_commit=False) as s:
        c = submit_complaint(
            s,
            named_draft(identity_tier=IdentityTier.ANONYMOUS, consent_personal_data=False),
            user_key=ALICE,
            idempotency_key="anon-1",
        )
        s.commit()
        assert (c.full_name, c.iin, c.address, c.contact) == (None, None, None, None)
        assert c.employer_key == "bin:971240001315"


def test_no_consent_means_anonymous_only(engine: Engine) -> None:
    with Session(engine) as s, pytest.raises(ComplaintValidationError) as info:
        submit_complaint(
            s, named_draft(consent_personal_data=False), user_key=ALICE, idempotency_key="x"
        )
    assert info.value.field == "consent"


def test_without_a_yes_to_news_no_chat_is_kept_and_nothing_is_queued(engine: Engine) -> None:
    with Session(engine, expire_on_commit=False) as s:
        get_or_create_user(s, ALICE, chat_id=555)  # e.g. from an older version of the bot
        c = submit_complaint(s, named_draft(notify=False), user_key=ALICE, idempotency_key="n")
        change_status(s, c.receipt_code, "received")
        s.commit()
        user = s.scalars(select(User).where(User.user_key == ALICE)).one()
        assert user.chat_id is None and not user.consent_notifications
        assert s.scalar(select(func.count()).select_from(Notification)) == 0


def test_status_change_writes_history_and_outbox(engine: Engine) -> None:
    with Session(engine, expire_on_commit=False) as s:
        get_or_create_user(s, ALICE, chat_id=555, language="kk")
        c = submit_complaint(s, named_draft(notify=True), user_key=ALICE, idempotency_key="d")
        s.commit()
        code = c.receipt_code
    with Session(engine, expire_on_commit=False) as s:
        change_status(s, code.lower().replace("-", ""), "received", note="Тіркелді", actor="insp1")
        change_status(s, code, "in_review")
        s.commit()
    with Session(engine, expire_on_commit=False) as s:
        history = s.scalars(select(StatusEvent).order_by(StatusEvent.id)).all()
        assert [(e.status, e.note) for e in history] == [
            ("submitted", None), ("received", "Тіркелді"), ("in_review", None)
        ]
        pending = pending_notifications(s)
        assert [(p.chat_id, p.language, p.status) for p in pending] == [
            (555, "kk", "received"), (555, "kk", "in_review")
        ]
        mark_notification_delivered(s, pending[0].notification_id)
        s.commit()
        assert [p.status for p in pending_notifications(s)] == ["in_review"]
        with pytest.raises(ValueError, match="cannot go from in_review to submitted"):
            change_status(s, code, "submitted")
        with pytest.raises(LookupError):
            change_status(s, "AAAA-AAAA", "received")


def test_only_the_author_sees_the_complaint(engine: Engine) -> None:
    with Session(engine, expire_on_commit=False) as s:
        c = submit_complaint(s, named_draft(), user_key=ALICE, idempotency_key="d")
        s.commit()
        assert complaint_for_author(s, c.receipt_code, ALICE) is not None
        assert complaint_for_author(s, c.receipt_code, BOB) is None
        assert complaint_for_author(s, "nonsense", ALICE) is None


def test_delete_my_data_keeps_statistics_only(engine: Engine, tmp_path: Path) -> None:
    with Session(engine, expire_on_commit=False) as s:
        get_or_create_user(s, ALICE, chat_id=777)
        a = store_attachment(
            s, user_key=ALICE, data=JPEG, mime_type="image/jpeg",
            data_dir=tmp_path,
        )
        c = submit_complaint(
            s, named_draft(attachment_ids=[a.id]), user_key=ALICE, idempotency_key="d"
        )
        submit_complaint(s, named_draft(), user_key=BOB, idempotency_key="bob")
        change_status(s, c.receipt_code, "received", note="Звонили Айгерим")
        s.commit()
        digest = a.sha256
        assert attachment_path(digest, tmp_path).exists()
        assert len(c.attachments) == 1

    with Session(engine, expire_on_commit=False) as s:
        report = delete_my_data(s, ALICE, data_dir=tmp_path)
        s.commit()
    assert report.complaints_anonymised == 1 and report.attachments_deleted == 1
    assert report.files_deleted == 1 and not attachment_path(digest, tmp_path).exists()

    with Session(engine, expire_on_commit=False) as s:
        assert s.scalars(select(User).where(User.user_key == ALICE)).first() is None
        kept = s.scalars(select(Complaint).where(Complaint.idempotency_key == "d")).one()
        assert kept.user_id is None and kept.erased_at is not None
        assert (kept.full_name, kept.iin, kept.address, kept.contact, kept.description) == (
            None, None, None, None, None
        )
        assert (kept.category, kept.employer_bin, kept.amount_kzt, kept.status) == (
            "wages_unpaid", "971240001315", 450_000, "received"
        )
        assert all(e.note is None for e in kept.history)
        assert s.scalar(select(func.count()).select_from(Attachment)) == 0
        assert s.scalar(select(func.count()).select_from(Notification)) == 0
        bob = s.scalars(select(Complaint).where(Complaint.idempotency_key == "bob")).one()
        assert bob.full_name is not None  # other users untouched


def test_purge_unlinked_attachments_of_abandoned_drafts(engine: Engine, tmp_path: Path) -> None:
    from datetime import timedelta

    from complaints.attachments import purge_unlinked_attachments
    from storage.base import utcnow

    with Session(engine, expire_on_commit=False) as s:
        old = store_attachment(s, user_key=ALICE, data=JPEG, mime_type="image/jpeg",
                               received_at=utcnow() - timedelta(days=40), data_dir=tmp_path)
        fresh = store_attachment(s, user_key=ALICE, data=jpeg((1, 200, 1)), mime_type="image/jpeg",
                                 data_dir=tmp_path)
        linked = store_attachment(s, user_key=ALICE, data=jpeg((1, 1, 250)), mime_type="image/jpeg",
                                  received_at=utcnow() - timedelta(days=40), data_dir=tmp_path)
        submit_complaint(s, named_draft(attachment_ids=[linked.id]), user_key=ALICE,
                         idempotency_key="p")
        s.commit()
        assert purge_unlinked_attachments(s, data_dir=tmp_path) == 1
        s.commit()
        assert not attachment_path(old.sha256, tmp_path).exists()
        assert attachment_path(fresh.sha256, tmp_path).exists()
        assert attachment_path(linked.sha256, tmp_path).exists()
