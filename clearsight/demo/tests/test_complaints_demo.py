"""Demoshire's complaints and compliments: believable volumes, consistent, made again alike."""

import time
from datetime import timedelta

import pytest

from clearsight.casework.services import cases_import_csv
from clearsight.complaints import selectors
from clearsight.complaints.models import Complaint, ComplaintEvent, Compliment, Status
from clearsight.complaints.reports import quarter_of, quarterly
from clearsight.core.calendar import working_calendar
from clearsight.demo import complaints_demo
from clearsight.demo.files import DemoFiles
from clearsight.demo.generator import Authority
from clearsight.organisation.services import staff_import_csv

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded(authority: Authority, written: DemoFiles) -> Authority:
    for path, importer in ((written.staff, staff_import_csv), (written.cases, cases_import_csv)):
        importer(data=path.read_bytes(), filename=path.name, by=None)
    return authority


def _snapshot() -> list[tuple]:
    return list(Complaint.objects.order_by("reference").values_list(
        "reference", "status", "received_on", "stage1_responded_on", "closed_on",
        "case__case_ref", "overall_outcome"))


def test_two_years_of_complaints_and_compliments(loaded: Authority) -> None:
    started = time.perf_counter()
    complaints_demo.load(loaded)
    assert time.perf_counter() - started < 20
    as_of = loaded.as_of
    year_ago = as_of - timedelta(days=365)
    assert Complaint.objects.filter(received_on__gt=year_ago).count() == 75
    assert Complaint.objects.filter(received_on__lte=year_ago).count() == 102
    compliments = Compliment.objects.count()
    assert 8 * 25 <= compliments <= 8 * 37
    assert Compliment.objects.filter(staff__isnull=False).distinct().count() > compliments * 0.9
    # Every step of the procedure shows up, and the older complaints are finished.
    statuses = set(Complaint.objects.values_list("status", flat=True))
    assert {Status.CLOSED, Status.STAGE1_RESPONDED} <= statuses
    assert Complaint.objects.filter(stage2_requested_on__isnull=False).exists()
    old_open = Complaint.objects.filter(received_on__lt=as_of - timedelta(days=120)).exclude(
        status__in=[Status.CLOSED, Status.OMBUDSMAN, Status.STAGE2, Status.STAGE2_RESPONDED,
                    Status.STAGE3, Status.STAGE3_RESPONDED])
    assert not old_open.exists()
    # Most stage 1 responses are on time; some are late.
    calendar = working_calendar()
    met = late = 0
    for complaint in Complaint.objects.filter(stage1_responded_on__isnull=False):
        clock = next(c for c in selectors.complaint_clocks(complaint, calendar, as_of)
                     if c.code == "stage1")
        met += clock.status.key == "done"
        late += clock.status.key == "done_late"
    assert met > 3 * late > 0
    assert ComplaintEvent.objects.filter(action="receive").count() == Complaint.objects.count()
    report = quarterly(quarter=quarter_of(as_of).previous(), calendar=calendar, today=as_of)
    assert report.received.count != 0


def test_running_again_makes_the_same_data(loaded: Authority) -> None:
    complaints_demo.load(loaded)
    first = _snapshot()
    compliments = Compliment.objects.count()
    complaints_demo.load(loaded)
    assert _snapshot() == first
    assert Compliment.objects.count() == compliments
