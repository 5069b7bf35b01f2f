"""The idle-timeout warning (WCAG 2.2.1 Timing adjustable).

The first test runs in real time: the limits are shortened to seconds through settings (the
middleware and the page both read them), and "Stay signed in" must keep the server's session
going past the point where it would otherwise have ended. The others install Playwright's clock
in the page, so the warning's 25th minute arrives at once while the server's clock stays real.
"""

import time
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect

from clearsight.organisation.roles import Role
from tests.browser.axe import assert_no_axe_violations
from tests.browser.helpers import make_user, sign_in

pytestmark = pytest.mark.browser

IDLE_SECONDS = 10
WARNING_SECONDS = 6  # so the warning opens 4 seconds after the page loads


def test_timeout_warning_takes_focus_passes_axe_and_stay_signed_in_keeps_the_session(
        page: Page, settings) -> None:  # type: ignore[no-untyped-def]
    settings.SESSION_IDLE_MINUTES = IDLE_SECONDS / 60
    settings.SESSION_WARNING_MINUTES = WARNING_SECONDS / 60
    user = make_user(Role.PRACTITIONER)
    sign_in(page, user.username)
    loaded_at = time.monotonic()  # the sign-in redirect's home page was the last request
    assert urlsplit(page.url).path == "/"

    dialog = page.get_by_role("dialog")
    dialog.wait_for(state="visible", timeout=(IDLE_SECONDS + 5) * 1000)
    opened_after = time.monotonic() - loaded_at
    assert opened_after < IDLE_SECONDS, f"the warning opened after {opened_after:.1f}s"
    assert page.evaluate(
        "() => document.querySelector('dialog[open]').contains(document.activeElement)"
    ), "focus did not move into the warning"
    assert_no_axe_violations(page, "the session-timeout warning")

    page.get_by_role("button", name="Stay signed in").click()
    dialog.wait_for(state="hidden")
    assert page.evaluate("() => !document.querySelector('dialog[open]')")

    # Past the moment the session would have ended without "Stay signed in".
    time.sleep(max(0.0, IDLE_SECONDS + 2 - (time.monotonic() - loaded_at)))
    page.goto("/")
    assert urlsplit(page.url).path == "/", f"signed out after staying signed in: {page.url}"
    assert page.get_by_role("heading", level=1).inner_text() == "Home"


@pytest.fixture
def clock_page(new_context) -> tuple[Page, list[str]]:  # type: ignore[no-untyped-def]
    page = new_context().new_page()
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text)
            if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    sign_in(page, make_user(Role.PRACTITIONER).username)
    page.clock.install()
    page.goto("/")
    return page, problems


def _dialog(page: Page):  # type: ignore[no-untyped-def]
    return page.locator("#app-timeout-warning")


def test_warning_opens_five_minutes_before_and_traps_focus(clock_page):
    page, problems = clock_page
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


def test_stay_signed_in_posts_and_closes(clock_page):
    page, problems = clock_page
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


def test_escape_also_keeps_you_signed_in(clock_page):
    page, problems = clock_page
    page.clock.run_for("25:01")
    expect(_dialog(page)).to_be_visible()
    with page.expect_response("**/session/extend/") as info:
        page.keyboard.press("Escape")
    assert info.value.status == 204
    expect(_dialog(page)).to_be_hidden()
    assert problems == []


def test_when_time_runs_out_it_goes_to_sign_in(clock_page):
    page, _ = clock_page
    page.route("**/sign-in/**", lambda route: route.fulfill(
        status=200, content_type="text/html", body="<title>stub</title><h1>Sign in</h1>"))
    with page.expect_request("**/sign-in/**") as info:
        page.clock.run_for("30:02")
    assert info.value.url.endswith("/sign-in/?next=%2F")


def test_without_javascript_nothing_shows(new_context) -> None:  # type: ignore[no-untyped-def]
    page = new_context(java_script_enabled=False).new_page()
    sign_in(page, make_user(Role.PRACTITIONER).username)
    expect(page.get_by_role("heading", level=1)).to_have_text("Home")
    expect(_dialog(page)).to_be_hidden()
