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
from symposium.search import narrowing_tags, run_search
from symposium.site_address import site_url
from symposium.tags import popular_tags, public_tag, public_tags

TAG_PAGE_LIMIT = 20
ADD_TAG_LIMIT = 24


def home(request):
    context = {
        "articles": Article.objects.for_listing()[:6],
        "priorities": Priority.objects.for_listing()[:5],
        "tags": popular_tags(),
    }
    return TemplateResponse(request, "symposium/home.html", context)


def tag_list(request):
    tags = public_tags()
    return TemplateResponse(request, "symposium/tag_list.html", {"tags": tags})


def tag_detail(request, slug):
    tag = public_tag(slug)
    if tag is None:
        raise Http404("No public content carries this tag.")
    context = {
        "tag": tag,
        "articles": Article.objects.for_listing().filter(tags=tag)[:TAG_PAGE_LIMIT],
        "quotes": Quote.objects.for_listing().filter(tags=tag)[:TAG_PAGE_LIMIT],
        "priorities": Priority.objects.for_listing().filter(tags=tag)[:TAG_PAGE_LIMIT],
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
    context["add_tag_links"] = [(tag, add_tag_url(request, tag.slug)) for tag in tags_to_add(form, context["results"])]
    status = 400 if form.errors else 200
    return TemplateResponse(request, "symposium/search.html", context, status=status)


def tags_to_add(form, results):
    """Before a search, the popular tags to start from; after one, only the tags that narrow its results."""
    if results is None:
        return popular_tags(ADD_TAG_LIMIT)
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
