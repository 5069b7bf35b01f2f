"""The idle-timeout warning (WCAG 2.2.1 Timing adjustable), in real time.

The limits are shortened to seconds through settings (the middleware and the page both read
them), so the warning opens a few seconds after a page loads. "Stay signed in" must keep the
server's session going past the point where it would otherwise have ended.
"""

import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page

from clearsight.organisation.roles import Role
from tests.browser.axe import assert_no_axe_violations
from tests.browser.helpers import make_user, sign_in

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
WARNING_TEMPLATE = ROOT / "clearsight/accounts/templates/accounts/timeout_warning.html"
WARNING_SCRIPT = ROOT / "frontend/build/js/timeout.js"
IDLE_SECONDS = 10
WARNING_SECONDS = 6  # so the warning opens 4 seconds after the page loads


def _warning_is_built() -> bool:
    return ("<dialog" in WARNING_TEMPLATE.read_text() and WARNING_SCRIPT.exists())


@pytest.mark.skipif(not _warning_is_built(),
                    reason="the session-timeout warning (accounts/timeout_warning.html and "
                           "frontend/js/timeout.js, built) is not there yet")
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
