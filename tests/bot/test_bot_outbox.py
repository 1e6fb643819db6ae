"""Notifications from the storage outbox table are rendered per language and marked delivered."""

from __future__ import annotations

from pathlib import Path

from bot.outbox import SqlOutbox, open_outbox, render_notification
from bot.preferences import user_key


def test_sql_outbox_lists_renders_and_marks(tmp_path: Path) -> None:
    from storage.complaints import Complaint, Notification, StatusEvent
    from storage.db import make_engine, make_session_factory
    from storage.models import Base
    from storage.users import User

    url = f"sqlite:///{tmp_path / 'quqyq.db'}"
    engine = make_engine(url)
    Base.metadata.create_all(engine)
    sessions = make_session_factory(engine)
    with sessions() as session, session.begin():
        reachable = User(user_key=user_key(1, "s"), language="ru", chat_id=111,
                         consent_notifications=True)
        muted = User(user_key=user_key(2, "s"), language="kk", chat_id=222)  # never said yes
        session.add_all([reachable, muted])
        session.flush()
        for n, user in enumerate((reachable, muted)):
            complaint = Complaint(
                receipt_code=f"QQ-{n}",
                idempotency_key=f"idem-{n}",
                user_id=user.id,
                category="wages_unpaid",
                employer_key="too example",
                identity_tier="anonymous",
                status="in_review",
            )
            session.add(complaint)
            session.flush()
            event = StatusEvent(complaint_id=complaint.id, status="received", note="Тіркелді")
            session.add(event)
            session.flush()
            session.add(Notification(user_id=user.id, complaint_id=complaint.id))
            session.add(
                Notification(user_id=user.id, complaint_id=complaint.id, status_event_id=event.id)
            )

    outbox = open_outbox(url)
    assert isinstance(outbox, SqlOutbox)
    note, with_event = outbox.pending()  # the user without consent is not notified
    assert (note.chat_id, note.language, note.receipt_code) == (111, "ru", "QQ-0")
    assert render_notification(note) == "Статус вашей жалобы QQ-0 изменился: на рассмотрении."
    # A notification about a recorded change says that change's status and the inspector's note.
    assert (with_event.status, with_event.note) == ("received", "Тіркелді")
    assert render_notification(with_event).endswith("\nКомментарий инспектора: Тіркелді")
    outbox.delivered(with_event.id)
    outbox.failed(note.id)
    assert outbox.pending()  # a failed attempt is retried
    outbox.delivered(note.id)
    assert outbox.pending() == []
    engine.dispose()


def test_no_outbox_table_means_no_polling(tmp_path: Path) -> None:
    assert open_outbox(f"sqlite:///{tmp_path / 'empty.db'}") is None
