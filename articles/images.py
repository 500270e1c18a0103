"""Uploaded images: validated on the way in, served in page-sized renditions."""

import warnings
from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageOps

MAX_BYTES = 5 * 1024 * 1024
MAX_SIDE = 6000
MIN_SIDE = 100
MAX_PIXELS = 30_000_000
FORMATS = {"JPEG", "PNG", "WEBP"}
RENDITION_WIDTHS = (480, 960, 1600)


def validate_image(file):
    """A real JPEG, PNG or WebP, at most 5 MB and 6000 px a side; no decompression bombs."""
    if file.size > MAX_BYTES:
        raise ValidationError("Images may be at most 5 MB.", code="too_large")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            file.seek(0)
            with Image.open(file) as image:
                image_format, (width, height) = image.format, image.size
                if width * height > MAX_PIXELS:
                    raise ValidationError("That image has too many pixels.", code="too_many_pixels")
                image.verify()
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise ValidationError("That image has too many pixels.", code="too_many_pixels") from error
    except Exception as error:
        raise ValidationError("Upload a real JPEG, PNG or WebP image.", code="not_an_image") from error
    finally:
        file.seek(0)
    if image_format not in FORMATS:
        raise ValidationError("Upload a JPEG, PNG or WebP image.", code="wrong_format")
    if max(width, height) > MAX_SIDE or min(width, height) < MIN_SIDE:
        raise ValidationError(
            f"Images must be between {MIN_SIDE} and {MAX_SIDE} pixels on each side.", code="bad_dimensions"
        )


def rendition_name(name, width):
    path = PurePosixPath(name)
    return str(path.with_name(f"{path.stem}.w{width}.jpg"))


def make_renditions(field_file):
    """JPEG copies at the widths pages use, saved through the storage API beside the original."""
    field_file.open("rb")
    with Image.open(field_file) as original:
        image = ImageOps.exif_transpose(original).convert("RGB")
    for width in RENDITION_WIDTHS:
        copy = image.copy()
        copy.thumbnail((width, width * 4))
        content = ContentFile(b"")
        copy.save(content, format="JPEG", quality=82, optimize=True, progressive=True)
        name = rendition_name(field_file.name, width)
        if default_storage.exists(name):
            default_storage.delete(name)
        default_storage.save(name, content)


def ensure_renditions(field_file):
    """Make the renditions of a newly uploaded image; an existing set is left alone."""
    if field_file and not default_storage.exists(rendition_name(field_file.name, RENDITION_WIDTHS[-1])):
        make_renditions(field_file)


def srcset(field_file):
    return ", ".join(f"{default_storage.url(rendition_name(field_file.name, w))} {w}w" for w in RENDITION_WIDTHS)
