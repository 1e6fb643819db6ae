"""Photos and documents sent in Telegram: size, type, open draft and quota checked before the
download, stored without metadata or name under DATA_DIR, announced to Rasa as
``/complaint_attach`` + a signed ``attachment_id``."""

from __future__ import annotations

import hashlib
import io
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.assistant import Assistant
from bot.attachments import ATTACH_PAYLOAD, SqlAttachmentStore, open_attachment_store
from bot.language import LanguageDetector
from bot.preferences import MemoryPreferenceStore
from bot.rasa_client import RasaClient
from complaints.attachments import DRAFT_FILES, attachment_path
from complaints.validators import MAX_ATTACHMENT_BYTES
from storage.complaints import Attachment
from storage.db import make_engine, make_session_factory
from storage.migrate import upgrade
from storage.secrets import shared_secret
from storage.users import signature_is_valid
from tests.bot.conftest import RunningBot, make_settings, start_bot, stop_bot
from tests.fakes.files import SECRET_AUTHOR, SECRET_CAMERA, jpeg, pdf_with_author, photo_with_gps
from tests.fakes.rasa_stub import RasaStub
from tests.fakes.telegram_api import FakeTelegramAPI

USER = 4242
JPEG = jpeg()
PDF = pdf_with_author()


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
    for row in rows:  # what is stored is what the row's hash says
        stored = attachment_path(row.sha256, data_dir).read_bytes()
        assert row.sha256 == hashlib.sha256(stored).hexdigest() and row.size_bytes == len(stored)
    assert SECRET_AUTHOR.encode() not in attachment_path(rows[1].sha256, data_dir).read_bytes()
    assert not hasattr(rows[1], "filename") and rows[0].received_at is not None
    assert "договор".encode() not in (data_dir / "quqyq.db").read_bytes()
    sent = [r for r in rasa_stub.requests if "webhook" in r["path"]]
    assert [r["message"] for r in sent] == [ATTACH_PAYLOAD, ATTACH_PAYLOAD]
    assert [r["metadata"]["attachment_id"] for r in sent] == [rows[0].id, rows[1].id]
    assert all(len(r["metadata"]["user_key"]) == 64 for r in sent)
    key = shared_secret("metadata_key")
    assert all(signature_is_valid(key, r["sender"], r["metadata"]) for r in sent)


async def test_a_photo_sent_as_a_document_loses_its_exif_and_gps(
    bot_with_files: tuple[RunningBot, SqlAttachmentStore, Path],
) -> None:
    running, _store, data_dir = bot_with_files
    original = photo_with_gps()
    assert SECRET_CAMERA.encode() in original
    running.api.push_document(running_user := USER, original, file_name="IMG_2041.jpg",
                              mime_type="image/jpeg", language_code="kk")
    await running.wait_for("sendMessage", chat_id=running_user)
    (row,) = _rows(data_dir)
    stored = attachment_path(row.sha256, data_dir).read_bytes()
    from PIL import Image

    with Image.open(io.BytesIO(stored)) as image:
        assert not image.getexif() and image.size == (40, 80)  # turned upright, EXIF gone
    for secret in (SECRET_CAMERA, SECRET_AUTHOR, "Exif"):
        assert secret.encode() not in stored
    assert b"IMG_2041" not in (data_dir / "quqyq.db").read_bytes()


async def test_without_an_open_draft_nothing_is_downloaded(
    bot_with_files: tuple[RunningBot, SqlAttachmentStore, Path], rasa_stub: RasaStub
) -> None:
    running, _store, data_dir = bot_with_files
    rasa_stub.default_slots = {}  # no complaint started (or it was already submitted)
    running.api.push_photo(USER, JPEG, language_code="ru")
    await running.wait_for("sendMessage", chat_id=USER)
    assert running.api.downloads == [] and running.api.calls_of("getFile") == []
    assert _rows(data_dir) == []
    (sent,) = [r for r in rasa_stub.requests if "webhook" in r["path"]]
    # The action answers "start a complaint first" (with the button); no id, nothing stored.
    assert sent["message"] == ATTACH_PAYLOAD and "attachment_id" not in sent["metadata"]


async def test_a_full_draft_is_refused_before_download(
    bot_with_files: tuple[RunningBot, SqlAttachmentStore, Path], rasa_stub: RasaStub
) -> None:
    running, _store, data_dir = bot_with_files
    api = running.api
    for n in range(DRAFT_FILES):
        api.push_photo(USER, jpeg((n * 20, 10, 10)), language_code="ru")
        await running.wait_for("sendMessage", count=n + 1, chat_id=USER)
    assert len(_rows(data_dir)) == DRAFT_FILES
    api.push_photo(USER, jpeg((250, 250, 0)))
    sent = await running.wait_for("sendMessage", count=DRAFT_FILES + 1, chat_id=USER)
    assert str(DRAFT_FILES) in sent[-1].params["text"]
    assert len(api.downloads) == DRAFT_FILES and len(_rows(data_dir)) == DRAFT_FILES


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
