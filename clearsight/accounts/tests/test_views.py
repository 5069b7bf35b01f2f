import pytest
from django.urls import reverse

from clearsight.organisation.roles import Role
from clearsight.organisation.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_sign_in_page_follows_govuk_rules(page_client):
    response = page_client.get(reverse("accounts:sign-in"))
    assert response.status_code == 200
    assert response.page.h1.get_text(strip=True) == "Sign in"


def test_sign_in_errors_are_summarised_and_linked(page_client):
    response = page_client.post(reverse("accounts:sign-in"), {"username": "", "password": ""})
    assert response.status_code == 200
    links = [a["href"] for a in response.page.select(".govuk-error-summary a")]
    assert links == ["#id_username", "#id_password"]
    assert response.page.title.get_text().startswith("Error: Sign in")


def test_wrong_password_is_refused_with_a_plain_message(page_client):
    UserFactory(username="tm@demoshire.example", roles=[Role.TEAM_MANAGER])
    response = page_client.post(reverse("accounts:sign-in"),
                                {"username": "tm@demoshire.example", "password": "nope"})
    assert "Enter a correct email address and password" in response.content.decode()


@pytest.mark.parametrize("role", list(Role))
def test_each_role_signs_in_and_lands_on_its_home_page(page_client, settings, role):
    settings.MFA_REQUIRED_FOR_PRIVILEGED = False  # the second factor is tested in test_mfa.py
    UserFactory(username="someone@demoshire.example", roles=[role])
    response = page_client.post(
        reverse("accounts:sign-in"),
        {"username": "someone@demoshire.example", "password": "correct horse battery"},
        follow=True,
    )
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == reverse("accounts:home")
    assert Role(role).label in response.content.decode()
