"""An anonymous complaint cannot be joined to its author, their chat or their draft (SQLite and
PostgreSQL): no user id, no user row made or touched, a random idempotency key, a day instead of
a time, files without an owner; it is followed by its receipt code alone."""

from __future__ import annotations

import hashlib
from datetime import time
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select, text
from sqlalchemy.orm import Session

from complaints.attachments import store_attachment
from complaints.model import IdentityTier
from complaints.service import (
    AlreadySubmitted,
    change_status,
    complaint_for_author,
    complaints_of_author,
    delete_my_data,
    submit_complaint,
)
from storage.complaints import Attachment, Complaint, Notification, SubmittedDraft
from storage.users import User, get_or_create_user, user_key_for
from tests.fakes.files import jpeg
from tests.storage.test_complaint_store import named_draft

AUTHOR, OTHER = user_key_for(2001, "test-salt"), user_key_for(2002, "test-salt")
DRAFT_ID = "5f1c0d6e2a3b4c5d8e9f0a1b2c3d4e5f"


def anonymous_draft(**overrides: object):  # type: ignore[no-untyped-def]
    return named_draft(identity_tier=IdentityTier.ANONYMOUS, consent_personal_data=False,
                       **overrides)


def _submit(s: Session, **overrides: object) -> Complaint:
    return submit_complaint(s, anonymous_draft(**overrides), user_key=AUTHOR,
                            idempotency_key=DRAFT_ID)


def test_the_row_holds_nothing_that_leads_to_the_author(engine: Engine, tmp_path: Path) -> None:
    with Session(engine, expire_on_commit=False) as s:
        get_or_create_user(s, AUTHOR, chat_id=777000111, language="kk")
        photo = store_attachment(s, user_key=AUTHOR, data=jpeg((1, 2, 3)),
                                 mime_type="image/jpeg", data_dir=tmp_path)
        s.commit()
        user_before = s.execute(text("SELECT * FROM users")).all()
        complaint = _submit(s, attachment_ids=[photo.id])
        s.commit()
        assert complaint.user_id is None
        assert DRAFT_ID not in complaint.idempotency_key
        assert complaint.submitted_at.time() == time(0, 0)  # the day, not the minute
        assert complaint.consent_at is None and complaint.full_name is None
        # The user row was read (to find the draft's files) but not changed.
        assert s.execute(text("SELECT * FROM users")).all() == user_before
        stored = s.get(Attachment, photo.id)
        assert stored is not None and stored.complaint_id == complaint.id
        assert stored.user_id is None and stored.received_at == complaint.submitted_at
        # Every column of every table that mentions the complaint, searched for the user.
        user_id = s.scalar(select(User.id).where(User.user_key == AUTHOR))
        row = s.execute(select(Complaint.__table__).where(Complaint.id == complaint.id)).one()
        assert user_id is not None and row.user_id is None
        for value in row:
            assert value not in (AUTHOR, 777000111, DRAFT_ID)
        linked = s.scalar(select(func.count()).select_from(Attachment)
                          .where(Attachment.complaint_id == complaint.id,
                                 Attachment.user_id.is_not(None)))
        assert linked == 0
        # The guard holds a digest of the draft id and nothing that points to the complaint.
        guard = s.execute(select(SubmittedDraft.__table__)).all()
        assert guard == [(hashlib.sha256(DRAFT_ID.encode()).hexdigest(),)]


def test_no_user_row_is_made_for_an_anonymous_author(engine: Engine) -> None:
    with Session(engine) as s:
        _submit(s)
        s.commit()
        assert s.scalar(select(func.count()).select_from(User)) == 0


def test_a_second_submit_is_refused_without_storing_twice(engine: Engine) -> None:
    with Session(engine) as s:
        _submit(s)
        s.commit()
    with Session(engine) as s:
        with pytest.raises(AlreadySubmitted):
            _submit(s)
        s.rollback()
        assert s.scalar(select(func.count()).select_from(Complaint)) == 1


def test_the_code_alone_follows_it_and_nothing_is_sent(engine: Engine) -> None:
    with Session(engine, expire_on_commit=False) as s:
        get_or_create_user(s, AUTHOR, chat_id=777000111)
        complaint = _submit(s)
        change_status(s, complaint.receipt_code, "received", note="Принято")
        s.commit()
        assert s.scalar(select(func.count()).select_from(Notification)) == 0
        # Whoever holds the code sees the status (it is all that links the author to it)...
        for holder in (AUTHOR, OTHER):
            found = complaint_for_author(s, complaint.receipt_code.lower(), holder)
            assert found is not None and found.id == complaint.id
        # ...and no list of "my complaints" can show it.
        assert complaints_of_author(s, AUTHOR) == []


def test_an_erased_named_complaint_is_not_opened_by_its_code(engine: Engine) -> None:
    with Session(engine, expire_on_commit=False) as s:
        named = submit_complaint(s, named_draft(), user_key=AUTHOR, idempotency_key="n-1")
        delete_my_data(s, AUTHOR)
        s.commit()
        assert named.user_id is None
        assert complaint_for_author(s, named.receipt_code, AUTHOR) is None


def test_delete_my_data_leaves_anonymous_complaints_and_finds_nothing_of_them(
    engine: Engine,
) -> None:
    with Session(engine, expire_on_commit=False) as s:
        get_or_create_user(s, AUTHOR)
        complaint = _submit(s)
        report = delete_my_data(s, AUTHOR)
        s.commit()
        assert report.complaints_anonymised == 0
        s.refresh(complaint)
        assert complaint.description is not None  # nothing tied it to the author
