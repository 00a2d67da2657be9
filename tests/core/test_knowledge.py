"""The knowledge base without a model: each format from a real file made
here, Arabic folding (harakat, tatweel, letter variants, article), PDF Arabic
repair, chunk sizes, re-indexing, cancel, and the clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from bimedix.core.knowledge.arabic_pdf import is_visual_order, logical_arabic
from bimedix.core.knowledge.chunk import approx_tokens, chunk_blocks
from bimedix.core.knowledge.extract import Block, DocumentError, extract
from bimedix.core.knowledge.grounding import DocumentSearch, passages_block
from bimedix.core.knowledge.index import AddCancelled, KnowledgeStore
from bimedix.core.knowledge.terms import query_terms
from bimedix.core.store import ChatStore
from bimedix.engine.backend import CancelToken

EN_GUIDE = """# Asthma guideline

## Reliever

Give salbutamol 100 micrograms per puff, two to four puffs through a spacer
every twenty minutes in an acute attack.

## Referral

Refer to hospital when the peak flow stays below half of the best value after treatment.
"""
AR_GUIDE = """# دليل ارتفاع ضغط الدم

## العلاج الأوَّلي

يُبدأ العلاج بجرعة أملوديبين خمسة ملغ مرةً واحدة يوميًا، وتُقاس ضغوط الدم بعد أسبوعين.

## المتابعة

تُفحص وظائف الكلى كلَّ ستة أشهر لدى المرضى الذين يتناولون مدرّات البول.
"""


@pytest.fixture
def knowledge(tmp_path: Path) -> KnowledgeStore:
    return KnowledgeStore(ChatStore(tmp_path / "chats.db"))


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


# --- formats ------------------------------------------------------------------
def test_markdown_headings_and_paragraphs(tmp_path: Path) -> None:
    blocks = extract(_write(tmp_path / "g.md", EN_GUIDE)).blocks
    assert [b.level for b in blocks] == [1, 2, 0, 2, 0]
    assert blocks[2].text.startswith("Give salbutamol 100 micrograms")


def test_plain_text_paragraphs(tmp_path: Path) -> None:
    text = "First line of one\nparagraph.\n\nSecond paragraph."
    blocks = extract(_write(tmp_path / "g.txt", text)).blocks
    assert [b.text for b in blocks] == ["First line of one paragraph.", "Second paragraph."]


def test_html_skips_scripts_and_keeps_headings(tmp_path: Path) -> None:
    page = (
        "<html><head><title>x</title><style>p{}</style></head><body>"
        "<h2>Sepsis</h2><p>Give antibiotics within <b>one hour</b>.</p>"
        "<script>alert(1)</script><ul><li>Take cultures first</li></ul></body></html>"
    )
    blocks = extract(_write(tmp_path / "g.html", page)).blocks
    assert blocks == [
        Block("Sepsis", 2),
        Block("Give antibiotics within one hour."),
        Block("Take cultures first"),
    ]


def test_docx_headings_paragraphs_and_tables(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_heading("السكري", level=1)
    document.add_paragraph("يُقاس السكر التراكمي كل ثلاثة أشهر.")
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "Metformin"
    table.rows[0].cells[1].text = "500 mg"
    document.save(tmp_path / "g.docx")

    blocks = extract(tmp_path / "g.docx").blocks
    assert blocks == [
        Block("السكري", 1),
        Block("يُقاس السكر التراكمي كل ثلاثة أشهر."),
        Block("Metformin | 500 mg"),
    ]


def _pdf_with_text(path: Path, lines: list[str]) -> Path:
    """A one-page PDF with a real text layer (Helvetica, Latin only)."""
    from pypdf import PdfWriter
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

    writer = PdfWriter()
    page = writer.add_blank_page(595, 842)
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
        }
    )
    page[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/Font"): DictionaryObject({NameObject("/F1"): writer._add_object(font)})}
    )
    ops = "BT /F1 12 Tf 50 800 Td 14 TL " + " ".join(f"({line}) '" for line in lines) + " ET"
    stream = DecodedStreamObject()
    stream.set_data(ops.encode("latin-1"))
    page[NameObject("/Contents")] = writer._add_object(stream)
    with path.open("wb") as out:
        writer.write(out)
    return path


def test_pdf_text_layer_with_page_numbers(tmp_path: Path) -> None:
    from pypdf import PdfReader, PdfWriter

    one = _pdf_with_text(tmp_path / "one.pdf", ["Give oxygen when saturation is below 92%."])
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    writer.append(PdfReader(one))
    writer.write(tmp_path / "two.pdf")

    extracted = extract(tmp_path / "two.pdf")
    assert extracted.pages == 2
    assert extracted.blocks == [Block("Give oxygen when saturation is below 92%.", 0, 2)]


def test_scanned_pdf_gets_a_clear_message(tmp_path: Path) -> None:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    writer.write(tmp_path / "scan.pdf")
    with pytest.raises(DocumentError, match="no text layer .*OCR"):
        extract(tmp_path / "scan.pdf")


def test_encrypted_pdf_gets_a_clear_message(tmp_path: Path) -> None:
    from pypdf import PdfReader, PdfWriter

    source = _pdf_with_text(tmp_path / "plain.pdf", ["Secret protocol."])
    writer = PdfWriter(clone_from=PdfReader(source))
    writer.encrypt(user_password="s3cret", algorithm="AES-128")
    writer.write(tmp_path / "locked.pdf")
    with pytest.raises(DocumentError, match="encrypted"):
        extract(tmp_path / "locked.pdf")


def test_pdf_encrypted_with_an_empty_password_is_read(tmp_path: Path) -> None:
    from pypdf import PdfReader, PdfWriter

    source = _pdf_with_text(tmp_path / "plain.pdf", ["Open protocol."])
    writer = PdfWriter(clone_from=PdfReader(source))
    writer.encrypt(user_password="", owner_password="owner", algorithm="AES-128")
    writer.write(tmp_path / "no-edit.pdf")
    assert extract(tmp_path / "no-edit.pdf").blocks[0].text == "Open protocol."


def test_damaged_and_unknown_files_get_clear_messages(tmp_path: Path) -> None:
    (tmp_path / "bad.pdf").write_bytes(b"%PDF-1.4 not really")
    with pytest.raises(DocumentError, match="bad.pdf: the file is damaged"):
        extract(tmp_path / "bad.pdf")
    (tmp_path / "bad.docx").write_bytes(b"PK\x03\x04 broken")
    with pytest.raises(DocumentError, match="bad.docx: the file is damaged"):
        extract(tmp_path / "bad.docx")
    with pytest.raises(DocumentError, match="unsupported file type"):
        extract(_write(tmp_path / "notes.rtf", "x"))
    (tmp_path / "latin1.txt").write_bytes("caf\xe9".encode("latin-1"))
    with pytest.raises(DocumentError, match="not UTF-8"):
        extract(tmp_path / "latin1.txt")


# --- Arabic from PDFs -----------------------------------------------------------
def test_presentation_forms_fold_to_base_letters() -> None:
    # فقر الدم shaped: feh initial, qaf medial, reh final; alef-lam, dal, meem.
    shaped = "\ufed3\ufed8\ufeae \ufe8d\ufedf\ufeaa\ufee1"
    assert logical_arabic(shaped) == "فقر الدم"
    assert logical_arabic("\ufefb") == "لا"  # the lam-alef ligature
    assert logical_arabic("Dose 5 mg") == "Dose 5 mg"


def test_visual_order_is_detected_and_reversed() -> None:
    logical = "تبدأ الجرعة الأولية للإنسولين القاعدي عادةً بعشر وحدات يومياً، مع فحص سكر الدم."
    visual = "\n".join(word[::-1] for word in logical.split())
    assert is_visual_order(visual)
    assert not is_visual_order(logical)
    assert logical_arabic(visual).split() == logical.split()
    assert logical_arabic(logical) == logical
    # Shaped and visual (a final form first in each word, the line drawn
    # left to right, so the last word comes first).
    shaped_visual = "\ufee2\ufeaa\ufedf\ufe8d \ufeae\ufed8\ufed3"
    assert logical_arabic(shaped_visual) == "فقر الدم"


# --- chunks ---------------------------------------------------------------------
def test_chunks_follow_headings_and_stay_within_the_token_budget() -> None:
    blocks = [Block("Guide", 1), Block("Dosing", 2)]
    blocks += [Block(f"Sentence number {i} about dosing and monitoring.") for i in range(40)]
    blocks += [Block("Side effects", 2), Block("Nausea is common.")]
    chunks = chunk_blocks(blocks, approx_tokens, max_tokens=50)

    assert all(c.tokens <= 50 for c in chunks)
    assert {c.heading for c in chunks} == {"Guide › Dosing", "Guide › Side effects"}
    assert chunks[-1].text == "Nausea is common."
    dosing = " ".join(c.text.replace("\n\n", " ") for c in chunks[:-1])
    assert dosing == " ".join(b.text for b in blocks[2:42])


def test_a_paragraph_longer_than_a_chunk_is_cut_at_sentences_then_words() -> None:
    long = " ".join(["word"] * 300)
    chunks = chunk_blocks([Block("One. " + long)], approx_tokens, max_tokens=40)
    assert chunks[0].text.startswith("One.")
    assert all(c.tokens <= 40 for c in chunks)
    assert sum(c.text.count("word") for c in chunks) == 300


# --- index and search ---------------------------------------------------------------
def test_arabic_search_folds_harakat_tatweel_variants_and_article(
    tmp_path: Path, knowledge: KnowledgeStore
) -> None:
    knowledge.add(_write(tmp_path / "ar.md", AR_GUIDE))
    knowledge.add(_write(tmp_path / "en.md", EN_GUIDE))

    for query in ("أمْلوديبين", "املوديـــبين", "الاملوديبين", "جرعه املوديبين", "وظائف الكلى"):
        hits = knowledge.search(query)
        assert hits, query
        assert hits[0].name == "ar.md", query
        assert hits[0].coverage == 1.0, query
    assert knowledge.search("salbutamol spacer")[0].heading == "Asthma guideline › Reliever"
    assert knowledge.search("SALBUTAMOL")[0].name == "en.md"
    assert query_terms("What is the dose of the salbutamol?") == ["dose", "salbutamol"]


def test_search_reports_how_much_of_the_question_a_passage_holds(
    tmp_path: Path, knowledge: KnowledgeStore
) -> None:
    knowledge.add(_write(tmp_path / "en.md", EN_GUIDE))
    hits = knowledge.search("salbutamol pregnancy warfarin")
    assert hits and hits[0].coverage == pytest.approx(1 / 3)
    assert knowledge.search("the of and") == []  # only stop words
    assert knowledge.search('"); DROP TABLE x; --') == []


def test_readding_unchanged_is_a_no_op_and_changed_is_reindexed(
    tmp_path: Path, knowledge: KnowledgeStore
) -> None:
    path = _write(tmp_path / "g.md", EN_GUIDE)
    first = knowledge.add(path)
    assert first.outcome == "added"
    again = knowledge.add(path)
    assert again.outcome == "unchanged"
    assert again.document == first.document

    _write(path, EN_GUIDE.replace("salbutamol", "terbutaline"))
    changed = knowledge.add(path)
    assert changed.outcome == "updated"
    assert changed.document.id == first.document.id
    assert changed.document.sha256 != first.document.sha256
    assert knowledge.search("salbutamol") == []
    assert knowledge.search("terbutaline")[0].document_id == first.document.id
    assert knowledge.chunk_count() == changed.document.chunks


def test_cancel_keeps_the_previous_version_and_progress_is_reported(
    tmp_path: Path, knowledge: KnowledgeStore
) -> None:
    path = _write(tmp_path / "g.md", EN_GUIDE)
    stages: list[str] = []
    knowledge.add(path, progress=lambda stage, done: stages.append(stage))
    assert stages[0] == "hashing" and stages[-1] == "done" and "indexing" in stages

    _write(path, EN_GUIDE.replace("salbutamol", "terbutaline"))
    cancel = CancelToken()

    def cancel_while_indexing(stage: str, done: float) -> None:
        if stage == "indexing":
            cancel.cancel()

    with pytest.raises(AddCancelled):
        knowledge.add(path, progress=cancel_while_indexing, cancel=cancel)
    assert knowledge.search("salbutamol")  # the old passages are still there
    assert knowledge.search("terbutaline") == []


def test_remove_by_id_or_path(tmp_path: Path, knowledge: KnowledgeStore) -> None:
    one = knowledge.add(_write(tmp_path / "a.md", EN_GUIDE)).document
    two = knowledge.add(_write(tmp_path / "b.md", AR_GUIDE)).document
    knowledge.remove(str(one.id))
    knowledge.remove(str(tmp_path / "b.md"))
    assert knowledge.documents() == [] and knowledge.chunk_count() == 0
    assert two.chunks > 0
    with pytest.raises(Exception, match="No document 7"):
        knowledge.remove("7")


# --- the prompt block -----------------------------------------------------------------
def test_grounding_numbers_passages_and_says_when_nothing_is_relevant(
    tmp_path: Path, knowledge: KnowledgeStore
) -> None:
    store = ChatStore(tmp_path / "g.db")
    KnowledgeStore(store).add(_write(tmp_path / "en.md", EN_GUIDE))
    search = DocumentSearch(cross_language=False)

    grounded = search.ground(store, None, "How many puffs of salbutamol?", 500)
    assert grounded.found
    assert grounded.sources[0]["n"] == 1
    assert grounded.sources[0]["document"] == "en.md"
    assert "[1] (en.md — Asthma guideline › Reliever)" in grounded.block
    assert "cite it as [n]" in grounded.block

    nothing = search.ground(store, None, "What is the warfarin target INR?", 500)
    assert not nothing.found
    assert nothing.block == passages_block([], "en")
    assert "nothing relevant" in nothing.block
    assert "ولم يوجد فيها" in search.ground(store, None, "ما جرعة الوارفارين؟", 500).block

    tight = search.ground(store, None, "salbutamol peak flow hospital", 40)
    assert len(tight.sources) <= 1
