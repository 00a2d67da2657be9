"""KnowledgeStore: the user's documents and their passages in the chat
database (tables from migration m009_knowledge), searched with FTS5 / BM25.

It works on an open `ChatStore` (which applied the migrations, with their
backup) through its public `db`; like the store, one per thread. Adding a
file hashes it first: the same content at the same path is a no-op, changed
content replaces the old passages in one transaction, so a cancelled or
failed add leaves the previous version searchable.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bimedix.core.knowledge.chunk import TokenCounter, approx_tokens, chunk_blocks
from bimedix.core.knowledge.extract import DocumentError, document_format, extract
from bimedix.core.knowledge.terms import query_terms, search_text
from bimedix.core.store import ChatStore, utc_now
from bimedix.engine.backend import CancelToken
from bimedix.errors import UserFacingError

log = logging.getLogger("bimedix.knowledge")

# (stage, fraction done 0..1): "hashing", "reading", "indexing", "done".
Progress = Callable[[str, float], None]
DOCUMENT_COLUMNS = (
    "id", "path", "name", "format", "sha256", "size", "pages", "chunks", "added_at", "updated_at",
)  # fmt: skip


class AddCancelled(UserFacingError):
    """Adding a document was cancelled; nothing changed."""


@dataclass(frozen=True)
class Document:
    id: int
    path: str
    name: str
    format: str
    sha256: str
    size: int
    pages: int
    chunks: int
    added_at: str
    updated_at: str


@dataclass(frozen=True)
class AddResult:
    document: Document
    outcome: str  # "added", "updated" or "unchanged"


@dataclass(frozen=True)
class Passage:
    chunk_id: int
    document_id: int
    name: str
    path: str
    page: int | None
    heading: str
    text: str
    tokens: int
    score: float  # BM25: lower is better (SQLite's sign)
    coverage: float  # share of the question's content words found


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class KnowledgeStore:
    """Documents and passages of one chat database."""

    def __init__(self, store: ChatStore) -> None:
        self.db = store.db
        # Writes share the chat store's transaction (and its StorageError).
        self._write = store.transaction

    # --- documents ------------------------------------------------------
    def documents(self) -> list[Document]:
        rows = self.db.execute(
            f"SELECT {', '.join(DOCUMENT_COLUMNS)} FROM knowledge_documents ORDER BY name, id"
        ).fetchall()
        return [Document(*row) for row in rows]

    def find(self, key: str) -> Document | None:
        """A document by id or by path (as given or resolved)."""
        if key.isdigit():
            row = self.db.execute(
                f"SELECT {', '.join(DOCUMENT_COLUMNS)} FROM knowledge_documents WHERE id = ?",
                [int(key)],
            ).fetchone()
        else:
            row = self.db.execute(
                f"SELECT {', '.join(DOCUMENT_COLUMNS)} FROM knowledge_documents"
                " WHERE path IN (?, ?)",
                [key, str(Path(key).expanduser().resolve())],
            ).fetchone()
        return Document(*row) if row else None

    def remove(self, key: str) -> Document:
        document = self.find(key)
        if document is None:
            raise UserFacingError(template="No document {key} in the knowledge base.", key=key)
        with self._write() as conn:
            conn.execute("DELETE FROM knowledge_documents WHERE id = ?", [document.id])
        return document

    def add(
        self,
        path: Path,
        count: TokenCounter = approx_tokens,
        progress: Progress | None = None,
        cancel: CancelToken | None = None,
    ) -> AddResult:
        """Index `path` (or keep it, when its content is unchanged)."""
        report = progress or (lambda stage, done: None)
        path = path.expanduser().resolve()
        kind = document_format(path)
        if not path.is_file():
            raise DocumentError(template="{path}: no such file.", path=str(path))

        def check() -> None:
            if cancel is not None and cancel.cancelled:
                raise AddCancelled(template="Adding {name} was cancelled.", name=path.name)

        report("hashing", 0.0)
        sha256 = file_sha256(path)
        existing = self.find(str(path))
        if existing is not None and existing.sha256 == sha256:
            report("done", 1.0)
            return AddResult(existing, "unchanged")
        check()
        report("reading", 0.1)
        extracted = extract(path)
        check()
        report("indexing", 0.5)
        chunks = chunk_blocks(extracted.blocks, count)
        if not chunks:
            raise DocumentError(template="{name}: no text found in it.", name=path.name)
        now = utc_now()
        with self._write() as conn:
            if existing is not None:
                conn.execute("DELETE FROM knowledge_chunks WHERE document_id = ?", [existing.id])
                conn.execute(
                    "UPDATE knowledge_documents SET format = ?, sha256 = ?, size = ?, pages = ?,"
                    " chunks = ?, updated_at = ? WHERE id = ?",
                    [kind, sha256, path.stat().st_size, extracted.pages, len(chunks), now,
                     existing.id],
                )  # fmt: skip
                document_id = existing.id
            else:
                cursor = conn.execute(
                    "INSERT INTO knowledge_documents (path, name, format, sha256, size, pages,"
                    " chunks, added_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [str(path), path.name, kind, sha256, path.stat().st_size, extracted.pages,
                     len(chunks), now, now],
                )  # fmt: skip
                document_id = int(cursor.lastrowid or 0)
            for position, chunk in enumerate(chunks):
                if position % 64 == 0:
                    check()  # raising here rolls the whole transaction back
                    report("indexing", 0.5 + 0.5 * position / len(chunks))
                conn.execute(
                    "INSERT INTO knowledge_chunks (document_id, position, page, heading, text,"
                    " tokens, search_text) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    [document_id, position, chunk.page, chunk.heading, chunk.text, chunk.tokens,
                     search_text(f"{chunk.heading}\n{chunk.text}")],
                )  # fmt: skip
        report("done", 1.0)
        log.info("indexed a %s document: %d pages, %d passages", kind, extracted.pages, len(chunks))
        document = self.find(str(document_id))
        assert document is not None
        return AddResult(document, "updated" if existing is not None else "added")

    # --- search ---------------------------------------------------------
    def search(self, query: str, limit: int = 5) -> list[Passage]:
        """The best passages for `query` by BM25, any of its words matching;
        each with the share of the query's content words it contains."""
        words = query_terms(query)
        if not words:
            return []
        # A prefix term for words of 3+ letters catches plurals and suffixes.
        match = " OR ".join(
            '"' + w.replace('"', '""') + '"' + ("*" if len(w) >= 3 else "") for w in words
        )
        rows = self.db.execute(
            "SELECT c.id, c.document_id, d.name, d.path, c.page, c.heading, c.text, c.tokens,"
            " bm25(knowledge_chunks_fts) AS score, c.search_text"
            " FROM knowledge_chunks_fts"
            " JOIN knowledge_chunks c ON c.id = knowledge_chunks_fts.rowid"
            " JOIN knowledge_documents d ON d.id = c.document_id"
            " WHERE knowledge_chunks_fts MATCH ? ORDER BY score LIMIT ?",
            [match, int(limit)],
        ).fetchall()
        passages = []
        for *fields, indexed in rows:
            tokens = indexed.split()
            found = sum(1 for w in words if any(t.startswith(w) for t in tokens))
            passages.append(Passage(*fields, coverage=found / len(words)))
        return passages

    def chunk_count(self) -> int:
        (count,) = self.db.execute("SELECT COUNT(*) FROM knowledge_chunks").fetchone()
        return int(count)
