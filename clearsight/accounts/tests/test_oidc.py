"""OpenID Connect: matching people to accounts from the provider's claims. No network."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.exceptions import SuspiciousOperation
from django.urls import reverse

# Imported now, with the real settings: clearsight.accounts.urls decides at import time whether
# to add the OpenID Connect routes, and the fixtures below switch OIDC_ENABLED on.
from clearsight.accounts import urls as accounts_urls
from clearsight.accounts.oidc import (
    ClearsightOIDCBackend,
    subject_from_claims,
    username_from_claims,
    verified_email,
)
from clearsight.core.access import AccessRule, declared_rule
from clearsight.organisation.models import User
from clearsight.organisation.roles import Role
from clearsight.organisation.tests.factories import UserFactory

pytestmark = pytest.mark.django_db
BACKEND = "clearsight.accounts.oidc.ClearsightOIDCBackend"
CLIENT_ID = "clearsight-client"
TENANT = "9188040d-6c67-4c5b-b112-36a304b66dad"
OBJECT = "00000000-0000-0000-66f3-3332eca7ea81"


@pytest.fixture(autouse=True)
def oidc_settings(settings):  # type: ignore[no-untyped-def]
    settings.OIDC_ENABLED = True
    settings.AUTHENTICATION_BACKENDS = [*settings.AUTHENTICATION_BACKENDS, BACKEND]
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = "not-a-secret"
    settings.OIDC_RP_SIGN_ALGO = "RS256"
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = "https://login.example/authorize"
    settings.OIDC_OP_TOKEN_ENDPOINT = "https://login.example/token"
    settings.OIDC_OP_USER_ENDPOINT = "https://login.example/userinfo"
    settings.OIDC_OP_JWKS_ENDPOINT = "https://login.example/keys"
    settings.OIDC_RP_SCOPES = "openid email profile"
    settings.OIDC_USE_PKCE = True
    settings.OIDC_CREATE_USER = False
    settings.OIDC_USERNAME_ALGO = "clearsight.accounts.oidc.username_from_claims"
    settings.OIDC_PROVIDER_NAME = "your council account"
    settings.OIDC_OP_ISSUER = ""
    settings.OIDC_AUTHENTICATION_CALLBACK_URL = "accounts:oidc-callback"
    settings.ROOT_URLCONF = "clearsight.accounts.tests.oidc_urls"
    settings.MFA_REQUIRED_FOR_PRIVILEGED = True
    return settings


@pytest.fixture
def backend():  # type: ignore[no-untyped-def]
    return ClearsightOIDCBackend()


def entra(**extra):  # type: ignore[no-untyped-def]
    return {"aud": CLIENT_ID, "tid": TENANT, "oid": OBJECT, "sub": "pairwise-per-app",
            "email": "Sam.Jones@Demoshire.example", **extra}


def match(backend, claims):  # type: ignore[no-untyped-def]
    """What mozilla-django-oidc does with the claims once the tokens have been checked."""
    users = backend.filter_users_by_claims(claims)
    if len(users) > 1:
        raise SuspiciousOperation("Multiple users returned")
    if len(users) == 1:
        return backend.update_user(users[0], claims)
    if backend.get_settings("OIDC_CREATE_USER", True):
        return backend.create_user(claims)
    return None


# ------------------------------------------------------------------ claims


def test_subject_is_tenant_and_object_id_for_entra_else_sub():
    assert subject_from_claims(entra()) == f"{TENANT}:{OBJECT}"
    assert subject_from_claims({"sub": "abc123"}) == "abc123"
    assert subject_from_claims({"oid": OBJECT, "sub": "abc"}) == "abc"  # no tenant: plain sub
    assert subject_from_claims({"email": "x@y.example"}) == ""


@pytest.mark.parametrize(("claims", "expected"), [
    ({"email": "A@B.example", "email_verified": True}, "a@b.example"),
    ({"email": "a@b.example", "email_verified": "true"}, "a@b.example"),
    ({"email": "a@b.example", "xms_edov": True}, "a@b.example"),
    ({"email": "a@b.example", "email_verified": False}, ""),
    ({"email": "a@b.example"}, ""),
    ({"email": "not-an-address", "email_verified": True}, ""),
    ({"email_verified": True}, ""),
])
def test_only_verified_email_counts(claims, expected):
    assert verified_email(claims) == expected


def test_username_from_claims():
    assert username_from_claims("Sam.Jones@Demoshire.example") == "sam.jones@demoshire.example"
    claims = {"email": "Sam@D.example", "email_verified": True}
    assert username_from_claims("ignored", claims) == "sam@d.example"
    with pytest.raises(SuspiciousOperation):
        username_from_claims("sam@d.example", {"email": "sam@d.example"})  # not verified


# ------------------------------------------------------------------ matching


def test_matches_on_the_recorded_subject(backend):
    user = UserFactory(oidc_subject=f"{TENANT}:{OBJECT}", email="old@demoshire.example")
    UserFactory(email="sam.jones@demoshire.example")  # same email, not linked: ignored
    assert match(backend, entra(email="whatever@elsewhere.example")) == user


def test_first_sign_in_matches_verified_email_and_records_the_subject(backend):
    user = UserFactory.create(username="sam.jones@demoshire.example",
                              email="sam.jones@demoshire.example")
    assert match(backend, entra(xms_edov=True)) == user
    user.refresh_from_db()
    assert user.oidc_subject == f"{TENANT}:{OBJECT}"
    # Later sign-ins match on the subject alone, even after the address changes.
    assert match(backend, entra(email="s.jones@demoshire.example")) == user


def test_other_providers_use_sub(backend):
    user = UserFactory.create(email="pat@demoshire.example")
    claims = {"aud": CLIENT_ID, "sub": "248289761001", "email": "pat@demoshire.example",
              "email_verified": True}
    assert match(backend, claims) == user
    user.refresh_from_db()
    assert user.oidc_subject == "248289761001"


def test_unverified_email_matches_nobody(backend):
    UserFactory(email="sam.jones@demoshire.example")
    assert match(backend, entra()) is None  # Entra without xms_edov
    assert match(backend, entra(email_verified=False, xms_edov=False)) is None
    assert not User.objects.filter(oidc_subject__isnull=False).exists()


def test_switched_off_accounts_are_not_matched_by_email(backend):
    UserFactory(email="sam.jones@demoshire.example", is_active=False)
    assert match(backend, entra(xms_edov=True)) is None


def test_an_account_linked_to_someone_else_is_not_taken_over(backend):
    UserFactory(email="sam.jones@demoshire.example", oidc_subject="another-tenant:another-id")
    assert match(backend, entra(xms_edov=True)) is None


def test_two_accounts_with_the_address_match_nobody(backend):
    UserFactory(username="sam.jones@demoshire.example", email="sam.jones@demoshire.example")
    UserFactory(email="Sam.Jones@demoshire.example")
    with pytest.raises(SuspiciousOperation):
        match(backend, entra(xms_edov=True))


def test_claims_without_a_subject_are_refused(backend):
    assert not backend.verify_claims({"email": "a@b.example", "email_verified": True})
    assert backend.verify_claims(entra())


def test_never_creates_accounts_unless_told_to(backend):
    assert match(backend, entra(xms_edov=True)) is None
    assert not User.objects.exists()


def test_creates_an_account_with_no_role_when_told_to(backend, oidc_settings):
    oidc_settings.OIDC_CREATE_USER = True
    user = match(backend, entra(xms_edov=True, given_name="Sam", family_name="Jones"))
    assert user.username == "sam.jones@demoshire.example"
    assert user.email == "sam.jones@demoshire.example"
    assert (user.first_name, user.last_name) == ("Sam", "Jones")
    assert user.oidc_subject == f"{TENANT}:{OBJECT}"
    assert not user.has_usable_password()
    assert user.role_codes() == []


def test_does_not_create_without_a_verified_email_or_over_a_taken_name(backend, oidc_settings):
    oidc_settings.OIDC_CREATE_USER = True
    assert match(backend, entra()) is None
    UserFactory(username="sam.jones@demoshire.example", email="x@y.example", is_active=False)
    assert match(backend, entra(xms_edov=True)) is None
    assert User.objects.count() == 1


def test_id_token_must_be_issued_to_us(backend, oidc_settings):
    backend.check_id_token(entra())
    backend.check_id_token(entra(aud=["other", CLIENT_ID]))
    with pytest.raises(SuspiciousOperation):
        backend.check_id_token(entra(aud="someone-else"))
    oidc_settings.OIDC_OP_ISSUER = f"https://login.microsoftonline.com/{TENANT}/v2.0"
    with pytest.raises(SuspiciousOperation):
        backend.check_id_token(entra(iss="https://login.microsoftonline.com/other/v2.0"))
    backend.check_id_token(entra(iss=oidc_settings.OIDC_OP_ISSUER))


def test_id_token_claims_win_over_userinfo(backend, monkeypatch):
    monkeypatch.setattr("mozilla_django_oidc.auth.OIDCAuthenticationBackend.get_userinfo",
                        lambda self, *args: {"sub": "userinfo-sub", "email": "u@x.example",
                                             "name": "From userinfo"})
    claims = backend.get_userinfo("access", "id", entra())
    assert claims["oid"] == OBJECT
    assert claims["sub"] == "pairwise-per-app"
    assert claims["name"] == "From userinfo"


# ------------------------------------------------------------------ the web flow


def _fake_provider(monkeypatch, claims):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(ClearsightOIDCBackend, "get_token",
                        lambda self, payload: {"id_token": "id", "access_token": "access"})
    monkeypatch.setattr(ClearsightOIDCBackend, "verify_token",
                        lambda self, token, **kwargs: {**claims, "nonce": kwargs.get("nonce")})
    monkeypatch.setattr("mozilla_django_oidc.auth.OIDCAuthenticationBackend.get_userinfo",
                        lambda self, *args: {})


def _callback(client, state="s1"):  # type: ignore[no-untyped-def]
    session = client.session
    session["oidc_states"] = {state: {"nonce": "n1", "code_verifier": "v" * 64}}
    session.save()
    return client.get(reverse("accounts:oidc-callback"), {"code": "c1", "state": state})


def test_sign_in_page_offers_the_provider(page_client):
    response = page_client.get(reverse("accounts:sign-in"), {"next": "/cases/"})
    button = response.page.select_one("a.govuk-button")
    assert button.get_text(strip=True) == "Sign in with your council account"
    assert button["href"] == "/oidc/authenticate/?next=/cases/"


def test_start_sends_people_to_the_provider_with_pkce(client):
    response = client.get(reverse("accounts:oidc-init"), {"next": "/cases/"})
    assert response.status_code == 302
    url = urlsplit(response["Location"])
    query = parse_qs(url.query)
    assert f"{url.scheme}://{url.netloc}{url.path}" == "https://login.example/authorize"
    assert query["redirect_uri"] == ["http://testserver/oidc/callback/"]
    assert query["code_challenge_method"] == ["S256"]
    assert query["client_id"] == [CLIENT_ID]
    assert client.session["oidc_login_next"] == "/cases/"


def test_callback_signs_in_and_skips_our_second_factor(client, monkeypatch, settings):
    settings.AXES_ENABLED = True
    user = UserFactory.create(roles=[Role.ADMINISTRATOR], oidc_subject=f"{TENANT}:{OBJECT}")
    _fake_provider(monkeypatch, entra())
    response = _callback(client)
    assert response["Location"] == reverse("accounts:home")
    assert client.session["_auth_user_id"] == str(user.pk)
    assert client.session["clearsight_sign_in_method"] == "oidc"
    assert client.get(reverse("accounts:home")).status_code == 200


def test_callback_for_nobody_we_know_says_so_on_the_sign_in_page(page_client, monkeypatch):
    _fake_provider(monkeypatch, entra())
    response = _callback(page_client)
    assert response["Location"] == reverse("accounts:sign-in")
    assert "_auth_user_id" not in page_client.session
    page = page_client.get(response["Location"]).page
    assert "We could not sign you in with your council account" in page.get_text()


def test_callback_refuses_switched_off_accounts(client, monkeypatch):
    UserFactory(is_active=False, oidc_subject=f"{TENANT}:{OBJECT}")
    _fake_provider(monkeypatch, entra())
    assert _callback(client)["Location"] == reverse("accounts:sign-in")
    assert "_auth_user_id" not in client.session


def test_callback_refuses_a_token_for_another_client(client, monkeypatch):
    UserFactory(oidc_subject=f"{TENANT}:{OBJECT}")
    _fake_provider(monkeypatch, entra(aud="another-app"))
    assert _callback(client)["Location"] == reverse("accounts:sign-in")
    assert "_auth_user_id" not in client.session


def test_oidc_views_declare_public_access():
    rules = {pattern.name: declared_rule(pattern.callback)
             for pattern in accounts_urls.oidc_urlpatterns()}
    assert rules == {"oidc-init": AccessRule("public"), "oidc-callback": AccessRule("public")}


def test_oidc_routes_exist_only_when_configured():
    names = {pattern.name for pattern in accounts_urls.urlpatterns}
    assert not names & {"oidc-init", "oidc-callback"}  # the test settings leave it off


def test_switching_an_account_off_ends_its_council_sign_in_session(client, monkeypatch):
    # A leaver switched off by the staff file must lose access at once, as with a password
    # session: the backend that signed them in is the one that reloads them on each request.
    user = UserFactory.create(roles=[Role.PERFORMANCE_ANALYST],
                              oidc_subject=f"{TENANT}:{OBJECT}")
    _fake_provider(monkeypatch, entra())
    _callback(client)
    assert client.get(reverse("accounts:home")).status_code == 200
    User.objects.filter(pk=user.pk).update(is_active=False)
    response = client.get(reverse("accounts:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:sign-in"))
