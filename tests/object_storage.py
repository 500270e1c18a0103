"""An S3 server in the test process (moto), and the site's media pointed at a fresh bucket on it.

Its fixtures are registered for the whole suite by tests/conftest.py.
"""

import json
import logging
import socket
import threading
import time
import uuid
from dataclasses import dataclass, field

import pytest

from symposium.object_storage import media_storage_from_env

PORTS = range(18500, 18520)
KEYS = {"AWS_S3_ACCESS_KEY_ID": "testing", "AWS_S3_SECRET_ACCESS_KEY": "testing"}
REGION = "us-east-1"


@dataclass
class RequestLog:
    """What reached the S3 server: (method, path) of each request, and how many ran at once at most."""

    requests: list = field(default_factory=list)
    in_flight: int = 0
    most_in_flight: int = 0
    delay: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def wrap(self, app):
        def logged(environ, start_response):
            if environ["PATH_INFO"].startswith("/moto-api"):
                return app(environ, start_response)
            with self.lock:
                self.requests.append((environ["REQUEST_METHOD"], environ["PATH_INFO"]))
                self.in_flight += 1
                self.most_in_flight = max(self.most_in_flight, self.in_flight)
            try:
                time.sleep(self.delay)
                return app(environ, start_response)
            finally:
                with self.lock:
                    self.in_flight -= 1

        return logged

    def reset(self, delay=0.0):
        with self.lock:
            self.requests, self.most_in_flight, self.delay = [], 0, delay


def free_port(ports=PORTS):
    """The first port of `ports` nobody listens on (this suite's share of ports is 18500-18599)."""
    for port in ports:
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"No free port in {ports}")


class S3Server:
    def __init__(self):
        self.log = RequestLog()
        self.server = None
        from moto.server import ThreadedMotoServer  # here: every test run loads this module, few start a server

        port = free_port()
        # It binds in its own thread: a port already taken there would leave start() waiting for ever.
        self.server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
        self.server.start()
        self.url = f"http://127.0.0.1:{port}"
        wsgi = self.server._server  # the werkzeug server moto runs; its app is what requests reach
        wsgi.app = self.log.wrap(wsgi.app)

    def client(self):
        import boto3
        from botocore.config import Config

        return boto3.client(
            "s3",
            endpoint_url=self.url,
            region_name=REGION,
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
            config=Config(retries={"max_attempts": 1}),
        )

    def new_bucket(self):
        name = f"media-{uuid.uuid4().hex[:12]}"
        self.client().create_bucket(Bucket=name)
        # Media are public, as the README asks of a production bucket.
        self.client().put_bucket_policy(Bucket=name, Policy=json.dumps(public_read_policy(name)))
        return name

    def keys(self, bucket):
        listing = self.client().list_objects_v2(Bucket=bucket)
        return sorted(item["Key"] for item in listing.get("Contents", []))

    def environment(self, bucket):
        """The variables an app server is given to keep its media in `bucket`."""
        return {"AWS_STORAGE_BUCKET_NAME": bucket, "AWS_S3_ENDPOINT_URL": self.url, **KEYS}

    def stop(self):
        self.server.stop()


def public_read_policy(bucket):
    return {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::{bucket}/*"}
        ],
    }


@pytest.fixture(scope="session")
def s3_server():
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # not a line per request
    server = S3Server()
    yield server
    server.stop()


@dataclass
class Bucket:
    name: str
    server: S3Server
    media_url: str

    def keys(self):
        return self.server.keys(self.name)

    def read(self, key):
        return self.server.client().get_object(Bucket=self.name, Key=key)

    @property
    def requests(self):
        return self.server.log.requests


@pytest.fixture
def s3_media(s3_server, settings):
    """The site's media in a new, empty bucket, as the settings make it from the environment."""
    name = s3_server.new_bucket()
    storage, media_url = media_storage_from_env(s3_server.environment(name))
    settings.STORAGES = {**settings.STORAGES, "default": storage}
    settings.MEDIA_URL = media_url
    s3_server.log.reset()
    return Bucket(name=name, server=s3_server, media_url=media_url)
