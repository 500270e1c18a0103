import re

from django import template
from django.utils.safestring import mark_safe

register = template.Library()

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


@register.filter
def lang_attr(text):
    """` lang="zh"` for Chinese text inside an English page, so it is read and rendered as Chinese."""
    return mark_safe(' lang="zh"') if HAN.search(str(text)) else ""  # a constant: nothing of `text` is output
