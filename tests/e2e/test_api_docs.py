"""The API's documentation page works in a real browser under the site's Content-Security-Policy."""

import pytest


def open_docs(page, demo_site):
    violations = []
    page.on("console", lambda message: message.type == "error" and violations.append(message.text))
    page.goto(f"{demo_site}/api/v1/docs/")
    page.wait_for_selector(".opblock-summary-path", timeout=15_000)
    return violations


@pytest.mark.parametrize("viewport", ["page", "phone"])
def test_docs_page_lists_every_endpoint_without_breaking_the_policy(request, demo_site, screenshot, viewport):
    page = request.getfixturevalue(viewport)
    violations = open_docs(page, demo_site)
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert "/api/v1/articles/" in paths
    assert "/api/v1/tags/{slug}/" in paths
    assert [v for v in violations if "Content Security Policy" in v or "Refused" in v] == []
    screenshot(page, f"api-docs-{'desktop' if viewport == 'page' else 'phone'}")


def test_a_reader_tries_an_endpoint_from_the_docs(page, demo_site, screenshot, settings):
    settings.SITE_URL = demo_site  # the schema's server: the page's own origin, as in production
    violations = open_docs(page, demo_site)
    page.locator(".opblock-summary-path", has_text="/api/v1/speakers/").first.click()
    page.get_by_role("button", name="Try it out").click()
    page.get_by_role("button", name="Execute").click()
    body = page.locator(".live-responses-table .highlight-code").first
    body.wait_for(timeout=10_000)
    assert "li-shousheng" in body.inner_text()
    assert violations == []
    screenshot(page, "api-docs-try-it")
