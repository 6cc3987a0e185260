"""Files the portal hands out (an attachment, the dossier, a decision letter, a case's ZIP):
always a download, never a page, and never kept in a cache on the way."""

from __future__ import annotations

import unicodedata
from io import BytesIO
from os import PathLike
from typing import BinaryIO
from urllib.parse import quote

from flask import Response, send_file


def send_download(
    source: bytes | BinaryIO | PathLike,
    *,
    name: str,
    mimetype: str,
    size: int | None = None,
    etag: str | bool = False,
    conditional: bool = False,
) -> Response:
    """Send `source` (bytes, an open file or a path) to be saved as `name`. `conditional`
    answers ranges (a video's seek bar) where the file is on disk."""
    if isinstance(source, bytes):
        size = len(source)
        source = BytesIO(source)
    response = send_file(
        source,
        mimetype=mimetype,
        as_attachment=True,
        download_name=name,
        etag=etag,
        conditional=conditional,
        max_age=0,
    )
    if size is not None and not conditional:
        response.content_length = size
    return _as_download(response)


def download_headers(response: Response, name: str) -> Response:
    """A response made elsewhere (a stream) sent as a download saved as `name`."""
    try:
        name.encode("ascii")
    except UnicodeEncodeError:
        # As send_file does it (RFC 6266): an ASCII name for old clients, the real one in UTF-8.
        simple = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
        names = {"filename": simple, "filename*": "UTF-8''" + quote(name, safe="!#$&+^`|~")}
    else:
        names = {"filename": name}
    response.headers.set("Content-Disposition", "attachment", **names)
    return _as_download(response)


def _as_download(response: Response) -> Response:
    # A file is a download, never a page: no script, no plugin, no frame of ours around it.
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response.headers["Cache-Control"] = "private, no-store"
    return response
