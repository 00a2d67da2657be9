"""The command line's JSON convention, shared by every command with `--json`.

`--json` prints one JSON document: a command that reports several objects
prints one array (as sqlite-utils, llm and gh do), so the output can be read
with a single `json.load`. `--nl` prints newline-delimited JSON instead, one
object per line, written as each object is ready (for `jq -c`, streaming and
very long listings). `--nl` implies `--json`.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from typing import Any, TextIO


def add_json_arguments(parser: argparse.ArgumentParser, what: str) -> None:
    """Add `--json` and `--nl` to a command that prints several `what`."""
    parser.add_argument("--json", action="store_true", help=f"print the {what} as one JSON array")
    parser.add_argument(
        "--nl", action="store_true", help=f"print the {what} as JSON, one object per line"
    )


def wants_json(args: argparse.Namespace) -> bool:
    return bool(getattr(args, "json", False) or getattr(args, "nl", False))


def dumps(record: Any, indent: int | None = None) -> str:
    """JSON as this app writes it: UTF-8 text, Arabic unescaped."""
    return json.dumps(record, ensure_ascii=False, indent=indent)


class JsonWriter:
    """Prints records in the chosen convention as they come.

    With `--nl` each record is printed (and flushed) at once; otherwise the
    records are kept until `close`, which prints them as one array (an empty
    array when there were none, so the output is always valid JSON).
    """

    def __init__(self, args: argparse.Namespace, out: TextIO | None = None) -> None:
        self.lines = bool(getattr(args, "nl", False))
        self._out = out
        self._records: list[Any] = []

    @property
    def out(self) -> TextIO:
        # Looked up late so that tests replacing sys.stdout see the output.
        return self._out or sys.stdout

    def write(self, record: Any) -> None:
        if self.lines:
            self.out.write(dumps(record) + "\n")
            self.out.flush()
        else:
            self._records.append(record)

    def close(self) -> None:
        if not self.lines:
            self.out.write(dumps(self._records, indent=2) + "\n")
            self.out.flush()
            self._records = []


def print_records(args: argparse.Namespace, records: Iterable[Any]) -> None:
    """Print all `records` as one array, or one per line with `--nl`."""
    writer = JsonWriter(args)
    for record in records:
        writer.write(record)
    writer.close()
