"""action_answer_rights / action_search_knowledge run with a CollectingDispatcher and Trackers."""

from __future__ import annotations

import asyncio
import re
from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.rights import ActionAnswerRights, ActionSearchKnowledge, more_payload
from i18n import LANGUAGES
from knowledge.base import RIGHTS_INTENTS, knowledge_base

KB = knowledge_base()
ANSWERED = [i for i in RIGHTS_INTENTS if KB.primary_entry(i) is not None]
KK_LETTERS = re.compile("[әғқңөұүһі]")
CYRILLIC = re.compile("[а-яё]", re.IGNORECASE)


def tracker(
    intent: str,
    *,
    language: str = "ru",
    text: str | None = None,
    entities: list[dict[str, Any]] | None = None,
    slots: dict[str, Any] | None = None,
) -> Tracker:
    """A tracker right after the user's message (metadata carries the language, like the bot)."""
    values = {"language": language, "kb_entry": None, "kb_shown": None}
    values.update(slots or {})
    latest = {
        "text": text if text is not None else "/" + intent,
        "intent": {"name": intent, "confidence": 1.0},
        "entities": entities or [],
        "metadata": {"language": language},
    }
    return Tracker(
        "test-user", values, latest, [{"event": "user", "text": latest["text"]}],
        False, None, {}, "action_listen",
    )


def run(action: Any, t: Tracker) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, t, {}))
    return dispatcher.messages, events


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("intent", ANSWERED)
def test_each_rights_intent_answers_in_language_with_citation(intent: str, language: str) -> None:
    messages, events = run(ActionAnswerRights(), tracker(intent, language=language))
    assert len(messages) == 1
    text = messages[0]["text"]
    entry = KB.render(KB.primary_entry(intent), language)  # type: ignore[arg-type]
    assert entry.short in text
    for line in entry.citation_lines:
        assert line in text
    if language == "kk":
        assert KK_LETTERS.search(text)
    elif language == "ru":
        assert CYRILLIC.search(text) and not KK_LETTERS.search(entry.short)
    else:
        assert "as of" in text
    payloads = [b["payload"] for b in messages[0]["buttons"]]
    assert more_payload(entry.id) in payloads
    for required in ("/start_eligibility_check", "/file_complaint", "/request_human"):
        assert required in payloads
    assert all(len(p.encode()) < 60 for p in payloads)
    assert {"event": "slot", "name": "kb_shown", "value": entry.id, "timestamp": None} in events


def test_ui_strings_are_translated() -> None:
    messages, _ = run(ActionAnswerRights(), tracker("ask_union", language="kk"))
    titles = [b["title"] for b in messages[0]["buttons"]]
    assert "Толығырақ" in titles and "Шағым беру" in titles
    assert "Дереккөз" in messages[0]["text"]
    messages, _ = run(ActionAnswerRights(), tracker("ask_union", language="ru"))
    assert "Подробнее" in [b["title"] for b in messages[0]["buttons"]]
    assert "Источники:" in messages[0]["text"] and "(на 22.11.2026)" in messages[0]["text"]


def test_related_entry_is_offered_and_proposal_is_labelled() -> None:
    messages, _ = run(ActionAnswerRights(), tracker("ask_dismissal", language="ru"))
    payloads = [b["payload"] for b in messages[0]["buttons"]]
    assert more_payload("ai_dismissal_proposal") in payloads
    # Opening the proposal entry says it is a proposal.
    entity = [{"entity": "kb_entry", "value": "ai_dismissal_proposal"}]
    messages, _events = run(ActionAnswerRights(), tracker("ask_more", entities=entity))
    assert messages[0]["text"].startswith("Это предложение, а не действующий закон.")
    assert "предложение, не закон" in messages[0]["text"]


def test_more_after_short_shows_long_part_and_next_steps() -> None:
    entity = [{"entity": "kb_entry", "value": "complaint_process"}]
    t = tracker("ask_more", language="en", entities=entity, slots={"kb_shown": "complaint_process"})
    messages, events = run(ActionAnswerRights(), t)
    entry = KB.render(KB.entry("complaint_process"), "en")
    text = messages[0]["text"]
    assert entry.more in text and "What to do:" in text
    assert all(step in text for step in entry.next_steps)
    assert "https://adilet.zan.kz/rus/docs/K1500000414" in text
    assert {"event": "slot", "name": "kb_shown", "value": None, "timestamp": None} in events


def test_typed_more_uses_the_entry_shown_last() -> None:
    t = tracker("ask_more", language="kk", text="толығырақ", slots={"kb_shown": "union"})
    messages, _ = run(ActionAnswerRights(), t)
    assert KB.render(KB.entry("union"), "kk").more in messages[0]["text"]


def test_unknown_entry_gets_topics_not_a_dead_end() -> None:
    entity = [{"entity": "kb_entry", "value": "no_such_entry"}]
    messages, events = run(ActionAnswerRights(), tracker("ask_more", entities=entity))
    assert messages[0]["buttons"] and events == []


def test_amounts_the_user_mentioned_are_repeated_in_locale_format() -> None:
    t = tracker("ask_wages_unpaid", language="ru", text="не платят 350000 тг уже 2 месяца")
    messages, _ = run(ActionAnswerRights(), t)
    assert "Вы упомянули: 350\u00a0000\u00a0KZT, 2 месяца" in messages[0]["text"]


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("ru", "glovo заблокировал акк и деньги зависли", "algorithmic_management"),
        ("kk", "кәсіподаққа қалай кіремін", "union"),
        ("en", "they replaced me with a robot and fired me", "ai_dismissal_proposal"),
    ],
)
def test_search_offers_matches_as_buttons(language: str, text: str, expected: str) -> None:
    messages, events = run(
        ActionSearchKnowledge(), tracker("nlu_fallback", language=language, text=text)
    )
    payloads = [b["payload"] for b in messages[0]["buttons"]]
    assert more_payload(expected) in payloads
    assert "/request_human" in payloads and events == []


def test_search_without_match_offers_main_topics() -> None:
    messages, _ = run(
        ActionSearchKnowledge(), tracker("nlu_fallback", language="en", text="qwerty zzz")
    )
    payloads = [b["payload"] for b in messages[0]["buttons"]]
    assert "/ask_wages_unpaid" in payloads and "/file_complaint" in payloads


def test_search_falls_back_to_other_languages_with_buttons_in_users_language() -> None:
    t = tracker("nlu_fallback", language="kk", text="приложение заблокировало аккаунт")
    messages, _ = run(ActionSearchKnowledge(), t)
    buttons = messages[0]["buttons"]
    assert more_payload("algorithmic_management") in [b["payload"] for b in buttons]
    assert KK_LETTERS.search(" ".join(b["title"] for b in buttons))
