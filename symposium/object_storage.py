"""Where uploads live: this machine's disk by default, an S3-compatible bucket when one is named.

Read by settings.py from the environment, so nothing here imports Django's
settings. With a bucket, every page names media by one public base address
(MEDIA_URL), so building an image's URL never calls the storage.
"""

from urllib.parse import urlsplit

LOCAL = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
# Stored names are random and never written twice: browsers and CDNs may keep a file for good.
IMMUTABLE = "public, max-age=31536000, immutable"


def media_storage_from_env(environ):
    """The "default" entry of STORAGES and the MEDIA_URL pages use, from environment variables."""
    bucket = environ.get("AWS_STORAGE_BUCKET_NAME", "").strip()
    if not bucket:
        return LOCAL, environ.get("MEDIA_URL", "/media/")
    media_url = public_media_url(environ, bucket)
    address = urlsplit(media_url)
    options = {
        "bucket_name": bucket,
        "endpoint_url": environ.get("AWS_S3_ENDPOINT_URL") or None,
        "region_name": environ.get("AWS_S3_REGION_NAME") or None,
        # Pages are cached for hours: their image URLs must not expire, so they are plain, unsigned.
        "querystring_auth": False,
        "custom_domain": (address.netloc + address.path).rstrip("/"),
        "url_protocol": f"{address.scheme}:",
        # Names are random: no need to ask the bucket whether one is taken.
        "file_overwrite": True,
        "default_acl": environ.get("AWS_DEFAULT_ACL") or None,
        "object_parameters": {"CacheControl": IMMUTABLE},
        "client_config": client_config(environ),
        "transfer_config": transfer_config(),
    }
    for option, name in (("access_key", "AWS_S3_ACCESS_KEY_ID"), ("secret_key", "AWS_S3_SECRET_ACCESS_KEY")):
        # Otherwise boto3's own chain: AWS_ACCESS_KEY_ID, a profile, the machine's role.
        if environ.get(name):
            options[option] = environ[name]
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}, media_url


def public_media_url(environ, bucket):
    """The address readers fetch media from, ending in a slash."""
    if environ.get("AWS_S3_CUSTOM_DOMAIN"):
        url = f"https://{environ['AWS_S3_CUSTOM_DOMAIN'].strip('/')}/"
    elif environ.get("MEDIA_URL", "").startswith(("http://", "https://")):
        url = environ["MEDIA_URL"]
    elif environ.get("AWS_S3_ENDPOINT_URL"):
        url = f"{environ['AWS_S3_ENDPOINT_URL'].rstrip('/')}/{bucket}/"
    else:
        region = environ.get("AWS_S3_REGION_NAME") or "us-east-1"
        url = f"https://{bucket}.s3.{region}.amazonaws.com/"
    return url.rstrip("/") + "/"


def media_origin(media_url):
    """The scheme and host of an absolute MEDIA_URL, for the Content-Security-Policy; None for local media."""
    address = urlsplit(media_url)
    if address.scheme not in ("http", "https") or not address.netloc:
        return None
    return f"{address.scheme}://{address.netloc}"


def client_config(environ):
    """Every call to the bucket gives up after a few seconds, rather than holding an editor's save."""
    from botocore.config import Config  # noqa: PLC0415  (only needed with a bucket)

    timeout = float(environ.get("AWS_S3_TIMEOUT_SECONDS", "5"))
    return Config(
        connect_timeout=timeout,
        read_timeout=timeout,
        retries={"total_max_attempts": 2, "mode": "standard"},
        s3={"addressing_style": environ.get("AWS_S3_ADDRESSING_STYLE") or "auto"},
    )


def transfer_config():
    """One PUT per file in the calling thread: uploads are small, and run side by side already (articles.images)."""
    from boto3.s3.transfer import TransferConfig  # noqa: PLC0415

    return TransferConfig(use_threads=False)
