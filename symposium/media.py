"""Uploads served by the site itself, when media lives on this machine's disk."""

from pathlib import PurePosixPath

from django.conf import settings
from django.http import Http404
from django.views.static import serve

from articles.images import EXTENSIONS


def serve_media(request, path):
    """Only images, never sniffed: a file stored before uploads were checked cannot be served as a page or PDF."""
    if PurePosixPath(path).suffix.lower().lstrip(".") not in EXTENSIONS:
        raise Http404("Not an image.")
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    # SecurityMiddleware adds it too; said here so media keep it whatever the settings.
    response["X-Content-Type-Options"] = "nosniff"
    return response
