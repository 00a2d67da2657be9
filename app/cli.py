"""`bimedix` command line: terminal chat and session listing.

Shares the GUI's pipeline (ChatRunner, ChatStore, LlamaCppBackend). Arabic is
printed in visual order only when stdout is a terminal, which usually cannot
shape or reorder it; piped output stays in logical order.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from bimedix import __version__
from bimedix.core.catalog import SMOLLM2, describe_model, is_embedded, resolve_model
from bimedix.core.chat import (
    ChatRunner,
    HistoryTrimmed,
    ReplyDelta,
    ReplyFinished,
    new_session,
)
from bimedix.core.default_model import QWEN_CODER, is_default_file
from bimedix.core.direction import to_visual_order
from bimedix.core.errors import UserFacingError
from bimedix.core.prompts import DEFAULT_MODE, MODES
from bimedix.core.settings import (
    DB_FILE,
    SETTINGS_FILE,
    Settings,
    ensure_writable_dir,
    resolve_data_dir,
)
from bimedix.core.store import ChatStore
from bimedix.engine.backend import Backend, CancelToken, GenerationParams
from bimedix.engine.prompt_format import PROMPT_FORMATS
from bimedix.remote_args import add_remote_arguments, open_remote_backend


def open_store(data_dir: Path) -> ChatStore:
    from bimedix.core.recovery import open_store_safely

    ensure_writable_dir(data_dir)
    store, message = open_store_safely(data_dir / DB_FILE)
    if message:
        print(f"bimedix: {message}", file=sys.stderr)
    return store


def _display(text: str, stream: object = sys.stdout) -> str:
    isatty = getattr(stream, "isatty", lambda: False)()
    return to_visual_order(text) if isatty else text


def _cmd_chat(args: argparse.Namespace, data_dir: Path) -> int:
    from bimedix.core.model_hash import file_sha256
    from bimedix.engine.llama_backend import LlamaCppBackend, check_gguf_header

    settings = Settings.load(data_dir / SETTINGS_FILE)
    store = open_store(data_dir)
    from bimedix.core.instance_lock import InstanceLock

    # A running desktop app may be streaming a reply right now: only mark
    # unfinished replies as interrupted when no app holds this folder.
    if not InstanceLock(data_dir).held_elsewhere():
        store.mark_interrupted_replies()
    backend: Backend
    if args.backend == "openai":
        backend = open_remote_backend(args)
        model_path = Path(backend.info.path)
    else:
        notices: list[str] = []
        model_path = resolve_model(args.model or "", data_dir / "models", notices)
        for notice in notices:  # the default model fell back to SmolLM2
            print(f"bimedix: {notice}", file=sys.stderr)
        check_gguf_header(model_path)
        backend = LlamaCppBackend(
            model_path,
            n_ctx=args.ctx or settings.n_ctx,
            prompt_format=args.prompt_format
            or settings.prompt_formats.get(model_path.name, "auto"),
            display_name=describe_model(model_path),
            sha256=file_sha256(model_path, store),
        )
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
    runner = ChatRunner(store, backend)

    def run_turn(text: str) -> None:
        cancel = CancelToken()
        buffer: list[str] = []
        try:
            for event in runner.send(session.id, text, params, cancel):
                if isinstance(event, ReplyDelta):
                    buffer.append(event.text)
                    if not sys.stdout.isatty():
                        sys.stdout.write(event.text)
                        sys.stdout.flush()
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


def _cmd_sessions_list(args: argparse.Namespace, data_dir: Path) -> int:
    store = open_store(data_dir)
    sessions = store.list_sessions()
    if args.json:
        for s in sessions:
            record = {
                "id": s.id,
                "title": s.title,
                "mode": s.mode,
                "language": s.language,
                "message_count": s.message_count,
                "created_at": s.created_at,
                "updated_at": s.updated_at,
            }
            print(json.dumps(record, ensure_ascii=False))
    else:
        for s in sessions:
            print(f"{s.id:>6}  {s.mode:<8} {s.message_count:>4} msgs  {_display(s.title)}")
    return 0


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


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="bimedix", description="BiMediX offline medical chat")
    parser.add_argument("--version", action="version", version=f"bimedix {__version__}")
    parser.add_argument("--data-dir", help="folder for the database and settings")
    commands = parser.add_subparsers(dest="command", required=True)

    chat = commands.add_parser("chat", help="chat in the terminal")
    chat.add_argument("--once", metavar="TEXT", help="send one message, print the reply, exit")
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
    add_remote_arguments(chat)
    chat.set_defaults(handler=_cmd_chat)

    sessions = commands.add_parser("sessions", help="manage stored sessions")
    sessions_commands = sessions.add_subparsers(dest="sessions_command", required=True)
    listing = sessions_commands.add_parser("list", help="list sessions")
    listing.add_argument("--json", action="store_true", help="one JSON object per line")
    listing.set_defaults(handler=_cmd_sessions_list)
    from bimedix.core.export import FORMATS

    export = commands.add_parser("export", help="export sessions for review or training")
    export.add_argument("--format", required=True, choices=FORMATS)
    scope = export.add_mutually_exclusive_group(required=True)
    scope.add_argument("--session", type=int, action="append", metavar="ID", help="repeatable")
    scope.add_argument("--all", action="store_true", help="every session matching the filters")
    export.add_argument(
        "--out", required=True, metavar="PATH", help="file, folder, or .zip for several sessions"
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
    from bimedix import models_cli, serve
    from bimedix.eval import cli as eval_cli

    models_cli.register(commands)  # bimedix models …
    serve.register(commands)  # bimedix serve
    eval_cli.register(commands)  # bimedix eval
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    data_dir = resolve_data_dir(args.data_dir)
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


if __name__ == "__main__":
    sys.exit(main())
