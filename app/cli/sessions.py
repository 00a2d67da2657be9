"""`bimedix sessions …`: list, show, search, rename and delete stored chats.

Registered into the main parser by `bimedix.cli.build_parser`. Everything
goes through ChatStore's public methods, each write one transaction, so the
commands are safe while the desktop app runs on the same folder (WAL); its
sidebar shows the change on its next refresh.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from bimedix.cli.json_output import add_json_arguments, dumps, print_records, wants_json
from bimedix.core.prompts import MODES
from bimedix.core.store import ChatStore, Session, StoredMessage
from bimedix.errors import UserFacingError

LANGUAGES = ("en", "ar")


def register(commands: Any) -> None:
    """Add the `sessions` command and its subcommands to `commands`."""
    sessions = commands.add_parser("sessions", help="list, show, search, rename, delete sessions")
    sub = sessions.add_subparsers(dest="sessions_command", required=True)

    listing = sub.add_parser("list", help="list sessions, most recently used first")
    listing.add_argument("--mode", choices=sorted(MODES))
    listing.add_argument("--language", choices=LANGUAGES, help="the session's language")
    listing.add_argument("--since", metavar="YYYY-MM-DD", help="sessions created on or after")
    listing.add_argument("--limit", type=positive_int, metavar="N", help="at most N sessions")
    add_json_arguments(listing, "sessions")
    listing.set_defaults(handler=_cmd_list)

    show = sub.add_parser("show", help="print a session's transcript")
    show.add_argument("id", type=int, metavar="ID")
    show.add_argument("--json", action="store_true", help="the session as in the JSON archive")
    show.set_defaults(handler=_cmd_show)

    search = sub.add_parser("search", help="search every message (Arabic and English)")
    search.add_argument("query", metavar="QUERY")
    search.add_argument("--limit", type=positive_int, default=20, metavar="N", help="default 20")
    add_json_arguments(search, "matches")
    search.set_defaults(handler=_cmd_search)

    rename = sub.add_parser("rename", help="change a session's title")
    rename.add_argument("id", type=int, metavar="ID")
    rename.add_argument("title", metavar="TITLE")
    rename.set_defaults(handler=_cmd_rename)

    delete = sub.add_parser("delete", help="delete sessions and their messages")
    delete.add_argument("ids", type=int, nargs="+", metavar="ID")
    delete.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    delete.set_defaults(handler=_cmd_delete)


def positive_int(text: str) -> int:
    """argparse type: a whole number of 1 or more (`--limit`)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def _open(data_dir: Path) -> ChatStore:
    from bimedix.cli import open_store

    return open_store(data_dir)


def _display(text: str) -> str:
    from bimedix.cli import _display as display

    return display(text)


def _unknown(ids: Sequence[int]) -> int:
    """One clear line for ids that name no session; exit status 1."""
    names = ", ".join(str(i) for i in ids)
    print(f"bimedix: no session with id {names}", file=sys.stderr)
    return 1


def session_record(session: Session) -> dict[str, Any]:
    """What `sessions list --json` prints for one session."""
    return {
        "id": session.id,
        "title": session.title,
        "mode": session.mode,
        "language": session.language,
        "message_count": session.message_count,
        "created_at": session.created_at,
        "updated_at": session.updated_at,
    }


def _short_time(stamp: str) -> str:
    """'2026-12-01T08:42:25.123+00:00' -> '2026-12-01 08:42 UTC'."""
    return f"{stamp[:10]} {stamp[11:16]} UTC" if len(stamp) >= 16 else stamp


# --- list ------------------------------------------------------------------
def _cmd_list(args: argparse.Namespace, data_dir: Path) -> int:
    since = None
    if args.since:
        try:
            since = date.fromisoformat(args.since).isoformat()
        except ValueError:
            raise UserFacingError(
                template="--since wants a date as YYYY-MM-DD, not {value}.", value=args.since
            ) from None
    store = _open(data_dir)
    sessions = store.filter_sessions(args.mode, args.language, since, args.limit)
    if wants_json(args):
        print_records(args, (session_record(s) for s in sessions))
        return 0
    for s in sessions:
        print(
            f"{s.id:>6}  {s.mode:<8} {s.language:<3} {s.message_count:>4} msgs  "
            f"{s.updated_at[:10]}  {_display(s.title)}"
        )
    return 0


# --- show ------------------------------------------------------------------
def _message_lines(message: StoredMessage) -> list[str]:
    header = f"[{message.role}] {_short_time(message.created_at)} · {message.status}"
    body = message.content if message.content else "(empty)"
    return [header, _display(body), ""]


def _cmd_show(args: argparse.Namespace, data_dir: Path) -> int:
    store = _open(data_dir)
    try:
        session = store.get_session(args.id)
    except KeyError:
        return _unknown([args.id])
    messages = store.messages(session.id)
    if args.json:
        from bimedix.core.export import session_to_dict

        print(dumps(session_to_dict(session, messages), indent=2))
        return 0
    print(_display(f"# {session.title}"))
    print(
        f"session {session.id} · {session.mode} · {session.language} · "
        f"created {_short_time(session.created_at)} · {len(messages)} messages"
    )
    print()
    for message in messages:
        print("\n".join(_message_lines(message)))
    return 0


# --- search ----------------------------------------------------------------
def _cmd_search(args: argparse.Namespace, data_dir: Path) -> int:
    from bimedix.core.snippets import search_snippet

    store = _open(data_dir)
    hits = store.search(args.query, limit=args.limit)
    records = [
        {
            "session_id": hit.session_id,
            "session_title": hit.session_title,
            "message_id": hit.message_id,
            "role": hit.role,
            "snippet": search_snippet(hit.content, args.query),
        }
        for hit in hits
    ]
    if wants_json(args):
        print_records(args, records)
        return 0
    if not records:
        print("no matches", file=sys.stderr)
        return 0
    for record in records:
        print(f"{record['session_id']:>6}  {_display(record['session_title'])}")
        print(f"        {record['role']}: {_display(record['snippet'])}")
    return 0


# --- rename / delete -------------------------------------------------------
def _cmd_rename(args: argparse.Namespace, data_dir: Path) -> int:
    title = " ".join(args.title.split())
    if not title:
        raise UserFacingError(template="The new title is empty.")
    store = _open(data_dir)
    if store.missing_session_ids([args.id]):
        return _unknown([args.id])
    store.update_session(args.id, title=title)
    print(_display(f"renamed session {args.id}: {title}"))
    return 0


def _confirm(prompt: str) -> bool:
    try:
        answer = input(prompt)
    except EOFError:
        return False
    return answer.strip().lower() in ("y", "yes")


def _cmd_delete(args: argparse.Namespace, data_dir: Path) -> int:
    ids = list(dict.fromkeys(args.ids))  # each once, in the order given
    store = _open(data_dir)
    missing = store.missing_session_ids(ids)
    if missing:
        return _unknown(missing)
    if not args.yes:
        if not (sys.stdin.isatty() and sys.stdout.isatty()):
            print(
                "bimedix: not deleting without confirmation: add --yes "
                "(stdin or stdout is not a terminal)",
                file=sys.stderr,
            )
            return 1
        for session_id in ids:
            session = store.get_session(session_id)
            print(f"{session.id:>6}  {session.message_count:>4} msgs  {_display(session.title)}")
        noun = "this session" if len(ids) == 1 else f"these {len(ids)} sessions"
        which = "its" if len(ids) == 1 else "their"
        if not _confirm(f"Delete {noun} and all {which} messages? [y/N] "):
            print("nothing deleted", file=sys.stderr)
            return 1
    deleted = store.delete_sessions(ids)
    print(f"deleted {deleted} session{'s' if deleted != 1 else ''}")
    return 0
