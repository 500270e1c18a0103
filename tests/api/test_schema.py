"""The OpenAPI schema is valid OpenAPI 3.1, and every endpoint's real responses match it, field for field."""

import copy
from urllib.parse import quote as urlquote

import pytest
from drf_spectacular.validation import validate_schema
from jsonschema import Draft202012Validator, FormatChecker
from openapi_spec_validator import validate as validate_spec

pytestmark = pytest.mark.django_db


@pytest.fixture
def schema(api):
    response = api("/api/v1/schema/")
    assert response.status_code == 200
    return response.data


def test_schema_is_valid_openapi(schema):
    assert schema["openapi"].startswith("3.1")
    validate_spec(schema)
    validate_schema(schema)


def closed(schema):
    """The schema with every object closed to properties it does not name: an undocumented field fails."""
    schema = copy.deepcopy(schema)

    def close(node):
        if isinstance(node, dict):
            if "properties" in node:
                node["unevaluatedProperties"] = False
            for value in node.values():
                close(value)
        elif isinstance(node, list):
            for value in node:
                close(value)

    close(schema["components"])
    return schema


def pointer(*parts):
    return "#/" + "/".join(part.replace("~", "~0").replace("/", "~1") for part in parts)


def check(schema, path, url, response):
    """Validates the response's JSON against the schema's 200 response of `path`."""
    assert response.status_code == 200, (url, response.content[:300])
    ref = pointer("paths", path, "get", "responses", "200", "content", "application/json", "schema")
    validator = Draft202012Validator({**schema, "$ref": ref}, format_checker=FormatChecker())
    errors = [f"{list(error.absolute_path)}: {error.message}" for error in validator.iter_errors(response.json())]
    assert errors == [], url


def endpoints(newsroom):
    old = newsroom["old"]
    quote = old.quotes.get()
    return [
        ("/api/v1/articles/", "/api/v1/articles/?page_size=1"),
        ("/api/v1/articles/", f"/api/v1/articles/?q={urlquote('材料')}&tag=silicon"),
        ("/api/v1/articles/{slug}/", "/api/v1/articles/photoresist-supply/"),
        ("/api/v1/articles/{slug}/", f"/api/v1/articles/{urlquote('硅基材料')}/"),
        ("/api/v1/quotes/", "/api/v1/quotes/"),
        ("/api/v1/quotes/{id}/", f"/api/v1/quotes/{quote.pk}/"),
        ("/api/v1/priorities/", "/api/v1/priorities/?page_size=1"),
        ("/api/v1/priorities/{slug}/", f"/api/v1/priorities/{old.priorities.get().slug}/"),
        ("/api/v1/speakers/", "/api/v1/speakers/"),
        ("/api/v1/speakers/{slug}/", "/api/v1/speakers/li-shousheng/"),
        ("/api/v1/events/", "/api/v1/events/"),
        ("/api/v1/events/{slug}/", "/api/v1/events/materials-forum/"),
        ("/api/v1/tags/", "/api/v1/tags/?page_size=2"),
        ("/api/v1/tags/{slug}/", "/api/v1/tags/photoresist/"),
        ("/api/v1/search/", "/api/v1/search/?q=photoresist&page_size=3"),
        ("/api/v1/search/", f"/api/v1/search/?q={urlquote('硅基')}&tag=silicon&match=any"),
    ]


def test_every_endpoint_answers_as_the_schema_says(api, schema, newsroom):
    from articles.services import link_translations

    link_translations(newsroom["old"], newsroom["new"])
    newsroom["old"].event.end_date = newsroom["old"].event.start_date
    newsroom["old"].event.save()
    strict = closed(schema)
    checked = set()
    for path, url in endpoints(newsroom):
        check(strict, path, url, api(url))
        checked.add(path)
    assert checked == set(schema["paths"])


def test_the_check_sees_a_field_the_schema_does_not_name(api, schema, newsroom):
    response = api("/api/v1/speakers/li-shousheng/")
    response.json = lambda: {**response.data, "secret_field": 1}
    with pytest.raises(AssertionError):
        check(closed(schema), "/api/v1/speakers/{slug}/", "/api/v1/speakers/li-shousheng/", response)


def test_the_schema_names_the_site_address(schema, settings):
    assert schema["servers"] == [{"url": settings.SITE_URL}]


def test_docs_page_is_served_under_the_site_policy_with_no_inline_script(client):
    import re

    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    html = response.content.decode()
    assert re.findall(r"<script(?![^>]*\bsrc=)", html) == []  # every script is a file
    assert "<style" not in html and "style=" not in html
    assert "cdn" not in html.lower()
    assert 'data-schema-url="/api/v1/schema/"' in html
