"""Uploaded images: checked on the way in, stored re-encoded under a random name, served in page-sized renditions.

Nothing of the uploaded file reaches the storage as sent: the pixels are
decoded, turned upright by their EXIF orientation and encoded again with no
metadata (EXIF with its GPS position and camera make, XMP, comments), under a
random name in the format the content really is. The colour profile is kept:
it describes colours, not the photographer.
"""

import contextlib
import contextvars
import functools
import logging
import uuid
import warnings
from concurrent.futures import ThreadPoolExecutor, wait
from dataclasses import dataclass
from pathlib import PurePosixPath

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models.fields.files import ImageFieldFile
from PIL import Image, ImageOps

logger = logging.getLogger(__name__)

MAX_BYTES = 5 * 1024 * 1024
MAX_SIDE = 6000
MIN_SIDE = 100
MAX_PIXELS = 30_000_000
FORMATS = {"JPEG", "PNG", "WEBP"}
EXTENSIONS = ("jpg", "jpeg", "png", "webp")
EXTENSION_OF_FORMAT = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
ENCODER_OPTIONS = {
    "JPEG": {"quality": 90, "optimize": True},
    "PNG": {},
    "WEBP": {"quality": 90},
}
RENDITION_WIDTHS = (480, 960, 1600)
IMAGE_HELP_TEXT = (
    "A .jpg, .png or .webp image, at most 5 MB and 6000 pixels a side. "
    "It is stored without its metadata (location, camera, comments)."
)


class ImageUploadError(Exception):
    """An image that could not be read or stored; the message is for the editor."""

    def __init__(self, message, *, field_name):
        super().__init__(message)
        self.field_name = field_name


validate_extension = FileExtensionValidator(EXTENSIONS, message="Only .jpg, .jpeg, .png and .webp files are accepted.")


def validate_image(file):
    """A new upload: a real, complete JPEG, PNG or WebP, named as one, at most 5 MB and 6000 px a side."""
    if getattr(file, "_committed", False):
        return  # Checked when it was uploaded; a stored file may even be gone since.
    if file.size > MAX_BYTES:
        raise ValidationError("Images may be at most 5 MB.", code="too_large")
    validate_extension(file)
    try:
        with opened(file) as image:
            image_format, (width, height) = image.format, image.size
            if width * height > MAX_PIXELS:
                raise ValidationError("That image has too many pixels.", code="too_many_pixels")
            if image_format in FORMATS:
                image.load()  # Decodes every pixel: a truncated or corrupt file fails here, not on saving.
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise ValidationError("That image has too many pixels.", code="too_many_pixels") from error
    except Exception as error:
        raise ValidationError(
            "That image is damaged or incomplete; upload a real JPEG, PNG or WebP image.", code="not_an_image"
        ) from error
    if image_format not in FORMATS:
        raise ValidationError("Upload a JPEG, PNG or WebP image.", code="wrong_format")
    if max(width, height) > MAX_SIDE or min(width, height) < MIN_SIDE:
        raise ValidationError(
            f"Images must be between {MIN_SIDE} and {MAX_SIDE} pixels on each side.", code="bad_dimensions"
        )


@contextlib.contextmanager
def opened(file):
    """The file as a Pillow image, with decompression bombs refused."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        file.seek(0)
        try:
            with Image.open(file) as image:
                yield image
        finally:
            file.seek(0)


@dataclass
class CleanImage:
    image: Image.Image
    content: ContentFile
    extension: str


def clean_copy(file):
    """The image upright, re-encoded in the format its content is, with nothing but pixels and colour profile."""
    with opened(file) as original:
        image_format = original.format
        if image_format not in FORMATS:
            raise ValueError(f"{image_format} is not an accepted format")
        colour_profile = original.info.get("icc_profile")
        image = without_metadata(ImageOps.exif_transpose(original), image_format)
    content = ContentFile(b"")
    options = ENCODER_OPTIONS[image_format] | ({"icc_profile": colour_profile} if colour_profile else {})
    image.save(content, format=image_format, **options)
    return CleanImage(image=image, content=content, extension=EXTENSION_OF_FORMAT[image_format])


def without_metadata(image, image_format):
    if image_format == "JPEG":
        image = image if image.mode in ("L", "RGB", "CMYK") else image.convert("RGB")
    elif image.mode in ("P", "PA", "LA") or "transparency" in image.info:
        image = image.convert("RGBA")
    elif image.mode not in ("L", "RGB", "RGBA"):
        image = image.convert("RGB")
    image.info = {}
    return image


def rendition_name(name, width):
    path = PurePosixPath(name)
    return str(path.with_name(f"{path.stem}.w{width}.jpg"))


def rendition_contents(image):
    """JPEG copies at the widths pages use; transparency becomes white."""
    if image.mode in ("RGBA", "LA", "PA"):
        background = Image.new("RGB", image.size, "white")
        background.paste(image, mask=image.getchannel("A"))
        image = background
    image = image.convert("RGB")
    for width in RENDITION_WIDTHS:
        copy = image.copy()
        copy.thumbnail((width, width * 4))
        content = ContentFile(b"")
        copy.save(content, format="JPEG", quality=82, optimize=True, progressive=True)
        yield width, content


def rendition_url(field_file, width):
    """Built from the name alone: no call to the storage, even when it is a bucket elsewhere."""
    return field_file.storage.url(rendition_name(field_file.name, width))


def srcset(field_file):
    return ", ".join(f"{rendition_url(field_file, width)} {width}w" for width in RENDITION_WIDTHS)


# (storage, name) of the files stored during a request that may still fail (see removed_if_failed).
_stored_files = contextvars.ContextVar("stored_image_files", default=None)


@contextlib.contextmanager
def removed_if_failed():
    """Images stored inside are deleted again if an exception escapes, as the save they belong to rolled back."""
    token = _stored_files.set([])
    try:
        yield
    except BaseException:
        list(side_by_side().map(lambda stored: delete_one_quietly(*stored), _stored_files.get()))
        raise
    finally:
        _stored_files.reset(token)


def delete_quietly(storage, names):
    """Deletes side by side: with object storage each is a round trip."""
    list(side_by_side().map(lambda name: delete_one_quietly(storage, name), names))


def delete_one_quietly(storage, name):
    try:
        storage.delete(name)
    except Exception:
        logger.exception("Could not delete the image file %s", name)


@functools.cache
def side_by_side():
    """Threads for storage calls, so an upload waits for one round trip to object storage, not one per file."""
    return ThreadPoolExecutor(max_workers=len(RENDITION_WIDTHS) + 1, thread_name_prefix="image-storage")


def store_together(storage, files, *, max_length=None):
    """Stores every file under its name, side by side; if any fails, those stored are deleted and the error raised."""

    def store(item):
        name, content = item
        if storage.save(name, content, max_length=max_length) != name:
            raise OSError(f"The media storage stored {name} under another name.")

    results = [side_by_side().submit(store, item) for item in files.items()]
    wait(results)
    errors = [result.exception() for result in results if result.exception()]
    if errors:
        stored = [name for name, result in zip(files, results, strict=True) if not result.exception()]
        delete_quietly(storage, stored)
        raise errors[0]


def delete_renditions_with_original(sender, file, file_name, **kwargs):
    """django-cleanup has deleted an image that is no longer used: its renditions go with it."""
    if isinstance(getattr(file, "field", None), CleanImageField):
        delete_quietly(file.storage, [rendition_name(file_name, width) for width in RENDITION_WIDTHS])


class CleanImageFieldFile(ImageFieldFile):
    def save(self, name, content, save=True):
        """Store a clean copy under a random name, with its renditions; any failure stores nothing."""
        field_name = self.field.name
        try:
            clean = clean_copy(content)
            renditions = list(rendition_contents(clean.image))
        except Exception as error:
            raise ImageUploadError(
                "That file could not be read as an image (it may be damaged or cut short). Nothing was saved: "
                "your other changes are still here; choose another file or save without one.",
                field_name=field_name,
            ) from error
        name = self.field.generate_filename(self.instance, f"{uuid.uuid4().hex}.{clean.extension}")
        files = {name: clean.content} | {rendition_name(name, width): rendition for width, rendition in renditions}
        try:
            store_together(self.storage, files, max_length=self.field.max_length)
        except Exception as error:
            logger.exception("Could not store an uploaded image for %s", self.field)
            raise ImageUploadError(
                "The image could not be stored (the media storage refused it), so nothing was saved. "
                "Your other changes are still here: choose the image again and save, or save without it.",
                field_name=field_name,
            ) from error
        self.name = name
        setattr(self.instance, self.field.attname, name)
        self._committed = True
        if (pending := _stored_files.get()) is not None:
            pending.extend((self.storage, stored) for stored in files)
        if save:
            self.instance.save()


class CleanImageFormField(forms.ImageField):
    # Instead of every extension Pillow knows, .pdf and .mpeg among them.
    default_validators = [validate_extension]


class CleanImageField(models.ImageField):
    """An ImageField whose uploads are stored clean, under random names, with renditions."""

    attr_class = CleanImageFieldFile

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": CleanImageFormField, **kwargs})


class ReportsImageUploadErrors:
    """ModelAdmin mixin: an image that cannot be stored is an error on its field, with everything typed kept.

    The failed save rolls back and its files are deleted; the view then runs
    again on the same POST with the error added to the form, so the editor
    sees their text, inlines and all, with the message beside the image field.
    """

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            with removed_if_failed():
                return super().changeform_view(request, object_id, form_url, extra_context)
        except ImageUploadError as error:
            request.image_upload_error = error
            return super().changeform_view(request, object_id, form_url, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        error = getattr(request, "image_upload_error", None)
        if error is None:
            return form
        return type(form.__name__, (UploadErrorForm, form), {"upload_error": error})


class UploadErrorForm:
    upload_error = None

    def full_clean(self):
        super().full_clean()
        if self.is_bound:
            field = self.upload_error.field_name
            self.add_error(field if field in self.fields else None, str(self.upload_error))
