"""The whole case as one ZIP (issue 6, point 3): the dossier, every attachment under a readable
name, and a manifest of SHA-256 sums, in one folder named after the case:

    HT-2026-000123/Sag HT-2026-000123.docx
    HT-2026-000123/Afgørelse i sag HT-2026-000123.docx   (once the case is decided)
    HT-2026-000123/Bilag/01 Udtalelse fra læge eller sygehus - erklaering_fra_laege.pdf
    HT-2026-000123/SHA256SUMS          (sha256sum -c SHA256SUMS checks every file)
    HT-2026-000123/Indhold.txt         (the same as a table a person reads)

The archive is written to a temporary file in the storage's staging folder, never held in
memory: each attachment (a video may be 500 MB) is streamed from storage in chunks, hashed on
the way and compared with the SHA-256 and size taken when it arrived. A file that is missing
or whose bytes are not the ones received fails the whole ZIP, and every damaged file is named:
the ZIP is the case as handed on (to a visitation committee, to Ankestyrelsen), and a manifest
that vouches for a file the family never sent, or an archive silently without one, would be
worse than none. On any failure the temporary file is removed; a process that dies half-way
leaves a ``*.part`` file that `flask attachments sweep` removes (portal.storage).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import tempfile
import unicodedata
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import BinaryIO, Literal

from portal.i18n import gettext as _
from portal.i18n import in_danish
from portal.rules.formatting import long_date
from portal.timeutil import COPENHAGEN

CHUNK = 1024 * 1024
# Formats that are compressed already (video, pictures, Office files, archives) are stored as
# they are: deflating them again costs time and saves nothing.
_COMPRESSIBLE = ("text/", "application/pdf", "application/rtf", "image/bmp", "image/tiff")
# Windows and macOS refuse these in file names; control and format characters (a right-to-left
# override that makes "fdp.exe" read as "exe.pdf") have no place in a name either.
_UNSAFE = re.compile(r'[<>:"/\\|?*]')
NAME_LIMIT = 120

Problem = Literal["missing", "altered", "unreadable"]


@dataclass(frozen=True)
class ZipEntry:
    """An attachment to put in the ZIP."""

    number: int
    kind: str  # the attachment type as the caseworker reads it
    name: str  # the name the file came with (with its extension)
    storage_key: str
    size: int
    sha256: str
    content_type: str
    uploaded: datetime
    uploaded_by: str


@dataclass(frozen=True)
class Damaged:
    number: int
    name: str
    problem: Problem


class CaseZipFailed(Exception):
    """Attachments whose stored bytes are missing or are not the bytes received."""

    def __init__(self, damaged: Sequence[Damaged]) -> None:
        super().__init__(", ".join(f"{d.name}: {d.problem}" for d in damaged))
        self.damaged = list(damaged)


@dataclass(frozen=True)
class _Listed:
    path: str  # inside the case's folder
    size: int
    sha256: str
    about: str


def safe_name(text: str, limit: int = NAME_LIMIT) -> str:
    """A file name every system accepts, as close to ``text`` as possible, at most ``limit``
    characters with its extension kept."""
    name = unicodedata.normalize("NFC", text)
    name = "".join(
        " " if unicodedata.category(c) in ("Cc", "Zl", "Zp") else c
        for c in name
        if unicodedata.category(c) != "Cf"
    )
    name = _UNSAFE.sub("_", name)
    name = re.sub(r"\s+", " ", name).strip(" .")
    if len(name) > limit:
        stem, dot, extension = name.rpartition(".")
        if dot and 0 < len(extension) <= 10 and stem:
            name = stem[: limit - len(extension) - 1].rstrip(" .") + "." + extension
        else:
            name = name[:limit].rstrip(" .")
    return name or "fil"


def attachment_path(entry: ZipEntry, width: int) -> str:
    """ "Bilag/03 Udtalelse fra læge eller sygehus - erklaering.pdf": the number orders the
    files as the dossier lists them and keeps every name unique."""
    return f"Bilag/{entry.number:0{width}d} " + safe_name(f"{entry.kind} - {entry.name}")


def _zip_time(moment: datetime) -> tuple[int, int, int, int, int, int]:
    local = moment.astimezone(COPENHAGEN)
    return (max(local.year, 1980), local.month, local.day, local.hour, local.minute, local.second)


def _compress_type(content_type: str) -> int:
    if content_type.startswith(_COMPRESSIBLE):
        return zipfile.ZIP_DEFLATED
    return zipfile.ZIP_STORED


def _copy(
    archive: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    source: BinaryIO,
) -> tuple[str, int] | None:
    """Stream ``source`` into the archive; its SHA-256 and size, or None if it broke off."""
    digest = hashlib.sha256()
    size = 0
    with archive.open(info, "w") as target:
        while True:
            try:
                chunk = source.read(CHUNK)
            except Exception:
                # Whatever the storage raised (a disk error, a broken S3 stream): the stored
                # file cannot be read, and the ZIP cannot vouch for it.
                return None
            if not chunk:
                break
            digest.update(chunk)
            size += len(chunk)
            target.write(chunk)
    return digest.hexdigest(), size


def _manifests(heading: list[str], listed: list[_Listed]) -> tuple[str, str]:
    sums = "".join(f"{item.sha256}  {item.path}\n" for item in listed)
    columns = (_("Bytes"), _("SHA-256"), _("Fil"))
    width = max(len(columns[0]), *(len(f"{item.size:,}") for item in listed))
    lines = [
        *heading,
        "",
        _(
            "Hver fil kan kontrolleres med sin SHA-256: i denne mappe med "
            "»sha256sum -c SHA256SUMS« (Linux, macOS: »shasum -a 256 -c SHA256SUMS«) eller "
            "for én fil med »certutil -hashfile <fil> SHA256« (Windows)."
        ),
        "",
        f"{columns[0]:>{width}}  {columns[1]:<64}  {columns[2]}",
    ]
    for item in listed:
        size = f"{item.size:,}".replace(",", ".")
        lines.append(f"{size:>{width}}  {item.sha256}  {item.path}")
        lines.append(f"{'':>{width}}  {item.about}")
    return sums, "\n".join(lines) + "\n"


@in_danish
def write_case_zip(
    directory: Path,
    *,
    number: str,
    municipality: str,
    made_by: str,
    made_at: datetime,
    dossier: bytes,
    entries: Sequence[ZipEntry],
    open_file: Callable[[str], BinaryIO],
    letter: bytes | None = None,
    earlier_letters: Sequence[tuple[int, bytes]] = (),
) -> Path:
    """Write the case's ZIP to a new file in ``directory`` and return its path; the caller
    serves it and removes it. Raises CaseZipFailed (damaged attachments) or whatever stopped
    the writing (a full disk); no file is left behind either way."""
    root = safe_name(number)
    heading = [
        _("Sag %(number)s, %(municipality)s", number=number, municipality=municipality),
        _("Pakket %(when)s af %(who)s", when=long_date(made_at), who=made_by),
    ]
    width = max(2, len(str(len(entries))))
    handle, name = tempfile.mkstemp(prefix="sag-", suffix=".zip.part", dir=directory)
    path = Path(name)
    try:
        with os.fdopen(handle, "wb") as raw, zipfile.ZipFile(raw, "w") as archive:
            listed: list[_Listed] = []

            def document(title: str, content: bytes, about: str) -> None:
                """A document the portal made (.docx, already compressed): stored as it is."""
                inner = safe_name(title) + ".docx"
                info = zipfile.ZipInfo(f"{root}/{inner}", _zip_time(made_at))
                info.compress_type = zipfile.ZIP_STORED
                archive.writestr(info, content)
                listed.append(
                    _Listed(inner, len(content), hashlib.sha256(content).hexdigest(), about)
                )

            document(
                _("Sag %(number)s", number=number),
                dossier,
                _("Sagsakten, lavet af portalen ud fra sagens oplysninger"),
            )
            if letter is not None:
                # The decision letter as the family received it (kept since the decision).
                document(
                    _("Afgørelse i sag %(number)s", number=number),
                    letter,
                    _("Afgørelsesbrevet, som familien fik det"),
                )
            for sequence, content in earlier_letters:
                # A decision replaced after a complaint: its letter stays part of the case.
                document(
                    _("Afgørelse nr. %(n)s i sag %(number)s", n=sequence, number=number),
                    content,
                    _("Tidligere afgørelsesbrev; afgørelsen gælder ikke længere efter en klage"),
                )
            damaged = []
            for entry in entries:
                inner = attachment_path(entry, width)
                info = zipfile.ZipInfo(f"{root}/{inner}", _zip_time(entry.uploaded))
                info.compress_type = _compress_type(entry.content_type)
                # Known beforehand, so that a file over 4 GB gets ZIP64 headers.
                info.file_size = entry.size
                try:
                    source = open_file(entry.storage_key)
                except FileNotFoundError:
                    damaged.append(Damaged(entry.number, inner, "missing"))
                    continue
                except OSError:
                    damaged.append(Damaged(entry.number, inner, "unreadable"))
                    continue
                with contextlib.closing(source):
                    copied = _copy(archive, info, source)
                if copied is None:
                    damaged.append(Damaged(entry.number, inner, "unreadable"))
                elif copied != (entry.sha256, entry.size):
                    damaged.append(Damaged(entry.number, inner, "altered"))
                else:
                    about = _(
                        "%(kind)s: „%(name)s“, modtaget %(date)s fra %(who)s",
                        kind=entry.kind,
                        name=entry.name,
                        date=long_date(entry.uploaded),
                        who=entry.uploaded_by,
                    )
                    listed.append(_Listed(inner, entry.size, entry.sha256, about))
            if damaged:
                raise CaseZipFailed(damaged)
            sums, table = _manifests(heading, listed)
            for manifest, text in (("SHA256SUMS", sums), (_("Indhold") + ".txt", table)):
                info = zipfile.ZipInfo(f"{root}/{manifest}", _zip_time(made_at))
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, text.encode("utf-8"))
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return path
