"""Answering from the user's own documents (issue 20).

Pure logic, no Qt: `extract` turns a file (PDF, Markdown, text, HTML, DOCX)
into headed paragraphs with page numbers, `arabic_pdf` repairs Arabic that
PDFs hand out as presentation forms or in visual order, `chunk` groups the
paragraphs into passages sized in model tokens, `index` keeps documents and
passages in the chat database (FTS5, BM25), and `grounding` turns the top
passages into a numbered block for the prompt and the reply's sources.
"""
