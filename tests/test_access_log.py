"""Every view of a child-level page writes exactly one append-only access-log row."""

import pytest
from django.db import DatabaseError, transaction
from django.urls import reverse

from clearsight.casework.tests.factories import OpenCaseFactory
from clearsight.core.models import AccessLogEntry, ImportRecord
from clearsight.organisation.roles import Role
from clearsight.organisation.tests.factories import UserFactory
from clearsight.performance.tests.factories import FAKE_PERIOD, snapshot_fake
from tests.routes import app_routes
from tests.test_access_matrix import EXPECTED, feedback_object_url

pytestmark = pytest.mark.django_db
# LADO pages are for LADO officers alone: tested below, under "# --- lado ---". Pages no QA
# officer or analyst opens (the private fostering decision) are tested in their app.
LADO_PAGES = {name for name in EXPECTED if name.startswith("lado:")}


def test_child_data_routes_agree_with_the_matrix():
    declared = {route.name for route in app_routes()
                if getattr(getattr(route.callback, "access_rule", None), "child_data", False)}
    expected = {name for name, expect in EXPECTED.items() if expect.child_data}
    assert declared == expected


def _url_for(route: str, case) -> str:  # type: ignore[no-untyped-def]
    if route.startswith("audits:") and EXPECTED[route].object:
        from clearsight.audits.tests.factories import url_for_route

        # An audit (draw, action) naming the test's user, the only member of the case's team.
        return url_for_route(route, user=case.team.members.get(), home_team=case.team,
                             ownership="owner" if EXPECTED[route].object == "action"
                             else "named")
    if route.startswith("performance:"):
        snapshot_fake(child_ids=[case.child.child_id])
    if EXPECTED[route].object == "children":
        return reverse(route, args=["F09"]) + f"?period={FAKE_PERIOD}"
    if EXPECTED[route].object == "indicator":
        return reverse(route, args=["F09"])
    if EXPECTED[route].object == "computation":
        return reverse(route, args=[snapshot_fake().pk])
    if EXPECTED[route].object == "import":
        record = ImportRecord.objects.create(kind="cases", status="refused", filename="x.csv",
                                             sha256="0" * 64, size_bytes=1)
        return reverse(route, args=[record.pk])
    if (EXPECTED[route].object or "").startswith("plans-"):
        from tests.test_access_matrix import _plans_url

        return _plans_url(route, EXPECTED[route].object, "own", case.allocated_worker)
    if EXPECTED[route].object == "case":
        return reverse(route, args=[case.case_ref])
    if EXPECTED[route].object == "team":
        return reverse(route, args=[case.team.code])
    if EXPECTED[route].object == "fostering":
        from clearsight.fostering.tests.factories import ArrangementFactory

        return reverse(route, args=[ArrangementFactory(team=case.team).pk])
    if (EXPECTED[route].object or "").startswith("complaint"):
        from clearsight.complaints.tests.factories import complaint_url

        return complaint_url(route, EXPECTED[route].object or "", case.team)
    if (EXPECTED[route].object or "").startswith("feedback-"):
        return feedback_object_url(route, EXPECTED[route].object or "", case)
    if EXPECTED[route].object == "pack":
        from tests.test_access_matrix import _pack_url

        return _pack_url(route, "done")
    return reverse(route)


@pytest.mark.parametrize("route", sorted(
    name for name, e in EXPECTED.items() if e.child_data
    and {Role.QA_OFFICER, Role.PERFORMANCE_ANALYST} & (e.roles or set())))
def test_child_level_view_writes_exactly_one_row(client, sign_in, route):
    user = UserFactory(roles=[Role.QA_OFFICER, Role.PERFORMANCE_ANALYST])
    case = OpenCaseFactory(team=user.team)
    sign_in(client, user)

    before = AccessLogEntry.objects.count()
    response = client.get(_url_for(route, case))
    assert response.status_code == 200
    assert AccessLogEntry.objects.count() == before + 1

    entry = AccessLogEntry.objects.latest("id")
    assert entry.user == user
    assert entry.username == user.username
    assert entry.roles == "performance_analyst,qa_officer"
    assert entry.action == "view"
    assert entry.path == response.request["PATH_INFO"]
    if EXPECTED[route].object == "case":
        assert (entry.object_type, entry.object_id) == ("case", case.case_ref)


@pytest.mark.parametrize("route", sorted(name for name, e in EXPECTED.items()
                                         if not e.child_data and e.roles is not None))
def test_other_pages_write_no_row(client, sign_in, route):
    user = UserFactory(roles=list(Role))
    case = OpenCaseFactory(team=user.team, allocated_worker=user)
    sign_in(client, user)
    url = _url_for(route, case)
    before = AccessLogEntry.objects.count()
    response = client.post(url) if EXPECTED[route].method == "post" else client.get(url)
    assert response.status_code < 400 or response.status_code == EXPECTED[route].allowed_status
    assert AccessLogEntry.objects.count() == before


def test_refused_views_are_not_logged_as_views(client, sign_in):
    user = UserFactory(roles=[Role.PRACTITIONER])
    case = OpenCaseFactory()  # not theirs
    sign_in(client, user)
    response = client.get(reverse("casework:case-detail", args=[case.case_ref]))
    assert response.status_code == 404
    assert not AccessLogEntry.objects.exists()


def test_the_log_cannot_be_changed_or_deleted(client, sign_in):
    user = UserFactory(roles=[Role.QA_OFFICER])
    case = OpenCaseFactory()
    sign_in(client, user)
    client.get(reverse("casework:case-detail", args=[case.case_ref]))
    entry = AccessLogEntry.objects.get()

    with pytest.raises(DatabaseError), transaction.atomic():
        AccessLogEntry.objects.filter(pk=entry.pk).update(username="someone else")
    with pytest.raises(DatabaseError), transaction.atomic():
        AccessLogEntry.objects.filter(pk=entry.pk).delete()
    assert AccessLogEntry.objects.get().username == user.username


# --- lado ---
@pytest.mark.parametrize("route", sorted(name for name in LADO_PAGES
                                         if EXPECTED[name].roles))
def test_lado_view_writes_exactly_one_row(client, sign_in, route):
    from tests.test_access_matrix import _lado_url

    user = sign_in(client, UserFactory(roles=[Role.LADO_OFFICER]))
    url = _lado_url(route, "fit") if EXPECTED[route].object else reverse(route)
    before = AccessLogEntry.objects.count()
    response = client.get(url)
    assert response.status_code == 200
    assert AccessLogEntry.objects.count() == before + 1
    entry = AccessLogEntry.objects.latest("id")
    assert (entry.user, entry.roles, entry.path) == (user, "lado_officer", url)
    assert entry.object_type.startswith("lado.")
