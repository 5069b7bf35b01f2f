"""Shared test fixtures. The test environment itself is tests/environment.py."""

import pytest


@pytest.fixture(autouse=True)
def _fast_settings(settings):  # type: ignore[no-untyped-def]
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
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
