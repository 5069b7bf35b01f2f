"""axe-core finds nothing on any page, for any role.

For each role: one user in a team with a few cases signs in through the real form, in one
browser context, and visits every page the role may open (tests/browser/pages.py). The visits
for a role happen once, on the first test for that role; each (role, page) pair is then its
own test, so a failure names both. Every visit also checks that the page's CSS, JS and images
loaded and that the browser logged no errors (a CSP refusal, a script failure).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import BrowserContext, Page

from clearsight.organisation.roles import Role
from tests.browser.axe import assert_no_axe_violations, axe_violations, describe
from tests.browser.helpers import make_user, sign_in
from tests.browser.pages import Route, public_routes, role_routes, url_for

pytestmark = pytest.mark.browser

SIGNED_OUT = "signed-out"
# Every role's pages, then the public pages for someone who is not signed in.
ROLE_ROUTES = role_routes() + [(SIGNED_OUT, route) for route in public_routes()]


@dataclass
class Visit:
    url: str
    status: int | None = None
    final_url: str = ""
    error: str = ""  # the page could not be visited at all
    violations: list[dict] = field(default_factory=list)
    broken: list[str] = field(default_factory=list)  # sub-resources that failed to load
    console_errors: list[str] = field(default_factory=list)


def _watch(page: Page) -> Callable[[Visit], None]:
    """Record failed sub-resources and browser errors on whichever visit is current."""
    current: list[Visit] = []

    def on_response(response) -> None:  # type: ignore[no-untyped-def]
        if response.status >= 400 and response.request.resource_type != "document":
            current[-1].broken.append(f"{response.status} {response.url}")

    page.on("response", on_response)
    page.on("requestfailed", lambda request: current[-1].broken.append(f"failed {request.url}"))
    page.on("console", lambda message: current[-1].console_errors.append(
        f"{message.text} ({message.location.get('url', '')})") if message.type == "error" else None)
    return current.append


def visit_all(role: str, new_context: Callable[..., BrowserContext]) -> dict[str, Visit]:
    page = new_context().new_page()
    user = None
    if role != SIGNED_OUT:
        user = make_user(role)
        sign_in(page, user.username)
        assert urlsplit(page.url).path == "/", f"{role} did not reach the home page: {page.url}"
    start = _watch(page)
    visits: dict[str, Visit] = {}
    for visit_role, route in ROLE_ROUTES:
        if visit_role != role:
            continue
        try:
            visit = visits[route.path] = Visit(url_for(route, user))
        except LookupError as error:
            visits[route.path] = Visit(route.path, error=str(error))
            continue
        start(visit)
        response = page.goto(visit.url)
        page.wait_for_load_state("load")
        visit.status = response.status if response else None
        visit.final_url = urlsplit(page.url).path
        visit.violations = axe_violations(page)
    page.context.close()
    return visits


@pytest.fixture(scope="session")
def _visits_by_role() -> dict[str, dict[str, Visit] | str]:
    return {}


@pytest.fixture
def visits_for(_visits_by_role, new_context):  # type: ignore[no-untyped-def]
    def get(role: str) -> dict[str, Visit]:
        if role not in _visits_by_role:
            try:
                _visits_by_role[role] = visit_all(role, new_context)
            except Exception as error:
                _visits_by_role[role] = f"{type(error).__name__}: {error}"
                raise
        visits = _visits_by_role[role]
        if isinstance(visits, str):
            pytest.fail(f"Visiting the pages for {role} failed on an earlier test: {visits}")
        return visits

    return get


@pytest.mark.parametrize(("role", "route"), ROLE_ROUTES,
                         ids=[f"{role}-{route.path}" for role, route in ROLE_ROUTES])
def test_page_has_no_axe_violations(role: str, route: Route, visits_for) -> None:  # type: ignore[no-untyped-def]
    visit = visits_for(role)[route.path]
    where = f"{visit.url} ({route.name}) " + (
        "signed out" if role == SIGNED_OUT else f"signed in as {role}")
    assert not visit.error, visit.error
    assert visit.status == 200, f"{where}: answered {visit.status}, expected 200"
    assert visit.final_url == urlsplit(visit.url).path, f"{where}: ended at {visit.final_url}"
    assert not visit.broken, f"{where}: resources did not load: {visit.broken}"
    assert not visit.console_errors, f"{where}: browser errors: {visit.console_errors}"
    assert not visit.violations, (f"{len(visit.violations)} axe violation(s) on {where}:\n"
                                  + describe(visit.violations))


def test_every_role_has_pages_to_check() -> None:
    roles = {role for role, _ in ROLE_ROUTES}
    assert roles == {role.value for role in Role} | {SIGNED_OUT}


def test_css_and_javascript_load(page: Page) -> None:
    """The live server serves the built front end: styles apply and GOV.UK Frontend starts."""
    statuses: dict[str, int] = {}
    page.on("response", lambda response: statuses.__setitem__(
        urlsplit(response.url).path, response.status))
    page.goto("/sign-in/")
    page.wait_for_load_state("load")
    for path in ("/static/css/app.css", "/static/js/app.js",
                 "/static/govuk-frontend/govuk-frontend.min.js"):
        assert statuses.get(path) == 200, f"{path}: {statuses.get(path)}"
    font = page.evaluate("() => getComputedStyle(document.querySelector('h1')).fontFamily")
    assert "arial" in font.lower()
    assert page.evaluate("() => document.body.classList.contains('govuk-frontend-supported')")
    page.wait_for_selector("[data-govuk-skip-link-init]", state="attached")


def test_sign_in_page(page: Page) -> None:
    response = page.goto("/sign-in/")
    assert response is not None
    assert response.status == 200
    assert_no_axe_violations(page, "the sign-in page")


def test_sign_in_error_state(page: Page) -> None:
    page.goto("/sign-in/")
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()
    assert page.locator(".govuk-error-summary").is_visible()
    assert page.title().startswith("Error: ")
    assert_no_axe_violations(page, "the sign-in page with errors")


def test_wrong_password_error_state(page: Page) -> None:
    make_user(Role.TEAM_MANAGER)
    sign_in(page, "team-manager@test.example", "not the password")
    assert page.locator(".govuk-error-summary").is_visible()
    assert_no_axe_violations(page, "the sign-in page after a wrong password")


def test_not_found_page(page: Page) -> None:
    user = make_user(Role.TEAM_MANAGER)
    sign_in(page, user.username)
    response = page.goto("/no-such-page/")
    assert response is not None
    assert response.status == 404
    assert page.get_by_role("heading", level=1).inner_text() == "Page not found"
    assert_no_axe_violations(page, "the 404 page")


def test_not_found_page_signed_out(page: Page) -> None:
    response = page.goto("/no-such-page/")
    assert response is not None
    assert response.status == 404
    assert_no_axe_violations(page, "the 404 page, signed out")


def test_forbidden_page(page: Page) -> None:
    user = make_user(Role.BOARD_MEMBER)
    sign_in(page, user.username)
    response = page.goto("/cases/")
    assert response is not None
    assert response.status == 403
    assert_no_axe_violations(page, "the 403 page")
