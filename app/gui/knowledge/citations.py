"""Citations in a reply: "[1]" becomes a link to the passage it cites, and a
short list of the sources follows the reply; activating a link shows the
passage (file, page, heading, text) in a popup.

Links use the `cite:` scheme with the source number; the bubble keeps the
sources, so nothing is looked up again when a link is clicked.
"""

from __future__ import annotations

import html
import re
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from bimedix.core.direction import base_direction

SCHEME = "cite:"
_MARK = re.compile(r"\[(\d{1,2})\]")


def where(source: dict[str, Any]) -> str:
    """'guide.pdf, p. 3 — Dosing' for a source record."""
    text = str(source.get("document", ""))
    if source.get("page"):
        text += f", p. {source['page']}"
    if source.get("heading"):
        text += f" — {source['heading']}"
    return text


def link_citations(body_html: str, sources: list[dict[str, Any]]) -> str:
    """`body_html` with each [n] of a known source as a link (text outside
    tags only, so attributes are never touched)."""
    known = {int(s["n"]) for s in sources if "n" in s}

    def replace(match: re.Match[str]) -> str:
        number = int(match.group(1))
        if number not in known:
            return match.group(0)
        return f'<a href="{SCHEME}{number}">[{number}]</a>'

    parts = re.split(r"(<[^>]*>)", body_html)
    return "".join(p if p.startswith("<") else _MARK.sub(replace, p) for p in parts)


def sources_html(sources: list[dict[str, Any]], heading: str, nothing: str) -> str:
    """The list under a reply: one linked line per source, or `nothing`."""
    if not sources:
        return f'<p style="color:#607d8b"><small>{html.escape(nothing)}</small></p>'
    lines = [f'<a href="{SCHEME}{s["n"]}">[{s["n"]}]</a> {html.escape(where(s))}' for s in sources]
    return (
        f'<p style="color:#455a64"><small><b>{html.escape(heading)}</b><br>'
        + "<br>".join(lines)
        + "</small></p>"
    )


def source_for(link: str, sources: list[dict[str, Any]]) -> dict[str, Any] | None:
    if not link.startswith(SCHEME):
        return None
    number = link[len(SCHEME) :]
    return next((s for s in sources if str(s.get("n")) == number), None)


def show_passage(parent: QWidget, source: dict[str, Any], title: str) -> QMessageBox:
    """A non-modal popup with the cited passage; returned for tests."""
    box = QMessageBox(parent)
    box.setWindowTitle(title)
    box.setIcon(QMessageBox.Icon.NoIcon)
    box.setText(f"[{source.get('n')}] {where(source)}")
    box.setInformativeText(str(source.get("text", "")))
    box.setDetailedText(str(source.get("path", "")))
    rtl = base_direction(str(source.get("text", ""))) == "rtl"
    box.setLayoutDirection(Qt.LayoutDirection.RightToLeft if rtl else parent.layoutDirection())
    box.setObjectName("citationPopup")
    box.setModal(False)
    box.show()
    return box
