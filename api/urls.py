from django.urls import path, re_path
from drf_spectacular.views import SpectacularJSONAPIView
from rest_framework.routers import SimpleRouter

from api import views

app_name = "api"

router = SimpleRouter(use_regex_path=False)
router.register("articles", views.ArticleViewSet, basename="article")
router.register("quotes", views.QuoteViewSet, basename="quote")
router.register("priorities", views.PriorityViewSet, basename="priority")
router.register("speakers", views.SpeakerViewSet, basename="speaker")
router.register("events", views.EventViewSet, basename="event")
router.register("tags", views.TagViewSet, basename="tag")

urlpatterns = [
    path("", views.api_root, name="root"),
    # One representation (JSON), as the page cache keeps one copy per URL.
    path("schema/", SpectacularJSONAPIView.as_view(), name="schema"),
    path("docs/", views.docs, name="docs"),
    path("search/", views.SearchView.as_view(), name="search"),
    *router.urls,
    re_path(r"^.*$", views.not_found),
]
