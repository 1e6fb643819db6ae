"""Anonymous complaints filed before they were unlinkable are unlinked by migration 0011, and
users who were never asked about news lose their chat id by 0010 (SQLite and PostgreSQL)."""

from __future__ import annotations

from sqlalchemy import Engine, text

from storage.migrate import upgrade

NOW = "2026-11-01 10:00:00+00:00"


def test_old_anonymous_complaints_lose_every_link_to_their_author(empty_engine: Engine) -> None:
    upgrade(empty_engine, "0009_submitted_drafts")
    with empty_engine.begin() as c:
        c.execute(text(
            "INSERT INTO users (id, user_key, chat_id, language, language_chosen, "
            "consent_personal_data, consent_notifications, created_at, updated_at) "
            f"VALUES (1, 'k', 777, 'ru', false, false, true, '{NOW}', '{NOW}')"))
        for cid, tier, key in ((1, "anonymous", "5f1c0d6e2a3b4c5d"), (2, "named", "n-1")):
            c.execute(text(
                "INSERT INTO complaints (id, receipt_code, idempotency_key, user_id, category, "
                "employer_key, identity_tier, status, language, consent_personal_data, "
                f"submitted_at, updated_at) VALUES ({cid}, 'AAA{cid}-4444', '{key}', 1, "
                f"'wages_unpaid', 'name:x', '{tier}', 'submitted', 'ru', false, '{NOW}', "
                f"'{NOW}')"))
            c.execute(text(
                "INSERT INTO complaint_attachments (complaint_id, user_id, sha256, size_bytes, "
                f"mime_type, received_at) VALUES ({cid}, 1, 'ab', 1, 'image/jpeg', '{NOW}')"))
            c.execute(text("INSERT INTO notifications (user_id, complaint_id, kind, created_at, "
                           f"attempts) VALUES (1, {cid}, 'status_changed', '{NOW}', 0)"))
    upgrade(empty_engine)
    with empty_engine.connect() as c:
        rows = {tier: (user, key) for tier, user, key in c.execute(text(
            "SELECT identity_tier, user_id, idempotency_key FROM complaints")).all()}
        assert c.execute(text("SELECT user_id FROM complaints WHERE id = 1")).scalar() is None
        assert c.execute(text("SELECT idempotency_key FROM complaints WHERE id = 1")).scalar() \
            == "anon:legacy:1"
        assert rows["named"] == (1, "n-1")  # the others keep their author
        files = {cid: uid for cid, uid in c.execute(text(
            "SELECT complaint_id, user_id FROM complaint_attachments")).all()}
        assert files == {1: None, 2: 1}
        assert c.execute(text("SELECT complaint_id FROM notifications")).scalars().all() == [2]
        # Never asked about news (consent_notifications_at empty): no chat id, no consent.
        chat, consent = c.execute(text("SELECT chat_id, consent_notifications FROM users")).one()
        assert chat is None and not consent
