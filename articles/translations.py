"""What a public page of a translated thing needs: its versions, and the notice when there is none.

An article's versions are the public articles of its group of translations; a
priority's are the priorities with the same number in those articles. A page
in the other interface language redirects to the version in that language
(the views do), or says there is none (templates/partials/translation_notice.html).
"""

from django.utils import translation

from articles.languages import page_language, to_django
from articles.models import Article


def public_translations(article):
    """The other public articles of its group, in one query (none when it has no group)."""
    if article.translation_group_id is None:
        return []
    return list(
        Article.objects.published().filter(translation_group_id=article.translation_group_id).exclude(pk=article.pk)
    )


def url_in_language(obj, language):
    """The page of `obj` with the interface in `language` (an article language)."""
    with translation.override(to_django(language)):
        return obj.get_absolute_url()


def in_page_language(versions):
    """The version for the page's language, from {article language: object}, or None."""
    return versions.get(page_language())


def versions_context(obj, language, versions):
    """Template context for `obj`, written in `language`, whose public versions are {language: object}.

    The versions (itself included) are the page's alternates, its own language
    first; a page in another language than `obj`'s says so and is not indexed.
    The other versions themselves are in the context so the cached page is
    forgotten when one of them changes (symposium.pagecache).
    """
    ordered = sorted(versions.items(), key=lambda item: item[0] != language)
    page = page_language()
    return {
        "translations": [version for version in versions.values() if version is not obj],
        "language_alternates": [(to_django(lang), url_in_language(version, lang)) for lang, version in ordered],
        "untranslated": language != page,
        "noindex": language != page,
        "page_language": page,
        "original_url": url_in_language(obj, language),
    }
