"""Passages for the prompt: search, keep what is relevant, number them,
fit them in the context budget, and say so when nothing was found.

Used by `ChatRunner` when a session has documents switched on. The block
goes at the end of the system prompt (which history trimming never drops);
the same numbered passages are stored as the reply's `sources`.

Across languages: a question in one language can be searched in the other
too, by asking the chat model for a short translation of the question
(`translate_query`); results of both searches are merged by reciprocal rank.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from bimedix.core.direction import language_of
from bimedix.core.knowledge.chunk import TokenCounter, approx_tokens
from bimedix.core.knowledge.index import KnowledgeStore, Passage
from bimedix.core.store import ChatStore
from bimedix.engine.backend import Backend, ChatMessage, GenerationParams, TextDelta

log = logging.getLogger("bimedix.knowledge")

MIN_COVERAGE = 0.5  # a passage must hold half of the question's content words
PASSAGES = 5
_RRF_K = 60

_INSTRUCTIONS = {
    "en": (
        "Numbered passages from the user's own documents follow. Answer from them; after "
        "each statement taken from a passage, cite it as [n]. If the passages do not "
        "answer the question, say so."
    ),
    "ar": (
        "فيما يلي مقاطع مرقمة من وثائق المستخدم. أجب منها، واذكر بعد كل معلومة مأخوذة "
        "من مقطع رقمه هكذا [n]. إذا لم تُجب المقاطع عن السؤال فقل ذلك."
    ),
}
_NOTHING_FOUND = {
    "en": (
        "The user's documents were searched and hold nothing relevant to this question. "
        "Tell the user so; if you answer from general knowledge, say that it is not from "
        "their documents."
    ),
    "ar": (
        "بُحث في وثائق المستخدم ولم يوجد فيها ما يتعلق بهذا السؤال. أخبر المستخدم بذلك، "
        "وإن أجبت من معرفتك العامة فوضّح أنها ليست من وثائقه."
    ),
}
_TRANSLATE = {
    "en": "Translate this medical question into English. Reply with the translation only.",
    "ar": "Translate this medical question into Arabic. Reply with the translation only.",
}


@dataclass(frozen=True)
class Grounding:
    """What the prompt gets (`block`) and what the reply stores (`sources`)."""

    block: str
    sources: list[dict[str, Any]] = field(default_factory=list)
    translated_query: str | None = None

    @property
    def found(self) -> bool:
        return bool(self.sources)


def translate_query(backend: Backend, question: str, target: str) -> str:
    """The question in `target` ('en' or 'ar'), by the chat model (greedy,
    short); '' when the model gives nothing usable."""
    messages = [ChatMessage("system", _TRANSLATE[target]), ChatMessage("user", question)]
    params = GenerationParams(max_tokens=64, temperature=0.0, seed=0)
    parts = [e.text for e in backend.stream_chat(messages, params) if isinstance(e, TextDelta)]
    text = " ".join("".join(parts).split())
    return text if language_of(text, fallback="") == target else ""


def source_record(number: int, passage: Passage) -> dict[str, Any]:
    return {
        "n": number,
        "document": passage.name,
        "path": passage.path,
        "page": passage.page,
        "heading": passage.heading,
        "text": passage.text,
        "chunk_id": passage.chunk_id,
    }


def _label(source: dict[str, Any]) -> str:
    where = source["document"]
    if source.get("page"):
        where += f", p. {source['page']}"
    if source.get("heading"):
        where += f" — {source['heading']}"
    return where


def passages_block(sources: list[dict[str, Any]], language: str) -> str:
    language = language if language in _INSTRUCTIONS else "en"
    if not sources:
        return _NOTHING_FOUND[language]
    lines = [_INSTRUCTIONS[language], ""]
    for source in sources:
        lines += [f"[{source['n']}] ({_label(source)})", source["text"], ""]
    return "\n".join(lines).rstrip()


def merge_ranked(*rankings: list[Passage]) -> list[Passage]:
    """Reciprocal-rank fusion of several result lists (one per query)."""
    scores: dict[int, float] = {}
    best: dict[int, Passage] = {}
    for ranking in rankings:
        for rank, passage in enumerate(ranking):
            scores[passage.chunk_id] = scores.get(passage.chunk_id, 0.0) + 1 / (_RRF_K + rank)
            if passage.chunk_id not in best or passage.coverage > best[passage.chunk_id].coverage:
                best[passage.chunk_id] = passage
    order = sorted(scores, key=lambda chunk_id: -scores[chunk_id])
    return [best[chunk_id] for chunk_id in order]


@dataclass
class DocumentSearch:
    """The chat's use of the knowledge base for one session.

    `cross_language`: also search with the question translated by the chat
    model into the other language (one short extra generation per turn).
    """

    cross_language: bool = True
    limit: int = PASSAGES
    min_coverage: float = MIN_COVERAGE
    translate: Callable[[Backend, str, str], str] = translate_query

    def search(
        self, store: ChatStore, backend: Backend | None, question: str
    ) -> tuple[list[Passage], str | None]:
        knowledge = KnowledgeStore(store)
        found = knowledge.search(question, limit=self.limit * 2)
        translated = None
        if self.cross_language and backend is not None and knowledge.chunk_count():
            target = "en" if language_of(question) == "ar" else "ar"
            translated = self.translate(backend, question, target) or None
            if translated:
                found = merge_ranked(found, knowledge.search(translated, limit=self.limit * 2))
        relevant = [p for p in found if p.coverage >= self.min_coverage]
        return relevant[: self.limit], translated

    def ground(
        self,
        store: ChatStore,
        backend: Backend | None,
        question: str,
        budget_tokens: int,
        count: TokenCounter = approx_tokens,
    ) -> Grounding:
        """The block for the system prompt, within `budget_tokens`."""
        language = language_of(question)
        passages, translated = self.search(store, backend, question)
        sources: list[dict[str, Any]] = []
        used = count(_INSTRUCTIONS.get(language, _INSTRUCTIONS["en"]))
        for passage in passages:
            record = source_record(len(sources) + 1, passage)
            size = count(f"[{record['n']}] ({_label(record)})\n{passage.text}")
            if used + size > budget_tokens:
                break
            sources.append(record)
            used += size
        log.debug("grounding: %d passages, %d tokens", len(sources), used)
        return Grounding(passages_block(sources, language), sources, translated)
