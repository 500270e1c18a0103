"""Priorities renumbered in the article form: swapped, shifted or deleted, saved without a clash."""

import pytest
from django.forms import inlineformset_factory

from articles.models import Article
from priorities.forms import RenumberingFormSet
from priorities.models import Priority
from tests.factories import ArticleFactory, PriorityFactory

pytestmark = pytest.mark.django_db

PriorityFormSet = inlineformset_factory(
    Article, Priority, formset=RenumberingFormSet, fields=["number", "title"], extra=0, can_delete=True
)


def post(article, rows):
    """Form data for the article's priorities: rows of (priority, new number, delete?)."""
    data = {"priorities-TOTAL_FORMS": len(rows), "priorities-INITIAL_FORMS": len(rows)}
    for i, (priority, number, delete) in enumerate(rows):
        data |= {f"priorities-{i}-id": priority.pk, f"priorities-{i}-number": number}
        data |= {f"priorities-{i}-title": priority.title, f"priorities-{i}-article": article.pk}
        if delete:
            data[f"priorities-{i}-DELETE"] = "on"
    return PriorityFormSet(data, instance=article, prefix="priorities")


def numbers(article):
    return list(article.priorities.order_by("number").values_list("title", "number"))


def test_swapped_numbers_are_saved(db):
    article = ArticleFactory()
    one, two, three = (PriorityFactory(article=article, number=n, title=t) for n, t in [(1, "A"), (2, "B"), (3, "C")])
    formset = post(article, [(one, 2, False), (two, 3, False), (three, 1, False)])
    assert formset.is_valid(), formset.errors
    formset.save()
    assert numbers(article) == [("C", 1), ("A", 2), ("B", 3)]


def test_a_deleted_number_can_be_taken_by_another(db):
    article = ArticleFactory()
    one, two = (PriorityFactory(article=article, number=n, title=t) for n, t in [(1, "A"), (2, "B")])
    formset = post(article, [(two, 1, False), (one, 1, True)])
    assert formset.is_valid(), formset.errors
    formset.save()
    assert numbers(article) == [("B", 1)]


def test_the_same_number_twice_is_a_form_error_not_a_crash(db):
    article = ArticleFactory()
    one, two = (PriorityFactory(article=article, number=n, title=t) for n, t in [(1, "A"), (2, "B")])
    formset = post(article, [(one, 2, False), (two, 2, False)])
    assert not formset.is_valid()
    assert numbers(article) == [("A", 1), ("B", 2)]
