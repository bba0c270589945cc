"""A real S3-compatible server on loopback for the media tests: moto's server mode
(`ThreadedMotoServer`, an HTTP server in a thread on 127.0.0.1 and a free port), which boto3
reaches over a socket exactly as it reaches AWS or MinIO."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import boto3
from moto.server import ThreadedMotoServer

from server.media.s3 import S3MediaStorage

REGION = "us-east-1"
KEY, SECRET = "test-access", "test-secret"


@dataclass
class S3Server:
    """The running server's endpoint and a plain boto3 client to look into its buckets."""

    endpoint: str
    client: Any

    def new_bucket(self) -> str:
        bucket = f"huddle-{secrets.token_hex(6)}"
        self.client.create_bucket(Bucket=bucket)
        return bucket

    def storage(self, bucket: str, prefix: str = "") -> S3MediaStorage:
        return S3MediaStorage(
            bucket, prefix=prefix, endpoint_url=self.endpoint, region=REGION,
            access_key=KEY, secret_key=SECRET,
        )  # fmt: skip

    def keys(self, bucket: str) -> list[str]:
        """Every object key in `bucket`, sorted."""
        listed = self.client.list_objects_v2(Bucket=bucket)
        return sorted(item["Key"] for item in listed.get("Contents", []))


@contextmanager
def s3_server() -> Iterator[S3Server]:
    """A moto S3 server on 127.0.0.1 (a free port) for the block."""
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    try:
        host, port = server.get_host_and_port()
        endpoint = f"http://{host}:{port}"
        client = boto3.client(
            "s3", endpoint_url=endpoint, region_name=REGION,
            aws_access_key_id=KEY, aws_secret_access_key=SECRET,
        )  # fmt: skip
        yield S3Server(endpoint, client)
    finally:
        server.stop()
