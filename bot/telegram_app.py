"""The Telegram front end (python-telegram-bot 22): commands, messages, buttons, notifications.

Run with ``.venv/bin/python -m bot`` when ``TELEGRAM_BOT_TOKEN`` is set (polling by default,
webhook when ``QUQYQ_WEBHOOK_URL`` is set). Every text and button press goes through
:class:`bot.assistant.Assistant`, the same path the console uses. Message texts never reach the
logs; errors are logged with their traceback only.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import weakref
from collections.abc import Sequence
from typing import Any
from urllib.parse import urlsplit

from telegram import BotCommand, CallbackQuery, Update
from telegram.constants import ChatAction, ParseMode
from telegram.error import TelegramError
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot.assistant import Assistant, Reply, Turn, unavailable_text
from bot.attachments import AttachmentStore, IncomingFile, precheck
from bot.config import Settings
from bot.outbox import Outbox, render_notification
from bot.preferences import user_key
from bot.rasa_client import RasaUnavailable
from bot.rendering import (
    PayloadBackend,
    PayloadStore,
    decode_callback,
    escape,
    keyboard,
    language_picker,
    split_text,
)
from complaints.attachments import check_quota
from complaints.validators import ComplaintValidationError
from i18n import LANGUAGES, _, use_language

__all__ = [
    "TelegramFrontEnd",
    "build_application",
    "deliver_pending",
    "run",
    "webhook_options",
]

logger = logging.getLogger(__name__)

DELETE_PAYLOAD = "/delete_my_data"
ALLOWED_UPDATES = ["message", "callback_query"]


def offered(query: CallbackQuery) -> bool:
    """Whether the pressed data is a button of the bot's message it came from.

    A modified client can send any ``callback_data`` (``/delete_my_data{"pick":"erase"}`` for a
    button never shown); Telegram tells which message was pressed and its keyboard, so only
    what the bot issued in this user's chat passes. An inaccessible (very old) message has no
    keyboard: the user is asked to type instead.
    """
    markup = getattr(query.message, "reply_markup", None)
    if markup is None or not query.data:
        return False
    return any(b.callback_data == query.data for row in markup.inline_keyboard for b in row)


class TelegramFrontEnd:
    """Handlers bound to one assistant; kept apart from building so tests can reach them."""

    def __init__(
        self,
        settings: Settings,
        assistant: Assistant,
        outbox: Outbox | None,
        attachments: AttachmentStore | None = None,
        payloads: PayloadBackend | None = None,
    ) -> None:
        self.settings = settings
        self.assistant = assistant
        self.outbox = outbox
        self.attachments = attachments
        self.payloads = PayloadStore(backend=payloads)
        self._locks: weakref.WeakValueDictionary[str, asyncio.Lock] = weakref.WeakValueDictionary()
        self._outbox_task: asyncio.Task[None] | None = None

    # -- helpers ----------------------------------------------------------------------------
    def key_of(self, update: Update) -> str:
        """The pseudonymous key of the update's user."""
        assert update.effective_user is not None
        return user_key(update.effective_user.id, self.settings.user_key_salt)

    def _lock(self, key: str) -> asyncio.Lock:
        # One turn at a time per user keeps replies in order; users never wait for each other.
        lock = self._locks.get(key)
        if lock is None:
            lock = asyncio.Lock()
            self._locks[key] = lock
        return lock

    @staticmethod
    def _hint(update: Update) -> str | None:
        return update.effective_user.language_code if update.effective_user else None

    async def _language(self, update: Update) -> str:
        language, _source, _d = await self.assistant.decide_language(
            self.key_of(update), None, self._hint(update)
        )
        return language

    async def send_replies(
        self,
        context: ContextTypes.DEFAULT_TYPE,
        chat_id: int,
        replies: Sequence[Reply],
        language: str,
    ) -> None:
        """Send replies: escaped, split at the limit, the keyboard on the last piece."""
        for reply in replies:
            text = reply.text
            if not text.strip():
                with use_language(language):
                    text = _("Choose an option:")
            chunks = split_text(text)
            markup = keyboard(reply.buttons, self.payloads)
            if self.payloads.backend is not None and markup is not None:
                try:  # short ids must be stored before anyone can press them
                    await asyncio.to_thread(self.payloads.flush)
                except Exception:
                    logger.warning("button ids not stored (work until a restart)", exc_info=True)
            for index, chunk in enumerate(chunks):
                await context.bot.send_message(
                    chat_id,
                    escape(chunk),
                    parse_mode=ParseMode.HTML,
                    reply_markup=markup if index == len(chunks) - 1 else None,
                )

    async def _typing(self, context: ContextTypes.DEFAULT_TYPE, chat_id: int) -> None:
        try:
            await context.bot.send_chat_action(chat_id, ChatAction.TYPING)
        except TelegramError:
            logger.debug("sendChatAction failed", exc_info=True)

    # -- commands ---------------------------------------------------------------------------
    async def start(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/start: greet in all three languages and offer the language picker."""
        assert update.effective_message is not None
        lines = []
        for language in LANGUAGES:
            with use_language(language):
                lines.append(
                    _(
                        "Hello! I am quqyq, an assistant on labour rights in Kazakhstan. "
                        "Choose your language:"
                    )
                )
        await update.effective_message.reply_text(
            escape("\n\n".join(lines)), parse_mode=ParseMode.HTML, reply_markup=language_picker()
        )

    async def language(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/language: the picker again."""
        assert update.effective_message is not None
        with use_language(await self._language(update)):
            text = _("Choose your language:")
        await update.effective_message.reply_text(
            escape(text), parse_mode=ParseMode.HTML, reply_markup=language_picker()
        )

    async def help(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/help: what quqyq can do and the commands."""
        assert update.effective_message is not None
        with use_language(await self._language(update)):
            text = "\n".join(
                [
                    _(
                        "I answer questions about workers' rights in Kazakhstan: unpaid or "
                        "late wages, contracts, dismissal, working time, leave, safety, "
                        "platform work (couriers, drivers), migrants' rights. I can check "
                        "which guarantees apply to you and help you prepare a complaint to "
                        "the labour inspectorate."
                    ),
                    "",
                    _("Just write your question in Kazakh, Russian or English."),
                    "",
                    _("/language — change the language"),
                    _("/privacy — what we store and how to delete it"),
                    _("/delete — delete my data"),
                    _("/help — this message"),
                ]
            )
        await update.effective_message.reply_text(escape(text), parse_mode=ParseMode.HTML)

    async def privacy(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/privacy: what is stored, anonymity options, how to delete."""
        assert update.effective_message is not None
        with use_language(await self._language(update)):
            text = "\n\n".join(
                [
                    _(
                        "What we store: a pseudonymous key instead of your Telegram id, your "
                        "language, and this chat's id only if you asked us to write to you about "
                        "your complaint (you can say no). The conversation is kept so that you can"
                        " continue it; it never holds your name, IIN, contacts, address, what you "
                        "wrote about your case or your migration status: those are kept apart, in "
                        "our database only, and go into your complaint when you send it. "
                        "Unfinished answers are deleted after 30 days, conversations after 90 days"
                        " without a message. Message texts are never written to our logs."
                    ),
                    _(
                        "Complaints can be anonymous (statistics only, no name or contact; nothing"
                        " links it to you or this chat, only its receipt code, so keep it: we "
                        "cannot send you news or delete it for you), confidential (known to the "
                        "inspector, hidden from the employer) or named. Your name, IIN and "
                        "contacts are asked for only for a confidential or named complaint and "
                        "only with your consent; only authorised inspectors see them."
                    ),
                    _(
                        "To delete your data — the personal data in your complaints, your "
                        "files, unfinished answers and this conversation — send /delete or "
                        "/delete_my_data."
                    ),
                ]
            )
        await update.effective_message.reply_text(escape(text), parse_mode=ParseMode.HTML)

    async def delete(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/delete: hand over to the delete_my_data intent in Rasa."""
        await self._converse(update, context, DELETE_PAYLOAD, is_payload=True)

    # -- messages and buttons ----------------------------------------------------------------
    async def text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A typed message: through the assistant to Rasa and back."""
        assert update.effective_message is not None and update.effective_message.text is not None
        await self._converse(update, context, update.effective_message.text, is_payload=False)

    @staticmethod
    def _incoming(update: Update) -> IncomingFile | None:
        """What Telegram says about the photo or document of the update (before downloading)."""
        message = update.effective_message
        if message is None:
            return None
        if message.photo:
            photo = message.photo[-1]  # the largest size Telegram made
            return IncomingFile(photo.file_id, photo.file_size, "image/jpeg")
        if message.document is not None:
            document = message.document
            return IncomingFile(document.file_id, document.file_size, document.mime_type)
        return None

    async def file(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A photo or document: checked, downloaded, cleaned, stored, then announced to Rasa.

        Everything that can be decided without the bytes is decided before the download: the
        type and size Telegram reports, whether a complaint draft is open (else the action
        says how to start one and nothing is downloaded) and the user's quota. A refusal is the
        localized message and nothing else: the draft is untouched, nothing typed is lost.
        """
        incoming = self._incoming(update)
        assert update.effective_chat is not None and incoming is not None
        key, chat_id, hint = self.key_of(update), update.effective_chat.id, self._hint(update)
        async with self._lock(key):
            language = await self._language(update)
            with use_language(language):
                if self.attachments is None:
                    await self._say(context, chat_id, _("Sorry, I cannot receive files right now."))
                    return
                try:
                    precheck(incoming)  # Telegram's size and type: refuse before downloading
                    if not await self.assistant.draft_open(key):
                        turn = await self.assistant.handle_attachment(key, None, hint)
                        await self.send_replies(context, chat_id, turn.replies, turn.language)
                        return
                    quota = await asyncio.to_thread(self.attachments.quota, key)
                    check_quota(quota, incoming.size)
                    telegram_file = await context.bot.get_file(incoming.file_id)
                    data = bytes(await telegram_file.download_as_bytearray())
                    attachment_id = await asyncio.to_thread(
                        self.attachments.store, key, data, incoming.mime_type
                    )
                except ComplaintValidationError as refusal:
                    await self._say(context, chat_id, str(refusal))
                    return
                except RasaUnavailable:
                    await self._say(context, chat_id, unavailable_text(language))
                    return
            turn = await self.assistant.handle_attachment(key, attachment_id, hint)
            await self.send_replies(context, chat_id, turn.replies, turn.language)

    @staticmethod
    async def _say(context: ContextTypes.DEFAULT_TYPE, chat_id: int, text: str) -> None:
        """One plain message (escaped: it is never markup)."""
        await context.bot.send_message(chat_id, escape(text), parse_mode=ParseMode.HTML)

    async def _converse(
        self, update: Update, context: ContextTypes.DEFAULT_TYPE, text: str, *, is_payload: bool
    ) -> Turn:
        assert update.effective_chat is not None
        key, chat_id, hint = self.key_of(update), update.effective_chat.id, self._hint(update)
        async with self._lock(key):
            typing = context.application.create_task(self._typing(context, chat_id))
            if is_payload:
                turn = await self.assistant.handle_payload(key, text, hint, chat_id=chat_id)
            else:
                turn = await self.assistant.handle_text(key, text, hint, chat_id=chat_id)
            await typing
            await self.send_replies(context, chat_id, turn.replies, turn.language)
            return turn

    async def button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A button press: always answered; language picks are stored, payloads go to Rasa."""
        query = update.callback_query
        assert query is not None
        if update.effective_chat is None or update.effective_chat.type != "private":
            await query.answer()
            return
        data = (query.data or "") if offered(query) else ""  # forged: treated as expired
        decoded = decode_callback(data, self.payloads) if data else None
        kind, _sep, short = data.partition(":")
        if decoded is None and kind == "k" and self.payloads.backend is not None:
            # A button sent before a restart: its id is in storage, not in memory.
            payload = await asyncio.to_thread(self.payloads.restore, short)
            decoded = ("payload", payload) if payload else None
        if decoded is None:
            with use_language(await self._language(update)):
                await query.answer(_("This button has expired. Please type your question."))
            return
        await query.answer()
        kind, value = decoded
        if kind == "lang":
            turn = await self.assistant.choose_language(self.key_of(update), value)
            await query.edit_message_text(escape(turn.replies[0].text), parse_mode=ParseMode.HTML)
            return
        try:
            # The choice is made: remove the keyboard so it cannot be pressed twice.
            await query.edit_message_reply_markup(reply_markup=None)
        except TelegramError:
            logger.debug("could not remove a keyboard", exc_info=True)
        await self._converse(update, context, value, is_payload=True)

    async def not_here(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Anything in a group or channel: one short note to write privately, nothing stored."""
        message = update.effective_message
        if message is None or not (message.text or "").startswith("/"):
            return  # only answer what was addressed to the bot; ignore the group's chatter
        with use_language(self._hint(update)):
            text = _("Please write to me in a private chat: here others would read your case.")
        await message.reply_text(escape(text), parse_mode=ParseMode.HTML)

    async def error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Log the error with its traceback (no message content) and tell the user briefly."""
        logger.error("error while handling an update", exc_info=context.error)
        if isinstance(update, Update) and update.effective_chat is not None:
            try:
                language = await self._language(update) if update.effective_user else "ru"
                await context.bot.send_message(update.effective_chat.id, unavailable_text(language))
            except Exception:  # the error handler must never raise
                logger.debug("could not report the error to the user", exc_info=True)

    # -- lifecycle ---------------------------------------------------------------------------
    async def post_init(self, application: Application[Any, Any, Any, Any, Any, Any]) -> None:
        """Register the command menu per language and start the outbox poller."""
        for language in LANGUAGES:
            with use_language(language):
                commands = [
                    BotCommand("start", _("start and choose the language")),
                    BotCommand("language", _("change the language")),
                    BotCommand("help", _("what I can do")),
                    BotCommand("privacy", _("what we store about you")),
                    BotCommand("delete", _("delete my data")),
                ]
            try:
                await application.bot.set_my_commands(
                    commands, language_code=None if language == "en" else language
                )
            except TelegramError:
                logger.warning("could not set the command menu for %s", language, exc_info=True)
        if self.outbox is not None:
            self._outbox_task = asyncio.create_task(self._outbox_loop(application))

    async def _outbox_loop(self, application: Application[Any, Any, Any, Any, Any, Any]) -> None:
        assert self.outbox is not None
        while True:
            try:
                await deliver_pending(application.bot, self.outbox)
            except Exception:
                logger.exception("outbox delivery failed")
            await asyncio.sleep(self.settings.outbox_interval)

    async def post_shutdown(self, application: Application[Any, Any, Any, Any, Any, Any]) -> None:
        """Stop the poller and close the Rasa connections."""
        if self._outbox_task is not None:
            self._outbox_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._outbox_task
        await self.assistant.rasa.aclose()


async def deliver_pending(bot: Any, outbox: Outbox) -> int:
    """Send every pending notification once; return how many were delivered."""
    delivered = 0
    for note in await asyncio.to_thread(outbox.pending):
        try:
            await bot.send_message(
                note.chat_id, escape(render_notification(note)), parse_mode=ParseMode.HTML
            )
        except TelegramError:
            logger.warning("notification %s not delivered", note.id, exc_info=True)
            await asyncio.to_thread(outbox.failed, note.id)
            continue
        await asyncio.to_thread(outbox.delivered, note.id)
        delivered += 1
    return delivered


def build_application(
    settings: Settings,
    assistant: Assistant,
    outbox: Outbox | None = None,
    attachments: AttachmentStore | None = None,
    payloads: PayloadBackend | None = None,
) -> Application[Any, Any, Any, Any, Any, Any]:
    """The whole Telegram application: API endpoints, handlers, error handler, lifecycle hooks."""
    if not settings.telegram_token:
        raise ValueError("TELEGRAM_BOT_TOKEN is not set")
    front = TelegramFrontEnd(settings, assistant, outbox, attachments, payloads)
    application = (
        ApplicationBuilder()
        .token(settings.telegram_token)
        .base_url(settings.bot_api_url)
        .base_file_url(settings.bot_file_url)
        # Users are served concurrently; per-user order is kept by TelegramFrontEnd._lock.
        .concurrent_updates(64)
        .connection_pool_size(64)
        .read_timeout(settings.rasa_timeout + 10)
        .post_init(front.post_init)
        .post_shutdown(front.post_shutdown)
        .build()
    )
    application.bot_data["front_end"] = front
    private = filters.ChatType.PRIVATE
    # A case is told in a private chat only: in a group everybody would read it.
    application.add_handler(MessageHandler(~private, front.not_here))
    application.add_handler(CommandHandler("start", front.start, filters=private))
    application.add_handler(CommandHandler("language", front.language, filters=private))
    application.add_handler(CommandHandler("help", front.help, filters=private))
    application.add_handler(CommandHandler("privacy", front.privacy, filters=private))
    application.add_handler(
        CommandHandler(["delete", "delete_my_data"], front.delete, filters=private)
    )
    application.add_handler(MessageHandler(private & filters.TEXT & ~filters.COMMAND, front.text))
    application.add_handler(
        MessageHandler(private & (filters.PHOTO | filters.Document.ALL), front.file)
    )
    application.add_handler(CallbackQueryHandler(front.button))
    application.add_error_handler(front.error)
    return application


def webhook_options(settings: Settings) -> dict[str, Any]:
    """Arguments of ``run_webhook``/``Updater.start_webhook`` for webhook mode.

    Refuses a webhook without ``QUQYQ_WEBHOOK_SECRET``: anyone who finds the URL could post
    forged updates — a button press on someone else's behalf.
    """
    assert settings.webhook_url, "QUQYQ_WEBHOOK_URL is not set"
    if not settings.webhook_secret:
        raise ValueError(
            "QUQYQ_WEBHOOK_SECRET is not set: webhook mode needs a secret token (Telegram sends "
            "it with every update; requests without it are refused)"
        )
    return {
        "listen": settings.webhook_listen,
        "port": settings.webhook_port,
        "url_path": urlsplit(settings.webhook_url).path.lstrip("/"),
        "webhook_url": settings.webhook_url,
        "secret_token": settings.webhook_secret,
        "allowed_updates": ALLOWED_UPDATES,
    }


def run(
    settings: Settings,
    assistant: Assistant,
    outbox: Outbox | None = None,
    attachments: AttachmentStore | None = None,
    payloads: PayloadBackend | None = None,
) -> None:
    """Run the bot until interrupted: webhook when configured, else long polling."""
    logging.getLogger("httpx").setLevel(logging.WARNING)  # it logs every URL, token included
    application = build_application(settings, assistant, outbox, attachments, payloads)
    if settings.webhook_url:
        application.run_webhook(**webhook_options(settings))
    else:
        application.run_polling(allowed_updates=ALLOWED_UPDATES)
