"""The chat path with documents switched on, against the real embedded model
(SmolLM2 through llama.cpp): passages in the system prompt with numbers,
sources stored on the reply and in exports, 'nothing relevant' told to the
model, cross-language search, and the token approximation checked against
the real tokenizer."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bimedix.core.chat import ChatRunner, ReplyFinished, SourcesFound, new_session
from bimedix.core.export import session_html, session_markdown, write_csv, write_jsonl
from bimedix.core.knowledge.chunk import approx_tokens, chunk_blocks
from bimedix.core.knowledge.extract import extract
from bimedix.core.knowledge.grounding import DocumentSearch, translate_query
from bimedix.core.knowledge.index import KnowledgeStore
from bimedix.core.store import ChatStore
from bimedix.engine.backend import GenerationParams

PARAMS = GenerationParams(max_tokens=16, temperature=0.0, seed=3)
GUIDE = """# Anaphylaxis

## Adrenaline

Give intramuscular adrenaline 0.5 mg into the outer thigh; repeat after five minutes
if there is no improvement.

# التهاب الحلق

يُعطى البنسلين عشرة أيام لالتهاب الحلق العقدي.
"""


@pytest.fixture
def store(tmp_path: Path) -> ChatStore:
    chat_store = ChatStore(tmp_path / "chats.db")
    (tmp_path / "guide.md").write_text(GUIDE, encoding="utf-8")
    KnowledgeStore(chat_store).add(tmp_path / "guide.md")
    return chat_store


def _turn(store: ChatStore, backend: object, text: str, search: DocumentSearch) -> list[object]:
    session = new_session(store, "qa", "en")
    runner = ChatRunner(store, backend, documents=search)  # type: ignore[arg-type]
    return list(runner.send(session.id, text, PARAMS))


def test_reply_is_grounded_on_numbered_passages_and_stores_them(
    store: ChatStore, backend: object
) -> None:
    events = _turn(store, backend, "What dose of adrenaline in anaphylaxis?", DocumentSearch(False))
    found = [e for e in events if isinstance(e, SourcesFound)]
    assert len(found) == 1
    assert [s["document"] for s in found[0].sources] == ["guide.md"]
    reply = next(e for e in events if isinstance(e, ReplyFinished)).message
    assert reply.sources == found[0].sources
    assert reply.sources[0]["n"] == 1
    assert "0.5 mg" in reply.sources[0]["text"]
    assert reply.system_prompt is not None
    assert "[1] (guide.md — Anaphylaxis › Adrenaline)" in reply.system_prompt
    assert reply.content  # the model answered

    # Stored, so it survives a reopen and reaches every export.
    again = store.get_message(reply.id)
    assert again.sources == reply.sources
    session = store.get_session(reply.session_id)
    messages = store.messages(session.id)
    assert "[1] guide.md — Anaphylaxis › Adrenaline: Give intramuscular" in session_markdown(
        session, messages
    )
    assert 'class="source"' in session_html(session, messages)
    import io

    out = io.StringIO()
    write_jsonl([(session, messages)], out)
    assert json.loads(out.getvalue())["sources"][0]["sources"][0]["document"] == "guide.md"
    out = io.StringIO()
    write_csv([(session, messages)], out)
    assert "guide.md" in out.getvalue()


def test_model_is_told_when_nothing_relevant_is_found(store: ChatStore, backend: object) -> None:
    events = _turn(store, backend, "How is gout treated?", DocumentSearch(False))
    found = next(e for e in events if isinstance(e, SourcesFound))
    assert found.sources == []
    reply = next(e for e in events if isinstance(e, ReplyFinished)).message
    assert reply.sources == []
    assert reply.system_prompt is not None
    assert "hold nothing relevant to this question" in reply.system_prompt
    assert "Adrenaline" not in reply.system_prompt


def test_without_documents_nothing_changes(store: ChatStore, backend: object) -> None:
    session = new_session(store, "qa", "en")
    runner = ChatRunner(store, backend)  # type: ignore[arg-type]
    events = list(runner.send(session.id, "adrenaline dose?", PARAMS))
    assert not any(isinstance(e, SourcesFound) for e in events)
    reply = next(e for e in events if isinstance(e, ReplyFinished)).message
    assert reply.sources is None


def test_cross_language_search_merges_the_translated_question(
    store: ChatStore, backend: object
) -> None:
    asked: list[tuple[str, str]] = []

    def translate(_backend: object, question: str, target: str) -> str:
        asked.append((question, target))
        return "adrenaline dose anaphylaxis"

    arabic = "ما جرعة الأدرينالين في الحساسية المفرطة؟"
    alone = DocumentSearch(cross_language=False).search(store, backend, arabic)[0]  # type: ignore[arg-type]
    assert alone == []
    both = DocumentSearch(translate=translate).search(store, backend, arabic)  # type: ignore[arg-type]
    assert asked == [(arabic, "en")]
    assert both[1] == "adrenaline dose anaphylaxis"
    assert both[0][0].heading == "Anaphylaxis › Adrenaline"


def test_translate_query_with_the_real_model_gives_text_in_the_target_or_nothing(
    backend: object,
) -> None:
    english = translate_query(backend, "ما علاج التهاب الحلق؟", "en")  # type: ignore[arg-type]
    assert english == "" or english.isascii() or "ا" not in english


def test_token_approximation_is_within_a_factor_of_two_of_smollm2(
    tmp_path: Path, backend: object
) -> None:
    tokenizer = backend.tokenizer  # type: ignore[attr-defined]
    (tmp_path / "g.md").write_text(GUIDE * 5, encoding="utf-8")
    blocks = extract(tmp_path / "g.md").blocks
    for text in [b.text for b in blocks] + [GUIDE]:
        real = len(tokenizer.tokenize_plain(text))
        assert real / 2 <= approx_tokens(text) <= real * 2, text

    def count(text: str) -> int:
        return len(tokenizer.tokenize_plain(text))

    chunks = chunk_blocks(blocks, count, max_tokens=40)
    assert all(c.tokens <= 40 for c in chunks)
    assert all(c.tokens == count(c.text) for c in chunks)
