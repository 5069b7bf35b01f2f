"""Session lifetime: idle and absolute limits, "Stay signed in", new ids, signing out."""

import datetime as dt

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse

from clearsight.accounts.middleware import LAST_SEEN_AT
from clearsight.organisation.roles import Role
from clearsight.organisation.tests.factories import UserFactory

pytestmark = pytest.mark.django_db
HOME = reverse("accounts:home")
SIGN_IN = reverse("accounts:sign-in")
EXTEND = reverse("accounts:session-extend")
START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def signed_in(client, settings, time_machine):  # type: ignore[no-untyped-def]
    settings.SESSION_IDLE_MINUTES = 30
    settings.SESSION_WARNING_MINUTES = 5
    settings.SESSION_MAX_HOURS = 12
    time_machine.move_to(START, tick=False)
    user = UserFactory(roles=[Role.PRACTITIONER])
    response = client.post(SIGN_IN, {"username": user.username,
                                     "password": "correct horse battery"})
    assert response["Location"] == HOME
    return client


def test_activity_within_30_minutes_keeps_the_session(signed_in, time_machine):
    time_machine.shift(dt.timedelta(minutes=29, seconds=59))
    assert signed_in.get(HOME).status_code == 200
    time_machine.shift(dt.timedelta(minutes=29, seconds=59))  # counted from the last request
    assert signed_in.get(HOME).status_code == 200


def test_30_minutes_idle_signs_out_and_says_why(page_client, signed_in, time_machine):
    time_machine.shift(dt.timedelta(minutes=30, seconds=1))
    response = signed_in.get("/cases/?page=2")
    assert response.status_code == 302
    assert response["Location"] == f"{SIGN_IN}?next=/cases/%3Fpage%3D2"
    assert "_auth_user_id" not in signed_in.session
    page = page_client.get(response["Location"]).page
    banner = page.select_one(".govuk-notification-banner").get_text(" ", strip=True)
    assert "You were signed out because you had not done anything for a while" in banner


def test_timing_out_on_the_way_to_sign_in_shows_the_page(page_client, signed_in, time_machine):
    """The warning script sends people to the sign-in page when time runs out."""
    time_machine.shift(dt.timedelta(minutes=30, seconds=2))
    response = signed_in.get(f"{SIGN_IN}?next=/cases/")
    assert response.status_code == 200
    assert "not done anything for a while" in response.content.decode()
    assert 'name="next" value="/cases/"' in response.content.decode()


def test_12_hours_signs_out_even_when_active(signed_in, time_machine):
    for _ in range(12 * 3):
        time_machine.shift(dt.timedelta(minutes=20))
        assert signed_in.get(HOME).status_code == 200
    time_machine.shift(dt.timedelta(seconds=1))
    response = signed_in.get(HOME)
    assert response["Location"].startswith(SIGN_IN)
    response = signed_in.get(response["Location"])
    assert "signed in for too long" in response.content.decode()


def test_stay_signed_in_extends_the_idle_limit(signed_in, time_machine):
    time_machine.shift(dt.timedelta(minutes=26))
    response = signed_in.post(EXTEND, HTTP_X_REQUESTED_WITH="fetch")
    assert response.status_code == 204
    assert signed_in.session[LAST_SEEN_AT] == (START + dt.timedelta(minutes=26)).timestamp()
    time_machine.shift(dt.timedelta(minutes=29, seconds=59))
    assert signed_in.get(HOME).status_code == 200


def test_stay_signed_in_without_javascript_goes_back(signed_in):
    assert signed_in.post(EXTEND, {"next": "/privacy/"})["Location"] == "/privacy/"
    assert signed_in.post(EXTEND, {"next": "https://evil.example/"})["Location"] == HOME
    assert signed_in.post(EXTEND)["Location"] == HOME


def test_extend_is_post_only_and_needs_a_session(client, signed_in, time_machine):
    assert signed_in.get(EXTEND).status_code == 405
    time_machine.shift(dt.timedelta(minutes=31))
    response = signed_in.post(EXTEND, HTTP_X_REQUESTED_WITH="fetch")
    assert response.status_code == 302  # too late: the script then goes to sign in
    assert response["Location"].startswith(SIGN_IN)


def test_extend_needs_the_csrf_token(signed_in):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.cookies = signed_in.cookies
    assert strict.post(EXTEND, HTTP_X_REQUESTED_WITH="fetch").status_code == 403


def test_warning_dialog_is_on_signed_in_pages_only(page_client, signed_in):
    page = page_client.get(HOME).page
    dialog = page.select_one("dialog#app-timeout-warning")
    assert dialog is not None
    assert not dialog.has_attr("open")  # shown only by the script
    assert dialog["aria-labelledby"] == "app-timeout-warning-heading"
    assert dialog["data-idle-seconds"] == "1800"
    assert dialog["data-warning-seconds"] == "300"
    assert dialog["data-sign-in-url"] == SIGN_IN
    form = dialog.select_one("form")
    assert form["action"] == EXTEND
    assert form.select_one("input[name=csrfmiddlewaretoken]")
    assert form.select_one("button").get_text(strip=True) == "Stay signed in"
    assert dialog.select_one("a[href='/sign-out/']").get_text(strip=True) == "Sign out"
    assert dialog.select_one("[aria-live]") is not None

    page_client.post(reverse("accounts:sign-out"))
    assert page_client.get(SIGN_IN).page.select_one("dialog") is None


def test_signing_in_gives_a_new_session_id(client):
    user = UserFactory(roles=[Role.PRACTITIONER])
    session = client.session
    session["before"] = "signing in"
    session.save()
    before = session.session_key
    client.post(SIGN_IN, {"username": user.username, "password": "correct horse battery"})
    after = client.session.session_key
    assert after != before
    assert client.session["before"] == "signing in"
    assert not Session.objects.filter(session_key=before).exists()


def test_signing_out_ends_the_session_on_the_server(client, signed_in):
    old_key = signed_in.session.session_key
    old_cookie = signed_in.cookies["clearsight_session"].value
    response = signed_in.post(reverse("accounts:sign-out"))
    assert response["Location"] == reverse("accounts:signed-out")
    assert not Session.objects.filter(session_key=old_key).exists()
    # Someone who kept a copy of the old cookie gets nothing from it.
    signed_in.cookies["clearsight_session"] = old_cookie
    assert signed_in.get(HOME)["Location"].startswith(SIGN_IN)


def test_a_timed_out_form_post_returns_to_its_page_not_the_post_only_address(signed_in,
                                                                          time_machine):
    time_machine.shift(dt.timedelta(minutes=30, seconds=1))
    response = signed_in.post(EXTEND, {"next": "/cases/?page=2"})
    assert response.status_code == 302
    assert response["Location"] == f"{SIGN_IN}?next=/cases/%3Fpage%3D2"


def test_a_timed_out_form_post_never_returns_to_another_site(signed_in, time_machine):
    time_machine.shift(dt.timedelta(minutes=30, seconds=1))
    response = signed_in.post(EXTEND, {"next": "https://elsewhere.example/"})
    assert response["Location"] == f"{SIGN_IN}?next=/"


def test_a_signed_out_post_is_sent_to_sign_in_and_then_home(client):
    response = client.post(EXTEND, {"next": "/cases/"})
    assert response["Location"] == f"{SIGN_IN}?next=/"
