"""Proposed speakers matched to the speakers already on file, by name.

A speaker matches when one of its name fields equals the proposed name once
spaces, dots and case are ignored ("Li  Shousheng" is "li shousheng"). A
speaker has a name in each language, so a proposed name in either script finds them.
"""

from django.db.models import Q

from articles.extraction.mentions import name_key
from articles.models import Speaker

NAME_FIELDS = ("name_en", "name_zh_hans")


def match_speakers(proposals):
    """Sets `existing_id` on each proposed speaker found on file; returns the proposals."""
    wanted = {name_key(speaker.name): speaker for speaker in proposals.speakers}
    if not wanted:
        return proposals
    # Narrow in the database by the first word, then compare exactly in Python.
    heads = {key.split(" ")[0] for key in wanted}
    query = Q()
    for field in NAME_FIELDS:
        for head in heads:
            query |= Q(**{f"{field}__icontains": head})
    for speaker in Speaker.objects.filter(query).order_by("pk").only("pk", *NAME_FIELDS):
        for field in NAME_FIELDS:
            proposal = wanted.get(name_key(getattr(speaker, field) or ""))
            if proposal is not None and proposal.existing_id is None:
                proposal.existing_id = speaker.pk
    return proposals
