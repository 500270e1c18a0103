"""Uploads: real images only, stored clean under random names, served in page sizes, never left behind."""

import io
import re
import struct
import zlib

import pytest
from django.core.cache import caches
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import transaction
from PIL import ExifTags, Image, PngImagePlugin

from articles.images import MAX_BYTES, RENDITION_WIDTHS
from articles.models import Article, Speaker
from tests.articles.test_admin import article_form
from tests.factories import ArticleFactory, QuoteFactory, SpeakerFactory

pytestmark = pytest.mark.django_db

RED, BLUE = (220, 20, 20), (20, 20, 220)
SECRETS = (b"SpyCam", b"Model X-1", b"SECRET-XMP", b"SECRET-COMMENT", b"GPS")


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def stored_files(media_root):
    return sorted(str(path.relative_to(media_root)) for path in media_root.rglob("*") if path.is_file())


def png(width=800, height=500, colour=(120, 40, 30)):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(buffer, format="PNG")
    return buffer.getvalue()


def camera_photo(image_format="JPEG", width=800, height=500, orientation=6, colour=None):
    """A picture as a phone sends it: red left half, blue right half, EXIF with camera and GPS, XMP, a comment."""
    image = Image.new("RGB", (width, height), colour or BLUE)
    if colour is None:
        image.paste(RED, (0, 0, width // 2, height))
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "SpyCam"
    exif[ExifTags.Base.Model] = "Model X-1"
    exif[ExifTags.Base.Orientation] = orientation
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (31.0, 14.0, 0.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (121.0, 28.0, 0.0)
    options = {"exif": exif}
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/">SECRET-XMP</x:xmpmeta>'
    if image_format == "JPEG":
        options |= {"xmp": xmp, "comment": b"SECRET-COMMENT"}
    elif image_format == "WEBP":
        options |= {"xmp": xmp, "lossless": True}
    else:
        text = PngImagePlugin.PngInfo()
        text.add_itxt("XML:com.adobe.xmp", xmp.decode())
        text.add_text("Comment", "SECRET-COMMENT")
        options["pnginfo"] = text
    buffer = io.BytesIO()
    image.save(buffer, format=image_format, **options)
    return buffer.getvalue()


def decompression_bomb():
    """A tiny PNG whose header claims 100,000 x 100,000 pixels."""
    data = bytearray(png(200, 200))
    header = struct.pack(">II", 100_000, 100_000) + bytes(data[24:29])
    data[16:29] = header
    data[29:33] = struct.pack(">I", zlib.crc32(b"IHDR" + header))
    return bytes(data)


def upload(name, content, content_type="image/png"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def post_article(client, image, alt="A plant at dusk", **overrides):
    data = article_form(SpeakerFactory(), lead_image=image, lead_image_alt=alt, **overrides)
    return client.post("/admin/articles/article/add/", data)


def post_speaker(client, photo, name="Xu Jian", speaker=None, **extra):
    url = f"/admin/articles/speaker/{speaker.pk}/change/" if speaker else "/admin/articles/speaker/add/"
    data = {"name_en": name, "slug": speaker.slug if speaker else "", **extra}
    if photo is not None:
        data["photo"] = photo
    return client.post(url, data)


def lead_image_errors(response):
    return " ".join(response.context["adminform"].form.errors.get("lead_image", []))


def read_stored(media_root, name):
    return (media_root / name).read_bytes()


def renditions_of(name):
    stem = name.rsplit(".", 1)[0]
    return [f"{stem}.w{width}.jpg" for width in RENDITION_WIDTHS]


# Stored clean


def test_real_image_is_stored_with_renditions(staff_client, media_in_tmp):
    response = post_article(staff_client, upload("plant.png", png()))
    assert response.status_code == 302
    article = Article.objects.get()
    assert stored_files(media_in_tmp) == sorted([article.lead_image.name, *renditions_of(article.lead_image.name)])
    for width, name in zip(RENDITION_WIDTHS, renditions_of(article.lead_image.name), strict=True):
        assert Image.open(media_in_tmp / name).width == min(width, 800)
    page = staff_client.get(article.get_absolute_url()).content.decode()
    assert 'alt="A plant at dusk"' in page
    assert ".w960.jpg" in page and "480w" in page


@pytest.mark.parametrize(
    ("image_format", "name"), [("JPEG", "beach.jpg"), ("PNG", "beach.png"), ("WEBP", "beach.webp")]
)
def test_stored_original_and_renditions_carry_no_metadata(staff_client, media_in_tmp, image_format, name):
    sent = camera_photo(image_format)
    assert all(secret in sent for secret in SECRETS[:2])  # the test photo really carries them
    assert Image.open(io.BytesIO(sent)).getexif().get_ifd(ExifTags.IFD.GPSInfo)
    assert post_article(staff_client, upload(name, sent)).status_code == 302
    stored_name = Article.objects.get().lead_image.name
    for stored in [stored_name, *renditions_of(stored_name)]:
        data = read_stored(media_in_tmp, stored)
        assert data != sent
        assert [secret for secret in SECRETS if secret in data] == []
        image = Image.open(io.BytesIO(data))
        assert dict(image.getexif()) == {}
        assert not {"exif", "xmp", "XML:com.adobe.xmp", "comment", "Comment"} & set(image.info)
    assert Image.open(media_in_tmp / stored_name).format == image_format


@pytest.mark.parametrize("image_format", ["JPEG", "PNG", "WEBP"])
def test_orientation_is_applied_before_metadata_goes(staff_client, media_in_tmp, image_format):
    """EXIF orientation 6 means 'turn 90° clockwise': the red left half ends up on top."""
    name = f"portrait.{image_format.lower()}"
    assert post_article(staff_client, upload(name, camera_photo(image_format, orientation=6))).status_code == 302
    stored_name = Article.objects.get().lead_image.name
    for stored in [stored_name, renditions_of(stored_name)[0]]:
        image = Image.open(media_in_tmp / stored).convert("RGB")
        assert image.height > image.width
        top, bottom = image.getpixel((image.width // 2, 5)), image.getpixel((image.width // 2, image.height - 5))
        assert top[0] > 150 > top[2] and bottom[2] > 150 > bottom[0]


def test_photo_saved_through_the_orm_is_stored_clean_too(media_in_tmp):
    speaker = SpeakerFactory()
    speaker.photo = upload("from-import.jpg", camera_photo("JPEG"))
    speaker.save()
    assert [secret for secret in SECRETS if secret in read_stored(media_in_tmp, speaker.photo.name)] == []


# Random names, no collisions


def test_stored_names_are_random_and_renditions_follow_them(staff_client, media_in_tmp):
    assert post_article(staff_client, upload("embargoed-merger-plan.png", png())).status_code == 302
    name = Article.objects.get().lead_image.name
    assert re.fullmatch(r"articles/\d{4}/\d{2}/[0-9a-f]{32}\.png", name), name
    assert "merger" not in " ".join(stored_files(media_in_tmp))
    assert stored_files(media_in_tmp) == sorted([name, *renditions_of(name)])


def test_headshot_jpg_and_png_on_two_speakers_give_two_photos(staff_client, client, media_in_tmp):
    assert post_speaker(staff_client, upload("headshot.jpg", camera_photo("JPEG", colour=RED), "image/jpeg"), "Red")
    assert post_speaker(staff_client, upload("headshot.png", camera_photo("PNG", colour=BLUE)), "Blue")
    red, blue = Speaker.objects.get(name_en="Red"), Speaker.objects.get(name_en="Blue")
    assert red.photo.name != blue.photo.name
    assert len(stored_files(media_in_tmp)) == 8
    for speaker, colour in ((red, RED), (blue, BLUE)):
        QuoteFactory(speaker=speaker)
        page = client.get(speaker.get_absolute_url()).content.decode()
        src = re.search(r'class="speaker-photo" src="([^"]+)"', page).group(1)
        response = client.get(src)
        served = Image.open(io.BytesIO(b"".join(response.streaming_content))).convert("RGB")
        pixel = served.getpixel((10, 10))
        assert all(abs(a - b) < 40 for a, b in zip(pixel, colour, strict=True)), (speaker.name, pixel)


# Accepted types


@pytest.mark.parametrize("name", ["report.pdf", "clip.mpeg", "page.html", "headshot.gif", "noextension"])
def test_jpeg_with_a_non_image_extension_is_refused(staff_client, media_in_tmp, name):
    response = post_article(staff_client, upload(name, camera_photo("JPEG"), "image/jpeg"))
    assert response.status_code == 200
    assert "Only .jpg, .jpeg, .png and .webp files are accepted." in lead_image_errors(response)
    assert not Article.objects.exists()
    assert stored_files(media_in_tmp) == []


def test_png_named_jpg_is_stored_as_the_png_it_is(staff_client, media_in_tmp):
    assert post_article(staff_client, upload("mislabelled.JPG", png(), "image/jpeg")).status_code == 302
    name = Article.objects.get().lead_image.name
    assert name.endswith(".png")
    assert Image.open(media_in_tmp / name).format == "PNG"


def test_text_file_named_png_is_refused(staff_client):
    response = post_article(staff_client, upload("notes.png", b"just some text, not pixels"))
    assert "Upload a valid image" in lead_image_errors(response)
    assert not Article.objects.exists()


def test_oversized_file_is_refused(staff_client):
    buffer = io.BytesIO()
    Image.new("RGB", (1800, 1800), (10, 20, 30)).save(buffer, format="BMP")  # uncompressed: ~9.7 MB
    big = buffer.getvalue()
    assert len(big) > MAX_BYTES
    response = post_article(staff_client, upload("big.png", big, "image/png"))
    assert "Images may be at most 5 MB." in lead_image_errors(response)
    assert not Article.objects.exists()


def test_decompression_bomb_is_refused(staff_client):
    response = post_article(staff_client, upload("bomb.png", decompression_bomb()))
    errors = lead_image_errors(response)
    assert "Upload a valid image" in errors or "too many pixels" in errors
    assert not Article.objects.exists()


def test_oversized_dimensions_are_refused(staff_client):
    response = post_article(staff_client, upload("wide.png", png(6500, 100)))
    assert "between 100 and 6000 pixels" in lead_image_errors(response)


def test_gif_content_named_png_is_refused(staff_client):
    buffer = io.BytesIO()
    Image.new("RGB", (300, 300)).save(buffer, format="GIF")
    response = post_article(staff_client, upload("anim.png", buffer.getvalue(), "image/gif"))
    assert "Upload a JPEG, PNG or WebP image." in lead_image_errors(response)


def test_description_is_required_with_an_image(staff_client, media_in_tmp):
    response = post_article(staff_client, upload("plant.png", png()), alt="")
    errors = response.context["adminform"].form.errors
    assert errors["lead_image_alt"] == ["Describe the lead image for readers who cannot see it."]
    assert stored_files(media_in_tmp) == []


# Serving


def test_media_is_served_with_nosniff_and_its_own_type(staff_client, client, media_in_tmp):
    assert post_article(staff_client, upload("plant.webp", camera_photo("WEBP"), "image/webp")).status_code == 302
    name = Article.objects.get().lead_image.name
    for path in (name, renditions_of(name)[1]):
        response = client.get(f"/media/{path}")
        assert response.status_code == 200
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Type"] == ("image/webp" if path == name else "image/jpeg")


def test_media_that_is_not_an_image_is_not_served(client, media_in_tmp):
    """A file stored before uploads were checked is never served inline as a PDF or a page."""
    (media_in_tmp / "articles").mkdir()
    (media_in_tmp / "articles" / "old.pdf").write_bytes(camera_photo("JPEG"))
    assert client.get("/media/articles/old.pdf").status_code == 404


# Files no page uses are removed, after the commit


def test_replacing_a_photo_removes_the_old_files(staff_client, media_in_tmp, django_capture_on_commit_callbacks):
    post_speaker(staff_client, upload("old.png", png(colour=RED)))
    speaker = Speaker.objects.get()
    old = speaker.photo.name
    with django_capture_on_commit_callbacks(execute=True):
        assert post_speaker(staff_client, upload("new.png", png(colour=BLUE)), speaker=speaker).status_code == 302
    speaker.refresh_from_db()
    assert speaker.photo.name != old
    assert stored_files(media_in_tmp) == sorted([speaker.photo.name, *renditions_of(speaker.photo.name)])


def test_clearing_a_photo_removes_its_files(staff_client, media_in_tmp, django_capture_on_commit_callbacks):
    post_speaker(staff_client, upload("old.png", png()))
    speaker = Speaker.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        assert post_speaker(staff_client, None, speaker=speaker, **{"photo-clear": "on"}).status_code == 302
    speaker.refresh_from_db()
    assert not speaker.photo
    assert stored_files(media_in_tmp) == []


def test_deleting_an_item_removes_its_files(staff_client, media_in_tmp, django_capture_on_commit_callbacks):
    post_speaker(staff_client, upload("xu.png", png()))
    post_article(staff_client, upload("plant.jpg", camera_photo("JPEG"), "image/jpeg"))
    assert len(stored_files(media_in_tmp)) == 8
    with django_capture_on_commit_callbacks(execute=True):
        speaker = Speaker.objects.get(name_en="Xu Jian")
        assert staff_client.post(f"/admin/articles/speaker/{speaker.pk}/delete/", {"post": "yes"}).status_code == 302
        Article.objects.get().delete()
    assert stored_files(media_in_tmp) == []


def test_a_rolled_back_change_deletes_nothing_in_use(
    staff_client, media_in_tmp, django_capture_on_commit_callbacks, monkeypatch
):
    """The save fails after the new photo was stored: the old one stays, the new one goes."""
    post_speaker(staff_client, upload("old.png", png()))
    speaker = Speaker.objects.get()
    before = stored_files(media_in_tmp)

    def fail(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr("django.contrib.admin.ModelAdmin.save_related", fail)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        post_speaker(staff_client, upload("new.png", png(colour=BLUE)), speaker=speaker)
    speaker.refresh_from_db()
    assert stored_files(media_in_tmp) == before
    assert (media_in_tmp / speaker.photo.name).exists()


def test_orm_save_rolled_back_keeps_the_old_photo(media_in_tmp, django_capture_on_commit_callbacks):
    speaker = SpeakerFactory()
    speaker.photo = upload("old.png", png())
    speaker.save()
    old = speaker.photo.name
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        speaker = Speaker.objects.get()
        speaker.photo = upload("new.png", png(colour=BLUE))
        speaker.save()
        raise RuntimeError("something later in the same save failed")
    assert Speaker.objects.get().photo.name == old
    assert (media_in_tmp / old).exists()


# Errors are messages on the form, with everything typed kept


def truncated_jpeg():
    buffer = io.BytesIO()
    Image.effect_noise((800, 600), 64).convert("RGB").save(buffer, format="JPEG", quality=95)
    data = buffer.getvalue()
    return data[: len(data) // 2]


def test_truncated_jpeg_is_a_form_error_and_leaves_no_file(staff_client, media_in_tmp):
    response = post_article(staff_client, upload("cut.jpg", truncated_jpeg(), "image/jpeg"), body="My long draft.")
    assert response.status_code == 200
    assert lead_image_errors(response)
    assert "My long draft." in response.content.decode()
    assert not Article.objects.exists()
    assert stored_files(media_in_tmp) == []


class FailingStorage(FileSystemStorage):
    """A media directory that is read-only or full: writing fails after `succeed` files."""

    succeed = 0
    saved = 0

    def _save(self, name, content):
        if FailingStorage.saved >= FailingStorage.succeed:
            raise OSError(28, "No space left on device")
        FailingStorage.saved += 1
        return super()._save(name, content)


@pytest.fixture
def failing_storage(settings, media_in_tmp):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "tests.articles.test_images.FailingStorage",
            "OPTIONS": {"location": str(media_in_tmp)},
        },
    }
    FailingStorage.succeed, FailingStorage.saved = 0, 0
    return FailingStorage


STORAGE_MESSAGE = "The image could not be stored (the media storage refused it), so nothing was saved."


@pytest.mark.parametrize("succeed", [0, 2], ids=["original-fails", "a-rendition-fails"])
def test_storage_failure_is_a_form_error_with_the_text_kept(staff_client, media_in_tmp, failing_storage, succeed):
    failing_storage.succeed = succeed
    response = post_article(
        staff_client,
        upload("plant.png", png()),
        body="Three hours of **careful** writing.",
        standfirst="A standfirst typed by hand.",
    )
    assert response.status_code == 200
    [error] = response.context["adminform"].form.errors["lead_image"]
    assert error.startswith(STORAGE_MESSAGE)
    page = response.content.decode()
    typed = ["Three hours of **careful** writing.", "A standfirst typed by hand.", "First words.", "Close the gaps"]
    assert [text for text in typed if text not in page] == []
    assert not Article.objects.exists()
    assert stored_files(media_in_tmp) == []


def test_storage_failure_on_change_leaves_the_item_as_it_was(staff_client, media_in_tmp, failing_storage):
    speaker = SpeakerFactory(name="Xu Jian", bio="Old bio.")
    response = post_speaker(staff_client, upload("xu.png", png()), speaker=speaker, bio="A new bio, typed.")
    assert response.status_code == 200
    [error] = response.context["adminform"].form.errors["photo"]
    assert error.startswith(STORAGE_MESSAGE)
    assert "A new bio, typed." in response.content.decode()
    speaker.refresh_from_db()
    assert (speaker.bio, speaker.photo.name) == ("Old bio.", "")
    assert stored_files(media_in_tmp) == []


def test_missing_file_leaves_pages_and_editing_working(staff_client, client, media_in_tmp):
    response = post_speaker(staff_client, upload("xu.png", png(600, 600)))
    assert response.status_code == 302
    speaker = Speaker.objects.get()
    QuoteFactory(speaker=speaker)
    assert 'class="speaker-photo"' in client.get(speaker.get_absolute_url()).content.decode()
    for path in media_in_tmp.rglob("*"):
        if path.is_file():
            path.unlink()
    caches["pages"].clear()  # the page with the photo is cached; a query string would hit it too
    assert client.get(speaker.get_absolute_url()).status_code == 200
    assert post_speaker(staff_client, None, name="Xu Jian Jr", speaker=speaker).status_code == 302
    article = ArticleFactory(lead_image="articles/2020/01/gone.jpg", lead_image_alt="A hall")
    assert 'alt="A hall"' in client.get(article.get_absolute_url()).content.decode()


# Images stored before uploads were cleaned


def test_clean_stored_images_redoes_old_uploads(media_in_tmp, django_capture_on_commit_callbacks):
    folder = media_in_tmp / "speakers" / "2024"
    folder.mkdir(parents=True)
    old_names = ["headshot.pdf", "headshot.w480.jpg", "headshot.w960.jpg", "headshot.w1600.jpg"]
    (folder / "headshot.pdf").write_bytes(camera_photo("JPEG"))
    for name in old_names[1:]:
        (folder / name).write_bytes(b"old rendition")
    old = SpeakerFactory(name="Old", photo="speakers/2024/headshot.pdf")
    gone = SpeakerFactory(name="Gone", photo="speakers/2024/gone.jpg")
    stdout, stderr = io.StringIO(), io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("clean_stored_images", stdout=stdout, stderr=stderr)
    old.refresh_from_db()
    assert re.fullmatch(r"speakers/\d{4}/[0-9a-f]{32}\.jpg", old.photo.name)
    assert stored_files(media_in_tmp) == sorted([old.photo.name, *renditions_of(old.photo.name)])
    assert [secret for secret in SECRETS if secret in read_stored(media_in_tmp, old.photo.name)] == []
    assert "Stored 1 image(s) clean." in stdout.getvalue()
    assert "speakers/2024/gone.jpg is missing" in stderr.getvalue()
    assert Speaker.objects.get(pk=gone.pk).photo.name == "speakers/2024/gone.jpg"
    call_command("clean_stored_images", stdout=stdout, stderr=io.StringIO())
    assert "Stored 0 image(s) clean." in stdout.getvalue()
