"""A real S3 API on the loopback interface (moto's server mode), with one bucket."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

import boto3
import requests
from moto.server import ThreadedMotoServer

BUCKET = "hjemmetraening-bilag"
# What boto3 reads from the environment, in this process and in the app servers a test starts.
CREDENTIALS = {
    "AWS_ACCESS_KEY_ID": "test-only",
    "AWS_SECRET_ACCESS_KEY": "test-only",
    "AWS_DEFAULT_REGION": "eu-north-1",
}


@contextmanager
def running_server(bucket: str = BUCKET) -> Iterator[str]:
    """Yields the server's endpoint URL, with `bucket` made; the test's process has the
    credentials in its environment meanwhile."""
    saved = {key: os.environ.get(key) for key in CREDENTIALS}
    os.environ.update(CREDENTIALS)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    boto3.client("s3", endpoint_url=endpoint).create_bucket(
        Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": "eu-north-1"}
    )
    try:
        yield endpoint
    finally:
        # moto keeps its buckets in this process, not in the server: forgotten here, so that
        # the next server a test starts begins empty.
        requests.post(f"{endpoint}/moto-api/reset", timeout=10)
        server.stop()
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
