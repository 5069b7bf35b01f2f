"""Closing the loop: reminders and late audits, the supervision discussion, and the findings
sent to everyone involved in the case."""

from datetime import date

import pytest
from django.core import mail
from django.urls import reverse

from clearsight.audits import selectors, services
from clearsight.audits.models import (
    Audit,
    AuditAction,
    AuditEvent,
    AuditNotice,
    Grade,
    Status,
    SupervisionDiscussion,
)
from clearsight.audits.services import AuditError
from clearsight.audits.tests.factories import (
    audit_make,
    audit_through_grading,
    grading_input,
    make_case,
    make_team,
    make_user,
    people,
)
from clearsight.audits.workflow import TransitionError
from clearsight.core.models import ScheduledRun
from clearsight.organisation.roles import Role

pytestmark = pytest.mark.django_db

# Wednesday 17 March 2027: no bank holiday near it. Three working days before is Friday 12th.
DEADLINE = date(2027, 3, 17)


def _sent() -> list[tuple[str, tuple[str, ...]]]:
    return sorted((str(message.subject), tuple(message.to)) for message in mail.outbox)


def _allocated(**extra):  # type: ignore[no-untyped-def]
    team = make_team()
    who = people(team)
    audit = audit_make(case=make_case(team=team), lead=who["manager"], peer=who["qa"],
                       deadline=DEADLINE, **extra)
    return audit, who


def test_lead_and_peer_are_reminded_three_working_days_before_the_deadline_once():
    audit, who = _allocated()
    assert services.reminders_send(today=date(2027, 3, 11)) == {}  # four working days out
    assert mail.outbox == []
    assert services.reminders_send(today=date(2027, 3, 12)) == {"due_soon": 2}
    assert _sent() == [("A case audit is due soon", (who["manager"].email,)),
                       ("A case audit is due soon", (who["qa"].email,))]
    assert "Wednesday 17 March 2027" in mail.outbox[0].body
    assert audit.case.case_ref in mail.outbox[0].body
    # The next days (the weekend, Monday, the deadline itself) send nothing more.
    for day in (13, 15, 16, 17):
        assert services.reminders_send(today=date(2027, 3, day)) == {}
    assert len(mail.outbox) == 2


def test_the_reminder_setting_moves_the_first_reminder(settings):
    settings.AUDIT_REMINDER_WORKING_DAYS = 1
    _allocated()
    assert services.reminders_send(today=date(2027, 3, 12)) == {}
    assert services.reminders_send(today=date(2027, 3, 16)) == {"due_soon": 2}


def test_an_auditor_who_has_submitted_is_not_reminded():
    audit, who = _allocated()
    services.grading_save(audit=audit, user=who["qa"], data=grading_input(audit), version=0,
                          submit=True)
    assert services.reminders_send(today=date(2027, 3, 12)) == {"due_soon": 1}
    assert _sent() == [("A case audit is due soon", (who["manager"].email,))]


def test_a_late_audit_tells_the_auditors_and_the_service_manager_once():
    audit, who = _allocated()
    area = audit.case.team.service_area
    manager = make_user(team=make_team(service_area=area), roles=[Role.SERVICE_MANAGER])
    make_user(team=make_team(), roles=[Role.SERVICE_MANAGER])  # another service area
    services.reminders_send(today=date(2027, 3, 12))
    mail.outbox.clear()
    assert services.reminders_send(today=date(2027, 3, 18)) == {"late": 2, "late_escalated": 1}
    assert _sent() == [("A case audit in your service is late", (manager.email,)),
                       ("A case audit is late", (who["manager"].email,)),
                       ("A case audit is late", (who["qa"].email,))]
    assert services.reminders_send(today=date(2027, 3, 19)) == {}
    assert services.reminders_send(today=date(2027, 3, 30)) == {}
    assert len(mail.outbox) == 3
    assert AuditNotice.objects.filter(audit=audit).count() == 5


def test_a_late_audit_awaiting_moderation_goes_to_the_service_manager_only():
    team = make_team()
    audit, _who = audit_through_grading(lead_grade=Grade.GOOD,
                                       peer_grade=Grade.REQUIRES_IMPROVEMENT, team=team)
    audit.deadline = DEADLINE
    audit.save(update_fields=["deadline"])
    assert audit.status == Status.MODERATION
    manager = make_user(team=make_team(service_area=team.service_area),
                        roles=[Role.SERVICE_MANAGER])
    mail.outbox.clear()
    assert services.reminders_send(today=date(2027, 3, 18)) == {"late_escalated": 1}
    assert [message.to for message in mail.outbox] == [[manager.email]]


def test_finished_audits_are_not_chased():
    _allocated(status=Status.COMPLETED)
    assert services.reminders_send(today=date(2027, 3, 18)) == {}


def test_action_owners_are_reminded_before_and_after_the_due_date_once():
    audit, _who = _allocated(status=Status.COMPLETED)
    owner = make_user()
    item = AuditAction.objects.create(audit=audit, description="Update the child's plan",
                                      owner=owner, due_on=DEADLINE)
    done = AuditAction.objects.create(audit=audit, description="Already done", owner=owner,
                                      due_on=DEADLINE)
    services.action_complete(action=done, user=owner, evidence="Plan on file", version=1)
    assert services.reminders_send(today=date(2027, 3, 12)) == {"action_due_soon": 1}
    assert services.reminders_send(today=date(2027, 3, 17)) == {}
    assert services.reminders_send(today=date(2027, 3, 18)) == {"action_overdue": 1}
    assert services.reminders_send(today=date(2027, 3, 25)) == {}
    assert _sent() == [("An audit action is due soon", (owner.email,)),
                       ("An audit action is overdue", (owner.email,))]
    assert "Update the child's plan" in mail.outbox[1].body
    assert set(AuditNotice.objects.values_list("action", flat=True)) == {item.pk}


def test_the_daily_job_runs_once_a_day():
    _allocated()
    assert services.reminders_daily(today=date(2027, 3, 12)) == "due_soon 2"
    assert services.reminders_daily(today=date(2027, 3, 12)) is None
    assert services.reminders_daily(today=date(2027, 3, 13)) == "none due"
    assert ScheduledRun.objects.filter(job="audit-reminders").count() == 2


# ------------------------------------------------------------------ findings to everyone


def test_completion_tells_everyone_involved_in_the_case():
    team = make_team()
    worker = make_user(team=team, roles=[Role.PRACTITIONER])
    audit, who = audit_through_grading(lead_grade=Grade.GOOD,
                                       peer_grade=Grade.REQUIRES_IMPROVEMENT, team=team)
    audit.case.allocated_worker = worker
    audit.case.save(update_fields=["allocated_worker"])
    second_manager = make_user(team=team, roles=[Role.TEAM_MANAGER])
    make_user(team=make_team(), roles=[Role.TEAM_MANAGER])  # another team's: not told
    moderator = audit.moderator
    assert moderator is not None
    services.audit_moderate(
        audit=audit, user=moderator, data=grading_input(audit, Grade.GOOD),
        commentary="The peer was right that the plan lacks dates, but the work is good.",
        actions=[], version=audit.version)
    audit.refresh_from_db()
    mail.outbox.clear()
    services.audit_complete(audit=audit, user=moderator, actions=[],
                            version=audit.version)
    [findings] = [m for m in mail.outbox if m.subject == "Case audit findings"]
    assert sorted(findings.to) == sorted([worker.email, who["manager"].email,
                                          second_manager.email, who["qa"].email,
                                          who["moderator"].email])


# ------------------------------------------------------------------ supervision


def _completed_with_worker():  # type: ignore[no-untyped-def]
    team = make_team()
    worker = make_user(team=team, roles=[Role.PRACTITIONER])
    who = people(team)
    audit = audit_make(status=Status.COMPLETED, case=make_case(team=team,
                                                               allocated_worker=worker),
                       lead=who["manager"], peer=who["qa"])
    return audit, who, worker


def test_the_team_manager_records_the_supervision_discussion_on_the_timeline():
    audit, who, _worker = _completed_with_worker()
    discussion = services.supervision_record(audit=audit, user=who["manager"],
                                             discussed_on=date(2026, 11, 24),
                                             note="We went through the plan's missing dates.")
    assert discussion.recorded_by == who["manager"]
    event = AuditEvent.objects.get(audit=audit, action="supervision")
    assert event.by == who["manager"]
    assert event.note == "Findings discussed in the worker's supervision on 24/11/2026"
    assert event.from_status == event.to_status == Status.COMPLETED


def test_only_the_case_teams_manager_records_it_and_only_when_finished():
    audit, who, worker = _completed_with_worker()
    for person in (who["qa"], worker, make_user(team=make_team(), roles=[Role.TEAM_MANAGER])):
        with pytest.raises(TransitionError):
            services.supervision_record(audit=audit, user=person,
                                        discussed_on=date(2026, 11, 24), note="Talked")
    open_audit = audit_make(case=audit.case, lead=who["manager"])
    with pytest.raises(TransitionError):
        services.supervision_record(audit=open_audit, user=who["manager"],
                                    discussed_on=date(2026, 11, 24), note="Talked")
    with pytest.raises(AuditError) as refused:
        services.supervision_record(audit=audit, user=who["manager"],
                                    discussed_on=date(2099, 1, 1), note=" ")
    assert set(refused.value.errors) == {"note", "discussed_on"}
    assert not SupervisionDiscussion.objects.exists()


def test_the_worker_sees_the_discussion_on_their_completed_audit(page_client, sign_in):
    audit, who, worker = _completed_with_worker()
    sign_in(page_client, who["manager"])
    url = reverse("audits:supervision", args=[audit.pk])
    response = page_client.post(url, {"discussed_on": "", "note": ""})
    assert response.status_code == 200
    assert "Enter the date of the supervision" in response.content.decode()
    response = page_client.post(url, {"discussed_on": "24/11/2026",
                                      "note": "Agreed to add the school's view."})
    assert response["Location"] == reverse("audits:detail", args=[audit.pk])
    page_client.logout()
    sign_in(page_client, worker)
    page = page_client.get(reverse("audits:detail", args=[audit.pk])).content.decode()
    assert "Discussed in the worker's supervision on 24 November 2026" in page
    assert "Agreed to add the school&#x27;s view." in page
    assert "Record a supervision discussion" not in page
    assert page_client.get(url).status_code == 403  # practitioners record nothing here


def test_the_escalation_is_not_closed_as_actions_complete_while_one_is_open():
    audit, who = audit_through_grading(lead_grade=Grade.INADEQUATE,
                                       peer_grade=Grade.INADEQUATE)
    head = who["head"]
    services.audit_complete(audit=audit, user=who["manager"], version=audit.version,
                            actions=[services.ActionInput("See the child alone",
                                                          who["manager"], date(2027, 1, 8))])
    for step in ("oversee", "review"):
        audit.refresh_from_db()
        if step == "oversee":
            services.audit_oversee(audit=audit, user=head, comment="Seen", version=audit.version)
        else:
            services.audit_review(audit=audit, user=head, note="Better", version=audit.version)
    audit.refresh_from_db()
    second = services.reaudit_start(audit=audit, user=head, version=audit.version)
    services.grading_save(audit=second, user=head, data=grading_input(second), version=0,
                          submit=True)
    second.refresh_from_db()
    services.audit_complete(audit=second, user=head, actions=[], version=second.version)
    audit.refresh_from_db()
    with pytest.raises(AuditError) as refused:
        services.escalation_close(audit=audit, user=head, actions_complete=True,
                                  experience_improved=True, outcome="Good now",
                                  version=audit.version)
    assert refused.value.errors == {"actions_complete": "1 of this audit's actions is not "
                                    "recorded as done: record them with their evidence, or "
                                    "answer No"}
    services.escalation_close(audit=audit, user=head, actions_complete=False,
                              experience_improved=True, outcome="Good now",
                              version=audit.version)
    audit.refresh_from_db()
    assert (audit.status, audit.actions_complete) == (Status.COMPLETED, False)


def _first_and_reaudit():  # type: ignore[no-untyped-def]
    first, who = audit_through_grading(lead_grade=Grade.INADEQUATE,
                                       peer_grade=Grade.INADEQUATE)
    Audit.objects.filter(pk=first.pk).update(status=Status.ESCALATED)
    first.refresh_from_db()
    # The re-audit's lead and peer disagree, so it waits for moderation.
    reaudit, _ = audit_through_grading(lead_grade=Grade.GOOD,
                                       peer_grade=Grade.REQUIRES_IMPROVEMENT)
    Audit.objects.filter(pk=reaudit.pk).update(case=first.case, reaudit_of=first)
    reaudit.refresh_from_db()
    return first, reaudit, who


def test_the_re_audit_is_compared_only_once_its_grades_are_settled():
    first, reaudit, _who = _first_and_reaudit()
    assert reaudit.status == Status.MODERATION
    # The lead's Good is disputed: it is not shown as the re-audit's grade.
    assert selectors.reaudit_comparison(audit=first, reaudit=reaudit) is None
    Audit.objects.filter(pk=reaudit.pk).update(status=Status.AGREED, overall_grade=Grade.GOOD)
    reaudit.refresh_from_db()
    rows = selectors.reaudit_comparison(audit=first, reaudit=reaudit)
    assert rows is not None
    assert (rows[-1].title, rows[-1].first, rows[-1].change) == ("Overall", Grade.INADEQUATE, 2)


def test_the_comparison_shows_the_other_audit_only_to_those_who_may_open_it(page_client,
                                                                            sign_in):
    first, reaudit, _who = _first_and_reaudit()
    worker = make_user(team=first.case.team, roles=[Role.PRACTITIONER])
    first.case.allocated_worker = worker
    first.case.save()
    Audit.objects.filter(pk=reaudit.pk).update(status=Status.COMPLETED)
    url = reverse("audits:detail", args=[reaudit.pk])
    heading = "The audit and its re-audit side by side"
    sign_in(page_client, make_user(roles=[Role.QA_OFFICER]))
    assert heading in page_client.get(url).content.decode()
    page_client.logout()
    # The worker may open the completed re-audit but not the first audit, still escalated:
    # its grades stay out of sight.
    sign_in(page_client, worker)
    page = page_client.get(url)
    assert page.status_code == 200
    assert heading not in page.content.decode()
