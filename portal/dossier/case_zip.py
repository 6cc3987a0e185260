"""The whole case as one ZIP (issue 6, point 3): the dossier, every attachment under a readable
name, and a manifest of SHA-256 sums, in one folder named after the case:

    HT-2026-000123/Sag HT-2026-000123.docx
    HT-2026-000123/Afgørelse i sag HT-2026-000123.docx   (once the case is decided)
    HT-2026-000123/Bilag/01 Udtalelse fra læge eller sygehus - erklaering_fra_laege.pdf
    HT-2026-000123/SHA256SUMS          (sha256sum -c SHA256SUMS checks every file)
    HT-2026-000123/Indhold.txt         (the same as a table a person reads)

The same files (`case_files`), with the application as PDF/A and a JSON manifest, are the
package the municipality's case system receives (portal.case_package).

The archive is streamed as it is built (issue 18, point 5; zipstream-ng): the first bytes go
out while the first attachment is read, each attachment is read from storage in chunks (disk or
S3) and passes straight through, so nothing is written to disk and memory stays flat however
large the case (a video may be 2 GB).

Damaged files. The manifest is the case as handed on (to a visitation committee, to
Ankestyrelsen): it lists the SHA-256 and size taken when each file arrived, never the sum of
whatever is stored now. Two checks, at two moments:

- Before the first byte (`check_stored`, one stat or S3 HEAD per file, no reading): a file that
  is missing or whose size is not the size received fails the whole ZIP with a page naming
  every such file, as before; nothing is sent.
- While streaming, every attachment is hashed on its way through. A file of the right size whose
  bytes are not the ones received, or whose reading breaks off, is found only after its bytes
  (or some of them) have gone out, and a response that has started cannot turn into an error
  page. The ZIP then ends with a note, "LÆS FØRST - beskadigede bilag.txt", naming each such
  file and what to do; Indhold.txt marks it as damaged, and SHA256SUMS keeps the sum received,
  so `sha256sum -c` reports it as FAILED. The archive never vouches for bytes the family did
  not send, and is never silently without a file. The server log names the file too.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import BinaryIO, Literal
from zipfile import ZIP_DEFLATED, ZIP_STORED

from zipstream import ZipStream

from portal.dossier.kit import WORD_TYPE
from portal.i18n import gettext as _
from portal.i18n import in_danish
from portal.rules.formatting import long_date

log = logging.getLogger(__name__)

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


@dataclass(frozen=True)
class _Attachment:
    entry: ZipEntry
    path: str
    about: str
    # What the note and Indhold.txt say if the file turns out damaged while streaming, worded
    # before the first byte: the stream runs after the request's Danish locale is gone.
    problems: dict[str, str]


@dataclass
class _Plan:
    """Everything the ZIP holds that is known before the first byte."""

    root: str
    documents: list[tuple[_Listed, bytes]]
    attachments: list[_Attachment]
    heading: list[str]
    texts: dict[str, str]
    open_file: Callable[[str], BinaryIO]
    damaged: list[Damaged] = field(default_factory=list)


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


def _width(entries: Sequence[ZipEntry]) -> int:
    return max(2, len(str(len(entries))))


def _compress_type(content_type: str) -> int:
    if content_type.startswith(_COMPRESSIBLE):
        return ZIP_DEFLATED
    return ZIP_STORED


def check_stored(entries: Sequence[ZipEntry], size_of: Callable[[str], int]) -> list[Damaged]:
    """Before the first byte goes out: every attachment is stored, with the size it arrived
    with. Costs a stat (disk) or a HEAD (S3) per file and reads no bytes, so that a download
    of 2 GB still starts at once; bytes changed without changing the size are found while
    streaming (the note in the ZIP)."""
    damaged = []
    width = _width(entries)
    for entry in entries:
        problem: Problem | None = None
        try:
            if size_of(entry.storage_key) != entry.size:
                problem = "altered"
        except FileNotFoundError:
            problem = "missing"
        except OSError:
            problem = "unreadable"
        if problem is not None:
            damaged.append(Damaged(entry.number, attachment_path(entry, width), problem))
    return damaged


def _read(item: _Attachment, plan: _Plan) -> Iterator[bytes]:
    """The attachment's bytes in chunks, hashed on the way; what went wrong goes on the
    plan's list of damaged files (the ZIP's note)."""
    entry = item.entry

    def damaged(problem: Problem) -> None:
        log.error("case ZIP: attachment %s is damaged (%s)", item.path, problem)
        plan.damaged.append(Damaged(entry.number, item.path, problem))

    try:
        source = plan.open_file(entry.storage_key)
    except FileNotFoundError:
        damaged("missing")
        return
    except OSError:
        damaged("unreadable")
        return
    digest = hashlib.sha256()
    size = 0
    with contextlib.closing(source):
        while True:
            try:
                chunk = source.read(CHUNK)
            except Exception:
                # Whatever the storage raised (a disk error, a broken S3 stream): the file
                # ends here in the ZIP, and the note says so.
                damaged("unreadable")
                return
            if not chunk:
                break
            digest.update(chunk)
            size += len(chunk)
            yield chunk
    if (digest.hexdigest(), size) != (entry.sha256, entry.size):
        damaged("altered")


def _manifests(plan: _Plan, listed: list[_Listed]) -> tuple[str, str]:
    texts = plan.texts
    sums = "".join(f"{item.sha256}  {item.path}\n" for item in listed)
    columns = (texts["bytes"], texts["sha256"], texts["file"])
    width = max(len(columns[0]), *(len(f"{item.size:,}") for item in listed))
    lines = [
        *plan.heading,
        "",
        texts["check"],
        "",
        f"{columns[0]:>{width}}  {columns[1]:<64}  {columns[2]}",
    ]
    for item in listed:
        size = f"{item.size:,}".replace(",", ".")
        lines.append(f"{size:>{width}}  {item.sha256}  {item.path}")
        lines.append(f"{'':>{width}}  {item.about}")
    return sums, "\n".join(lines) + "\n"


def _note(plan: _Plan, problems: dict[int, str]) -> str:
    lines = [*plan.heading, "", plan.texts["note"], ""]
    lines += [f"- {problems[d.number]}" for d in plan.damaged]
    return "\n".join(lines) + "\n"


def _stream(plan: _Plan) -> Iterator[bytes]:
    archive = ZipStream(compress_type=ZIP_STORED)
    root = plan.root
    for listed, content in plan.documents:
        archive.add(content, f"{root}/{listed.path}")
    for item in plan.attachments:
        archive.add(
            _read(item, plan),
            f"{root}/{item.path}",
            size=item.entry.size,
            compress_type=_compress_type(item.entry.content_type),
        )
    yield from archive.all_files()
    # Every attachment has gone through: the manifests list what was received, and mark what
    # was found damaged on the way.
    problems = {d.number: d.problem for d in plan.damaged}
    lines = {
        item.entry.number: item.problems[problems[item.entry.number]]
        for item in plan.attachments
        if item.entry.number in problems
    }
    listed = [document for document, _content in plan.documents] + [
        _Listed(
            item.path,
            item.entry.size,
            item.entry.sha256,
            lines.get(item.entry.number, item.about),
        )
        for item in plan.attachments
    ]
    sums, table = _manifests(plan, listed)
    archive.add(sums.encode("utf-8"), f"{root}/SHA256SUMS", compress_type=ZIP_DEFLATED)
    archive.add(table.encode("utf-8"), f"{root}/{plan.texts['table']}", compress_type=ZIP_DEFLATED)
    if plan.damaged:
        archive.add(
            _note(plan, lines).encode("utf-8"),
            f"{root}/{plan.texts['note_name']}",
            compress_type=ZIP_DEFLATED,
        )
    yield from archive.finalize()


@dataclass(frozen=True)
class CaseFile:
    """A file of the case as its ZIP and its package for the case system hold it: a document
    the portal made (``content``), or an attachment as received (``entry``, read from
    storage), with the size and SHA-256 it was made or received with."""

    path: str  # inside the case's folder
    size: int
    sha256: str
    about: str
    media_type: str
    content: bytes | None = None
    entry: ZipEntry | None = None


PDF = "application/pdf"


@in_danish
def case_files(
    *,
    number: str,
    dossier: bytes,
    entries: Sequence[ZipEntry],
    letter: bytes | None = None,
    earlier_letters: Sequence[tuple[int, bytes]] = (),
    application_pdf: bytes | None = None,
) -> list[CaseFile]:
    """The case's files in the order of the ZIP: the dossier, the decision letters, the
    application as a PDF (the case system's package holds it), then the attachments under
    Bilag/ as the dossier numbers them."""
    width = _width(entries)
    files: list[CaseFile] = []

    def document(title: str, content: bytes, about: str, media_type: str = WORD_TYPE) -> None:
        extension = ".pdf" if media_type == PDF else ".docx"
        files.append(
            CaseFile(
                safe_name(title) + extension,
                len(content),
                hashlib.sha256(content).hexdigest(),
                about,
                media_type,
                content=content,
            )
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
    if application_pdf is not None:
        document(
            _("Ansøgning i sag %(number)s", number=number),
            application_pdf,
            _("Det, familien sendte, som de så det under „Tjek dine svar“ (PDF/A)"),
            PDF,
        )
    for entry in entries:
        about = _(
            "%(kind)s: „%(name)s“, modtaget %(date)s fra %(who)s",
            kind=entry.kind,
            name=entry.name,
            date=long_date(entry.uploaded),
            who=entry.uploaded_by,
        )
        files.append(
            CaseFile(
                attachment_path(entry, width),
                entry.size,
                entry.sha256,
                about,
                entry.content_type,
                entry=entry,
            )
        )
    return files


@in_danish
def stream_case_zip(
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
) -> Iterator[bytes]:
    """The case's ZIP as chunks of bytes, made as they are taken: an attachment is opened
    when the stream reaches it. Call `check_stored` first."""
    documents: list[tuple[_Listed, bytes]] = []
    attachments = []
    for file in case_files(
        number=number,
        dossier=dossier,
        entries=entries,
        letter=letter,
        earlier_letters=earlier_letters,
    ):
        if file.entry is None:
            documents.append((_Listed(file.path, file.size, file.sha256, file.about), file.content))
            continue
        path = file.path
        problems = {
            "missing": _(
                "BESKADIGET: %(path)s fandtes ikke i arkivet, da ZIP-filen blev lavet.", path=path
            ),
            "altered": _(
                "BESKADIGET: %(path)s er ikke den fil, familien sendte: indholdet er ændret, "
                "siden den blev modtaget (SHA-256 passer ikke).",
                path=path,
            ),
            "unreadable": _(
                "BESKADIGET: %(path)s kunne ikke læses helt i arkivet; filen i ZIP-filen er "
                "ufuldstændig.",
                path=path,
            ),
        }
        attachments.append(_Attachment(file.entry, path, file.about, problems))
    plan = _Plan(
        root=safe_name(number),
        documents=documents,
        attachments=attachments,
        heading=[
            _("Sag %(number)s, %(municipality)s", number=number, municipality=municipality),
            _("Pakket %(when)s af %(who)s", when=long_date(made_at), who=made_by),
        ],
        texts={
            "bytes": _("Bytes"),
            "sha256": _("SHA-256"),
            "file": _("Fil"),
            "check": _(
                "Hver fil kan kontrolleres med sin SHA-256: i denne mappe med "
                "»sha256sum -c SHA256SUMS« (Linux, macOS: »shasum -a 256 -c SHA256SUMS«) eller "
                "for én fil med »certutil -hashfile <fil> SHA256« (Windows)."
            ),
            "table": _("Indhold") + ".txt",
            "note_name": _("LÆS FØRST - beskadigede bilag") + ".txt",
            "note": _(
                "Nogle bilag i denne ZIP-fil er ikke de filer, familien sendte. Det blev "
                "opdaget, mens ZIP-filen blev hentet. SHA256SUMS og Indhold.txt viser de filer, "
                "der blev modtaget; de beskadigede filer består ikke kontrollen. Send ikke "
                "ZIP-filen videre. Kontakt jeres IT-afdeling, så filerne kan hentes frem fra "
                "sikkerhedskopien."
            ),
        },
        open_file=open_file,
    )
    return _stream(plan)
