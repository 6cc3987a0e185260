"""Reading the portal's Word documents and ZIPs back as a caseworker's programs would:
python-docx for the text, headings and tables; the XML of every part checked for being
well-formed; LibreOffice, where it is installed, for a real conversion."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from io import BytesIO
from pathlib import Path

from docx import Document
from lxml import etree


def open_docx(data: bytes):
    return Document(BytesIO(data))


def headings(document, level: int) -> list[str]:
    name = "Title" if level == 0 else f"Heading {level}"
    return [p.text for p in document.paragraphs if p.style.name == name]


def cell_texts(table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def table_starting(document, *header: str):
    """The first table whose header row begins with `header`."""
    for table in document.tables:
        if tuple(cell.text for cell in table.rows[0].cells[: len(header)]) == header:
            return table
    raise AssertionError(f"no table with header {header}")


def tables_starting(document, *header: str) -> list:
    return [
        table
        for table in document.tables
        if tuple(cell.text for cell in table.rows[0].cells[: len(header)]) == header
    ]


def all_text(document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def xml_parts(data: bytes) -> list[str]:
    """Parse every XML part of an Office file strictly (no recovery); returns their names.
    Raises if one is not well-formed."""
    parser = etree.XMLParser(recover=False, resolve_entities=False, no_network=True)
    names = []
    with zipfile.ZipFile(BytesIO(data)) as package:
        for name in package.namelist():
            if name.endswith((".xml", ".rels")):
                etree.fromstring(package.read(name), parser)
                names.append(name)
    return names


def libreoffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_to_pdf(program: str, source: Path, outdir: Path) -> Path:
    """Convert with LibreOffice headless, in a profile of its own (no user settings)."""
    profile = outdir / "profile"
    subprocess.run(
        [
            program,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(outdir),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return outdir / (source.stem + ".pdf")
