from django import template
from django.core.files.storage import default_storage

from articles.images import rendition_name, srcset

register = template.Library()


@register.simple_tag
def rendition_url(field_file, width):
    """The URL of an image's copy at `width`, made when it was uploaded."""
    return default_storage.url(rendition_name(field_file.name, width))


@register.simple_tag
def rendition_srcset(field_file):
    return srcset(field_file)
