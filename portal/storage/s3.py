"""Files in an S3-compatible bucket, for deployments with several app servers.

An upload is staged and checked on the app server's local disk first (`UPLOAD_STAGING_DIR`),
then sent with a (multipart) PUT. S3 makes an object visible only when the whole upload has
completed, and boto3 aborts a multipart upload that fails, so a broken transfer leaves no object.
(A bucket lifecycle rule that aborts incomplete multipart uploads cleans up after a crash.)
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import BinaryIO

import boto3
from boto3.s3.transfer import TransferConfig
from botocore.exceptions import ClientError

from portal.storage.base import Storage, new_key

# Few, modest parts in flight: the app server's memory stays flat however large the file.
TRANSFER = TransferConfig(
    multipart_threshold=16 * 1024 * 1024,
    multipart_chunksize=16 * 1024 * 1024,
    max_concurrency=2,
)


class S3Storage(Storage):
    def __init__(self, client, bucket: str, prefix: str, staging_dir: Path) -> None:
        self.client = client
        self.bucket = bucket
        self.prefix = prefix.strip("/") + "/" if prefix.strip("/") else ""
        super().__init__(staging_dir)

    @classmethod
    def from_config(cls, config) -> S3Storage:
        client = boto3.client(
            "s3",
            endpoint_url=config.get("S3_ENDPOINT_URL") or None,
            region_name=config.get("S3_REGION") or None,
        )
        staging = config.get("UPLOAD_STAGING_DIR") or str(
            Path(tempfile.gettempdir()) / "portal-staging"
        )
        return cls(client, config["S3_BUCKET"], config.get("S3_PREFIX") or "", Path(staging))

    def _name(self, key: str) -> str:
        return f"{self.prefix}attachments/{key}"

    def keep(self, staged: Path) -> str:
        key = new_key()
        try:
            self.client.upload_file(str(staged), self.bucket, self._name(key), Config=TRANSFER)
        finally:
            staged.unlink(missing_ok=True)
        return key

    def open(self, key: str) -> BinaryIO:
        # The body is botocore's StreamingBody over the open HTTP response: read(n) takes n
        # bytes off the socket, so a 2 GB video passes through in chunks, never whole.
        try:
            return self.client.get_object(Bucket=self.bucket, Key=self._name(key))["Body"]
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") in ("NoSuchKey", "404"):
                raise FileNotFoundError(key) from None
            raise

    def size(self, key: str) -> int:
        try:
            head = self.client.head_object(Bucket=self.bucket, Key=self._name(key))
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") in ("NoSuchKey", "404"):
                raise FileNotFoundError(key) from None
            raise
        return int(head["ContentLength"])

    def delete(self, key: str) -> None:
        self.client.delete_object(Bucket=self.bucket, Key=self._name(key))

    def exists(self, key: str) -> bool:
        try:
            self.client.head_object(Bucket=self.bucket, Key=self._name(key))
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") in ("NoSuchKey", "404"):
                return False
            raise
        return True

    def keys(self) -> list[str]:
        start = self._name("")
        paginator = self.client.get_paginator("list_objects_v2")
        return [
            item["Key"][len(start) :]
            for page in paginator.paginate(Bucket=self.bucket, Prefix=start)
            for item in page.get("Contents", [])
        ]
