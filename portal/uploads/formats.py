"""The file formats the portal accepts, decided from a file's content.

The type is read from the bytes (filetype's signatures), never from the file's name or what the
browser says it is. A name whose extension says something else than the content is refused: a
caseworker who opens "lønsedler.pdf" must get a PDF. Documents are then opened far enough to
know that the municipality can read them: a PDF that is encrypted or broken, or an Office file
that is not a whole document, is refused with a message that says what to do.
"""

from __future__ import annotations

import logging
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import filetype
from filetype.types import document, image, video
from pypdf import PdfReader
from pypdf.errors import PyPdfError

from portal.uploads import archives

# The first bytes of a file are enough for every signature we know.
HEAD_SIZE = 8192

# pypdf reports what it repairs on its logger; a refused PDF gets our own message instead.
logging.getLogger("pypdf").setLevel(logging.ERROR)


@dataclass(frozen=True)
class Format:
    code: str
    label: str  # what a parent calls it; not translated (names of formats)
    mime: str
    extensions: tuple[str, ...]
    video: bool = False
    # Formats a player treats as one: a .mov that is an MP4 inside is no mismatch.
    family: str = ""


FORMATS: dict[str, Format] = {
    f.code: f
    for f in (
        Format("pdf", "PDF", "application/pdf", ("pdf",)),
        Format(
            "docx",
            "Word (DOCX)",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            ("docx",),
        ),
        Format(
            "xlsx",
            "Excel (XLSX)",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ("xlsx",),
        ),
        Format("odt", "ODT", "application/vnd.oasis.opendocument.text", ("odt",)),
        Format("jpeg", "JPEG", "image/jpeg", ("jpg", "jpeg", "jpe", "jfif")),
        Format("png", "PNG", "image/png", ("png",)),
        Format("heic", "HEIC", "image/heic", ("heic", "heif")),
        Format("mp4", "MP4", "video/mp4", ("mp4",), video=True, family="video"),
        Format("mov", "MOV", "video/quicktime", ("mov", "qt"), video=True, family="video"),
    )
}

# filetype's matchers for what we accept, in the order they are tried: QuickTime before MP4,
# since some QuickTime files also list MP4 brands.
_MATCHERS = [
    (document.Docx(), "docx"),
    (document.Xlsx(), "xlsx"),
    (document.Odt(), "odt"),
    (image.Jpeg(), "jpeg"),
    (image.Png(), "png"),
    (image.Heic(), "heic"),
    (video.Mov(), "mov"),
    (video.Mp4(), "mp4"),
]

# What an Office file must contain to be a whole document of its kind.
_ZIP_MEMBERS = {
    "docx": "word/document.xml",
    "xlsx": "xl/workbook.xml",
    "odt": "content.xml",
}

ACCEPTED_LABELS = tuple(f.label for f in FORMATS.values())


def detect(head: bytes) -> Format | None:
    """The accepted format the content starts like, or None."""
    if head.startswith(b"%PDF-"):
        return FORMATS["pdf"]
    buffer = bytearray(head[:HEAD_SIZE])
    for matcher, code in _MATCHERS:
        if matcher.match(buffer):
            return FORMATS[code]
    return None


def describe(head: bytes) -> str | None:
    """What an unaccepted file seems to be ("ZIP", "GIF"), for the message; None if unknown."""
    kind = filetype.guess(bytearray(head[:HEAD_SIZE]))
    return kind.extension.upper() if kind else None


def extension(name: str) -> str:
    stem, dot, ext = name.rpartition(".")
    return ext.lower() if dot and stem and " " not in ext and len(ext) <= 5 else ""


def name_matches(name: str, fmt: Format) -> bool:
    """A name without an extension matches anything; otherwise the extension must be one of
    the format's own (or its family's)."""
    ext = extension(name)
    if not ext or ext in fmt.extensions:
        return True
    return bool(fmt.family) and any(
        ext in other.extensions for other in FORMATS.values() if other.family == fmt.family
    )


def named_format(name: str) -> Format | None:
    """The accepted format the name's extension promises ("x.pdf": PDF), or None."""
    ext = extension(name)
    return next((f for f in FORMATS.values() if ext and ext in f.extensions), None)


def limit_for(fmt: Format | None, *, document_limit: int, video_limit: int) -> int:
    return video_limit if fmt is not None and fmt.video else document_limit


@dataclass(frozen=True)
class Problem:
    """Why a file was refused: a code the page turns into a Danish message, and its values."""

    code: str
    params: dict = field(default_factory=dict)


def check_document(path: Path, fmt: Format, *, unpacked_limit: int) -> Problem | None:
    """Open a whole document far enough to know that the municipality can read it; an
    Office file must not unpack to more than `unpacked_limit` bytes (portal.uploads.archives).

    A PDF is not searched for HTML or script: a PDF may carry any bytes in its streams (the
    text "<script>" of a printed web page), so such a search would refuse real documents.
    A PDF/HTML polyglot is harmless here instead: it must start with "%PDF-" (detect), so no
    browser sniffs it as a page, and every stored file is only ever sent as a download
    (portal.downloads: Content-Disposition attachment, its own Content-Type with nosniff,
    and a sandboxing Content-Security-Policy that runs no script even if it were shown)."""
    if fmt.code == "pdf":
        return _check_pdf(path)
    if fmt.code in _ZIP_MEMBERS:
        return _check_zipped(path, fmt, unpacked_limit)
    return None


def _check_pdf(path: Path) -> Problem | None:
    with path.open("rb") as stream:
        # A PDF ends with %%EOF (within the last kilobyte, as readers allow); a file cut off
        # during copying or sending does not.
        stream.seek(0, 2)
        stream.seek(max(0, stream.tell() - 1024))
        if b"%%EOF" not in stream.read():
            return Problem("pdf_broken")
        stream.seek(0)
        try:
            reader = PdfReader(stream, strict=False)
            if reader.is_encrypted:
                return Problem("pdf_encrypted")
            if len(reader.pages) < 1:
                return Problem("pdf_broken")
        except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, OSError):
            return Problem("pdf_broken")
    return None


def _check_zipped(path: Path, fmt: Format, unpacked_limit: int) -> Problem | None:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return Problem("document_broken")
    # (A password-protected Office file is no ZIP at all; it is refused as an unknown format.)
    if _ZIP_MEMBERS[fmt.code] not in names:
        return Problem("document_broken")
    try:
        archives.check(str(path), unpacked_limit=unpacked_limit)
    except archives.Refused as refused:
        return Problem(refused.code, refused.params)
    except archives.DAMAGED:
        return Problem("document_broken")
    return None
