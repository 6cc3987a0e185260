"""The storage interface, the same on disk and on an S3-compatible server (moto's server mode,
a real HTTP S3 API on this machine), and an upload and download through the portal on S3."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import boto3
import pytest

from portal.storage import Storage
from portal.storage.disk import DiskStorage
from portal.storage.s3 import S3Storage
from tests.conftest import committed_app
from tests.support import files, journey, s3
from tests.support.s3 import BUCKET
from tests.support.uploads import download, listed, send


@pytest.fixture(scope="module")
def s3_endpoint() -> Iterator[str]:
    with s3.running_server(BUCKET) as endpoint:
        yield endpoint


@pytest.fixture(params=["disk", "s3"])
def store(request, tmp_path) -> Storage:
    if request.param == "disk":
        return DiskStorage(tmp_path / "uploads")
    endpoint = request.getfixturevalue("s3_endpoint")
    client = boto3.client("s3", endpoint_url=endpoint)
    return S3Storage(client, BUCKET, f"test-{time.monotonic_ns()}", tmp_path / "staging")


def _staged(store: Storage, content: bytes) -> Path:
    path = store.staging_dir / "upload.part"
    path.write_bytes(content)
    return path


def test_a_kept_file_reads_back_byte_for_byte_under_a_generated_key(store):
    content = files.pdf(3)
    staged = _staged(store, content)
    key = store.keep(staged)
    assert not staged.exists()
    assert len(key) == 40 and "upload" not in key
    assert store.exists(key)
    with store.open(key) as stream:
        assert stream.read() == content
    assert store.keys() == [key]


def test_a_stored_file_tells_its_size_and_reads_in_chunks(store):
    # The case ZIP checks every size before its first byte and streams each file in chunks:
    # a read of n bytes gives n bytes, not the whole file (on S3 the open HTTP response).
    content = os.urandom(3 * 1024 * 1024 + 5)
    key = store.keep(_staged(store, content))
    assert store.size(key) == len(content)
    with store.open(key) as stream:
        chunks = []
        while chunk := stream.read(1024 * 1024):
            assert len(chunk) <= 1024 * 1024
            chunks.append(chunk)
    assert len(chunks) == 4 and b"".join(chunks) == content
    store.delete(key)
    with pytest.raises(FileNotFoundError):
        store.size(key)


def test_a_deleted_file_is_gone_and_deleting_twice_is_no_error(store):
    key = store.keep(_staged(store, b"%PDF-1.4 ..."))
    store.delete(key)
    store.delete(key)
    assert not store.exists(key)
    assert store.keys() == []
    with pytest.raises(FileNotFoundError):
        store.open(key).read()


def test_staging_files_left_by_a_dead_request_are_swept_later(store):
    old = _staged(store, b"half a file")
    fresh = store.staging_dir / "fresh.part"
    fresh.write_bytes(b"arriving now")
    long_ago = time.time() - 2 * 24 * 60 * 60
    os.utime(old, (long_ago, long_ago))
    assert store.sweep_staging() == 1
    assert not old.exists() and fresh.exists()


def test_disk_keys_are_never_paths(tmp_path):
    store = DiskStorage(tmp_path / "uploads")
    for key in ("../../etc/passwd", "a" * 39 + "/", ""):
        with pytest.raises(ValueError):
            store.open(key)


def test_an_upload_and_a_download_through_the_portal_on_s3(s3_endpoint, tmp_path):
    with committed_app(
        tmp_path,
        STORAGE_BACKEND="s3",
        S3_BUCKET=BUCKET,
        S3_ENDPOINT_URL=s3_endpoint,
        S3_PREFIX="portal",
        UPLOAD_STAGING_DIR=str(tmp_path / "staging"),
    ) as app:
        client = app.test_client()
        journey.login_parent(client, "Mette Hansen")
        base = journey.start_application(client)
        video = files.mp4(300_000)
        page = send(client, base + "bilag", [("træning.mp4", video)], kind="video_picture")
        assert listed(page) == ["træning.mp4"]
        response = download(client, page.soup.select_one("#bilag-liste a")["href"])
        assert response.status_code == 200 and response.data == video
        assert response.headers["Content-Length"] == str(len(video))

        objects = boto3.client("s3", endpoint_url=s3_endpoint).list_objects_v2(
            Bucket=BUCKET, Prefix="portal/attachments/"
        )
        assert [o["Size"] for o in objects["Contents"]] == [len(video)]
        assert list((tmp_path / "staging").iterdir()) == []


def test_the_sweep_deletes_stale_staging_files_and_lists_files_without_attachment(
    app, db, tmp_path, monkeypatch
):
    # A storage of its own: the test run's shared folder has files of rolled-back tests.
    store = DiskStorage(tmp_path / "uploads")
    monkeypatch.setitem(app.extensions, "storage", store)
    stale = store.staging_dir / "dead-request.part"
    stale.write_bytes(b"half a video")
    long_ago = time.time() - 2 * 24 * 60 * 60
    os.utime(stale, (long_ago, long_ago))
    (store.staging_dir / "orphan.part").write_bytes(b"%PDF-1.4")
    orphan = store.keep(store.staging_dir / "orphan.part")
    result = app.test_cli_runner().invoke(args=["attachments", "sweep"])
    assert result.exit_code == 0, result.output
    assert "Slettede 1 halve uploads." in result.output
    assert f"1 gemte filer uden bilag.\n  {orphan}" in result.output
    assert not stale.exists() and store.exists(orphan)
