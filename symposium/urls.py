from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path, re_path

from symposium import feeds, views
from symposium.media import serve_media
from symposium.sitemaps import SITEMAPS

handler500 = "symposium.errors.server_error"

# For machines and staff: one address each, in no language.
urlpatterns = [
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS, "template_name": "symposium/sitemap.xml"}, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("healthz", views.healthz, name="healthz"),
    # Read-only JSON API (README "API"): names in both languages, so no prefix.
    path("api/v1/", include("api.urls")),
    path(settings.ADMIN_PATH, admin.site.urls),
]

# For readers: English at these paths, Chinese at the same under /zh-hans/.
urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("", include("articles.urls")),
    path("", include("priorities.urls")),
    path("tags/", views.tag_list, name="tag_list"),
    path("tags/<uslug:slug>/", views.tag_detail, name="tag_detail"),
    path("search/", views.search, name="search"),
    path("feeds/articles/", feeds.LatestArticlesFeed(), name="feed_articles"),
    path("feeds/articles/atom/", feeds.LatestArticlesAtomFeed(), name="feed_articles_atom"),
    path("feeds/tags/<uslug:slug>/", feeds.TagArticlesFeed(), name="feed_tag"),
    path("feeds/tags/<uslug:slug>/atom/", feeds.TagArticlesAtomFeed(), name="feed_tag_atom"),
    path("feeds/speakers/<uslug:slug>/", feeds.SpeakerArticlesFeed(), name="feed_speaker"),
    path("feeds/speakers/<uslug:slug>/atom/", feeds.SpeakerArticlesAtomFeed(), name="feed_speaker_atom"),
    prefix_default_language=False,
)

if settings.SERVE_MEDIA:
    # Uploads kept on this machine's disk; object storage serves them itself.
    urlpatterns += [re_path(r"^media/(?P<path>.*)$", serve_media)]
