"""The server error page, in the language of the URL that failed."""

from django.http import HttpResponseServerError
from django.template import TemplateDoesNotExist, loader
from django.urls import reverse
from django.utils import translation

from symposium.languages import html_lang
from symposium.middleware import language_of_path


def server_error(request, template_name="500.html"):
    """Like Django's own: a plain context, nothing from the database, which may be what failed.

    The language is read from the path again rather than trusted to be active,
    as the error may have struck before or after the middleware that sets it.
    """
    language = language_of_path(request.path_info)
    with translation.override(language):
        try:
            template = loader.get_template(template_name)
        except TemplateDoesNotExist:
            return HttpResponseServerError(b"<h1>Server Error (500)</h1>", content_type="text/html")
        return HttpResponseServerError(
            template.render({"html_lang": html_lang(language), "home_url": reverse("home")})
        )
