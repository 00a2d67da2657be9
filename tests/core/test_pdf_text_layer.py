"""The ToUnicode rewrite on its own: CMap syntax forms and refused layouts.
(End to end through Qt and pdftotext: tests/gui/test_pdf_export.py.)"""

from __future__ import annotations

from pathlib import Path

from bimedix.core.pdf_text_layer import fix_arabic_text_layer, logical_text, rewrite_cmap


def test_presentation_forms_become_base_letters():
    assert logical_text("\ufed3\ufed8\ufeae") == "فقر"  # initial fa, medial qaf, final ra
    assert logical_text("\ufe83") == "أ"  # one letter (U+0623), not alef + hamza mark
    assert logical_text("\ufef7") == "أل"  # lam-alef-hamza ligature, in drawing order
    assert logical_text("ferritin 6") == "ferritin 6"  # everything else kept


def test_every_cmap_form_is_rewritten():
    cmap = (
        b"2 beginbfchar\n<0003> <FED3>\n<0004> <0041>\nendbfchar\n"
        b"2 beginbfrange\n<0005> <0006> [<FEFB> <0627>]\n<0007> <0008> <FE8D>\nendbfrange\n"
    )
    fixed = rewrite_cmap(cmap).decode()
    assert "<0003> <0641>" in fixed and "<0004> <0041>" in fixed
    assert "<0005> <0006> [<06270644> <0627>]" in fixed
    # An incrementing range over presentation forms is spelled out as an array.
    assert "<0007> <0008> [<0627> <0627>]" in fixed  # FE8D, FE8E: both alef


def test_a_file_not_laid_out_as_qt_writes_it_is_left_alone(tmp_path: Path):
    odd = tmp_path / "odd.pdf"
    odd.write_bytes(b"%PDF-1.7\n1 0 obj << /ToUnicode 2 0 R >> endobj\ntrailer\n%%EOF\n")
    assert fix_arabic_text_layer(odd) is False
    assert odd.read_bytes().startswith(b"%PDF-1.7\n1 0 obj")
