"""Makes the text layer of a Qt-written PDF real Arabic (logical base letters).

Qt shapes Arabic into contextual glyphs (initial, medial, final forms and
ligatures such as lam-alef) and writes each font's ToUnicode CMap by looking
each glyph up in the font's character map. Shaped glyphs are found under the
Unicode *presentation forms* (U+FB50-U+FDFF, U+FE70-U+FEFF), so copy-paste and
search see "ﻓﻘﺮ" where the text says "فقر". `fix_arabic_text_layer` rewrites
those CMaps after Qt has written the file: every glyph that maps to a
presentation form maps instead to the letters it stands for (its Unicode
compatibility decomposition, e.g. U+FEFB -> U+0644 U+0627). Only CMap streams
change; drawing (glyph ids, fonts, positions) stays byte for byte the same.

Pure Python on the PDF bytes: Qt writes a classic cross-reference table, so the
objects are located through it and the table is rebuilt with new offsets.
"""

from __future__ import annotations

import re
import unicodedata
import zlib
from pathlib import Path

_PRESENTATION_RANGES = ((0xFB50, 0xFDFF), (0xFE70, 0xFEFF))
_HEX = re.compile(rb"<([0-9A-Fa-f]+)>")
_SECTION = re.compile(rb"(\d+\s+begin(bfrange|bfchar)\b)(.*?)(end\2\b)", re.S)
_STREAM = re.compile(rb"^(\d+) (\d+) obj\s*<<(.*?)>>\s*stream\r?\n", re.S)
_XREF = re.compile(rb"xref\s*\n0 (\d+)\s*\n")


class PdfLayoutError(ValueError):
    """The file is not laid out as Qt writes PDFs (so it is left alone)."""


def _is_presentation_form(code: int) -> bool:
    return any(low <= code <= high for low, high in _PRESENTATION_RANGES)


def logical_text(destination: str) -> str:
    """The letters a CMap destination stands for: presentation forms are
    replaced by their compatibility decomposition, the rest kept as is."""
    out = []
    for char in destination:
        if _is_presentation_form(ord(char)):
            decomposed = unicodedata.normalize("NFKD", char)
            # NFKD splits e.g. alef-with-hamza into alef + combining hamza;
            # compose again so "أ" stays the one letter the text holds.
            letters = unicodedata.normalize("NFC", decomposed)
            if len(letters) > 1 and all(
                unicodedata.bidirectional(c) in ("AL", "R") for c in letters
            ):
                # A ligature (lam-alef) is one glyph in a right-to-left run
                # that is drawn left to right. poppler (pdftotext, Evince,
                # Okular) reverses the run including the ligature's letters,
                # so they are stored in drawing order to come out logical.
                letters = letters[::-1]
            out.append(letters)
        else:
            out.append(char)
    return "".join(out)


def _decode_hex(token: bytes) -> str:
    return bytes.fromhex(token.decode("ascii")).decode("utf-16-be", errors="surrogatepass")


def _encode_hex(text: str) -> bytes:
    return b"<" + text.encode("utf-16-be", errors="surrogatepass").hex().upper().encode() + b">"


def _fixed_destination(token: bytes) -> bytes:
    text = _decode_hex(token)
    fixed = logical_text(text)
    return b"<" + token + b">" if fixed == text else _encode_hex(fixed)


def rewrite_cmap(cmap: bytes) -> bytes:
    """A ToUnicode CMap with presentation-form destinations made logical."""

    def section(match: re.Match[bytes]) -> bytes:
        kind, body = match.group(2), match.group(3)
        lines = []
        for line in body.split(b"\n"):
            tokens = list(_HEX.finditer(line))
            sources = 2 if kind == b"bfrange" else 1
            if len(tokens) <= sources:
                lines.append(line)
                continue
            if kind == b"bfrange" and b"[" not in line:
                # <lo> <hi> <dst>: dst counts up; spell it out as an array if
                # any value in it is a presentation form.
                low, high = (int(t.group(1), 16) for t in tokens[:2])
                start = _decode_hex(tokens[2].group(1))
                values = [start[:-1] + chr(ord(start[-1]) + i) for i in range(high - low + 1)]
                if any(logical_text(v) != v for v in values):
                    line = line[: tokens[2].start()] + b"[" + b" ".join(
                        _encode_hex(logical_text(v)) for v in values
                    ) + b"]" + line[tokens[2].end() :]  # fmt: skip
                lines.append(line)
                continue
            cut = tokens[sources - 1].end()
            rest = _HEX.sub(lambda m: _fixed_destination(m.group(1)), line[cut:])
            lines.append(line[:cut] + rest)
        return match.group(1) + b"\n".join(lines) + match.group(4)

    return _SECTION.sub(section, cmap)


def _xref_offsets(data: bytes) -> tuple[int, int, list[int]]:
    """(xref position, entries, offset per object number; -1 when free)."""
    tail = data[-1024:]
    found = re.search(rb"startxref\s+(\d+)", tail)
    if not found:
        raise PdfLayoutError("no startxref")
    position = int(found.group(1))
    header = _XREF.match(data, position)
    if not header:
        raise PdfLayoutError("no classic xref table")
    count = int(header.group(1))
    offsets = []
    cursor = header.end()
    for _ in range(count):
        entry = data[cursor : cursor + 20]
        if len(entry) < 18 or entry[17:18] not in (b"n", b"f"):
            raise PdfLayoutError("bad xref entry")
        offsets.append(int(entry[:10]) if entry[17:18] == b"n" else -1)
        cursor += 20
    return position, count, offsets


def fix_pdf_bytes(data: bytes) -> bytes:
    """`data` with every ToUnicode CMap rewritten (see module docstring).

    Raises:
        PdfLayoutError: not a single-revision PDF with a classic xref table.
    """
    xref_at, count, offsets = _xref_offsets(data)
    cmap_objects = {int(n) for n in re.findall(rb"/ToUnicode\s+(\d+)\s+0\s+R", data)}
    if not cmap_objects:
        return data
    starts = sorted((offset, number) for number, offset in enumerate(offsets) if offset >= 0)
    ends = {number: (starts[i + 1][0] if i + 1 < len(starts) else xref_at)
            for i, (_offset, number) in enumerate(starts)}  # fmt: skip
    replaced: dict[int, bytes] = {}
    for number in cmap_objects:
        if not 0 <= number < count or offsets[number] < 0:
            raise PdfLayoutError(f"ToUnicode object {number} is not in the xref table")
        chunk = data[offsets[number] : ends[number]]
        head = _STREAM.match(chunk)
        if not head or int(head.group(1)) != number:
            raise PdfLayoutError(f"object {number} is not a stream")
        length = re.search(rb"/Length\s+(\d+)", head.group(3))
        if not length:
            raise PdfLayoutError(f"object {number} has no direct /Length")
        body = chunk[head.end() : head.end() + int(length.group(1))]
        if b"/FlateDecode" in head.group(3):
            body = zlib.decompress(body)
        elif b"/Filter" in head.group(3):
            raise PdfLayoutError(f"object {number} has an unknown filter")
        fixed = rewrite_cmap(body)
        replaced[number] = (
            b"%d 0 obj\n<< /Length %d >>\nstream\n" % (number, len(fixed))
            + fixed
            + b"\nendstream\nendobj\n"
        )
    out = bytearray()
    new_offsets = list(offsets)
    cursor = 0
    for offset, number in starts:
        out += data[cursor:offset]
        new_offsets[number] = len(out)
        out += replaced.get(number, data[offset : ends[number]])
        cursor = ends[number]
    out += data[cursor:xref_at]
    new_xref = len(out)
    out += b"xref\n0 %d\n" % count
    for offset in new_offsets:
        out += b"0000000000 65535 f \n" if offset < 0 else b"%010d 00000 n \n" % offset
    table_end = _XREF.match(data, xref_at).end() + 20 * count  # type: ignore[union-attr]
    trailer = data[table_end:]
    trailer = re.sub(rb"startxref\s+\d+", b"startxref\n%d" % new_xref, trailer)
    return bytes(out) + trailer


def fix_arabic_text_layer(path: Path) -> bool:
    """Rewrite the PDF at `path` in place; False if its layout was not
    recognised (the file is then left exactly as Qt wrote it)."""
    data = path.read_bytes()
    try:
        fixed = fix_pdf_bytes(data)
    except (PdfLayoutError, zlib.error, ValueError):
        return False
    if fixed != data:
        path.write_bytes(fixed)
    return True
