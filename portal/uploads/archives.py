"""Office files are ZIP archives: checked for what they unpack to before anyone opens them.

A "DOCX" of 1 MB can unpack to 1 GB of zeros (a ZIP bomb) and stop the caseworker's Word,
the municipality's virus scanner or its case system when they open it. Nothing is unpacked
to disk here. First the archive's central directory is read (zipfile): too many parts, a
declared unpacked total over the limit, or one part packed far tighter than documents are,
and the file is refused at once. Then every part is unpacked as a stream into nothing, with
a byte budget: a directory can lie about sizes, and what is counted is what really comes
out. A part that is itself a ZIP (a chart's workbook inside a Word file) is checked the same
way against the same budget; a ZIP inside that one is refused.
"""

from __future__ import annotations

import zipfile
import zlib
from dataclasses import dataclass
from typing import IO

# Apache POI, which opens Office files for a great many Java systems, refuses a part that
# unpacks to more than 100 times its packed size once it is over 100 kB
# (ZipSecureFile.MIN_INFLATE_RATIO = 0.01, GRACE_ENTRY_SIZE): documents never come near it,
# while a bomb of zeros packs about 1000 to 1. Small parts may pack tighter harmlessly.
MAX_RATIO = 100
RATIO_GRACE = 100 * 1024
# A Word file has some 20 parts and one more per picture; a workbook two per sheet.
MAX_MEMBERS = 5000
# A document inside a document (an embedded workbook) is normal; one level further is not.
MAX_DEPTH = 1
_CHUNK = 64 * 1024
_ZIP_MAGIC = b"PK\x03\x04"


class Refused(Exception):
    """The archive was refused: `code` for the message, with its values."""

    def __init__(self, code: str, **params) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


@dataclass
class _Budget:
    left: int
    limit: int

    def spend(self, amount: int) -> None:
        self.left -= amount
        if self.left < 0:
            raise Refused("unpacks_too_large", limit=self.limit)


def check(source: str | IO[bytes], *, unpacked_limit: int) -> None:
    """Raise Refused when the archive unpacks to more than `unpacked_limit` bytes, is packed
    like a bomb, has too many parts or nests archives too deep; zipfile.BadZipFile (and
    the other errors of a damaged archive, see DAMAGED) when it is not a whole archive."""
    _check(source, _Budget(unpacked_limit, unpacked_limit), depth=0)


# What a damaged or unreadable archive raises while it is read: a part whose bytes do not
# match its checksum or its declared size (BadZipFile), broken compressed data (zlib.error),
# a part locked with a password (RuntimeError) or packed with a method Python does not know
# (NotImplementedError), a file cut short (EOFError).
DAMAGED = (
    zipfile.BadZipFile,
    zlib.error,
    RuntimeError,
    NotImplementedError,
    EOFError,
    OSError,
    ValueError,
)


def _check(source: str | IO[bytes], budget: _Budget, *, depth: int) -> None:
    with zipfile.ZipFile(source) as archive:
        members = [info for info in archive.infolist() if not info.is_dir()]
        _check_directory(members, budget)
        # In the order they lie in the file: each part read forwards, once.
        for info in sorted(members, key=lambda m: m.header_offset):
            _unpack(archive, info, budget, depth=depth)


def _check_directory(members: list[zipfile.ZipInfo], budget: _Budget) -> None:
    """What the central directory declares, before a byte is unpacked."""
    if len(members) > MAX_MEMBERS:
        raise Refused("too_many_parts", limit=MAX_MEMBERS)
    if sum(info.file_size for info in members) > budget.left:
        raise Refused("unpacks_too_large", limit=budget.limit)
    for info in members:
        if info.file_size > RATIO_GRACE and info.file_size > MAX_RATIO * info.compress_size:
            raise Refused("packed_too_tight", ratio=MAX_RATIO)


def _unpack(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: _Budget, *, depth: int):
    """Unpack one part into nothing, counting. zipfile itself stops at the declared size and
    then checks the part's CRC, so a part whose stream is longer than declared fails as
    damaged; the budget holds whatever the reader does."""
    with archive.open(info) as part:
        head = part.read(len(_ZIP_MAGIC))
        budget.spend(len(head))
        if head == _ZIP_MAGIC:
            if depth >= MAX_DEPTH:
                raise Refused("nested_too_deep")
            # Read in place through the outer part (zipfile's parts can seek), never
            # written out: the inner archive spends the same budget as it is unpacked.
            part.seek(0)
            _check(part, budget, depth=depth + 1)
            return
        unpacked = len(head)
        while chunk := part.read(_CHUNK):
            unpacked += len(chunk)
            budget.spend(len(chunk))
            if unpacked > RATIO_GRACE and unpacked > MAX_RATIO * max(info.compress_size, 1):
                raise Refused("packed_too_tight", ratio=MAX_RATIO)
