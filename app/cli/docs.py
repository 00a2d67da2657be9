"""`bimedix docs …`: the knowledge base of the user's own documents.

add (files or folders; unchanged files are skipped, changed ones re-indexed),
list, remove (by id or path) and search. The chat uses it with
`bimedix chat --docs`. Everything goes through `KnowledgeStore` on the chat
database, so the desktop app sees the same documents.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from bimedix.cli.json_output import JsonWriter, add_json_arguments, print_records, wants_json
from bimedix.cli.sessions import positive_int
from bimedix.core.knowledge.extract import FORMATS
from bimedix.core.knowledge.index import Document, KnowledgeStore, Passage
from bimedix.errors import UserFacingError


def register(commands: Any) -> None:
    """Add the `docs` command and its subcommands to `commands`."""
    docs = commands.add_parser("docs", help="your own documents, for answers with citations")
    sub = docs.add_subparsers(dest="docs_command", required=True)

    add = sub.add_parser("add", help="add (or re-index) PDF, Markdown, text, HTML, DOCX files")
    add.add_argument("paths", nargs="+", metavar="PATH", help="files, or folders to add whole")
    add_json_arguments(add, "documents")
    add.set_defaults(handler=_cmd_add)

    listing = sub.add_parser("list", help="list the documents")
    add_json_arguments(listing, "documents")
    listing.set_defaults(handler=_cmd_list)

    remove = sub.add_parser("remove", help="remove a document (by ID or PATH)")
    remove.add_argument("keys", nargs="+", metavar="ID|PATH")
    remove.set_defaults(handler=_cmd_remove)

    search = sub.add_parser("search", help="the passages that best match QUERY (BM25)")
    search.add_argument("query", metavar="QUERY")
    search.add_argument("--limit", type=positive_int, default=5, metavar="K", help="default 5")
    add_json_arguments(search, "passages")
    search.set_defaults(handler=_cmd_search)


def _knowledge(data_dir: Path) -> KnowledgeStore:
    from bimedix.cli import open_store

    return KnowledgeStore(open_store(data_dir))


def _display(text: str) -> str:
    from bimedix.cli import _display as display

    return display(text)


def document_record(document: Document) -> dict[str, Any]:
    return {
        "id": document.id,
        "name": document.name,
        "path": document.path,
        "format": document.format,
        "pages": document.pages,
        "passages": document.chunks,
        "sha256": document.sha256,
        "added_at": document.added_at,
        "updated_at": document.updated_at,
    }


def passage_record(passage: Passage) -> dict[str, Any]:
    return {
        "document_id": passage.document_id,
        "document": passage.name,
        "path": passage.path,
        "page": passage.page,
        "heading": passage.heading,
        "text": passage.text,
        "score": round(-passage.score, 4),
        "coverage": round(passage.coverage, 3),
    }


def _files(paths: list[str]) -> Iterator[Path]:
    for name in paths:
        path = Path(name).expanduser()
        if path.is_dir():
            yield from sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in FORMATS
            )
        else:
            yield path


def _cmd_add(args: argparse.Namespace, data_dir: Path) -> int:
    knowledge = _knowledge(data_dir)
    writer = JsonWriter(args) if wants_json(args) else None
    failed = 0
    for path in _files(args.paths):

        def progress(stage: str, done: float, name: str = path.name) -> None:
            if sys.stderr.isatty():
                print(f"\r{name}: {stage} {done:4.0%}", end="", file=sys.stderr, flush=True)

        try:
            result = knowledge.add(path, progress=progress)
        except UserFacingError as exc:
            failed += 1
            print(f"\rbimedix: {exc}", file=sys.stderr)
            continue
        document = result.document
        if writer is not None:
            writer.write({**document_record(document), "outcome": result.outcome})
        else:
            print(
                f"\r{result.outcome:<9} {document.id:>4}  {document.name}  "
                f"({document.pages} pages, {document.chunks} passages)"
            )
    if writer is not None:
        writer.close()
    return 1 if failed else 0


def _cmd_list(args: argparse.Namespace, data_dir: Path) -> int:
    documents = _knowledge(data_dir).documents()
    if wants_json(args):
        print_records(args, (document_record(d) for d in documents))
        return 0
    if not documents:
        print("no documents; add some with: bimedix docs add PATH", file=sys.stderr)
    for d in documents:
        print(
            f"{d.id:>4}  {d.format:<8} {d.pages:>4} p {d.chunks:>5} passages  "
            f"{d.updated_at[:10]}  {d.path}"
        )
    return 0


def _cmd_remove(args: argparse.Namespace, data_dir: Path) -> int:
    knowledge = _knowledge(data_dir)
    for key in args.keys:
        document = knowledge.remove(key)
        print(f"removed {document.id}  {document.name}")
    return 0


def _cmd_search(args: argparse.Namespace, data_dir: Path) -> int:
    passages = _knowledge(data_dir).search(args.query, limit=args.limit)
    records = [passage_record(p) for p in passages]
    if wants_json(args):
        print_records(args, records)
        return 0
    if not records:
        print("no matching passages", file=sys.stderr)
    for n, record in enumerate(records, start=1):
        where = record["document"] + (f", p. {record['page']}" if record["page"] else "")
        print(f"[{n}] {_display(where)}  {_display(record['heading'])}")
        text = record["text"] if len(record["text"]) <= 300 else record["text"][:299] + "…"
        print("    " + _display(text).replace("\n", "\n    "))
    return 0
