"""Markdown replies rendered with a direction per paragraph.

Qt parses the Markdown; we then set each block's layout direction from its
own first strong character (falling back to the message's direction), so an
Arabic reply with an English code block or drug name keeps each paragraph
on its proper side, with list bullets on the matching side.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextBlockFormat, QTextCursor, QTextDocument

from bimedix.core.direction import Direction, base_direction


def markdown_document(text: str, fallback: Direction) -> QTextDocument:
    """A QTextDocument of `text` with explicit per-paragraph directions."""
    document = QTextDocument()
    document.setMarkdown(text, QTextDocument.MarkdownFeature.MarkdownDialectGitHub)
    block = document.begin()
    while block.isValid():
        direction = base_direction(block.text(), fallback)
        block_format = QTextBlockFormat(block.blockFormat())
        if direction == "rtl":
            block_format.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
            block_format.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignAbsolute)
        else:
            block_format.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
            block_format.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignAbsolute)
        QTextCursor(block).setBlockFormat(block_format)
        block = block.next()
    return document


def markdown_to_html(text: str, fallback: Direction) -> str:
    """HTML for a QLabel: the Markdown with per-paragraph `dir` and alignment."""
    return markdown_document(text, fallback).toHtml()
