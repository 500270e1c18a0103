from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse

from articles.pagination import page_of
from articles.translations import in_page_language, public_translations, versions_context
from priorities.models import Priority


def priority_list(request):
    page = page_of(request, Priority.objects.for_listing().one_per_group(), per_page=50)
    return TemplateResponse(request, "priorities/priority_list.html", {"page": page})


def priority_detail(request, slug):
    """A priority; in the other interface language, the same-numbered one of its article's translation."""
    priority = get_object_or_404(Priority.objects.for_listing(), slug=slug)
    article = priority.article
    counterparts = Priority.objects.filter(article__in=public_translations(article), number=priority.number)
    versions = {each.article.language: each for each in [priority, *counterparts.select_related("article")]}
    wanted = in_page_language(versions)
    if wanted is not None and wanted is not priority:
        return redirect(wanted)
    context = {"priority": priority, **versions_context(priority, article.language, versions)}
    return TemplateResponse(request, "priorities/priority_detail.html", context)
