"""Posting the admin's change forms as an editor's browser would."""


def admin_form_data(obj):
    """What the admin's change form for a quote, priority, speaker or event holds now."""
    tags = ", ".join(obj.tags.names()) if hasattr(obj, "tags") else None
    fields = {
        "quote": lambda q: {"article": q.article_id, "speaker": q.speaker_id, "text": q.text, "role": q.role,
                            "position": q.position, "tags": tags},
        "priority": lambda p: {"article": p.article_id, "number": p.number, "title": p.title, "slug": p.slug,
                               "description": p.description, "speaker": p.speaker_id or "", "tags": tags},
        "speaker": lambda s: {"name_en": s.name_en, "name_zh_hans": s.name_zh_hans, "slug": s.slug,
                              "position_en": s.position_en, "position_zh_hans": s.position_zh_hans,
                              "organisation_en": s.organisation_en, "organisation_zh_hans": s.organisation_zh_hans,
                              "bio": s.bio},
        "event": lambda e: {"name_en": e.name_en, "name_zh_hans": e.name_zh_hans, "slug": e.slug,
                            "start_date": e.start_date.isoformat(),
                            "end_date": "", "location": e.location, "organiser": e.organiser, "summary": e.summary},
    }  # fmt: skip
    return fields[obj._meta.model_name](obj)


def change_url(obj):
    return f"/admin/{obj._meta.app_label}/{obj._meta.model_name}/{obj.pk}/change/"


def save_in_admin(client, obj, **changes):
    """Posts the change form back with the changes; a form error fails the test with the errors."""
    response = client.post(change_url(obj), {**admin_form_data(obj), **changes})
    assert response.status_code == 302, response.context["adminform"].form.errors
    return response
