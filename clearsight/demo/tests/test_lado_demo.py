"""Demoshire's LADO register and private fostering: believable, and the same on every run."""

import time
from collections import Counter

import pytest

from clearsight.demo import lado_demo
from clearsight.demo.files import DemoFiles
from clearsight.demo.generator import Authority
from clearsight.fostering.models import Arrangement, AwarenessActivity, Visit
from clearsight.lado.models import Allegation, LadoSettings, Referral, ReferralEvent
from clearsight.lado.selectors import lado_actor
from clearsight.lado.workflow import Actor
from clearsight.organisation.services import staff_import_csv


def _snapshot() -> tuple:  # type: ignore[type-arg]
    return (
        list(Referral.objects.order_by("reference").values_list(
            "reference", "received_at", "sector", "employer", "decision", "status",
            "closed_on")),
        list(Allegation.objects.order_by("referral__reference").values_list(
            "category", "outcome", "resolved_on")),
        ReferralEvent.objects.count(),
        list(Arrangement.objects.order_by("reference").values_list(
            "reference", "notified_on", "status")),
        Visit.objects.count(), AwarenessActivity.objects.count())


@pytest.mark.django_db
def test_a_year_of_referrals_and_a_handful_of_arrangements(authority: Authority,
                                                           written: DemoFiles) -> None:
    staff_import_csv(data=written.staff.read_bytes(), filename="staff.csv", by=None)
    started = time.perf_counter()
    lado_demo.load(authority=authority)
    assert time.perf_counter() - started < 10
    first = _snapshot()
    lado_demo.load(authority=authority)
    assert _snapshot() == first  # idempotent: deleted and made again, the same

    referrals = list(Referral.objects.all())
    assert 140 <= len(referrals) <= 190  # about three a week
    sectors = Counter(r.sector for r in referrals)
    assert sectors.most_common(1)[0][0] == "school"
    assert len(sectors) >= 8
    assert Referral.objects.filter(status=Referral.Status.IN_PROGRESS).exists()
    outcomes = set(Allegation.objects.exclude(outcome="").values_list("outcome", flat=True))
    assert outcomes == {"substantiated", "unsubstantiated", "unfounded", "false", "malicious"}
    in_time = sum(1 for r in referrals if r.considered_on and
                  r.considered_on <= r.consideration_due)
    assert 0.8 < in_time / len(referrals) < 0.98

    manager = LadoSettings.objects.get().senior_manager
    assert manager is not None
    assert manager.email == "principal-social-worker@demoshire.example"
    assert lado_actor(manager) == Actor.SENIOR_MANAGER

    assert Arrangement.objects.count() == 7
    assert Arrangement.objects.filter(status=Arrangement.Status.ENDED).count() == 1
    assert Visit.objects.count() >= 15
    assert Arrangement.objects.filter(
        social_worker__email="practitioner@demoshire.example").exists()
