"""Everything works with JavaScript switched off (progressive enhancement only).

axe is not run here: with JavaScript off in the context its asynchronous checks never finish.
Those pages are checked with JavaScript on in test_accessibility.py.
"""

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page

from clearsight.organisation.roles import Role
from tests.browser.helpers import make_user, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def page(new_context) -> Page:  # type: ignore[no-untyped-def]
    return new_context(java_script_enabled=False).new_page()


def test_sign_in_and_reach_the_home_page(page: Page) -> None:
    user = make_user(Role.PRACTITIONER)
    sign_in(page, user.username)
    assert urlsplit(page.url).path == "/"
    assert page.get_by_role("heading", level=1).inner_text() == "Home"
    assert page.get_by_text(f"Signed in as {user.display_name}").is_visible()
    # The page's own scripts did not run: the inline script would have added js-enabled.
    assert "js-enabled" not in (page.locator("body").get_attribute("class") or "")


def test_sign_in_errors_without_javascript(page: Page) -> None:
    page.goto("/sign-in/")
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()
    assert page.title().startswith("Error: ")
    page.get_by_role("link", name="Enter your email address").click()
    assert urlsplit(page.url).fragment == "id_username"


def test_case_pages_without_javascript(page: Page) -> None:
    user = make_user(Role.TEAM_MANAGER)
    sign_in(page, user.username)
    page.get_by_role("link", name="Cases").first.click()
    assert page.get_by_role("heading", level=1).inner_text() == "Open cases"
    page.locator("table a").first.click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Case ")
