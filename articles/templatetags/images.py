from django import template

from articles import images

register = template.Library()


@register.simple_tag
def rendition_url(field_file, width):
    """The URL of an image's copy at `width`, made when it was uploaded."""
    return images.rendition_url(field_file, width)


@register.simple_tag
def rendition_srcset(field_file):
    return images.srcset(field_file)
