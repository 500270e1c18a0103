"""The object storage fixtures (an S3 server in the test process) for the tests here."""

from tests.object_storage import s3_media, s3_server  # noqa: F401
