from django import template

from symposium.languages import page_versions

register = template.Library()


@register.simple_tag(takes_context=True)
def language_versions(context):
    """This page in every interface language (symposium.languages), or None outside a request."""
    request = context.get("request")
    if request is None:
        return None
    return page_versions(request, context.get("language_alternates"))
