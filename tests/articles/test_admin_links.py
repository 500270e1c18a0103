"""Links the admin and the article page offer: "View on site" that opens, permalinks with a name."""

import re

import pytest

from tests.factories import ArticleFactory, PriorityFactory, QuoteFactory

pytestmark = pytest.mark.django_db


def view_on_site_links(page):
    return re.findall(r'<a href="([^"]+)"[^>]*>View on site</a>', page)


@pytest.mark.parametrize("factory", [QuoteFactory, PriorityFactory], ids=["quote", "priority"])
def test_view_on_site_of_a_draft_item_opens_the_article_preview(staff_client, factory):
    item = factory(article=ArticleFactory(draft=True))
    preview = f"/preview/articles/{item.article.pk}/"
    admin_page = staff_client.get(f"/admin/{item._meta.app_label}/{item._meta.model_name}/{item.pk}/change/")
    assert view_on_site_links(admin_page.content.decode()) == [preview]
    inline = staff_client.get(f"/admin/articles/article/{item.article.pk}/change/").content.decode()
    assert view_on_site_links(inline).count(preview) == 2  # the article's own link and the item's
    assert staff_client.get(preview).status_code == 200


@pytest.mark.parametrize("factory", [QuoteFactory, PriorityFactory], ids=["quote", "priority"])
def test_view_on_site_of_a_public_item_opens_its_own_page(staff_client, client, factory):
    item = factory(article=ArticleFactory())
    admin_page = staff_client.get(f"/admin/{item._meta.app_label}/{item._meta.model_name}/{item.pk}/change/")
    assert view_on_site_links(admin_page.content.decode()) == [item.get_absolute_url()]
    assert client.get(item.get_absolute_url()).status_code == 200


def test_quote_permalink_has_a_name_not_just_a_hash(client):
    quote = QuoteFactory(article=ArticleFactory(), speaker__name="Xu Jian")
    page = client.get(quote.article.get_absolute_url()).content.decode()
    link = re.search(r'<a class="pull-quote__permalink"[^>]*>(.*?)</a>', page).group(1)
    assert '<span aria-hidden="true">#</span>' in link
    assert re.sub(r"<span aria-hidden=\"true\">#</span>|<[^>]+>", "", link) == "Link to this quote by Xu Jian"
