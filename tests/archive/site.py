"""A varied site to archive, and every public page of it, for the archive and backup tests."""

import datetime
import io
import re
from collections import deque
from html import unescape
from urllib.parse import unquote, urlsplit

from django.contrib.contenttypes.models import ContentType
from django.core.cache import caches
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from PIL import Image
from taggit.models import Tag

from articles.models import Article
from articles.services import publish_articles, start_translation
from symposium.models import TagTopic, TopicTag
from symposium.services import merge_tags
from tests.factories import ArticleFactory, EventFactory, PriorityFactory, QuoteFactory, SpeakerFactory

LINK = re.compile(r'(?:href|src)="([^"]+)"|srcset="([^"]+)"')
# Pages a crawler reaches only through a form, and the places it must not go.
FORM_PAGES = [
    "/search/?q=photoresist",
    "/search/?q=光刻胶",
    "/search/?q=材料",
    "/search/?tag=光刻胶&tag=photoresist&match=all",
    "/search/?tag=graphene&tag=光阻&match=any",
    "/search/?q=materials&type=quote",
]
NOT_CRAWLED = ("/admin/", "/static/", "/accounts/")


def png(colour, width=640, height=400):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(buffer, format="PNG")
    return ContentFile(buffer.getvalue(), name="picture.png")


def build_varied_site(staff):
    """Drafts, a scheduled article, Chinese tags and slugs, a topic, redirects, revisions, a merge, images,
    and a translation."""
    now = timezone.now()
    forum = EventFactory(name="New Materials Forum", location="Beijing", summary="Two days of talks.")
    zh_forum = EventFactory(name="化工新材料座谈会", start_date=datetime.date(2020, 5, 1))
    li = SpeakerFactory(name="Li Shousheng", bio="Chairs the federation.")
    li.photo.save("li.png", png((30, 90, 160)), save=False)
    li.save()
    xu = SpeakerFactory(name="徐坚", position="研究员", organisation="中国科学院")
    lead = ArticleFactory(
        title="Five key works for materials", event=forum, tags=["photoresist", "innovation"],
        body="## Materials\n\nThe **industry** met. [More](https://example.org/).", created_by=staff,
        last_modified_by=staff, published_at=now - datetime.timedelta(days=3),
    )  # fmt: skip
    lead.lead_image.save("lead.png", png((200, 120, 40)), save=False)
    lead.lead_image_alt = "A plant at dusk"
    lead.save()
    chinese = ArticleFactory(
        title="化工新材料产业座谈会要点", language=Article.Language.CHINESE, event=zh_forum,
        tags=["光刻胶", "卡脖子技术"], body="会议讨论了**光刻胶**和硅基材料。",
        published_at=now - datetime.timedelta(days=2),
    )  # fmt: skip
    ArticleFactory(title="A draft nobody may see", draft=True, tags=["secret-draft-tag"])
    ArticleFactory(title="Scheduled for next week", future=True, tags=["embargo"], event=forum)
    for position, (speaker, article, text) in enumerate([
        (li, lead, "Materials decide what industry can make."),
        (xu, chinese, "光刻胶是卡脖子技术。"),
        (xu, lead, "Graphene needs patient money."),
    ]):  # fmt: skip
        QuoteFactory(speaker=speaker, article=article, text=text, position=position, tags=["graphene", "光阻"])
    PriorityFactory(article=lead, number=1, title="Build innovation platforms", speaker=li, tags=["innovation"])
    PriorityFactory(article=chinese, number=1, title="突破关键材料", speaker=xu, tags=["光刻胶"])
    for number in range(12):  # enough for a second page of the article list
        ArticleFactory(
            title=f"Weekly note {number}", tags=["notes"], published_at=now - datetime.timedelta(days=10 + number)
        )
    declare_topic("photoresist", "光刻胶", "光阻", name_en="photoresist", name_zh_hans="光刻胶")
    lead.slug = "five-key-works"  # leaves a redirect from the old slug
    lead.title = "Five key works for new materials"  # and a second revision
    lead.save()
    merge_tags(source=Tag.objects.get(name="notes"), into=Tag.objects.get(name="innovation"), by=staff)
    translation = start_translation(lead, by=staff)  # with copies of its quotes and priority
    translation.title, translation.body = "新材料的五项重点工作", "行业**讨论**了材料。"
    translation.save()
    publish_articles(articles=Article.objects.filter(pk=translation.pk), by=staff)
    return {"lead": lead, "chinese": chinese, "speaker": li}


def declare_topic(*names, name_en, name_zh_hans):
    tags = [Tag.objects.get_or_create(name=name)[0] for name in names]
    topic = TagTopic.objects.create(name_en=name_en, name_zh_hans=name_zh_hans, canonical=tags[0])
    for tag in tags:
        TopicTag.objects.create(topic=topic, tag=tag)


def public_pages(client, extra=()):
    """Every page a reader can reach from the home page, the sitemap, the feeds and the search form.

    {url: (status, Location header, body bytes)}; media files are fetched too.
    """
    queue = deque(["/", "/sitemap.xml", "/robots.txt", "/feeds/articles/", *FORM_PAGES, *extra])
    pages = {}
    while queue:
        url = queue.popleft()
        if url in pages:
            continue
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        pages[url] = (response.status_code, response.get("Location"), body)
        if response.get("Content-Type", "").startswith(
            ("text/html", "application/xml", "application/rss", "application/atom")
        ):
            queue.extend(links(body.decode()))
    return pages


def links(html):
    for match in LINK.finditer(html):
        for candidate in filter(None, (match.group(1), *(match.group(2) or "").split(","))):
            url = unescape(candidate.strip().split(" ")[0])
            parts = urlsplit(url)
            if parts.netloc and parts.netloc not in ("127.0.0.1:8000", "testserver"):
                continue
            path = unquote(parts.path) + (f"?{parts.query}" if parts.query else "")
            if path.startswith("/") and not path.startswith(NOT_CRAWLED):
                yield path
    for loc in re.findall(r"<(?:loc|link)>([^<]+)</(?:loc|link)>", html):
        yield from links(f'href="{loc}"')


def wipe_site(media_root):
    """An empty site, as after `migrate` on a new machine: no rows, no media, nothing cached."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # inside the test's transaction, TRUNCATE wants no checks pending
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    call_command("flush", interactive=False, verbosity=0)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")  # as a new transaction would be
    ContentType.objects.clear_cache()  # flush made them again, with new ids; a new process would not remember
    for path in sorted(media_root.rglob("*"), reverse=True):  # an empty (or missing) folder with media elsewhere
        path.unlink() if path.is_file() else path.rmdir()
    for cache in caches.all():
        cache.clear()
