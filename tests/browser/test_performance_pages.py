"""The performance pages in a real browser: on a 320 px wide screen (WCAG 1.4.10 reflow) and
with JavaScript switched off.

The pages are server-rendered; the area select is a GET form with its own button and the
period choices are plain links, so both must work without any script. A wide table may
scroll sideways inside its own box (a named region you can tab to), but the page never does.
"""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse
from playwright.sync_api import Page

from clearsight.organisation.models import Team, User
from clearsight.organisation.roles import Role
from clearsight_analytics.indicators import BY_CODE
from tests.browser.axe import assert_no_axe_violations
from tests.browser.helpers import make_user, sign_in

pytestmark = pytest.mark.browser

NARROW = {"width": 320, "height": 640}
F09 = BY_CODE["F09"].title


def _page_overflow(page: Page) -> int:
    """How many pixels wider than the screen the page is (0: no sideways scrolling)."""
    return int(page.evaluate(
        "() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)"
        " - document.documentElement.clientWidth"))


def _wide_things(page: Page) -> list[str]:
    """Elements reaching past the right edge of the screen outside a scrolling box."""
    return list(page.evaluate("""() => {
        const edge = document.documentElement.clientWidth;
        const found = [];
        for (const element of document.querySelectorAll('body *')) {
            if (element.closest('.app-table-scroll')) continue;
            const box = element.getBoundingClientRect();
            if (box.width > 0 && box.right > edge + 1) {
                found.push(element.tagName.toLowerCase() + '.' + element.className);
            }
        }
        return found.slice(0, 10);
    }"""))


def _check_scroll_boxes(page: Page) -> None:
    """Every box that scrolls can be reached with the keyboard and has a name."""
    boxes = page.locator(".app-table-scroll")
    for index in range(boxes.count()):
        box = boxes.nth(index)
        assert box.get_attribute("role") == "region"
        assert box.get_attribute("tabindex") == "0"
        labelled_by = box.get_attribute("aria-labelledby")
        name = (page.locator(f"#{labelled_by}").inner_text() if labelled_by
                else box.get_attribute("aria-label") or "")
        assert name.strip(), "a scrolling box with no name"


@pytest.fixture
def narrow(new_context) -> Page:  # type: ignore[no-untyped-def]
    return new_context(viewport=NARROW).new_page()


@pytest.fixture
def team_manager() -> User:
    return make_user(Role.TEAM_MANAGER)


def _team(user: User) -> Team:
    assert user.team is not None
    return user.team


@pytest.mark.parametrize("path", [
    reverse("performance:dashboard"),
    reverse("performance:dashboard") + "?area=team:{team}",
    reverse("performance:indicator", args=["F09"]),
    reverse("performance:indicator", args=["F09"]) + "?period=year",
    reverse("performance:indicator", args=["F09"]) + "?period=year&area=team:{team}",
])
def test_the_pages_fit_a_320_pixel_screen(narrow: Page, team_manager: User, path: str) -> None:
    sign_in(narrow, team_manager.username)
    narrow.goto(path.format(team=_team(team_manager).code))
    narrow.wait_for_load_state("load")
    assert narrow.locator("table").count() > 0
    assert _page_overflow(narrow) == 0, f"the page scrolls sideways: {_wide_things(narrow)}"
    assert not _wide_things(narrow)
    _check_scroll_boxes(narrow)
    if "indicator" in path:
        chart = narrow.locator("figure.app-chart svg").first
        assert chart.get_attribute("role") == "img"
        box = chart.bounding_box()
        assert box is not None
        assert box["width"] <= NARROW["width"]
    assert_no_axe_violations(narrow, f"{path} at 320 px")


def test_a_wide_table_scrolls_inside_its_box_with_the_keyboard(narrow: Page,
                                                               team_manager: User) -> None:
    sign_in(narrow, team_manager.username)
    narrow.goto(reverse("performance:dashboard"))
    boxes = narrow.locator(".app-table-scroll")
    wide = [boxes.nth(index) for index in range(boxes.count())
            if boxes.nth(index).evaluate("box => box.scrollWidth > box.clientWidth")]
    assert wide, "no table is wider than 320 px: nothing to scroll"
    box = wide[0]
    box.focus()
    assert box.evaluate("box => document.activeElement === box")
    narrow.keyboard.press("ArrowRight")
    narrow.wait_for_function("box => box.scrollLeft > 0", arg=box.element_handle())
    assert _page_overflow(narrow) == 0


@pytest.fixture
def no_script(new_context) -> Page:  # type: ignore[no-untyped-def]
    return new_context(java_script_enabled=False).new_page()


def test_the_area_select_works_without_javascript(no_script: Page, team_manager: User) -> None:
    sign_in(no_script, team_manager.username)
    no_script.goto(reverse("performance:dashboard"))
    assert no_script.get_by_role("heading", level=1).inner_text() == "Performance"
    team = _team(team_manager)
    no_script.get_by_label("Show figures for").select_option(f"team:{team.code}")
    with no_script.expect_navigation():
        no_script.get_by_role("button", name="Show").click()
    assert parse_qs(urlsplit(no_script.url).query) == {"area": [f"team:{team.code}"]}
    assert no_script.get_by_role("heading", level=1).inner_text() == (
        f"Performance: {team.name}")
    # The indicator pages keep the area.
    no_script.get_by_role("link", name=F09).click()
    assert no_script.get_by_role("heading", level=1).inner_text() == F09
    assert no_script.get_by_label("Show figures for").input_value() == f"team:{team.code}"


def test_the_period_links_work_without_javascript(no_script: Page, team_manager: User) -> None:
    sign_in(no_script, team_manager.username)
    no_script.goto(reverse("performance:indicator", args=["F09"]) + (
        f"?area=team:{_team(team_manager).code}"))
    periods = no_script.get_by_role("navigation", name="Periods")
    assert periods.locator("[aria-current=page]").inner_text() == "Months"
    for label, period in (("Collection years", "year"), ("Quarters", "quarter"),
                          ("Rolling 12 months", "rolling_12"), ("Months", "month")):
        periods.get_by_role("link", name=label).click()
        query = parse_qs(urlsplit(no_script.url).query)
        assert query == {"period": [period], "area": [f"team:{_team(team_manager).code}"]}
        assert periods.locator("[aria-current=page]").inner_text() == label
        assert no_script.get_by_role("table", name="The figures in the chart").is_visible()
    # The area form keeps the period chosen.
    periods.get_by_role("link", name="Quarters").click()
    no_script.get_by_label("Show figures for").select_option("")
    with no_script.expect_navigation():
        no_script.get_by_role("button", name="Show").click()
    assert parse_qs(urlsplit(no_script.url).query) == {"period": ["quarter"]}
    assert periods.locator("[aria-current=page]").inner_text() == "Quarters"


def test_a_refused_return_lists_its_problems_accessibly(narrow: Page, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from clearsight_analytics.tests.builders import child, cin_census_xml, episode

    analyst = make_user(Role.PERFORMANCE_ANALYST)
    upload = tmp_path / "cin.xml"
    upload.write_bytes(cin_census_xml(2026, [child("A1", ethnicity="XXXX",
                                                   episodes=[episode("2025-05-01")])]))
    sign_in(narrow, analyst.username)
    narrow.goto(reverse("performance:load-cin-census"))
    narrow.get_by_label("Upload the CIN census file").set_input_files(str(upload))
    with narrow.expect_navigation():
        narrow.get_by_role("button", name="Load", exact=True).click()
    assert narrow.title().startswith("Error: ")
    problems = narrow.get_by_role("table", name="Problems found")
    headers = problems.locator("thead th").all_inner_texts()
    assert headers[:3] == ["File", "Sheet or table", "Row"]
    assert problems.locator("tbody td").first.inner_text() == "cin.xml"
    narrow.locator(".govuk-error-summary a").first.click()
    assert narrow.evaluate("() => document.activeElement.id") == "id_file"
    assert _page_overflow(narrow) == 0, f"the page scrolls sideways: {_wide_things(narrow)}"
    _check_scroll_boxes(narrow)
    assert_no_axe_violations(narrow, "a refused CIN census at 320 px")
