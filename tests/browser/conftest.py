"""Browser tests: Playwright (sync API) driving Debian's Chromium against pytest-django's
`live_server`.

Every test in this folder is marked `browser` (`pytest -m "not browser"` skips them). The `page`
fixture opens a fresh browser context (Vietnamese locale, Hanoi time zone) whose base URL is the
live server, so a test can write `page.goto("/people/")`. A test fails when its page
- asks for anything outside the live server (Garrison must work on closed networks: no CDN),
- throws an uncaught JavaScript error, or
- gets an error answer for a static file (a missing Bootstrap/htmx/Chart.js asset).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

# Playwright's sync API runs an asyncio event loop in the test thread; Django refuses ORM calls
# from a thread with a running loop unless told it is safe (it is: nothing else runs there).
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path(os.environ.get("GARRISON_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-gpu",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",  # containers often have a tiny /dev/shm
]
TIMEOUT_MS = 10_000
HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if HERE in item.path.resolve().parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser() -> Iterator:
    if not CHROMIUM.is_file():
        pytest.fail(
            f"Browser tests need Chromium at {CHROMIUM}, which is missing. Install it with "
            "`apt-get install chromium` (scripts/test does so when run as root), or set "
            "GARRISON_CHROMIUM to its path. Playwright's own browser download is not used.",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def context(browser, live_server) -> Iterator:
    """A fresh browser context (cookies, storage) per test, pointed at the live server."""
    base_url = live_server.url
    context = browser.new_context(
        base_url=base_url,
        locale="vi-VN",
        timezone_id="Asia/Ho_Chi_Minh",
        viewport={"width": 1280, "height": 900},
    )
    context.set_default_timeout(TIMEOUT_MS)
    problems: list[str] = []

    def refuse_outside(route) -> None:
        problems.append(f"request outside the server: {route.request.url}")
        route.abort()

    context.route(lambda url: not url.startswith((base_url, "data:", "blob:")), refuse_outside)

    def watch(page) -> None:
        def on_error(error) -> None:
            problems.append(f"JavaScript error on {page.url}: {error}")

        def on_response(response) -> None:
            if "/static/" in response.url and response.status >= 400:
                problems.append(f"static file answered {response.status}: {response.url}")

        page.on("pageerror", on_error)
        page.on("response", on_response)

    context.on("page", watch)
    yield context
    context.close()
    if problems:
        pytest.fail("The browser saw problems:\n" + "\n".join(problems), pytrace=False)


@pytest.fixture
def page(context) -> Iterator:
    """A new page in a fresh context; `page.goto("/")` opens the live server's home page."""
    yield context.new_page()
