"""What the README promises of uploads: JPEG, PNG and WebP are accepted, 100 pixels a side at least,
and a page whose image file has gone still reads."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from articles.models import Article
from tests.articles.test_admin import article_form
from tests.factories import SpeakerFactory

pytestmark = pytest.mark.django_db

CONTENT_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
TOO_SMALL = "between 100 and 6000 pixels"


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def image(image_format, width=400, height=300):
    """A real image made by Pillow, so the bytes are what the format says."""
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (30, 90, 160)).save(buffer, format=image_format)
    return SimpleUploadedFile(f"upload.{image_format.lower()}", buffer.getvalue(), CONTENT_TYPES[image_format])


def post_article(client, upload, alt="A plant at dusk"):
    data = article_form(SpeakerFactory(), lead_image=upload, lead_image_alt=alt)
    for prefix in ("quotes", "priorities"):
        data[f"{prefix}-TOTAL_FORMS"] = "0"
    return client.post("/admin/articles/article/add/", data)


def lead_image_errors(response):
    return " ".join(response.context["adminform"].form.errors.get("lead_image", []))


@pytest.mark.parametrize("image_format", ["JPEG", "PNG", "WEBP"])
def test_jpeg_png_and_webp_are_accepted_and_shown(staff_client, client, image_format):
    response = post_article(staff_client, image(image_format))
    assert response.status_code == 302, lead_image_errors(response)
    article = Article.objects.get()
    with Image.open(article.lead_image) as stored:
        assert (stored.format, stored.size) == (image_format, (400, 300))
    page = client.get(article.get_absolute_url()).content.decode()
    assert 'alt="A plant at dusk"' in page and "480w" in page


@pytest.mark.parametrize("size", [(100, 100), (100, 6000), (6000, 100)])
def test_100_pixels_a_side_is_enough(staff_client, size):
    response = post_article(staff_client, image("PNG", *size))
    assert response.status_code == 302, lead_image_errors(response)
    assert Article.objects.get().lead_image


@pytest.mark.parametrize("size", [(99, 400), (400, 99), (99, 99)])
def test_under_100_pixels_a_side_is_refused(staff_client, size):
    response = post_article(staff_client, image("JPEG", *size))
    assert response.status_code == 200
    assert TOO_SMALL in lead_image_errors(response)
    assert not Article.objects.exists()


def test_speaker_photo_under_100_pixels_is_refused(staff_client):
    data = {"name_en": "Xu Jian", "photo": image("WEBP", 80, 80)}
    response = staff_client.post("/admin/articles/speaker/add/", data)
    assert TOO_SMALL in " ".join(response.context["adminform"].form.errors["photo"])


def test_missing_image_file_leaves_the_article_readable(staff_client, client, media_in_tmp):
    assert post_article(staff_client, image("JPEG"), alt="Reactors at the Ningbo plant").status_code == 302
    article = Article.objects.get()
    for path in media_in_tmp.rglob("*"):
        if path.is_file():
            path.unlink()
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    page = response.content.decode()
    assert 'alt="Reactors at the Ningbo plant"' in page
    assert "<h1>化工新材料 symposium</h1>" in page
