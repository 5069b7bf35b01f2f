"""Who may read the LADO register: officers and the one named senior manager, nobody else.

The route-by-role matrix is in tests/test_access_matrix.py; here, the named senior manager
(who is a person, not a role), the rules about who may be named, and the admin site."""

import pytest
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from clearsight.core.models import AccessLogEntry
from clearsight.lado import selectors, services
from clearsight.lado.models import LadoSettings
from clearsight.lado.tests.factories import (
    ClosedReferralFactory,
    InProgressReferralFactory,
    name_senior_manager,
)
from clearsight.lado.workflow import Actor
from clearsight.organisation.roles import Role
from clearsight.organisation.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_officers_and_the_named_manager_only(lado_officer, senior_manager):
    assert selectors.lado_actor(lado_officer) == Actor.OFFICER
    assert selectors.lado_actor(senior_manager) == Actor.SENIOR_MANAGER
    for role in Role:
        if role == Role.LADO_OFFICER:
            continue
        other = UserFactory.create(roles=[role])
        assert selectors.lado_actor(other) is None, role
        with pytest.raises(PermissionDenied):
            selectors.referral_list_for_user(user=other)


def test_everyone_at_once_but_the_officer_role_is_refused():
    everything_else = UserFactory.create(roles=[r for r in Role if r != Role.LADO_OFFICER])
    with pytest.raises(PermissionDenied):
        selectors.lado_access(everything_else)


def test_the_named_manager_loses_access_with_their_senior_role(senior_manager):
    senior_manager.role_grants.all().delete()
    assert selectors.lado_actor(senior_manager) is None


def test_a_named_administrator_is_refused_even_with_a_senior_role():
    both = UserFactory.create(roles=[Role.HEAD_OF_SERVICE, Role.ADMINISTRATOR])
    name_senior_manager(both)  # written straight to the table, bypassing the service
    assert selectors.lado_actor(both) is None


def test_the_service_refuses_to_name_an_administrator_or_a_practitioner(lado_officer):
    current = selectors.lado_settings()
    for roles in ([Role.HEAD_OF_SERVICE, Role.ADMINISTRATOR], [Role.PRACTITIONER]):
        with pytest.raises(services.LadoError):
            services.lado_settings_update(by=lado_officer, version=current.version,
                                          senior_manager=UserFactory.create(roles=roles),
                                          retention_years=10)
    assert LadoSettings.objects.get().senior_manager is None


def test_only_officers_name_the_senior_manager(senior_manager):
    current = selectors.lado_settings()
    with pytest.raises(services.LadoError):
        services.lado_settings_update(by=senior_manager, version=current.version,
                                      senior_manager=senior_manager, retention_years=10)


def test_a_stale_settings_form_is_refused(lado_officer):
    current = selectors.lado_settings()
    manager = UserFactory.create(roles=[Role.SERVICE_DIRECTOR])
    services.lado_settings_update(by=lado_officer, version=current.version,
                                  senior_manager=manager, retention_years=8)
    with pytest.raises(services.ConflictError):
        services.lado_settings_update(by=lado_officer, version=current.version,
                                      senior_manager=None, retention_years=10)
    assert selectors.lado_settings().senior_manager == manager


def test_nothing_from_lado_is_in_the_admin_site():
    registered = {model._meta.app_label for model in admin.site._registry}
    assert "lado" not in registered


NAMED_MANAGER_PAGES = {
    "lado:register": 200, "lado:overview": 200, "lado:annual-report": 200,
    "lado:referral-new": 403, "lado:settings": 403,
}


@pytest.mark.parametrize(("route", "status"), sorted(NAMED_MANAGER_PAGES.items()))
def test_named_manager_pages(client, sign_in, senior_manager, route, status):
    sign_in(client, senior_manager)
    assert client.get(reverse(route)).status_code == status


@pytest.mark.parametrize(("route", "status"), [
    ("lado:referral", 200), ("lado:oversight-new", 200), ("lado:referral-edit", 403),
    ("lado:meeting-new", 403), ("lado:referral-close", 403), ("lado:allegation-new", 403),
])
def test_named_manager_on_a_referral(client, sign_in, senior_manager, route, status):
    sign_in(client, senior_manager)
    referral = InProgressReferralFactory.create()
    assert client.get(reverse(route, args=[referral.pk])).status_code == status
    assert client.get(reverse(route, args=[999999])).status_code == (
        404 if status == 200 else 403)


def test_named_manager_may_reopen(client, sign_in, senior_manager):
    sign_in(client, senior_manager)
    referral = ClosedReferralFactory.create()
    assert client.get(reverse("lado:referral-reopen", args=[referral.pk])).status_code == 200


def test_a_head_of_service_not_named_is_refused_and_not_logged(client, sign_in, senior_manager):
    other = sign_in(client, UserFactory.create(roles=[Role.HEAD_OF_SERVICE]))
    referral = InProgressReferralFactory.create()
    before = AccessLogEntry.objects.count()
    for url in (reverse("lado:register"), reverse("lado:referral", args=[referral.pk])):
        assert client.get(url).status_code == 403
    assert AccessLogEntry.objects.count() == before
    assert other != senior_manager


def test_the_home_page_shows_the_named_manager_the_way_in(client, sign_in, senior_manager):
    sign_in(client, senior_manager)
    assert "LADO oversight" in client.get("/").content.decode()
    sign_in(client, UserFactory.create(roles=[Role.HEAD_OF_SERVICE]))
    assert "LADO oversight" not in client.get("/").content.decode()


def test_no_lado_model_is_in_the_change_history():
    """django-auditlog's entries are readable by administrators; LADO keeps its own timeline."""
    from auditlog.registry import auditlog

    tracked = {model._meta.app_label for model in auditlog.get_models()}
    assert "casework" in tracked  # the registry is read as it really is
    assert "lado" not in tracked
