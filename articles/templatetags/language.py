import re

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from articles.languages import OWN_NAMES, page_language

register = template.Library()

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
LATIN = re.compile(r"[A-Za-z]")


@register.filter
def lang_attr(text):
    """` lang="zh"` for Chinese text on an English page, ` lang="en"` for Latin text on a Chinese one,
    so each is read and rendered in its own language."""
    text = str(text)
    chinese_page = (get_language() or "").startswith("zh")
    if HAN.search(text):
        return "" if chinese_page else mark_safe(' lang="zh"')  # constants: nothing of `text` is output
    return mark_safe(' lang="en"') if chinese_page and LATIN.search(text) else ""


@register.simple_tag
def language_label(article):
    """“中文” on a Chinese article listed on an English page (it has no English version), and back."""
    if article.language == page_language():
        return ""
    return format_html(
        ' <span class="language-label" lang="{}">{}</span>', article.language, OWN_NAMES.get(article.language, "")
    )
