"""A multipart request body read as it arrives, each file written straight to a staging file.

Werkzeug's own form parser would first copy every file to a temporary file of its own, and it
decides nothing while a file arrives. Here each chunk is hashed and written to the storage's
staging folder as it comes, the type is decided from the first bytes, and a file that is over
its limit, of an unaccepted type or one too many stops being written at once (the rest of it is
read and dropped). Memory stays at one chunk whatever the size of the file.

Nothing here is kept: `Upload.files` are staged files with their checks; the caller keeps the
good ones (Storage.keep) and must call `Upload.discard()` for the rest, also on errors.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import BadRequest, ClientDisconnected, RequestEntityTooLarge
from werkzeug.sansio.multipart import Data, Epilogue, Field, File, MultipartDecoder, NeedData

from portal.uploads import formats
from portal.uploads.formats import Format, Problem

CHUNK = 64 * 1024
NAME_LIMIT = 150


def display_name(raw: str) -> str:
    """A file name as it may be shown and offered for download: no folders, no control or
    direction-changing characters (which can make "gpj.exe" look like "exe.jpg"), at most
    NAME_LIMIT characters with the extension kept."""
    name = unicodedata.normalize("NFC", raw or "")
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = " ".join(name.split()).strip(" .")
    if len(name) > NAME_LIMIT:
        ext = formats.extension(name)
        keep = NAME_LIMIT - (len(ext) + 1 if ext else 0)
        name = name[:keep].rstrip(" .") + (f".{ext}" if ext else "")
    return name or "fil"


@dataclass
class Incoming:
    """One file of an upload: staged and checked, or refused with the reason."""

    name: str
    size: int = 0
    sha256: str = ""
    format: Format | None = None
    staged: Path | None = None
    problem: Problem | None = None

    @property
    def ok(self) -> bool:
        return self.problem is None and self.staged is not None


@dataclass
class Upload:
    fields: MultiDict = field(default_factory=MultiDict)
    files: list[Incoming] = field(default_factory=list)

    def discard(self) -> None:
        """Delete every staging file that was not kept."""
        for item in self.files:
            if item.staged is not None:
                item.staged.unlink(missing_ok=True)
                item.staged = None


@dataclass
class Limits:
    document: int
    video: int
    # How many more files may be added (the application's limit less what it has).
    files: int
    field: int = 2 * 1024 * 1024
    parts: int = 1000
    # What an Office file (a ZIP archive) may unpack to, all its parts together.
    unpacked: int = 100 * 1024 * 1024


class _Receiving:
    """The file being received now."""

    def __init__(self, item: Incoming, staging_dir: Path | None, limits: Limits) -> None:
        self.item = item
        self.limits = limits
        self.hasher = hashlib.sha256()
        self.head = b""
        self.limit: int | None = None
        self.out: BinaryIO | None = None
        if staging_dir is not None:
            handle, path = tempfile.mkstemp(dir=staging_dir, suffix=".part")
            self.out = os.fdopen(handle, "wb")
            item.staged = Path(path)

    def write(self, data: bytes) -> None:
        item = self.item
        item.size += len(data)
        if self.out is None:
            return  # refused already: read and dropped
        self.hasher.update(data)
        if self.limit is None:
            self.head += data[: formats.HEAD_SIZE - len(self.head)]
            if len(self.head) >= formats.HEAD_SIZE:
                self._decide()
                if self.out is None:
                    return
        self.out.write(data)
        if self.limit is not None and item.size > self.limit:
            self._refuse(Problem("too_large", {"limit": self.limit}))

    def _decide(self) -> None:
        """The type from the first bytes, and so the size limit; stop early when refused."""
        item = self.item
        item.format = formats.detect(self.head)
        self.limit = formats.limit_for(
            item.format, document_limit=self.limits.document, video_limit=self.limits.video
        )
        named = formats.named_format(item.name)
        if item.format is None and named is not None:
            # "brev.pdf" that is text inside: the name is right, the content is not.
            self._refuse(
                Problem(
                    "not_as_named",
                    {"extension": formats.extension(item.name), "format": named.label},
                )
            )
        elif item.format is None:
            self._refuse(Problem("unsupported", {"seems": formats.describe(self.head)}))
        elif not formats.name_matches(item.name, item.format):
            self._refuse(
                Problem(
                    "mismatch",
                    {"extension": formats.extension(item.name), "format": item.format.label},
                )
            )

    def _refuse(self, problem: Problem) -> None:
        self.item.problem = problem
        self._close()
        if self.item.staged is not None:
            self.item.staged.unlink(missing_ok=True)
            self.item.staged = None

    def _close(self) -> None:
        if self.out is not None:
            self.out.close()
            self.out = None

    def finish(self) -> None:
        item = self.item
        if item.size == 0 and item.problem is None:
            self._refuse(Problem("empty"))
            return
        if self.out is not None and self.limit is None:
            self._decide()
        if item.problem is not None:
            if item.problem.code == "too_large":
                item.problem.params["size"] = item.size
            return
        self._close()
        item.sha256 = self.hasher.hexdigest()
        problem = formats.check_document(
            item.staged, item.format, unpacked_limit=self.limits.unpacked
        )
        if problem is not None:
            self._refuse(problem)

    def abort(self) -> None:
        self._refuse(Problem("broken_off"))


def receive(
    stream: BinaryIO,
    boundary: bytes,
    *,
    staging_dir: Path,
    limits: Limits,
    verify: Callable[[MultiDict], None],
    file_field: str = "files",
) -> Upload:
    """Read a multipart body. `verify(fields)` is called with the fields read so far before the
    first file is written (the CSRF token comes first in our forms) or, without files, at the
    end; it raises to refuse the request. Raises what the stream raises (a client that goes away
    half-way); the staged files are then already deleted."""
    upload = Upload()
    decoder = MultipartDecoder(boundary, max_form_memory_size=limits.field, max_parts=limits.parts)
    fields: list[tuple[str, str]] = []
    verified = False
    current: _Receiving | None = None
    value: list[bytes] = []
    value_size = 0
    part: Field | File | None = None
    try:
        while True:
            chunk = stream.read(CHUNK)
            decoder.receive_data(chunk or None)
            event = decoder.next_event()
            while not isinstance(event, NeedData | Epilogue):
                if isinstance(event, File):
                    part = event
                    current = None
                    if event.name == file_field and event.filename:
                        if not verified:
                            verify(MultiDict(fields))
                            verified = True
                        item = Incoming(name=display_name(event.filename))
                        upload.files.append(item)
                        taken = sum(1 for f in upload.files[:-1] if f.problem is None)
                        wanted = taken < limits.files
                        current = _Receiving(item, staging_dir if wanted else None, limits)
                        if not wanted:
                            item.problem = Problem("too_many", {"limit": limits.files})
                elif isinstance(event, Field):
                    part, value, value_size = event, [], 0
                elif isinstance(event, Data):
                    if isinstance(part, Field):
                        value_size += len(event.data)
                        if value_size > limits.field:
                            raise RequestEntityTooLarge()
                        value.append(event.data)
                        if not event.more_data:
                            fields.append((part.name, b"".join(value).decode("utf-8", "replace")))
                    elif current is not None:
                        current.write(event.data)
                        if not event.more_data:
                            current.finish()
                            current = None
                event = decoder.next_event()
            if isinstance(event, Epilogue):
                break
            if not chunk:
                # The body ended before its end: what arrived is not the whole upload.
                raise ClientDisconnected()
    except BaseException as error:
        if current is not None:
            current.abort()
        upload.discard()
        if isinstance(error, ValueError):
            # Werkzeug's decoder on a body that is not multipart/form-data at all.
            raise BadRequest("malformed multipart body") from error
        raise
    upload.fields = MultiDict(fields)
    if not verified:
        try:
            verify(upload.fields)
        except BaseException:
            upload.discard()
            raise
    return upload
