"""Shared test fixtures. The test environment itself is tests/environment.py."""

import pytest


@pytest.fixture(autouse=True)
def _fast_settings(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.RETURNS_DIR = tmp_path / "returns"
    settings.SNAPSHOTS_DIR = tmp_path / "snapshots"
    settings.PACKS_DIR = tmp_path / "packs"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.AXES_ENABLED = False


@pytest.fixture
def page_client(client):  # type: ignore[no-untyped-def]
    """The Django test client, with GOV.UK page checks on every HTML page it fetches."""
    from tests.pagecheck import check_page

    original = client.request

    def request(**kwargs):  # type: ignore[no-untyped-def]
        response = original(**kwargs)
        content_type = response.get("Content-Type", "")
        if content_type.startswith("text/html") and response.status_code != 302:
            response.page = check_page(response.content)
        return response

    client.request = request
    return client


@pytest.fixture
def sign_in():  # type: ignore[no-untyped-def]
    """Sign a user in on a test client as if they had passed the second factor too."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    def _sign_in(client, user):  # type: ignore[no-untyped-def]
        client.force_login(user)
        device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
        return user

    return _sign_in
