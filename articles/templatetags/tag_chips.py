from django import template
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext

from articles.templatetags.language import lang_attr

register = template.Library()


@register.simple_tag
def tag_chips(tags):
    """Links to tags' pages, as chips.

    Written in Python, not as an included template: listings repeat it for
    every item, and as a template it was a sixth of an article page's time.
    """
    chips = format_html_join(
        "",
        '<li><a class="chip" href="{}"{}>{}</a></li>',
        ((reverse("tag_detail", kwargs={"slug": tag.slug}), lang_attr(tag.name), tag.name) for tag in tags),
    )
    return format_html('<ul class="chips" aria-label="{}">{}</ul>', gettext("Tags"), chips) if chips else ""
