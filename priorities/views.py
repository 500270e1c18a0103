from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse

from articles.pagination import page_of
from priorities.models import Priority


def priority_list(request):
    page = page_of(request, Priority.objects.for_listing().one_per_group(), per_page=50)
    return TemplateResponse(request, "priorities/priority_list.html", {"page": page})


def priority_detail(request, slug):
    priority = get_object_or_404(Priority.objects.for_listing(), slug=slug)
    return TemplateResponse(request, "priorities/priority_detail.html", {"priority": priority})
