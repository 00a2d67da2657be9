"""The readable renderings of one session: Markdown, standalone HTML (which
the PDF is drawn from) and plain text in visual order, with each message's
direction, provenance line, red-flag outcome, review and cited sources."""

from __future__ import annotations

import html
import re

from bimedix import __version__
from bimedix.core.direction import Direction, base_direction, language_direction, to_visual_order
from bimedix.core.export_document import FONT_STACK
from bimedix.core.review import review_line
from bimedix.core.store import Session, StoredMessage

ROLE_LABELS = {"user": "You", "assistant": "BiMediX", "system": "System"}


def message_direction(message: StoredMessage, session: Session) -> Direction:
    fallback = language_direction(session.language)
    if message.direction in ("ltr", "rtl"):
        return message.direction  # type: ignore[return-value]
    return base_direction(message.content, fallback)


def triage_line(m: StoredMessage) -> str:
    """The red-flag check's outcome for a reviewer, or '' when it did not fire."""
    if not m.triage or not m.triage.get("rules"):
        return ""
    shown = "notice shown" if m.triage.get("shown") else "notice not shown"
    if m.triage.get("stopped"):
        shown += ", model not asked"
    country = m.triage.get("country") or "no country set"
    return f"Red-flag check: {', '.join(m.triage['rules'])} · {country} · {shown}"


def source_lines(m: StoredMessage) -> list[str]:
    """The reply's document passages for a reader: '[n] file, p. 3 — heading:
    text', or one line saying documents were searched and nothing matched."""
    if m.sources is None:
        return []
    if not m.sources:
        return ["Sources: your documents were searched; nothing relevant was found."]
    lines = []
    for source in m.sources:
        where = str(source.get("document", ""))
        if source.get("page"):
            where += f", p. {source['page']}"
        if source.get("heading"):
            where += f" — {source['heading']}"
        lines.append(f"[{source.get('n')}] {where}: {' '.join(str(source.get('text')).split())}")
    return lines


def _reply_provenance(m: StoredMessage) -> str:
    parts = [m.model_file or "", m.model_quantization or ""]
    if m.completion_tokens:
        parts.append(f"{m.completion_tokens} tokens")
    if m.tokens_per_s:
        parts.append(f"{m.tokens_per_s:.1f} tokens/s")
    if m.prompt_tokens and m.cached_prompt_tokens is not None:
        parts.append(f"prompt {m.prompt_tokens} tokens, {m.cached_prompt_tokens} cached")
    if m.seed is not None:
        parts.append(f"seed {m.seed}")
    if m.stop_reason:
        parts.append(m.stop_reason)
    return " · ".join(p for p in parts if p)


def session_markdown(session: Session, messages: list[StoredMessage]) -> str:
    """A readable transcript; right-to-left paragraphs sit in `<div dir="rtl">`
    blocks so Markdown viewers lay them out right to left."""
    lines = [f"# {session.title}", "", f"- Mode: {session.mode}",
             f"- Language: {session.language}", f"- Created: {session.created_at}", ""]  # fmt: skip
    for m in messages:
        lines.append(f"### {ROLE_LABELS.get(m.role, m.role)}")
        lines.append("")
        if message_direction(m, session) == "rtl":
            lines += ['<div dir="rtl">', "", m.content, "", "</div>"]
        else:
            lines.append(m.content)
        if triage_line(m):
            lines += ["", f"*{triage_line(m)}*"]
        if source_lines(m):
            lines += ["", "Sources:", ""] + [f"> {line}" for line in source_lines(m)]
        if m.role == "assistant":
            lines += ["", f"*{_reply_provenance(m)}*"]
        if m.review:
            lines += ["", f"**{review_line(m.review)}**"]
            if m.review.correction:
                quoted = [f"> {t}" for t in m.review.correction.split("\n")]
                if base_direction(m.review.correction, message_direction(m, session)) == "rtl":
                    quoted = ['<div dir="rtl">', "", *quoted, "", "</div>"]
                lines += ["", "Corrected reply:", "", *quoted]
        lines.append("")
    return "\n".join(lines)


def _dir_attributes(direction: Direction) -> str:
    # `align` as well as `dir`: Qt's rich text (used for PDF) sets the
    # direction from `dir` but only right-aligns on an explicit alignment.
    return f'dir="{direction}" align="{"right" if direction == "rtl" else "left"}"'


def _html_paragraphs(text: str, fallback: Direction) -> str:
    paragraphs = [p for p in re.split(r"\n\s*\n", text) if p.strip()] or [""]
    return "\n".join(
        f"<p {_dir_attributes(base_direction(p, fallback))}>"
        f"{html.escape(p).replace(chr(10), '<br>')}</p>"
        for p in paragraphs
    )


def session_html(session: Session, messages: list[StoredMessage], standalone: bool = True) -> str:
    """HTML with `dir` on every message and paragraph; the same markup feeds
    Qt's PDF writer, so screen, HTML and PDF agree."""
    page_dir = language_direction(session.language)
    body = [
        f"<h1 {_dir_attributes(base_direction(session.title, page_dir))}>"
        f"{html.escape(session.title)}</h1>",
        f'<p class="meta" dir="ltr">Mode: {html.escape(session.mode)} · Language: '
        f"{html.escape(session.language)} · Created: {html.escape(session.created_at)} · "
        f"BiMediX Desktop {__version__} — research tool, not for clinical use.</p>",
    ]
    for m in messages:
        direction = message_direction(m, session)
        body.append(f'<div class="msg {m.role}" dir="{direction}">')
        role = ROLE_LABELS.get(m.role, m.role)
        body.append(f'<p class="role" {_dir_attributes(direction)}><b>{role}</b></p>')
        body.append(_html_paragraphs(m.content, direction))
        if triage_line(m):
            body.append(f'<p class="meta triage" dir="ltr">{html.escape(triage_line(m))}</p>')
        for line in source_lines(m):
            direction = base_direction(line.split(": ", 1)[-1], "ltr")
            body.append(f'<p class="source" {_dir_attributes(direction)}>{html.escape(line)}</p>')
        if m.role == "assistant":
            body.append(f'<p class="meta" dir="ltr">{html.escape(_reply_provenance(m))}</p>')
        if m.review:
            body.append(f'<p class="review" dir="ltr">{html.escape(review_line(m.review))}</p>')
            if m.review.correction:
                body.append(
                    '<div class="correction"><p class="role" dir="ltr"><b>Corrected reply</b></p>'
                )
                body.append(_html_paragraphs(m.review.correction, direction) + "</div>")
        body.append("</div>")
    if not standalone:
        return "\n".join(body)
    return (
        f'<!DOCTYPE html>\n<html lang="{session.language}" dir="{page_dir}">\n<head>\n'
        f'<meta charset="utf-8">\n<title>{html.escape(session.title)}</title>\n<style>\n'
        f"body {{ font-family: {FONT_STACK}; max-width: 48em; margin: 2em auto; }}\n"
        ".msg { border: 1px solid #ddd; border-radius: 8px; padding: 0.5em 1em; margin: 1em 0; }\n"
        ".msg.user { background: #e3f2fd; }\n"
        ".review { color: #8d3b00; font-size: 0.9em; }\n"
        ".correction { border-left: 3px solid #2e7d32; "
        "padding: 0 0.8em; background: #f1f8e9; }\n"
        ".role { color: #546e7a; margin: 0; }\n.source { font-size: 0.85em; color: #37474f; }\n"
        ".meta { color: #777; font-size: 0.85em; }\n"
        "p[dir=rtl] { text-align: right; }\np[dir=ltr] { text-align: left; }\n"
        "</style>\n</head>\n<body>\n" + "\n".join(body) + "\n</body>\n</html>\n"
    )


def session_visual_text(session: Session, messages: list[StoredMessage]) -> str:
    """Plain text in visual order, for viewers that cannot do bidi (never for Qt)."""
    lines = [to_visual_order(session.title), "=" * 40]
    for m in messages:
        lines += ["", f"[{ROLE_LABELS.get(m.role, m.role)}]", to_visual_order(m.content)]
        if triage_line(m):
            lines.append(f"({triage_line(m)})")
        lines += [to_visual_order(line) for line in source_lines(m)]
    return "\n".join(lines) + "\n"


# --- files ------------------------------------------------------------------
