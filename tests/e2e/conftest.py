"""Real-browser fixtures: Debian's Chromium driven by Playwright against live_server."""

import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls the
# tests make beside it are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
SCREENSHOTS = Path(__file__).parent / "screenshots"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: `apt-get install chromium` (CI's .ci/run does).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
        )
        yield browser
        browser.close()


@pytest.fixture(autouse=True)
def static_files_from_finders(settings):
    """live_server serves /static/ from the apps' folders, which know no fingerprinted names."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def open_page(browser, viewport):
    """A page in a fresh context; every response of 400 or more is recorded on it."""
    context = browser.new_context(viewport=viewport, device_scale_factor=1)
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.failed_responses = []
    page.on("response", lambda r: r.status >= 400 and page.failed_responses.append((r.status, r.url)))
    return page


def failed_assets(page):
    """Stylesheets, scripts and images that did not load: a page's own 404 is a test's business."""
    return [(status, url) for status, url in page.failed_responses if "/static/" in url]


@pytest.fixture
def page(browser):
    page = open_page(browser, DESKTOP)
    yield page
    page.context.close()
    assert failed_assets(page) == []


@pytest.fixture
def phone(browser):
    page = open_page(browser, PHONE)
    yield page
    page.context.close()
    assert failed_assets(page) == []


@pytest.fixture
def screenshot():
    """Saves a full-page PNG under tests/e2e/screenshots/ when SCREENSHOTS=1 (`make screenshots`)."""

    def take(page, name):
        if os.environ.get("SCREENSHOTS") == "1":
            SCREENSHOTS.mkdir(exist_ok=True)
            page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)

    return take


@pytest.fixture
def demo_site(transactional_db, live_server):
    """The demo symposium, plus enough tagged quotes to page through."""
    from django.core.management import call_command

    call_command("load_demo", verbosity=0)
    return live_server.url
