from django.db.models import F, Max
from django.forms import BaseInlineFormSet


class RenumberingFormSet(BaseInlineFormSet):
    """An article's priorities, saved even when their numbers were swapped or shifted.

    Each priority's number is unique within its article, and rows are saved one
    by one: giving 1 the number 2 while 2 still holds it would break the
    constraint. The rows that change number (or go) first step aside, above
    the article's highest number, in one UPDATE; then each is saved as usual.
    """

    def save_existing_objects(self, commit=True):
        if commit:
            self.move_renumbered_rows_aside()
        return super().save_existing_objects(commit)

    def move_renumbered_rows_aside(self):
        moving = [
            form.instance.pk
            for form in self.initial_forms
            if form.instance.pk and ("number" in form.changed_data or self._should_delete_form(form))
        ]
        if not moving:
            return
        rows = self.model._default_manager.filter(article=self.instance)
        highest = rows.aggregate(highest=Max("number"))["highest"] or 0
        rows.filter(pk__in=moving).update(number=F("number") + highest)
