"""Site-wide pages that gather content from both apps."""

from typing import NamedTuple

from django.conf import settings
from django.core.paginator import Page
from django.db.models import QuerySet
from django.http import Http404, HttpResponse, JsonResponse
from django.template.response import TemplateResponse
from django.urls import reverse, translate_url
from django.utils.translation import ngettext, pgettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from articles.models import Article, Quote
from articles.pagination import PagedByIds, page_of
from priorities.models import Priority
from symposium.forms import SearchForm
from symposium.health import cache_status, database_status
from symposium.redirects import canonical_redirect
from symposium.replicas import REPLICA, replica_configured
from symposium.search import narrowing_tags, run_search
from symposium.site_address import site_url
from symposium.tags import popular_topics, public_topic, public_topics

ADD_TAG_LIMIT = 24
# A tag page shows the newest few of each kind; `?type=<kind>` lists one kind, page by page.
TAG_OVERVIEW_ITEMS = 4
TAG_KIND_PAGE_SIZE = 20
# `?type=` values, and what a reader calls them.
TAG_KINDS = {
    "article": pgettext_lazy("a tag page's section", "articles"),
    "quote": pgettext_lazy("a tag page's section", "quotes"),
    "priority": pgettext_lazy("a tag page's section", "priorities"),
}


def counted(kind, count):
    """Like "1 quote" or "7 quotes", in the page's language."""
    if kind == "article":
        return ngettext("%(count)s article", "%(count)s articles", count) % {"count": count}
    if kind == "quote":
        return ngettext("%(count)s quote", "%(count)s quotes", count) % {"count": count}
    return ngettext("%(count)s priority", "%(count)s priorities", count) % {"count": count}


def all_of(kind, count):
    """The link from a tag page's overview to every item of one kind."""
    if kind == "article":
        return ngettext("All %(count)s article →", "All %(count)s articles →", count) % {"count": count}
    if kind == "quote":
        return ngettext("All %(count)s quote →", "All %(count)s quotes →", count) % {"count": count}
    return ngettext("All %(count)s priority →", "All %(count)s priorities →", count) % {"count": count}


class TaggedSection(NamedTuple):
    """One kind of what carries a tag: how many, and the items shown."""

    kind: str
    count: int
    items: QuerySet | Page | None = None

    @property
    def name(self):
        return TAG_KINDS[self.kind]

    @property
    def counted(self):
        return counted(self.kind, self.count)

    @property
    def all_of(self):
        return all_of(self.kind, self.count)


def home(request):
    context = {
        "articles": Article.objects.for_listing().one_per_group()[:6],
        "priorities": Priority.objects.for_listing().one_per_group()[:5],
        "tags": popular_topics(),
    }
    return TemplateResponse(request, "symposium/home.html", context)


def tag_list(request):
    tags = public_topics()
    return TemplateResponse(request, "symposium/tag_list.html", {"tags": tags})


def tag_detail(request, slug):
    tag = public_topic(slug)
    if tag is None:
        raise Http404("No public content carries this tag.")
    if tag.slug != slug:
        return canonical_redirect(request, tag.slug)
    tag_ids = tag.tag_ids
    tallies = [TaggedSection(kind, getattr(tag, f"{kind}_count")) for kind in TAG_KINDS]
    chosen = next((each for each in tallies if each.kind == request.GET.get("type") and each.count), None)
    if chosen:
        # Counted already, each item once (public_topic): the paginator need not count again.
        page = page_of(request, tagged_pages(chosen.kind, tag_ids), TAG_KIND_PAGE_SIZE, count=chosen.count)
        context = {"section": chosen._replace(items=page), "page": page}
    else:
        sections = [
            each._replace(items=tagged_listing(each.kind).tagged(tag_ids)[:TAG_OVERVIEW_ITEMS])
            for each in tallies
            if each.count
        ]
        context = {"sections": sections}
    return TemplateResponse(
        request, "symposium/tag_detail.html", {"tag": tag, "topic_tags": tag.tags, "tallies": tallies, **context}
    )


def tagged_listing(kind):
    """Public items of one kind as a tag page shows them, newest first, each translation group once."""
    if kind == "quote":
        return Quote.objects.for_listing().one_per_group().prefetch_related(None)  # its quotes show no tags
    return {"article": Article, "priority": Priority}[kind].objects.for_listing().one_per_group()


def tagged_pages(kind, tag_ids):
    """The items of one kind carrying any of `tag_ids`, to page through: each page's ids are
    found from the tags' rows, sorting only ids (PagedByIds), then read in full."""
    listing = tagged_listing(kind)
    return PagedByIds(ids=listing.tagged_ids(tag_ids), rows=listing)


def search(request):
    form = SearchForm(request.GET or None)
    context = {"form": form, "results": None}
    if form.is_valid() and (form.cleaned_data["q"] or form.cleaned_data["tag"]):
        data = form.cleaned_data
        results = run_search(
            text=data["q"], tag_slugs=data["tag"], match=data["match"], kind_name=data["type"],
            language=data["language"],
        )  # fmt: skip
        page = page_of(request, results.documents, count=results.count_shown(data["type"]))
        context.update(results=results, page=page, hits=results.hits(page))
    context["add_tag_links"] = [(tag, add_tag_url(request, tag.slug)) for tag in tags_to_add(form, context["results"])]
    status = 400 if form.errors else 200
    return TemplateResponse(request, "symposium/search.html", context, status=status)


def tags_to_add(form, results):
    """Before a search, the popular tags to start from; after one, only the tags that narrow its results."""
    if results is None:
        return popular_topics(ADD_TAG_LIMIT)
    if form.cleaned_data["match"] == "any" and len(results.tags) > 1:
        return []  # one more tag would widen "any of them", not narrow it
    return narrowing_tags(results, ADD_TAG_LIMIT)


def add_tag_url(request, slug):
    """This search with one more tag, all of them wanted, back on page one."""
    params = request.GET.copy()
    params.setlist("tag", [*params.getlist("tag"), slug])
    params.pop("page", None)
    params.pop("match", None)  # with at most one tag before, "any" meant the same as "all"
    return f"?{params.urlencode()}"


@require_GET
def robots_txt(request):
    searches = [translate_url(reverse("search"), code) for code, _name in settings.LANGUAGES]
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        *(f"Disallow: {path}" for path in searches),
        f"Sitemap: {site_url('/sitemap.xml')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


@never_cache
@require_GET
def healthz(request):
    """200 while the database answers (the cache being down only degrades); 503 when it does not."""
    checks = {"database": database_status(), "cache": cache_status()}
    if replica_configured():
        checks["replica"] = database_status(REPLICA)  # when down, its readers use the primary: degraded
    if checks["database"] != "ok":
        return JsonResponse({"status": "error", **checks}, status=503)
    degraded = any(status != "ok" for status in checks.values())
    return JsonResponse({"status": "degraded" if degraded else "ok", **checks})
