"""Deployment settings and the headers every page carries."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import override_settings
from django.urls import reverse

from clearsight.casework.tests.factories import OpenCaseFactory
from clearsight.core.models import ImportRecord
from clearsight.organisation.roles import Role
from clearsight.organisation.tests.factories import UserFactory
from clearsight.performance.tests.factories import FAKE_PERIOD, snapshot_fake
from tests.test_access_matrix import EXPECTED

ROOT = Path(__file__).resolve().parent.parent


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    env = {
        key: value for key, value in os.environ.items()
        if key not in {"HTTPS", "DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "STATICFILES_BACKEND",
                       "DJANGO_ALLOW_ASYNC_UNSAFE", "HUEY_IMMEDIATE"}
    }
    env.update({
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "clearsight.example.gov.uk",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
    })
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_settings_have_no_secret_default(tmp_path):
    env = {key: value for key, value in os.environ.items() if key != "SECRET_KEY"}
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'x.sqlite3'}"
    result = subprocess.run(
        [sys.executable, "-c", "import django, os; os.environ['DJANGO_SETTINGS_MODULE']="
         "'config.settings'; django.setup()"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=False,
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def _pages(user, case):  # type: ignore[no-untyped-def]
    """One URL per route, with a record the user (who holds every role) may open."""
    from tests.test_access_log import _url_for
    from tests.test_access_matrix import _lado_url

    for name, expect in EXPECTED.items():
        if expect.object == "import":
            record = ImportRecord.objects.create(kind="staff", status="refused", filename="x.csv",
                                                 sha256="0" * 64, size_bytes=1)
            yield reverse(name, args=[record.pk])
        elif expect.object == "indicator":
            yield reverse(name, args=["F09"])
        elif expect.object == "children":
            snapshot_fake(child_ids=[case.child.child_id])
            yield reverse(name, args=["F09"]) + f"?period={FAKE_PERIOD}"
        elif expect.object == "computation":
            yield reverse(name, args=[snapshot_fake().pk])
        elif expect.object == "lado":
            yield _lado_url(name, "fit")
        else:
            yield _url_for(name, case)


@pytest.mark.django_db
def test_every_page_carries_the_security_headers(client, sign_in):
    user = UserFactory(roles=list(Role))
    case = OpenCaseFactory(team=user.team, allocated_worker=user)
    sign_in(client, user)
    for url in [*_pages(user, case), "/no-such-page/"]:
        response = client.get(url)
        csp = response.get("Content-Security-Policy", "")
        for directive in ("object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'",
                          "script-src 'self'"):
            assert directive in csp, f"{url}: CSP lacks {directive}"
        assert response["X-Content-Type-Options"] == "nosniff", url
        assert response["Referrer-Policy"] == "same-origin", url
        assert response["Cross-Origin-Opener-Policy"] == "same-origin", url
        assert response["X-Frame-Options"] == "DENY", url
        assert "camera=()" in response["Permissions-Policy"], url
        assert "no-store" in response.get("Cache-Control", ""), url


@pytest.mark.django_db
def test_scripts_carry_the_page_nonce(client):
    response = client.get(reverse("accounts:sign-in"))
    csp = response["Content-Security-Policy"]
    nonce = csp.split("'nonce-")[1].split("'")[0]
    html = response.content.decode()
    assert html.count("<script") == html.count(f'nonce="{nonce}"')


@pytest.mark.django_db
def test_request_bodies_over_the_limit_are_refused_before_reading(client):
    with override_settings(MAX_UPLOAD_BYTES=1024):
        response = client.post(reverse("accounts:sign-in"), {"username": "x" * 4000})
    assert response.status_code == 413
    assert b"too large" in response.content
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
