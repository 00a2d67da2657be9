"""`bimedix` command line: the parser, `main`, and terminal chat, export and
import. Every other command has its module in this package: `sessions`,
`models`, `serve`, `eval`, `review`, and `train` (the `bimedix-train` program).

Shares the GUI's pipeline (ChatRunner, ChatStore, LlamaCppBackend). Arabic is
printed in visual order only when stdout is a terminal, which usually cannot
shape or reorder it; piped output stays in logical order.
"""

from __future__ import annotations

import argparse
import atexit
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import BinaryIO

from bimedix import __version__
from bimedix.cli.remote import add_remote_arguments, remote_server
from bimedix.core.chat import (
    ChatRunner,
    HistoryTrimmed,
    ReplyDelta,
    ReplyFinished,
    SourcesFound,
    TriageNotice,
    new_session,
)
from bimedix.core.direction import to_visual_order
from bimedix.core.prompts import DEFAULT_MODE, MODES
from bimedix.core.settings import (
    DB_FILE,
    SETTINGS_FILE,
    Settings,
    ensure_writable_dir,
    resolve_data_dir,
)
from bimedix.core.store import ChatStore
from bimedix.engine.backend import CancelToken, GenerationParams
from bimedix.engine.prompt_format import PROMPT_FORMATS
from bimedix.errors import UserFacingError
from bimedix.models.catalog import SMOLLM2, is_embedded
from bimedix.models.default_model import QWEN_CODER, is_default_file


def open_store(data_dir: Path) -> ChatStore:
    """The chat database, as every command opens it.

    Replies left 'streaming' by a process that died are marked interrupted
    here, unless a desktop app or a running `bimedix chat` may still be
    writing them (see `recover_orphaned_replies`).
    """
    from bimedix.core.recovery import open_store_safely, recover_orphaned_replies

    ensure_writable_dir(data_dir)
    store, message = open_store_safely(data_dir / DB_FILE)
    if message:
        print(f"bimedix: {message}", file=sys.stderr)
    recover_orphaned_replies(store, data_dir)
    return store


def load_settings(data_dir: Path) -> Settings:
    """settings.json; each ignored value is logged, which main() shows on stderr."""
    return Settings.load_checked(data_dir / SETTINGS_FILE)[0]


MAX_STDIN = 64 << 20  # a paste, not a data set


def read_stdin_message(stream: BinaryIO | None = None) -> str:
    """The whole of standard input as one message (`chat --once -`, or
    `chat` with stdin not a terminal), like `cat notes.txt | llm`.

    Raises:
        UserFacingError: not UTF-8, empty, or larger than MAX_STDIN.
    """
    source = stream if stream is not None else sys.stdin.buffer
    raw = source.read(MAX_STDIN + 1)
    if len(raw) > MAX_STDIN:
        raise UserFacingError(f"Standard input is larger than {MAX_STDIN >> 20} MB; not sent.")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UserFacingError(
            f"Standard input is not UTF-8 text (invalid byte at offset {exc.start}); not sent."
        ) from exc
    if not text.strip():
        raise UserFacingError("Standard input is empty: nothing to send.")
    return text


def _display(text: str, stream: object = sys.stdout) -> str:
    isatty = getattr(stream, "isatty", lambda: False)()
    return to_visual_order(text) if isatty else text


def _cmd_chat(args: argparse.Namespace, data_dir: Path) -> int:
    from bimedix.models.opening import open_backend

    if args.once == "-" or (args.once is None and not sys.stdin.isatty()):
        args.once = read_stdin_message()  # before loading: a bad pipe fails fast
    settings = load_settings(data_dir)
    store = open_store(data_dir)
    from bimedix.core.instance_lock import ReplyWriterLock

    # Tells other commands' crash recovery that this process's 'streaming'
    # replies are alive; the OS drops the lock if the process dies, and the
    # file goes at exit (the lock lives as long as the object).
    writer_lock = ReplyWriterLock(data_dir)
    if writer_lock.acquire():
        atexit.register(writer_lock.release)
    backend = open_backend(
        remote_server(args) if args.backend == "openai" else args.model or "",
        data_dir,
        n_ctx=args.ctx or settings.n_ctx,
        prompt_format=args.prompt_format,
        prompt_formats=settings.prompt_formats,
        hash_cache=store,
        kv_cache_bytes=settings.kv_cache_bytes,
    )
    atexit.register(backend.close)  # finishes the last KV snapshot's write
    model_path = Path(backend.info.path)
    if backend.info.notice:  # the default model fell back to SmolLM2
        print(f"bimedix: {backend.info.notice}", file=sys.stderr)
    if args.session is not None:
        session = store.get_session(args.session)
    else:
        session = new_session(store, args.mode or settings.default_mode, "en")
    if args.mode and args.mode != session.mode:
        store.update_session(session.id, mode=args.mode)
    params = GenerationParams(
        max_tokens=args.max_tokens or settings.max_tokens,
        temperature=settings.temperature,
        seed=args.seed,
    )
    from bimedix.core.triage import TriageConfig

    triage = TriageConfig(country=args.country or settings.country)
    documents = None
    if args.docs:
        from bimedix.core.knowledge.grounding import DocumentSearch

        documents = DocumentSearch()
    runner = ChatRunner(store, backend, triage=triage, documents=documents)

    def run_turn(text: str) -> None:
        cancel = CancelToken()
        buffer: list[str] = []
        try:
            for event in runner.send(session.id, text, params, cancel):
                if isinstance(event, TriageNotice):
                    # Before the reply, on stdout so it is never lost in a pipe.
                    print(_display(event.result.notice) + "\n", flush=True)
                elif isinstance(event, ReplyDelta):
                    buffer.append(event.text)
                    if not sys.stdout.isatty():
                        sys.stdout.write(event.text)
                        sys.stdout.flush()
                elif isinstance(event, SourcesFound):
                    print(_sources_text(event.sources), file=sys.stderr)
                elif isinstance(event, HistoryTrimmed):
                    print(
                        f"[{event.dropped_messages} older messages no longer fit the "
                        "context and were left out]",
                        file=sys.stderr,
                    )
                elif isinstance(event, ReplyFinished) and sys.stdout.isatty():
                    # Visual-order reshaping needs whole lines, so a terminal
                    # gets the reply once it is complete.
                    sys.stdout.write(_display("".join(buffer)))
        except KeyboardInterrupt:
            cancel.cancel()
            print("\n[stopped]", file=sys.stderr)
        print()

    if args.once is not None:
        run_turn(args.once)
        return 0
    print(f"BiMediX {__version__} — {backend.info.display_name}", file=sys.stderr)
    if is_embedded(model_path) or is_default_file(model_path):
        note = SMOLLM2.note if is_embedded(model_path) else QWEN_CODER.note
        print(f"({note}; --model PATH loads BiMediX)", file=sys.stderr)
    print("Research tool, not for clinical use. Ctrl+D to quit.", file=sys.stderr)
    print(f"Session {session.id}", file=sys.stderr)
    while True:
        try:
            text = input("> ")
        except EOFError:
            print()
            return 0
        if text.strip():
            run_turn(text)


def _sources_text(sources: list[dict[str, object]]) -> str:
    """The passages a reply may cite, for stderr (the reply stays clean on stdout)."""
    if not sources:
        return "[documents: nothing relevant found]"
    lines = []
    for source in sources:
        page = f", p. {source['page']}" if source.get("page") else ""
        lines.append(_display(f"[{source['n']}] {source['document']}{page}"))
    return "\n".join(lines)


def _cmd_export(args: argparse.Namespace, data_dir: Path) -> int:
    from bimedix.core.export import ExportFilter, export_sessions

    store = open_store(data_dir)
    selection = ExportFilter(
        session_ids=None if args.all else args.session,
        since=args.since,
        until=args.until,
        model_file=args.model_file,
        mode=args.mode,
    )
    pdf = None
    if args.format == "pdf":
        from bimedix.gui.pdf_export import render_pdf

        pdf = render_pdf
    result = export_sessions(store, args.format, Path(args.out), selection, pdf=pdf)
    for path in result.files:
        print(path)
    print(f"{result.sessions} sessions, {result.messages} messages", file=sys.stderr)
    return 0 if result.sessions else 1


def _cmd_import(args: argparse.Namespace, data_dir: Path) -> int:
    from bimedix.core.archive_import import import_archive

    report = import_archive(open_store(data_dir), Path(args.file), duplicate=args.duplicate)
    print(
        f"imported {report.imported} sessions ({report.messages} messages), "
        f"skipped {report.skipped} already present"
    )
    return 0


def _country_code(value: str) -> str:
    from bimedix.core.triage import countries, normalise_country

    code = normalise_country(value)
    if not code:
        raise argparse.ArgumentTypeError(
            f"unknown country {value!r}; known: {', '.join(sorted(countries()))}"
        )
    return code


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="bimedix", description="BiMediX offline medical chat")
    parser.add_argument("--version", action="version", version=f"bimedix {__version__}")
    parser.add_argument("--data-dir", help="folder for the database and settings")
    parser.add_argument("--verbose", action="store_true", help="log debug detail (also to stderr)")
    commands = parser.add_subparsers(dest="command", required=True)

    chat = commands.add_parser("chat", help="chat in the terminal")
    chat.add_argument(
        "--once",
        metavar="TEXT",
        help="send one message, print the reply, exit; '-' reads the message from stdin "
        "(as does chat itself when stdin is not a terminal)",
    )
    chat.add_argument(
        "--model",
        metavar="PATH|NAME",
        help="GGUF file, or a bundled model: qwen-coder-1.5b (default), smollm2, gemma3",
    )
    chat.add_argument("--mode", choices=sorted(MODES), help=f"default: {DEFAULT_MODE}")
    chat.add_argument("--session", type=int, metavar="ID", help="continue a session")
    chat.add_argument("--max-tokens", type=int, metavar="N")
    chat.add_argument("--seed", type=int, metavar="N")
    chat.add_argument("--ctx", type=int, metavar="N", help="context size in tokens")
    chat.add_argument(
        "--prompt-format",
        choices=PROMPT_FORMATS,
        help="override the prompt format (default: the model's saved choice, else auto)",
    )
    chat.add_argument(
        "--country",
        type=_country_code,
        metavar="CC",
        help="country for the emergency number in red-flag notices (e.g. AE, SA, GB, EU)",
    )
    chat.add_argument(
        "--docs",
        action="store_true",
        help="answer from your documents (bimedix docs add), citing passages as [n]",
    )
    add_remote_arguments(chat)
    chat.set_defaults(handler=_cmd_chat)

    from bimedix.cli import sessions as sessions_cli

    sessions_cli.register(commands)  # bimedix sessions …
    from bimedix.core.export import FORMATS

    export = commands.add_parser("export", help="export sessions for review or training")
    export.add_argument("--format", required=True, choices=FORMATS)
    scope = export.add_mutually_exclusive_group(required=True)
    scope.add_argument("--session", type=int, action="append", metavar="ID", help="repeatable")
    scope.add_argument("--all", action="store_true", help="every session matching the filters")
    export.add_argument(
        "--out",
        required=True,
        metavar="PATH",
        help="a file (several sessions in pdf/html/md/txt: one document with contents), "
        "or a folder or .zip (one file per session, with a manifest)",
    )
    export.add_argument("--since", metavar="YYYY-MM-DD", help="sessions created on or after")
    export.add_argument("--until", metavar="YYYY-MM-DD", help="sessions created on or before")
    export.add_argument("--model-file", metavar="NAME", help="sessions answered by this GGUF")
    export.add_argument("--mode", choices=sorted(MODES))
    export.set_defaults(handler=_cmd_export)

    importing = commands.add_parser("import", help="import a JSON archive or JSONL file")
    importing.add_argument("file", metavar="FILE")
    importing.add_argument(
        "--duplicate", action="store_true", help="import sessions already present as copies"
    )
    importing.set_defaults(handler=_cmd_import)
    from bimedix.cli import eval as eval_command
    from bimedix.cli import models as models_command
    from bimedix.cli import replay as replay_command
    from bimedix.cli import serve as serve_command

    models_command.register(commands)  # bimedix models …
    serve_command.register(commands)  # bimedix serve
    eval_command.register(commands)  # bimedix eval
    from bimedix.cli import review as review_command

    review_command.register(commands)  # bimedix review
    replay_command.register(commands)  # bimedix replay
    from bimedix.cli import docs as docs_command

    docs_command.register(commands)  # bimedix docs …
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    from bimedix.core.settings_schema import warnings_to_stderr

    args = build_parser().parse_args(argv)
    warnings_to_stderr("bimedix")
    data_dir = resolve_data_dir(args.data_dir)
    from bimedix.core.logs import install_exception_hooks, setup_logging

    setup_logging(data_dir, verbose=args.verbose, program=f"bimedix {args.command}")
    install_exception_hooks()
    try:
        return int(args.handler(args, data_dir))
    except UserFacingError as exc:
        print(f"bimedix: {exc}", file=sys.stderr)
        return 2
    except KeyError as exc:
        print(f"bimedix: not found: {exc.args[0]}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"bimedix: {exc.filename or ''}: {exc.strerror or exc}", file=sys.stderr)
        return 2

