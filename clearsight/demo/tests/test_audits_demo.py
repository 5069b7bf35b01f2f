"""Demoshire's audits: believable, idempotent and quick."""

import time
from datetime import date
from typing import Any, cast

import pytest

from clearsight.audits.models import (
    Audit,
    AuditAction,
    AuditGrading,
    AuditTemplate,
    Exemplar,
    FindingTheme,
    Grade,
    PracticeTheme,
    SampleDraw,
    Status,
    SupervisionDiscussion,
)
from clearsight.casework.models import Case
from clearsight.casework.tests.factories import OpenCaseFactory
from clearsight.demo.audits_demo import load_audits
from clearsight.organisation.models import Team, User
from clearsight.organisation.roles import Role
from clearsight.organisation.tests.factories import ServiceAreaFactory, TeamFactory, UserFactory

pytestmark = pytest.mark.django_db
AS_OF = date(2026, 11, 20)


def _authority() -> None:
    areas = [ServiceAreaFactory() for _ in range(3)]
    for n in range(12):
        team = cast(Team, TeamFactory(service_area=areas[n % 3]))
        UserFactory(team=team, roles=[Role.TEAM_MANAGER])
        for _ in range(25):
            OpenCaseFactory(team=team, opened_on=date(2024, 1, 10))
    qa_team = TeamFactory(service_area=areas[0])
    for _ in range(4):
        UserFactory(team=qa_team, roles=[Role.QA_OFFICER])
    for area in areas:
        UserFactory(team=TeamFactory(service_area=area), roles=[Role.HEAD_OF_SERVICE])
        UserFactory(team=TeamFactory(service_area=area), roles=[Role.SERVICE_MANAGER])
    UserFactory(roles=[Role.PRINCIPAL_SOCIAL_WORKER])
    UserFactory(roles=[Role.SERVICE_DIRECTOR])


def _snapshot() -> tuple[Any, ...]:
    return (Audit.objects.count(), AuditGrading.objects.count(), AuditAction.objects.count(),
            FindingTheme.objects.count(), Exemplar.objects.count(),
            sorted(Audit.objects.values_list("case_id", "status", "overall_grade")))


def test_twelve_months_of_believable_audits_made_once():
    _authority()
    started = time.perf_counter()
    line = load_audits(as_of=AS_OF, seed=7)
    seconds = time.perf_counter() - started
    assert "Case audits" in line
    print(f"load_audits took {seconds:.1f}s")  # noqa: T201
    assert seconds < 20
    assert SampleDraw.objects.filter(kind=SampleDraw.Kind.MONTHLY).count() == 12
    monthly = Audit.objects.filter(kind=Audit.Kind.MONTHLY)
    assert monthly.count() == 12 * 12 * 2
    finished = monthly.exclude(status__in=[Status.ALLOCATED, Status.IN_PROGRESS])
    moderated = finished.filter(gradings__role="moderator").distinct().count()
    assert 0.2 < moderated / finished.count() < 0.45
    grades = list(finished.exclude(overall_grade="").values_list("overall_grade", flat=True))
    assert set(grades) >= {Grade.GOOD, Grade.REQUIRES_IMPROVEMENT, Grade.INADEQUATE}
    assert 0.25 < grades.count(Grade.GOOD) / len(grades) < 0.5
    assert Audit.objects.filter(status=Status.ESCALATED).exists() or Audit.objects.filter(
        kind=Audit.Kind.REAUDIT).exists()
    assert Audit.objects.filter(kind=Audit.Kind.REAUDIT, reaudit_of__isnull=False).exists()
    assert AuditAction.objects.filter(completed_at__isnull=False).exists()
    assert AuditAction.objects.filter(completed_at__isnull=True).exists()
    # Most completed audits' findings were discussed in supervision, after completion.
    discussed = SupervisionDiscussion.objects.select_related("audit")
    completed = Audit.objects.filter(status=Status.COMPLETED, kind=Audit.Kind.MONTHLY).count()
    assert 0.4 < discussed.count() / completed < 0.9
    assert all(d.audit.completed_at is not None and d.discussed_on > d.audit.completed_at.date()
               and d.discussed_on < AS_OF for d in discussed)
    current = SampleDraw.objects.get(month=date(2026, 11, 1), kind=SampleDraw.Kind.MONTHLY)
    assert current.audits.filter(status=Status.ALLOCATED).exists()
    # Grades and views hang together: no submitted grading without every domain graded.
    for grading in AuditGrading.objects.filter(submitted_at__isnull=False)[:50]:
        assert grading.domains.exclude(grade="").count() == 6
    # Learning: themes on findings, exemplars (one waiting for review) and a multi-agency
    # thematic audit drawn with the multi-agency template.
    assert PracticeTheme.objects.count() == 8
    assert FindingTheme.objects.filter(kind="strength").exists()
    assert FindingTheme.objects.filter(kind="development").exists()
    assert Exemplar.objects.filter(status=Exemplar.Status.APPROVED).count() >= 3
    assert Exemplar.objects.filter(status=Exemplar.Status.NOMINATED).count() == 1
    for exemplar in Exemplar.objects.filter(status=Exemplar.Status.APPROVED):
        assert exemplar.audit.case.case_ref not in exemplar.summary
    thematic = Audit.objects.filter(kind=Audit.Kind.THEMATIC)
    assert thematic.exists()
    assert set(thematic.values_list("template__purpose", flat=True)) == {
        AuditTemplate.Purpose.MULTI_AGENCY}
    before = _snapshot()
    load_audits(as_of=AS_OF, seed=7)
    assert _snapshot() == before
    assert Case.objects.exists()
    assert User.objects.exists()
