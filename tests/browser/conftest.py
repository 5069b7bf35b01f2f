"""Browser fixtures: one Debian chromium for the whole run, driven by plain Playwright.

Every test here runs against pytest-django's `live_server`, which serves /static/ itself
through Django's staticfiles finders (StaticFilesHandler), so the built CSS and JS in
frontend/build and GOV.UK Frontend from node_modules load without collectstatic.
"""

import os
from collections.abc import Callable, Iterator
from importlib import import_module
from pathlib import Path

import pytest
from django.db import connection
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
BUILT_CSS = Path(__file__).resolve().parents[2] / "frontend" / "build" / "css" / "app.css"


@pytest.fixture(scope="session")
def chromium() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is not installed (bin/ensure-chromium installs it)"
        if os.environ.get("CI"):
            pytest.fail(message)  # CI must never pass by skipping the browser suite
        pytest.skip(message)
    if not BUILT_CSS.exists():
        pytest.fail("The front end is not built: run `npm run build` first")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def _browser_packs_dir(tmp_path_factory):  # type: ignore[no-untyped-def]
    return tmp_path_factory.mktemp("browser-packs")


@pytest.fixture(autouse=True)
def _browser_settings(settings, _browser_packs_dir):  # type: ignore[no-untyped-def]
    # The second factor has its own tests; here every role signs in with a password alone.
    settings.MFA_REQUIRED_FOR_PRIVILEGED = False
    # Sample records made for one browser test may be shown in a later one (pages.py makes
    # them on first use), so their files live as long as the run.
    settings.PACKS_DIR = _browser_packs_dir


@pytest.fixture(autouse=True)
def _empty_access_log_afterwards(transactional_db):  # type: ignore[no-untyped-def]
    """Let the live-server tests' database flush run although the access log is append-only.

    Opening a case writes an access-log row, and the database refuses to delete those rows
    (core migration 0003), so TransactionTestCase's flush would fail. Afterwards, and only
    here, the triggers are dropped, the rows deleted and the triggers put back.
    """
    yield
    migration = import_module("clearsight.core.migrations.0003_access_log_append_only")
    postgres = connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        for sql in migration.POSTGRES_DOWN if postgres else migration.SQLITE_DOWN:
            cursor.execute(sql)
        cursor.execute(f"DELETE FROM {migration.TABLE}")  # noqa: S608 (a constant)
        for sql in migration.POSTGRES_UP if postgres else migration.SQLITE_UP:
            cursor.execute(sql)


@pytest.fixture
def new_context(chromium: Browser, live_server) -> Iterator[Callable[..., BrowserContext]]:  # type: ignore[no-untyped-def]
    """Make browser contexts (separate cookie jars) on the live server; closed afterwards."""
    contexts: list[BrowserContext] = []

    def make(**options: object) -> BrowserContext:
        context = chromium.new_context(base_url=live_server.url, **options)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_context) -> Page:  # type: ignore[no-untyped-def]
    return new_context().new_page()
