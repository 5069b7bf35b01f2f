"""The idle-timeout warning in a real browser (Debian's chromium, driven by Playwright).

Playwright's clock stands in for the browser's: the warning opens 25 minutes after the page
loads without waiting 25 minutes. The server's clock is real, so "Stay signed in" really posts.
"""

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from clearsight.organisation.roles import Role
from clearsight.organisation.tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
CHROMIUM = Path("/usr/bin/chromium")
BUILT_JS = Path(__file__).resolve().parents[3] / "frontend" / "build" / "js" / "timeout.js"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is not installed")
    if not BUILT_JS.exists():
        pytest.fail("The front end is not built: run `npm run build` first")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=["--headless", "--no-sandbox", "--disable-gpu"])
        yield browser
        browser.close()


@pytest.fixture
def signed_in_page(browser, live_server, settings) -> Iterator[tuple[Page, list[str]]]:  # type: ignore[no-untyped-def]
    settings.MFA_REQUIRED_FOR_PRIVILEGED = False
    user = UserFactory(roles=[Role.PRACTITIONER])
    context = browser.new_context(base_url=live_server.url)
    context.set_default_timeout(10_000)
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text)
            if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.goto("/sign-in/")
    page.get_by_label("Email address").fill(user.username)
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(live_server.url + "/")
    page.clock.install()
    page.goto("/")
    yield page, problems
    context.close()


def _dialog(page: Page):  # type: ignore[no-untyped-def]
    return page.locator("#app-timeout-warning")


def test_warning_opens_five_minutes_before_and_traps_focus(signed_in_page):
    page, problems = signed_in_page
    dialog = _dialog(page)
    page.clock.run_for("24:58")
    expect(dialog).to_be_hidden()
    page.clock.run_for("00:03")
    expect(dialog).to_be_visible()
    expect(page.get_by_role("dialog", name="You are about to be signed out")).to_be_visible()
    expect(dialog.locator("[data-timeout-countdown]")).to_have_text("5 minutes")
    stay = dialog.get_by_role("button", name="Stay signed in")
    sign_out = dialog.get_by_role("link", name="Sign out")
    expect(stay).to_be_focused()
    page.keyboard.press("Tab")
    expect(sign_out).to_be_focused()
    page.keyboard.press("Tab")
    expect(stay).to_be_focused()
    page.keyboard.press("Shift+Tab")
    expect(sign_out).to_be_focused()

    page.clock.run_for("01:00")
    expect(dialog.locator("[data-timeout-countdown]")).to_have_text("4 minutes")
    expect(dialog.locator("[aria-live]")).to_have_text("You will be signed out in 4 minutes.")
    assert problems == []


def test_stay_signed_in_posts_and_closes(signed_in_page):
    page, problems = signed_in_page
    page.clock.run_for("25:01")
    with page.expect_response("**/session/extend/") as info:
        _dialog(page).get_by_role("button", name="Stay signed in").click()
    assert info.value.status == 204
    expect(_dialog(page)).to_be_hidden()
    page.clock.run_for("24:00")  # the idle clock started again
    expect(_dialog(page)).to_be_hidden()
    page.clock.run_for("01:01")
    expect(_dialog(page)).to_be_visible()
    assert problems == []


def test_escape_also_keeps_you_signed_in(signed_in_page):
    page, problems = signed_in_page
    page.clock.run_for("25:01")
    expect(_dialog(page)).to_be_visible()
    with page.expect_response("**/session/extend/") as info:
        page.keyboard.press("Escape")
    assert info.value.status == 204
    expect(_dialog(page)).to_be_hidden()
    assert problems == []


def test_when_time_runs_out_it_goes_to_sign_in(signed_in_page):
    page, _ = signed_in_page
    page.route("**/sign-in/**", lambda route: route.fulfill(
        status=200, content_type="text/html", body="<title>stub</title><h1>Sign in</h1>"))
    with page.expect_request("**/sign-in/**") as info:
        page.clock.run_for("30:02")
    assert info.value.url.endswith("/sign-in/?next=%2F")


def test_without_javascript_nothing_shows(browser, live_server, settings):  # type: ignore[no-untyped-def]
    settings.MFA_REQUIRED_FOR_PRIVILEGED = False
    user = UserFactory(roles=[Role.PRACTITIONER])
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/sign-in/")
    page.get_by_label("Email address").fill(user.username)
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Home")
    expect(_dialog(page)).to_be_hidden()
    context.close()
