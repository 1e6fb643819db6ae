"""Rendering for Telegram: HTML escaping, splitting at 4096, keyboards and callback data."""

from __future__ import annotations

from bot.assistant import Button
from bot.rendering import (
    CALLBACK_LIMIT,
    MESSAGE_LIMIT,
    PayloadStore,
    decode_callback,
    escape,
    keyboard,
    language_picker,
    split_text,
    utf16_len,
)


def test_escape_neutralises_markup_but_keeps_text() -> None:
    assert escape("a < b & <b>bold</b>") == "a &lt; b &amp; &lt;b&gt;bold&lt;/b&gt;"
    assert escape('«кавычки» "quotes"') == '«кавычки» "quotes"'


def test_short_text_is_one_message() -> None:
    assert split_text("Сәлем!") == ["Сәлем!"]


def test_split_prefers_paragraphs_and_keeps_every_word() -> None:
    paragraph = "Жалақы уақытында төленуі тиіс. " * 60  # ~1900 chars
    text = "\n\n".join([paragraph.strip()] * 5)
    parts = split_text(text)
    assert len(parts) > 1
    assert all(utf16_len(escape(p)) <= MESSAGE_LIMIT for p in parts)
    assert all(p == paragraph.strip() or "\n\n" in p for p in parts)  # whole paragraphs
    assert " ".join(" ".join(parts).split()) == " ".join(text.split())


def test_split_long_paragraph_on_sentences() -> None:
    text = " ".join(f"Sentence number {i} about wages." for i in range(400))
    parts = split_text(text)
    assert len(parts) >= 3
    assert all(utf16_len(escape(p)) <= MESSAGE_LIMIT for p in parts)
    assert all(p.endswith(".") for p in parts)


def test_split_counts_escaping_and_utf16() -> None:
    # '&' becomes '&amp;' (5 chars) and an emoji is two UTF-16 units: both must fit.
    text = ("&" * 1000 + " ") * 2 + "😀" * 3000
    parts = split_text(text)
    assert all(utf16_len(escape(p)) <= MESSAGE_LIMIT for p in parts)
    assert "".join(parts).replace(" ", "") == text.replace(" ", "")


def test_one_enormous_word_is_cut() -> None:
    parts = split_text("x" * 10_000)
    assert [len(p) for p in parts] == [4096, 4096, 1808]


def test_keyboard_callback_data_fits_and_round_trips() -> None:
    store = PayloadStore()
    long_payload = '/file_complaint{"category":"wages_unpaid","employer":"ТОО Очень длинное"}'
    markup = keyboard([Button("Wages", "/ask_wages_unpaid"), Button("File", long_payload)], store)
    assert markup is not None
    buttons = [b for row in markup.inline_keyboard for b in row]
    assert len(markup.inline_keyboard) == 1  # two short titles share a row
    for button in buttons:
        assert isinstance(button.callback_data, str)
        assert len(button.callback_data.encode()) <= CALLBACK_LIMIT
    decoded = [decode_callback(str(b.callback_data), store) for b in buttons]
    assert decoded == [("payload", "/ask_wages_unpaid"), ("payload", long_payload)]


def test_long_titles_get_one_row_each() -> None:
    markup = keyboard(
        [Button("Жалақы төленбеді не істеймін", "/a"), Button("Жұмыстан шығарды", "/b")],
        PayloadStore(),
    )
    assert markup is not None and len(markup.inline_keyboard) == 2


def test_no_buttons_no_keyboard() -> None:
    assert keyboard([], PayloadStore()) is None


def test_expired_or_foreign_callback_data_is_rejected() -> None:
    store = PayloadStore(capacity=1)
    first = store.encode("/x" + "a" * 80)
    store.encode("/y" + "b" * 80)  # evicts the first
    assert decode_callback(first, store) is None
    assert decode_callback("lang:de", store) is None
    assert decode_callback("garbage", store) is None


def test_language_picker_offers_three_languages() -> None:
    row = language_picker().inline_keyboard[0]
    assert [b.text for b in row] == ["Қазақша", "Русский", "English"]
    assert [b.callback_data for b in row] == ["lang:kk", "lang:ru", "lang:en"]
