"""The read-only admin screens show administrators nothing about children."""

import pytest
from django.urls import reverse

from clearsight.core.models import ImportRecord

pytestmark = pytest.mark.django_db


def _record(kind: str, filename: str) -> ImportRecord:
    return ImportRecord.objects.create(
        kind=kind, status="refused", filename=filename, sha256="0" * 64, size_bytes=1,
        error_count=1, errors=[{"row": 2, "column": "date_of_birth", "value": "C9999999",
                                "message": "Child C9999999 has date_of_birth 01/05/2014"}])


def test_case_extract_imports_are_not_in_the_admin(admin_client):
    # Administrators cannot open case-extract imports (docs/domain/roles.md): a refused one
    # quotes child IDs and dates of birth.
    cases = _record(ImportRecord.Kind.CASES, "cases.csv")
    staff = _record(ImportRecord.Kind.STAFF, "staff.csv")
    listing = admin_client.get(reverse("admin:core_importrecord_changelist"))
    assert listing.status_code == 200
    assert b"staff.csv" in listing.content
    assert b"cases.csv" not in listing.content
    change = admin_client.get(reverse("admin:core_importrecord_change", args=[cases.pk]),
                              follow=True)
    assert b"C9999999" not in change.content
    assert admin_client.get(
        reverse("admin:core_importrecord_change", args=[staff.pk])).status_code == 200
