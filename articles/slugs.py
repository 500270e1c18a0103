from django.utils.text import slugify

SLUG_MAX_LENGTH = 120


def unique_slug(instance, source, *, fallback="item"):
    """A slug for `instance` from `source`, unique among its model's rows.

    Keeps non-Latin scripts (a Chinese title gives a Chinese slug) and adds
    -2, -3, ... when the plain slug is taken.
    """
    base = slugify(source, allow_unicode=True)[: SLUG_MAX_LENGTH - 8].strip("-") or fallback
    others = type(instance)._default_manager.exclude(pk=instance.pk)
    slug, n = base, 1
    while others.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug
