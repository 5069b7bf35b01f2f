"""Lockout after repeated wrong passwords (django-axes: 5 failures per username and address)."""

import datetime as dt

import pytest
from axes.models import AccessAttempt
from axes.utils import reset
from django.urls import reverse

from clearsight.organisation.roles import Role
from clearsight.organisation.tests.factories import UserFactory

pytestmark = pytest.mark.django_db
USERNAME = "pw@demoshire.example"
PASSWORD = "correct horse battery"


@pytest.fixture(autouse=True)
def _axes_on(settings):  # type: ignore[no-untyped-def]
    settings.AXES_ENABLED = True  # conftest.py switches it off for every other test
    settings.MFA_REQUIRED_FOR_PRIVILEGED = False
    reset()
    yield
    reset()


@pytest.fixture
def person():  # type: ignore[no-untyped-def]
    return UserFactory(username=USERNAME, roles=[Role.PRACTITIONER])


def _sign_in(client, password, username=USERNAME, **extra):  # type: ignore[no-untyped-def]
    return client.post(reverse("accounts:sign-in"),
                       {"username": username, "password": password}, **extra)


def _fail(client, times, **extra):  # type: ignore[no-untyped-def]
    return [_sign_in(client, "wrong password", **extra).status_code for _ in range(times)]


def test_four_wrong_passwords_only_warn(page_client, person):
    assert _fail(page_client, 4) == [200] * 4
    response = _sign_in(page_client, PASSWORD)
    assert response.status_code == 302
    assert AccessAttempt.objects.count() == 0  # AXES_RESET_ON_SUCCESS


def test_fifth_wrong_password_locks_the_account_with_our_page(page_client, person):
    assert _fail(page_client, 5) == [200, 200, 200, 200, 429]
    response = _sign_in(page_client, "wrong password")
    assert response.status_code == 429
    assert response.page.h1.get_text(strip=True) == "Your account is locked"
    assert "Wait 30 minutes" in response.content.decode()
    assert "Content-Security-Policy" in response


def test_the_right_password_is_refused_while_locked(page_client, person):
    _fail(page_client, 5)
    response = _sign_in(page_client, PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in page_client.session
    assert page_client.get(reverse("accounts:home")).status_code == 302


def test_the_lock_is_per_username_and_address(client, person):
    other = UserFactory(username="other@demoshire.example", roles=[Role.PRACTITIONER])
    _fail(client, 5)
    assert _sign_in(client, PASSWORD, username=other.username).status_code == 302
    client.logout()
    assert _sign_in(client, PASSWORD, REMOTE_ADDR="10.0.0.9").status_code == 302


def test_the_lock_lifts_after_30_minutes(client, person, time_machine):
    time_machine.move_to(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC), tick=False)
    _fail(client, 5)
    time_machine.shift(dt.timedelta(minutes=30, seconds=1))
    assert _sign_in(client, PASSWORD).status_code == 302


def test_trying_again_while_locked_restarts_the_wait(client, person, time_machine):
    time_machine.move_to(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC), tick=False)
    _fail(client, 5)
    time_machine.shift(dt.timedelta(minutes=29))
    assert _sign_in(client, PASSWORD).status_code == 429
    time_machine.shift(dt.timedelta(minutes=2))
    assert _sign_in(client, PASSWORD).status_code == 429
