"""The second-factor pages that privileged roles meet after the password, checked with axe.

The rest of the browser suite switches the second factor off so every role goes straight
home; here it is on, as in production.
"""

from urllib.parse import urlsplit

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page

from clearsight.organisation.roles import Role
from tests.browser.axe import assert_no_axe_violations
from tests.browser.helpers import make_user, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def _second_factor_on(settings):  # type: ignore[no-untyped-def]
    settings.MFA_REQUIRED_FOR_PRIVILEGED = True


def _submit_empty(page: Page) -> None:
    with page.expect_navigation():
        page.locator("main form[method=post] button[type=submit]").first.click()
    assert page.title().startswith("Error: ")


def test_set_up_page_and_its_error_state(page: Page) -> None:
    sign_in(page, make_user(Role.ADMINISTRATOR).username)
    assert urlsplit(page.url).path == "/sign-in/authenticator/set-up/"
    assert_no_axe_violations(page, "the authenticator set-up page")
    _submit_empty(page)
    assert_no_axe_violations(page, "the authenticator set-up page with errors")


def test_code_page_its_error_state_and_a_right_code(page: Page) -> None:
    user = make_user(Role.QA_OFFICER)
    device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    sign_in(page, user.username)
    assert urlsplit(page.url).path == "/sign-in/authenticator/"
    assert_no_axe_violations(page, "the authenticator code page")
    _submit_empty(page)
    assert_no_axe_violations(page, "the authenticator code page with errors")

    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    page.locator("#id_code").fill(f"{code:0{device.digits}d}")
    with page.expect_navigation():
        page.get_by_role("button", name="Continue").click()
    assert urlsplit(page.url).path == "/"
