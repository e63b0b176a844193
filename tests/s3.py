"""A real S3-protocol server on this machine (moto's server mode), started once per test run.

The storage under test talks to it over HTTP with botocore, exactly as it would to a bucket in
production; nothing in the client is mocked.
"""

from __future__ import annotations

import secrets
import socket
import subprocess
import sys
import time
from collections.abc import Iterator

import pytest
import requests


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="session")
def s3_server() -> Iterator[str]:
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                requests.get(url, timeout=0.5)
                break
            except requests.ConnectionError:
                time.sleep(0.1)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture
def s3(settings, s3_server) -> str:
    """Private files in a new, empty bucket of the S3 server; returns the bucket's name."""
    import boto3

    bucket = f"siang-{secrets.token_hex(4)}"
    options = {
        **settings.S3_OPTIONS,
        "bucket_name": bucket,
        "endpoint_url": s3_server,
        "access_key": "test",
        "secret_key": "test",
    }
    boto3.client(
        "s3",
        endpoint_url=s3_server,
        aws_access_key_id="test",
        aws_secret_access_key="test",
        region_name="us-east-1",
    ).create_bucket(Bucket=bucket)
    settings.S3_BUCKET, settings.S3_OPTIONS = bucket, options
    return bucket
