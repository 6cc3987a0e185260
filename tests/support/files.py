"""Small real files of each format a parent may send, and broken ones, made on the spot."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Iterator

from docx import Document
from pypdf import PdfWriter
from pypdf.generic import DecodedStreamObject


def pdf(text_pages: int = 1) -> bytes:
    writer = PdfWriter()
    for _ in range(text_pages):
        writer.add_blank_page(595, 842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def encrypted_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    writer.encrypt("hemmelig")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def broken_pdf() -> bytes:
    """A PDF cut off half-way, as when a download or a copy breaks."""
    whole = pdf(3)
    return whole[: len(whole) // 2]


def docx(text: str = "Udtalelse fra egen læge") -> bytes:
    document = Document()
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _zip(members: list[tuple[str, bytes]], stored_first: bool = False) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for n, (name, data) in enumerate(members):
            kind = zipfile.ZIP_STORED if stored_first and n == 0 else zipfile.ZIP_DEFLATED
            archive.writestr(name, data, compress_type=kind)
    return out.getvalue()


def xlsx() -> bytes:
    content_types = (
        b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
        b'package/2006/content-types"><Override PartName="/xl/workbook.xml" ContentType="'
        b'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>'
    )
    return _zip(
        [
            ("[Content_Types].xml", content_types),
            ("_rels/.rels", b"<Relationships/>"),
            ("xl/workbook.xml", b"<workbook/>"),
            ("xl/worksheets/sheet1.xml", b"<worksheet/>"),
        ]
    )


def odt() -> bytes:
    return _zip(
        [
            ("mimetype", b"application/vnd.oasis.opendocument.text"),
            ("content.xml", b"<office:document-content/>"),
            ("META-INF/manifest.xml", b"<manifest/>"),
        ],
        stored_first=True,
    )


def zip_archive() -> bytes:
    return _zip([("billeder/1.txt", b"ikke et dokument")])


def png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def jpeg() -> bytes:
    # The start of a JFIF file and its end marker: what the type is read from.
    return (
        b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
        + b"\xff\xdb\x00\x43\x00"
        + bytes(range(64))
        + b"\xff\xd9"
    )


def _ftyp(major: bytes, compatible: list[bytes]) -> bytes:
    body = b"ftyp" + major + b"\x00\x00\x02\x00" + b"".join(compatible)
    return struct.pack(">I", len(body) + 4) + body


def heic() -> bytes:
    return _ftyp(b"heic", [b"mif1", b"heic"]) + struct.pack(">I", 16) + b"meta" + bytes(8)


def mp4_header() -> bytes:
    return _ftyp(b"isom", [b"isom", b"iso2", b"mp41"])


def mp4(size: int = 4096) -> bytes:
    head = mp4_header()
    body = size - len(head) - 8
    return head + struct.pack(">I", body + 8) + b"mdat" + bytes(body)


def mov() -> bytes:
    head = _ftyp(b"qt  ", [b"qt  "])
    return head + struct.pack(">I", 16) + b"wide" + bytes(8) + struct.pack(">I", 8) + b"mdat"


def video_stream(size: int, chunk: int = 1024 * 1024) -> Iterator[bytes]:
    """An MP4 of `size` bytes, made chunk by chunk (never whole in memory)."""
    head = mp4_header()
    body = size - len(head) - 8
    yield head + struct.pack(">I", body + 8) + b"mdat"
    block = bytes(range(256)) * (chunk // 256)
    left = body
    while left > 0:
        piece = block[: min(chunk, left)]
        left -= len(piece)
        yield piece


# Hostile files: ZIP bombs dressed as Office files, and a PDF that is also a web page.

_WORD_PARTS = [
    (
        "[Content_Types].xml",
        b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
        b'package/2006/content-types"/>',
    ),
    ("word/document.xml", b"<w:document/>"),
]


def _zeros_into(archive: zipfile.ZipFile, name: str, size: int) -> None:
    """A part of `size` zero bytes, packed a megabyte at a time (never whole in memory)."""
    block = bytes(1024 * 1024)
    with archive.open(name, "w", force_zip64=size > 2**31) as part:
        left = size
        while left > 0:
            part.write(block[: min(len(block), left)])
            left -= len(block)


def docx_bomb(unpacked: int, *, embedded: bytes | None = None) -> bytes:
    """A Word file whose picture is `unpacked` bytes of zeros (ZIP_DEFLATED, packed about
    1000 to 1), and, if given, an embedded part (a chart's workbook)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, data in _WORD_PARTS:
            archive.writestr(name, data)
        if unpacked:
            _zeros_into(archive, "word/media/image1.png", unpacked)
        if embedded is not None:
            # Stored as it is: a workbook is packed already.
            archive.writestr(
                "word/embeddings/Microsoft_Excel_Worksheet.xlsx",
                embedded,
                compress_type=zipfile.ZIP_STORED,
            )
    return out.getvalue()


def xlsx_with(extra: list[tuple[str, bytes]] = (), *, zeros: int = 0) -> bytes:
    """A workbook with more parts: to embed in a Word file, as a chart's data is."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(xlsx())) as source:
        parts = [(info.filename, source.read(info)) for info in source.infolist()]
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, data in [*parts, *extra]:
            archive.writestr(name, data)
        if zeros:
            _zeros_into(archive, "xl/media/image1.png", zeros)
    return out.getvalue()


def docx_of_many_parts(count: int) -> bytes:
    return _zip([*_WORD_PARTS, *((f"word/media/image{n}.png", b"x") for n in range(count))])


def docx_with_lying_directory(unpacked: int, declared: int) -> bytes:
    """A Word file whose picture unpacks to `unpacked` bytes while its headers say
    `declared`: what a reader that trusts the directory would let through."""
    whole = bytearray(docx_bomb(unpacked))
    name = b"word/media/image1.png"
    # The uncompressed size in the local header (offset 22) and in the central directory's
    # entry (offset 24) of the picture: both lie.
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = 0
        while (start := whole.find(signature, start)) != -1:
            name_at = start + (30 if signature == b"PK\x03\x04" else 46)
            if whole[name_at : name_at + len(name)] == name:
                whole[start + offset : start + offset + 4] = struct.pack("<I", declared)
            start += 4
    return bytes(whole)


HTML_PAYLOAD = "<html><body><script>alert(document.cookie)</script></body></html>"


def pdf_html_polyglot() -> bytes:
    """A real PDF that also carries a web page with a script: what a browser would run if a
    site showed it as HTML."""
    writer = PdfWriter()
    page = writer.add_blank_page(595, 842)
    # The page's content stream, left uncompressed: a comment to a PDF reader, a web page
    # with a script to a browser that sniffs the bytes.
    content = DecodedStreamObject()
    content.set_data(b"% " + HTML_PAYLOAD.encode() + b"\n")
    page.replace_contents(content)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def html_then_pdf() -> bytes:
    """A web page first and a PDF after it: PDF readers look for "%PDF-" anywhere in the
    first kilobyte, browsers sniff the first bytes as HTML."""
    return HTML_PAYLOAD.encode() + b"\n" + pdf()
