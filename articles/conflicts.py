"""Two people editing one article: the second save is refused, with what the first changed.

The article form carries `edited_from`, the moment of the last change to the
article, its quotes or its priorities when the form was opened. On save, the
state at that moment is compared with the state now; any visible difference
(an article field, a quote or priority changed, added or deleted) refuses the
save and says who made it, when, and what it was.
"""

import datetime
from dataclasses import dataclass

from django.contrib.admin import helpers
from django.core.exceptions import NON_FIELD_ERRORS
from django.forms.models import BaseInlineFormSet

from articles.localtime import local_time, zone_label
from articles.revisions import describe, last_change_at, records_since, snapshot_at, snapshot_now


def revision_token(article_id):
    """What the form's `edited_from` holds: the moment the article (with its rows) last changed."""
    moment = last_change_at(article_id)
    return moment.isoformat() if moment else ""


@dataclass
class Conflict:
    who: str
    when: datetime.datetime
    changes: list
    token: str  # the `edited_from` that makes saving again overwrite, knowingly

    @property
    def local_when(self):
        return local_time(self.when)

    @property
    def zone(self):
        return zone_label()

    @property
    def headline(self):
        return f"Not saved: {self.who} saved this article at {self.local_when} while you were editing it."

    def message(self):
        """The whole explanation as plain text (the admin page shows it as a list)."""
        details = "; ".join(f"{change.label}: {change.new}" if change.new else change.label for change in self.changes)
        return (
            f"{self.headline} Times are {self.zone}. "
            f"What they changed — {details or 'the article (details unavailable)'}. "
            "Nothing you typed was saved, and the form below still holds your version. "
            "Saving again replaces their version with yours."
        )


def find_conflict(*, article_id, edited_from):
    """The changes made since `edited_from` by others, or None when there are none to lose."""
    last = last_change_at(article_id)
    if last is None or edited_from == last.isoformat():
        return None
    since = parse_moment(edited_from)
    if since is None:
        changes = []
        records = records_since(article_id, last - datetime.timedelta(microseconds=1))
    else:
        changes = describe(snapshot_at(article_id, since), snapshot_now(article_id))
        if not changes:  # changed and changed back, or nothing visible
            return None
        records = records_since(article_id, since)
    return Conflict(who=people(records), when=last, changes=changes, token=last.isoformat())


def parse_moment(text):
    try:
        moment = datetime.datetime.fromisoformat(text)
    except (TypeError, ValueError):
        return None
    return moment if moment.tzinfo is not None else None


def people(records):
    names = []
    for record in records:
        name = str(record.history_user) if record.history_user else "someone"
        if name not in names:
            names.append(name)
    if not names:
        return "someone"
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def set_conflict_apart(context):
    """Show a refused save as its own notice (change_form.html), not as "Please correct the error below"."""
    form = context["adminform"].form
    if getattr(form, "conflict", None) is None:
        return
    others = [error for error in form.errors[NON_FIELD_ERRORS].data if error.code != "edit_conflict"]
    form.errors[NON_FIELD_ERRORS].data = others
    if not others:
        del form.errors[NON_FIELD_ERRORS]
    formsets = [inline.formset for inline in context["inline_admin_formsets"]]
    context["errors"] = helpers.AdminErrorList(form, formsets)


class KeepsRowsDeletedMeanwhile(BaseInlineFormSet):
    """An inline whose rows someone else deleted while the form was open.

    Django would answer with an error on the row's hidden id, which blocks the
    knowing second save; instead the row is offered as a new one, and saving
    again brings it back as the form shows it.
    """

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        pk_name = self.model._meta.pk.name
        if self.is_bound and i < self.initial_form_count() and form.instance.pk is None and self.gone(form, pk_name):
            form.fields[pk_name].required = False
            form.data = form.data.copy()
            form.data[form.add_prefix(pk_name)] = ""
            form.deleted_meanwhile = True
        return form

    def gone(self, form, pk_name):
        # A row of another article is no orphan: Django refuses it as it should.
        pk = form.data.get(form.add_prefix(pk_name))
        return not pk or (pk.isdigit() and not self.model._default_manager.filter(pk=pk).exists())

    @property
    def initial_forms(self):
        return [form for form in super().initial_forms if not deleted_meanwhile(form)]

    @property
    def extra_forms(self):
        orphans = [form for form in self.forms[: self.initial_form_count()] if deleted_meanwhile(form)]
        return orphans + super().extra_forms


def deleted_meanwhile(form):
    return getattr(form, "deleted_meanwhile", False)
