from django import template
from django.conf import settings

from symposium.languages import html_lang, page_versions

register = template.Library()


@register.simple_tag(takes_context=True)
def language_versions(context):
    """This page in every interface language (symposium.languages), or None outside a request."""
    request = context.get("request")
    if request is None:
        return None
    return page_versions(request, context.get("language_alternates"))


@register.filter
def hreflang(code):
    """A language code as hreflang and `lang` write it: "zh-hans" -> "zh-Hans"."""
    return html_lang(code)


@register.filter
def is_default_language(code):
    return code == settings.LANGUAGE_CODE
