"""Small helpers over python-docx for documents that read well in Word and LibreOffice:
real heading styles (the navigation pane), table header rows repeated on every page, page
numbers and the case number in the footer, and text that is always valid in the file."""

from __future__ import annotations

import re
from collections.abc import Sequence
from copy import deepcopy
from io import BytesIO

from docx import Document
from docx.document import Document as DocumentType
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import Table

# A Word document's media type, as the downloads and the case's ZIP name it.
WORD_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

# XML 1.0 forbids most control characters; python-docx would refuse the whole document.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# Words longer than this get a zero-width space every so often, so that Word can wrap them
# inside a table cell instead of widening the table off the page.
_LONG_WORD = re.compile(r"\S{60,}")
_R, _T, _SECT_PR = qn("w:r"), qn("w:t"), qn("w:sectPr")


class Unbroken(str):
    """Text that must read back exactly as stored when it is copied out of the document (a
    SHA-256 a caseworker compares): never given the zero-width spaces of a long word."""


def clean(text: object) -> str:
    value = _NOT_XML.sub("", "" if text is None else str(text))
    if isinstance(text, Unbroken):
        return value
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


def _style_id(document: DocumentType, name: str) -> str:
    """A style's id, looked up once per document. python-docx finds a style by name with an
    XPath query on every call, which a document of a thousand table rows pays dearly for."""
    ids = document.__dict__.setdefault("_kit_style_ids", {})
    if name not in ids:
        ids[name] = document.styles[name].style_id
    return ids[name]


def _add(document: DocumentType, element) -> None:
    """Append a block to the body, before its closing section settings. python-docx's own
    add_paragraph and add_table look for that place by scanning every block of the body, so
    that a long document costs the square of its length to build."""
    body = document.element.body
    try:
        last = body[-1]
    except IndexError:
        body.append(element)
        return
    if last.tag == _SECT_PR:
        last.addprevious(element)
    else:
        body.append(element)


def _paragraph_template(document: DocumentType, style: str | None, bold: bool):
    """A paragraph of this style with one empty run, made once per document with python-docx
    and copied after."""
    cache = document.__dict__.setdefault("_kit_paragraphs", {})
    key = (style, bold)
    if key not in cache:
        made = document.add_paragraph()
        if style is not None:
            made._p.style = _style_id(document, style)
        run = made.add_run()
        if bold:
            run.bold = True
        shown = OxmlElement("w:t")
        shown.set(qn("xml:space"), "preserve")
        run._r.append(shown)
        made._p.getparent().remove(made._p)
        cache[key] = made._p
    return cache[key]


def _add_paragraph(document: DocumentType, text: str, style: str | None, bold: bool) -> None:
    p = deepcopy(_paragraph_template(document, style, bold))
    _fill(p, [text])
    _add(document, p)


def heading(document: DocumentType, text: str, level: int) -> None:
    """A heading in Word's own heading style (Title for level 0), so that the navigation
    pane and a table of contents list it."""
    if not 0 <= level <= 9:
        raise ValueError(f"heading level must be 0-9, not {level}")
    _add_paragraph(document, text, "Title" if level == 0 else f"Heading {level}", False)


def paragraph(document: DocumentType, text: str, *, bold: bool = False) -> None:
    _add_paragraph(document, text, None, bold)


def _row(grid: Table, bold: Sequence[bool], widths: Sequence[float] | None):
    """A row with one empty run per cell, ready to be copied and filled."""
    row = grid.add_row()
    for position, cell in enumerate(row.cells):
        run = cell.paragraphs[0].add_run()
        if bold[position]:
            run.bold = True
        shown = OxmlElement("w:t")
        shown.set(qn("xml:space"), "preserve")
        run._r.append(shown)
        if widths and position < len(widths):
            cell.width = Cm(widths[position])
    return row._tr


def _fill(tr, values: Sequence[object]) -> None:
    runs = list(tr.iter(_R))
    if len(runs) != len(values):
        raise ValueError(f"a row of {len(runs)} cells given {len(values)} values")
    for run, value in zip(runs, values, strict=True):
        text = clean(value)
        if "\n" in text or "\t" in text or "\r" in text:
            # Line breaks and tabs become Word's own <w:br/> and <w:tab/>.
            run.text = text
        else:
            run.find(_T).text = text


def _templates(
    document: DocumentType,
    columns: int,
    widths: Sequence[float] | None,
    bold_first_column: bool,
):
    """An empty table, a header row and a body row of this shape, made once per document with
    python-docx and copied for every table after: the dossier has a hundred small tables of a
    few shapes, and python-docx's own table, row and cell calls cost more than the copies."""
    cache = document.__dict__.setdefault("_kit_tables", {})
    key = (columns, tuple(widths or ()), bold_first_column)
    if key not in cache:
        grid = document.add_table(rows=0, cols=columns)
        grid._tbl.tblPr.style = _style_id(document, "Table Grid")
        grid.alignment = WD_TABLE_ALIGNMENT.LEFT
        head = _row(grid, [True] * columns, widths)
        repeat = OxmlElement("w:tblHeader")
        repeat.set(qn("w:val"), "true")
        head.get_or_add_trPr().append(repeat)
        body = _row(grid, [bold_first_column] + [False] * (columns - 1), widths)
        tbl = grid._tbl
        tbl.remove(head)
        tbl.remove(body)
        tbl.getparent().remove(tbl)
        cache[key] = (tbl, head, body)
    return cache[key]


def table(
    document: DocumentType,
    header: Sequence[str] | None,
    rows: Sequence[Sequence[object]],
    *,
    widths: Sequence[float] | None = None,
    bold_first_column: bool = False,
) -> Table:
    """A grid table; its header row repeats at the top of every page the table spans.

    Rows are copies of prepared rows with their text filled in: the same XML python-docx
    makes cell by cell, at a fraction of the cost (a budget of 200 lines, 30 goals)."""
    columns = len(header) if header else len(rows[0]) if rows else 1
    empty, head, body = _templates(document, columns, widths, bold_first_column)
    tbl = deepcopy(empty)
    if header:
        tr = deepcopy(head)
        _fill(tr, header)
        tbl.append(tr)
    for values in rows:
        tr = deepcopy(body)
        _fill(tr, values)
        tbl.append(tr)
    _add(document, tbl)
    _add(document, OxmlElement("w:p"))
    return Table(tbl, document._body)


def to_bytes(document: DocumentType) -> bytes:
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()
