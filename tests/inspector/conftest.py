"""A small SQLite database of complaints covering every tier, duplicates and hostile text."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from inspector_seed import (
    INJECTIONS,
    JPEG,
    OTHER_JPEG,
    SECRET_ADDRESS,
    SECRET_IIN,
    SECRET_NAME,
    SECRET_PHONE,
    Seeded,
)

from complaints.attachments import store_attachment
from complaints.model import ComplaintDraft, IdentityTier
from complaints.service import change_status, submit_complaint
from storage.db import make_engine, make_session_factory
from storage.migrate import upgrade
from storage.users import get_or_create_user, user_key_for


def _draft(**kw: object) -> ComplaintDraft:
    values: dict[str, object] = dict(
        category="wages_unpaid",
        description="Жалақы үш ай бойы төленбеді, директор уәде береді.",
        employer_name='ТОО "Ромашка"',
        employer_bin="971240001315",
        region="Алматы",
        city="Алматы",
        period_start=date(2026, 3, 1),
        period_end=date(2026, 5, 31),
        amount_kzt=450_000,
        request="Жалақыны төлеу",
        language="kk",
    )
    values.update(kw)
    return ComplaintDraft(**values)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Seeded:
    base: Path = tmp_path_factory.mktemp("inspector")
    url = f"sqlite:///{base / 'quqyq.db'}"
    engine = make_engine(url)
    upgrade(engine)
    personal = dict(
        consent_personal_data=True, full_name=SECRET_NAME, iin=SECRET_IIN,
        address=SECRET_ADDRESS, contact=SECRET_PHONE,
    )
    with make_session_factory(engine)() as s:
        alice, bob, carol = (user_key_for(n, "test-salt") for n in (1, 2, 3))
        get_or_create_user(s, alice, chat_id=111, language="kk")
        photo = store_attachment(s, user_key=alice, data=JPEG, mime_type="image/jpeg",
                                 data_dir=base)
        named = submit_complaint(
            s, _draft(identity_tier=IdentityTier.NAMED, attachment_ids=[photo.id], notify=True,
                      **personal),
            user_key=alice, idempotency_key="named",
        )
        change_status(s, named.receipt_code, "received", note="Тіркелді")
        # Anonymous, but the author typed personal data into the free text anyway.
        anon_photo = store_attachment(s, user_key=bob, data=OTHER_JPEG, mime_type="image/jpeg",
                                      data_dir=base)
        anonymous = submit_complaint(
            s,
            _draft(identity_tier=IdentityTier.ANONYMOUS, platform_name="Yandex Go",
                   employer_bin=None, employer_name=None, attachment_ids=[anon_photo.id],
                   description=f"Меня зовут {SECRET_NAME}, телефон {SECRET_PHONE}",
                   request=f"ИИН {SECRET_IIN}"),
            user_key=bob, idempotency_key="anon",
        )
        # Same author, same employer, same period, filed twice (e.g. a new draft): flagged.
        dup1 = submit_complaint(
            s, _draft(identity_tier=IdentityTier.CONFIDENTIAL, **personal),
            user_key=carol, idempotency_key="dup-1",
        )
        dup2 = submit_complaint(
            s, _draft(identity_tier=IdentityTier.CONFIDENTIAL, amount_kzt=460_000, **personal),
            user_key=carol, idempotency_key="dup-2",
        )
        hostile = submit_complaint(
            s,
            _draft(identity_tier=IdentityTier.CONFIDENTIAL, employer_bin=None,
                   employer_name=INJECTIONS[0], description=" ".join(INJECTIONS) + " ok",
                   request=INJECTIONS[1], region=INJECTIONS[3], city=INJECTIONS[4],
                   **{**personal, "full_name": INJECTIONS[2], "contact": INJECTIONS[5]}),
            user_key=user_key_for(4, "test-salt"), idempotency_key="hostile",
        )
        # The service collapses whitespace; tab/CR payloads could still arrive by another path
        # (imports, manual fixes), so write them directly to prove the exporter handles them.
        hostile.city, hostile.contact = INJECTIONS[4], INJECTIONS[5]
        s.commit()
        seeded = Seeded(url, named.receipt_code, anonymous.receipt_code,
                        (dup1.receipt_code, dup2.receipt_code), hostile.receipt_code)
    engine.dispose()
    return seeded
