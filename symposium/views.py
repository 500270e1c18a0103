"""Site-wide pages that gather content from both apps."""

from django.http import Http404, HttpResponse, JsonResponse
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from articles.models import Article, Quote
from articles.pagination import page_of
from priorities.models import Priority
from symposium.forms import SearchForm
from symposium.health import cache_status, database_status
from symposium.redirects import canonical_redirect
from symposium.search import run_search
from symposium.site_address import site_url
from symposium.tags import carrying_any, popular_topics, public_topic, public_topics

TAG_PAGE_LIMIT = 20


def home(request):
    context = {
        "articles": Article.objects.for_listing()[:6],
        "priorities": Priority.objects.for_listing()[:5],
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
    ids = tag.tag_ids
    context = {
        "tag": tag,
        "topic_tags": tag.tags,  # so the cached page carries the key of each of the topic's tags
        "articles": carrying_any(Article.objects.for_listing(), ids)[:TAG_PAGE_LIMIT],
        "quotes": carrying_any(Quote.objects.for_listing(), ids)[:TAG_PAGE_LIMIT],
        "priorities": carrying_any(Priority.objects.for_listing(), ids)[:TAG_PAGE_LIMIT],
        "limit": TAG_PAGE_LIMIT,
    }
    return TemplateResponse(request, "symposium/tag_detail.html", context)


def search(request):
    form = SearchForm(request.GET or None)
    context = {"form": form, "results": None}
    if form.is_valid() and (form.cleaned_data["q"] or form.cleaned_data["tag"]):
        data = form.cleaned_data
        results = run_search(text=data["q"], tag_slugs=data["tag"], match=data["match"], kind_name=data["type"])
        page = page_of(request, results.documents, count=results.count_shown(data["type"]))
        context.update(results=results, page=page, hits=results.hits(page))
    chosen = form.cleaned_data["tag"] if form.is_valid() else []
    context["add_tag_links"] = [
        (tag, add_tag_url(request, tag.slug)) for tag in popular_topics(24) if not tag.slugs.intersection(chosen)
    ]
    status = 400 if form.errors else 200
    return TemplateResponse(request, "symposium/search.html", context, status=status)


def add_tag_url(request, slug):
    """This search with one more tag, back on page one."""
    params = request.GET.copy()
    params.setlist("tag", [*params.getlist("tag"), slug])
    params.pop("page", None)
    return f"?{params.urlencode()}"


@require_GET
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /search/",
        f"Sitemap: {site_url('/sitemap.xml')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


@never_cache
@require_GET
def healthz(request):
    """200 while the database answers (the cache being down only degrades); 503 when it does not."""
    checks = {"database": database_status(), "cache": cache_status()}
    if checks["database"] != "ok":
        return JsonResponse({"status": "error", **checks}, status=503)
    return JsonResponse({"status": "ok" if checks["cache"] == "ok" else "degraded", **checks})
