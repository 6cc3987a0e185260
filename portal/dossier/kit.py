"""Small helpers over python-docx for documents that read well in Word and LibreOffice:
real heading styles (the navigation pane), table header rows repeated on every page, page
numbers and the case number in the footer, and text that is always valid in the file."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Sequence
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
_LONG_WORD_LENGTH = 60
_LONG_WORD = re.compile(rf"\S{{{_LONG_WORD_LENGTH},}}")
_R, _T, _SECT_PR = qn("w:r"), qn("w:t"), qn("w:sectPr")


class Unbroken(str):
    """Text that must read back exactly as stored when it is copied out of the document (a
    SHA-256 a caseworker compares): never given the zero-width spaces of a long word."""


def clean(text: object) -> str:
    value = _NOT_XML.sub("", "" if text is None else str(text))
    if isinstance(text, Unbroken) or len(value) < _LONG_WORD_LENGTH:
        # Most cells are short: no word in them can be long.
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


# Paragraphs and table rows of each shape, made once per process with python-docx in a
# scratch document of its default template and copied into every document after. Their XML
# names its styles by id, the same in every document new_document makes.
_PREPARED: dict[tuple, object] = {}
_PREPARING = threading.Lock()
_SCRATCH: list[DocumentType] = []


def _prepared(key: tuple, make: Callable[[DocumentType], object]):
    found = _PREPARED.get(key)
    if found is None:
        # The scratch document is changed while a shape is made: one thread at a time.
        with _PREPARING:
            found = _PREPARED.get(key)
            if found is None:
                if not _SCRATCH:
                    _SCRATCH.append(Document())
                found = _PREPARED[key] = make(_SCRATCH[0])
    return found


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


def _paragraph_template(style: str | None, bold: bool):
    """A paragraph of this style with one empty run, to be copied."""

    def make(scratch: DocumentType):
        made = scratch.add_paragraph()
        if style is not None:
            made._p.style = scratch.styles[style].style_id
        run = made.add_run()
        if bold:
            run.bold = True
        shown = OxmlElement("w:t")
        shown.set(qn("xml:space"), "preserve")
        run._r.append(shown)
        made._p.getparent().remove(made._p)
        return made._p

    return _prepared(("paragraph", style, bold), make)


def _add_paragraph(document: DocumentType, text: str, style: str | None, bold: bool) -> None:
    p = deepcopy(_paragraph_template(style, bold))
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


def _templates(columns: int, widths: Sequence[float] | None, bold_first_column: bool):
    """An empty table, a header row and a body row of this shape, to be copied for every
    table: the dossier has a hundred small tables of a few shapes, and python-docx's own
    table, row and cell calls cost more than the copies."""

    def make(scratch: DocumentType):
        grid = scratch.add_table(rows=0, cols=columns)
        grid._tbl.tblPr.style = scratch.styles["Table Grid"].style_id
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
        return tbl, head, body

    return _prepared(("table", columns, tuple(widths or ()), bold_first_column), make)


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
    empty, head, body = _templates(columns, widths, bold_first_column)
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
