"""Small helpers over python-docx for documents that read well in Word and LibreOffice:
real heading styles (the navigation pane), table header rows repeated on every page, page
numbers and the case number in the footer, and text that is always valid in the file."""

from __future__ import annotations

import re
from collections.abc import Sequence
from io import BytesIO

from docx import Document
from docx.document import Document as DocumentType
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import Table

# XML 1.0 forbids most control characters; python-docx would refuse the whole document.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# Words longer than this get a zero-width space every so often, so that Word can wrap them
# inside a table cell instead of widening the table off the page.
_LONG_WORD = re.compile(r"\S{60,}")


def clean(text: object) -> str:
    value = _NOT_XML.sub("", "" if text is None else str(text))
    return _LONG_WORD.sub(lambda m: "\u200b".join(re.findall(".{1,40}", m.group(0))), value)


def new_document(*, title: str, footer: str) -> DocumentType:
    document = Document()
    properties = document.core_properties
    properties.title = clean(title)
    properties.language = "da-DK"
    section = document.sections[0]
    section.left_margin = section.right_margin = Cm(2.2)
    normal = document.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(10.5)
    _footer(section, footer)
    return document


def _field(run, instruction: str) -> None:
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = instruction
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    shown = OxmlElement("w:t")
    shown.text = "1"
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    for element in (begin, text, separate, shown, end):
        run._r.append(element)


def _footer(section, text: str) -> None:
    paragraph = section.footer.paragraphs[0]
    paragraph.text = ""
    paragraph.add_run(clean(text) + "    Side ")
    _field(paragraph.add_run(), "PAGE")
    paragraph.add_run(" af ")
    _field(paragraph.add_run(), "NUMPAGES")


def heading(document: DocumentType, text: str, level: int) -> None:
    document.add_heading(clean(text), level=level)


def paragraph(document: DocumentType, text: str, *, bold: bool = False) -> None:
    run = document.add_paragraph().add_run(clean(text))
    run.bold = bold


def table(
    document: DocumentType,
    header: Sequence[str] | None,
    rows: Sequence[Sequence[object]],
    *,
    widths: Sequence[float] | None = None,
    bold_first_column: bool = False,
) -> Table:
    """A grid table; its header row repeats at the top of every page the table spans."""
    columns = len(header) if header else len(rows[0]) if rows else 1
    grid = document.add_table(rows=0, cols=columns)
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.LEFT
    if header:
        cells = grid.add_row().cells
        for cell, text in zip(cells, header, strict=True):
            cell.text = ""
            cell.paragraphs[0].add_run(clean(text)).bold = True
        properties = grid.rows[0]._tr.get_or_add_trPr()
        repeat = OxmlElement("w:tblHeader")
        repeat.set(qn("w:val"), "true")
        properties.append(repeat)
    for row in rows:
        cells = grid.add_row().cells
        for position, (cell, value) in enumerate(zip(cells, row, strict=True)):
            cell.text = ""
            run = cell.paragraphs[0].add_run(clean(value))
            run.bold = bold_first_column and position == 0
    if widths:
        for row in grid.rows:
            for cell, width in zip(row.cells, widths, strict=False):
                cell.width = Cm(width)
    document.add_paragraph()
    return grid


def to_bytes(document: DocumentType) -> bytes:
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()
