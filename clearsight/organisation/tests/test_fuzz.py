"""Random damage to a good staff file never raises and never half-loads."""

from typing import TypedDict

from hypothesis import HealthCheck, event, given, settings
from hypothesis.extra.django import TestCase

from clearsight.core.models import ImportRecord
from clearsight.organisation.models import (
    Directorate,
    Locality,
    RoleGrant,
    ServiceArea,
    Team,
    User,
)
from clearsight.organisation.services import staff_import_csv
from clearsight.organisation.tests.csv_files import (
    csv_bytes,
    csv_mutate,
    csv_mutations,
    staff_rows,
)

MODELS = (Directorate, ServiceArea, Locality, Team, User, RoleGrant)


class Snapshot(TypedDict):
    counts: list[int]
    people: list[tuple[object, ...]]
    roles: list[tuple[object, ...]]
    teams: list[tuple[object, ...]]
    areas: list[tuple[object, ...]]


def snapshot() -> Snapshot:
    return {
        "counts": [model.objects.count() for model in MODELS],
        "people": sorted(User.objects.values_list(
            "staff_id", "username", "email", "first_name", "last_name", "job_title", "team_id",
            "is_active")),
        "roles": sorted(RoleGrant.objects.values_list("user_id", "role")),
        "teams": sorted(Team.objects.values_list("code", "name", "service_area_id",
                                                 "locality_id")),
        "areas": sorted(ServiceArea.objects.values_list("code", "name", "directorate_id")),
    }


class StaffFileMutationTests(TestCase):
    @settings(max_examples=75, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(edits=csv_mutations())
    def test_a_damaged_file_loads_completely_or_not_at_all(self, edits):
        good = csv_bytes(staff_rows(8))
        assert staff_import_csv(data=good, filename="staff.csv", by=None).status == "loaded"
        before = snapshot()
        records = ImportRecord.objects.count()

        data = csv_mutate(good, edits)
        record = staff_import_csv(data=data, filename="staff.csv", by=None)

        assert ImportRecord.objects.count() == records + 1
        event(f"{record.status}: {record.errors[0]['message'][:30] if record.errors else ''}")
        if record.status == ImportRecord.Status.REFUSED:
            assert record.error_count >= 1
            assert record.errors
            assert snapshot() == before
        else:
            assert record.error_count == 0
            assert User.objects.count() == before["counts"][4] + record.created
