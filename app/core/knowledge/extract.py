"""Text out of a document: headings and paragraphs, with page numbers.

One function per format, each built on a well-kept library (pypdf,
python-docx) or the standard library (html.parser). The result is a flat
list of `Block`s in reading order; chunking groups them into passages.
Every failure the user can cause (unknown type, scanned or encrypted PDF,
damaged file) is a `DocumentError` with a one-line message.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from bimedix.core.knowledge.arabic_pdf import logical_arabic
from bimedix.errors import UserFacingError

log = logging.getLogger("bimedix.knowledge")

FORMATS = {
    ".pdf": "pdf",
    ".md": "markdown",
    ".markdown": "markdown",
    ".txt": "text",
    ".text": "text",
    ".html": "html",
    ".htm": "html",
    ".docx": "docx",
}
MAX_TEXT_FILE = 64 << 20  # a guideline, not a data set


class DocumentError(UserFacingError):
    """A document could not be read (its message says why)."""


@dataclass(frozen=True)
class Block:
    """A heading (level 1-6) or a paragraph (level 0), on `page` (PDF) or None."""

    text: str
    level: int = 0
    page: int | None = None


@dataclass(frozen=True)
class Extracted:
    format: str
    blocks: list[Block]
    pages: int  # PDF pages; 1 for the other formats


def document_format(path: Path) -> str:
    """The format name for a file's suffix, or a DocumentError."""
    kind = FORMATS.get(path.suffix.lower())
    if kind is None:
        raise DocumentError(
            template="{name}: unsupported file type (use PDF, Markdown, text, HTML or DOCX).",
            name=path.name,
        )
    return kind


def extract(path: Path) -> Extracted:
    """Headings and paragraphs of `path`, in reading order."""
    kind = document_format(path)
    if not path.is_file():
        raise DocumentError(template="{path}: no such file.", path=str(path))
    try:
        if kind == "pdf":
            return _pdf(path)
        if kind == "docx":
            return Extracted(kind, _docx(path), 1)
        text = _read_text(path)
        blocks = _html(text) if kind == "html" else _markdown(text)
        return Extracted(kind, blocks, 1)
    except DocumentError:
        raise
    except OSError as exc:
        raise DocumentError(
            template="{name}: cannot read it ({error}).", name=path.name, error=exc.strerror
        ) from exc
    except Exception as exc:  # noqa: BLE001 - a damaged file of any kind
        log.debug("cannot extract %s", path, exc_info=True)
        raise DocumentError(
            template="{name}: the file is damaged or not a {kind} file ({error}).",
            name=path.name,
            kind=kind.upper() if kind in ("pdf", "docx", "html") else kind,
            error=type(exc).__name__,
        ) from exc


def _read_text(path: Path) -> str:
    if path.stat().st_size > MAX_TEXT_FILE:
        raise DocumentError(
            template="{name}: larger than {mb} MB.", name=path.name, mb=MAX_TEXT_FILE >> 20
        )
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DocumentError(
            template="{name}: not UTF-8 text (invalid byte at offset {offset}).",
            name=path.name,
            offset=exc.start,
        ) from exc


_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")


def _markdown(text: str, page: int | None = None) -> list[Block]:
    """Markdown (and plain text, which is Markdown without headings):
    '#' headings, paragraphs separated by blank lines."""
    blocks: list[Block] = []
    lines: list[str] = []

    def flush() -> None:
        paragraph = " ".join(line.strip() for line in lines).strip()
        if paragraph:
            blocks.append(Block(paragraph, 0, page))
        lines.clear()

    for line in text.splitlines():
        heading = _MD_HEADING.match(line)
        if heading:
            flush()
            blocks.append(Block(heading.group(2), len(heading.group(1)), page))
        elif not line.strip():
            flush()
        else:
            lines.append(line)
    flush()
    return blocks


class _HtmlBlocks(HTMLParser):
    _BLOCK = {"p", "li", "td", "th", "div", "section", "article", "br", "tr", "dd", "dt", "pre"}
    _SKIP = {"script", "style", "head", "title", "noscript", "template"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self._parts: list[str] = []
        self._level = 0
        self._skipping = 0

    def _flush(self) -> None:
        text = " ".join("".join(self._parts).split())
        if text:
            self.blocks.append(Block(text, self._level))
        self._parts.clear()
        self._level = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIP:
            self._skipping += 1
        elif re.fullmatch(r"h[1-6]", tag):
            self._flush()
            self._level = int(tag[1])
        elif tag in self._BLOCK:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP:
            self._skipping = max(0, self._skipping - 1)
        elif re.fullmatch(r"h[1-6]", tag) or tag in self._BLOCK:
            self._flush()

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self._parts.append(data)


def _html(text: str) -> list[Block]:
    parser = _HtmlBlocks()
    parser.feed(text)
    parser.close()
    parser._flush()  # noqa: SLF001 - our own subclass
    return parser.blocks


def _docx(path: Path) -> list[Block]:
    import docx

    document = docx.Document(str(path))
    blocks: list[Block] = []
    for paragraph in document.paragraphs:
        text = " ".join(paragraph.text.split())
        if not text:
            continue
        style = (paragraph.style.name if paragraph.style is not None else "") or ""
        match = re.match(r"(?:Heading|Title)\s*(\d)?", style)
        level = int(match.group(1) or 1) if match else 0
        blocks.append(Block(text, level))
    for table in document.tables:
        for row in table.rows:
            text = " | ".join(" ".join(cell.text.split()) for cell in row.cells)
            if text.strip(" |"):
                blocks.append(Block(text))
    return blocks


def _pdf(path: Path) -> Extracted:
    from pypdf import PdfReader
    from pypdf.errors import FileNotDecryptedError

    reader = PdfReader(str(path))
    if reader.is_encrypted:
        try:
            # Many PDFs are "encrypted" only against editing, with an empty
            # password for reading.
            reader.decrypt("")
            reader.pages[0].extract_text()
        except (FileNotDecryptedError, Exception) as exc:  # noqa: BLE001
            raise DocumentError(
                template="{name}: the PDF is encrypted; save an unprotected copy and add that.",
                name=path.name,
            ) from exc
    blocks: list[Block] = []
    for number, page in enumerate(reader.pages, start=1):
        text = logical_arabic(page.extract_text() or "")
        blocks.extend(_pdf_page_blocks(text, number))
    if not blocks:
        raise DocumentError(
            template="{name}: the PDF has no text layer (a scan?); run OCR on it first.",
            name=path.name,
        )
    return Extracted("pdf", blocks, len(reader.pages))


def _pdf_page_blocks(text: str, page: int) -> list[Block]:
    """A PDF page's lines as paragraphs. PDFs carry no paragraph markup and
    their writers break lines anywhere (Qt's, a word per line), so lines are
    joined until one ends a sentence or the paragraph grows long."""
    blocks: list[Block] = []
    words: list[str] = []
    for raw in text.splitlines():
        line = raw.split()
        if not line:
            continue
        words.extend(line)
        if line[-1][-1] in ".!?؟:" or len(words) >= 120:
            blocks.append(Block(" ".join(words), 0, page))
            words = []
    if words:
        blocks.append(Block(" ".join(words), 0, page))
    return blocks
