"""The admin screens refuse to save over someone else's change."""

import re

import pytest
from django.urls import reverse

from clearsight.organisation.models import Team, User
from clearsight.organisation.tests.factories import TeamFactory, UserFactory

pytestmark = pytest.mark.django_db


def _form_data(html: str) -> dict[str, str]:
    """The change form's inputs as a browser would post them (text, hidden, selects)."""
    data = {}
    for name, value in re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', html):
        data[name] = value
    for name, body in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', html, re.S):
        chosen = re.search(r'<option value="([^"]*)"[^>]*selected', body)
        data[name] = chosen.group(1) if chosen else ""
    data.pop("_addanother", None)
    data.pop("_continue", None)
    return data


def test_a_stale_team_form_is_refused_and_the_other_change_kept(admin_client):
    team = TeamFactory.create(name="Assessment North")
    url = reverse("admin:organisation_team_change", args=[team.pk])
    data = _form_data(admin_client.get(url).content.decode())
    assert data["loaded_fingerprint"]

    Team.objects.filter(pk=team.pk).update(name="Assessment North and Central")  # someone else

    data["name"] = "Assessment (North)"
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "Someone else changed this record after you opened it" in response.content.decode()
    team.refresh_from_db()
    assert team.name == "Assessment North and Central"


def test_an_unchanged_record_saves(admin_client):
    team = TeamFactory.create(name="Assessment North")
    url = reverse("admin:organisation_team_change", args=[team.pk])
    data = _form_data(admin_client.get(url).content.decode())
    data["name"] = "Assessment (North)"
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    team.refresh_from_db()
    assert team.name == "Assessment (North)"


def test_a_stale_staff_form_is_refused(admin_client):
    person = UserFactory.create(job_title="Social worker")
    url = reverse("admin:organisation_user_change", args=[person.pk])
    data = _form_data(admin_client.get(url).content.decode())
    User.objects.filter(pk=person.pk).update(job_title="Senior social worker")
    data["job_title"] = "Advanced practitioner"
    response = admin_client.post(url, data)
    assert "Someone else changed this record after you opened it" in response.content.decode()
    person.refresh_from_db()
    assert person.job_title == "Senior social worker"
