import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.safestring import mark_safe

from symposium.site_address import site_url

register = template.Library()

# What json_script escapes: nothing in the data can close the <script> element.
JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag
def ld_json(data):
    """A schema.org JSON-LD block. Not executed, so a strict CSP allows it."""
    payload = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(JSON_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{payload}</script>')  # noqa: S308  (escaped above)


@register.simple_tag
def absolute_url(path):
    return site_url(path)


@register.simple_tag
def news_article(article):
    """schema.org NewsArticle for an article page."""
    url = site_url(article.get_absolute_url())
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title,
        "description": article.standfirst,
        "datePublished": article.published_at,
        "dateModified": article.updated_at,
        "inLanguage": article.language,
        "mainEntityOfPage": url,
        "url": url,
        "keywords": [tag.name for tag in article.tags.all()],
        "publisher": {"@type": "Organization", "name": "Symposium", "url": site_url("/")},
    }
    if article.event:
        data["about"] = {"@type": "Event", "name": article.event.name, "startDate": article.event.start_date}
    return ld_json(data)
