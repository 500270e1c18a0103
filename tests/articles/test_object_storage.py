"""Media in an S3-compatible bucket (moto's server, in-process): stored, shown, replaced and deleted there."""

import io
import re
import socket
import time
import urllib.request

import pytest
from PIL import Image

from articles.images import RENDITION_WIDTHS
from articles.models import Article, Speaker
from symposium.object_storage import IMMUTABLE, media_origin, media_storage_from_env
from tests.articles.browser_form import open_change_form
from tests.articles.test_images import camera_photo, png, post_article, post_speaker, renditions_of, upload
from tests.factories import QuoteFactory

pytestmark = pytest.mark.django_db


def fetch(url):
    with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310  (an http:// URL the test built)
        return response.status, response.read()


def with_renditions(name):
    return sorted([name, *renditions_of(name)])


def test_upload_stores_the_clean_original_and_its_renditions_in_the_bucket(staff_client, s3_media):
    photo = camera_photo("JPEG", orientation=1)
    assert post_article(staff_client, upload("plant.jpg", photo, "image/jpeg")).status_code == 302
    name = Article.objects.get().lead_image.name
    assert re.fullmatch(r"articles/\d{4}/\d{2}/[0-9a-f]{32}\.jpg", name)
    assert s3_media.keys() == with_renditions(name)
    stored = s3_media.read(name)
    assert (stored["ContentType"], stored["CacheControl"]) == ("image/jpeg", IMMUTABLE)
    assert b"SpyCam" not in stored["Body"].read()
    for width, rendition in zip(RENDITION_WIDTHS, renditions_of(name), strict=True):
        assert Image.open(io.BytesIO(s3_media.read(rendition)["Body"].read())).width == min(width, 800)


def test_an_upload_is_one_put_per_file_all_at_once(staff_client, s3_media):
    """No existence checks, no reads back; the four PUTs run side by side, so the save waits for one round trip."""
    s3_media.server.log.reset(delay=1.0)
    assert post_article(staff_client, upload("plant.png", png())).status_code == 302
    name = Article.objects.get().lead_image.name
    puts = sorted(path for method, path in s3_media.requests if method == "PUT")
    assert puts == [f"/{s3_media.name}/{key}" for key in with_renditions(name)]
    assert len(s3_media.requests) == 4
    # Each PUT is held for a second: one after the other, never two would be in flight at once.
    # All four at once is what happens; on a loaded machine a thread may start after another ended.
    assert s3_media.server.log.most_in_flight >= 3


def test_pages_name_the_images_by_their_bucket_address(staff_client, client, s3_media):
    assert post_article(staff_client, upload("plant.png", png())).status_code == 302
    assert post_speaker(staff_client, upload("xu.png", png(400, 400))).status_code == 302
    article, speaker = Article.objects.get(), Speaker.objects.get(name_en="Xu Jian")
    QuoteFactory(speaker=speaker)
    s3_media.server.log.reset()
    page = client.get(article.get_absolute_url()).content.decode()
    base = f"{s3_media.server.url}/{s3_media.name}/"
    lead = renditions_of(article.lead_image.name)
    assert f'src="{base}{lead[1]}"' in page
    assert f'srcset="{base}{lead[0]} 480w, {base}{lead[1]} 960w, {base}{lead[2]} 1600w"' in page
    speaker_page = client.get(speaker.get_absolute_url()).content.decode()
    photo_url = re.search(r'class="speaker-photo" src="([^"]+)"', speaker_page).group(1)
    assert photo_url == base + renditions_of(speaker.photo.name)[0]
    assert s3_media.requests == []  # building the addresses asked the bucket nothing
    status, data = fetch(photo_url)
    assert status == 200 and Image.open(io.BytesIO(data)).format == "JPEG"


def test_the_policy_lets_pages_show_images_from_the_media_origin(client, settings, s3_media):
    assert media_origin(s3_media.media_url) == s3_media.server.url
    assert media_origin("/media/") is None
    images = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"]
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"img-src": [*images, media_origin(s3_media.media_url)]}}
    policy = client.get("/healthz")["Content-Security-Policy"]
    assert f"img-src 'self' data: {s3_media.server.url}" in policy


def test_saving_an_article_without_touching_its_image_asks_the_bucket_nothing(staff_client, s3_media, committed):
    assert post_article(staff_client, upload("plant.png", png())).status_code == 302
    article = Article.objects.get()
    data = open_change_form(staff_client, article)
    data["title"] = "A new title, 新标题"
    s3_media.server.log.reset()
    with committed():
        response = staff_client.post(f"/admin/articles/article/{article.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    article.refresh_from_db()
    assert article.title == "A new title, 新标题"
    assert s3_media.requests == []
    assert s3_media.keys() == with_renditions(article.lead_image.name)


def test_replacing_an_image_removes_the_old_objects_after_the_commit(staff_client, s3_media, committed):
    assert post_speaker(staff_client, upload("old.png", png(colour=(200, 0, 0)))).status_code == 302
    speaker = Speaker.objects.get()
    old = speaker.photo.name
    with committed():
        new_photo = upload("new.png", png(colour=(0, 0, 200)))
        assert post_speaker(staff_client, new_photo, speaker=speaker).status_code == 302
    speaker.refresh_from_db()
    assert speaker.photo.name != old
    assert s3_media.keys() == with_renditions(speaker.photo.name)


def test_deleting_an_item_removes_its_objects(staff_client, s3_media, committed):
    assert post_speaker(staff_client, upload("xu.png", png())).status_code == 302
    assert post_article(staff_client, upload("plant.webp", camera_photo("WEBP"), "image/webp")).status_code == 302
    assert len(s3_media.keys()) == 8
    with committed():
        speaker = Speaker.objects.get(name_en="Xu Jian")
        assert staff_client.post(f"/admin/articles/speaker/{speaker.pk}/delete/", {"post": "yes"}).status_code == 302
        Article.objects.get().delete()
    assert s3_media.keys() == []


def test_a_bucket_that_refuses_the_upload_is_a_form_error_with_the_text_kept(staff_client, s3_media):
    s3_media.server.client().delete_bucket(Bucket=s3_media.name)
    response = post_article(staff_client, upload("plant.png", png()), body="Typed with care.")
    assert response.status_code == 200
    [error] = response.context["adminform"].form.errors["lead_image"]
    assert error.startswith("The image could not be stored (the media storage refused it)")
    assert "Typed with care." in response.content.decode()
    assert not Article.objects.exists()


# Configuration from the environment


def test_without_a_bucket_media_stay_on_this_machine():
    storage, media_url = media_storage_from_env({})
    assert (storage["BACKEND"], media_url) == ("django.core.files.storage.FileSystemStorage", "/media/")


@pytest.mark.parametrize(
    ("environ", "media_url"),
    [
        ({"AWS_S3_CUSTOM_DOMAIN": "media.example.org"}, "https://media.example.org/"),
        ({"MEDIA_URL": "https://cdn.example.org/symposium"}, "https://cdn.example.org/symposium/"),
        ({"AWS_S3_ENDPOINT_URL": "https://s3.example.net/"}, "https://s3.example.net/news/"),
        ({"AWS_S3_REGION_NAME": "eu-west-3"}, "https://news.s3.eu-west-3.amazonaws.com/"),
    ],
)
def test_a_bucket_is_named_by_one_public_address(environ, media_url):
    storage, url = media_storage_from_env({"AWS_STORAGE_BUCKET_NAME": "news", **environ})
    assert url == media_url
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    options = storage["OPTIONS"]
    assert f"{options['url_protocol']}//{options['custom_domain']}/" == media_url
    assert options["querystring_auth"] is False


def test_a_storage_that_never_answers_is_a_form_error_within_its_timeout(staff_client, settings, s3_server):
    """A server that takes the connection and says nothing: the editor hears so in seconds, with nothing saved."""
    with socket.socket() as hung:
        hung.bind(("127.0.0.1", 0))
        hung.listen(8)
        endpoint = f"http://127.0.0.1:{hung.getsockname()[1]}"
        environ = {**s3_server.environment("hung"), "AWS_S3_ENDPOINT_URL": endpoint, "AWS_S3_TIMEOUT_SECONDS": "0.5"}
        settings.STORAGES = {**settings.STORAGES, "default": media_storage_from_env(environ)[0]}
        started = time.monotonic()
        response = post_article(staff_client, upload("plant.png", png()), body="Typed with care.")
        assert time.monotonic() - started < 10  # botocore alone would wait 60 s, five times
    [error] = response.context["adminform"].form.errors["lead_image"]
    assert error.startswith("The image could not be stored (the media storage refused it)")
    assert not Article.objects.exists()
