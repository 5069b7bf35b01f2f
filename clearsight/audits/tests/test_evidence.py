"""Audit grades as evidence for improvement plans (clearsight/audits/evidence.py)."""

from datetime import date, datetime, time

import pytest
from django.utils import timezone

from clearsight.audits.evidence import AuditEvidence
from clearsight.audits.models import Audit, AuditGrading, DomainGrade, Grade, SampleDraw, Status
from clearsight.audits.tests.factories import audit_through_grading
from clearsight.core.evidence import evidence_for, reference_problem

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 30)  # the latest complete quarter is July to September 2026


def _completed(on: date, grade: str, **extra: object) -> Audit:
    audit, _ = audit_through_grading(lead_grade=grade, peer_grade=grade)
    Audit.objects.filter(pk=audit.pk).update(
        status=Status.COMPLETED, completed_at=timezone.make_aware(datetime.combine(on, time(12))),
        **extra)
    return Audit.objects.get(pk=audit.pk)


def test_share_good_or_better_by_domain_and_overall_against_the_quarter_before():
    for grade in (Grade.GOOD, Grade.GOOD, Grade.GOOD, Grade.GOOD, Grade.OUTSTANDING,
                  Grade.REQUIRES_IMPROVEMENT):
        _completed(date(2026, 8, 12), grade)
    # A count from 1 to 4 is never shown, nor a share built on one: 5 good of 7.
    for grade in (Grade.GOOD, Grade.GOOD, Grade.GOOD, Grade.GOOD, Grade.GOOD, Grade.INADEQUATE,
                  Grade.REQUIRES_IMPROVEMENT):
        _completed(date(2026, 5, 20), grade)
    # Graded but not completed: not counted.
    audit_through_grading(lead_grade=Grade.INADEQUATE, peer_grade=Grade.INADEQUATE)

    voice = evidence_for("audit", "voice-of-the-child", today=TODAY)
    assert voice is not None
    assert voice.title == "Voice of the child: audits graded good or better"
    assert (voice.figure, voice.period) == ("83%", "Jul-Sep 2026")
    assert voice.detail == "5 of 6 graded good or outstanding"
    assert voice.previous == "71% in Apr-Jun 2026"
    assert voice.change == "+12 points"
    assert [p.text for p in voice.trend] == ["No audits", "No audits", "71%", "83%"]
    assert voice.data_version == "latest audit completed 12 August 2026"
    overall = evidence_for("audit", "overall", today=TODAY)
    assert overall is not None
    assert (overall.figure, overall.change) == ("83%", "+12 points")


def test_a_moderated_audit_counts_the_moderators_grade():
    audits = [_completed(date(2026, 8, 12), Grade.GOOD) for _ in range(6)]
    # The moderator graded the first audit's assessment inadequate; the lead's good stands
    # for nothing once the audit is moderated.
    first = audits[0]
    lead = first.gradings.get(role=AuditGrading.Role.LEAD)
    moderator = AuditGrading.objects.create(audit=first, role=AuditGrading.Role.MODERATOR,
                                            auditor=lead.auditor, overall_grade=Grade.GOOD)
    for grade in lead.domains.all():
        DomainGrade.objects.create(grading=moderator, domain=grade.domain,
                                   grade=Grade.INADEQUATE if grade.domain.code == "assessment"
                                   else Grade.GOOD)
    Audit.objects.filter(pk=first.pk).update(moderated_at=timezone.now())
    assessment = evidence_for("audit", "assessment", today=TODAY)
    assert assessment is not None
    assert (assessment.figure, assessment.detail) == ("83%", "5 of 6 graded good or "
                                                             "outstanding")
    voice = evidence_for("audit", "voice-of-the-child", today=TODAY)
    assert voice is not None
    assert voice.figure == "100%"


def test_small_numbers_are_suppressed_and_themes_are_references():
    draw = SampleDraw.objects.create(kind=SampleDraw.Kind.THEMATIC, month=date(2026, 8, 1),
                                     theme="Neglect", seed="x")
    for _ in range(3):
        _completed(date(2026, 8, 12), Grade.GOOD, draw=draw)
    found = evidence_for("audit", "theme:Neglect", today=TODAY)
    assert found is not None
    assert found.title == "Thematic audits of Neglect: graded good or better"
    assert found.suppressed
    assert found.figure == "fewer than 5"
    assert "3" not in found.detail
    assert reference_problem("audit", "theme:Neglect") == ""
    assert reference_problem("audit", "theme:Nothing")
    assert reference_problem("audit", "voice-of-the-child") == ""
    assert reference_problem("audit", "voice")
    references = [choice.reference for choice in AuditEvidence().choices()]
    assert references[:2] == ["overall", "voice-of-the-child"]
    assert "theme:Neglect" in references
