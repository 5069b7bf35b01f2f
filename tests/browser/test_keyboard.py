"""Keyboard use: the skip link comes first, and the error summary leads to the fields."""

import pytest
from playwright.sync_api import Page

from clearsight.organisation.roles import Role
from tests.browser.helpers import make_user, sign_in

pytestmark = pytest.mark.browser

ACTIVE = """() => {
  const element = document.activeElement;
  return {tag: element.tagName.toLowerCase(), id: element.id, text: element.textContent.trim(),
          classes: [...element.classList]};
}"""


def active(page: Page) -> dict:
    return page.evaluate(ACTIVE)


@pytest.mark.parametrize("signed_in", [False, True], ids=["signed-out", "signed-in"])
def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_main(page: Page,
                                                                   signed_in: bool) -> None:
    if signed_in:
        sign_in(page, make_user(Role.TEAM_MANAGER).username)
    else:
        page.goto("/accessibility/")
    page.wait_for_selector("[data-govuk-skip-link-init]", state="attached")

    page.keyboard.press("Tab")
    focused = active(page)
    assert focused["text"] == "Skip to main content", f"first Tab stop was {focused}"
    assert page.locator(".govuk-skip-link").is_visible(), "the focused skip link is not shown"

    page.keyboard.press("Enter")
    focused = active(page)
    assert (focused["tag"], focused["id"]) == ("main", "main-content"), focused
    # The next Tab carries on from main (into it, or past it), not from the header.
    page.keyboard.press("Tab")
    assert page.evaluate("""() => {
      const main = document.getElementById('main-content'), next = document.activeElement;
      return main.contains(next)
        || Boolean(main.compareDocumentPosition(next) & Node.DOCUMENT_POSITION_FOLLOWING);
    }"""), f"Tab after the skip link went to {active(page)}"


def test_sign_in_error_summary_takes_focus_and_its_links_reach_the_fields(page: Page) -> None:
    page.goto("/sign-in/")
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()
    page.wait_for_selector("[data-govuk-error-summary-init]", state="attached")

    focused = active(page)
    assert "govuk-error-summary" in focused["classes"], f"focus is on {focused}"

    page.keyboard.press("Tab")
    assert active(page)["text"] == "Enter your email address"
    page.keyboard.press("Enter")
    assert active(page)["id"] == "id_username"
    assert page.get_by_text("Email address", exact=True).is_visible()

    page.locator(".govuk-error-summary a[href='#id_password']").focus()
    assert active(page)["text"] == "Enter your password"
    page.keyboard.press("Enter")
    assert active(page)["id"] == "id_password"
    # The label is scrolled into view with the field, so the question is not lost.
    assert page.get_by_text("Password", exact=True).is_visible()
