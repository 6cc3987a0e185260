"""Sending files as a browser does: a multipart post with the page's CSRF token first."""

from __future__ import annotations

import io

from flask.testing import FlaskClient
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.test import encode_multipart

from tests.support.pages import Page, get


def send(
    client: FlaskClient,
    page_url: str,
    files: list[tuple[str, bytes]] | list[tuple[str, bytes, str]],
    *,
    kind: str = "medical_statement",
    note: str = "",
    action: str = "upload",
    follow: bool = True,
) -> Page:
    """Choose `files` (name, content[, the browser's content type]) on the page and send them.
    Returns the page the parent lands on (or the raw answer with follow=False)."""
    form = get(client, page_url).form_values("form[enctype='multipart/form-data']")
    data = MultiDict(
        {"csrf_token": form["csrf_token"], "kind": kind, "note": note, "_action": action}
    )
    for f in files:
        content_type = f[2] if len(f) > 2 else "application/octet-stream"
        data.add("files", FileStorage(io.BytesIO(f[1]), filename=f[0], content_type=content_type))
    # Encoded here, in memory: the test client would spool a body over 500 kB to a temporary
    # file that it never closes.
    boundary, body = encode_multipart(data)
    response = client.post(
        page_url, data=body, content_type=f"multipart/form-data; boundary={boundary}"
    )
    if follow and response.status_code == 302:
        return get(client, response.headers["Location"])
    return Page(response)


def listed(page: Page) -> list[str]:
    """The names of the files shown in the page's list of sent files."""
    return [
        p.get_text(" ", strip=True) for p in page.soup.select("#bilag-liste .attachment-name a")
    ]


def download(client: FlaskClient, url: str):
    """Fetch a file and close the response (the stored file is held open while it streams)."""
    response = client.get(url)
    response.get_data()
    response.close()
    return response


def post_raw(client: FlaskClient, url: str, body, *, length: int, boundary: str):
    """Post a multipart body as a socket delivers it: `body` is read as it goes, and the
    Content-Length is what the browser announced (a broken-off upload announces more)."""
    return client.post(
        url,
        environ_overrides={
            "wsgi.input": body,
            "CONTENT_LENGTH": str(length),
            "CONTENT_TYPE": f"multipart/form-data; boundary={boundary}",
        },
    )
