"""Uploads: real images only, within size and dimension limits, served in page sizes."""

import io
import struct
import zlib

import pytest
from django.core.cache import caches
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from articles.images import MAX_BYTES, RENDITION_WIDTHS
from articles.models import Article, Speaker
from tests.articles.test_admin import article_form
from tests.factories import SpeakerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def png(width=800, height=500, colour=(120, 40, 30)):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(buffer, format="PNG")
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


def post_article(client, image, alt="A plant at dusk"):
    data = article_form(SpeakerFactory(), lead_image=image, lead_image_alt=alt)
    for prefix in ("quotes", "priorities"):
        data[f"{prefix}-TOTAL_FORMS"] = "0"
    return client.post("/admin/articles/article/add/", data)


def lead_image_errors(response):
    return " ".join(response.context["adminform"].form.errors.get("lead_image", []))


def test_real_image_is_stored_with_renditions(staff_client, media_in_tmp):
    response = post_article(staff_client, upload("plant.png", png()))
    assert response.status_code == 302
    article = Article.objects.get()
    stored = media_in_tmp / article.lead_image.name
    assert stored.exists()
    for width in RENDITION_WIDTHS:
        rendition = stored.with_name(f"{stored.stem}.w{width}.jpg")
        assert rendition.exists()
        assert Image.open(rendition).width == min(width, 800)
    page = staff_client.get(article.get_absolute_url()).content.decode()
    assert 'alt="A plant at dusk"' in page
    assert ".w960.jpg" in page and "480w" in page


def test_text_file_named_png_is_refused(staff_client):
    response = post_article(staff_client, upload("notes.png", b"just some text, not pixels"))
    assert "Upload a valid image" in lead_image_errors(response)
    assert not Article.objects.exists()


def test_oversized_file_is_refused(staff_client):
    buffer = io.BytesIO()
    Image.new("RGB", (1800, 1800), (10, 20, 30)).save(buffer, format="BMP")  # uncompressed: ~9.7 MB
    big = buffer.getvalue()
    assert len(big) > MAX_BYTES
    response = post_article(staff_client, upload("big.bmp", big, "image/bmp"))
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


def test_gif_is_refused(staff_client):
    buffer = io.BytesIO()
    Image.new("RGB", (300, 300)).save(buffer, format="GIF")
    response = post_article(staff_client, upload("anim.gif", buffer.getvalue(), "image/gif"))
    assert "Upload a JPEG, PNG or WebP image." in lead_image_errors(response)


def test_description_is_required_with_an_image(staff_client):
    response = post_article(staff_client, upload("plant.png", png()), alt="")
    errors = response.context["adminform"].form.errors
    assert errors["lead_image_alt"] == ["Describe the lead image for readers who cannot see it."]


def test_speaker_photo_and_missing_file_degrade_gracefully(staff_client, client, media_in_tmp):
    response = staff_client.post(
        "/admin/articles/speaker/add/", {"name": "Xu Jian", "slug": "", "photo": upload("xu.png", png(600, 600))}
    )
    assert response.status_code == 302
    speaker = Speaker.objects.get()
    from tests.factories import QuoteFactory

    QuoteFactory(speaker=speaker)
    assert 'class="speaker-photo"' in client.get(speaker.get_absolute_url()).content.decode()
    for path in media_in_tmp.rglob("*"):
        if path.is_file():
            path.unlink()
    caches["pages"].clear()  # the page with the photo is cached; a query string would hit it too
    assert client.get(speaker.get_absolute_url()).status_code == 200
