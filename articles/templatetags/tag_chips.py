import re
from urllib.parse import quote

from django import template
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext

from articles.templatetags.language import lang_attr

register = template.Library()

# A slug no tag can have (converters accept it; slugify never makes a double hyphen at both ends).
SLUG_PLACEHOLDER = "--slug--"
# What reverse() leaves unquoted in a path.
PATH_SAFE = "!$&'()*+,;=/~:@"
TAG_SLUG = re.compile(r"^[-\w]+$")


def tag_url_maker():
    """A tag's page address from its slug, with one reverse() per list rather than one per tag:
    the addresses differ only by the slug, quoted as reverse() would."""
    head, tail = reverse("tag_detail", kwargs={"slug": SLUG_PLACEHOLDER}).split(SLUG_PLACEHOLDER)

    def url(slug):
        if not TAG_SLUG.match(slug):
            return reverse("tag_detail", kwargs={"slug": slug})  # refused as reverse() refuses it
        return f"{head}{quote(slug, safe=PATH_SAFE)}{tail}"

    return url


@register.simple_tag
def tag_chips(tags):
    """Links to tags' pages, as chips.

    Written in Python, not as an included template: listings repeat it for
    every item, and as a template it was a sixth of an article page's time.
    """
    tags = list(tags)
    if not tags:
        return ""
    url = tag_url_maker()
    chips = format_html_join(
        "",
        '<li><a class="chip" href="{}"{}>{}</a></li>',
        ((url(tag.slug), lang_attr(tag.name), tag.name) for tag in tags),
    )
    return format_html('<ul class="chips" aria-label="{}">{}</ul>', gettext("Tags"), chips)
