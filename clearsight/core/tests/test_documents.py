import io

from django.template.loader import render_to_string
from docx import Document
from pypdf import PdfReader

from clearsight.core.documents import docx_bytes, docx_table, html_to_pdf, safe_cell


def test_pdf_is_tagged_with_language_and_title() -> None:
    html = render_to_string("core/print/base.html", {}).replace(
        "<title></title>", "<title>Board pack</title>").replace(
        "<body>", "<body><h1>Board pack</h1><table><tr><th>Grade</th></tr>"
                  "<tr><td>Good</td></tr></table>")
    reader = PdfReader(io.BytesIO(html_to_pdf(html)))
    root = reader.root_object
    assert "/StructTreeRoot" in root
    assert root["/MarkInfo"].get_object()["/Marked"]  # type: ignore[index]
    assert str(root["/Lang"]).startswith("en")
    assert reader.metadata is not None
    assert reader.metadata.title == "Board pack"
    assert "Board pack" in reader.pages[0].extract_text()


def test_docx_table_writes_header_and_rows() -> None:
    document = Document()
    docx_table(document, ["Team", "Audits"], [("North", 4), ("South", None)])
    table = Document(io.BytesIO(docx_bytes(document))).tables[0]
    assert [[c.text for c in row.cells] for row in table.rows] == [
        ["Team", "Audits"], ["North", "4"], ["South", ""]]


def test_safe_cell_escapes_formula_starts_only() -> None:
    assert safe_cell("=HYPERLINK(\"x\")") == "'=HYPERLINK(\"x\")"
    assert safe_cell("-1+2") == "'-1+2"
    assert safe_cell("Good") == "Good"
    assert safe_cell(-3) == -3
