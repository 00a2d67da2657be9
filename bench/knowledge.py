"""Answers from the user's documents (issue 20): retrieval, speed, accuracy.

Data: bench/data/knowledge/ - eight short invented guidelines (four English,
four Arabic) and 36 questions with known answers (24 asked in the language
of the guideline that answers them, 12 in the other language).

- recall@5, same language: the answering section is among the top 5
  passages of `KnowledgeStore.search` (target >= 0.9).
- recall@5 across languages: lexical search alone, and with the question
  translated by the chat model (`DocumentSearch`, as the chat does), both
  before and after the chat's relevance filter (a passage must hold half of
  the question's content words), which is what a chat with documents gets.
- indexing speed: a multi-page PDF written by the app's own exporter (Qt),
  pages per second through `KnowledgeStore.add`.
- query latency: median of 200 searches over 10,000 passages (< 50 ms).
- answer accuracy with and without documents: the default model (the
  SmolLM2 fallback where Qwen2.5-Coder is not installed; the row says which)
  answers each question greedily; a reply is correct when it contains one of
  the known answers as a whole number/word.
"""

from __future__ import annotations

import json
import random
import re
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.common import BENCH_DIR, Measurement, median, percentile

DATA = BENCH_DIR / "data" / "knowledge"
LATENCY_CHUNKS = 10_000
_ARABIC_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789")


def questions() -> list[dict[str, Any]]:
    return json.loads((DATA / "questions.json").read_text(encoding="utf-8"))["questions"]


def _hit(passage: Any, question: dict[str, Any]) -> bool:
    return passage.name == question["doc"] and passage.heading.endswith(question["section"])


def correct(reply: str, answers: list[str]) -> bool:
    """A known answer in the reply as a whole token (so '5' is not found in '45')."""
    text = reply.translate(_ARABIC_DIGITS).casefold()
    return any(
        re.search(rf"(?<![\w.]){re.escape(a.casefold())}(?![\w]|\.\d)", text) for a in answers
    )


def _knowledge(folder: Path) -> tuple[Any, Any]:
    from bimedix.core.knowledge.index import KnowledgeStore
    from bimedix.core.store import ChatStore

    store = ChatStore(folder / "chats.db")
    knowledge = KnowledgeStore(store)
    for path in sorted((DATA / "docs").glob("*.md")):
        knowledge.add(path)
    return store, knowledge


def _recall(knowledge: Any, items: list[dict[str, Any]]) -> tuple[float, list[str]]:
    missed = [
        q["id"] for q in items if not any(_hit(p, q) for p in knowledge.search(q["question"]))
    ]
    return 1 - len(missed) / len(items), missed


def _indexing_speed(folder: Path) -> Measurement:
    from bimedix.core.export import ExportFilter, export_sessions
    from bimedix.core.knowledge.index import KnowledgeStore
    from bimedix.core.store import ChatStore
    from bimedix.gui.pdf_export import render_pdf

    store = ChatStore(folder / "pdf.db")
    session = store.create_session("Guidelines", "qa", "en")
    texts = [p.read_text(encoding="utf-8") for p in sorted((DATA / "docs").glob("*.md"))]
    for _ in range(6):
        for text in texts:
            store.add_message(session.id, "assistant", text)
    pdf = folder / "guidelines.pdf"
    export_sessions(store, "pdf", pdf, ExportFilter(session_ids=[session.id]), pdf=render_pdf)
    knowledge = KnowledgeStore(store)
    started = time.perf_counter()
    document = knowledge.add(pdf).document
    elapsed = time.perf_counter() - started
    rate = document.pages / elapsed
    return Measurement(
        "knowledge", "indexing speed (app-exported PDF, EN+AR)", round(rate, 1), "pages/s",
        display=f"{rate:.1f} pages/s ({document.pages} pages, {document.chunks} passages "
        f"in {elapsed:.2f} s)",
        details={"pages": document.pages, "passages": document.chunks, "seconds": elapsed},
    )  # fmt: skip


def _filler(rng: random.Random, words: list[str], n: int) -> str:
    return " ".join(rng.choice(words) for _ in range(n))


def _latency(folder: Path, items: list[dict[str, Any]]) -> Measurement:
    from bimedix.core.knowledge.index import KnowledgeStore
    from bimedix.core.store import ChatStore

    store = ChatStore(folder / "latency.db")
    knowledge = KnowledgeStore(store)
    rng = random.Random(20)
    vocabulary = sorted(
        {w for p in (DATA / "docs").glob("*.md") for w in p.read_text("utf-8").split()}
    )
    # Passages of ~70 words under their own heading: 100 files x 100 sections.
    for number in range(LATENCY_CHUNKS // 100):
        sections = [
            f"## Section {number}-{s} {_filler(rng, vocabulary, 3)}\n\n"
            + _filler(rng, vocabulary, 70)
            for s in range(100)
        ]
        path = folder / f"filler-{number:03d}.md"
        path.write_text("# Filler\n\n" + "\n\n".join(sections), encoding="utf-8")
        knowledge.add(path)
    chunks = knowledge.chunk_count()
    timings = []
    for round_ in range(200):
        question = items[round_ % len(items)]["question"]
        started = time.perf_counter()
        knowledge.search(question, limit=5)
        timings.append((time.perf_counter() - started) * 1000)
    value = median(timings)
    return Measurement(
        "knowledge", f"query latency, median on {chunks:,} passages", round(value, 2), "ms",
        target="< 50 ms", passed=value < 50,
        display=f"{value:.1f} ms (p95 {percentile(timings, 95):.1f} ms)",
        details={"chunks": chunks, "queries": len(timings), "p95_ms": percentile(timings, 95)},
    )  # fmt: skip


def _answers(store: Any, backend: Any, items: list[dict[str, Any]], docs: bool) -> dict:
    from bimedix.core.chat import ChatRunner, ReplyFinished, new_session
    from bimedix.core.knowledge.grounding import DocumentSearch
    from bimedix.engine.backend import GenerationParams

    params = GenerationParams(max_tokens=64, temperature=0.0, top_k=1, seed=1)
    runner = ChatRunner(store, backend, documents=DocumentSearch() if docs else None)
    right, replies = 0, {}
    for q in items:
        session = new_session(store, "qa", q["lang"])
        reply = ""
        for event in runner.send(session.id, q["question"], params):
            if isinstance(event, ReplyFinished):
                reply = event.message.content
        replies[q["id"]] = reply
        right += correct(reply, q["answer"])
    return {"accuracy": right / len(items), "replies": replies}


def _default_backend() -> Any:
    """The default model as the app chooses it (Qwen2.5-Coder when its parts
    are installed, else SmolLM2), opened directly as bench/default_model does."""
    from bimedix.core.settings import resolve_data_dir
    from bimedix.engine.llama_backend import LlamaCppBackend
    from bimedix.models.default_model import choose_default
    from bimedix.models.library import models_dir

    choice = choose_default(models_dir(resolve_data_dir(None)), honour_env=False)
    return LlamaCppBackend(choice.path, n_ctx=2048)


def run(answer_accuracy: bool = True) -> list[Measurement]:
    from bimedix.core.knowledge.grounding import DocumentSearch, translate_query

    items = questions()
    same = [q for q in items if not q.get("cross")]
    cross = [q for q in items if q.get("cross")]
    results: list[Measurement] = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        store, knowledge = _knowledge(folder)
        recall, missed = _recall(knowledge, same)
        results.append(Measurement(
            "knowledge", "recall@5, same language (EN+AR)", round(recall, 3), "",
            target=">= 0.9", passed=recall >= 0.9,
            display=f"{recall:.2f} ({len(same) - len(missed)}/{len(same)})",
            details={"missed": missed},
        ))  # fmt: skip
        lexical, missed_lexical = _recall(knowledge, cross)
        results.append(Measurement(
            "knowledge", "recall@5, across languages, search alone", round(lexical, 3), "",
            display=f"{lexical:.2f} ({len(cross) - len(missed_lexical)}/{len(cross)})",
            details={"missed": missed_lexical},
        ))  # fmt: skip
        results.append(_indexing_speed(folder))
        results.append(_latency(folder, items))

        backend = _default_backend()
        model = backend.info.display_name
        try:
            translations: dict[str, str | None] = {}

            def translate_once(backend: Any, question: str, target: str) -> str:
                # Both searches below see the same translation of a question.
                if question not in translations:
                    translations[question] = translate_query(backend, question, target)
                return translations[question] or ""

            searches = {
                "with query translation": DocumentSearch(
                    limit=5, min_coverage=0.0, translate=translate_once),
                "with query translation, after the chat's relevance filter": DocumentSearch(
                    limit=5, translate=translate_once),
            }  # fmt: skip
            for label, search in searches.items():
                found = sum(
                    any(_hit(p, q) for p in search.search(store, backend, q["question"])[0])
                    for q in cross
                )
                rate = found / len(cross)
                results.append(Measurement(
                    "knowledge", f"recall@5, across languages, {label}", round(rate, 3), "",
                    display=f"{rate:.2f} ({found}/{len(cross)}; translated by {model})",
                    details={"model": model, "min_coverage": search.min_coverage,
                             "translations": {q["id"]: translations.get(q["question"])
                                              for q in cross}},
                ))  # fmt: skip
            if answer_accuracy:
                for docs in (False, True):
                    for label, subset in (("same language", same), ("across languages", cross)):
                        outcome = _answers(store, backend, subset, docs)
                        results.append(Measurement(
                            "knowledge",
                            f"answer accuracy {'with' if docs else 'without'} documents, "
                            f"{label}",
                            round(outcome["accuracy"], 3), "",
                            display=f"{outcome['accuracy']:.2f} ({model})",
                            details={"model": model, "replies": outcome["replies"]},
                        ))  # fmt: skip
        finally:
            backend.close()
    return results
