import re

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy, pgettext_lazy

MAX_TAGS = 10
TAG_SLUG = re.compile(r"^[-\w]{1,100}$")


class TagSlugsField(forms.Field):
    """Repeated ?tag= parameters: de-duplicated, in order, each a plausible slug."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value):
        slugs = []
        for raw in value or []:
            slug = raw.strip().lower()
            if slug and slug not in slugs:
                slugs.append(slug)
        return slugs

    def validate(self, value):
        if len(value) > MAX_TAGS:
            raise forms.ValidationError(
                ngettext_lazy("Choose at most %(limit)d tag.", "Choose at most %(limit)d tags.", "limit"),
                params={"limit": MAX_TAGS},
            )
        bad = [slug for slug in value if not TAG_SLUG.match(slug)]
        if bad:
            raise forms.ValidationError(_("There is no tag called “%(tag)s”."), params={"tag": bad[0][:100]})


class SearchForm(forms.Form):
    MATCH_CHOICES = [("all", _("all tags")), ("any", _("any tag"))]
    TYPE_CHOICES = [
        ("", _("Everything")),
        ("article", pgettext_lazy("search results of one kind", "Articles")),
        ("quote", pgettext_lazy("search results of one kind", "Quotes")),
        ("priority", pgettext_lazy("search results of one kind", "Priorities")),
        ("speaker", pgettext_lazy("search results of one kind", "Speakers")),
    ]

    q = forms.CharField(
        label=_("Search"), required=False, max_length=200,
        error_messages={"max_length": _("Search for at most %(limit_value)d characters.")},
    )  # fmt: skip
    tag = TagSlugsField(required=False)
    match = forms.ChoiceField(label=_("Match"), choices=MATCH_CHOICES, required=False)
    type = forms.ChoiceField(label=_("Show"), choices=TYPE_CHOICES, required=False)
    # Both by default, each group of translations once; the names as the switcher writes them.
    language = forms.ChoiceField(
        label=_("Language"), choices=[("", _("Both languages")), ("en", "English"), ("zh-Hans", "中文")],
        required=False,
    )  # fmt: skip

    def clean_match(self):
        return self.cleaned_data["match"] or "all"
