import re

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from articles.languages import OWN_NAMES, page_language

register = template.Library()

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


@register.filter
def lang_attr(text):
    """` lang="zh"` for Chinese text inside an English page, so it is read and rendered as Chinese."""
    return mark_safe(' lang="zh"') if HAN.search(str(text)) else ""  # a constant: nothing of `text` is output


@register.simple_tag
def language_label(article):
    """“中文” on a Chinese article listed on an English page (it has no English version), and back."""
    if article.language == page_language():
        return ""
    return format_html(
        ' <span class="language-label" lang="{}">{}</span>', article.language, OWN_NAMES.get(article.language, "")
    )
