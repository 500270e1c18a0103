"""Who may do what to which object: the one place the admin, and any API after it, asks.

Each function takes the user and the object as it is in the database now (not
as a form or an old revision would make it), and includes the model
permission, so a caller needs nothing else. "Published" means status
published, live or scheduled: once an editor has published an article, what
it shows is theirs to change.
"""

from articles.models import Article


def is_editor(user):
    return user.has_perm("articles.publish_article")


def has_model_perm(user, action, obj):
    opts = obj._meta
    return user.has_perm(f"{opts.app_label}.{action}_{opts.model_name}")


def is_published(article):
    return article is not None and article.status == Article.Status.PUBLISHED


# Articles


def can_change_article(user, article):
    return has_model_perm(user, "change", article) and (is_editor(user) or not is_published(article))


def can_delete_article(user, article):
    """Editors delete anything; writers only their own unpublished articles."""
    if not has_model_perm(user, "delete", article):
        return False
    return is_editor(user) or (not is_published(article) and article.created_by_id == user.pk)


def can_propose_from_text(user):
    """Writers and editors: whoever may add or change articles may ask for proposals (nothing is saved)."""
    return user.has_perm("articles.add_article") or user.has_perm("articles.change_article")


def articles_open_to(user):
    """The articles a user may add quotes and priorities to, or move them into."""
    articles = Article.objects.all()
    return articles if is_editor(user) else articles.exclude(status=Article.Status.PUBLISHED)


# Quotes and priorities: the parts of an article, guarded by the article they are in


def can_change_part(user, part):
    return has_model_perm(user, "change", part) and (is_editor(user) or not is_published(part.article))


def can_delete_part(user, part):
    return has_model_perm(user, "delete", part) and (is_editor(user) or not is_published(part.article))


# Speakers and events: shared by many articles, so published work guards them


def speaker_in_published_work(speaker):
    published = {"article__status": Article.Status.PUBLISHED}
    return speaker.quotes.filter(**published).exists() or speaker.priorities.filter(**published).exists()


def event_in_published_work(event):
    return event.articles.filter(status=Article.Status.PUBLISHED).exists()


def can_change_speaker(user, speaker):
    """Writers add speakers and edit the ones no published article shows; the rest are the editors'."""
    if not has_model_perm(user, "change", speaker):
        return False
    return is_editor(user) or not speaker_in_published_work(speaker)


def can_change_event(user, event):
    if not has_model_perm(user, "change", event):
        return False
    return is_editor(user) or not event_in_published_work(event)


def can_restore_deleted(user):
    """Bringing back something deleted, from its history or Deleted articles, is the editors'."""
    return is_editor(user)


# Translations


def can_start_translation(user, article):
    """Whoever may add articles may start a translation: it is a new draft, published by an editor."""
    return user.has_perm("articles.add_article") and article.pk is not None


def can_link_translations(user, article, other):
    """Linking or unlinking two published articles changes public pages: the editors' call."""
    if not (can_change_article(user, article) or is_editor(user)):
        return False
    return is_editor(user) or not (is_published(article) and is_published(other))
