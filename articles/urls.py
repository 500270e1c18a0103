from django.urls import path

from articles import views

app_name = "articles"

urlpatterns = [
    path("articles/", views.article_list, name="article_list"),
    path("articles/<uslug:slug>/", views.article_detail, name="article_detail"),
    path("speakers/", views.speaker_list, name="speaker_list"),
    path("speakers/<uslug:slug>/", views.speaker_detail, name="speaker_detail"),
    path("events/", views.event_list, name="event_list"),
    path("events/<uslug:slug>/", views.event_detail, name="event_detail"),
    path("quotes/<int:pk>/", views.quote_detail, name="quote_detail"),
    # Staff tools; the public gets a 404.
    path("preview/articles/<int:pk>/", views.article_preview, name="article_preview"),
    path("preview/markdown/", views.markdown_preview, name="markdown_preview"),
    path("preview/tags/", views.tag_suggestions, name="tag_suggestions"),
]
