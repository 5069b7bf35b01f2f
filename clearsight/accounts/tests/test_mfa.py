"""The second factor (TOTP) for privileged roles signing in with a password."""

import datetime as dt
from base64 import b32encode
from urllib.parse import urlencode

import pytest
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from clearsight.organisation.roles import PRIVILEGED_ROLES, Role
from clearsight.organisation.tests.factories import UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery"
SETUP = reverse("accounts:mfa-setup")
VERIFY = reverse("accounts:mfa-verify")
HOME = reverse("accounts:home")
ENTER_CODE = "Enter the 6-digit code from your authenticator app"


@pytest.fixture(autouse=True)
def _mfa_on(settings, time_machine):  # type: ignore[no-untyped-def]
    settings.MFA_REQUIRED_FOR_PRIVILEGED = True
    time_machine.move_to(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC), tick=False)


def _code(device: TOTPDevice) -> str:
    token = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token()
    return f"{token:06d}"


def _sign_in(client, user, **extra):  # type: ignore[no-untyped-def]
    return client.post(reverse("accounts:sign-in"),
                       {"username": user.username, "password": PASSWORD, **extra})


def _set_up(client, user):  # type: ignore[no-untyped-def]
    """Sign in and set up an app; returns the confirmed device."""
    _sign_in(client, user)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=user)
    response = client.post(SETUP, {"code": _code(device)})
    assert response.status_code == 302, response.content.decode()
    device.refresh_from_db()
    return device


@pytest.fixture
def admin_user():  # type: ignore[no-untyped-def]
    return UserFactory(username="admin@demoshire.example", roles=[Role.ADMINISTRATOR])


@pytest.mark.parametrize("role", sorted(PRIVILEGED_ROLES))
def test_privileged_password_sign_in_goes_to_set_up(client, role):
    user = UserFactory(roles=[role])
    response = _sign_in(client, user)
    assert response.status_code == 302
    assert response["Location"] == f"{SETUP}?{urlencode({'next': HOME})}"


@pytest.mark.parametrize("role", sorted(set(Role) - PRIVILEGED_ROLES))
def test_other_roles_need_no_second_factor(client, role):
    user = UserFactory(roles=[role])
    assert _sign_in(client, user)["Location"] == HOME
    assert client.get(HOME).status_code == 200


def test_switched_off_nobody_is_asked(client, settings, admin_user):
    settings.MFA_REQUIRED_FOR_PRIVILEGED = False
    assert _sign_in(client, admin_user)["Location"] == HOME
    assert client.get(HOME).status_code == 200


def test_next_page_is_kept_through_the_second_factor(client, admin_user):
    response = _sign_in(client, admin_user, next="/organisation/imports/")
    assert response["Location"] == f"{SETUP}?{urlencode({'next': '/organisation/imports/'})}"
    client.get(response["Location"])
    device = TOTPDevice.objects.get(user=admin_user)
    response = client.post(SETUP, {"code": _code(device), "next": "/organisation/imports/"})
    assert response["Location"] == "/organisation/imports/"


def test_set_up_page_shows_a_qr_code_and_the_key(page_client, admin_user):
    _sign_in(page_client, admin_user)
    response = page_client.get(SETUP)
    assert response.status_code == 200
    page = response.page
    assert page.h1.get_text(strip=True) == "Set up your authenticator app"
    svg = page.select_one("svg.app-qr-code")
    assert svg is not None
    assert svg["role"] == "img"
    assert svg["aria-label"]
    assert not page.select("[style]"), "inline styles are blocked by the CSP"
    assert not page.select("img[src^='http']")
    device = TOTPDevice.objects.get(user=admin_user, confirmed=False)
    secret = b32encode(device.bin_key).decode()
    shown = page.select_one("#secret-key").get_text().replace(" ", "")
    assert shown == secret
    code_input = page.select_one("#id_code")
    assert code_input["autocomplete"] == "one-time-code"
    assert code_input["inputmode"] == "numeric"
    # Reloading keeps the same key, so an app that already scanned it still works.
    page_client.get(SETUP)
    assert TOTPDevice.objects.get(user=admin_user).key == device.key


def test_until_verified_every_other_page_redirects(client, admin_user):
    _sign_in(client, admin_user)
    for url in (HOME, "/organisation/imports/", "/cases/", "/privacy/", "/no-such-page/",
                reverse("accounts:sign-in")):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(SETUP), url
    assert client.post("/organisation/imports/")["Location"] == SETUP
    assert client.get(reverse("accounts:sign-out")).status_code == 200
    extend = client.post(reverse("accounts:session-extend"), HTTP_X_REQUESTED_WITH="fetch")
    assert extend.status_code == 204


@pytest.mark.parametrize(("code", "message"), [
    ("", ENTER_CODE),
    ("12345", ENTER_CODE),
    ("abcdef", ENTER_CODE),
    ("000000", "The code is not right. Enter the code your authenticator app shows now"),
])
def test_set_up_errors_are_summarised(page_client, admin_user, code, message):
    _sign_in(page_client, admin_user)
    page_client.get(SETUP)
    response = page_client.post(SETUP, {"code": code})
    assert response.status_code == 200
    summary = response.page.select_one(".govuk-error-summary")
    assert [a["href"] for a in summary.select("a")] == ["#id_code"]
    assert summary.get_text(" ", strip=True).endswith(message)
    assert response.page.title.get_text().startswith("Error: Set up your authenticator app")
    assert not TOTPDevice.objects.filter(confirmed=True).exists()


def test_setting_up_confirms_the_app_and_signs_in_fully(client, admin_user):
    _sign_in(client, admin_user)
    client.get(SETUP)
    before = client.session.session_key
    device = TOTPDevice.objects.get(user=admin_user)
    response = client.post(SETUP, {"code": f"{_code(device)[:3]} {_code(device)[3:]}"})
    assert response["Location"] == HOME
    device.refresh_from_db()
    assert device.confirmed
    assert client.session.session_key != before  # a new session id after the second factor
    assert client.get(HOME).status_code == 200
    # Nothing more to set up: the set-up page sends people on.
    assert client.get(SETUP)["Location"] == HOME


def test_next_sign_in_asks_for_a_code(page_client, admin_user, time_machine):
    device = _set_up(page_client, admin_user)
    page_client.post(reverse("accounts:sign-out"))
    time_machine.shift(dt.timedelta(seconds=30))

    response = _sign_in(page_client, admin_user)
    assert response["Location"] == f"{VERIFY}?{urlencode({'next': HOME})}"
    assert page_client.get(HOME)["Location"].startswith(VERIFY)
    response = page_client.get(VERIFY)
    assert response.page.h1.get_text(strip=True) == "Enter the code from your authenticator app"
    response = page_client.post(VERIFY, {"code": _code(device), "next": HOME})
    assert response["Location"] == HOME
    assert page_client.get(HOME).status_code == 200


def test_a_password_alone_cannot_add_another_app(client, admin_user, time_machine):
    _set_up(client, admin_user)
    client.post(reverse("accounts:sign-out"))
    _sign_in(client, admin_user)
    response = client.get(SETUP)
    assert response["Location"].startswith(VERIFY)
    assert client.post(SETUP, {"code": "123456"})["Location"].startswith(VERIFY)
    assert TOTPDevice.objects.filter(user=admin_user).count() == 1


def test_wrong_code_then_too_many(page_client, admin_user, time_machine):
    device = _set_up(page_client, admin_user)
    page_client.post(reverse("accounts:sign-out"))
    time_machine.shift(dt.timedelta(seconds=30))
    _sign_in(page_client, admin_user)
    wrong = "000000" if _code(device) != "000000" else "111111"

    response = page_client.post(VERIFY, {"code": wrong})
    assert "The code is not right" in response.content.decode()
    # django-otp makes each try after a wrong code wait longer (1s, 2s, 4s...).
    response = page_client.post(VERIFY, {"code": _code(device)})
    assert "You have entered too many wrong codes" in response.content.decode()
    assert page_client.get(HOME).status_code == 302
    time_machine.shift(dt.timedelta(seconds=2))
    assert page_client.post(VERIFY, {"code": _code(device)})["Location"] == HOME


def test_a_code_cannot_be_used_twice(client, admin_user):
    device = _set_up(client, admin_user)
    used = _code(device)
    client.post(reverse("accounts:sign-out"))
    _sign_in(client, admin_user)
    response = client.post(VERIFY, {"code": used})
    assert response.status_code == 200
    assert client.get(HOME).status_code == 302


def test_a_new_password_sign_in_forgets_the_old_verification(client, admin_user):
    _set_up(client, admin_user)
    assert client.get(HOME).status_code == 200
    # Any password sign-in in the same session (the admin site's, say) starts again.
    assert client.login(username=admin_user.username, password=PASSWORD)
    assert client.get(HOME)["Location"].startswith(VERIFY)


def test_sessions_made_outside_the_sign_in_page_are_challenged_too(client, admin_user):
    """Fails closed: any session not from OpenID Connect is a password session."""
    client.force_login(admin_user)
    assert client.get(HOME)["Location"].startswith(SETUP)


def test_people_who_signed_in_through_oidc_are_not_asked(client, settings, admin_user):
    settings.AUTHENTICATION_BACKENDS = [*settings.AUTHENTICATION_BACKENDS,
                                        "clearsight.accounts.oidc.ClearsightOIDCBackend"]
    for name in ("OIDC_OP_TOKEN_ENDPOINT", "OIDC_OP_USER_ENDPOINT", "OIDC_OP_JWKS_ENDPOINT",
                 "OIDC_RP_CLIENT_ID", "OIDC_RP_CLIENT_SECRET"):
        setattr(settings, name, "https://login.example/" + name.lower())
    client.force_login(admin_user, backend="clearsight.accounts.oidc.ClearsightOIDCBackend")
    assert client.session["clearsight_sign_in_method"] == "oidc"
    assert client.get(HOME).status_code == 200


def test_no_menu_until_the_second_factor_is_done(page_client, admin_user):
    _sign_in(page_client, admin_user)
    page = page_client.get(SETUP).page
    assert page.select(".govuk-service-navigation__list") == []
    device = TOTPDevice.objects.get(user=admin_user)
    page_client.post(SETUP, {"code": _code(device)})
    page = page_client.get(HOME).page
    assert page.select(".govuk-service-navigation__link[href='/organisation/imports/']")
