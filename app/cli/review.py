"""`bimedix review`: rate, tag, annotate and correct a stored reply, and list reviews.

    bimedix review MESSAGE_ID --rating up|down [--tag T]... [--note TEXT]
                   [--correction TEXT|-]
    bimedix review --list [--filter rated|needs-correction] [--json|--nl]

Options left out keep what the reply's review already says, so a note or a
correction can be added later. Message ids are in the JSON export, in
`bimedix sessions show ID --json`, and in the desktop app ("Copy message id").
Writes go through ChatStore's public methods, one transaction each.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from bimedix.cli.json_output import add_json_arguments, dumps, print_records, wants_json
from bimedix.core.review import TAGS, Review, make_review
from bimedix.core.review_store import REVIEW_FILTERS
from bimedix.errors import UserFacingError


def register(commands: Any) -> None:
    """Add the `review` command to `commands`."""
    review = commands.add_parser(
        "review",
        help="rate, tag and correct a reply; list reviews",
        description="Review an assistant reply by its message id, or list reviews.",
    )
    review.add_argument("message_id", nargs="?", type=_message_id, metavar="MESSAGE_ID")
    review.add_argument("--rating", metavar="up|down", help="up: good reply, down: bad reply")
    review.add_argument(
        "--tag",
        action="append",
        metavar="T",
        help=f"repeatable; replaces the reply's tags: {', '.join(TAGS)}",
    )
    review.add_argument("--note", metavar="TEXT", help="free-text note")
    review.add_argument(
        "--correction", metavar="TEXT", help="what the model should have said ('-': read stdin)"
    )
    review.add_argument("--clear", action="store_true", help="remove the reply's review")
    review.add_argument("--list", action="store_true", help="list reviewed replies")
    review.add_argument(
        "--filter",
        choices=REVIEW_FILTERS,
        default="all",
        help="with --list: rated, or rated bad without a correction",
    )
    add_json_arguments(review, "reviews")
    review.set_defaults(handler=_cmd_review)


def _message_id(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a message id: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"not a message id: {text!r}")
    return value


def _summary(review: Review | None) -> str:
    if review is None:
        return "no review"
    parts = [review.rating or "not rated", *review.tags]
    if review.note:
        parts.append("note")
    if review.correction:
        parts.append("corrected")
    return " · ".join(parts)


def _cmd_review(args: argparse.Namespace, data_dir: Path) -> int:
    from bimedix.cli import open_store, read_stdin_message

    if args.list:
        if args.message_id is not None:
            raise UserFacingError("Give a MESSAGE_ID or --list, not both.")
        return _list(args, open_store(data_dir))
    if args.message_id is None:
        raise UserFacingError("Give the MESSAGE_ID of a reply to review, or --list.")
    changes = (args.rating, args.tag, args.note, args.correction)
    if not args.clear and all(c is None for c in changes):
        raise UserFacingError("Nothing to change: give --rating, --tag, --note or --correction.")
    correction = args.correction
    if correction == "-":
        correction = read_stdin_message()
    store = open_store(data_dir)
    try:
        old = store.get_message(args.message_id).review or Review()
    except KeyError:
        print(f"bimedix: no message with id {args.message_id}", file=sys.stderr)
        return 1
    if args.clear:
        review = Review()
    else:
        review = make_review(
            args.rating if args.rating is not None else old.rating,
            args.tag if args.tag is not None else old.tags,
            args.note if args.note is not None else old.note,
            correction if correction is not None else old.correction,
        )
    stored = store.set_review(args.message_id, review)
    if wants_json(args):
        record = {"message_id": args.message_id, "review": stored.to_dict() if stored else None}
        print(dumps(record, indent=2))
    else:
        print(f"message {args.message_id}: {_summary(stored)}")
    return 0


def _list(args: argparse.Namespace, store: Any) -> int:
    from bimedix.cli import _display

    replies = store.list_reviews(args.filter)
    if wants_json(args):
        print_records(args, (r.to_dict() for r in replies))
        return 0
    if not replies:
        print("no reviews", file=sys.stderr)
        return 0
    for r in replies:
        print(
            f"{r.review.message_id:>7}  session {r.session_id:<5} {_summary(r.review)}  "
            f"{_display(r.session_title)}"
        )
    return 0
