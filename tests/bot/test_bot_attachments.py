"""Photos and documents sent in Telegram: size/type checked before the download, stored with
their SHA-256 under DATA_DIR, announced to Rasa as ``/complaint_attach`` + ``attachment_id``."""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.assistant import Assistant
from bot.attachments import ATTACH_PAYLOAD, SqlAttachmentStore, open_attachment_store
from bot.language import LanguageDetector
from bot.preferences import MemoryPreferenceStore
from bot.rasa_client import RasaClient
from complaints.service import attachment_path
from complaints.validators import MAX_ATTACHMENT_BYTES
from storage.complaints import Attachment
from storage.db import make_engine, make_session_factory
from storage.migrate import upgrade
from tests.bot.conftest import RunningBot, make_settings, start_bot, stop_bot
from tests.fakes.rasa_stub import RasaStub
from tests.fakes.telegram_api import FakeTelegramAPI

USER = 4242
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 200
PDF = b"%PDF-1.4\n" + b"%" * 300


@pytest.fixture
async def bot_with_files(
    fake_api: FakeTelegramAPI, rasa_stub: RasaStub, tmp_path: Path, detector: LanguageDetector
) -> AsyncIterator[tuple[RunningBot, SqlAttachmentStore, Path]]:
    """The real Application with a migrated SQLite database for attachments."""
    settings = make_settings(tmp_path, fake_api, rasa_stub.url)
    engine = make_engine(settings.database_url)
    upgrade(engine)
    store = open_attachment_store(settings.database_url, settings.data_dir)
    assert isinstance(store, SqlAttachmentStore)
    assistant = Assistant(
        RasaClient(settings.rasa_url, timeout=settings.rasa_timeout),
        MemoryPreferenceStore(),
        detector,
    )
    application = await start_bot(fake_api, settings, assistant, attachments=store)
    try:
        yield RunningBot(fake_api, application, assistant), store, settings.data_dir
    finally:
        await stop_bot(application)
        engine.dispose()


def _rows(data_dir: Path) -> list[Attachment]:
    engine = make_engine(f"sqlite:///{data_dir / 'quqyq.db'}")
    try:
        with make_session_factory(engine)() as session:
            return list(session.scalars(select(Attachment).order_by(Attachment.id)))
    finally:
        engine.dispose()


async def test_photo_and_document_are_stored_and_announced(
    bot_with_files: tuple[RunningBot, SqlAttachmentStore, Path], rasa_stub: RasaStub
) -> None:
    running, _store, data_dir = bot_with_files
    api = running.api
    api.push_photo(USER, JPEG, language_code="ru")
    await running.wait_for("sendMessage", chat_id=USER)
    api.push_document(USER, PDF, file_name="договор.pdf", mime_type="application/pdf")
    await running.wait_for("sendMessage", count=2, chat_id=USER)

    rows = _rows(data_dir)
    assert [r.mime_type for r in rows] == ["image/jpeg", "application/pdf"]
    assert rows[0].sha256 == hashlib.sha256(JPEG).hexdigest()
    assert attachment_path(rows[1].sha256, data_dir).read_bytes() == PDF
    assert rows[1].filename == "договор.pdf" and rows[0].received_at is not None
    sent = [r for r in rasa_stub.requests if "webhook" in r["path"]]
    assert [r["message"] for r in sent] == [ATTACH_PAYLOAD, ATTACH_PAYLOAD]
    assert [r["metadata"]["attachment_id"] for r in sent] == [rows[0].id, rows[1].id]
    assert all(len(r["metadata"]["user_key"]) == 64 for r in sent)


async def test_too_large_is_refused_before_download(
    bot_with_files: tuple[RunningBot, SqlAttachmentStore, Path], rasa_stub: RasaStub
) -> None:
    running, _store, data_dir = bot_with_files
    api = running.api
    api.push_document(
        USER, PDF, file_name="scan.pdf", mime_type="application/pdf",
        size=MAX_ATTACHMENT_BYTES + 1, language_code="ru",
    )
    (sent,) = await running.wait_for("sendMessage", chat_id=USER)
    assert "20" in sent.params["text"] and "МБ" in sent.params["text"], sent.params["text"]
    assert api.downloads == [] and api.calls_of("getFile") == []
    assert _rows(data_dir) == []
    assert not [r for r in rasa_stub.requests if "webhook" in r["path"]]


async def test_wrong_type_and_spoofed_content_are_refused(
    bot_with_files: tuple[RunningBot, SqlAttachmentStore, Path], rasa_stub: RasaStub
) -> None:
    running, _store, data_dir = bot_with_files
    api = running.api
    api.push_document(
        USER, b"MZ\x90\x00" + b"\x00" * 100, file_name="run.exe",
        mime_type="application/x-msdownload", language_code="kk",
    )
    (refused,) = await running.wait_for("sendMessage", chat_id=USER)
    assert "PDF" in refused.params["text"] and api.downloads == []
    # Declared as a PDF, but the bytes say otherwise: downloaded, checked, refused.
    api.push_document(
        USER, b"MZ\x90\x00" + b"\x00" * 100, file_name="run.pdf", mime_type="application/pdf"
    )
    sent = await running.wait_for("sendMessage", count=2, chat_id=USER)
    assert sent[1].params["text"] != refused.params["text"]
    assert len(api.downloads) == 1 and _rows(data_dir) == []
    assert not [r for r in rasa_stub.requests if "webhook" in r["path"]]


async def test_without_storage_files_are_declined(running_bot: RunningBot) -> None:
    running_bot.api.push_photo(USER, JPEG, language_code="en")
    (sent,) = await running_bot.wait_for("sendMessage", chat_id=USER)
    assert sent.params["text"] == "Sorry, I cannot receive files right now."
    assert running_bot.api.downloads == []
