"""URLs that never break: an old slug answers 301 to the item that had it.

When the slug of an article, speaker, event, priority or tag changes, the old
slug is kept in SlugRedirect, pointing at the item. Detail pages and feeds
look there only after they found nothing (SlugRedirectMiddleware), so a page
view that succeeds costs no query more. A redirect is followed only while its
target is public, and is written only when the old URL was public, so no
redirect reveals a slug that only drafts ever had.
"""

from django.db.models.signals import post_save, pre_save
from django.http import HttpResponsePermanentRedirect
from django.urls import reverse
from taggit.models import Tag

from articles.models import Article, Event, Speaker
from priorities.models import Priority
from symposium.models import SlugRedirect
from symposium.tags import public_topic

Kind = SlugRedirect.Kind
MODEL_KINDS = {Article: Kind.ARTICLE, Speaker: Kind.SPEAKER, Event: Kind.EVENT, Priority: Kind.PRIORITY, Tag: Kind.TAG}
# Every public URL named by one item's slug: an old slug redirects to the same URL with the new one.
URL_KINDS = {
    "articles:article_detail": Kind.ARTICLE,
    "articles:speaker_detail": Kind.SPEAKER,
    "feed_speaker": Kind.SPEAKER,
    "feed_speaker_atom": Kind.SPEAKER,
    "articles:event_detail": Kind.EVENT,
    "priorities:priority_detail": Kind.PRIORITY,
    "tag_detail": Kind.TAG,
    "feed_tag": Kind.TAG,
    "feed_tag_atom": Kind.TAG,
}
PUBLIC_ITEMS = {
    Kind.ARTICLE: Article.objects.published,
    Kind.SPEAKER: Speaker.objects.public,
    Kind.EVENT: Event.objects.public,
    Kind.PRIORITY: Priority.objects.public,
}


def public_target(kind, target_id):
    """The item, if the public may see it; None otherwise."""
    if kind == Kind.TAG:
        slug = Tag.objects.filter(pk=target_id).values_list("slug", flat=True).first()
        # The topic, so an old slug leads to its canonical slug in one hop.
        return public_topic(slug) if slug is not None else None
    return PUBLIC_ITEMS[kind]().filter(pk=target_id).only("slug").first()


def record_slug_change(*, kind, new_slug, target_id, old_slug=None):
    """`new_slug` now names `target_id`, and `old_slug` (if any) redirects to it.

    Whatever has a slug now wins over a redirect from it, so that row goes.
    """
    SlugRedirect.objects.filter(kind=kind, old_slug=new_slug).delete()
    if old_slug and old_slug != new_slug:
        SlugRedirect.objects.update_or_create(kind=kind, old_slug=old_slug, defaults={"target_id": target_id})


def move_redirects(*, kind, old_slug, from_id, into_id):
    """For merging one item into another: its slug and old slugs all lead to the survivor."""
    SlugRedirect.objects.filter(kind=kind, target_id=from_id).update(target_id=into_id)
    SlugRedirect.objects.update_or_create(kind=kind, old_slug=old_slug, defaults={"target_id": into_id})


def canonical_redirect(request, slug):
    """A 301 from one of a topic's other slugs to the same URL with its canonical slug, query string kept."""
    match = request.resolver_match
    url = reverse(match.view_name, args=match.args, kwargs={**match.kwargs, "slug": slug})
    query = request.META.get("QUERY_STRING", "")
    return HttpResponsePermanentRedirect(f"{url}?{query}" if query else url)


def redirect_for(match, query_string=""):
    """A 301 for a detail URL that found nothing under an old slug, or None."""
    kind = URL_KINDS.get(match.view_name) if match is not None else None
    slug = match.kwargs.get("slug") if kind else None
    if not slug:
        return None
    target_id = SlugRedirect.objects.filter(kind=kind, old_slug=slug).values_list("target_id", flat=True).first()
    target = public_target(kind, target_id) if target_id is not None else None
    if target is None or target.slug == slug:
        return None
    url = reverse(match.view_name, args=match.args, kwargs={**match.kwargs, "slug": target.slug})
    return HttpResponsePermanentRedirect(f"{url}?{query_string}" if query_string else url)


class SlugRedirectMiddleware:
    """Turns a detail page's 404 into a 301 when the slug is an old one."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 404 and request.method in ("GET", "HEAD"):
            match = getattr(request, "resolver_match", None)
            return redirect_for(match, request.META.get("QUERY_STRING", "")) or response
        return response


# Slugs change wherever items are saved (admin, services, the ORM, taggit's
# own Tag), and the content apps cannot import this one, so the change is
# caught by signals: the slug before the save, then the redirect after it.


def _remember_slug(sender, instance, raw=False, **kwargs):
    old_slug = public_old_slug = None
    if not raw and not instance._state.adding:
        old_slug = sender._default_manager.filter(pk=instance.pk).values_list("slug", flat=True).first()
        if old_slug is not None and old_slug != instance.slug:
            # Read before the row changes: was the old URL one the public could see?
            public_old_slug = old_slug if public_target(MODEL_KINDS[sender], instance.pk) else None
    instance._slug_before_save = (old_slug, public_old_slug)


def _record_slug(sender, instance, created, raw=False, **kwargs):
    old_slug, public_old_slug = instance.__dict__.pop("_slug_before_save", (None, None))
    if raw or not (created or (old_slug is not None and old_slug != instance.slug)):
        return
    record_slug_change(
        kind=MODEL_KINDS[sender], new_slug=instance.slug, target_id=instance.pk, old_slug=public_old_slug
    )


def connect_signals():
    for model, kind in MODEL_KINDS.items():
        pre_save.connect(_remember_slug, sender=model, dispatch_uid=f"slug-redirect-before-{kind}")
        post_save.connect(_record_slug, sender=model, dispatch_uid=f"slug-redirect-after-{kind}")
