from django.shortcuts import get_object_or_404, render

from articles.models import Article, Event, Quote, Speaker
from articles.pagination import page_of


def article_list(request):
    page = page_of(request, Article.objects.for_listing())
    return render(request, "articles/article_list.html", {"page": page})


def article_detail(request, slug):
    article = get_object_or_404(Article.objects.for_page(), slug=slug)
    speakers = list({quote.speaker.pk: quote.speaker for quote in article.quotes.all()}.values())
    return render(request, "articles/article_detail.html", {"article": article, "speakers": speakers})


def speaker_list(request):
    speakers = Speaker.objects.public().with_public_quote_count()
    return render(request, "articles/speaker_list.html", {"speakers": speakers})


def speaker_detail(request, slug):
    speaker = get_object_or_404(Speaker.objects.public(), slug=slug)
    page = page_of(request, Quote.objects.for_listing().filter(speaker=speaker))
    return render(request, "articles/speaker_detail.html", {"speaker": speaker, "page": page})


def event_list(request):
    return render(request, "articles/event_list.html", {"events": Event.objects.public()})


def event_detail(request, slug):
    event = get_object_or_404(Event.objects.public(), slug=slug)
    articles = Article.objects.for_listing().filter(event=event).prefetch_related("quotes__speaker")
    return render(request, "articles/event_detail.html", {"event": event, "articles": articles})


def quote_detail(request, pk):
    quote = get_object_or_404(Quote.objects.for_listing(), pk=pk)
    return render(request, "articles/quote_detail.html", {"quote": quote})
