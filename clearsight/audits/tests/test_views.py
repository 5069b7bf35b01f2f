"""The audit pages, as each person sees them. Every page goes through `page_client`, so each
is also checked against the GOV.UK rules (one h1, title, error summary links, valid HTML)."""

from datetime import date

import pytest
from django.urls import reverse

from clearsight.audits import services
from clearsight.audits.models import Audit, AuditAction, Grade, SampleDraw, Status
from clearsight.audits.tests.factories import (
    audit_make,
    audit_through_grading,
    make_case,
    make_team,
    make_user,
    people,
)
from clearsight.core.models import AccessLogEntry
from clearsight.organisation.roles import Role

pytestmark = pytest.mark.django_db


def _form_data(audit: Audit, grade: str = Grade.GOOD, **extra: str) -> dict[str, str]:
    data = {"version": "0", "overall_grade": grade, "child_views": "Feels listened to",
            "parent_views_not_sought": "Father in hospital",
            "worker_reflection": "We agreed the plan needs dates"}
    for domain in audit.template.domains.all():
        data[f"d{domain.pk}_grade"] = grade
        data[f"d{domain.pk}_evidence"] = f"Seen on file: {domain.title}"
    data.update(extra)
    return data


def test_qa_draws_previews_and_allocates_the_month(page_client, sign_in):
    team = make_team()
    for _ in range(4):
        make_case(team=team)
    who = people(team)
    sign_in(page_client, who["qa"])
    response = page_client.get(reverse("audits:samples"))
    assert "Draw the sample for" in response.content.decode()
    response = page_client.post(reverse("audits:draw-monthly"))
    draw = SampleDraw.objects.get()
    assert response["Location"] == reverse("audits:draw", args=[draw.pk])
    page = page_client.get(response["Location"]).content.decode()
    assert draw.seed in page
    assert "Yes: drawing again" in page
    assert "Swap" in page
    page_client.post(reverse("audits:draw-allocate", args=[draw.pk]))
    assert set(draw.audits.values_list("status", flat=True)) == {Status.ALLOCATED}
    assert set(draw.audits.values_list("lead", flat=True)) == {who["manager"].pk}


def test_a_swap_needs_a_reason(page_client, sign_in):
    team = make_team()
    for _ in range(5):
        make_case(team=team)
    who = people(team)
    draw = services.draw_monthly(month=date(2026, 11, 1), seed="s")
    audit = draw.audits.earliest("pk")
    sign_in(page_client, who["qa"])
    url = reverse("audits:swap", args=[audit.pk])
    response = page_client.post(url, {"reason": "", "version": audit.version})
    assert response.status_code == 200
    assert "Enter why the case is swapped" in response.content.decode()
    response = page_client.post(url, {"reason": "Moved to another authority",
                                      "version": audit.version})
    assert response.status_code == 302
    audit.refresh_from_db()
    assert audit.events.filter(action="swap").exists()


def test_the_grading_form_shows_the_descriptors_and_the_period(page_client, sign_in):
    who = people()
    audit = audit_make(lead=who["manager"], peer=who["qa"])
    sign_in(page_client, who["manager"])
    page = page_client.get(reverse("audits:grade", args=[audit.pk])).content.decode()
    assert "Consider the last 6 months of practice: 1 May 2026 to 31 October 2026" in page
    assert "What each grade looks like" in page
    assert "The child&#x27;s experience is vivid on every page" in page
    assert page.count('type="radio"') == 7 * 4


def test_draft_then_submit_and_the_other_auditor_cannot_see_it(page_client, sign_in, client):
    who = people()
    audit = audit_make(lead=who["manager"], peer=who["qa"])
    sign_in(page_client, who["manager"])
    url = reverse("audits:grade", args=[audit.pk])
    response = page_client.post(url, {"version": "0", "overall_grade": Grade.GOOD,
                                      "draft": "1"})
    assert response["Location"] == url
    saved = page_client.get(url).page
    assert saved.select_one('input[name="overall_grade"][value="good"]').has_attr("checked")
    assert not saved.select_one('input[name="overall_grade"][value="inadequate"]').has_attr(
        "checked")
    response = page_client.post(url, {**_form_data(audit, child_views=""), "version": "1",
                                      "submit": "1"})
    assert response.status_code == 200
    assert "Enter the child&#x27;s views, or why they could not be sought" in (
        response.content.decode())
    response = page_client.post(url, {**_form_data(audit, Grade.OUTSTANDING), "version": "1",
                                      "submit": "1"})
    assert response.status_code == 302
    sign_in(client, who["qa"])
    page = client.get(reverse("audits:detail", args=[audit.pk])).content.decode()
    assert "Neither sees the other's grades" in page
    assert "Outstanding" not in page


def test_both_submitted_shows_the_grades_side_by_side(page_client, sign_in):
    audit, who = audit_through_grading(lead_grade=Grade.GOOD,
                                       peer_grade=Grade.REQUIRES_IMPROVEMENT)
    sign_in(page_client, who["qa"])
    response = page_client.get(reverse("audits:detail", args=[audit.pk]))
    table = response.page.select_one("table")
    headers = [th.get_text(" ", strip=True) for th in table.select("thead th")]
    assert headers[1].startswith("Lead auditor")
    assert headers[2].startswith("Peer auditor")
    assert table.get_text().count("Differ") == 6
    assert AccessLogEntry.objects.filter(object_type="audit", object_id=str(audit.pk)).count() == 1


def test_moderation_refuses_without_commentary_then_saves(page_client, sign_in):
    audit, who = audit_through_grading(lead_grade=Grade.GOOD,
                                       peer_grade=Grade.REQUIRES_IMPROVEMENT)
    moderator = audit.moderator
    assert moderator is not None
    sign_in(page_client, moderator)
    url = reverse("audits:moderate", args=[audit.pk])
    data = _form_data(audit, Grade.REQUIRES_IMPROVEMENT)
    data.update({"version": str(audit.version), "commentary": "Agreed"})
    for name in ("child_views", "parent_views_not_sought", "worker_reflection"):
        data.pop(name)
    response = page_client.post(url, data)
    assert response.status_code == 200
    assert "Enter a reflective commentary" in response.content.decode()
    data["commentary"] = ("The plan had no dates, which the peer rightly weighed; the lead "
                          "graded the intent. Plans need dates to be good.")
    data.update({"action_1": "Add dates to the plan", "action_1_owner": str(who["manager"].pk),
                 "action_1_due": "15/12/2026"})
    response = page_client.post(url, data)
    assert response.status_code == 302
    audit.refresh_from_db()
    assert audit.status == Status.MODERATED
    assert AuditAction.objects.get(audit=audit).due_on == date(2026, 12, 15)


def test_an_action_row_needs_an_owner_and_a_date(page_client, sign_in):
    audit, who = audit_through_grading()
    sign_in(page_client, who["manager"])
    response = page_client.post(reverse("audits:complete", args=[audit.pk]), {
        "version": audit.version, "action_1": "Do something"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Choose who owns action 1" in page
    assert "Enter when action 1 is due" in page


def test_inadequate_completion_and_the_escalation_steps(page_client, sign_in):
    audit, who = audit_through_grading(lead_grade=Grade.INADEQUATE,
                                       peer_grade=Grade.INADEQUATE)
    sign_in(page_client, who["manager"])
    page = page_client.get(reverse("audits:complete", args=[audit.pk])).content.decode()
    assert "Complete and alert the head of service" in page
    page_client.post(reverse("audits:complete", args=[audit.pk]), {"version": audit.version})
    audit.refresh_from_db()
    assert audit.status == Status.ESCALATED
    sign_in(page_client, who["head"])
    url = reverse("audits:escalation", args=[audit.pk])
    assert "Record your oversight" in page_client.get(url).content.decode()
    page_client.post(url, {"comment": "Allocated a senior practitioner",
                           "version": audit.version})
    audit.refresh_from_db()
    assert audit.oversight_at is not None
    response = page_client.post(url, {"step": "reaudit", "version": audit.version})
    second = Audit.objects.get(reaudit_of=audit)
    assert response["Location"] == reverse("audits:grade", args=[second.pk])


def test_the_late_list_and_my_audits(page_client, sign_in):
    who = people()
    late = audit_make(lead=who["manager"], peer=who["qa"], deadline=date(2020, 1, 31))
    sign_in(page_client, who["manager"])
    page = page_client.get(reverse("audits:my-audits")).content.decode()
    assert f"Grade the audit of {late.case.case_ref}" in page
    assert "1 late audit" in page
    page = page_client.get(reverse("audits:late")).content.decode()
    assert late.case.case_ref in page


def test_practitioners_see_completed_audits_of_their_own_cases_only(page_client, sign_in):
    worker = make_user(roles=[Role.PRACTITIONER])
    done = audit_make(status=Status.COMPLETED, case=make_case(team=worker.team,
                                                              allocated_worker=worker))
    ongoing = audit_make(status=Status.IN_PROGRESS,
                         case=make_case(team=worker.team, allocated_worker=worker))
    sign_in(page_client, worker)
    page = page_client.get(reverse("audits:my-audits")).content.decode()
    assert done.case.case_ref in page
    assert ongoing.case.case_ref not in page
    assert page_client.get(reverse("audits:detail", args=[ongoing.pk])).status_code == 404


def test_a_stale_form_says_someone_else_changed_it(page_client, sign_in):
    audit, who = audit_through_grading()
    sign_in(page_client, who["manager"])
    response = page_client.post(reverse("audits:complete", args=[audit.pk]),
                                {"version": audit.version - 1})
    assert response.status_code == 200
    assert "Someone else changed this audit" in response.content.decode()


def test_a_thematic_draw_from_the_page(page_client, sign_in):
    qa = make_user(roles=[Role.QA_OFFICER])
    make_case(case_type="private_fostering")
    make_case(case_type="cin")
    sign_in(page_client, qa)
    response = page_client.post(reverse("audits:draw-thematic"), {
        "name": "Private fostering", "number": "3", "case_type": "private_fostering"})
    assert response.status_code == 302
    draw = SampleDraw.objects.get(kind=SampleDraw.Kind.THEMATIC)
    assert [a.case.case_type for a in draw.audits.all()] == ["private_fostering"]
