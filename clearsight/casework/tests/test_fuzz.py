"""Random damage to a good case extract never raises and never half-loads."""

import csv
import io

from hypothesis import HealthCheck, event, given, settings
from hypothesis.extra.django import TestCase

from clearsight.casework.models import Case, Child
from clearsight.casework.services import cases_import_csv
from clearsight.casework.tests.csv_files import case_rows
from clearsight.core.models import ImportRecord
from clearsight.organisation.tests.csv_files import csv_bytes, csv_mutate, csv_mutations
from clearsight.organisation.tests.factories import TeamFactory, UserFactory


def snapshot() -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    return (
        sorted(Child.objects.values_list("child_id", "date_of_birth", "expected_date_of_birth",
                                         "sex", "ethnicity", "disability")),
        sorted(Case.objects.values_list("case_ref", "child_id", "case_type", "legal_status",
                                        "team_id", "allocated_worker_id", "opened_on",
                                        "closed_on")),
    )


class CaseFileMutationTests(TestCase):
    @settings(max_examples=75, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(edits=csv_mutations())
    def test_a_damaged_file_loads_completely_or_not_at_all(self, edits):
        TeamFactory(code="cic-north")
        TeamFactory(code="mash")
        UserFactory(staff_id="W1")
        good = csv_bytes(case_rows(12, team_codes=("cic-north", "mash"), workers=("W1", "")))
        assert cases_import_csv(data=good, filename="c.csv", by=None).status == "loaded"
        before = snapshot()
        records = ImportRecord.objects.count()

        data = csv_mutate(good, edits)
        record = cases_import_csv(data=data, filename="cases.csv", by=None)

        assert ImportRecord.objects.count() == records + 1
        event(f"{record.status}: {record.errors[0]['message'][:30] if record.errors else ''}")
        if record.status == ImportRecord.Status.REFUSED:
            assert record.error_count >= 1
            assert snapshot() == before
        else:
            rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
            refs = {(row.get(key) or "").strip() for row in rows
                    for key in row if key and key.strip().lower() == "case_ref"}
            refs.discard("")
            assert set(Case.objects.filter(case_ref__in=refs).values_list(
                "case_ref", flat=True)) == refs
            assert Case.objects.count() == len(before[1]) + record.created
