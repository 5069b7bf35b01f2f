"""Governance packs in a real browser, without any script needed: a QA officer makes a board
pack, its page shows the figures and the three downloads, and a board member then reads it but
cannot make one. Every page on the way has no axe violations."""

import pytest
from django.urls import reverse
from playwright.sync_api import Page

from clearsight.governance.models import Pack
from clearsight.organisation.roles import Role
from clearsight.plans.tests.factories import plan_with_actions
from tests.browser.axe import assert_no_axe_violations
from tests.browser.helpers import make_user, sign_in

pytestmark = pytest.mark.browser


def test_a_qa_officer_makes_a_board_pack_and_a_board_member_reads_it(page: Page):
    qa = make_user(Role.QA_OFFICER)
    board = make_user(Role.BOARD_MEMBER)
    plan_with_actions(name="Phase 3")
    sign_in(page, qa.username)

    page.goto(reverse("governance:index"))
    assert_no_axe_violations(page)
    page.get_by_label("Six-weekly improvement board pack").check()
    # The job queue runs immediately in tests, inside this request: three documents are
    # written before the page answers, which takes longer than a click's usual wait.
    page.get_by_role("button", name="Make the pack").click(timeout=90_000)
    pack = Pack.objects.get()
    # The job queue runs immediately in tests, so the pack is ready when the page opens.
    assert page.get_by_role("heading", level=1).inner_text() == (
        f"Six-weekly improvement board pack: {pack.period_label}")
    assert_no_axe_violations(page)
    assert page.get_by_role("heading", name="Plan progress: Phase 3").is_visible()
    assert "fewer than 5" in page.locator("main").inner_text()
    with page.expect_download() as download:
        page.get_by_role("link", name="PDF (tagged, accessible)").click()
    path = download.value.path()
    with open(path, "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"

    page.context.clear_cookies()
    sign_in(page, board.username)
    page.goto(reverse("governance:index"))
    assert_no_axe_violations(page)
    assert page.get_by_role("button", name="Make the pack").count() == 0
    assert pack.data_version in page.locator("main").inner_text()
    page.get_by_role("link", name="Six-weekly improvement board pack").first.click()
    assert page.get_by_role("heading", name="Audit activity").is_visible()
