"""A large upload streams to storage: the server's memory stays flat whatever the file size.

tracemalloc counts what Python allocates while the request runs; the file is made chunk by
chunk on the client side too, so the measured peak is the server's own buffering.
"""

from __future__ import annotations

import hashlib
import tracemalloc
from collections.abc import Iterator

import pytest
from sqlalchemy import select

from portal.models import Attachment
from tests.support import files, journey
from tests.support.pages import assert_redirects, get
from tests.support.uploads import post_raw

SIZE = 150 * 1024 * 1024
# One chunk of the parser, one of the hash and the head of the file, with room to spare.
MEMORY_BOUND = 8 * 1024 * 1024


class GeneratedBody:
    """A multipart body read like a socket: parts made as they are read, never held whole."""

    def __init__(self, parts: Iterator[bytes]) -> None:
        self.parts = parts
        self.buffer = b""

    def read(self, size: int = -1) -> bytes:
        while size < 0 or len(self.buffer) < size:
            piece = next(self.parts, None)
            if piece is None:
                break
            self.buffer += piece
        if size < 0:
            size = len(self.buffer)
        out, self.buffer = self.buffer[:size], self.buffer[size:]
        return out


def multipart(token: str, name: str, size: int, boundary: str) -> tuple[Iterator[bytes], int]:
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n{token}\r\n'
        f'--{boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\nvideo_picture\r\n'
        f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="{name}"\r\n'
        "Content-Type: video/mp4\r\n\r\n"
    ).encode()
    tail = f"\r\n--{boundary}--\r\n".encode()

    def parts() -> Iterator[bytes]:
        yield head
        yield from files.video_stream(size)
        yield tail

    return parts(), len(head) + size + len(tail)


@pytest.mark.slow
def test_a_large_video_streams_to_storage_with_flat_memory(client, esbjerg, db):
    journey.login_parent(client)
    base = journey.start_application(client)
    token = get(client, base + "bilag").form_values()["csrf_token"]
    boundary = "stor-video-graense"
    parts, length = multipart(token, "træning.mp4", SIZE, boundary)

    tracemalloc.start()
    try:
        response = post_raw(
            client, base + "bilag", GeneratedBody(parts), length=length, boundary=boundary
        )
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert_redirects(response, base + "bilag#bilag-liste")
    assert peak < MEMORY_BOUND, f"peak {peak / 1024 / 1024:.1f} MB while receiving"
    expected = hashlib.sha256()
    for piece in files.video_stream(SIZE):
        expected.update(piece)
    attachment = db.session.execute(select(Attachment)).scalar_one()
    assert (attachment.original_name, attachment.size) == ("træning.mp4", SIZE)
    assert attachment.sha256 == expected.hexdigest()
    assert attachment.content_type == "video/mp4"
