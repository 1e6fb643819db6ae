"""A fake Telegram Bot API server on 127.0.0.1 for running the real python-telegram-bot stack.

It speaks enough of the Bot API for quqyq: getMe, getUpdates (long polling over a queue the test
fills: text, photo and document messages, button presses), getFile and the file download,
sendMessage, sendChatAction, sendDocument, answerCallbackQuery, editMessageText,
editMessageReplyMarkup, deleteWebhook, setWebhook, getWebhookInfo, setMyCommands,
deleteMyCommands, close, logOut. Every call is recorded (method, parameters, time) so tests can
assert on what the bot did. Runs in a thread, so it serves any event loop.

    with FakeTelegramAPI() as api:
        api.push_message(user_id=1, text="/start", language_code="kk")
        sent = api.wait_for("sendMessage", chat_id=1)
"""

from __future__ import annotations

import email.parser
import email.policy
import itertools
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, unquote

from tests.fakes.json_http import reply_json

BOT_ID = 777000111
BOT_USERNAME = "quqyq_test_bot"


class _Server(ThreadingHTTPServer):
    """A threaded server whose accept backlog holds a burst of concurrent clients (default 5)."""

    request_queue_size = 128
    daemon_threads = True


@dataclass
class Call:
    """One Bot API request the bot made."""

    method: str
    params: dict[str, Any]
    at: float = field(default_factory=time.monotonic)


def _decode(value: Any) -> Any:
    """Form fields carry JSON for non-string values (python-telegram-bot encodes them so)."""
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def _markup(value: Any) -> Any:
    """``reply_markup`` as an object (the Bot API takes it as a JSON string or an object)."""
    return json.loads(value) if isinstance(value, str) else value


class FakeTelegramAPI:
    """The fake server: a queue of updates in, a list of recorded calls out."""

    def __init__(self, token: str = "123456:TEST-TOKEN") -> None:
        self.token = token
        self.calls: list[Call] = []
        self._updates: list[dict[str, Any]] = []
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(1000)
        # message_id → (chat id, inline keyboard) of what the bot sent: a button press carries
        # its message with the keyboard, as Telegram's does.
        self._keyboards: dict[int, tuple[int, Any]] = {}
        self._cond = threading.Condition()
        self._server = _Server(("127.0.0.1", 0), self._handler_class())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self.fail_methods: dict[str, int] = {}  # method → HTTP status to answer (error injection)
        self.files: dict[str, bytes] = {}  # file_id → content served under /file/bot<token>/
        self.downloads: list[str] = []  # file ids the bot downloaded, in order
        self._file_ids = itertools.count(1)

    # -- lifecycle ---------------------------------------------------------------------------
    @property
    def base_url(self) -> str:
        """Root URL to give the bot as TELEGRAM_API_BASE_URL."""
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> FakeTelegramAPI:
        """Start serving in a background thread."""
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and release long-polling requests."""
        with self._cond:
            self._cond.notify_all()
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> FakeTelegramAPI:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- updates in --------------------------------------------------------------------------
    def _user(self, user_id: int, language_code: str | None) -> dict[str, Any]:
        user: dict[str, Any] = {"id": user_id, "is_bot": False, "first_name": f"User{user_id}"}
        if language_code:
            user["language_code"] = language_code
        return user

    def _push(self, update: dict[str, Any]) -> int:
        with self._cond:
            update_id = next(self._update_ids)
            update["update_id"] = update_id
            self._updates.append(update)
            self._cond.notify_all()
        return update_id

    def push_message(
        self, user_id: int, text: str, language_code: str | None = None,
        group_id: int | None = None,
    ) -> int:
        """Queue a text message (commands included), private unless ``group_id``; return its
        update id."""
        chat: dict[str, Any] = (
            {"id": group_id, "type": "group", "title": "Couriers"} if group_id is not None
            else {"id": user_id, "type": "private", "first_name": f"User{user_id}"}
        )
        message: dict[str, Any] = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": chat,
            "from": self._user(user_id, language_code),
            "text": text,
        }
        if text.startswith("/"):
            command = text.split()[0]
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
        return self._push({"message": message})

    def add_file(self, data: bytes) -> str:
        """Make ``data`` downloadable; return its file id."""
        file_id = f"file{next(self._file_ids)}"
        with self._cond:
            self.files[file_id] = data
        return file_id

    def _file_message(self, user_id: int, language_code: str | None, **content: Any) -> int:
        message: dict[str, Any] = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": {"id": user_id, "type": "private", "first_name": f"User{user_id}"},
            "from": self._user(user_id, language_code),
            **content,
        }
        return self._push({"message": message})

    def push_photo(
        self,
        user_id: int,
        data: bytes,
        *,
        size: int | None = None,
        language_code: str | None = None,
    ) -> str:
        """Queue a photo (``size`` = the file_size Telegram reports); return its file id."""
        file_id = self.add_file(data)
        reported = len(data) if size is None else size
        sizes = [
            {"file_id": f"{file_id}s", "file_unique_id": f"{file_id}su", "width": 90,
             "height": 90, "file_size": min(reported, 1000)},
            {"file_id": file_id, "file_unique_id": f"{file_id}u", "width": 1280, "height": 960,
             "file_size": reported},
        ]
        self._file_message(user_id, language_code, photo=sizes)
        return file_id

    def push_document(
        self,
        user_id: int,
        data: bytes,
        *,
        file_name: str,
        mime_type: str,
        size: int | None = None,
        language_code: str | None = None,
    ) -> str:
        """Queue a document (``size`` = the file_size Telegram reports); return its file id."""
        file_id = self.add_file(data)
        document = {
            "file_id": file_id,
            "file_unique_id": f"{file_id}u",
            "file_name": file_name,
            "mime_type": mime_type,
            "file_size": len(data) if size is None else size,
        }
        self._file_message(user_id, language_code, document=document)
        return file_id

    def push_callback(
        self, user_id: int, data: str, message_id: int, language_code: str | None = None
    ) -> int:
        """Queue a button press on the bot's message ``message_id`` (with that message's
        keyboard when the bot sent one there, as Telegram does)."""
        keyboard = self._keyboards.get(message_id)
        query = {
            "id": f"cq{next(self._update_ids)}",
            "from": self._user(user_id, language_code),
            "chat_instance": f"ci{user_id}",
            "data": data,
            "message": {
                "message_id": message_id,
                "date": int(time.time()),
                "chat": {"id": user_id, "type": "private", "first_name": f"User{user_id}"},
                "from": self.me(),
                "text": "…",
            },
        }
        if keyboard is not None and keyboard[0] == user_id:
            query["message"]["reply_markup"] = keyboard[1]
        return self._push({"callback_query": query})

    # -- calls out ---------------------------------------------------------------------------
    def calls_of(self, method: str, **match: Any) -> list[Call]:
        """Recorded calls of ``method`` whose parameters include ``match``."""
        with self._cond:
            calls = list(self.calls)
        return [
            c
            for c in calls
            if c.method == method and all(c.params.get(k) == v for k, v in match.items())
        ]

    def wait_for(
        self,
        method: str,
        count: int = 1,
        timeout: float = 15.0,
        predicate: Callable[[Call], bool] | None = None,
        **match: Any,
    ) -> list[Call]:
        """Block until ``count`` matching calls were recorded; return them (or raise)."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                found = [
                    c
                    for c in self.calls
                    if c.method == method
                    and all(c.params.get(k) == v for k, v in match.items())
                    and (predicate is None or predicate(c))
                ]
                if len(found) >= count:
                    return found
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError(f"{method} {match} seen {len(found)}/{count} times")
                self._cond.wait(remaining)

    def me(self) -> dict[str, Any]:
        """The bot's own User object."""
        return {
            "id": BOT_ID,
            "is_bot": True,
            "first_name": "quqyq",
            "username": BOT_USERNAME,
            "can_join_groups": False,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }

    # -- the API -----------------------------------------------------------------------------
    def _message(self, params: dict[str, Any], **extra: Any) -> dict[str, Any]:
        chat_id = int(params.get("chat_id", 0))
        message = {
            "message_id": int(params.get("message_id") or next(self._message_ids)),
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": "private"},
            "from": self.me(),
        }
        message.update(extra)
        return message

    def _keep_keyboard(self, message: dict[str, Any]) -> None:
        with self._cond:
            if message.get("reply_markup"):
                self._keyboards[message["message_id"]] = (message["chat"]["id"],
                                                           message["reply_markup"])
            else:
                self._keyboards.pop(message["message_id"], None)

    def show_keyboard(self, chat_id: int, datas: list[str]) -> int:
        """Record a bot message in ``chat_id`` with buttons carrying ``datas`` (as if an
        earlier bot run had sent it); return its id."""
        message_id = next(self._message_ids)
        rows = [[{"text": d, "callback_data": d}] for d in datas]
        with self._cond:
            self._keyboards[message_id] = (chat_id, {"inline_keyboard": rows})
        return message_id

    def picker_shown(self, chat_id: int) -> int:
        """The /start language picker, shown in ``chat_id``; return its message id."""
        return self.show_keyboard(chat_id, ["lang:kk", "lang:ru", "lang:en"])

    def message_with_button(self, chat_id: int, data: str) -> int | None:
        """The latest message the bot sent to ``chat_id`` with a button carrying ``data``."""
        with self._cond:
            for message_id in sorted(self._keyboards, reverse=True):
                chat, markup = self._keyboards[message_id]
                rows = markup.get("inline_keyboard") or []
                if chat == chat_id and any(b.get("callback_data") == data
                                           for row in rows for b in row):
                    return message_id
        return None

    def _get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        offset = int(params.get("offset") or 0)
        timeout = min(float(params.get("timeout") or 0), 5.0)
        deadline = time.monotonic() + timeout
        with self._cond:
            # Telegram forgets updates below the offset the bot confirmed.
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
            while not self._updates and time.monotonic() < deadline:
                self._cond.wait(deadline - time.monotonic())
            return list(self._updates[:100])

    def answer(self, method: str, params: dict[str, Any]) -> Any:
        """The result of one API call (raises KeyError for unknown methods)."""
        if method == "getUpdates":
            return self._get_updates(params)
        if method == "getMe":
            return self.me()
        if method == "getFile":
            file_id = str(params.get("file_id"))
            if file_id not in self.files:
                raise KeyError(method)
            data = self.files[file_id]
            return {
                "file_id": file_id,
                "file_unique_id": f"{file_id}u",
                "file_size": len(data),
                "file_path": f"documents/{file_id}",
            }
        if method in ("sendMessage", "editMessageText"):
            extra: dict[str, Any] = {"text": params.get("text", "")}
            if params.get("reply_markup"):
                extra["reply_markup"] = _markup(params["reply_markup"])
            message = self._message(params, **extra)
            self._keep_keyboard(message)
            return message
        if method == "editMessageReplyMarkup":
            message = self._message(params, text="…")
            self._keep_keyboard(message)
            return message
        if method == "sendDocument":
            document = {"file_id": "doc1", "file_unique_id": "doc1u", "file_name": "file"}
            return self._message(params, document=document)
        if method in (
            "answerCallbackQuery",
            "sendChatAction",
            "deleteWebhook",
            "setWebhook",
            "setMyCommands",
            "deleteMyCommands",
            "close",
            "logOut",
        ):
            return True
        if method == "getWebhookInfo":
            return {"url": "", "has_custom_certificate": False, "pending_update_count": 0}
        raise KeyError(method)

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        api = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # headers and body go out at once, no 40 ms stalls

            def log_message(self, format: str, *args: Any) -> None:  # keep test output clean
                pass

            def _params(self) -> dict[str, Any]:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                ctype = self.headers.get("Content-Type") or ""
                if not body:
                    return {}
                if ctype.startswith("application/json"):
                    data = json.loads(body)
                    return data if isinstance(data, dict) else {}
                if ctype.startswith("multipart/form-data"):
                    parser = email.parser.BytesParser(policy=email.policy.HTTP)
                    msg = parser.parsebytes(f"Content-Type: {ctype}\r\n\r\n".encode() + body)
                    params: dict[str, Any] = {}
                    for part in msg.iter_parts():
                        name = part.get_param("name", header="content-disposition")
                        if part.get_filename():
                            params[str(name)] = {"filename": part.get_filename()}
                        else:
                            params[str(name)] = _decode(part.get_content())
                    return params
                return {k: _decode(v) for k, v in parse_qsl(body.decode(), keep_blank_values=True)}

            def _reply(self, status: int, payload: dict[str, Any]) -> None:
                reply_json(self, status, payload)

            def _download(self) -> None:
                file_id = self.path.rsplit("/", 1)[-1]
                data = api.files.get(file_id)
                if data is None:
                    self._reply(404, {"ok": False, "error_code": 404, "description": "Not Found"})
                    return
                with api._cond:
                    api.downloads.append(file_id)
                    api._cond.notify_all()
                self.send_response(200)
                self.send_header("Content-Type", "application/octet-stream")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_POST(self) -> None:
                if unquote(self.path).startswith(f"/file/bot{api.token}/"):  # PTB quotes ':'
                    self._download()
                    return
                prefix = f"/bot{api.token}/"
                if not self.path.startswith(prefix):
                    self._reply(
                        401, {"ok": False, "error_code": 401, "description": "Unauthorized"}
                    )
                    return
                method = self.path[len(prefix) :].split("?")[0]
                params = self._params()
                if method != "getUpdates":
                    with api._cond:
                        api.calls.append(Call(method, params))
                        api._cond.notify_all()
                status = api.fail_methods.get(method)
                if status:
                    self._reply(status, {"ok": False, "error_code": status, "description": "fail"})
                    return
                try:
                    result = api.answer(method, params)
                except KeyError:
                    self._reply(404, {"ok": False, "error_code": 404, "description": "Not Found"})
                    return
                self._reply(200, {"ok": True, "result": result})

            do_GET = do_POST

        return Handler
