"""A parent's own copy of everything the portal holds about them (databeskyttelsesforordningen
art. 15, stk. 3) as one ZIP, streamed as it is built, like the case's ZIP (case_zip.py):

    Dine oplysninger 2026-12-06/Oversigt.html          what a person reads
    Dine oplysninger 2026-12-06/oplysninger.json       the same, machine-readable (art. 20's spirit)
    Dine oplysninger 2026-12-06/Sager/HT-2026-000123/Sag HT-2026-000123.docx
    Dine oplysninger 2026-12-06/Sager/HT-2026-000123/kvittering-HT-2026-000123.pdf
    Dine oplysninger 2026-12-06/Sager/HT-2026-000123/Breve/...      the letters sent to them
    Dine oplysninger 2026-12-06/Sager/HT-2026-000123/Bilag/01 ...   the case's files
    Dine oplysninger 2026-12-06/Kladder/<kladde>/Bilag/01 ...       files of drafts not sent

Each document is made when the stream reaches it, and each file read from storage in chunks
as it goes out, so the first bytes leave at once and memory stays flat however large the
family's cases are.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import BinaryIO
from zipfile import ZIP_DEFLATED, ZIP_STORED

from zipstream import ZipStream

from portal.dossier.case_zip import CHUNK, safe_name


@dataclass(frozen=True)
class Member:
    """One file of the copy: its path inside the root folder and how its bytes are made."""

    path: str
    chunks: Callable[[], Iterable[bytes]]
    compress: bool = False


def made(build: Callable[[], bytes]) -> Callable[[], Iterator[bytes]]:
    """A document made by `build` when the stream reaches it."""

    def chunks() -> Iterator[bytes]:
        yield build()

    return chunks


def stored(open_file: Callable[[str], BinaryIO], key: str) -> Callable[[], Iterator[bytes]]:
    """A stored file read in chunks when the stream reaches it."""

    def chunks() -> Iterator[bytes]:
        with contextlib.closing(open_file(key)) as source:
            while chunk := source.read(CHUNK):
                yield chunk

    return chunks


def folder(*parts: str) -> str:
    """A path of safe names: each part as every system accepts it."""
    return "/".join(safe_name(part) for part in parts)


def stream(root: str, members: Iterable[Member]) -> Iterator[bytes]:
    archive = ZipStream(compress_type=ZIP_STORED)
    base = safe_name(root)
    for member in members:
        archive.add(
            _lazy(member.chunks),
            f"{base}/{member.path}",
            compress_type=ZIP_DEFLATED if member.compress else ZIP_STORED,
        )
    yield from archive


def _lazy(chunks: Callable[[], Iterable[bytes]]) -> Iterator[bytes]:
    # A generator, so nothing is made or opened before the stream reaches the file.
    yield from chunks()
