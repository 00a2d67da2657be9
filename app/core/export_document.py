"""Several sessions in ONE reading document (PDF, HTML, Markdown, plain text).

`bimedix export --all --format pdf --out all.pdf` gives one file: a contents
list of the sessions, then each session starting on a new page (PDF, and HTML
when printed), after a rule (Markdown) or a form feed (plain text). The
per-session renderers of `core.export` draw each session, so one document
reads exactly like the single-session exports put together.

HTML, Markdown and text are written session by session. PDF is laid out by
Qt from one HTML document, so that one is built in memory.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import IO

from bimedix import __version__
from bimedix.core.direction import to_visual_order
from bimedix.core.store import Session

DOCUMENT_FORMATS = ("pdf", "html", "md", "txt")
CONTENTS_TITLE = "Contents"


# The font stack of every HTML export and PDF (export.py and gui/pdf_export.py).
FONT_STACK = '"Noto Sans", "Noto Sans Arabic", "Noto Naskh Arabic", "DejaVu Sans", sans-serif'

def anchor(session: Session) -> str:
    return f"session-{session.id}"


def _contents_html(sessions: Sequence[Session]) -> str:
    items = "\n".join(
        # One direction for the whole list, so numbers and dates line up;
        # an Arabic title is still its own right-to-left run inside.
        f'<li dir="ltr" align="left"><a href="#{anchor(s)}">'
        f'{html.escape(s.title)}</a> <span class="meta">({html.escape(s.language)}, '
        f"{html.escape(s.created_at[:10])})</span></li>"
        for s in sessions
    )
    return (
        f'<h1 dir="ltr" align="left">BiMediX chats: {len(sessions)} sessions</h1>\n'
        f'<p class="meta" dir="ltr">BiMediX Desktop {__version__} — research tool, '
        f'not for clinical use.</p>\n<h2 dir="ltr">{CONTENTS_TITLE}</h2>\n<ol>\n{items}\n</ol>\n'
    )


def document_html(records: Iterable[tuple[Session, str]], sessions: Sequence[Session],
                  standalone: bool = True) -> Iterable[str]:  # fmt: skip
    """Pieces of one HTML document: the contents list, then every session
    (`records` gives each session with its HTML fragment) on a new page."""
    if standalone:
        yield (
            '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f"<title>BiMediX chats ({len(sessions)} sessions)</title>\n<style>\n"
            f"body {{ font-family: {FONT_STACK}; max-width: 48em; margin: 2em auto; }}\n"
            "div.session { page-break-before: always; border-top: 2px solid #90a4ae; "
            "margin-top: 2em; }\n"
            ".msg { border: 1px solid #ddd; border-radius: 8px; padding: 0.5em 1em; "
            "margin: 1em 0; }\n.msg.user { background: #e3f2fd; }\n"
            ".role { color: #546e7a; margin: 0; }\n.meta { color: #777; font-size: 0.85em; }\n"
            "p[dir=rtl] { text-align: right; }\np[dir=ltr] { text-align: left; }\n"
            "</style>\n</head>\n<body>\n"
        )
    yield _contents_html(sessions)
    for session, fragment in records:
        # Qt's rich text honours page-break-before on a block, so each
        # session starts a new PDF page; browsers do the same when printing.
        yield (
            f'<div class="session" id="{anchor(session)}" '
            f'style="page-break-before: always">\n<a name="{anchor(session)}"></a>\n'
            f"{fragment}\n</div>\n"
        )
    if standalone:
        yield "</body>\n</html>\n"


def write_markdown_document(
    records: Iterable[tuple[Session, str]], sessions: Sequence[Session], out: IO[str]
) -> None:
    """Contents list with links, then each session's Markdown after a rule."""
    out.write(f"# BiMediX chats: {len(sessions)} sessions\n\n## {CONTENTS_TITLE}\n\n")
    for number, session in enumerate(sessions, start=1):
        out.write(f"{number}. [{session.title}](#{anchor(session)}) ({session.language}, "
                  f"{session.created_at[:10]})\n")  # fmt: skip
    for session, text in records:
        out.write(f'\n---\n\n<a id="{anchor(session)}"></a>\n\n{text}\n')


def write_text_document(
    records: Iterable[tuple[Session, str]], sessions: Sequence[Session], out: IO[str]
) -> None:
    """Contents list, then each session on a new page (form feed)."""
    out.write(f"BiMediX chats: {len(sessions)} sessions\n\n{CONTENTS_TITLE}\n")
    for number, session in enumerate(sessions, start=1):
        out.write(f"{number:4d}. {to_visual_order(session.title)}\n")
    for _session, text in records:
        out.write("\f\n" + text)


def write_document(
    fmt: str,
    records: Iterable[tuple[Session, str]],
    sessions: Sequence[Session],
    path: Path,
    pdf: object = None,
) -> None:
    """One document of format `fmt` at `path`; `records` pairs each session
    with its single-session rendering in that format (an HTML fragment for
    html and pdf)."""
    if fmt == "pdf":
        if not callable(pdf):
            raise ValueError("PDF export needs a renderer (bimedix.gui.pdf_export)")
        pdf("".join(document_html(records, sessions, standalone=False)), path)
        return
    with path.open("w", encoding="utf-8") as out:
        if fmt == "html":
            out.writelines(document_html(records, sessions))
        elif fmt == "md":
            write_markdown_document(records, sessions, out)
        elif fmt == "txt":
            write_text_document(records, sessions, out)
        else:
            raise ValueError(f"{fmt} is not a document format")
