import datetime

import pytest
from django.utils import timezone

from clearsight.casework.models import Case, Child
from clearsight.casework.tests.factories import OpenCaseFactory
from clearsight.core.bulk import objects_delete_many, objects_update_many
from clearsight.organisation.models import RoleGrant
from clearsight.organisation.tests.factories import TeamFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_update_many_saves_dates_times_foreign_keys_and_nulls():
    cases = [OpenCaseFactory.create() for _ in range(3)]
    team, worker = TeamFactory.create(), UserFactory.create()
    stamp = timezone.now() + datetime.timedelta(days=1)
    for case in cases:
        case.team, case.allocated_worker = team, worker
        case.closed_on = datetime.date(2026, 7, 1)
        case.legal_status = "C2"
        case.updated_at = stamp
    cases[2].allocated_worker = None
    fields = ["team", "allocated_worker", "closed_on", "legal_status", "updated_at"]
    assert objects_update_many(objects=cases, fields=fields) == 3
    saved = list(Case.objects.order_by("pk").values_list(
        "team", "allocated_worker", "closed_on", "legal_status", "updated_at"))
    assert saved[0] == (team.pk, worker.pk, datetime.date(2026, 7, 1), "C2", stamp)
    assert saved[2][1] is None
    assert objects_update_many(objects=[], fields=fields) == 0


def test_update_many_refuses_a_name_that_is_not_a_column():
    with pytest.raises(ValueError, match="is not a database column"):
        objects_update_many(objects=[Child()], fields=["cases"])


def test_delete_many_deletes_only_the_rows_named():
    user = UserFactory.create(roles=["practitioner", "qa_officer", "team_manager"])
    grants = list(RoleGrant.objects.filter(user=user).order_by("role"))
    assert objects_delete_many(model=RoleGrant, pks=[grants[0].pk, grants[2].pk]) == 2
    assert list(RoleGrant.objects.values_list("role", flat=True)) == ["qa_officer"]
