from functools import wraps

from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.html import format_html_join
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST
from taggit.models import Tag

from articles.markdown import preview_markdown
from articles.models import Article, Event, Quote, Speaker
from articles.pagination import page_of
from articles.translations import in_page_language, public_translations, versions_context

TAG_SUGGESTIONS = 10


def article_list(request):
    page = page_of(request, Article.objects.for_listing().one_per_group())
    return TemplateResponse(request, "articles/article_list.html", {"page": page})


def article_detail(request, slug):
    """An article; in the other interface language, its translation there, or a notice that there is none."""
    article = get_object_or_404(Article.objects.for_page(), slug=slug)
    versions = {each.language: each for each in [article, *public_translations(article)]}
    wanted = in_page_language(versions)
    if wanted is not None and wanted is not article:
        return redirect(wanted)
    return render_article(request, article, extra_context=versions_context(article, article.language, versions))


def render_article(request, article, *, extra_context=None, preview=False):
    speakers = list({quote.speaker.pk: quote.speaker for quote in article.quotes.all()}.values())
    context = {"article": article, "speakers": speakers, "preview": preview, **(extra_context or {})}
    return TemplateResponse(request, "articles/article_detail.html", context)


def staff_only(view):
    """Staff see the view; everyone else gets the 404 a missing page would give."""

    @wraps(view)
    def guarded(request, *args, **kwargs):
        if not (request.user.is_active and request.user.is_staff):
            raise Http404
        return view(request, *args, **kwargs)

    return never_cache(guarded)


@staff_only
def article_preview(request, pk):
    """Any article, whatever its status, exactly as its public page will look."""
    article = get_object_or_404(Article.objects.with_page_relations(), pk=pk)
    return render_article(request, article, preview=True)


@staff_only
@require_POST
def markdown_preview(request):
    """The body as its page will show it, led by whatever the form will refuse in it."""
    html, problems = preview_markdown(request.POST.get("text", ""))
    warnings = format_html_join("", "<p><strong>{}</strong></p>", ((problem,) for problem in problems))
    return JsonResponse({"html": warnings + html, "problems": problems})


@staff_only
@require_GET
def tag_suggestions(request):
    term = request.GET.get("q", "").strip()[:100]
    tags = Tag.objects.filter(name__icontains=term).order_by("name") if term else Tag.objects.none()
    return JsonResponse({"tags": list(tags.values_list("name", flat=True)[:TAG_SUGGESTIONS])})


def speaker_list(request):
    speakers = Speaker.objects.public().with_public_quote_count()
    return TemplateResponse(request, "articles/speaker_list.html", {"speakers": speakers})


def speaker_detail(request, slug):
    speaker = get_object_or_404(Speaker.objects.public(), slug=slug)
    page = page_of(request, Quote.objects.for_listing().one_per_group().filter(speaker=speaker))
    return TemplateResponse(request, "articles/speaker_detail.html", {"speaker": speaker, "page": page})


def event_list(request):
    return TemplateResponse(request, "articles/event_list.html", {"events": Event.objects.public()})


def event_detail(request, slug):
    event = get_object_or_404(Event.objects.public(), slug=slug)
    articles = Article.objects.for_listing().one_per_group().filter(event=event).prefetch_related("quotes__speaker")
    return TemplateResponse(request, "articles/event_detail.html", {"event": event, "articles": articles})


def quote_detail(request, pk):
    quote = get_object_or_404(Quote.objects.for_listing(), pk=pk)
    return TemplateResponse(request, "articles/quote_detail.html", {"quote": quote})
